package chunk

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Sentinels carried in wire.Error.Err by this package. Each wraps a wire
// kind; truncation is always plain io.ErrUnexpectedEOF.
var (
	// ErrNoPreviousHeader: a fmt 1/2/3 chunk on a chunk stream that has
	// had no fmt 0 header (and no context supplied through Options.Context).
	ErrNoPreviousHeader error = wire.NewKind("chunk stream has no previous header", wire.ErrMalformed)

	// ErrHeaderMidMessage: a fmt 0/1/2 header on a chunk stream whose
	// current message is not complete.
	ErrHeaderMidMessage error = wire.NewKind("new message header while a message is half received", wire.ErrMalformed)

	// ErrLengthChanged: a fmt 0/1 header that changes the message length
	// while the message is half received (the FFmpeg CVE-2016-10191 shape).
	ErrLengthChanged error = wire.NewKind("message length changed mid-message", wire.ErrMalformed)

	// ErrMessageTooLong: a declared message length above
	// Options.MaxMessageLength.
	ErrMessageTooLong error = wire.NewKind("message length above the configured maximum", wire.ErrLimit)

	// ErrTooManyStreams: a message starting on a chunk stream while
	// Options.MaxChunkStreams others have one in progress.
	ErrTooManyStreams error = wire.NewKind("too many chunk streams", wire.ErrLimit)

	// ErrBudget: bytes held in partially received messages, together with
	// a Reader's buffer, would exceed Options.MaxPartialBytes.
	ErrBudget error = wire.NewKind("partial-message byte budget exceeded", wire.ErrLimit)
)

// where names a chunk in an error's Field: "Chunk[csid=3,fmt=1]" plus the
// field path. csid < 0 means the basic header is not complete yet.
func where(csid int64, f Format, field string) string {
	s := "Chunk[csid="
	if csid < 0 {
		s += "?"
	} else {
		s += strconv.FormatInt(csid, 10)
	}
	s += ",fmt=" + strconv.Itoa(int(f)) + "]"
	if field != "" {
		s += "." + field
	}
	return s
}

func chunkErr(off int64, csid int64, f Format, field, expected string, err error) *wire.Error {
	return &wire.Error{Layer: "chunk", Field: where(csid, f, field), Offset: off, Expected: expected, Err: err}
}
