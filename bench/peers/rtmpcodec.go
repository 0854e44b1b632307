package peers

import (
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
)

// rtmpcodec, from this working tree (see the replace directive in
// go.mod): a reused amf0.Decoder, whose values alias the payload and its
// arena, and amf0.AppendPayload into a reused buffer; a chunk.Reader over
// the same kind of io.Reader the peers get.
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "rtmpcodec",
		NewDecode: func() func([]byte) error {
			d := new(amf0.Decoder)
			return func(b []byte) error {
				_, err := d.Decode(b)
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			vals, err := new(amf0.Decoder).Decode(payload)
			if err != nil {
				return nil, err
			}
			return func(dst []byte) ([]byte, error) {
				return amf0.AppendPayload(dst, vals...)
			}, nil
		},
	})
	chunkImpls = append(chunkImpls, Chunk{Name: "rtmpcodec", New: newRtmpcodecChunk})
}

type rtmpcodecChunk struct {
	r *chunk.Reader
}

func newRtmpcodecChunk(s *VideoStream) ChunkReader {
	return &rtmpcodecChunk{r: chunk.NewReader(&cycle{b: s.Bytes}, &chunk.Options{ChunkSize: uint32(s.ChunkSize)})}
}

func (c *rtmpcodecChunk) Read(onMsg func(Msg)) (int, error) {
	for n := range VideoMessages {
		m, err := c.r.ReadMessage()
		if err != nil {
			return n, err
		}
		if onMsg != nil {
			onMsg(Msg{
				TypeID:      uint8(m.Type),
				Timestamp:   m.Timestamp,
				StreamID:    m.StreamID,
				Payload:     m.Payload,
				HeaderKnown: true,
			})
		}
	}
	return VideoMessages, nil
}

func (c *rtmpcodecChunk) Close() {}
