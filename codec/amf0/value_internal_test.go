package amf0

import (
	"testing"
	"unsafe"
)

// TestValueSize holds the package doc's promise that a Value is 48 bytes
// on 64-bit platforms: arenas are sized in Values, so growth here costs
// every decoder memory and speed.
func TestValueSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("size promise is for 64-bit platforms")
	}
	if n := unsafe.Sizeof(Value{}); n != 48 {
		t.Errorf("Value is %d bytes, want 48", n)
	}
	if n := unsafe.Sizeof(Property{}); n != 64 {
		t.Errorf("Property is %d bytes, want 64", n)
	}
}

// TestArenaLengthsAreTreeSize: Decode copies a payload without references
// into storage sized from the Decoder's arena lengths, not from a walk of
// the tree; they must be the tree's size exactly (more wastes memory the
// caller keeps, less would slice past the storage). Nested containers of
// every kind, empty ones, and a payload that fails after two whole values
// (the failed value's properties are unwound).
func TestArenaLengthsAreTreeSize(t *testing.T) {
	inner := Object(Prop("a", Number(1)), Prop("b", StrictArray(String("x"), Null(), Object())))
	vals := []Value{
		String("connect"), Number(1),
		Object(Prop("o", inner), Prop("e", ECMAArray(Prop("k", TypedObject("C", Prop("z", StrictArray()))))), Prop("t", String("v"))),
		StrictArray(inner, ECMAArray(), StrictArray(Number(2), inner)),
		Null(),
	}
	whole, err := AppendPayload(nil, vals...)
	if err != nil {
		t.Fatal(err)
	}
	two, err := AppendPayload(nil, vals[:2]...)
	if err != nil {
		t.Fatal(err)
	}
	// Two whole values, then an object cut inside a nested array.
	broken := append(append([]byte(nil), two...), whole[len(two):len(two)+30]...)
	for _, in := range [][]byte{whole, two, broken} {
		var d Decoder
		got, err := d.Decode(in)
		if (err != nil) != (len(in) == len(broken)) || len(in) == len(broken) && len(got) != 2 {
			t.Fatalf("%d bytes: %d values, %v", len(in), len(got), err)
		}
		want := cloneSize{memo: hasReference(got, 0)}
		for i := range got {
			if err := want.measure(&got[i], 0); err != nil {
				t.Fatal(err)
			}
		}
		if d.sawRef || want.memo {
			t.Fatal("the payload has no reference")
		}
		if props, elems := len(d.props)+len(d.nested), len(d.elems); props != want.props || elems != want.vals {
			t.Errorf("%d bytes, %d values: arenas hold %d properties and %d elements, the tree %d and %d",
				len(in), len(got), props, elems, want.props, want.vals)
		}
	}
}
