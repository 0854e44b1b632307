package fuzz

import (
	"encoding/binary"
	"fmt"
)

// builtChunks is a chunk stream written from typed choices, and the
// messages a correct reader hands out for it, worked out while writing.
type builtChunks struct {
	stream []byte
	want   []refMessage
	// open is set when the stream ends with messages still in progress.
	open bool
	// interleaved counts chunks written while another chunk stream had a
	// message in progress.
	interleaved int
}

// chunkBuilder writes chunks as a sender would: per chunk stream, the last
// header's fields, for choosing which header forms are allowed and what
// they mean.
type chunkBuilder struct {
	in        []byte
	out       []byte
	chunkSize uint32
	streams   map[uint32]*builderStream
	want      []refMessage
	// interleaved is builtChunks.interleaved.
	interleaved int
}

type builderStream struct {
	timestamp, delta, length, streamID uint32
	typ                                byte
	extended                           bool
	extendedValue                      uint32
	active                             bool
	payload                            []byte
	sent                               int
}

// builderCSIDs span the three basic-header forms and their edges.
var builderCSIDs = [...]uint32{2, 3, 4, 63, 64, 65, 319, 320, 1000, 65599}

// builderTypes are message types the chunk layer passes through; Set Chunk
// Size and Abort are written by their own choices.
var builderTypes = [...]byte{3, 4, 5, 6, 8, 9, 0x0f, 0x11, 0x12, 0x14, 0x16}

// builderChunkSizes are the sizes a Set Chunk Size choice sets.
var builderChunkSizes = [...]uint32{1, 2, 3, 7, 64, 128, 129, 1000, 4096, 65536}

func (b *chunkBuilder) byte() byte {
	if len(b.in) == 0 {
		return 0
	}
	c := b.in[0]
	b.in = b.in[1:]
	return c
}

func (b *chunkBuilder) u32() uint32 {
	return uint32(b.byte())<<24 | uint32(b.byte())<<16 | uint32(b.byte())<<8 | uint32(b.byte())
}

// timestampField picks a timestamp or delta: mostly small, sometimes at
// or past the 24-bit field's marker so an extended timestamp is needed.
func (b *chunkBuilder) timestampField() uint32 {
	switch b.byte() % 4 {
	case 0:
		return 0xffffff + uint32(b.byte())
	case 1:
		return b.u32()
	}
	return uint32(b.byte())
}

// BuildChunks writes a chunk stream from data read as choices: messages on
// chunk streams of every basic-header form, each header the choice asks
// for where the stream's state allows it (else the next fuller one),
// extended timestamps, chunks of messages in progress interleaved, Set
// Chunk Size and Abort messages, and a stream that may end inside
// messages.
func BuildChunks(data []byte) builtChunks {
	b := &chunkBuilder{in: data, chunkSize: 128, streams: map[uint32]*builderStream{}}
	for ops := 0; len(b.in) > 0 && ops < 64; ops++ {
		csid := builderCSIDs[int(b.byte())%len(builderCSIDs)]
		s := b.streams[csid]
		switch op := b.byte() % 8; {
		case s != nil && s.active && op < 5:
			b.continueMessage(csid, s)
		case s != nil && s.active:
			// Another message cannot start on a stream in progress.
		case op == 5:
			size := builderChunkSizes[int(b.byte())%len(builderChunkSizes)]
			b.startMessage(csid, 1, binary.BigEndian.AppendUint32(nil, size))
		case op == 6:
			target := builderCSIDs[int(b.byte())%len(builderCSIDs)]
			b.startMessage(csid, 2, binary.BigEndian.AppendUint32(nil, target))
		default:
			n := int(b.byte() % 64)
			if b.byte()%4 == 0 {
				n += int(b.byte()) * 4
			}
			payload := make([]byte, n)
			copy(payload, b.in)
			b.startMessage(csid, builderTypes[int(b.byte())%len(builderTypes)], payload)
		}
	}
	open := false
	if b.byte()%2 == 0 {
		// Finish every message in progress, in chunk stream order.
		for _, csid := range builderCSIDs {
			for s := b.streams[csid]; s != nil && s.active; {
				b.continueMessage(csid, s)
			}
		}
	}
	for _, s := range b.streams {
		open = open || s.active
	}
	return builtChunks{b.out, b.want, open, b.interleaved}
}

// basicHeader writes a basic header, in the 3-byte form for a csid of
// 64..319 when the choice asks for it.
func (b *chunkBuilder) basicHeader(format byte, csid uint32) {
	switch {
	case csid < 64:
		b.out = append(b.out, format<<6|byte(csid))
	case csid < 320 && b.byte()%4 != 0:
		b.out = append(b.out, format<<6, byte(csid-64))
	default:
		b.out = append(b.out, format<<6|1, byte(csid-64), byte((csid-64)>>8))
	}
}

func (b *chunkBuilder) startMessage(csid uint32, typ byte, payload []byte) {
	s := b.streams[csid]
	format := b.byte() % 4
	streamID := uint32(b.byte() % 3)
	switch {
	case s == nil:
		s = &builderStream{}
		b.streams[csid] = s
		format = 0
	case format == 3 && (s.length != uint32(len(payload)) || s.typ != typ):
		format = 2
	}
	if format == 2 && (s.length != uint32(len(payload)) || s.typ != typ) {
		format = 1
	}
	if format != 0 {
		streamID = s.streamID
	}
	field := uint32(0)
	if format < 3 {
		field = b.timestampField()
	}
	switch format {
	case 0:
		s.timestamp, s.delta = field, field
	case 1, 2:
		s.timestamp, s.delta = s.timestamp+field, field
	case 3:
		s.timestamp += s.delta
	}
	if format < 3 {
		s.extended, s.extendedValue = field >= 0xffffff, field
	}
	s.length, s.typ, s.streamID = uint32(len(payload)), typ, streamID
	s.payload, s.sent, s.active = payload, 0, true

	b.basicHeader(format, csid)
	marker := min(field, 0xffffff)
	switch format {
	case 0:
		b.out = append(b.out, byte(marker>>16), byte(marker>>8), byte(marker), byte(s.length>>16), byte(s.length>>8), byte(s.length), typ)
		b.out = binary.LittleEndian.AppendUint32(b.out, streamID)
	case 1:
		b.out = append(b.out, byte(marker>>16), byte(marker>>8), byte(marker), byte(s.length>>16), byte(s.length>>8), byte(s.length), typ)
	case 2:
		b.out = append(b.out, byte(marker>>16), byte(marker>>8), byte(marker))
	}
	b.chunkBody(csid, s)
}

// continueMessage writes the next fmt 3 chunk of a message in progress.
func (b *chunkBuilder) continueMessage(csid uint32, s *builderStream) {
	b.basicHeader(3, csid)
	b.chunkBody(csid, s)
}

// chunkBody writes the extended timestamp in force and the next piece of
// the payload, and hands out the message once it is whole.
func (b *chunkBuilder) chunkBody(csid uint32, s *builderStream) {
	for id, o := range b.streams {
		if o.active && id != csid {
			b.interleaved++
			break
		}
	}
	if s.extended {
		b.out = binary.BigEndian.AppendUint32(b.out, s.extendedValue)
	}
	n := min(uint32(len(s.payload)-s.sent), b.chunkSize)
	b.out = append(b.out, s.payload[s.sent:s.sent+int(n)]...)
	s.sent += int(n)
	if s.sent < len(s.payload) {
		return
	}
	s.active = false
	m := refMessage{csid: csid, timestamp: s.timestamp, length: s.length, streamID: s.streamID, typ: s.typ,
		payload: s.payload, discarded: -1}
	switch s.typ {
	case 1:
		b.chunkSize = binary.BigEndian.Uint32(s.payload)
	case 2:
		target := binary.BigEndian.Uint32(s.payload)
		if t := b.streams[target]; t != nil && t.active {
			t.active = false
			m.discarded, m.discardedBytes = int64(target), t.sent
		}
	}
	b.want = append(b.want, m)
}

// ChunkBuilt is the structure-aware property of the chunk layer: a stream
// BuildChunks wrote from data decodes, with the Reader, to exactly the
// messages the writer meant (headers, payloads, Abort effects), and ends
// with an error exactly when messages were left in progress; the reference
// reassembler reads the same; and the stream keeps the byte-exact and
// split-invariance properties.
func ChunkBuilt(data []byte) error {
	built := BuildChunks(data)
	ref, refOK := refReassemble(built.stream, 128)
	if refOK == built.open || len(ref) != len(built.want) {
		return fmt.Errorf("reference: %d messages (clean %v); the writer meant %d (open %v)", len(ref), refOK, len(built.want), built.open)
	}
	for i := range ref {
		if fmt.Sprint(ref[i]) != fmt.Sprint(built.want[i]) {
			return fmt.Errorf("message %d: reference %+v, writer %+v", i, ref[i], built.want[i])
		}
	}
	in := append([]byte{0}, built.stream...)
	for _, check := range []func([]byte) error{ChunkAgreesWithReference, ChunkRoundTrip, ChunkSplits} {
		if err := check(in); err != nil {
			return fmt.Errorf("built stream %x: %v", built.stream, err)
		}
	}
	return nil
}
