package amf0_test

import (
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
)

func ExampleDecoder_Decode() {
	// The payload of nc.call("connect", null, {property: "connect"}),
	// from seed 000.
	payload := []byte("\x02\x00\x07connect\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05" +
		"\x03\x00\x08property\x02\x00\x07connect\x00\x00\x09")
	var d amf0.Decoder // keep it: the next Decode reuses its storage
	vals, err := d.Decode(payload)
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := vals[0].Str()
	txn, _ := vals[1].Number()
	prop, ok := vals[3].Get("property").Str()
	fmt.Println(name, txn, vals[2].Kind(), prop, ok)
	fmt.Println(vals[3])
	// Output:
	// connect 0 null connect true
	// {"property": "connect"}
}

func ExampleAppendPayload() {
	b, err := amf0.AppendPayload(nil,
		amf0.String("_result"),
		amf0.Number(1),
		amf0.Object(
			amf0.Prop("fmsVer", amf0.String("FMS/3,0,1,123")),
			amf0.Prop("capabilities", amf0.Number(31)),
		),
		amf0.Object(
			amf0.Prop("level", amf0.String("status")),
			amf0.Prop("code", amf0.String("NetConnection.Connect.Success")),
			amf0.Prop("objectEncoding", amf0.Number(0)),
		),
	)
	fmt.Println(len(b), err)
	vals, _ := amf0.Decode(b)
	fmt.Println(vals[3].Get("code"))
	// Output:
	// 153 <nil>
	// "NetConnection.Connect.Success"
}

func ExampleValue_ToGo() {
	vals, _ := amf0.Decode([]byte("\x08\x00\x00\x00\x00\x00\x08duration\x00\x40\x24\x00\x00\x00\x00\x00\x00\x00\x00\x09"))
	m := vals[0].ToGo().(map[string]any)
	fmt.Println(m["duration"])
	// Output: 10
}

func ExampleValue_AMF3() {
	// A string, then marker 0x11 and one AMF3 value (an integer), then AMF0 again.
	vals, _ := amf0.Decode([]byte{0x02, 0x00, 0x01, 'x', 0x11, 0x04, 0x01, 0x05})
	v, _ := vals[1].AMF3()
	i, _ := v.Int()
	fmt.Println(vals[1].Kind(), v.Kind(), i, vals[2].Kind())
	// Output: AMF3 integer 1 null
}
