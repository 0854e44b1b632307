package peers

import (
	"fmt"

	"github.com/q191201771/lal/pkg/rtmp"
)

// lal (pkg/rtmp) has no "decode any value" entry point: its sessions call
// the typed readers (ReadString, ReadNumber, ReadObject, ...) in the order
// a command dictates. lalDecode dispatches on the marker to the reader
// lal offers for it. Null, undefined and unsupported values inside
// objects and arrays are dropped by lal's readers. Its writers cover
// string, number, boolean, null and objects of those; there is no writer
// for ECMA arrays, strict arrays or undefined.
func init() {
	amf0Impls = append(amf0Impls, AMF0{
		Name: "lal",
		NewDecode: func() func([]byte) error {
			var vals []lalValue
			return func(b []byte) error {
				var err error
				vals, err = lalDecode(b, vals[:0])
				return err
			}
		},
		PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
			vals, err := lalDecode(payload, nil)
			if err != nil {
				return nil, err
			}
			for _, v := range vals {
				if !lalCanWrite(v) {
					return nil, fmt.Errorf("%w: lal cannot write marker 0x%02x", ErrNoEncoder, v.marker)
				}
			}
			w := new(appendWriter)
			return func(dst []byte) ([]byte, error) {
				w.b = dst
				for _, v := range vals {
					if err := lalWrite(w, v); err != nil {
						return w.b, err
					}
				}
				return w.b, nil
			}, nil
		},
	})
}

// lalValue keeps the marker next to the value, because lal returns the
// same ObjectPairArray type for objects, ECMA arrays and strict arrays.
type lalValue struct {
	marker byte
	v      any
}

func lalDecode(b []byte, vals []lalValue) ([]lalValue, error) {
	for len(b) > 0 {
		var (
			v   any
			n   int
			err error
		)
		m := b[0]
		switch m {
		case rtmp.Amf0TypeMarkerString, rtmp.Amf0TypeMarkerLongString:
			v, n, err = rtmp.Amf0.ReadString(b)
		case rtmp.Amf0TypeMarkerNumber:
			v, n, err = rtmp.Amf0.ReadNumber(b)
		case rtmp.Amf0TypeMarkerBoolean:
			v, n, err = rtmp.Amf0.ReadBoolean(b)
		case rtmp.Amf0TypeMarkerObject:
			v, n, err = rtmp.Amf0.ReadObject(b)
		case rtmp.Amf0TypeMarkerEcmaArray:
			v, n, err = rtmp.Amf0.ReadArray(b)
		case rtmp.Amf0TypeMarkerStrictArray:
			v, n, err = rtmp.Amf0.ReadStrictArray(b)
		case rtmp.Amf0TypeMarkerNull:
			n, err = rtmp.Amf0.ReadNull(b)
		case rtmp.Amf0TypeMarkerUndefined, rtmp.Amf0TypeMarkerUnsupported:
			n, err = rtmp.Amf0.ReadUndefinedOrUnsupported(b)
		default:
			err = fmt.Errorf("lal has no reader for marker 0x%02x", m)
		}
		if err != nil {
			return vals, err
		}
		vals = append(vals, lalValue{marker: m, v: v})
		b = b[n:]
	}
	return vals, nil
}

func lalCanWrite(v lalValue) bool {
	switch v.marker {
	case rtmp.Amf0TypeMarkerString, rtmp.Amf0TypeMarkerLongString, rtmp.Amf0TypeMarkerNumber,
		rtmp.Amf0TypeMarkerBoolean, rtmp.Amf0TypeMarkerNull:
		return true
	case rtmp.Amf0TypeMarkerObject:
		// WriteObject panics (through its logger) on any other value type.
		for _, p := range v.v.(rtmp.ObjectPairArray) {
			switch p.Value.(type) {
			case string, float64, bool:
			default:
				return false
			}
		}
		return true
	}
	return false
}

func lalWrite(w *appendWriter, v lalValue) error {
	switch v.marker {
	case rtmp.Amf0TypeMarkerString, rtmp.Amf0TypeMarkerLongString:
		return rtmp.Amf0.WriteString(w, v.v.(string))
	case rtmp.Amf0TypeMarkerNumber:
		return rtmp.Amf0.WriteNumber(w, v.v.(float64))
	case rtmp.Amf0TypeMarkerBoolean:
		return rtmp.Amf0.WriteBoolean(w, v.v.(bool))
	case rtmp.Amf0TypeMarkerNull:
		return rtmp.Amf0.WriteNull(w)
	case rtmp.Amf0TypeMarkerObject:
		return rtmp.Amf0.WriteObject(w, v.v.(rtmp.ObjectPairArray))
	}
	return ErrNoEncoder
}

// appendWriter is an io.Writer that appends to a slice the caller hands
// in, so writer-based encoders reuse the same output buffer as the others.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
