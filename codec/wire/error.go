// Package wire holds what every rtmpcodec layer shares: the decode error
// type and its sentinel kinds. It has no other job, so that the AMF0, chunk,
// message and handshake packages can report errors in one form without
// depending on each other.
package wire

import (
	"errors"
	"io"
	"strconv"
)

// Sentinel kinds carried in Error.Err. Test for them with errors.Is.
var (
	// ErrTruncated is io.ErrUnexpectedEOF itself, so that callers who only
	// know the io package can still recognise "input ended too early".
	ErrTruncated = io.ErrUnexpectedEOF

	// ErrConstraint reports a field whose value the specification forbids,
	// such as a Set Chunk Size with bit 31 set.
	ErrConstraint = errors.New("constraint violated")

	// ErrTrailingBytes reports bytes left after a payload whose length the
	// layout fixes.
	ErrTrailingBytes = errors.New("trailing bytes after fixed layout")

	// ErrMalformed reports bytes that cannot be what the grammar allows at
	// that point (an unknown marker, a misplaced terminator, ...).
	ErrMalformed = errors.New("malformed input")

	// ErrLimit reports input that stays inside the grammar but exceeds a
	// configured budget (nesting depth, message size, live chunk streams).
	ErrLimit = errors.New("limit exceeded")

	// ErrUnsupported reports well-formed input this codec does not decode
	// yet, such as an AMF3 value.
	ErrUnsupported = errors.New("unsupported")
)

// Error is the one error type every decoder returns. It says where the
// problem is (Offset, counted from the start of the input the caller handed
// over), in which structure (Layer, Field) and what the decoder wanted to see
// there (Expected). Err is one of the sentinel kinds above, possibly wrapping
// more detail.
type Error struct {
	Layer    string // "amf0", "chunk", "message", "handshake", ...
	Field    string // dotted path of the field being decoded, e.g. "SetChunkSize.ChunkSize"
	Offset   int64  // byte offset of the offending byte (or of the end of input when truncated)
	Expected string // what would have been acceptable, in words
	Err      error  // sentinel kind, see the Err* variables
}

func (e *Error) Error() string {
	msg := e.Layer
	if e.Field != "" {
		msg += ": " + e.Field
	}
	msg += " at offset " + strconv.FormatInt(e.Offset, 10)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Expected != "" {
		msg += ": expected " + e.Expected
	}
	return msg
}

// Unwrap lets errors.Is and errors.As see the sentinel kind.
func (e *Error) Unwrap() error { return e.Err }

// Truncated builds the error for input that ends inside a field: offset is
// where the field starts, need how many bytes it takes and have how many of
// them the input still holds.
func Truncated(layer, field string, offset int64, need, have int) *Error {
	return &Error{
		Layer:    layer,
		Field:    field,
		Offset:   offset,
		Expected: strconv.Itoa(need) + " byte(s), input has " + strconv.Itoa(have),
		Err:      ErrTruncated,
	}
}

// Alias is a name an early document gives a wire value, with the document it
// comes from. The generated enum types list them so tools can show both the
// specification's name and the one a reader of old notes knows.
type Alias struct {
	Name   string
	Source string
}

// Shift moves the offset of err by base when err is an *Error, so a decoder
// that hands a sub-slice to another decoder can report offsets relative to
// its own input. Other errors pass through unchanged.
func Shift(err error, base int64) error {
	var we *Error
	if base == 0 || !errors.As(err, &we) {
		return err
	}
	shifted := *we
	shifted.Offset += base
	return &shifted
}

// NewKind returns a package's own sentinel error that refines one of the
// kinds above: errors.Is finds both it and base, and its text names both.
// chunk.ErrBudget is one (a limit), handshake.ErrEncrypted another (an
// unsupported input).
func NewKind(msg string, base error) error { return &kind{msg, base} }

type kind struct {
	msg  string
	base error
}

func (k *kind) Error() string { return k.msg + ": " + k.base.Error() }
func (k *kind) Unwrap() error { return k.base }
