package peers

import (
	"io"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/bluenviron/gortmplib/pkg/bytecounter"
	"github.com/bluenviron/gortmplib/pkg/rawmessage"
	"github.com/q191201771/lal/pkg/base"
	lalrtmp "github.com/q191201771/lal/pkg/rtmp"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// BenchmarkChunkWrite writes VideoMessages video messages of
// VideoMessageSize bytes per op as chunks to io.Discard, at chunk sizes 128
// and 4096, one writer reused across ops. The copy floor moves the same
// payload bytes, chunk by chunk, into one reused buffer of the message's
// wire size, headers left out: what any writer must do at least; the
// copy-stream floor appends them to one stream-sized output instead, as
// when the wire bytes go to memory. Bytes per
// op are the payload bytes, the same for every row. go-rtmp's writer runs
// behind a scheduler goroutine and livego's behind a net.Conn, and are not
// measured here yet.
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
