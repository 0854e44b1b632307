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
