package peers

import (
	"github.com/bluenviron/gortmplib/pkg/amf0"
)

// gortmplib (pkg/amf0) decodes a whole payload with Unmarshal into an
// amf0.Data (objects keep their key order as []ObjectEntry) and encodes
// with MarshalSize + MarshalTo into a caller's buffer.
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "gortmplib",
		NewDecode: func() func([]byte) error {
			return func(b []byte) error {
				_, err := amf0.Unmarshal(b)
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			data, err := amf0.Unmarshal(payload)
			if err != nil {
				return nil, err
			}
			return func(dst []byte) ([]byte, error) {
				n, err := data.MarshalSize()
				if err != nil {
					return dst, err
				}
				dst = grow(dst, n)
				m, err := data.MarshalTo(dst[len(dst):][:n])
				return dst[:len(dst)+m], err
			}, nil
		},
	})
}
