package amf3_test

import (
	"bytes"
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
)

func ExampleDecode() {
	// An anonymous object {self: <itself>, n: 2}: legal in AMF3, where a
	// child may refer to its parent.
	payload := []byte{0x0a, 0x0b, 0x01, 0x09, 's', 'e', 'l', 'f', 0x0a, 0x00, 0x03, 'n', 0x04, 0x02, 0x01}
	vals, err := amf3.Decode(payload)
	if err != nil {
		panic(err)
	}
	n, _ := vals[0].Get("n").Int()
	fmt.Println(vals[0], n)
	out, _ := amf3.AppendPayload(nil, vals...)
	fmt.Println(bytes.Equal(out, payload))
	// Output:
	// #0 {"self": ref #0, "n": 2} 2
	// true
}
