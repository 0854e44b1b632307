package amf0_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func TestToGoConnect(t *testing.T) {
	b := testkit.Hex(t, connectSOSample)
	vals, err := amf0.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for _, v := range vals {
		got = append(got, v.ToGo())
	}
	want := []any{
		"connect", 1.0,
		map[string]any{
			"app": "SOSample", "flashVer": "WIN 10,2,159,1", "swfUrl": nil,
			"tcUrl": "rtmp://localhost/SOSample", "fpad": false, "capabilities": 239.0,
			"audioCodecs": 3191.0, "videoCodecs": 252.0, "videoFunction": 1.0, "pageUrl": nil,
		},
		28983.0,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ToGo (-want +got):\n%s", d)
	}
	// ToGo copies strings: scribbling over the input changes nothing.
	for i := range b {
		b[i] = 'Z'
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ToGo result changed with the input:\n%s", d)
	}
}

func TestToGoKinds(t *testing.T) {
	vals, err := amf0.Decode(testkit.Hex(t, `
		00 7ff8000000000000
		01 02
		0c 00000001 61
		0f 00000001 62
		06 0d
		0b 427176592e000000 ff88
		10 0001 43 0001 78 05 0001 78 01 01 0000 09
		08 00000007 0001 30 05 0000 09
		0a 00000002 00 3ff0000000000000 02 0000`))
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for _, v := range vals {
		got = append(got, v.ToGo())
	}
	want := []any{
		math.NaN(), true, "a", "b", nil, nil,
		time.UnixMilli(1.2e12).UTC(),
		map[string]any{"x": true}, // duplicates: the last wins; class name dropped
		map[string]any{"0": nil},
		[]any{1.0, ""},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("ToGo (-want +got):\n%s", d)
	}
	if (amf0.Value{}).ToGo() != nil || amf0.Reference(0).ToGo() != nil {
		t.Errorf("zero Value or built reference converts to non-nil")
	}
}

// TestToGoSharesReferences: every reference to one object gives the same
// map, and a fan-out of references stays linear.
func TestToGoSharesReferences(t *testing.T) {
	// o0 = {a: null}; o_i = {l: ref(i-1), r: ref(i-1)} for 40 levels: a
	// naive conversion would build 2^40 maps.
	b := testkit.Hex(t, "0a 00000029 03 0001 61 05 0000 09")
	for i := 0; i < 40; i++ {
		b = append(b, testkit.Hex(t, "03 0001 6c 07 0000 0001 72 07 0000 0000 09")...)
		b[len(b)-10] = byte(i + 1) // ref index: o_{i-1} is complex value i+1 (the array is 0)
		b[len(b)-4] = byte(i + 1)
	}
	vals, err := amf0.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	top := vals[0].ToGo().([]any)
	last := top[40].(map[string]any)
	if reflect.ValueOf(last["l"]).Pointer() != reflect.ValueOf(last["r"]).Pointer() {
		t.Errorf("two references to one object became two maps")
	}
	if reflect.ValueOf(last["l"]).Pointer() != reflect.ValueOf(top[39]).Pointer() {
		t.Errorf("reference and referenced object became two maps")
	}
	// Converting the last object alone also resolves through the chain.
	alone := vals[0].Elems()[40].ToGo().(map[string]any)
	for i := 0; i < 40; i++ {
		alone = alone["l"].(map[string]any)
	}
	if _, ok := alone["a"]; !ok {
		t.Errorf("chain of references does not end at o0: %v", alone)
	}
}

func TestValueString(t *testing.T) {
	vals, err := amf0.Decode(testkit.Hex(t, `
		02 0001 61 0c 00000001 62 00 3ff8000000000000 01 00 01 01 01 07 05 06 0d
		0b 0000000000000000 0001 0f 00000001 63
		03 0001 6b 0a 00000001 05 0000 09 08 00000005 0000 09 10 0001 43 0000 09 07 0001`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vals {
		got = append(got, v.String())
	}
	want := []string{`"a"`, `long "b"`, `1.5`, `false`, `true`, `true(0x7)`, `null`, `undefined`, `unsupported`,
		`date(1970-01-01T00:00:00Z tz=1)`, `xml "c"`, `{"k": [null]}`, `ecma(5){}`, `"C" {}`, `ref(1)`}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("String (-want +got):\n%s", d)
	}
	if s := (amf0.Value{}).String(); s != "invalid" {
		t.Errorf("zero Value prints %q", s)
	}
}

func TestKindString(t *testing.T) {
	if amf0.KindECMAArray.String() != "ECMA array" || amf0.Kind(99).String() != "Kind(99)" {
		t.Errorf("Kind names: %v %v", amf0.KindECMAArray, amf0.Kind(99))
	}
}
