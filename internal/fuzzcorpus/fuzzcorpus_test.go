package fuzzcorpus

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The files the native engine itself wrote read back, and write again to
// the same bytes.
func TestUnmarshalNativeFiles(t *testing.T) {
	paths, _ := filepath.Glob("../../fuzz/testdata/fuzz/*/*")
	if len(paths) == 0 {
		t.Fatal("no native corpus files found")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		args, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		again, err := Marshal(args)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Unmarshal(again)
		if err != nil || !reflect.DeepEqual(args, back) {
			t.Errorf("%s: %v came back as %v (%v)", p, args, back, err)
		}
	}
}

// Every literal form cmd/go writes for the argument types the targets use.
func TestUnmarshalForms(t *testing.T) {
	got, err := Unmarshal([]byte("go test fuzz v1\n[]byte(\"\\x00a\")\nbool(true)\nbyte('\\x05')\nuint8(200)\nbyte('a')\nint(-7)\nint(42)\n"))
	want := []any{[]byte{0, 'a'}, true, uint8(5), uint8(200), uint8('a'), -7, 42}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v (%v), want %#v", got, err, want)
	}
	for _, bad := range []string{"go test fuzz v2\n", "go test fuzz v1\nstring(\"a\")\n", "go test fuzz v1\nbyte(300)\n", "go test fuzz v1\nbool(1)\n"} {
		if _, err := Unmarshal([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func unhex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The harness's splitting, from go-fuzz-headers' consumer: a []byte is a
// big-endian length, then that length modulo the bytes left unless it is
// exactly the bytes left (0 meaning 30); a bool is one byte, even meaning
// true; an int is eight bytes and a byte whose evenness means
// little-endian. Too few bytes and the target is not called.
func TestUnframeLikeTheHarness(t *testing.T) {
	for _, c := range []struct {
		in    string
		types []string
		want  []any
	}{
		{"000000028007", []string{TypeBytes}, []any{[]byte{0x80, 0x07}}},
		{"000000058007", []string{TypeBytes}, []any{[]byte{0x80}}},
		{"00000000" + "aabbcc", []string{TypeBytes}, []any{[]byte{}}}, // 30 % 3
		{"0500000002abcd", []string{TypeUint8, TypeBytes}, []any{uint8(5), []byte{0xab, 0xcd}}},
		{"0300000001ee", []string{TypeBool, TypeBytes}, []any{false, []byte{0xee}}},
		{"00000001ee" + "0000000000000102" + "01", []string{TypeBytes, TypeInt}, []any{[]byte{0xee}, 258}},
		{"00000001ee" + "0201000000000000" + "00", []string{TypeBytes, TypeInt}, []any{[]byte{0xee}, 258}},
		{"8007", []string{TypeBytes}, nil},
		{"00000002", []string{TypeBytes}, nil},
	} {
		got, ok, err := Unframe(unhex(t, c.in), c.types)
		if err != nil || ok != (c.want != nil) || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s as %v: got %#v ok %v (%v), want %#v", c.in, c.types, got, ok, err, c.want)
		}
	}
}

func TestFrame(t *testing.T) {
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{[]byte{0x80, 0x07}}, "000000028007"},
		{[]any{uint8(5), []byte{0xab}}, "0500000001ab"},
		{[]any{true, []byte{0xab}}, "0000000001ab"},
		{[]any{false, []byte{0xab}}, "0100000001ab"},
		{[]any{[]byte{0xee}, 258}, "00000001ee000000000000010201"},
	} {
		got, ok, err := Frame(c.args)
		if err != nil || !ok || hex.EncodeToString(got) != c.want {
			t.Errorf("%v: %x (%v, %v), want %s", c.args, got, ok, err, c.want)
		}
	}
	if _, ok, err := Frame([]any{[]byte{}}); ok || err != nil {
		t.Errorf("an empty []byte framed (%v)", err)
	}
	if _, _, err := Frame([]any{"s"}); err == nil {
		t.Error("a string framed")
	}
}
