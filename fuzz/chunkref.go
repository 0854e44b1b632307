package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// refMessage is a message as the reference reassembler hands it out.
type refMessage struct {
	csid, timestamp, length, streamID uint32
	typ                               byte
	payload                           []byte
	// discarded is the chunk stream whose partial message an Abort
	// dropped, and how many bytes of it had come; -1 when none.
	discarded      int64
	discardedBytes int
}

// refStream is the reference's state of one chunk stream.
type refStream struct {
	timestamp, delta, length, streamID uint32
	typ                                byte
	extended                           bool
	active                             bool
	payload                            []byte
}

// refReassemble is the chunk layer written as plainly as it can be, for a
// differential oracle: one chunk at a time, from the byte values, with no
// buffering strategy, no fast path, no limits and none of the codec's
// types, from RTMP 1.0 §5.3 and §5.4.1-2 (a fmt 3 chunk carries an
// extended timestamp when its stream's last fmt 0/1/2 header did; a fmt 3
// chunk starting a message re-applies the last delta, and a fmt 0 header's
// delta is its timestamp; a Set Chunk Size or Abort acts once its message
// is whole). It reads a stream that starts at chunk size 128 with no
// context, as strict decoding does, from the chunk size given. ok is false when the stream breaks a
// rule (a header the stream's state does not allow, a control message of
// the wrong size, a chunk size of 0 or with bit 31 set) or ends inside a
// chunk or a message; msgs are the messages whole before that.
func refReassemble(b []byte, chunkSize uint32) (msgs []refMessage, ok bool) {
	streams := map[uint32]*refStream{}
	take := func(n int) ([]byte, bool) {
		if len(b) < n {
			return nil, false
		}
		v := b[:n]
		b = b[n:]
		return v, true
	}
	be := func(v []byte) uint32 {
		var n uint32
		for _, c := range v {
			n = n<<8 | uint32(c)
		}
		return n
	}
	for len(b) > 0 {
		first, _ := take(1)
		format, csid := first[0]>>6, uint32(first[0]&0x3f)
		switch csid {
		case 0:
			v, ok := take(1)
			if !ok {
				return msgs, false
			}
			csid = 64 + uint32(v[0])
		case 1:
			v, ok := take(2)
			if !ok {
				return msgs, false
			}
			csid = 64 + uint32(v[0]) + uint32(v[1])*256
		}
		s := streams[csid]
		if s == nil {
			if format != 0 {
				return msgs, false
			}
			s = &refStream{}
			streams[csid] = s
		}
		if s.active && format != 3 {
			return msgs, false
		}
		hdr, ok := take([]int{11, 7, 3, 0}[format])
		if !ok {
			return msgs, false
		}
		var field uint32
		if format < 3 {
			field = be(hdr[:3])
		}
		if format < 2 {
			s.length, s.typ = be(hdr[3:6]), hdr[6]
		}
		if format == 0 {
			s.streamID = uint32(hdr[7]) | uint32(hdr[8])<<8 | uint32(hdr[9])<<16 | uint32(hdr[10])<<24
		}
		if format < 3 {
			s.extended = field == 0xffffff
		}
		if s.extended {
			ext, ok := take(4)
			if !ok {
				return msgs, false
			}
			if format < 3 {
				field = be(ext)
			}
		}
		switch {
		case format == 0:
			s.timestamp, s.delta = field, field
		case format < 3:
			s.timestamp, s.delta = s.timestamp+field, field
		case !s.active:
			s.timestamp += s.delta
		}
		if !s.active {
			s.payload = nil
		}
		n := min(s.length-uint32(len(s.payload)), chunkSize)
		data, ok := take(int(n))
		if !ok {
			return msgs, false
		}
		s.payload = append(s.payload, data...)
		s.active = uint32(len(s.payload)) < s.length
		if s.active {
			continue
		}
		m := refMessage{csid: csid, timestamp: s.timestamp, length: s.length, streamID: s.streamID, typ: s.typ,
			payload: s.payload, discarded: -1}
		switch m.typ {
		case 1: // Set Chunk Size
			if len(m.payload) != 4 || m.payload[0]&0x80 != 0 || be(m.payload) == 0 {
				return msgs, false
			}
			chunkSize = be(m.payload)
		case 2: // Abort
			if len(m.payload) != 4 {
				return msgs, false
			}
			if t := streams[be(m.payload)]; t != nil && t.active {
				t.active = false
				m.discarded, m.discardedBytes = int64(be(m.payload)), len(t.payload)
			}
		}
		msgs = append(msgs, m)
	}
	for _, s := range streams {
		if s.active {
			return msgs, false
		}
	}
	return msgs, true
}

// sameAsRef reports how a codec message differs from the reference's.
func sameAsRef(m *chunk.Message, r refMessage) error {
	var discarded int64 = -1
	dBytes := 0
	if m.Discarded != nil {
		discarded, dBytes = int64(m.Discarded.CSID), len(m.Discarded.Payload)
	}
	if m.CSID != r.csid || m.Timestamp != r.timestamp || m.Length != r.length || byte(m.Type) != r.typ ||
		m.StreamID != r.streamID || !bytes.Equal(m.Payload, r.payload) || discarded != r.discarded || dBytes != r.discardedBytes {
		return fmt.Errorf("codec: csid %d ts %d len %d type %d stream %d discarded %d/%d bytes, %x; reference: csid %d ts %d len %d type %d stream %d discarded %d/%d bytes, %x",
			m.CSID, m.Timestamp, m.Length, m.Type, m.StreamID, discarded, dBytes, m.Payload,
			r.csid, r.timestamp, r.length, r.typ, r.streamID, r.discarded, r.discardedBytes, r.payload)
	}
	return nil
}

// ChunkAgreesWithReference is the differential property of the chunk
// layer, on data[0] as the chunk targets' configuration byte (of which only
// the starting chunk size and the budget count: the stream is read
// strictly, with no context) and data[1:] as a chunk stream:
// the Reader and refReassemble hand out the same messages, with the same
// headers, payloads and Abort effects, as far as both go; where the
// reference reads the whole stream cleanly the Reader does too (or stops
// at one of its own limits, which the reference does not have), and where
// the Reader reads it cleanly so does the reference. A bug the decoder and
// the encoder share cannot hide behind byte-exactness here.
func ChunkAgreesWithReference(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	opts := ChunkOptions(data[0] & 0x33)
	stream := data[1:]
	ref, refOK := refReassemble(stream, opts.ChunkSize)
	rd := chunk.NewReader(bytes.NewReader(stream), opts)
	i := 0
	for {
		m, err := rd.ReadMessage()
		if err == io.EOF {
			if !refOK {
				return fmt.Errorf("the Reader read the %d-byte stream cleanly (%d messages); the reference stopped after %d", len(stream), i, len(ref))
			}
			if i != len(ref) {
				return fmt.Errorf("the Reader read %d messages, the reference %d", i, len(ref))
			}
			return nil
		}
		if err != nil {
			if refOK && i < len(ref) && !errors.Is(err, wire.ErrLimit) {
				return fmt.Errorf("the Reader stopped at message %d (%v); the reference read all %d", i, err, len(ref))
			}
			return nil
		}
		if i >= len(ref) {
			// The reference read every message before the byte where it
			// stopped, so this one comes from bytes it refused.
			return fmt.Errorf("the Reader handed out message %d (csid %d, %d bytes); the reference read %d (clean: %v)", i, m.CSID, len(m.Payload), len(ref), refOK)
		}
		if err := sameAsRef(m, ref[i]); err != nil {
			return fmt.Errorf("message %d: %v", i, err)
		}
		i++
	}
}
