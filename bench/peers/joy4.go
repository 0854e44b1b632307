package peers

import (
	"github.com/nareix/joy4/format/flv/flvio"
)

// joy4 (format/flv/flvio) decodes one value per ParseAMF0Val call into
// interface{} values (objects and ECMA arrays become maps) and encodes
// with LenAMF0Val + FillAMF0Val into a caller's buffer, the way its rtmp
// package writes commands.
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "joy4",
		NewDecode: func() func([]byte) error {
			var vals []any
			return func(b []byte) error {
				var err error
				vals, err = joy4Decode(b, vals[:0])
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			vals, err := joy4Decode(payload, nil)
			if err != nil {
				return nil, err
			}
			return func(dst []byte) ([]byte, error) {
				n := 0
				for _, v := range vals {
					n += flvio.LenAMF0Val(v)
				}
				dst = grow(dst, n)
				w := dst[len(dst):][:n]
				m := 0
				for _, v := range vals {
					m += flvio.FillAMF0Val(w[m:], v)
				}
				return dst[:len(dst)+m], nil
			}, nil
		},
	})
}

func joy4Decode(b []byte, vals []any) ([]any, error) {
	for len(b) > 0 {
		v, n, err := flvio.ParseAMF0Val(b)
		if err != nil {
			return vals, err
		}
		vals = append(vals, v)
		b = b[n:]
	}
	return vals, nil
}

// grow returns dst with room for n more bytes.
func grow(dst []byte, n int) []byte {
	if cap(dst)-len(dst) >= n {
		return dst
	}
	c := make([]byte, len(dst), len(dst)+n)
	copy(c, dst)
	return c
}
