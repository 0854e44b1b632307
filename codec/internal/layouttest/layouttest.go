// Package layouttest checks a generated fixed layout against wire bytes: the
// same assertions for every layout, so that no layout gets weaker tests than
// another. Only tests import it.
package layouttest

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Layout is the method set the generator gives every fixed layout.
type Layout interface {
	Size() int
	Append(b []byte) ([]byte, error)
	Decode(b []byte) (int, error)
	DecodeAll(b []byte) error
}

// RoundTrip asserts that want encodes to exactly wireBytes and back, that
// every strict prefix of wireBytes is reported as truncation, that a trailing
// byte is reported by DecodeAll, and that neither direction allocates.
func RoundTrip[T any, P interface {
	*T
	Layout
}](t *testing.T, layer, name string, wireBytes []byte, want T) {
	t.Helper()
	wp := P(&want)

	if got := wp.Size(); got != len(wireBytes) {
		t.Errorf("%s.Size() = %d, want %d", name, got, len(wireBytes))
	}
	enc, err := wp.Append(nil)
	if err != nil {
		t.Fatalf("%s.Append: %v", name, err)
	}
	if !bytes.Equal(enc, wireBytes) {
		t.Errorf("%s.Append = %x, want %x", name, enc, wireBytes)
	}
	prefixed, err := wp.Append([]byte{0xEE})
	if err != nil || prefixed[0] != 0xEE || !bytes.Equal(prefixed[1:], wireBytes) {
		t.Errorf("%s.Append after a prefix = %x, %v; want ee%x", name, prefixed, err, wireBytes)
	}

	var got T
	gp := P(&got)
	n, err := gp.Decode(wireBytes)
	if err != nil {
		t.Fatalf("%s.Decode(%x): %v", name, wireBytes, err)
	}
	if n != len(wireBytes) {
		t.Errorf("%s.Decode consumed %d bytes, want %d", name, n, len(wireBytes))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s.Decode = %+v, want %+v", name, got, want)
	}
	reenc, err := gp.Append(nil)
	if err != nil || !bytes.Equal(reenc, wireBytes) {
		t.Errorf("%s: decode then encode = %x, %v; want %x", name, reenc, err, wireBytes)
	}
	if err := gp.DecodeAll(wireBytes); err != nil {
		t.Errorf("%s.DecodeAll: %v", name, err)
	}

	long := append(append([]byte(nil), wireBytes...), 0x5A)
	if n, err := gp.Decode(long); err != nil || n != len(wireBytes) {
		t.Errorf("%s.Decode with a trailing byte = %d, %v; want %d, nil", name, n, err, len(wireBytes))
	}
	err = gp.DecodeAll(long)
	checkError(t, name+".DecodeAll with a trailing byte", err, wire.ErrTrailingBytes, layer, name, int64(len(wireBytes)))

	for cut := 0; cut < len(wireBytes); cut++ {
		var partial T
		n, err := P(&partial).Decode(wireBytes[:cut:cut])
		if n != 0 {
			t.Errorf("%s.Decode of a %d-byte prefix consumed %d", name, cut, n)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s.Decode of a %d-byte prefix: %v, want io.ErrUnexpectedEOF", name, cut, err)
			continue
		}
		var we *wire.Error
		if !errors.As(err, &we) || we.Layer != layer || !strings.HasPrefix(we.Field, name) || we.Offset > int64(cut) {
			t.Errorf("%s.Decode of a %d-byte prefix: %#v, want a *wire.Error in %s.%s at an offset <= %d", name, cut, err, layer, name, cut)
		}
	}

	if raceEnabled {
		return // allocation pins are checked without -race (the race detector allocates)
	}
	buf := make([]byte, 0, len(wireBytes)+16)
	if allocs := testing.AllocsPerRun(100, func() {
		_, _ = wp.Append(buf[:0])
	}); allocs != 0 {
		t.Errorf("%s.Append into a buffer with room allocates %v times", name, allocs)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		_, _ = gp.Decode(wireBytes)
	}); allocs != 0 {
		t.Errorf("%s.Decode allocates %v times", name, allocs)
	}
}

// Violation asserts that wireBytes breaks the constraint on field at offset,
// both when decoded and when the same values are encoded.
func Violation[T any, P interface {
	*T
	Layout
}](t *testing.T, layer, name string, wireBytes []byte, values T, field string, offset int64) {
	t.Helper()
	var got T
	n, err := P(&got).Decode(wireBytes)
	if n != 0 {
		t.Errorf("%s.Decode(%x) consumed %d bytes of a violating input", name, wireBytes, n)
	}
	checkError(t, name+".Decode", err, wire.ErrConstraint, layer, name+"."+field, offset)
	_, err = P(&values).Append(nil)
	checkError(t, name+".Append", err, wire.ErrConstraint, layer, name+"."+field, offset)
}

func checkError(t *testing.T, what string, err, kind error, layer, field string, offset int64) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: %v, want %v", what, err, kind)
		return
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Errorf("%s: %T is not a *wire.Error", what, err)
		return
	}
	if we.Layer != layer || we.Field != field || we.Offset != offset || we.Expected == "" {
		t.Errorf("%s: got layer %q field %q offset %d expected %q; want layer %q field %q offset %d and a non-empty expectation",
			what, we.Layer, we.Field, we.Offset, we.Expected, layer, field, offset)
	}
}
