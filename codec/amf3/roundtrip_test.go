package amf3

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// hx turns "04 7F" into bytes; 'text' in single quotes is literal.
func hx(t testing.TB, s string) []byte {
	t.Helper()
	var out []byte
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		if s[0] == '\'' {
			end := strings.IndexByte(s[1:], '\'')
			out = append(out, s[1:1+end]...)
			s = s[end+2:]
			continue
		}
		b, err := hex.DecodeString(s[:2])
		if err != nil {
			t.Fatalf("bad vector %q: %v", s, err)
		}
		out = append(out, b...)
		s = s[2:]
	}
	return out
}

// roundTrip decodes a payload, checks every value re-encodes to the same
// bytes with one Encoder (so references resolve), and returns the values.
func roundTrip(t *testing.T, in []byte) []Value {
	t.Helper()
	var d Decoder
	vals, err := d.Decode(in)
	if err != nil {
		t.Fatalf("decode % x: %v", in, err)
	}
	var e Encoder
	var out []byte
	for _, v := range vals {
		if out, err = e.Append(out, v); err != nil {
			t.Fatalf("encode %v: %v", v, err)
		}
	}
	if !bytes.Equal(out, in) {
		t.Fatalf("re-encoded\n% x\nwant\n% x", out, in)
	}
	return vals
}

func TestIntegersFromTheFactsSheet(t *testing.T) {
	cases := []struct {
		in   string
		want int32
		hlen int
	}{
		{"04 7F", 0x7F, 1},
		{"04 81 00", 0x80, 2},
		{"04 FF 7F", 0x3FFF, 2},
		{"04 81 80 00", 0x4000, 3},
		{"04 FF FF 7F", 0x1FFFFF, 3},
		{"04 80 C0 80 00", 0x200000, 4},
		{"04 BF FF FF FF", 268435455, 4},
		{"04 C0 80 80 00", -268435456, 4},
		{"04 FF FF FF FF", -1, 4},
		// Leading 0x80 bytes are legal and kept.
		{"04 01", 1, 1},
		{"04 80 01", 1, 2},
		{"04 80 80 01", 1, 3},
		{"04 80 80 80 01", 1, 4},
		{"04 80 80 80 81", 0x81, 4},
	}
	for _, c := range cases {
		v := roundTrip(t, hx(t, c.in))[0]
		if i, ok := v.Int(); !ok || i != c.want || v.HeaderLen() != c.hlen {
			t.Errorf("%s: %v (%d) in %d bytes, want %d in %d", c.in, v, i, v.HeaderLen(), c.want, c.hlen)
		}
	}
}

func TestEveryMarkerRoundTrips(t *testing.T) {
	cases := []struct{ name, in, text string }{
		{"undefined", "00", "undefined"},
		{"null", "01", "null"},
		{"false", "02", "false"},
		{"true", "03", "true"},
		{"double", "05 3F F0 00 00 00 00 00 00", "1.0"},
		{"negative zero", "05 80 00 00 00 00 00 00 00", "-0.0"},
		{"NaN payload", "05 7F F8 00 00 00 00 00 01", "NaN"},
		{"string", "06 0B 'hello'", `"hello"`},
		{"empty string", "06 01", `""`},
		{"string, long header", "06 80 0B 'hello'", `"hello" (U29 in 2 bytes)`},
		{"string reference", "06 0B 'hello' 06 00", `"hello"@0`},
		{"XMLDocument", "07 07 '<a>'", `#0 XMLDocument("<a>")`},
		{"date", "08 01 42 78 CC 25 1F 40 00 00", "#0 Date(2024-01-01T00:00:00.000Z)"},
		{"date, insignificant bits", "08 07 00 00 00 00 00 00 00 00", "#0 Date(1970-01-01T00:00:00.000Z) header 0x7"},
		{"dense array", "09 05 01 04 01 04 02", "#0 [1, 2]"},
		{"associative array", "09 03 03 'a' 04 01 01 06 03 'x'", `#0 ["a": 1; "x"]`},
		{"array end written long", "09 01 80 01", "#0 [; (U29 in 2 bytes)]"},
		{"anonymous object", "0A 0B 01 03 'a' 04 01 01", `#0 {"a": 1}`},
		{"sealed object", "0A 13 07 'Foo' 03 'x' 04 05", `#0 "Foo"{"x": 5}`},
		{"sealed and dynamic", "0A 1B 07 'Foo' 03 'x' 04 05 03 'y' 02 01", `#0 "Foo"{"x": 5; "y": false}`},
		{"traits reference", "09 05 01 0A 13 07 'Foo' 03 'x' 04 05 0A 01 04 06", `#0 [#1 "Foo"{"x": 5}, #2 "Foo"(traits #0){"x": 6}]`},
		{"class and names by reference", "09 05 01 0A 13 07 'Foo' 03 'x' 04 05 0A 13 00 02 04 06", `#0 [#1 "Foo"{"x": 5}, #2 "Foo"@0{"x"@1: 6}]`},
		{"object reference", "09 05 01 0A 0B 01 01 0A 02", `#0 [#1 {}, ref #1]`},
		{"cycle", "0A 0B 01 09 'self' 0A 00 01", `#0 {"self": ref #0}`},
		{"XML", "0B 03 'x'", `#0 XML("x")`},
		{"ByteArray", "0C 07 01 02 03", "#0 ByteArray(3 bytes: 010203)"},
		{"empty ByteArray enters the table", "0C 01 0C 00", "ref #0"},
		{"Vector.<int>", "0D 05 00 FF FF FF FF 00 00 00 01", "#0 Vector.<int>[-1, 1]"},
		{"Vector.<uint>, fixed", "0E 03 01 FF FF FF FF", "#0 Vector.<uint>[4294967295] fixed"},
		{"Vector.<Number>, odd fixed byte", "0F 03 07 3F F0 00 00 00 00 00 00", "#0 Vector.<Number>[1] fixed=0x7"},
		{"Vector.<Object>", "10 05 00 03 '*' 04 01 06 03 'a'", `#0 Vector.<"*">[1, "a"]`},
		{"Dictionary", "11 03 00 06 03 'k' 04 07", `#0 Dictionary{"k" => 7}`},
		{"Dictionary, object key, weak", "11 03 01 0A 0B 01 01 04 07", `#0 Dictionary{#1 {} => 7} weak`},
		{"ArrayCollection", "0A 07 43 'flex.messaging.io.ArrayCollection' 09 03 01 04 01", `#0 "flex.messaging.io.ArrayCollection"(externalizable) #1 [1]`},
		{"opaque externalizable", "0A 07 07 'Foo' DE AD BE EF", `#0 "Foo"(externalizable) opaque(4 bytes: deadbeef)`},
		{"externalizable, insignificant bits", "0A 17 07 'Foo' 01", `#0 "Foo"(externalizable, header 0x17) opaque(1 bytes: 01)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vals := roundTrip(t, hx(t, c.in))
			if got := vals[len(vals)-1].String(); got != c.text {
				t.Errorf("text %s, want %s", got, c.text)
			}
		})
	}
}

func TestErrorsCarryTheOffset(t *testing.T) {
	deep := bytes.Repeat([]byte{0x09, 0x03, 0x01}, 200)
	cases := []struct {
		name, in string
		raw      []byte
		off      int64
		kind     error
	}{
		{name: "truncated U29", in: "04 FF FF", off: 1, kind: wire.ErrTruncated},
		{name: "string reference to nothing", in: "06 02", off: 1, kind: ErrBadReference},
		{name: "object reference to nothing", in: "0A 00", off: 1, kind: ErrBadReference},
		{name: "traits reference to nothing", in: "0A 05", off: 1, kind: ErrBadReference},
		{name: "reference of another marker", in: "09 01 01 0A 00", off: 4, kind: ErrBadReference},
		{name: "no end of dynamic members", in: "0A 0B 01 03 'a' 04 01", off: 7, kind: wire.ErrTruncated},
		{name: "dense count past the input", in: "09 FF FF FF 7F 01", off: 1, kind: wire.ErrTruncated},
		{name: "Dictionary count past the input", in: "11 BF FF FF FF 00", off: 1, kind: wire.ErrTruncated},
		{name: "vector elements past the input", in: "0D BF FF FF FF 00", off: 6, kind: wire.ErrTruncated},
		{name: "sealed count past the input", in: "0A BF FF FF F3 01", off: 1, kind: wire.ErrTruncated},
		{name: "string past the input", in: "06 0B 'hel'", off: 2, kind: wire.ErrTruncated},
		{name: "unknown marker", in: "12", off: 0, kind: ErrUnknownMarker},
		{name: "depth bomb", raw: deep, off: 3 * 128, kind: wire.ErrLimit},
		{name: "truncated double", in: "05 00 00", off: 1, kind: wire.ErrTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.raw
			if in == nil {
				in = hx(t, c.in)
			}
			var d Decoder
			_, err := d.Decode(in)
			var we *wire.Error
			if !errors.As(err, &we) {
				t.Fatalf("error %v, want a *wire.Error", err)
			}
			if we.Offset != c.off || !errors.Is(err, c.kind) {
				t.Errorf("%v: offset %d, want %d and kind %v", err, we.Offset, c.off, c.kind)
			}
		})
	}
}

func TestFailedNextLeavesNoTrace(t *testing.T) {
	var d Decoder
	if _, _, err := d.Next(hx(t, "06 07 'abc'")); err != nil {
		t.Fatal(err)
	}
	// A string that joins the table, then a bad reference: the failed
	// value's string must not stay in the table.
	if _, _, err := d.Next(hx(t, "09 03 03 'x' 06 04 01 01")); err == nil {
		t.Fatal("want an error")
	}
	v, _, err := d.Next(hx(t, "06 02"))
	if err == nil {
		t.Fatalf("reference 1 resolved to %v after a failed value", v)
	}
	v, _, err = d.Next(hx(t, "06 00"))
	if s, _ := v.Str(); err != nil || s != "abc" {
		t.Fatalf("%v %v, want abc", v, err)
	}
}

func TestCycleToGo(t *testing.T) {
	v := roundTrip(t, hx(t, "0A 0B 01 09 'self' 0A 00 03 'n' 04 02 01"))[0]
	m, ok := v.ToGo().(map[string]any)
	if !ok || m["self"] != Cycle(0) || m["n"] != int32(2) {
		t.Fatalf("ToGo %#v", v.ToGo())
	}
}

func TestSharedReferenceToGo(t *testing.T) {
	v := roundTrip(t, hx(t, "09 05 01 0A 0B 01 03 'a' 04 01 01 0A 02"))[0]
	s := v.ToGo().([]any)
	a, b := s[0].(map[string]any), s[1].(map[string]any)
	a["probe"] = true
	if b["probe"] != true {
		t.Fatal("a reference converts to the same map as its target")
	}
}

func TestDecodeAllocatesNothingOnceWarm(t *testing.T) {
	in := hx(t, "09 07 01 0A 13 07 'Foo' 03 'x' 04 05 0A 01 04 06 0A 0B 01 03 'a' 06 00 03 'b' 0C 03 07 01")
	var d Decoder
	if _, err := d.Decode(in); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := d.Decode(in); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per Decode, want 0", n)
	}
	var e Encoder
	vals, _ := d.Decode(in)
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() {
		e.Reset()
		if _, err := e.Append(buf[:0], vals[0]); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per Append, want 0", n)
	}
}

func TestCloneOutlivesTheDecoder(t *testing.T) {
	in := hx(t, "09 07 01 0A 0B 01 09 'self' 0A 02 01 0A 13 07 'Foo' 03 'x' 06 03 'y' 0A 05 06 06")
	var d Decoder
	vals, err := d.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	want := vals[0].String()
	c := vals[0].Clone()
	for i := range in {
		in[i] = 0xEE
	}
	if _, err := d.Decode(hx(t, "09 03 01 06 05 'zz'")); err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != want {
		t.Fatalf("clone reads %s after the input and decoder were reused, want %s", got, want)
	}
	out, err := c.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, hx(t, "09 07 01 0A 0B 01 09 'self' 0A 02 01 0A 13 07 'Foo' 03 'x' 06 03 'y' 0A 05 06 06")) {
		t.Fatalf("clone writes % x", out)
	}
}

// BenchmarkDecodeRemoting decodes a Flex remoting-style payload (an
// ArrayCollection of typed objects sharing traits and strings) with a
// reused Decoder and with a fresh one per payload.
func BenchmarkDecodeRemoting(b *testing.B) {
	in := remotingPayload(b)
	var d Decoder
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Decode(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFreshRemoting(b *testing.B) {
	in := remotingPayload(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeRemoting(b *testing.B) {
	vals, err := Decode(remotingPayload(b))
	if err != nil {
		b.Fatal(err)
	}
	var e Encoder
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		e.Reset()
		if buf, err = e.Append(buf[:0], vals[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// remotingPayload: 12 com.example.Quote objects in an ArrayCollection,
// the first with inline traits, the rest by traits reference, repeated
// strings by string reference.
func remotingPayload(tb testing.TB) []byte {
	tb.Helper()
	t := &Traits{Class: Name("com.example.Quote"), Sealed: []Str{Name("symbol"), Name("price"), Name("volume"), Name("exchange")}}
	items := make([]Value, 12)
	for i := range items {
		sealed := []Value{String("SYM" + string(rune('A'+i))), Double(100 + float64(i)), Integer(int32(1000 * i)), StringRef("NASDAQ", 7)}
		if i == 0 {
			sealed[3] = String("NASDAQ")
			items[i] = Object(t, sealed)
		} else {
			items[i] = ObjectTraitsRef(t, 1, sealed)
		}
	}
	out, err := AppendPayload(nil, External("flex.messaging.io.ArrayCollection", Array(nil, items...)))
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestBuildersWriteTheShortestForms: what each builder writes, the zero
// Str (an anonymous class name) included.
func TestBuildersWriteTheShortestForms(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{Anonymous(Member{Key: Name("a"), Value: Integer(1)}), "0A 0B 01 03 'a' 04 01 01"},
		{Object(&Traits{}, nil), "0A 03 01"},
		{Number(3), "04 03"},
		{Number(0.5), "05 3FE0000000000000"},
		{Number(MaxInteger + 1), "05 41B0000000000000"},
		{String("hello").WithHeaderLen(3), "06 80 80 0B 'hello'"},
		{VectorObject(true, AnyTypeName), "10 01 01 03 '*'"},
		{Dictionary(false, String("k"), Null()), "11 03 00 06 03 'k' 01"},
	} {
		got, err := c.v.Append(nil)
		if want := hx(t, c.want); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%v: % x, %v; want % x", c.v, got, err, want)
		}
	}
}
