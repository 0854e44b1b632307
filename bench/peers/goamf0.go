package peers

import (
	"bytes"
	"errors"
	"io"

	amf0 "github.com/yutopp/go-amf0"
)

// yutopp/go-amf0 decodes from an io.Reader by reflection into
// interface{} values (objects and ECMA arrays become maps) and encodes to
// an io.Writer. It has no decoder for undefined (0x06), so seed 000's
// connect command, whose pageUrl is undefined, does not decode.
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "goamf0",
		NewDecode: func() func([]byte) error {
			r := new(bytes.Reader)
			dec := amf0.NewDecoder(r)
			var vals []any
			return func(b []byte) error {
				r.Reset(b)
				var err error
				vals, err = goamf0Decode(dec, vals[:0])
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			vals, err := goamf0Decode(amf0.NewDecoder(bytes.NewReader(payload)), nil)
			if err != nil {
				return nil, err
			}
			w := new(appendWriter)
			enc := amf0.NewEncoder(w)
			return func(dst []byte) ([]byte, error) {
				w.b = dst
				for _, v := range vals {
					if err := enc.Encode(v); err != nil {
						return w.b, err
					}
				}
				return w.b, nil
			}, nil
		},
	})
}

func goamf0Decode(dec *amf0.Decoder, vals []any) ([]any, error) {
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return vals, nil
		}
		if err != nil {
			return vals, err
		}
		vals = append(vals, v)
	}
}
