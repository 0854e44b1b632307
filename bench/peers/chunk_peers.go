package peers

import (
	"bytes"
	"errors"
	"io"
	"math"
	"reflect"
	"unsafe"

	"github.com/bluenviron/gortmplib/pkg/bytecounter"
	"github.com/bluenviron/gortmplib/pkg/rawmessage"
	"github.com/q191201771/lal/pkg/base"
	lalrtmp "github.com/q191201771/lal/pkg/rtmp"
	gortmp "github.com/yutopp/go-rtmp"
)

func init() {
	chunkImpls = append(chunkImpls,
		Chunk{Name: "copy", New: newCopyChunk},
		Chunk{Name: "gortmplib", New: newGortmplibChunk},
		Chunk{Name: "lal", New: newLalChunk},
		Chunk{Name: "gortmp", New: newGortmpChunk},
	)
}

// copyChunk is the floor: it copies each chunk's payload bytes into one
// reused message buffer, knowing where they are without reading a header.
type copyChunk struct {
	s   *VideoStream
	buf []byte
}

func newCopyChunk(s *VideoStream) ChunkReader {
	return &copyChunk{s: s, buf: make([]byte, VideoMessageSize)}
}

func (c *copyChunk) Read(onMsg func(Msg)) (int, error) {
	n, pos := 0, 0
	for _, sg := range c.s.Segments {
		pos += copy(c.buf[pos:], c.s.Bytes[sg.Off:sg.Off+sg.Len])
		if pos == VideoMessageSize {
			n++
			pos = 0
			if onMsg != nil {
				onMsg(Msg{Payload: c.buf})
			}
		}
	}
	return n, nil
}

func (c *copyChunk) Close() {}

// cycle is an endless io.Reader over one stream, like a live connection:
// a reader that reads VideoMessages messages per pass stays in steady
// state, with nothing to reset between passes. It hands out at most 64 KiB
// per Read, as a socket would.
type cycle struct {
	b   []byte
	pos int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := copy(p[:min(len(p), 64<<10)], c.b[c.pos:])
	c.pos += n
	if c.pos == len(c.b) {
		c.pos = 0
	}
	return n, nil
}

// gortmplib's rawmessage.Reader reads through a bufio.Reader over the
// connection and returns a new *Message per message; a message cut into
// several chunks is joined into a newly allocated body.
type gortmplibChunk struct {
	r *rawmessage.Reader
}

func newGortmplibChunk(s *VideoStream) ChunkReader {
	bcr := bytecounter.NewReader(&cycle{b: s.Bytes})
	r := rawmessage.NewReader(bcr, bcr, nil)
	if err := r.SetChunkSize(uint32(s.ChunkSize)); err != nil {
		panic(err) // 128 and 4096 are both far below its maximum
	}
	return &gortmplibChunk{r: r}
}

func (c *gortmplibChunk) Read(onMsg func(Msg)) (int, error) {
	for n := range VideoMessages {
		m, err := c.r.Read()
		if err != nil {
			return n, err
		}
		if onMsg != nil {
			onMsg(Msg{
				TypeID:      m.Type,
				Timestamp:   uint32(m.Timestamp.Milliseconds()),
				StreamID:    m.MessageStreamID,
				Payload:     m.Body,
				HeaderKnown: true,
			})
		}
	}
	return VideoMessages, nil
}

func (c *gortmplibChunk) Close() {}

// lal's ChunkComposer, with buffer reuse on (SetReuseBufferFlag), runs a
// loop over the connection and calls back once per message until the
// reader fails; here it ends at io.EOF of a bytes.Reader reset to the
// stream on every pass. (Stopping it from the callback instead would
// skip its buffer reset and break the next message.) The callback
// gets a *rtmp.Stream whose header and payload are unexported, which is
// fine for the timed loop (it only counts); the check reads them by
// reflection.
type lalChunk struct {
	s   *VideoStream
	src *bytes.Reader
	c   *lalrtmp.ChunkComposer
	n   int
	cb  lalrtmp.OnCompleteMessage
}

func newLalChunk(s *VideoStream) ChunkReader {
	c := &lalChunk{s: s, src: bytes.NewReader(nil), c: lalrtmp.NewChunkComposer()}
	c.c.SetReuseBufferFlag(true)
	c.c.SetPeerChunkSize(uint32(s.ChunkSize))
	c.cb = func(*lalrtmp.Stream) error { c.n++; return nil }
	return c
}

func (c *lalChunk) Read(onMsg func(Msg)) (int, error) {
	c.src.Reset(c.s.Bytes)
	c.n = 0
	cb := c.cb
	if onMsg != nil {
		cb = func(st *lalrtmp.Stream) error {
			c.n++
			h, p := lalInspect(st)
			onMsg(Msg{
				TypeID:      h.MsgTypeId,
				Timestamp:   h.TimestampAbs,
				StreamID:    uint32(h.MsgStreamId),
				Payload:     p,
				HeaderKnown: true,
			})
			return nil
		}
	}
	err := c.c.RunLoop(c.src, cb)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return c.n, err
}

func (c *lalChunk) Close() {}

// lalInspect reads the header and payload lal keeps unexported in a
// Stream (fields header and msg.buff; buff has an exported Bytes method).
// Only the correctness check uses it.
func lalInspect(st *lalrtmp.Stream) (base.RtmpHeader, []byte) {
	v := reflect.ValueOf(st).Elem()
	hf := v.FieldByName("header")
	h := reflect.NewAt(hf.Type(), unsafe.Pointer(hf.UnsafeAddr())).Elem().Interface().(base.RtmpHeader)
	bf := v.FieldByName("msg").FieldByName("buff")
	buff := reflect.NewAt(bf.Type(), unsafe.Pointer(bf.UnsafeAddr())).Elem()
	p := buff.MethodByName("Bytes").Call(nil)[0].Bytes()
	return h, p
}

// yutopp/go-rtmp's ChunkStreamer reads chunks with NewChunkReader, which
// returns the chunk stream's reader once a message is complete. A
// ChunkStreamer starts a writer goroutine and counts bytes read towards
// an acknowledgement it would send after 1 GiB through a control writer
// that only a full connection sets up; the harness therefore replaces the
// streamer every gortmpRenew passes (~0.5 GB), which the per-op numbers
// amortise.
const gortmpRenew = 128

type gortmpChunk struct {
	src   *cycle
	cfg   *gortmp.StreamControlStateConfig
	cs    *gortmp.ChunkStreamer
	uses  int
	drain []byte
}

func newGortmpChunk(s *VideoStream) ChunkReader {
	src := &cycle{b: s.Bytes}
	cfg := gortmpConfig(uint32(s.ChunkSize))
	return &gortmpChunk{src: src, cfg: cfg, cs: gortmp.NewChunkStreamer(src, io.Discard, cfg)}
}

// gortmpConfig is a go-rtmp stream configuration with the given chunk
// size. go-rtmp fills the defaults in with normalize(), which is
// unexported: these are its defaults.
func gortmpConfig(chunkSize uint32) *gortmp.StreamControlStateConfig {
	return &gortmp.StreamControlStateConfig{
		DefaultChunkSize:           chunkSize,
		MaxChunkSize:               gortmp.MaxChunkSize,
		MaxChunkStreams:            math.MaxUint32,
		DefaultAckWindowSize:       math.MaxInt32,
		MaxAckWindowSize:           math.MaxInt32,
		DefaultBandwidthWindowSize: math.MaxInt32,
		MaxBandwidthWindowSize:     math.MaxInt32,
		MaxMessageSize:             gortmp.MaxChunkSize,
		MaxMessageStreams:          math.MaxUint32,
	}
}

func (c *gortmpChunk) Read(onMsg func(Msg)) (int, error) {
	if c.uses == gortmpRenew {
		c.cs.Close()
		c.cs = gortmp.NewChunkStreamer(c.src, io.Discard, c.cfg)
		c.uses = 0
	}
	c.uses++
	for n := range VideoMessages {
		r, err := c.cs.NewChunkReader()
		if err != nil {
			return n, err
		}
		if onMsg != nil {
			c.drain = c.drain[:0]
			c.drain, err = readAllInto(c.drain, r)
			if err != nil {
				return n, err
			}
			m := Msg{Payload: c.drain, HeaderKnown: true}
			v := reflect.ValueOf(r).Elem()
			m.TypeID = uint8(v.FieldByName("messageTypeID").Uint())
			m.Timestamp = uint32(v.FieldByName("timestamp").Uint())
			m.StreamID = uint32(v.FieldByName("messageStreamID").Uint())
			onMsg(m)
		}
	}
	return VideoMessages, nil
}

func (c *gortmpChunk) Close() { c.cs.Close() }

func readAllInto(b []byte, r io.Reader) ([]byte, error) {
	w := appendWriter{b: b}
	_, err := io.Copy(&w, r)
	return w.b, err
}
