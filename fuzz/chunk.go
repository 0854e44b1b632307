package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing/iotest"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// ChunkOptions turns the first byte of a chunk fuzz input into decoder
// options, so one input names both a configuration and a stream: bits 0-1
// the starting chunk size (128, 1, 4, 16), bit 2 lenient extended
// timestamps, bit 3 a supplied context for lone fmt 1/2/3 chunks (bit 6:
// with an extended timestamp in force; bits 4-7 its length). Without a
// context, bits 4-5 pick the partial-message budget (1 MiB, 64, 300 or
// 4096 bytes), so that budget exhaustion, the release of idle buffers and
// the Reader's buffer growth are reached. Limits are small so the fuzzer
// reaches them.
func ChunkOptions(cfg byte) *chunk.Options {
	o := &chunk.Options{
		ChunkSize:       [4]uint32{128, 1, 4, 16}[cfg&3],
		MaxChunkStreams: 64,
		MaxPartialBytes: 1 << 20,
	}
	if cfg&8 == 0 {
		o.MaxPartialBytes = [4]int{1 << 20, 64, 300, 4096}[cfg>>4&3]
	}
	o.LenientExtendedTimestamp = cfg&4 != 0
	if cfg&8 != 0 {
		ext := cfg&0x40 != 0
		o.Context = func(csid uint32) (chunk.Context, bool) {
			return chunk.Context{Timestamp: csid * 7, Delta: 3, Length: uint32(cfg >> 4), Type: rtmp.TypeCommandAMF0,
				StreamID: 1, Extended: ext, ExtendedValue: 3}, csid%5 != 0
		}
	}
	return o
}

// checkChunkErr: every decode error is a *wire.Error of the chunk layer
// inside the input, of a known kind.
func checkChunkErr(err error, inputLen int) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		return fmt.Errorf("error %v (%T) is not a *wire.Error", err, err)
	}
	if we.Layer != "chunk" || we.Offset < 0 || we.Offset > int64(inputLen) {
		return fmt.Errorf("error %v: layer %q, offset outside the %d-byte input", err, we.Layer, inputLen)
	}
	for _, k := range []error{io.ErrUnexpectedEOF, wire.ErrMalformed, wire.ErrConstraint, wire.ErrLimit, wire.ErrTrailingBytes} {
		if errors.Is(err, k) {
			return nil
		}
	}
	return fmt.Errorf("error %v of no known kind", err)
}

// ChunkRoundTrip is the byte-exact property of the chunk layer, on
// data[0] as options (ChunkOptions) and data[1:] as a chunk stream:
//
//   - each chunk decoded writes back (AppendChunk) to exactly its bytes,
//     so the whole decoded prefix is reproduced, interleaving included;
//   - each completed message, and each message an Abort discarded, writes
//     back from its record (Encoder.AppendMessage) to exactly the chunks it
//     arrived in;
//   - the messages, chunked afresh by an Encoder and decoded again, give
//     the same messages.
func ChunkRoundTrip(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	opts := ChunkOptions(data[0])
	in := data[1:]
	d := chunk.NewDecoder(opts)
	var out []byte
	var written bytes.Buffer
	cw := chunk.NewWriter(&written)
	perCSID := map[uint32][]byte{}
	var msgs []*chunk.Message
	off := 0
	for {
		c, n, err := d.DecodeChunk(in[off:], true)
		if err != nil {
			if err != io.EOF {
				if e := checkChunkErr(err, len(in)); e != nil {
					return e
				}
			}
			break
		}
		if n <= 0 || n > len(in)-off {
			return fmt.Errorf("chunk at %d: used %d of %d bytes", off, n, len(in)-off)
		}
		raw := in[off : off+n]
		before := len(out)
		if out, err = chunk.AppendChunk(out, c); err != nil {
			return fmt.Errorf("chunk at %d: AppendChunk: %v", off, err)
		}
		if !bytes.Equal(out[before:], raw) {
			return fmt.Errorf("chunk at %d re-encodes as %x, was %x", off, out[before:], raw)
		}
		if err := cw.WriteChunk(c); err != nil {
			return fmt.Errorf("chunk at %d: Writer.WriteChunk: %v", off, err)
		}
		if err := checkEnums(c); err != nil {
			return fmt.Errorf("chunk at %d: %v", off, err)
		}
		if err := chunkTables(c, raw); err != nil {
			return fmt.Errorf("chunk at %d: %v", off, err)
		}
		perCSID[c.CSID] = append(perCSID[c.CSID], raw...)
		if m := c.Message; m != nil && m.Type == rtmp.TypeSetChunkSize {
			if size := binary.BigEndian.Uint32(m.Payload); d.ChunkSize() != size {
				return fmt.Errorf("after Set Chunk Size %d the decoder's chunk size is %d", size, d.ChunkSize())
			}
		}
		if m := c.Message; m != nil {
			if err := recordMatches(m, perCSID[m.CSID]); err != nil {
				return fmt.Errorf("message ending at %d: %v", off+n, err)
			}
			perCSID[m.CSID] = perCSID[m.CSID][:0]
			if x := m.Discarded; x != nil {
				if err := recordMatches(x, perCSID[x.CSID]); err != nil {
					return fmt.Errorf("aborted message on csid %d: %v", x.CSID, err)
				}
				perCSID[x.CSID] = perCSID[x.CSID][:0]
			}
			msgs = append(msgs, m.Clone())
		}
		off += n
	}
	if !bytes.Equal(written.Bytes(), out) {
		return fmt.Errorf("Writer.WriteChunk wrote %x, AppendChunk %x", written.Bytes(), out)
	}
	return rechunk(msgs, opts)
}

func recordMatches(m *chunk.Message, raw []byte) error {
	b, err := chunk.NewEncoder().AppendMessage(nil, m)
	if err != nil {
		return fmt.Errorf("AppendMessage: %v", err)
	}
	if !bytes.Equal(b, raw) {
		return fmt.Errorf("record re-encodes as %x, chunks were %x", b, raw)
	}
	return nil
}

// rechunk writes msgs with no record, as a sender would, and reads them
// back: same chunk streams, timestamps, types, stream IDs and payloads.
func rechunk(msgs []*chunk.Message, opts *chunk.Options) error {
	e := chunk.NewEncoder()
	e.Reset(opts.ChunkSize)
	var written bytes.Buffer
	w := chunk.NewWriter(&written)
	w.Encoder().Reset(opts.ChunkSize)
	var b []byte
	for _, m := range msgs {
		fresh := *m
		fresh.Chunks = nil
		var err error
		if b, err = e.AppendMessage(b, &fresh); err != nil {
			return fmt.Errorf("fresh encode: %v", err)
		}
		if err := w.WriteMessage(&fresh); err != nil {
			return fmt.Errorf("fresh encode through a Writer: %v", err)
		}
	}
	if !bytes.Equal(written.Bytes(), b) || e.ChunkSize() != w.Encoder().ChunkSize() {
		return fmt.Errorf("a Writer wrote %x, the Encoder %x", written.Bytes(), b)
	}
	d := chunk.NewDecoder(opts)
	off := 0
	for i := 0; ; i++ {
		m, n, err := d.Decode(b[off:], true)
		off += n
		if err == io.EOF {
			if i != len(msgs) {
				return fmt.Errorf("fresh stream: %d messages back, %d written", i, len(msgs))
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("fresh stream: message %d: %v", i, err)
		}
		if i >= len(msgs) {
			return fmt.Errorf("fresh stream: more messages than written")
		}
		w := msgs[i]
		if m.CSID != w.CSID || m.Timestamp != w.Timestamp || m.Type != w.Type || m.StreamID != w.StreamID || !bytes.Equal(m.Payload, w.Payload) {
			return fmt.Errorf("fresh stream: message %d is csid %d ts %d type %v sid %d, wrote csid %d ts %d type %v sid %d",
				i, m.CSID, m.Timestamp, m.Type, m.StreamID, w.CSID, w.Timestamp, w.Type, w.StreamID)
		}
	}
}

// failingOutcome checks a Reader on a connection failing after k bytes
// (k drawn from seed): the messages of those k bytes, then the failure.
func failingOutcome(rd *chunk.Reader, in []byte, seed uint64, opts *chunk.Options) error {
	k := int(seed % uint64(len(in)+1))
	cut := readerOutcome(rd, bytes.NewReader(in[:k]), opts)
	failed := readerOutcome(rd, io.MultiReader(bytes.NewReader(in[:k]), iotest.ErrReader(errConnFailed)), opts)
	if cut.err == "" || strings.Contains(cut.err, io.ErrUnexpectedEOF.Error()) {
		cut.err, cut.cut = errConnFailed.Error(), nil
		failed.cut = nil
	}
	if err := cut.diff(&failed); err != nil {
		return fmt.Errorf("reader failing after %d bytes: %v", k, err)
	}
	return nil
}

// chunkTables checks a decoded chunk, raw as it came, against
// spec/chunk.json's tables: its basic header form carries its csid and is
// the one the first byte's low six bits select; the form's length, the
// message header size its fmt selects, an extended timestamp and the
// payload add up to the chunk; and the early documents' 12/8/4/1 header
// sizes are the message header sizes plus a 1-byte basic header.
func chunkTables(c *chunk.Chunk, raw []byte) error {
	n := len(raw)
	if sel := c.Form.Selector(); sel >= 0 && int(raw[0]&0x3f) != sel || sel < 0 && uint32(raw[0]&0x3f) != c.CSID {
		return fmt.Errorf("first byte %02x for a %v (selector %d)", raw[0], c.Form, sel)
	}
	if c.Format.HeaderSizeWithShortBasic() != 1+c.Format.MessageHeaderSize() {
		return fmt.Errorf("fmt %d: %d-byte header with a short basic header, message header %d", c.Format, c.Format.HeaderSizeWithShortBasic(), c.Format.MessageHeaderSize())
	}
	if c.CSID < uint32(c.Form.MinCSID()) || c.CSID > uint32(c.Form.MaxCSID()) {
		return fmt.Errorf("csid %d in a %v basic header (%d..%d)", c.CSID, c.Form, c.Form.MinCSID(), c.Form.MaxCSID())
	}
	ext := 0
	if c.Extended {
		ext = 4
	}
	if want := int(c.Form) + c.Format.MessageHeaderSize() + ext + len(c.Fragment); want != n {
		return fmt.Errorf("%d bytes; the tables say %d-byte basic header + %d + %d + %d payload", n, int(c.Form), c.Format.MessageHeaderSize(), ext, len(c.Fragment))
	}
	return nil
}

// errConnFailed is the error a failing connection returns.
var errConnFailed = errors.New("connection failed")

// timeoutReader hands out b in pieces of up to 32 bytes and, on about a
// third of its reads, a passed read deadline with them (or alone).
type timeoutReader struct {
	b   []byte
	rng *rand.Rand
}

func (r *timeoutReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := min(r.rng.IntN(33), len(p), len(r.b))
	copy(p, r.b[:n])
	r.b = r.b[n:]
	if r.rng.IntN(3) == 0 {
		return n, os.ErrDeadlineExceeded
	}
	return n, nil
}

// chunkOutcome is what a decode of a whole stream produced.
type chunkOutcome struct {
	msgs []*chunk.Message
	cut  *chunk.Message
	err  string
}

func sameMessage(a, b *chunk.Message) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.CSID != b.CSID || a.Timestamp != b.Timestamp || a.Delta != b.Delta || a.Length != b.Length ||
		a.Type != b.Type || a.StreamID != b.StreamID || a.Offset != b.Offset || !bytes.Equal(a.Payload, b.Payload) ||
		len(a.Chunks) != len(b.Chunks) {
		return false
	}
	for i := range a.Chunks {
		if a.Chunks[i] != b.Chunks[i] {
			return false
		}
	}
	return sameMessage(a.Discarded, b.Discarded)
}

func (o *chunkOutcome) diff(p *chunkOutcome) error {
	if o.err != p.err {
		return fmt.Errorf("error %q vs %q", o.err, p.err)
	}
	if len(o.msgs) != len(p.msgs) {
		return fmt.Errorf("%d messages vs %d", len(o.msgs), len(p.msgs))
	}
	for i := range o.msgs {
		if !sameMessage(o.msgs[i], p.msgs[i]) {
			return fmt.Errorf("message %d differs: %+v vs %+v", i, o.msgs[i], p.msgs[i])
		}
	}
	if !sameMessage(o.cut, p.cut) {
		return fmt.Errorf("cut-short message differs: %+v vs %+v", o.cut, p.cut)
	}
	return nil
}

func (o *chunkOutcome) end(m *chunk.Message, err error) {
	if m != nil {
		o.cut = m.Clone()
	}
	o.err = err.Error()
}

func readerOutcome(rd *chunk.Reader, r io.Reader, opts *chunk.Options) (o chunkOutcome) {
	rd.Reset(r, opts)
	for {
		m, err := rd.ReadMessage()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// A read deadline passing is not the stream's end: call again.
			continue
		}
		if err == io.EOF {
			return o
		}
		if err != nil {
			o.end(m, err)
			return o
		}
		o.msgs = append(o.msgs, m.Clone())
	}
}

// ChunkSplits is the resumability property, on data[0] as options and
// data[1:] as a chunk stream: the []byte layer on the whole input, the
// Reader whole, byte by byte and in pseudo-random splits (sizes drawn from
// a generator seeded by the input, so a failure replays), and the []byte
// layer fed in pieces all give the same messages, cut-short message and
// error.
func ChunkSplits(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	opts := ChunkOptions(data[0])
	in := data[1:]
	var whole chunkOutcome
	d := chunk.NewDecoder(opts)
	off := 0
	for {
		m, n, err := d.Decode(in[off:], true)
		off += n
		if err == io.EOF {
			break
		}
		if err != nil {
			whole.end(m, err)
			if e := checkChunkErr(err, len(in)); e != nil {
				return e
			}
			break
		}
		if m == nil {
			return fmt.Errorf("decode at the end of the input gave neither message nor error")
		}
		whole.msgs = append(whole.msgs, m.Clone())
	}
	h := fnv.New64a()
	h.Write(data)
	seed := h.Sum64()
	// One Reader, Reset for each way of feeding it: a reused Reader must
	// keep nothing of the stream before.
	rd := chunk.NewReader(nil, opts)
	for _, r := range []struct {
		name string
		r    io.Reader
	}{
		{"whole", bytes.NewReader(in)},
		{"byte by byte", &testkit.SplitReader{B: in, Rng: rand.New(rand.NewPCG(seed, 1)), Max: 1}},
		{"splits", &testkit.SplitReader{B: in, Rng: rand.New(rand.NewPCG(seed, 2)), Max: 1 + int(seed%61)}},
	} {
		got := readerOutcome(rd, r.r, opts)
		if n := len(rd.Buffered()); n > len(in) {
			return fmt.Errorf("reader, %s: %d bytes buffered from a %d-byte input", r.name, n, len(in))
		}
		if err := whole.diff(&got); err != nil {
			return fmt.Errorf("reader, %s: %v", r.name, err)
		}
	}
	// Read deadlines passing at random reads: the Reader carries on where
	// it stopped, so the outcome is the same.
	got := readerOutcome(rd, &timeoutReader{b: in, rng: rand.New(rand.NewPCG(seed, 4))}, opts)
	if err := whole.diff(&got); err != nil {
		return fmt.Errorf("reader with read deadlines passing: %v", err)
	}
	// A connection failing after k bytes: the messages of those k bytes,
	// then the failure, unless the stream broke a rule before it. Not with
	// lenient extended timestamps: whether a continuation omitted one can
	// depend on the stream ending there, which a failure does not say.
	if !opts.LenientExtendedTimestamp {
		if err := failingOutcome(rd, in, seed, opts); err != nil {
			return err
		}
	}

	// The []byte layer fed in pieces, atEOF false until the input ends.
	var fed chunkOutcome
	rng := rand.New(rand.NewPCG(seed, 3))
	d = chunk.NewDecoder(opts)
	var pending []byte
	rest := in
	for {
		m, n, err := d.Decode(pending, len(rest) == 0)
		pending = pending[n:]
		if err == io.EOF {
			break
		}
		if err != nil {
			fed.end(m, err)
			break
		}
		if m != nil {
			fed.msgs = append(fed.msgs, m.Clone())
			continue
		}
		if len(rest) == 0 {
			return fmt.Errorf("fed: need more with nothing left")
		}
		k := min(1+rng.IntN(32), len(rest))
		// Appending in place is safe: the messages taken so far are
		// clones, and the decoder keeps no reference to bytes it consumed.
		pending = append(pending, rest[:k]...)
		rest = rest[k:]
	}
	if err := whole.diff(&fed); err != nil {
		return fmt.Errorf("[]byte layer fed in pieces: %v", err)
	}
	return nil
}
