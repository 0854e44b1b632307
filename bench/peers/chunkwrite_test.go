package peers

import (
	"bytes"
	"context"
	"io"
	"net"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/bluenviron/gortmplib/pkg/bytecounter"
	"github.com/bluenviron/gortmplib/pkg/rawmessage"
	livegocore "github.com/gwuhaolin/livego/protocol/rtmp/core"
	"github.com/q191201771/lal/pkg/base"
	lalrtmp "github.com/q191201771/lal/pkg/rtmp"
	gortmp "github.com/yutopp/go-rtmp"
	gortmpmsg "github.com/yutopp/go-rtmp/message"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// BenchmarkChunkWrite writes VideoMessages video messages of
// VideoMessageSize bytes per op as chunks to io.Discard, at chunk sizes 128
// and 4096, one writer reused across ops. The copy floor moves the same
// payload bytes, chunk by chunk, into one reused buffer of the message's
// wire size, headers left out: what any writer must do at least. The
// copy-stream floor appends them to one stream-sized output instead, as
// when the wire bytes go to memory; the frame floor adds the headers and
// one Write per message, what every writer that hands a socket whole
// messages does. Bytes per op are the payload bytes, the same for every
// row.
//
// go-rtmp's ChunkStreamer.Write encodes the message and hands it to a
// scheduler goroutine that writes the chunks; a Write waits until the
// previous message on its chunk stream is written, so each op pays for
// its messages but the last, which the next op's first Write waits for
// (one message over the whole run goes unmeasured). Waiting for it
// explicitly is not possible: the only wait is NewChunkWriter, which
// re-arms the stream and makes the next Write wait forever. livego writes
// through its core.Conn over a net.Conn, flushing after each message as
// its own stream writer does, with the 4 KiB buffer its server uses.
func BenchmarkChunkWrite(b *testing.B) {
	payload := make([]byte, VideoMessageSize)
	for i := range payload {
		payload[i] = byte(i)
	}
	type writer func(ts uint32) error
	impls := []struct {
		name string
		new  func(cs uint32) writer
	}{
		{"rtmpcodec", func(cs uint32) writer {
			w := chunk.NewWriter(io.Discard)
			w.Encoder().Reset(cs)
			m := chunk.Message{CSID: 6, Type: rtmp.TypeVideo, StreamID: 1, Payload: payload}
			return func(ts uint32) error { m.Timestamp = ts; return w.WriteMessage(&m) }
		}},
		{"copy", func(cs uint32) writer {
			out := make([]byte, VideoMessageSize)
			return func(uint32) error {
				for pos := 0; pos < len(payload); pos += int(cs) {
					copy(out[pos:], payload[pos:min(pos+int(cs), len(payload))])
				}
				return nil
			}
		}},
		{"copy-stream", func(cs uint32) writer {
			// The floor when the wire bytes go to memory rather than stay
			// in cache: every message's payload appended to one output
			// the size of the whole op's stream, reused each op.
			out := make([]byte, VideoMessages*VideoMessageSize)
			pos := 0
			return func(uint32) error {
				if pos == len(out) {
					pos = 0
				}
				for k := 0; k < len(payload); k += int(cs) {
					pos += copy(out[pos:], payload[k:min(k+int(cs), len(payload))])
				}
				return nil
			}
		}},
		{"frame", func(cs uint32) writer {
			// The floor for a writer that makes one Write per message: the
			// wire bytes built with no encoder state and no checks, a
			// fixed fmt 0 header, a one-byte fmt 3 header before each
			// further chunk, into one reused buffer.
			out := make([]byte, 0, 12+VideoMessageSize+VideoMessageSize/int(cs)+1)
			hdr := [12]byte{6, 0, 0, 0, VideoMessageSize >> 16, VideoMessageSize >> 8 & 0xff, VideoMessageSize & 0xff, 9, 1}
			return func(ts uint32) error {
				hdr[1], hdr[2], hdr[3] = byte(ts>>16), byte(ts>>8), byte(ts)
				out = append(out[:0], hdr[:]...)
				for k := 0; k < len(payload); k += int(cs) {
					if k > 0 {
						out = append(out, 0xc6)
					}
					out = append(out, payload[k:min(k+int(cs), len(payload))]...)
				}
				_, err := io.Discard.Write(out)
				return err
			}
		}},
		{"lal", func(cs uint32) writer {
			// lal's divider keeps its chunk size in an unexported field
			// (package default 4096): set through its only field's place.
			var d lalrtmp.ChunkDivider
			*(*int)(unsafe.Pointer(&d)) = int(cs)
			h := base.RtmpHeader{Csid: 6, MsgLen: VideoMessageSize, MsgTypeId: 9, MsgStreamId: 1}
			return func(ts uint32) error {
				h.TimestampAbs = ts
				_, err := io.Discard.Write(d.Message2Chunks(payload, &h))
				return err
			}
		}},
		{"gortmp", func(cs uint32) writer {
			st := gortmp.NewChunkStreamer(nil, io.Discard, gortmpConfig(cs))
			var body bytes.Reader
			m := gortmp.ChunkMessage{StreamID: 1, Message: &gortmpmsg.VideoMessage{Payload: &body}}
			ctx := context.Background()
			return func(ts uint32) error { body.Reset(payload); return st.Write(ctx, 6, ts, &m) }
		}},
		{"livego", func(cs uint32) writer {
			c := livegocore.NewConn(discardConn{}, 4*1024)
			set := c.NewSetChunkSize(cs)
			if err := c.Write(&set); err != nil {
				panic(err)
			}
			m := livegocore.ChunkStream{TypeID: 9, StreamID: 1, Length: VideoMessageSize, Data: payload}
			return func(ts uint32) error {
				m.Timestamp = ts
				if err := c.Write(&m); err != nil {
					return err
				}
				return c.Flush()
			}
		}},
		{"gortmplib", func(cs uint32) writer {
			w := rawmessage.NewWriter(io.Discard, bytecounter.NewWriter(io.Discard), false)
			w.SetChunkSize(cs)
			m := rawmessage.Message{ChunkStreamID: 6, Type: 9, MessageStreamID: 1, Body: payload}
			return func(ts uint32) error { m.Timestamp = time.Duration(ts) * time.Millisecond; return w.Write(&m) }
		}},
	}
	for _, cs := range []uint32{128, 4096} {
		for _, im := range impls {
			b.Run("in=chunk"+strconv.Itoa(int(cs))+"/impl="+im.name, func(b *testing.B) {
				write := im.new(cs)
				b.ReportAllocs()
				b.SetBytes(VideoMessages * VideoMessageSize)
				ts := uint32(0)
				for b.Loop() {
					for range VideoMessages {
						ts += 33
						if err := write(ts); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// discardConn is the net.Conn livego's writer needs, writing to
// io.Discard; livego's write path calls nothing else on it.
type discardConn struct{ net.Conn }

func (discardConn) Write(p []byte) (int, error) { return len(p), nil }
