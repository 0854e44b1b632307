package message

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// connect000 is the connect command of seed 000 (the 310-byte message after
// the handshake), reassembled: the chunk header and the two 0xC3
// continuation headers at payload offsets 128 and 256 removed.
const connect000 = `020007636f6e6e656374003ff00000000000000300036170700200066d696c6772610008666c61736856657202000c4d414320392c302c32382c30000673776655726c02005d66696c653a2f2f2f55736572732f6d696c616e746f74682f53746f72652f446576656c6f706d656e742f576f726b73706163652f4a61736d696e536f757263652f62696e2f54657374436f6e6e656374696f6e2d64656275672e7377660005746355726c02001772746d703a2f2f6c6f63616c686f73742f6d696c6772610004667061640100000b617564696f436f64656373004083380000000000000b766964656f436f6465637300405f000000000000000d766964656f46756e6374696f6e003ff000000000000000077061676555726c06000e6f626a656374456e636f64696e67000000000000000000000009`

// connect002 is the connect command seed 002 prints as a Java byte array
// (0xE4 = 228 bytes, the 0xC3 continuation header already taken out).
const connect002 = `020007636f6e6e656374003ff0000000000000030003617070020008534f53616d706c650008666c61736856657202000e57494e2031302c322c3135392c31000673776655726c060005746355726c02001972746d703a2f2f6c6f63616c686f73742f534f53616d706c650004667061640100000c6361706162696c697469657300406de00000000000000b617564696f436f646563730040a8ee0000000000000b766964656f436f6465637300406f800000000000000d766964656f46756e6374696f6e003ff000000000000000077061676555726c060000090040dc4dc000000000`

func decodeCommand(t *testing.T, typ rtmp.MessageType, payload []byte) *Command {
	t.Helper()
	m, err := Decode(typ, payload)
	if err != nil {
		t.Fatalf("Decode(%v): %v", typ, err)
	}
	c, ok := m.(*Command)
	if !ok {
		t.Fatalf("Decode(%v) = %T, want *Command", typ, m)
	}
	if c.Size() != len(payload) {
		t.Errorf("Size() = %d, want %d", c.Size(), len(payload))
	}
	enc, err := Append(nil, c)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("re-encode = %x, %v; want %x", enc, err, payload)
	}
	return c
}

type propWant struct {
	key  string
	kind amf0.Kind
	val  any // string, float64 or bool; nil for null/undefined
}

func checkProps(t *testing.T, what string, obj amf0.Value, want []propWant) {
	t.Helper()
	props := obj.Props()
	if len(props) != len(want) {
		t.Fatalf("%s: %d properties %v, want %d", what, len(props), obj, len(want))
	}
	for i, w := range want {
		p := props[i]
		if p.Key != w.key || p.Value.Kind() != w.kind {
			t.Errorf("%s[%d] = %q (%v), want %q (%v)", what, i, p.Key, p.Value.Kind(), w.key, w.kind)
			continue
		}
		switch v := w.val.(type) {
		case string:
			if s, _ := p.Value.Str(); s != v {
				t.Errorf("%s.%s = %q, want %q", what, w.key, s, v)
			}
		case float64:
			if f, _ := p.Value.Number(); f != v {
				t.Errorf("%s.%s = %v, want %v", what, w.key, f, v)
			}
		case bool:
			if b, _ := p.Value.Bool(); b != v {
				t.Errorf("%s.%s = %v, want %v", what, w.key, b, v)
			}
		}
	}
}

// The connect of seed 000 decodes to the fields its dump shows.
func TestConnectSeed000(t *testing.T) {
	c := decodeCommand(t, rtmp.TypeCommandAMF0, testkit.Hex(t, connect000))
	if name, ok := c.Name(); !ok || name != "connect" {
		t.Errorf("name %q, %v", name, ok)
	}
	if tid, ok := c.TransactionID(); !ok || tid != 1 {
		t.Errorf("transaction ID %v %v, want 1", tid, ok)
	}
	checkProps(t, "connect object", c.Object(), []propWant{
		{"app", amf0.KindString, "milgra"},
		{"flashVer", amf0.KindString, "MAC 9,0,28,0"},
		{"swfUrl", amf0.KindString, "file:///Users/milantoth/Store/Development/Workspace/JasminSource/bin/TestConnection-debug.swf"},
		{"tcUrl", amf0.KindString, "rtmp://localhost/milgra"},
		{"fpad", amf0.KindBoolean, false},
		{"audioCodecs", amf0.KindNumber, 615.0},
		{"videoCodecs", amf0.KindNumber, 124.0},
		{"videoFunction", amf0.KindNumber, 1.0},
		{"pageUrl", amf0.KindUndefined, nil},
		{"objectEncoding", amf0.KindNumber, 0.0},
	})
	if len(c.Args()) != 0 {
		t.Errorf("args %v, want none", c.Args())
	}
}

// The connect of seed 002 matches the decoded listing printed under it
// (BlazeDS prints undefined as null, and a map, so the order below is the
// wire order instead of the listing's).
func TestConnectSeed002(t *testing.T) {
	c := decodeCommand(t, rtmp.TypeCommandAMF0, testkit.Hex(t, connect002))
	if name, ok := c.Name(); !ok || name != "connect" {
		t.Errorf("name %q, %v", name, ok)
	}
	if tid, _ := c.TransactionID(); tid != 1 {
		t.Errorf("transaction ID %v, want 1.0", tid)
	}
	checkProps(t, "connect object", c.Object(), []propWant{
		{"app", amf0.KindString, "SOSample"},
		{"flashVer", amf0.KindString, "WIN 10,2,159,1"},
		{"swfUrl", amf0.KindUndefined, nil},
		{"tcUrl", amf0.KindString, "rtmp://localhost/SOSample"},
		{"fpad", amf0.KindBoolean, false},
		{"capabilities", amf0.KindNumber, 239.0},
		{"audioCodecs", amf0.KindNumber, 3191.0},
		{"videoCodecs", amf0.KindNumber, 252.0},
		{"videoFunction", amf0.KindNumber, 1.0},
		{"pageUrl", amf0.KindUndefined, nil},
	})
	if len(c.Args()) != 1 {
		t.Fatalf("args %v, want one", c.Args())
	}
	if f, _ := c.Arg(0).Number(); f != 28983 {
		t.Errorf("optional argument %v, want 28983.0", c.Arg(0))
	}
}

// The nc.call dumps of seed 000: payloads after their 12- or 8-byte chunk
// headers.
func TestNetConnectionCallsSeed000(t *testing.T) {
	cases := []struct {
		name    string
		payload string
		args    []amf0.Kind
	}{
		{`nc.call("connect", null)`, "020007636f6e6e656374 000000000000000000 05", nil},
		{`nc.call("connect", null, null)`, "020007636f6e6e656374 000000000000000000 05 05", []amf0.Kind{amf0.KindNull}},
		{`nc.call("functioncall", null)`, "02000c66756e6374696f6e63616c6c 000000000000000000 05", nil},
		{`nc.call("connect", null, "connect")`, "020007636f6e6e656374 000000000000000000 05 020007636f6e6e656374", []amf0.Kind{amf0.KindString}},
		{`nc.call("connect", null, new Object())`, "020007636f6e6e656374 000000000000000000 05 03000009", []amf0.Kind{amf0.KindObject}},
		{`nc.call("connect", null, {property: "connect", attribute: "functioncall"})`,
			"020007636f6e6e656374 000000000000000000 05 03 0009617474726962757465 02000c66756e6374696f6e63616c6c 000870726f7065727479 020007636f6e6e656374 000009",
			[]amf0.Kind{amf0.KindObject}},
		{`nc.call("connect", null, 2)`, "020007636f6e6e656374 000000000000000000 05 004000000000000000", []amf0.Kind{amf0.KindNumber}},
	}
	for _, c := range cases {
		cmd := decodeCommand(t, rtmp.TypeCommandAMF0, testkit.Hex(t, c.payload))
		if tid, ok := cmd.TransactionID(); !ok || tid != 0 {
			t.Errorf("%s: transaction ID %v", c.name, tid)
		}
		if cmd.Object().Kind() != amf0.KindNull {
			t.Errorf("%s: command object %v, want null", c.name, cmd.Object())
		}
		if len(cmd.Args()) != len(c.args) {
			t.Errorf("%s: %d args, want %d", c.name, len(cmd.Args()), len(c.args))
			continue
		}
		for i, k := range c.args {
			if cmd.Arg(i).Kind() != k {
				t.Errorf("%s: arg %d is %v, want %v", c.name, i, cmd.Arg(i).Kind(), k)
			}
		}
	}
}

// Hostile: a command whose first value is not a string.
func TestCommandFirstValueNotString(t *testing.T) {
	_, err := Decode(rtmp.TypeCommandAMF0, testkit.Hex(t, "003ff0000000000000 05"))
	wantErr(t, err, wire.ErrMalformed, "message", "CommandAMF0.Name", 0)
	_, err = Decode(rtmp.TypeCommandAMF0, testkit.Hex(t, "05"))
	wantErr(t, err, wire.ErrMalformed, "message", "CommandAMF0.Name", 0)
	_, err = Decode(rtmp.TypeCommandAMF3, testkit.Hex(t, "00 03 000009"))
	wantErr(t, err, wire.ErrMalformed, "message", "CommandAMF3.Name", 1)
	_, err = Decode(rtmp.TypeCommandAMF0, nil)
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "CommandAMF0.Name", 0)
	_, err = Decode(rtmp.TypeCommandAMF3, testkit.Hex(t, "00"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "CommandAMF3.Name", 1)
	_, err = Append(nil, &Command{Values: []amf0.Value{amf0.Number(1)}})
	wantErr(t, err, wire.ErrConstraint, "message", "CommandAMF0.Name", 0)
	_, err = Append(nil, &Command{})
	wantErr(t, err, wire.ErrConstraint, "message", "CommandAMF0.Name", 0)
}

// A long string is a string: a command name written with marker 0x0C is
// accepted and kept so.
func TestCommandLongStringName(t *testing.T) {
	c := decodeCommand(t, rtmp.TypeCommandAMF0, testkit.Hex(t, "0c00000004706c6179 004000000000000000 05"))
	if first(c.Name()) != "play" || c.Values[0].Marker() != amf0.MarkerLongString {
		t.Errorf("name %q marker %v", first(c.Name()), c.Values[0].Marker())
	}
}

func TestCommandTruncatedValues(t *testing.T) {
	good := testkit.Hex(t, connect002)
	for cut := 1; cut < len(good); cut++ {
		_, err := Decode(rtmp.TypeCommandAMF0, good[:cut])
		if cut == 10 || cut == 19 || cut == 219 { // value boundaries: name, transaction ID, command object
			if err != nil {
				t.Errorf("cut at %d: %v", cut, err)
			}
			continue
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: %v, want io.ErrUnexpectedEOF", cut, err)
			continue
		}
		var we *wire.Error
		if !errors.As(err, &we) || we.Offset > int64(cut) || len(we.Field) < 12 || we.Field[:12] != "CommandAMF0." {
			t.Errorf("cut at %d: %#v", cut, err)
		}
	}
}

// The extended forms: format byte 0 then AMF0 values; any other format byte
// is an error; a value switched to AMF3 gives amf0's AMF3 error.
func TestExtendedCommandAndData(t *testing.T) {
	payload := testkit.Hex(t, "00 02000c63726561746553747265616d 004000000000000000 05")
	c := decodeCommand(t, rtmp.TypeCommandAMF3, payload)
	if !c.Extended || c.Type() != rtmp.TypeCommandAMF3 || first(c.Name()) != "createStream" {
		t.Errorf("%+v", c)
	}
	m, err := Decode(rtmp.TypeDataAMF3, testkit.Hex(t, "00 02000a6f6e4d65746144617461 03000009"))
	if err != nil {
		t.Fatal(err)
	}
	if d := m.(*Data); !d.Extended || d.Type() != rtmp.TypeDataAMF3 || len(d.Values) != 2 {
		t.Errorf("%+v", d)
	}
	for _, typ := range []rtmp.MessageType{rtmp.TypeCommandAMF3, rtmp.TypeDataAMF3} {
		field := "CommandAMF3.Format"
		if typ == rtmp.TypeDataAMF3 {
			field = "DataAMF3.Format"
		}
		_, err = Decode(typ, testkit.Hex(t, "01 02000c63726561746553747265616d"))
		wantErr(t, err, wire.ErrConstraint, "message", field, 0)
		_, err = Decode(typ, testkit.Hex(t, "11 02000c63726561746553747265616d"))
		wantErr(t, err, wire.ErrConstraint, "message", field, 0)
		_, err = Decode(typ, nil)
		wantErr(t, err, io.ErrUnexpectedEOF, "message", field, 0)
	}
	// A 0x11 marker in place of the command object: the next value is
	// AMF3 (an anonymous object {a: 1}), then AMF0 again.
	in := testkit.Hex(t, "00 020004706c6179 004000000000000000 11 0a0b01 03 61 04 01 01 02 0001 78")
	m, err = Decode(rtmp.TypeCommandAMF3, in)
	if err != nil {
		t.Fatalf("AMF3 switch: %v", err)
	}
	c = m.(*Command)
	obj, ok := c.Object().AMF3()
	if a, _ := obj.Get("a").Int(); !ok || a != 1 || len(c.Args()) != 1 {
		t.Fatalf("AMF3 command object %v, args %v", c.Object(), c.Args())
	}
	if out, err := Append(nil, m); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("AMF3 command re-encoded %x, %v", out, err)
	}
	_, err = Decode(rtmp.TypeCommandAMF3, testkit.Hex(t, "00 020004706c6179 004000000000000000 11 0a0b01"))
	var we *wire.Error
	if !errors.As(err, &we) || we.Layer != "amf3" || we.Offset != 21 || !errors.Is(err, io.ErrUnexpectedEOF) || we.Field[:12] != "CommandAMF3." {
		t.Errorf("AMF3 object cut short: %v, want amf3, CommandAMF3 field, offset 21, truncated", err)
	}
	if _, err = Decode(rtmp.TypeDataAMF3, testkit.Hex(t, "00 11 0a0b0101")); err != nil {
		t.Errorf("AMF3 value in data: %v", err)
	}
	// The same values in the plain forms decode as AMF0 commands.
	c0 := decodeCommand(t, rtmp.TypeCommandAMF0, payload[1:])
	if c0.Extended || c0.Type() != rtmp.TypeCommandAMF0 {
		t.Errorf("%+v", c0)
	}
}

func TestDataMetadata(t *testing.T) {
	payload := testkit.Hex(t, "02000d40736574446174614672616d6502000a6f6e4d65746144617461080000000500086475726174696f6e000000000000000000000577696474680040940000000000000006686569676874004086800000000000000c766964656f636f646563696400401c0000000000000007656e636f64657202000c4c61766636312e312e313030000009")
	m, err := Decode(rtmp.TypeDataAMF0, payload)
	if err != nil {
		t.Fatal(err)
	}
	d := m.(*Data)
	if name, ok := d.Name(); !ok || name != "@setDataFrame" {
		t.Errorf("name %q %v", name, ok)
	}
	md, ok := d.Metadata()
	if !ok || md.Kind() != amf0.KindECMAArray {
		t.Fatalf("metadata %v %v", md, ok)
	}
	checkProps(t, "metadata", md, []propWant{
		{"duration", amf0.KindNumber, 0.0},
		{"width", amf0.KindNumber, 1280.0},
		{"height", amf0.KindNumber, 720.0},
		{"videocodecid", amf0.KindNumber, 7.0},
		{"encoder", amf0.KindString, "Lavf61.1.100"},
	})
	enc, err := Append(nil, d)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("re-encode %x %v", enc, err)
	}
	// Data need not start with a string; it is carried all the same.
	m, err = Decode(rtmp.TypeDataAMF0, testkit.Hex(t, "003ff0000000000000"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*Data).Name(); ok {
		t.Errorf("a number reported as a handler name")
	}
	if _, ok := m.(*Data).Metadata(); ok {
		t.Errorf("metadata reported for a data message without any")
	}
	_, err = Decode(rtmp.TypeDataAMF0, testkit.Hex(t, "0200"))
	wantErr(t, err, io.ErrUnexpectedEOF, "amf0", "DataAMF0.[0].length", 1)
}

// Builders produce the bytes real encoders send; the expected payloads were
// written out field by field from the AMF0 specification.
func TestBuilders(t *testing.T) {
	cases := []struct {
		name string
		m    Message
		want string
	}{
		{"createStream", CreateStream(2), "02000c63726561746553747265616d00400000000000000005"},
		{"createStream result", CreateStreamResult(2, 1), "0200075f726573756c7400400000000000000005003ff0000000000000"},
		{"publish", Publish(5, "stream", "live"), "0200077075626c6973680040140000000000000502000673747265616d0200046c697665"},
		{"play", Play(4, "cam", -2000), "020004706c61790040100000000000000502000363616d00c09f400000000000"},
		{"deleteStream", DeleteStream(6, 1), "02000c64656c65746553747265616d00401800000000000005003ff0000000000000"},
		{"onStatus", OnStatus("status", "NetStream.Publish.Start", "stream is now published."),
			"0200086f6e537461747573000000000000000000050300056c6576656c0200067374617475730004636f64650200174e657453747265616d2e5075626c6973682e5374617274000b6465736372697074696f6e02001873747265616d206973206e6f77207075626c69736865642e000009"},
		{"connect (publisher)", Connect(ConnectParams{App: "live", FlashVer: "FMLE/3.0 (compatible; FMSc/1.0)", SwfURL: "rtmp://localhost/live", TcURL: "rtmp://localhost/live", Publish: true}),
			"020007636f6e6e656374003ff00000000000000300036170700200046c69766500047479706502000a6e6f6e707269766174650008666c61736856657202001f464d4c452f332e302028636f6d70617469626c653b20464d53632f312e3029000673776655726c02001572746d703a2f2f6c6f63616c686f73742f6c6976650005746355726c02001572746d703a2f2f6c6f63616c686f73742f6c697665000009"},
		{"connect (player)", Connect(ConnectParams{App: "vod", FlashVer: "LNX 9,0,124,2", TcURL: "rtmp://h/vod"}),
			"020007636f6e6e656374003ff0000000000000030003617070020003766f640008666c61736856657202000d4c4e5820392c302c3132342c320005746355726c02000c72746d703a2f2f682f766f640004667061640100000c6361706162696c697469657300402e000000000000000b617564696f436f646563730040a8ee0000000000000b766964656f436f6465637300406f800000000000000d766964656f46756e6374696f6e003ff0000000000000000009"},
		{"connect result", ConnectResult(1, "FMS/3,0,1,123", 31, 0),
			"0200075f726573756c74003ff0000000000000030006666d7356657202000d464d532f332c302c312c313233000c6361706162696c697469657300403f0000000000000000090300056c6576656c0200067374617475730004636f646502001d4e6574436f6e6e656374696f6e2e436f6e6e6563742e53756363657373000b6465736372697074696f6e020015436f6e6e656374696f6e207375636365656465642e000e6f626a656374456e636f64696e67000000000000000000000009"},
		{"_error", ErrorResult(3, amf0.Null(), StatusObject("error", "NetStream.Play.StreamNotFound", "no such stream")),
			"0200065f6572726f72004008000000000000050300056c6576656c0200056572726f720004636f646502001d4e657453747265616d2e506c61792e53747265616d4e6f74466f756e64000b6465736372697074696f6e02000e6e6f20737563682073747265616d000009"},
		{"@setDataFrame", SetDataFrame(
			amf0.Prop("duration", amf0.Number(0)), amf0.Prop("width", amf0.Number(1280)), amf0.Prop("height", amf0.Number(720)),
			amf0.Prop("videocodecid", amf0.Number(7)), amf0.Prop("encoder", amf0.String("Lavf61.1.100"))),
			"02000d40736574446174614672616d6502000a6f6e4d65746144617461080000000500086475726174696f6e000000000000000000000577696474680040940000000000000006686569676874004086800000000000000c766964656f636f646563696400401c0000000000000007656e636f64657202000c4c61766636312e312e313030000009"},
		{"onMetaData", OnMetaData(amf0.Prop("width", amf0.Number(1280))),
			"02000a6f6e4d65746144617461 0800000001 0005776964746800409400000000000000 0009"},
	}
	for _, c := range cases {
		want := testkit.Hex(t, c.want)
		got, err := Append(nil, c.m)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %x, %v\nwant %x", c.name, got, err, want)
			continue
		}
		if c.m.Size() != len(want) {
			t.Errorf("%s: Size %d, want %d", c.name, c.m.Size(), len(want))
		}
		back, err := Decode(c.m.Type(), got)
		if err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
			continue
		}
		again, _ := Append(nil, back)
		if !bytes.Equal(again, want) {
			t.Errorf("%s: decode/encode changed the bytes", c.name)
		}
	}
	c := Connect(ConnectParams{App: "a", TcURL: "t", PageURL: "p", SendObjectEncoding: true, ObjectEncoding: 3,
		Capabilities: 239, Extra: []amf0.Property{amf0.Prop("fourCcList", amf0.StrictArray(amf0.String("hvc1")))}, Args: []amf0.Value{amf0.Number(28983)}})
	checkProps(t, "connect", c.Object(), []propWant{
		{"app", amf0.KindString, "a"}, {"tcUrl", amf0.KindString, "t"}, {"fpad", amf0.KindBoolean, false},
		{"capabilities", amf0.KindNumber, 239.0}, {"audioCodecs", amf0.KindNumber, 3191.0}, {"videoCodecs", amf0.KindNumber, 252.0},
		{"videoFunction", amf0.KindNumber, 1.0}, {"pageUrl", amf0.KindString, "p"}, {"objectEncoding", amf0.KindNumber, 3.0},
		{"fourCcList", amf0.KindStrictArray, nil},
	})
	if f, _ := c.Arg(0).Number(); f != 28983 || len(c.Args()) != 1 {
		t.Errorf("connect args %v", c.Args())
	}
}

func TestCommandAccessorsOnShortCommands(t *testing.T) {
	c := &Command{Values: []amf0.Value{amf0.String("x")}}
	if _, ok := c.TransactionID(); ok {
		t.Error("transaction ID on a one-value command")
	}
	if c.Object().IsValid() || c.Args() != nil || c.Arg(0).IsValid() || c.Arg(-1).IsValid() {
		t.Error("accessors invent values")
	}
	if name, ok := (&Command{}).Name(); ok || name != "" {
		t.Error("name of an empty command")
	}
	c = &Command{Values: []amf0.Value{amf0.String("x"), amf0.Number(math.Inf(1))}}
	if tid, ok := c.TransactionID(); !ok || !math.IsInf(tid, 1) {
		t.Errorf("transaction ID %v %v", tid, ok)
	}
}

// Decoding commands into a reused Decoder does not allocate once it has
// seen a command of the same shape.
func TestDecoderCommandAllocs(t *testing.T) {
	var d Decoder
	for _, p := range []string{connect000, connect002, "00 02000c63726561746553747265616d 004000000000000000 05"} {
		payload := testkit.Hex(t, p)
		typ := rtmp.TypeCommandAMF0
		if payload[0] == 0 {
			typ = rtmp.TypeCommandAMF3
		}
		if _, err := d.Decode(typ, payload); err != nil {
			t.Fatal(err)
		}
		allocs := testkit.AllocsPerRun(t, 200, func() {
			m, err := d.Decode(typ, payload)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := m.(*Command).Name(); !ok {
				t.Fatal("no name")
			}
		})
		if allocs != 0 {
			t.Errorf("Decoder.Decode of a %d-byte command allocates %v times", len(payload), allocs)
		}
	}
}

// Shared object messages go through the same entry point; their errors
// carry the message type in the field.
func TestSharedObjectThroughEntryPoint(t *testing.T) {
	payload := testkit.Hex(t, "000f73616d706c655f6e6f7465726f6f6d 00000000 0000000200000000 01 00000000")
	for _, typ := range []rtmp.MessageType{rtmp.TypeSharedObjectAMF0, rtmp.TypeSharedObjectAMF3} {
		payload := payload
		if typ == rtmp.TypeSharedObjectAMF3 {
			payload = append([]byte{0}, payload...) // the format byte
		}
		m, err := Decode(typ, payload)
		if err != nil {
			t.Fatal(err)
		}
		so := m.(*SharedObject)
		if so.Type() != typ || string(so.Header.Name) != "sample_noteroom" || len(so.Events) != 1 || so.Events[0].Type != 1 {
			t.Errorf("%v: %+v", typ, so)
		}
		enc, err := Append(nil, m)
		if err != nil || !bytes.Equal(enc, payload) {
			t.Errorf("%v: re-encode %x %v", typ, enc, err)
		}
	}
	_, err := Decode(rtmp.TypeSharedObjectAMF0, payload[:len(payload)-2])
	wantErr(t, err, io.ErrUnexpectedEOF, "sharedobject", "SharedObjectAMF0.EventHeader.Length", 30)
	_, err = Decode(rtmp.TypeSharedObjectAMF3, testkit.Hex(t, "00 0005 61"))
	wantErr(t, err, io.ErrUnexpectedEOF, "sharedobject", "SharedObjectAMF3.Header.Name", 1)
}

func TestDataAccessorsAndRefusals(t *testing.T) {
	d := &Data{Values: []amf0.Value{amf0.String("onCuePoint"), amf0.Object(amf0.Prop("time", amf0.Number(1.5)))}}
	if len(d.Args()) != 1 || d.Args()[0].Get("time").Kind() != amf0.KindNumber {
		t.Errorf("args %v", d.Args())
	}
	if _, ok := d.Metadata(); ok {
		t.Error("metadata reported for onCuePoint")
	}
	if _, ok := (&Data{}).Name(); ok || (&Data{}).Args() != nil {
		t.Error("accessors of an empty data message invent values")
	}
	// @setDataFrame whose second value is not "onMetaData" carries no
	// metadata this accessor knows.
	if _, ok := (&Data{Values: []amf0.Value{amf0.String("@setDataFrame"), amf0.String("onTextData"), amf0.Object()}}).Metadata(); ok {
		t.Error("metadata reported for @setDataFrame onTextData")
	}
	bad := &Data{Extended: true, Values: []amf0.Value{amf0.String("x"), {}}}
	if bad.Size() != -1 {
		t.Errorf("Size of an unencodable data message = %d", bad.Size())
	}
	out, err := Append([]byte{0xEE}, bad)
	if len(out) != 1 {
		t.Errorf("a refused Append changed the buffer: %x", out)
	}
	var we *wire.Error
	if !errors.As(err, &we) || !errors.Is(err, wire.ErrConstraint) || we.Field[:9] != "DataAMF3." || we.Offset != 5 {
		t.Errorf("refused Append: %#v", err)
	}
	if (&Command{Values: []amf0.Value{amf0.Number(1)}}).Size() != -1 {
		t.Error("Size of a command without a name")
	}
	_, err = Append(nil, nil)
	wantErr(t, err, wire.ErrConstraint, "message", "Message", 0)
}

// first is the value of a (value, ok) accessor.
func first[T any](v T, _ bool) T { return v }

// TestAMF3ScopeReachesCommands: the Decoder's AMF3Scope decides whether
// a command's second AMF3 value may refer to the first one's string.
func TestAMF3ScopeReachesCommands(t *testing.T) {
	in := testkit.Hex(t, "00 020004706c6179 000000000000000000 05 11 06 07 616263 11 06 00")
	var md Decoder
	if _, err := md.Decode(rtmp.TypeCommandAMF3, in); err != nil {
		t.Fatalf("per message: %v", err)
	}
	md.AMF3Scope = amf0.AMF3PerValue
	if _, err := md.Decode(rtmp.TypeCommandAMF3, in); !errors.Is(err, amf3.ErrBadReference) {
		t.Fatalf("per value: %v, want amf3.ErrBadReference", err)
	}
}
