package amf0_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// allocBytes reports the bytes f allocates, averaged over runs. It reads
// process-wide counters, so runs must be many enough to drown the
// runtime's own background allocations.
func allocBytes(runs int, f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// checkBounded asserts that decoding b fails with kind at off and
// allocates no more than an error report costs, however large the count
// or length in b claims to be.
func checkBounded(t *testing.T, b []byte, kind error, off int64) {
	t.Helper()
	var d amf0.Decoder
	_, err := d.Decode(b)
	wireErr(t, err, kind, off)
	if n := allocBytes(200, func() { d.Decode(b) }); n > 1024 {
		t.Errorf("decoding %d hostile bytes allocates %d bytes per run", len(b), n)
	}
}

func TestHostileStrictArrayCount(t *testing.T) {
	// count 0xFFFFFFFF in a 6-byte input: 4294967295 elements cannot fit
	// in the one byte left, so nothing is decoded or sized from it.
	b := testkit.Hex(t, "0a ffffffff 05")
	checkBounded(t, b, io.ErrUnexpectedEOF, 5)
	// Inside an object, with the path in the error.
	_, err := amf0.Decode(testkit.Hex(t, "03 0001 78 0a ffffffff 05"))
	if we := wireErr(t, err, io.ErrUnexpectedEOF, 9); we.Field != `[0]["x"].elements` {
		t.Errorf("Field = %q", we.Field)
	}
}

func TestHostileECMACount(t *testing.T) {
	// The count is advisory: 0xFFFFFFFF with one property decodes, keeps
	// the count, and sizes nothing from it.
	b := testkit.Hex(t, "08 ffffffff 0001 61 05 0000 09")
	var d amf0.Decoder
	vals := roundTrip(t, &d, b)
	wantECMA(t, vals[0], 0xffffffff)
	if n := testkit.AllocsPerRun(t, 100, func() { d.Decode(b) }); n != 0 {
		t.Errorf("ECMA count 0xFFFFFFFF: %v allocations per decode", n)
	}
	checkBounded(t, testkit.Hex(t, "08 ffffffff"), io.ErrUnexpectedEOF, 5)
	checkBounded(t, testkit.Hex(t, "08 ffffffff 0001 61"), io.ErrUnexpectedEOF, 8)
}

func TestHostileLongLengths(t *testing.T) {
	checkBounded(t, testkit.Hex(t, "0c ffffffff 61"), io.ErrUnexpectedEOF, 5)
	checkBounded(t, testkit.Hex(t, "0f ffffffff 3c"), io.ErrUnexpectedEOF, 5)
	checkBounded(t, testkit.Hex(t, "0c 80000000"), io.ErrUnexpectedEOF, 5)
}

func TestHostileStringPastEnd(t *testing.T) {
	checkBounded(t, testkit.Hex(t, "02 0005 6162"), io.ErrUnexpectedEOF, 3)
	checkBounded(t, testkit.Hex(t, "02 ffff"), io.ErrUnexpectedEOF, 3)
	checkBounded(t, testkit.Hex(t, "03 ffff 6162"), io.ErrUnexpectedEOF, 3)     // key
	checkBounded(t, testkit.Hex(t, "10 0009 6162"), io.ErrUnexpectedEOF, 3)     // class name
	checkBounded(t, testkit.Hex(t, "03 0001 61 02 00"), io.ErrUnexpectedEOF, 5) // length itself cut
}

// nest builds depth complex values inside each other, opening them with
// the given prefixes in turn, with a null at the bottom.
func nest(depth int, opens ...string) []byte {
	var b, tail []byte
	for i := 0; i < depth; i++ {
		switch opens[i%len(opens)] {
		case "object":
			b = append(b, 0x03, 0x00, 0x01, 'k')
			tail = append([]byte{0x00, 0x00, 0x09}, tail...)
		case "ecma":
			b = append(b, 0x08, 0, 0, 0, 1, 0x00, 0x01, 'k')
			tail = append([]byte{0x00, 0x00, 0x09}, tail...)
		case "typed":
			b = append(b, 0x10, 0x00, 0x01, 'C', 0x00, 0x01, 'k')
			tail = append([]byte{0x00, 0x00, 0x09}, tail...)
		case "strict":
			b = append(b, 0x0a, 0, 0, 0, 1)
		}
	}
	b = append(b, 0x05)
	return append(b, tail...)
}

// markerOffset returns where the marker of the value at nesting level
// depth (1-based) starts in nest's output.
func markerOffset(depth int, opens ...string) int {
	off := 0
	for i := 0; i < depth-1; i++ {
		switch opens[i%len(opens)] {
		case "object":
			off += 4
		case "ecma":
			off += 8
		case "typed":
			off += 7
		case "strict":
			off += 5
		}
	}
	return off
}

func TestHostileNesting(t *testing.T) {
	for _, opens := range [][]string{
		{"object"}, {"ecma"}, {"typed"}, {"strict"},
		{"object", "strict", "ecma", "typed"},
	} {
		var d amf0.Decoder
		ok := nest(amf0.DefaultMaxDepth, opens...)
		roundTrip(t, &d, ok)
		_, err := d.Decode(nest(amf0.DefaultMaxDepth+1, opens...))
		wireErr(t, err, wire.ErrLimit, int64(markerOffset(amf0.DefaultMaxDepth+1, opens...)))

		d.MaxDepth = 3
		roundTrip(t, &d, nest(3, opens...))
		_, err = d.Decode(nest(4, opens...))
		wireErr(t, err, wire.ErrLimit, int64(markerOffset(4, opens...)))
	}
}

func TestHostileNestingCap(t *testing.T) {
	// A MaxDepth above MaxDepthLimit counts as MaxDepthLimit.
	d := amf0.Decoder{Limits: amf0.Limits{MaxDepth: 1 << 30}}
	roundTrip(t, &d, nest(amf0.MaxDepthLimit, "object", "strict"))
	_, err := d.Decode(nest(amf0.MaxDepthLimit+1, "object", "strict"))
	we := wireErr(t, err, wire.ErrLimit, int64(markerOffset(amf0.MaxDepthLimit+1, "object", "strict")))
	// The path is summarised, not spelt out 10000 levels long.
	const want = `[0]["k"][0]["k"][0]["k"][0]["k"][... 9985 levels ...]["k"][0]["k"][0]["k"][0]["k"][0].marker`
	if we.Field != want {
		t.Errorf("Field = %q\nwant    %q", we.Field, want)
	}
}

// TestHostile16MiBNestedObjects: the largest RTMP message, all object
// openings, must fail at the depth limit with bounded memory instead of
// recursing until the process dies.
func TestHostile16MiBNestedObjects(t *testing.T) {
	const size = 16 << 20
	unit := []byte{0x03, 0x00, 0x01, 'k'}
	b := bytes.Repeat(unit, size/len(unit))
	for _, max := range []int{0, amf0.MaxDepthLimit} {
		d := amf0.Decoder{Limits: amf0.Limits{MaxDepth: max}}
		want := max
		if want == 0 {
			want = amf0.DefaultMaxDepth
		}
		_, err := d.Decode(b)
		wireErr(t, err, wire.ErrLimit, int64(want*len(unit)))
		if n := allocBytes(20, func() { d.Decode(b) }); n > 4096 {
			t.Errorf("MaxDepth %d: %d bytes allocated per decode of 16 MiB", max, n)
		}
	}
	// The same bytes as a strict array of objects: one value each, so the
	// value budget stops it, at the count, before any element is decoded
	// or any slot reserved.
	d := amf0.Decoder{Limits: amf0.Limits{MaxValues: 1000}}
	arr := append(testkit.Hex(t, "0a 00100000"), bytes.Repeat(testkit.Hex(t, "03 0000 09"), 1<<20)...)
	_, err := d.Decode(arr)
	wireErr(t, err, wire.ErrLimit, 1)
	if n := allocBytes(20, func() { d.Decode(arr) }); n > 4096 {
		t.Errorf("a 2^20-element array over a budget of 1000 values allocated %d bytes per decode", n)
	}
}

func TestHostileObjectEndAsValue(t *testing.T) {
	for _, c := range []struct {
		hex string
		off int64
	}{
		{"09", 0},
		{"05 09", 1},
		{"03 0001 61 09", 4},
		{"08 00000000 0001 61 09", 8},
		{"0a 00000001 09", 5},
		{"10 0001 43 0001 61 09", 7},
	} {
		_, err := amf0.Decode(testkit.Hex(t, c.hex))
		wireErr(t, err, wire.ErrMalformed, c.off)
	}
}

func TestHostileKeyWithoutValue(t *testing.T) {
	_, err := amf0.Decode(testkit.Hex(t, "03 0001 61"))
	if we := wireErr(t, err, io.ErrUnexpectedEOF, 4); we.Field != `[0]["a"].marker` {
		t.Errorf("Field = %q", we.Field)
	}
	_, err = amf0.Decode(testkit.Hex(t, "08 00000001 0003 616263"))
	wireErr(t, err, io.ErrUnexpectedEOF, 10)
}

func TestHostileMissingEndMarker(t *testing.T) {
	for _, c := range []struct {
		hex   string
		off   int64
		field string
	}{
		{"03", 1, "[0].key.length"},
		{"03 0001 61 05", 5, "[0].key.length"},
		{"03 0001 61 05 00", 5, "[0].key.length"},
		{"03 0001 61 05 0000", 7, "[0].end"},
		{"08 00000000 0000", 7, "[0].end"},
		{"10 0001 43 0000", 6, "[0].end"},
		{"03 0001 61 03 0000 09", 8, "[0].key.length"},
	} {
		_, err := amf0.Decode(testkit.Hex(t, c.hex))
		if we := wireErr(t, err, io.ErrUnexpectedEOF, c.off); we.Field != c.field {
			t.Errorf("%s: Field = %q, want %q", c.hex, we.Field, c.field)
		}
	}
}

func TestHostileReferenceOutOfRange(t *testing.T) {
	for _, c := range []struct {
		hex string
		off int64
	}{
		{"07 0000", 1},
		{"07 ffff", 1},
		{"03 0000 09 07 0001", 5},
		{"0a 00000001 07 0001", 6},
	} {
		_, err := amf0.Decode(testkit.Hex(t, c.hex))
		wireErr(t, err, amf0.ErrBadReference, c.off)
		if !errors.Is(err, wire.ErrMalformed) {
			t.Errorf("%s: %v is not ErrMalformed", c.hex, err)
		}
	}
}

func TestHostileReferenceToOpenValue(t *testing.T) {
	for _, c := range []struct {
		name, hex string
		off       int64
	}{
		{"object refers to itself", "03 0001 61 07 0000 0000 09", 5},
		{"strict array refers to itself", "0a 00000001 07 0000", 6},
		{"inner object refers to its parent", "03 0001 61 03 0001 62 07 0000 0000 09 0000 09", 9},
		{"ECMA array inside strict array refers to the array", "0a 00000001 08 00000000 0001 61 07 0000 0000 09", 14},
		{"typed object refers to itself", "10 0001 43 0001 61 07 0000 0000 09", 8},
	} {
		_, err := amf0.Decode(testkit.Hex(t, c.hex))
		wireErr(t, err, amf0.ErrBadReference, c.off)
	}
}

func TestHostileReservedMarkers(t *testing.T) {
	for _, m := range []byte{0x04, 0x0e} {
		_, err := amf0.Decode([]byte{0x05, m})
		we := wireErr(t, err, amf0.ErrReservedMarker, 1)
		if !errors.Is(err, wire.ErrMalformed) || errors.Is(err, wire.ErrUnsupported) {
			t.Errorf("%#x: wrong kind %v", m, err)
		}
		if !bytes.Contains([]byte(we.Expected), []byte("reserved")) {
			t.Errorf("%#x: Expected %q does not say reserved", m, we.Expected)
		}
	}
}

// TestAVMPlusSwitchesOneValue: after marker 0x11 one AMF3 value follows,
// then AMF0 resumes; an error inside it is the amf3 layer's, at its
// offset in the AMF0 payload.
func TestAVMPlusSwitchesOneValue(t *testing.T) {
	in := testkit.Hex(t, "03 0001 61 11 04 01 0001 62 11 06 03 78 0000 09 02 0001 79")
	vals, err := amf0.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := vals[0].Get("a").AMF3()
	if i, _ := a.Int(); !ok || i != 1 || vals[0].Get("b").Kind() != amf0.KindAMF3 || vals[1].Kind() != amf0.KindString {
		t.Fatalf("decoded %v", vals)
	}
	out, err := amf0.AppendPayload(nil, vals...)
	if err != nil || !bytes.Equal(out, in) || amf0.PayloadSize(vals...) != len(in) {
		t.Fatalf("re-encoded %x (%v), PayloadSize %d, want %x", out, err, amf0.PayloadSize(vals...), in)
	}
	_, err = amf0.Decode(testkit.Hex(t, "03 0001 61 11 0a 00 0000 09"))
	var we *wire.Error
	if !errors.As(err, &we) || we.Layer != "amf3" || we.Offset != 6 || !errors.Is(err, amf3.ErrBadReference) {
		t.Errorf("AMF3 reference to nothing: %v, want an amf3 ErrBadReference at offset 6", err)
	}
}

// TestAMF3ScopeAcrossValues: with the default scope the second AMF3 value
// may refer to the first's string; with AMF3PerValue it may not.
func TestAMF3ScopeAcrossValues(t *testing.T) {
	in := testkit.Hex(t, "11 06 07 616263 11 06 00")
	var d amf0.Decoder
	vals, err := d.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := vals[1].AMF3(); !v.IsRef() || v.Len() != 3 {
		t.Fatalf("second value %v, want a reference to \"abc\"", vals[1])
	}
	if out, err := amf0.AppendPayload(nil, vals...); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, %v", out, err)
	}
	d.AMF3Scope = amf0.AMF3PerValue
	if _, err := d.Decode(in); !errors.Is(err, amf3.ErrBadReference) {
		t.Fatalf("per-value scope: %v, want amf3.ErrBadReference", err)
	}
	own := testkit.Hex(t, "11 06 07 616263 11 06 07 616263")
	vals, err = d.Decode(own)
	if err != nil || !vals[1].FreshTables() {
		t.Fatalf("%v %v", vals, err)
	}
	if out, err := amf0.AppendPayload(nil, vals...); err != nil || !bytes.Equal(out, own) {
		t.Fatalf("per-value values re-encoded %x, %v", out, err)
	}
}

func TestHostileUnknownMarkers(t *testing.T) {
	for m := 0x12; m <= 0xff; m++ {
		_, err := amf0.Decode([]byte{0x0a, 0, 0, 0, 1, byte(m)})
		wireErr(t, err, amf0.ErrUnknownMarker, 5)
		if errors.Is(err, amf0.ErrReservedMarker) {
			t.Errorf("%#x: %v", m, err)
		}
	}
}

func TestHostileStringLimit(t *testing.T) {
	d := amf0.Decoder{Limits: amf0.Limits{MaxStringBytes: 4}}
	roundTrip(t, &d, testkit.Hex(t, "02 0004 61626364"))
	_, err := d.Decode(testkit.Hex(t, "02 0005 6162636465"))
	wireErr(t, err, wire.ErrLimit, 1)
	_, err = d.Decode(testkit.Hex(t, "05 0c 00000005 6162636465"))
	wireErr(t, err, wire.ErrLimit, 2)
	_, err = d.Decode(testkit.Hex(t, "03 0005 6162636465 05 0000 09"))
	wireErr(t, err, wire.ErrLimit, 1)
	_, err = d.Decode(testkit.Hex(t, "10 0005 6162636465 0000 09"))
	wireErr(t, err, wire.ErrLimit, 1)
	// Input that ends early is truncated first, whatever the limit says.
	_, err = d.Decode(testkit.Hex(t, "0f ffffffff 61"))
	wireErr(t, err, io.ErrUnexpectedEOF, 5)
}

func TestHostileValueLimit(t *testing.T) {
	d := amf0.Decoder{Limits: amf0.Limits{MaxValues: 3}}
	roundTrip(t, &d, testkit.Hex(t, "0a 00000002 05 05"))
	// An array announcing more elements than the budget has left fails at
	// its count: its slots are reserved up front.
	_, err := d.Decode(testkit.Hex(t, "0a 00000003 05 05 05"))
	wireErr(t, err, wire.ErrLimit, 1)
	_, err = d.Decode(testkit.Hex(t, "0a 00000001 0a 00000002 05 05"))
	wireErr(t, err, wire.ErrLimit, 6)
	// Elements announced by an enclosing array count too.
	_, err = d.Decode(testkit.Hex(t, "0a 00000002 0a 00000001 05 05"))
	wireErr(t, err, wire.ErrLimit, 6)
	_, err = d.Decode(testkit.Hex(t, "05 05 05 05"))
	wireErr(t, err, wire.ErrLimit, 3)
}

// TestHostileErrorsNeverPanic throws every 1- and 2-byte input and a set
// of mutations of the document vectors at the decoder: each must decode
// and round-trip or fail with an amf0 *wire.Error inside the input.
func TestHostileErrorsNeverPanic(t *testing.T) {
	var inputs [][]byte
	for a := 0; a < 256; a++ {
		inputs = append(inputs, []byte{byte(a)})
		for b := 0; b < 256; b++ {
			inputs = append(inputs, []byte{byte(a), byte(b)})
		}
	}
	base := testkit.Hex(t, connectSOSample)
	for i := range base {
		for _, x := range []byte{0x00, 0x09, 0x07, 0xff, base[i] ^ 0x01} {
			m := bytes.Clone(base)
			m[i] = x
			inputs = append(inputs, m)
		}
	}
	var d amf0.Decoder
	for _, in := range inputs {
		vals, err := d.Decode(in)
		if err == nil {
			out, err := amf0.AppendPayload(nil, vals...)
			if err != nil || !bytes.Equal(out, in) {
				t.Fatalf("%x decodes but re-encodes to %x, %v", in, out, err)
			}
			continue
		}
		var we *wire.Error
		if !errors.As(err, &we) || we.Layer != "amf0" && we.Layer != "amf3" || we.Offset < 0 || we.Offset > int64(len(in)) {
			t.Fatalf("%x: bad error %v", in, err)
		}
	}
}

// TestNextAfterError: a failed Next leaves no trace. Issue 13, defect 1:
// containers that completed inside the failed value stayed in the reference
// table while their arena slots were reused, so a later reference resolved
// to another value's data. Every reference must now resolve as in a decoder
// that never saw the failed input.
func TestNextAfterError(t *testing.T) {
	first := testkit.Hex(t, "03 0001 61 03 0001 78 00 3ff0000000000000 0000 09 0000 09")
	failing := testkit.Hex(t, "03 0001 62 03 0001 79 02 0002 7a7a 0000 09 0001 63 00 01") // the number is cut
	third := testkit.Hex(t, "03 0001 64 03 0001 77 02 0003 717171 0000 09 0000 09")
	var d, clean amf0.Decoder
	for _, step := range []struct {
		in      []byte
		fails   bool
		inClean bool
	}{{first, false, true}, {failing, true, false}, {third, false, true}} {
		_, _, err := d.Next(step.in)
		if (err != nil) != step.fails {
			t.Fatalf("Next(%x): %v", step.in, err)
		}
		if step.inClean {
			if _, _, err := clean.Next(step.in); err != nil {
				t.Fatal(err)
			}
		}
	}
	for ref := 0; ref < 6; ref++ {
		in := []byte{0x07, 0, byte(ref)}
		got, _, gotErr := d.Next(in)
		want, _, wantErr := clean.Next(in)
		if (gotErr != nil) != (wantErr != nil) || got.String() != want.String() {
			t.Errorf("reference %d: %v, %v; a decoder that never saw the failed value gives %v, %v", ref, got, gotErr, want, wantErr)
		}
	}
}
