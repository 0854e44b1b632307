package peers

import (
	"bytes"
	"errors"
	"io"

	"github.com/gwuhaolin/livego/protocol/amf"
)

// livego (protocol/amf) decodes a payload with DecodeBatch from an
// io.Reader into interface{} values (objects and ECMA arrays become
// amf.Object maps) and encodes with EncodeBatch. Its Decoder appends
// every object to a reference table it never clears, so each payload
// gets a fresh Decoder (livego keeps one per connection, and its table
// grows for the life of the connection).
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "livego",
		NewDecode: func() func([]byte) error {
			r := new(bytes.Reader)
			return func(b []byte) error {
				r.Reset(b)
				_, err := livegoDecode(r)
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			vals, err := livegoDecode(bytes.NewReader(payload))
			if err != nil {
				return nil, err
			}
			w := new(appendWriter)
			var enc amf.Encoder
			return func(dst []byte) ([]byte, error) {
				w.b = dst
				_, err := enc.EncodeBatch(w, amf.AMF0, vals...)
				return w.b, err
			}, nil
		},
	})
}

func livegoDecode(r io.Reader) ([]any, error) {
	d := &amf.Decoder{}
	vals, err := d.DecodeBatch(r, amf.AMF0)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return vals, err
}
