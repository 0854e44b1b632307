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

// errAt builds an error at offset off. field names the part of the value
// that is wrong ("length", "key.bytes", ...); the path to the value is put
// in front of it once the error reaches the top (see withPath).
func errAt(field string, off int, expected string, err error) *wire.Error {
	return &wire.Error{Layer: layer, Field: field, Offset: int64(off), Expected: expected, Err: err}
}

func truncated(field string, off, need, have int) *wire.Error {
	return wire.Truncated(layer, field, int64(off), need, have)
}

// pathStep is one level of the path to a failing value: a property key or
// an element index. Steps are recorded innermost first while an error
// unwinds and formatted once at the top, so a failure 10000 levels deep
// costs one string, not 10000 ever longer ones.
type pathStep struct {
	key   string
	index int
	isKey bool
}

// keptSteps is how many steps at each end of a long path withPath spells
// out; the middle is summarised by its length.
const keptSteps = 8

// withPath prefixes the Field of err (a *wire.Error from this package)
// with the path in steps, which are innermost first.
func withPath(err error, steps []pathStep) error {
	we, ok := err.(*wire.Error)
	if !ok || len(steps) == 0 {
		return err
	}
	var b []byte
	n := len(steps)
	for i := n - 1; i >= 0; i-- {
		if n > 2*keptSteps && i == n-1-keptSteps {
			b = append(b, "[... "...)
			b = strconv.AppendInt(b, int64(n-2*keptSteps), 10)
			b = append(b, " levels ...]"...)
			i = keptSteps - 1
		}
		st := steps[i]
		b = append(b, '[')
		if st.isKey {
			b = strconv.AppendQuote(b, st.key)
		} else {
			b = strconv.AppendInt(b, int64(st.index), 10)
		}
		b = append(b, ']')
	}
	if we.Field != "" {
		b = append(b, '.')
		b = append(b, we.Field...)
	}
	we.Field = string(b)
	return err
}

// withPart puts a part name in front of the Field of err, as in
// "class.length".
func withPart(err error, part string) error {
	if we, ok := err.(*wire.Error); ok {
		we.Field = part + "." + we.Field
	}
	return err
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return "0x" + string([]byte{digits[b>>4], digits[b&15]})
}
