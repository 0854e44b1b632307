package amf0_test

import (
	"io"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// markerVectors holds one or more payloads per marker 0x00-0x10 (0x04,
// 0x09 and 0x0E cannot start a value; 0x09 appears as the terminator), and
// the wire choices a byte-exact codec must keep. check inspects the decoded
// values.
var markerVectors = []struct {
	name  string
	hex   string
	check func(t *testing.T, vals []amf0.Value)
}{
	{"number 1", "00 3ff0000000000000", func(t *testing.T, v []amf0.Value) { wantNum(t, v[0], 1) }},
	{"number -0", "00 8000000000000000", func(t *testing.T, v []amf0.Value) {
		f, _ := v[0].Number()
		if f != 0 || !math.Signbit(f) {
			t.Errorf("got %v, want -0", f)
		}
	}},
	{"number quiet NaN with payload", "00 7ff8000000000123", func(t *testing.T, v []amf0.Value) {
		f, _ := v[0].Number()
		if math.Float64bits(f) != 0x7ff8000000000123 {
			t.Errorf("bits %x", math.Float64bits(f))
		}
	}},
	{"number signalling NaN", "00 7ff0000000000001", nil},
	{"number -Inf", "00 fff0000000000000", func(t *testing.T, v []amf0.Value) { wantNum(t, v[0], math.Inf(-1)) }},
	{"boolean false", "01 00", func(t *testing.T, v []amf0.Value) { wantBool(t, v[0], false, 0) }},
	{"boolean true", "01 01", func(t *testing.T, v []amf0.Value) { wantBool(t, v[0], true, 1) }},
	{"boolean true written 0x02", "01 02", func(t *testing.T, v []amf0.Value) { wantBool(t, v[0], true, 2) }},
	{"boolean true written 0xff", "01 ff", func(t *testing.T, v []amf0.Value) { wantBool(t, v[0], true, 0xff) }},
	{"string empty", "02 0000", func(t *testing.T, v []amf0.Value) { wantStr(t, v[0], "") }},
	{"string", "02 0005 68656c6c6f", func(t *testing.T, v []amf0.Value) { wantStr(t, v[0], "hello") }},
	{"string invalid UTF-8", "02 0003 ff c3 28", func(t *testing.T, v []amf0.Value) { wantStr(t, v[0], "\xff\xc3(") }},
	{"string with NUL", "02 0003 610062", func(t *testing.T, v []amf0.Value) { wantStr(t, v[0], "a\x00b") }},
	{"object empty", "03 0000 09", func(t *testing.T, v []amf0.Value) {
		if v[0].Kind() != amf0.KindObject || v[0].Len() != 0 || v[0].Props() != nil {
			t.Errorf("got %v", v[0])
		}
	}},
	{"object nested", "03 0001 61 03 0001 62 05 0000 09 0001 63 06 0000 09", func(t *testing.T, v []amf0.Value) {
		wantProps(t, v[0], "a", "c")
		wantProps(t, v[0].Get("a"), "b")
		if v[0].Get("a").Get("b").Kind() != amf0.KindNull || v[0].Get("c").Kind() != amf0.KindUndefined {
			t.Errorf("got %v", v[0])
		}
	}},
	{"object duplicate keys", "03 0001 6b 00 3ff0000000000000 0001 6a 05 0001 6b 00 4000000000000000 0000 09",
		func(t *testing.T, v []amf0.Value) {
			wantProps(t, v[0], "k", "j", "k")
			wantNum(t, v[0].Props()[0].Value, 1)
			wantNum(t, v[0].Get("k"), 2) // the last one wins, as in a receiver's map
		}},
	{"object property with empty key", "03 0000 05 0001 61 06 0000 09", func(t *testing.T, v []amf0.Value) {
		wantProps(t, v[0], "", "a")
		if v[0].Get("").Kind() != amf0.KindNull {
			t.Errorf("got %v", v[0])
		}
	}},
	{"object key invalid UTF-8", "03 0002 fffe 05 0000 09", func(t *testing.T, v []amf0.Value) { wantProps(t, v[0], "\xff\xfe") }},
	{"null", "05", func(t *testing.T, v []amf0.Value) { wantKind(t, v[0], amf0.KindNull, amf0.MarkerNull) }},
	{"undefined", "06", func(t *testing.T, v []amf0.Value) { wantKind(t, v[0], amf0.KindUndefined, amf0.MarkerUndefined) }},
	{"reference to earlier object", "03 0001 61 05 0000 09 07 0000", func(t *testing.T, v []amf0.Value) {
		wantRef(t, v[1], 0, v[0])
	}},
	{"reference inside its parent to a finished sibling", "03 0001 61 03 0000 09 0001 62 07 0001 0000 09",
		func(t *testing.T, v []amf0.Value) { wantRef(t, v[0].Get("b"), 1, v[0].Get("a")) }},
	{"reference to strict array and ECMA array", "0a 00000000 08 00000000 0000 09 07 0001 07 0000",
		func(t *testing.T, v []amf0.Value) {
			wantRef(t, v[2], 1, v[1])
			wantRef(t, v[3], 0, v[0])
		}},
	{"ECMA array count matches", "08 00000001 0001 61 00 3ff0000000000000 0000 09", func(t *testing.T, v []amf0.Value) {
		wantECMA(t, v[0], 1)
		wantNum(t, v[0].Get("a"), 1)
	}},
	{"ECMA array count 0 with properties", "08 00000000 0001 61 05 0001 62 05 0000 09",
		func(t *testing.T, v []amf0.Value) {
			wantECMA(t, v[0], 0)
			wantProps(t, v[0], "a", "b")
		}},
	{"ECMA array count 0xFFFFFFFF", "08 ffffffff 0001 61 05 0000 09", func(t *testing.T, v []amf0.Value) {
		wantECMA(t, v[0], 0xffffffff)
		wantProps(t, v[0], "a")
	}},
	{"strict array", "0a 00000003 00 3ff0000000000000 02 0001 61 05", func(t *testing.T, v []amf0.Value) {
		e := v[0].Elems()
		if len(e) != 3 || v[0].Len() != 3 {
			t.Fatalf("got %v", v[0])
		}
		wantNum(t, e[0], 1)
		wantStr(t, e[1], "a")
		if x, ok := v[0].Index(2); !ok || x.Kind() != amf0.KindNull {
			t.Errorf("Index(2) = %v", x)
		}
		if _, ok := v[0].Index(3); ok {
			t.Errorf("Index(3) ok on 3 elements")
		}
	}},
	{"strict array empty", "0a 00000000", func(t *testing.T, v []amf0.Value) {
		if v[0].Kind() != amf0.KindStrictArray || v[0].Elems() != nil {
			t.Errorf("got %v", v[0])
		}
	}},
	{"strict array nested", "0a 00000002 0a 00000001 05 0a 00000000", nil},
	{"date with time zone", "0b 427176592e000000 ff88", func(t *testing.T, v []amf0.Value) {
		ms, tz, ok := v[0].DateMillis()
		if !ok || tz != -120 || ms != 1.2e12 {
			t.Errorf("DateMillis = %v, %v, %v", ms, tz, ok)
		}
		tm, ok := v[0].Date()
		if want := time.UnixMilli(1.2e12).UTC(); !ok || !tm.Equal(want) {
			t.Errorf("Date = %v, want %v", tm, want)
		}
	}},
	{"date NaN", "0b 7ff8000000000000 0000", func(t *testing.T, v []amf0.Value) {
		if _, ok := v[0].Date(); ok {
			t.Errorf("NaN date converted to a time")
		}
	}},
	{"long string short enough for String", "0c 00000003 616263", func(t *testing.T, v []amf0.Value) {
		s, ok := v[0].Str()
		if !ok || s != "abc" || v[0].Marker() != amf0.MarkerLongString {
			t.Errorf("got %v marker %v", v[0], v[0].Marker())
		}
	}},
	{"long string empty", "0c 00000000", nil},
	{"unsupported", "0d", func(t *testing.T, v []amf0.Value) {
		wantKind(t, v[0], amf0.KindUnsupported, amf0.MarkerUnsupported)
	}},
	{"XML document", "0f 00000004 3c612f3e", func(t *testing.T, v []amf0.Value) {
		s, ok := v[0].XML()
		if !ok || s != "<a/>" {
			t.Errorf("got %v", v[0])
		}
		if _, ok := v[0].Str(); ok {
			t.Errorf("XML document reads as a string")
		}
	}},
	{"typed object", "10 0005 506f696e74 0001 78 00 3ff0000000000000 0001 79 00 4000000000000000 0000 09",
		func(t *testing.T, v []amf0.Value) {
			c, ok := v[0].ClassName()
			if !ok || c != "Point" {
				t.Errorf("class %q", c)
			}
			wantProps(t, v[0], "x", "y")
		}},
	{"typed object empty class name", "10 0000 0000 09", nil},
	{"every kind in one payload", `00 4045000000000000 01 01 02 0001 73 03 0000 09 05 06 07 0000 08 00000000 0000 09
		0a 00000001 05 0b 0000000000000000 0000 0c 00000000 0d 0f 00000000 10 0001 43 0000 09`, nil},
}

func wantKind(t *testing.T, v amf0.Value, k amf0.Kind, m amf0.Marker) {
	t.Helper()
	if v.Kind() != k || v.Marker() != m {
		t.Errorf("got kind %v marker %v, want %v %v", v.Kind(), v.Marker(), k, m)
	}
}

func wantBool(t *testing.T, v amf0.Value, want bool, byt byte) {
	t.Helper()
	b, ok := v.Bool()
	c, _ := v.BoolByte()
	if !ok || b != want || c != byt {
		t.Errorf("got %v (byte %#x), want %v (byte %#x)", b, c, want, byt)
	}
}

func wantECMA(t *testing.T, v amf0.Value, count uint32) {
	t.Helper()
	c, ok := v.ECMACount()
	if !ok || c != count {
		t.Errorf("ECMA count %d ok=%v, want %d", c, ok, count)
	}
}

func wantRef(t *testing.T, ref amf0.Value, idx uint16, target amf0.Value) {
	t.Helper()
	i, ok := ref.RefIndex()
	if !ok || i != idx {
		t.Fatalf("got %v, want ref(%d)", ref, idx)
	}
	got, ok := ref.Resolve()
	if !ok {
		t.Fatalf("ref(%d) does not resolve", idx)
	}
	a, _ := got.Append(nil)
	b, _ := target.Append(nil)
	if got.Kind() != target.Kind() || string(a) != string(b) {
		t.Errorf("ref(%d) resolves to %v, want %v", idx, got, target)
	}
}

func TestMarkerVectors(t *testing.T) {
	var d amf0.Decoder
	for _, c := range markerVectors {
		t.Run(c.name, func(t *testing.T) {
			vals := roundTrip(t, &d, testkit.Hex(t, c.hex))
			if c.check != nil {
				c.check(t, vals)
			}
		})
	}
}

func TestMarkerVectorTruncations(t *testing.T) {
	for _, c := range markerVectors {
		checkTruncations(t, c.name, testkit.Hex(t, c.hex))
	}
}

// TestEveryMarkerCovered makes sure the vectors above exercise each value
// marker the specification defines.
func TestEveryMarkerCovered(t *testing.T) {
	seen := map[amf0.Marker]bool{}
	var walk func(v amf0.Value)
	walk = func(v amf0.Value) {
		seen[v.Marker()] = true
		for _, p := range v.Props() {
			walk(p.Value)
		}
		for _, e := range v.Elems() {
			walk(e)
		}
	}
	for _, c := range markerVectors {
		vals, err := amf0.Decode(testkit.Hex(t, c.hex))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			walk(v)
		}
	}
	for _, m := range amf0.MarkerValues {
		if m.Reserved() || m == amf0.MarkerObjectEnd || m == amf0.MarkerAVMPlus {
			continue
		}
		if !seen[m] {
			t.Errorf("no vector decodes marker %v", m)
		}
	}
}

// TestDecodeValue reads one value off the front and leaves the rest.
func TestDecodeValue(t *testing.T) {
	b := testkit.Hex(t, "03 0001 61 05 0000 09 ee ff")
	var d amf0.Decoder
	v, n, err := d.DecodeValue(b)
	if err != nil || n != 8 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	wantProps(t, v, "a")
	// A fresh DecodeValue is a fresh payload: ref 0 has nothing to point at.
	if _, _, err := d.DecodeValue(testkit.Hex(t, "07 0000")); err == nil {
		t.Errorf("reference decoded with an empty table")
	}
}

// TestNextSharesTable decodes values one by one as parts of one payload,
// the way a shared-object event interleaves names and values.
func TestNextSharesTable(t *testing.T) {
	var d amf0.Decoder
	d.Reset()
	first := testkit.Hex(t, "03 0001 61 02 0001 78 0000 09")
	obj, n, err := d.Next(first)
	if err != nil || n != len(first) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	ref, n, err := d.Next(testkit.Hex(t, "07 0000 ff"))
	if err != nil || n != 3 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	wantRef(t, ref, 0, obj)
	// obj is still intact after the second Next.
	wantStr(t, obj.Get("a"), "x")
	// An error's offset counts from the slice given to Next.
	_, _, err = d.Next(testkit.Hex(t, "07 0005"))
	wireErr(t, err, amf0.ErrBadReference, 1)
	d.Reset()
	if _, _, err := d.Next(testkit.Hex(t, "07 0000")); err == nil {
		t.Errorf("reference survived Reset")
	}
}

// TestDecoderReuse decodes different payloads with one decoder and checks
// each result against a fresh decoder's.
func TestDecoderReuse(t *testing.T) {
	var reused amf0.Decoder
	for round := 0; round < 3; round++ {
		for _, c := range markerVectors {
			b := testkit.Hex(t, c.hex)
			vals, err := reused.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := amf0.AppendPayload(nil, vals...)
			if string(got) != string(b) {
				t.Errorf("round %d %s: reused decoder re-encodes to %x", round, c.name, got)
			}
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	vals, err := amf0.Decode(nil)
	if err != nil || len(vals) != 0 {
		t.Errorf("got %v, %v", vals, err)
	}
	if _, _, err := new(amf0.Decoder).DecodeValue(nil); err == nil {
		t.Errorf("DecodeValue(nil) succeeded")
	}
}

// TestPartialDecode: on error Decode still returns the values before the
// failing one.
func TestPartialDecode(t *testing.T) {
	vals, err := amf0.Decode(testkit.Hex(t, "05 02 0001 61 04"))
	we := wireErr(t, err, amf0.ErrReservedMarker, 5)
	if we.Field != "[2].marker" {
		t.Errorf("Field = %q", we.Field)
	}
	if len(vals) != 2 || vals[0].Kind() != amf0.KindNull {
		t.Errorf("partial values %v", vals)
	}
	wantStr(t, vals[1], "a")

	// Complete containers before the failing value keep their properties
	// and elements. Found by FuzzAMF0Decode (an object, then the stray byte 0x30)
	// when the error path released the whole arena.
	var d amf0.Decoder
	vals, err = d.Decode([]byte("\x03\x00\a0000000\x06\x00\x00\t0"))
	wireErr(t, err, amf0.ErrUnknownMarker, 14)
	if len(vals) != 1 || vals[0].Get("0000000").Kind() != amf0.KindUndefined {
		t.Errorf("partial values %v", vals)
	}
	vals, err = d.Decode(testkit.Hex(t, "0a 00000002 03 0001 6b 0a 00000001 00 4000000000000000 0000 09 0a 00000001 05"+
		"0a 00000001 05 0a 00000005 05"))
	wireErr(t, err, io.ErrUnexpectedEOF, 43)
	if len(vals) != 2 {
		t.Fatalf("partial values %v", vals)
	}
	wantNum(t, vals[0].Elems()[0].Get("k").Elems()[0], 2)
	if k := vals[0].Elems()[1].Elems()[0].Kind(); k != amf0.KindNull {
		t.Errorf("[0][1][0] is %v, want null", k)
	}
	if vals[1].Len() != 1 || vals[1].Elems()[0].Kind() != amf0.KindNull {
		t.Errorf("[1] = %v", vals[1])
	}
}

func TestAccessorsRefuseOtherKinds(t *testing.T) {
	n := amf0.Number(1)
	if _, ok := n.Str(); ok {
		t.Error("Str on number")
	}
	if _, ok := n.Bool(); ok {
		t.Error("Bool on number")
	}
	if _, ok := n.BoolByte(); ok {
		t.Error("BoolByte on number")
	}
	if _, ok := n.XML(); ok {
		t.Error("XML on number")
	}
	if _, ok := n.ClassName(); ok {
		t.Error("ClassName on number")
	}
	if _, ok := n.Date(); ok {
		t.Error("Date on number")
	}
	if _, _, ok := n.DateMillis(); ok {
		t.Error("DateMillis on number")
	}
	if _, ok := n.RefIndex(); ok {
		t.Error("RefIndex on number")
	}
	if _, ok := n.ECMACount(); ok {
		t.Error("ECMACount on number")
	}
	if _, ok := amf0.String("x").Number(); ok {
		t.Error("Number on string")
	}
	if n.Props() != nil || n.Elems() != nil || n.Len() != 0 {
		t.Error("children on number")
	}
	if r, ok := n.Resolve(); !ok || r.Kind() != amf0.KindNumber {
		t.Error("Resolve of a non-reference is not itself")
	}
	var zero amf0.Value
	if zero.IsValid() || zero.Kind() != amf0.KindInvalid || zero.Marker() != 0xff {
		t.Errorf("zero Value: kind %v marker %v", zero.Kind(), zero.Marker())
	}
	if _, ok := amf0.Object(amf0.Prop("a", amf0.Null())).Lookup("b"); ok {
		t.Error("Lookup found a missing key")
	}
	if v := amf0.Object().Get("a"); v.IsValid() {
		t.Error("Get of a missing key is valid")
	}
	if _, ok := amf0.Reference(0).Resolve(); ok {
		t.Error("a built reference resolved")
	}
}

// TestDecodeNestingInPlace checks the arena bookkeeping of in-place
// decoding: objects inside objects (whose properties move out of the open
// object's way), arrays inside arrays (slots reserved ahead of their
// children), objects inside arrays inside objects, and enough values that
// every arena grows while containers are open. Each result must be
// structurally right, not only re-encode.
func TestDecodeNestingInPlace(t *testing.T) {
	leaf := func(i int) amf0.Value {
		return amf0.Object(amf0.Prop("i", amf0.Number(float64(i))), amf0.Prop("s", amf0.String(strconv.Itoa(i))))
	}
	var wide []amf0.Value
	for i := 0; i < 300; i++ {
		wide = append(wide, amf0.StrictArray(leaf(i), amf0.Number(float64(i))))
	}
	payload := []amf0.Value{
		amf0.String("head"),
		amf0.Object(
			amf0.Prop("before", amf0.Number(1)),
			amf0.Prop("inner", amf0.ECMAArray(
				amf0.Prop("deep", amf0.TypedObject("C", amf0.Prop("x", amf0.Bool(true)))),
				amf0.Prop("after", amf0.String("a")),
			)),
			amf0.Prop("wide", amf0.StrictArray(wide...)),
			amf0.Prop("nested", amf0.StrictArray(
				amf0.StrictArray(amf0.Number(1), amf0.StrictArray(amf0.Number(2))),
				amf0.StrictArray(),
				amf0.Object(),
			)),
			amf0.Prop("last", amf0.Null()),
		),
		leaf(-1),
	}
	b, err := amf0.AppendPayload(nil, payload...)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]any, len(payload))
	for i, v := range payload {
		want[i] = v.ToGo()
	}
	var d amf0.Decoder
	for round := 0; round < 2; round++ {
		vals := roundTrip(t, &d, b)
		got := make([]any, len(vals))
		for i, v := range vals {
			got[i] = v.ToGo()
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("round %d: decoded values differ (-want +got):\n%s", round, diff)
		}
		obj := vals[1]
		if k := obj.Props()[1].Key; k != "inner" {
			t.Errorf("second key %q, want inner", k)
		}
		if s, _ := obj.Get("wide").Elems()[299].Elems()[0].Get("s").Str(); s != "299" {
			t.Errorf("wide[299][0].s = %q", s)
		}
	}
}

// TestNextAfterFailedNext: a value that fails halfway must not disturb the
// values earlier Next calls returned, nor the ones later calls decode.
func TestNextAfterFailedNext(t *testing.T) {
	var d amf0.Decoder
	d.Reset()
	first := testkit.Hex(t, "03 0001 61 03 0001 62 0a 00000001 00 3ff0000000000000 0000 09 0000 09")
	obj, _, err := d.Next(first)
	if err != nil {
		t.Fatal(err)
	}
	// Fails inside a nested object inside an array inside an object.
	_, _, err = d.Next(testkit.Hex(t, "03 0001 78 0a 00000002 03 0001 79 02 0001"))
	wireErr(t, err, io.ErrUnexpectedEOF, 16)
	next, _, err := d.Next(testkit.Hex(t, "03 0001 7a 0a 00000001 02 0001 71 0000 09"))
	if err != nil {
		t.Fatal(err)
	}
	wantNum(t, obj.Get("a").Get("b").Elems()[0], 1)
	wantStr(t, next.Get("z").Elems()[0], "q")
	// The failed array's unstarted element must not count against the
	// bytes a later array may announce: exactly one byte per element.
	if _, _, err := d.Next(testkit.Hex(t, "0a 00000002 05 05")); err != nil {
		t.Errorf("array after a failed one: %v", err)
	}
}
