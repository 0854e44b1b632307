package amf0_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// wireErr asserts err is an amf0 *wire.Error of the given kind at offset off.
func wireErr(t testing.TB, err error, kind error, off int64) *wire.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v at offset %d", kind, off)
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %T %v is not a *wire.Error", err, err)
	}
	if we.Layer != "amf0" {
		t.Errorf("Layer = %q, want amf0", we.Layer)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %v is not %v", err, kind)
	}
	if we.Offset != off {
		t.Errorf("Offset = %d, want %d (%v)", we.Offset, off, err)
	}
	if we.Expected == "" {
		t.Errorf("error %v says nothing about what was expected", err)
	}
	return we
}

// roundTrip decodes b as a payload, checks it re-encodes to exactly b and
// that PayloadSize predicts it, and returns the values.
func roundTrip(t testing.TB, d *amf0.Decoder, b []byte) []amf0.Value {
	t.Helper()
	vals, err := d.Decode(b)
	if err != nil {
		t.Fatalf("Decode(%x): %v", b, err)
	}
	if n := amf0.PayloadSize(vals...); n != len(b) {
		t.Errorf("PayloadSize = %d, want %d", n, len(b))
	}
	out, err := amf0.AppendPayload(nil, vals...)
	if err != nil {
		t.Fatalf("AppendPayload: %v", err)
	}
	if !bytes.Equal(out, b) {
		t.Errorf("re-encoded\n %x\nwant\n %x", out, b)
	}
	return vals
}

// checkTruncations feeds every strict prefix of the payload b to Decode:
// a prefix ending between two top-level values decodes, any other must
// fail with io.ErrUnexpectedEOF and nothing else.
func checkTruncations(t *testing.T, name string, b []byte) {
	t.Helper()
	var d amf0.Decoder
	vals, err := d.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	bounds := map[int]bool{0: true}
	for i := range vals {
		bounds[amf0.PayloadSize(vals[:i+1]...)] = true
	}
	for k := 0; k < len(b); k++ {
		_, err := d.Decode(b[:k])
		if bounds[k] {
			if err != nil {
				t.Errorf("%s: prefix of %d bytes ends at a value boundary but fails: %v", name, k, err)
			}
			continue
		}
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: prefix of %d bytes: got %v, want io.ErrUnexpectedEOF", name, k, err)
			continue
		}
		for _, other := range []error{wire.ErrMalformed, wire.ErrLimit, wire.ErrUnsupported, wire.ErrConstraint} {
			if errors.Is(err, other) {
				t.Errorf("%s: prefix of %d bytes: %v is also %v", name, k, err, other)
			}
		}
		if we.Offset < 0 || we.Offset > int64(k) {
			t.Errorf("%s: prefix of %d bytes: offset %d outside the input", name, k, we.Offset)
		}
	}
}
