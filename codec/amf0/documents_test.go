package amf0_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// connectChunked is the 324-byte client packet of seed 000
// (000_a5a54de71b6b1870.txt, dump rows 0630-0770): a 12-byte type-0 chunk
// header (csid 3, length 0x000136 = 310, type 0x14, stream 0), then the
// connect payload split at chunk size 128 by two 0xC3 (fmt 3, csid 3)
// headers, inside "Jasmin|Source" and "videoF|unction".
const connectChunked = `
03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63 6f 6e 6e 65 63 74 00 3f
f0 00 00 00 00 00 00 03 00 03 61 70 70 02 00 06 6d 69 6c 67 72 61 00 08
66 6c 61 73 68 56 65 72 02 00 0c 4d 41 43 20 39 2c 30 2c 32 38 2c 30 00
06 73 77 66 55 72 6c 02 00 5d 66 69 6c 65 3a 2f 2f 2f 55 73 65 72 73 2f
6d 69 6c 61 6e 74 6f 74 68 2f 53 74 6f 72 65 2f 44 65 76 65 6c 6f 70 6d
65 6e 74 2f 57 6f 72 6b 73 70 61 63 65 2f 4a 61 73 6d 69 6e c3 53 6f 75
72 63 65 2f 62 69 6e 2f 54 65 73 74 43 6f 6e 6e 65 63 74 69 6f 6e 2d 64
65 62 75 67 2e 73 77 66 00 05 74 63 55 72 6c 02 00 17 72 74 6d 70 3a 2f
2f 6c 6f 63 61 6c 68 6f 73 74 2f 6d 69 6c 67 72 61 00 04 66 70 61 64 01
00 00 0b 61 75 64 69 6f 43 6f 64 65 63 73 00 40 83 38 00 00 00 00 00 00
0b 76 69 64 65 6f 43 6f 64 65 63 73 00 40 5f 00 00 00 00 00 00 00 0d 76
69 64 65 6f 46 c3 75 6e 63 74 69 6f 6e 00 3f f0 00 00 00 00 00 00 00 07
70 61 67 65 55 72 6c 06 00 0e 6f 62 6a 65 63 74 45 6e 63 6f 64 69 6e 67
00 00 00 00 00 00 00 00 00 00 00 09`

// connect310 is the AMF0 body of connectChunked: header and the two 0xC3
// bytes removed. TestConnect310Derivation checks the two agree.
const connect310 = `
02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00 00 00 00 00 00 03 00 03 61 70
70 02 00 06 6d 69 6c 67 72 61 00 08 66 6c 61 73 68 56 65 72 02 00 0c 4d
41 43 20 39 2c 30 2c 32 38 2c 30 00 06 73 77 66 55 72 6c 02 00 5d 66 69
6c 65 3a 2f 2f 2f 55 73 65 72 73 2f 6d 69 6c 61 6e 74 6f 74 68 2f 53 74
6f 72 65 2f 44 65 76 65 6c 6f 70 6d 65 6e 74 2f 57 6f 72 6b 73 70 61 63
65 2f 4a 61 73 6d 69 6e 53 6f 75 72 63 65 2f 62 69 6e 2f 54 65 73 74 43
6f 6e 6e 65 63 74 69 6f 6e 2d 64 65 62 75 67 2e 73 77 66 00 05 74 63 55
72 6c 02 00 17 72 74 6d 70 3a 2f 2f 6c 6f 63 61 6c 68 6f 73 74 2f 6d 69
6c 67 72 61 00 04 66 70 61 64 01 00 00 0b 61 75 64 69 6f 43 6f 64 65 63
73 00 40 83 38 00 00 00 00 00 00 0b 76 69 64 65 6f 43 6f 64 65 63 73 00
40 5f 00 00 00 00 00 00 00 0d 76 69 64 65 6f 46 75 6e 63 74 69 6f 6e 00
3f f0 00 00 00 00 00 00 00 07 70 61 67 65 55 72 6c 06 00 0e 6f 62 6a 65
63 74 45 6e 63 6f 64 69 6e 67 00 00 00 00 00 00 00 00 00 00 00 09`

// connectSOSample is the byte-array listing of seed 002
// (002_fa7ff7e607898bda.txt): the connect body whose commented-out header
// declares length 0x0000E4 = 228, with the 0xC3 split byte (also commented
// out there) left out. A number, 28983, follows the command object.
const connectSOSample = `
02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00 00 00 00 00 00 03 00 03 61 70
70 02 00 08 53 4f 53 61 6d 70 6c 65 00 08 66 6c 61 73 68 56 65 72 02 00
0e 57 49 4e 20 31 30 2c 32 2c 31 35 39 2c 31 00 06 73 77 66 55 72 6c 06
00 05 74 63 55 72 6c 02 00 19 72 74 6d 70 3a 2f 2f 6c 6f 63 61 6c 68 6f
73 74 2f 53 4f 53 61 6d 70 6c 65 00 04 66 70 61 64 01 00 00 0c 63 61 70
61 62 69 6c 69 74 69 65 73 00 40 6d e0 00 00 00 00 00 00 0b 61 75 64 69
6f 43 6f 64 65 63 73 00 40 a8 ee 00 00 00 00 00 00 0b 76 69 64 65 6f 43
6f 64 65 63 73 00 40 6f 80 00 00 00 00 00 00 0d 76 69 64 65 6f 46 75 6e
63 74 69 6f 6e 00 3f f0 00 00 00 00 00 00 00 07 70 61 67 65 55 72 6c 06
00 00 09 00 40 dc 4d c0 00 00 00 00`

// ncCalls are the payloads of seed 000's nc.call "test dump": each dump's
// chunk header (12 bytes for first byte 0x03, 8 for 0x43) removed. length
// is the message length its header declares.
var ncCalls = []struct {
	call   string
	length int
	hex    string
}{
	{`nc.call("connect", null) #1`, 0x14, `02 0007 636f6e6e656374 00 0000000000000000 05`},
	{`nc.call("connect", null) #2`, 0x14, `02 0007 636f6e6e656374 00 0000000000000000 05`},
	{`nc.call("connect", null, null)`, 0x15, `02 0007 636f6e6e656374 00 0000000000000000 05 05`},
	{`nc.call("functioncall", null)`, 0x19, `02 000c 66756e6374696f6e63616c6c 00 0000000000000000 05`},
	{`nc.call("aaaaaaaaaaaaaaaaaaaa", null)`, 0x21, `02 0014 6161616161616161616161616161616161616161 00 0000000000000000 05`},
	{`nc.call("functioncall", null, null)`, 0x1a, `02 000c 66756e6374696f6e63616c6c 00 0000000000000000 05 05`},
	{`nc.call("connect", null, "connect")`, 0x1e, `02 0007 636f6e6e656374 00 0000000000000000 05 02 0007 636f6e6e656374`},
	{`nc.call("connect", null, new Object())`, 0x18, `02 0007 636f6e6e656374 00 0000000000000000 05 03 0000 09`},
	{`o.property = "connect"; nc.call("connect", null, o)`, 0x2c,
		`02 0007 636f6e6e656374 00 0000000000000000 05 03 0008 70726f7065727479 02 0007 636f6e6e656374 0000 09`},
	{`nc.call("connect", null, {property: "connect"})`, 0x2c,
		`02 0007 636f6e6e656374 00 0000000000000000 05 03 0008 70726f7065727479 02 0007 636f6e6e656374 0000 09`},
	{`nc.call("connect", null, {property: "connect", attribute: "functioncall"})`, 0x46,
		`02 0007 636f6e6e656374 00 0000000000000000 05 03 0009 617474726962757465 02 000c 66756e6374696f6e63616c6c
		 0008 70726f7065727479 02 0007 636f6e6e656374 0000 09`},
	{`o.property = "connect"; o.attribute = "functioncall"; nc.call("connect", null, o)`, 0x46,
		`02 0007 636f6e6e656374 00 0000000000000000 05 03 0009 617474726962757465 02 000c 66756e6374696f6e63616c6c
		 0008 70726f7065727479 02 0007 636f6e6e656374 0000 09`},
	{`nc.call("connect", null, 0)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 0000000000000000`},
	{`nc.call("connect", null, 1)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 3ff0000000000000`},
	{`nc.call("connect", null, 2)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 4000000000000000`},
	{`nc.call("connect", null, 3)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 4008000000000000`},
	{`nc.call("connect", null, 4)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 4010000000000000`},
	{`nc.call("connect", null, 5)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 4014000000000000`},
	{`nc.call("connect", null, 6)`, 0x1d, `02 0007 636f6e6e656374 00 0000000000000000 05 00 4018000000000000`},
}

func TestConnect310Derivation(t *testing.T) {
	chunked := testkit.Hex(t, connectChunked)
	if len(chunked) != 324 {
		t.Fatalf("chunked dump is %d bytes, the document says 324", len(chunked))
	}
	if chunked[0] != 0x03 || chunked[7] != 0x14 {
		t.Fatalf("header % x is not fmt 0 csid 3 type 0x14", chunked[:12])
	}
	declared := int(chunked[4])<<16 | int(chunked[5])<<8 | int(chunked[6])
	const chunkSize = 128
	if chunked[12+chunkSize] != 0xc3 || chunked[12+2*chunkSize+1] != 0xc3 {
		t.Fatalf("no 0xC3 continuation headers at the chunk boundaries")
	}
	var body []byte
	body = append(body, chunked[12:12+chunkSize]...)
	body = append(body, chunked[12+chunkSize+1:12+2*chunkSize+1]...)
	body = append(body, chunked[12+2*chunkSize+2:]...)
	if len(body) != declared || declared != 310 {
		t.Fatalf("body is %d bytes, header declares %d", len(body), declared)
	}
	if !bytes.Equal(body, testkit.Hex(t, connect310)) {
		t.Fatalf("connect310 does not match the dump")
	}
}

// wantProps checks an object's keys in wire order.
func wantProps(t *testing.T, obj amf0.Value, keys ...string) {
	t.Helper()
	props := obj.Props()
	if len(props) != len(keys) {
		t.Fatalf("object has %d properties, want %d: %v", len(props), len(keys), obj)
	}
	for i, k := range keys {
		if props[i].Key != k {
			t.Errorf("property %d is %q, want %q", i, props[i].Key, k)
		}
	}
}

func wantStr(t *testing.T, v amf0.Value, want string) {
	t.Helper()
	s, ok := v.Str()
	if !ok || s != want {
		t.Errorf("got %v, want string %q", v, want)
	}
	if v.Marker() != amf0.MarkerString {
		t.Errorf("%v has marker %v, want String", v, v.Marker())
	}
}

func wantNum(t *testing.T, v amf0.Value, want float64) {
	t.Helper()
	f, ok := v.Number()
	if !ok || f != want {
		t.Errorf("got %v, want number %v", v, want)
	}
}

func TestDocumentConnectMilgra(t *testing.T) {
	b := testkit.Hex(t, connect310)
	if len(b) != 310 {
		t.Fatalf("payload is %d bytes, want 310", len(b))
	}
	var d amf0.Decoder
	vals := roundTrip(t, &d, b)
	if len(vals) != 3 {
		t.Fatalf("got %d values, want 3 (name, transaction id, command object)", len(vals))
	}
	wantStr(t, vals[0], "connect")
	wantNum(t, vals[1], 1)
	obj := vals[2]
	if obj.Kind() != amf0.KindObject {
		t.Fatalf("command object is %v", obj.Kind())
	}
	wantProps(t, obj, "app", "flashVer", "swfUrl", "tcUrl", "fpad", "audioCodecs",
		"videoCodecs", "videoFunction", "pageUrl", "objectEncoding")
	wantStr(t, obj.Get("app"), "milgra")
	wantStr(t, obj.Get("flashVer"), "MAC 9,0,28,0")
	wantStr(t, obj.Get("swfUrl"), "file:///Users/milantoth/Store/Development/Workspace/JasminSource/bin/TestConnection-debug.swf")
	wantStr(t, obj.Get("tcUrl"), "rtmp://localhost/milgra")
	if f, ok := obj.Get("fpad").Bool(); !ok || f {
		t.Errorf("fpad = %v, want false", obj.Get("fpad"))
	}
	wantNum(t, obj.Get("audioCodecs"), 615)
	wantNum(t, obj.Get("videoCodecs"), 124)
	wantNum(t, obj.Get("videoFunction"), 1)
	if k := obj.Get("pageUrl").Kind(); k != amf0.KindUndefined {
		t.Errorf("pageUrl is %v, want undefined", k)
	}
	wantNum(t, obj.Get("objectEncoding"), 0)
	checkTruncations(t, "connect310", b)
}

func TestDocumentConnectSOSample(t *testing.T) {
	b := testkit.Hex(t, connectSOSample)
	if len(b) != 0xE4 {
		t.Fatalf("payload is %d bytes, the header declares 228", len(b))
	}
	var d amf0.Decoder
	vals := roundTrip(t, &d, b)
	if len(vals) != 4 {
		t.Fatalf("got %d values, want 4", len(vals))
	}
	wantStr(t, vals[0], "connect")
	wantNum(t, vals[1], 1)
	obj := vals[2]
	wantProps(t, obj, "app", "flashVer", "swfUrl", "tcUrl", "fpad", "capabilities",
		"audioCodecs", "videoCodecs", "videoFunction", "pageUrl")
	wantStr(t, obj.Get("app"), "SOSample")
	wantStr(t, obj.Get("flashVer"), "WIN 10,2,159,1")
	wantStr(t, obj.Get("tcUrl"), "rtmp://localhost/SOSample")
	if k := obj.Get("swfUrl").Kind(); k != amf0.KindUndefined {
		t.Errorf("swfUrl is %v, want undefined", k)
	}
	if f, ok := obj.Get("fpad").Bool(); !ok || f {
		t.Errorf("fpad = %v, want false", obj.Get("fpad"))
	}
	wantNum(t, obj.Get("capabilities"), 239)
	wantNum(t, obj.Get("audioCodecs"), 3191)
	wantNum(t, obj.Get("videoCodecs"), 252)
	wantNum(t, obj.Get("videoFunction"), 1)
	if k := obj.Get("pageUrl").Kind(); k != amf0.KindUndefined {
		t.Errorf("pageUrl is %v, want undefined", k)
	}
	if _, ok := obj.Lookup("objectEncoding"); ok {
		t.Errorf("objectEncoding present; the document notes it is missing")
	}
	wantNum(t, vals[3], 28983)
	checkTruncations(t, "connectSOSample", b)
}

func TestDocumentNcCalls(t *testing.T) {
	var d amf0.Decoder
	for _, c := range ncCalls {
		b := testkit.Hex(t, c.hex)
		if len(b) != c.length {
			t.Errorf("%s: %d bytes, header declares %d", c.call, len(b), c.length)
			continue
		}
		vals := roundTrip(t, &d, b)
		if len(vals) < 3 {
			t.Errorf("%s: %d values, want at least 3", c.call, len(vals))
			continue
		}
		// Every call is name, transaction id 0 (no responder), null.
		if f, ok := vals[1].Number(); !ok || f != 0 {
			t.Errorf("%s: transaction id %v, want 0", c.call, vals[1])
		}
		if vals[2].Kind() != amf0.KindNull {
			t.Errorf("%s: command object %v, want null", c.call, vals[2])
		}
		checkTruncations(t, c.call, b)
	}
}

// TestDocumentNcCallArguments checks what each call's arguments decode to.
func TestDocumentNcCallArguments(t *testing.T) {
	var d amf0.Decoder
	decode := func(i int) []amf0.Value {
		vals, err := d.Decode(testkit.Hex(t, ncCalls[i].hex))
		if err != nil {
			t.Fatalf("%s: %v", ncCalls[i].call, err)
		}
		return vals
	}
	for i := 0; i < 2; i++ {
		vals := decode(i)
		wantStr(t, vals[0], "connect")
		if len(vals) != 3 {
			t.Errorf("%s: %d values, want 3", ncCalls[i].call, len(vals))
		}
	}
	vals := decode(2)
	if len(vals) != 4 || vals[3].Kind() != amf0.KindNull {
		t.Errorf("connect, null, null: got %v", vals)
	}
	wantStr(t, decode(3)[0], "functioncall")
	wantStr(t, decode(4)[0], "aaaaaaaaaaaaaaaaaaaa")
	vals = decode(5)
	wantStr(t, vals[0], "functioncall")
	if len(vals) != 4 || vals[3].Kind() != amf0.KindNull {
		t.Errorf("functioncall, null, null: got %v", vals)
	}
	wantStr(t, decode(6)[3], "connect")
	if o := decode(7)[3]; o.Kind() != amf0.KindObject || o.Len() != 0 {
		t.Errorf("new Object(): got %v", o)
	}
	for _, i := range []int{8, 9} {
		o := decode(i)[3]
		wantProps(t, o, "property")
		wantStr(t, o.Get("property"), "connect")
	}
	// The player wrote attribute before property, whatever order the
	// source code listed them in; the decoder keeps wire order.
	for _, i := range []int{10, 11} {
		o := decode(i)[3]
		wantProps(t, o, "attribute", "property")
		wantStr(t, o.Get("attribute"), "functioncall")
		wantStr(t, o.Get("property"), "connect")
	}
	for n := 0; n <= 6; n++ {
		wantNum(t, decode(12 + n)[3], float64(n))
	}
}

// TestDocumentNumbers pins the float64 encodings the documents print.
func TestDocumentNumbers(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want float64
	}{
		{"4083380000000000", 615}, {"405f000000000000", 124}, {"406de00000000000", 239},
		{"40a8ee0000000000", 3191}, {"406f800000000000", 252}, {"40dc4dc000000000", 28983},
	} {
		b := append([]byte{0}, testkit.Hex(t, c.hex)...)
		v, n, err := new(amf0.Decoder).DecodeValue(b)
		if err != nil || n != 9 {
			t.Fatalf("%s: n=%d err=%v", c.hex, n, err)
		}
		wantNum(t, v, c.want)
		out, _ := amf0.Number(c.want).Append(nil)
		if !bytes.Equal(out, b) || binary.BigEndian.Uint64(out[1:]) != binary.BigEndian.Uint64(b[1:]) {
			t.Errorf("Number(%v) encodes to %x, want %x", c.want, out, b)
		}
	}
}
