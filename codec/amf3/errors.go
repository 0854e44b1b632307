package amf3

import (
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

const layer = "amf3"

// Package sentinels, carried in wire.Error.Err. Each wraps a wire
// sentinel, so errors.Is works with either.
var (
	// ErrUnknownMarker reports a marker above 0x11. It wraps
	// wire.ErrMalformed.
	ErrUnknownMarker error = wire.NewKind("unknown AMF3 marker", wire.ErrMalformed)

	// ErrBadReference reports a string, object or traits reference to an
	// index not (yet) in its table, or an object reference whose marker
	// is not that of the value it names. It wraps wire.ErrMalformed.
	ErrBadReference error = wire.NewKind("bad AMF3 reference", wire.ErrMalformed)
)

func errAt(field string, off int, expected string, err error) *wire.Error {
	return &wire.Error{Layer: layer, Field: field, Offset: int64(off), Expected: expected, Err: err}
}

func truncated(field string, off, need, have int) *wire.Error {
	return wire.Truncated(layer, field, int64(off), need, have)
}

func encErr(field, expected string) *wire.Error {
	return &wire.Error{Layer: layer, Field: field, Expected: expected, Err: wire.ErrConstraint}
}
