package amf0

import (
	"fmt"
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

const layer = "amf0"

// Package sentinels, carried in wire.Error.Err. Each wraps a wire sentinel,
// so errors.Is works with either.
var (
	// ErrAMF3 reports an AVM+ marker (0x11): the next value is AMF3, which
	// this package does not decode yet. It wraps wire.ErrUnsupported.
	ErrAMF3 = fmt.Errorf("AMF3 value (avmplus-object marker 0x11): %w", wire.ErrUnsupported)

	// ErrReservedMarker reports marker 0x04 (movieclip) or 0x0E
	// (recordset): the specification reserves them without defining a
	// payload, so nothing after them can be decoded. It wraps
	// wire.ErrMalformed.
	ErrReservedMarker = fmt.Errorf("reserved marker with no defined payload: %w", wire.ErrMalformed)

	// ErrUnknownMarker reports a marker above 0x11. It wraps
	// wire.ErrMalformed.
	ErrUnknownMarker = fmt.Errorf("unknown marker: %w", wire.ErrMalformed)

	// ErrBadReference reports a reference whose index is not that of a
	// complex value already complete in the same payload: out of range, or
	// pointing at a value that is still being decoded (which would make
	// the value contain itself). It wraps wire.ErrMalformed.
	ErrBadReference = fmt.Errorf("bad reference: %w", wire.ErrMalformed)
)

// errAt builds an error at offset off; field is the innermost part and is
// prefixed with the value path as the error travels up (see addPath).
func errAt(field string, off int, expected string, err error) *wire.Error {
	return &wire.Error{Layer: layer, Field: field, Offset: int64(off), Expected: expected, Err: err}
}

func truncated(field string, off, need, have int) *wire.Error {
	return wire.Truncated(layer, field, int64(off), need, have)
}

// addPath prefixes the Field of err (always a *wire.Error from this
// package) with one path step. Paths are built only on the way out of an
// error, so the decoder pays nothing for them while input is good.
func addPath(err error, step string) error {
	we, ok := err.(*wire.Error)
	if !ok {
		return err
	}
	switch {
	case we.Field == "":
		we.Field = step
	case we.Field[0] == '[':
		we.Field = step + we.Field
	default:
		we.Field = step + "." + we.Field
	}
	return err
}

func indexStep(i int) string { return "[" + strconv.Itoa(i) + "]" }

func keyStep(k string) string { return "[" + strconv.Quote(k) + "]" }

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return "0x" + string([]byte{digits[b>>4], digits[b&15]})
}
