package amf0_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func TestBuildersEncode(t *testing.T) {
	long := strings.Repeat("x", 65536)
	for _, c := range []struct {
		name string
		v    amf0.Value
		hex  string
	}{
		{"Number", amf0.Number(1), "00 3ff0000000000000"},
		{"Number -0", amf0.Number(math.Copysign(0, -1)), "00 8000000000000000"},
		{"Number NaN payload", amf0.Number(math.Float64frombits(0x7ff8000000000123)), "00 7ff8000000000123"},
		{"Bool true", amf0.Bool(true), "01 01"},
		{"Bool false", amf0.Bool(false), "01 00"},
		{"BoolByte", amf0.BoolByte(0x02), "01 02"},
		{"String", amf0.String("live"), "02 0004 6c697665"},
		{"String empty", amf0.String(""), "02 0000"},
		{"String invalid UTF-8", amf0.String("\xff"), "02 0001 ff"},
		{"LongString", amf0.LongString("ab"), "0c 00000002 6162"},
		{"XMLDocument", amf0.XMLDocument("<a/>"), "0f 00000004 3c612f3e"},
		{"Null", amf0.Null(), "05"},
		{"Undefined", amf0.Undefined(), "06"},
		{"Unsupported", amf0.Unsupported(), "0d"},
		{"Object empty", amf0.Object(), "03 0000 09"},
		{"Object", amf0.Object(amf0.Prop("app", amf0.String("live")), amf0.Prop("fpad", amf0.Bool(false))),
			"03 0003 617070 02 0004 6c697665 0004 66706164 01 00 0000 09"},
		{"Object duplicate and empty keys", amf0.Object(amf0.Prop("a", amf0.Null()), amf0.Prop("", amf0.Null()), amf0.Prop("a", amf0.Undefined())),
			"03 0001 61 05 0000 05 0001 61 06 0000 09"},
		{"ECMAArray", amf0.ECMAArray(amf0.Prop("a", amf0.Null())), "08 00000001 0001 61 05 0000 09"},
		{"ECMAArrayCount", amf0.ECMAArrayCount(0, amf0.Prop("a", amf0.Null())), "08 00000000 0001 61 05 0000 09"},
		{"StrictArray", amf0.StrictArray(amf0.Number(0), amf0.Null()), "0a 00000002 00 0000000000000000 05"},
		{"StrictArray empty", amf0.StrictArray(), "0a 00000000"},
		{"TypedObject", amf0.TypedObject("C", amf0.Prop("x", amf0.Null())), "10 0001 43 0001 78 05 0000 09"},
		{"Date", amf0.Date(time.UnixMilli(1.2e12)), "0b 427176592e000000 0000"},
		{"DateMillis", amf0.DateMillis(0.5, -60), "0b 3fe0000000000000 ffc4"},
		{"Reference", amf0.StrictArray(amf0.Object(), amf0.Reference(1)), "0a 00000002 03 0000 09 07 0001"},
	} {
		want := testkit.Hex(t, c.hex)
		got, err := c.v.Append([]byte{0xaa})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(got[1:], want) || got[0] != 0xaa {
			t.Errorf("%s: encodes to %x, want %x", c.name, got[1:], want)
		}
		if n := c.v.Size(); n != len(want) {
			t.Errorf("%s: Size = %d, want %d", c.name, n, len(want))
		}
	}
	// A string too long for a 16-bit length goes out as a Long String.
	v := amf0.String(long)
	if v.Marker() != amf0.MarkerLongString {
		t.Errorf("String of 65536 bytes has marker %v", v.Marker())
	}
	b, err := v.Append(nil)
	if err != nil || len(b) != 5+65536 || !bytes.Equal(b[:5], []byte{0x0c, 0, 1, 0, 0}) {
		t.Errorf("long String encodes to % x... (%d bytes), %v", b[:5], len(b), err)
	}
	if v := amf0.String(long[:65535]); v.Marker() != amf0.MarkerString || v.Size() != 3+65535 {
		t.Errorf("String of 65535 bytes: marker %v size %d", v.Marker(), v.Size())
	}
}

// appendMilgraConnect builds the connect command of seed 000 with the
// builders, as a client would, and appends it to b.
func appendMilgraConnect(b []byte) ([]byte, error) {
	return amf0.AppendPayload(b,
		amf0.String("connect"),
		amf0.Number(1),
		amf0.Object(
			amf0.Prop("app", amf0.String("milgra")),
			amf0.Prop("flashVer", amf0.String("MAC 9,0,28,0")),
			amf0.Prop("swfUrl", amf0.String("file:///Users/milantoth/Store/Development/Workspace/JasminSource/bin/TestConnection-debug.swf")),
			amf0.Prop("tcUrl", amf0.String("rtmp://localhost/milgra")),
			amf0.Prop("fpad", amf0.Bool(false)),
			amf0.Prop("audioCodecs", amf0.Number(615)),
			amf0.Prop("videoCodecs", amf0.Number(124)),
			amf0.Prop("videoFunction", amf0.Number(1)),
			amf0.Prop("pageUrl", amf0.Undefined()),
			amf0.Prop("objectEncoding", amf0.Number(0)),
		),
	)
}

// TestBuildCommand builds the seed 000 connect with the builders and gets
// the captured bytes.
func TestBuildCommand(t *testing.T) {
	got, err := appendMilgraConnect(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := testkit.Hex(t, connect310); !bytes.Equal(got, want) {
		t.Errorf("built connect\n %x\nwant\n %x", got, want)
	}
}

func TestEncodeRefuses(t *testing.T) {
	long := strings.Repeat("k", 65536)
	self := make([]amf0.Property, 1)
	self[0] = amf0.Prop("me", amf0.Null())
	cyclic := amf0.Object(self...)
	self[0].Value = cyclic // the object now contains itself
	for _, c := range []struct {
		name  string
		vals  []amf0.Value
		kind  error
		off   int64
		field string
	}{
		{"zero Value", []amf0.Value{{}}, wire.ErrConstraint, 0, "[0].marker"},
		{"zero Value in object", []amf0.Value{amf0.Object(amf0.Prop("a", amf0.Value{}))}, wire.ErrConstraint, 4, `[0]["a"].marker`},
		{"key too long", []amf0.Value{amf0.Null(), amf0.Object(amf0.Prop("a", amf0.Null()), amf0.Prop(long, amf0.Null()))}, wire.ErrConstraint, 6, "[1][1].key.length"},
		{"class name too long", []amf0.Value{amf0.TypedObject(long)}, wire.ErrConstraint, 0, "[0].class.length"},
		{"reference with nothing before", []amf0.Value{amf0.Reference(0)}, wire.ErrConstraint, 0, "[0].index"},
		{"reference past the table", []amf0.Value{amf0.Object(), amf0.Reference(1)}, wire.ErrConstraint, 4, "[1].index"},
		{"reference to its own container", []amf0.Value{amf0.StrictArray(amf0.Reference(0))}, wire.ErrConstraint, 5, "[0][0].index"},
		{"reference to an ancestor", []amf0.Value{amf0.Object(amf0.Prop("a", amf0.StrictArray(amf0.Reference(0))))}, wire.ErrConstraint, 9, `[0]["a"][0].index`},
		{"cyclic value", []amf0.Value{cyclic}, wire.ErrLimit, int64(amf0.MaxDepthLimit * 5), ""},
	} {
		before := []byte{1, 2, 3}
		got, err := amf0.AppendPayload(before, c.vals...)
		we := wireErr(t, err, c.kind, c.off)
		if c.field != "" && we.Field != c.field {
			t.Errorf("%s: Field = %q, want %q", c.name, we.Field, c.field)
		}
		if !bytes.Equal(got, []byte{1, 2, 3}) {
			t.Errorf("%s: AppendPayload returned %x on error", c.name, got)
		}
		if n := amf0.PayloadSize(c.vals...); n != -1 {
			t.Errorf("%s: PayloadSize = %d, want -1", c.name, n)
		}
	}
	// The path of a failure 10000 levels down is summarised, not spelt out.
	_, err := cyclic.Append(nil)
	var we *wire.Error
	if !errors.As(err, &we) || !strings.Contains(we.Field, "levels ...]") || len(we.Field) > 200 {
		t.Errorf("deep path: %v", err)
	}
	if cyclic.Size() != -1 {
		t.Errorf("Size of a cyclic value = %d", cyclic.Size())
	}
	if cyclic.ToGo() != nil {
		t.Errorf("ToGo of a cyclic value is not nil")
	}
	if s := cyclic.String(); !strings.Contains(s, "deeper") {
		t.Errorf("String of a cyclic value: %.60q", s)
	}
}

// TestAppendUsesRoom: encoding into a slice with room writes in place.
func TestAppendUsesRoom(t *testing.T) {
	buf := make([]byte, 0, 512)
	vals, err := amf0.Decode(testkit.Hex(t, connect310))
	if err != nil {
		t.Fatal(err)
	}
	out, err := amf0.AppendPayload(buf, vals...)
	if err != nil || &out[0] != &buf[:1][0] {
		t.Errorf("AppendPayload did not write into the caller's slice (err %v)", err)
	}
}

// TestReencodeAfterInputChange documents the aliasing rule: decoded strings
// share the input, so they follow changes to it.
func TestReencodeAfterInputChange(t *testing.T) {
	b := testkit.Hex(t, "02 0003 616263")
	var d amf0.Decoder
	vals, _ := d.Decode(b)
	b[3] = 'X'
	if s, _ := vals[0].Str(); s != "Xbc" {
		t.Errorf("decoded string %q does not alias the input", s)
	}
}
