package peers

import (
	"bytes"
	"errors"
	"io"

	"github.com/gwuhaolin/livego/protocol/amf"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
)

// AMF3 payloads use the AMF0 harness type (decode a payload, encode what
// was decoded) with their own list of implementations: only rtmpcodec and
// livego decode AMF3 among the Go peers the module proxy serves here
// (zhangpeihao/goamf and elobuff/goamf are refused by it).
var amf3Impls []AMF0

// AMF3Impls returns every AMF3 implementation in table order.
func AMF3Impls() []AMF0 { return sortImpls(amf3Impls) }

// Remoting is a Flex remoting-style AMF3 payload of about 1 KB: an
// ArrayCollection (externalizable, one inner array) of 12 typed
// com.example.Quote objects. As Flash Player writes it, the first object
// carries the traits inline and the rest refer to them, and a string seen
// before (a repeated symbol, the exchange) is a string-table reference.
func Remoting() []byte {
	seen := map[string]uint32{}
	name := func(s string) amf3.Str {
		if i, ok := seen[s]; ok {
			return amf3.NameRef(s, i)
		}
		seen[s] = uint32(len(seen))
		return amf3.Name(s)
	}
	str := func(s string) amf3.Value {
		n := name(s)
		if n.IsRef() {
			return amf3.StringRef(s, n.RefIndex())
		}
		return amf3.String(s)
	}
	coll := name("flex.messaging.io.ArrayCollection")
	symbols := []string{"ADBE", "AAPL", "MSFT", "GOOG", "AMZN", "NFLX"}
	var traits *amf3.Traits
	items := make([]amf3.Value, 12)
	for i := range items {
		if traits == nil {
			traits = &amf3.Traits{Class: name("com.example.Quote")}
			for _, f := range []string{"symbol", "price", "change", "volume", "time", "exchange", "halted"} {
				traits.Sealed = append(traits.Sealed, name(f))
			}
		}
		sealed := []amf3.Value{
			str(symbols[i%len(symbols)]),
			amf3.Double(101.25 + float64(i)*3.5),
			amf3.Double(-0.75 + float64(i)/8),
			amf3.Integer(int32(120000 + 5000*i)),
			amf3.Date(1.7040672e12 + float64(i)*1000),
			str("NASDAQ"),
			amf3.Bool(i%5 == 4),
		}
		if i == 0 {
			items[i] = amf3.Object(traits, sealed)
		} else {
			items[i] = amf3.ObjectTraitsRef(traits, 1, sealed)
		}
	}
	b, err := amf3.AppendPayload(nil, amf3.ExternalNamed(coll, amf3.Array(nil, items...)))
	if err != nil {
		panic(err)
	}
	return b
}

// Call3 is the AMF0 body of a type 0x11 command (its format byte left
// out): call("getQuote", 3, null, <AMF3 object>) as a Flash client with
// objectEncoding 3 writes it, the argument switched to AMF3 by marker 0x11.
func Call3() []byte {
	req := amf3.Object(&amf3.Traits{Class: amf3.Name("com.example.QuoteRequest"),
		Sealed: []amf3.Str{amf3.Name("symbols"), amf3.Name("fields"), amf3.Name("realtime")}},
		[]amf3.Value{
			amf3.Array(nil, amf3.String("ADBE"), amf3.String("AAPL"), amf3.String("MSFT")),
			amf3.VectorObject(false, "String", amf3.String("price"), amf3.String("change"), amf3.String("volume")),
			amf3.Bool(true),
		})
	b, err := amf0.AppendPayload(nil, amf0.String("getQuote"), amf0.Number(3), amf0.Null(), amf0.AMF3(req))
	if err != nil {
		panic(err)
	}
	return b
}

// AMF3Inputs returns the bare AMF3 payloads in benchmark order.
func AMF3Inputs() []AMF0Input {
	return []AMF0Input{{Name: "remoting", Payload: Remoting()}}
}

func init() {
	amf3Impls = append(amf3Impls,
		AMF0{
			Name: "rtmpcodec",
			NewDecode: func() func([]byte) error {
				d := new(amf3.Decoder)
				return func(b []byte) error {
					_, err := d.Decode(b)
					return err
				}
			},
			PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
				vals, err := new(amf3.Decoder).Decode(payload)
				if err != nil {
					return nil, err
				}
				var e amf3.Encoder
				return func(dst []byte) ([]byte, error) {
					e.Reset()
					for _, v := range vals {
						if dst, err = e.Append(dst, v); err != nil {
							return dst, err
						}
					}
					return dst, nil
				}, nil
			},
		},
		AMF0{
			// A Decoder made for every payload: the first decode a
			// connection does, or a one-off tool.
			Name: "rtmpcodec-fresh",
			NewDecode: func() func([]byte) error {
				return func(b []byte) error {
					_, err := amf3.Decode(b)
					return err
				}
			},
			PrepareEncode: func([]byte) (func([]byte) ([]byte, error), error) {
				return nil, errors.New("encode: the same encoder as rtmpcodec")
			},
		},
		AMF0{
			// livego decodes one AMF3 value per DecodeAmf3 call from an
			// io.Reader into interface{} values, with reference tables per
			// Decoder: a fresh one per payload.
			Name: "livego",
			NewDecode: func() func([]byte) error {
				r := new(bytes.Reader)
				return func(b []byte) error {
					r.Reset(b)
					_, err := livegoDecodeAMF3(r)
					return err
				}
			},
			PrepareEncode: func(payload []byte) (func([]byte) ([]byte, error), error) {
				vals, err := livegoDecodeAMF3(bytes.NewReader(payload))
				if err != nil {
					return nil, err
				}
				w := new(appendWriter)
				var enc amf.Encoder
				return func(dst []byte) ([]byte, error) {
					w.b = dst
					for _, v := range vals {
						if _, err := enc.EncodeAmf3(w, v); err != nil {
							return w.b, err
						}
					}
					return w.b, nil
				}, nil
			},
		})
	amf0Impls = append(amf0Impls, AMF0{
		Name: "rtmpcodec-fresh",
		NewDecode: func() func([]byte) error {
			return func(b []byte) error {
				_, err := amf0.Decode(b)
				return err
			}
		},
		PrepareEncode: func([]byte) (func([]byte) ([]byte, error), error) {
			return nil, errors.New("encode: the same encoder as rtmpcodec")
		},
	})
}

func livegoDecodeAMF3(r *bytes.Reader) ([]any, error) {
	d := &amf.Decoder{}
	var vals []any
	for r.Len() > 0 {
		v, err := d.DecodeAmf3(r)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return vals, err
		}
		vals = append(vals, v)
	}
	return vals, nil
}
