package hexdump

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Sentinel kinds carried in SyntaxError.Err; test for them with errors.Is.
var (
	// ErrOddDigits reports a token of hex digits that cannot be split into
	// whole bytes (or, in a dump row, one of the wrong width).
	ErrOddDigits = errors.New("odd number of hex digits")

	// ErrNotHex reports text where hex bytes must be.
	ErrNotHex = errors.New("not hex")

	// ErrRow reports a dump row whose bytes disagree with its offsets, or a
	// dump line that is not a row at all.
	ErrRow = errors.New("dump row does not fit its offsets")

	// ErrComment reports a /* comment that never ends.
	ErrComment = errors.New("unterminated comment")

	// ErrLimit reports a "*" row that would expand past MaxRepeat bytes.
	ErrLimit = errors.New("repeat exceeds limit")
)

// MaxRepeat bounds the bytes that "*" rows may add to one input. A dump
// whose offsets jump by gigabytes after a "*" would otherwise make a few
// bytes of text allocate without limit.
const MaxRepeat = 1 << 20

// maxErrText bounds how much offending text an error quotes.
const maxErrText = 40

// SyntaxError says where the input stops being hex the reader understands.
type SyntaxError struct {
	Line   int    // line of the offending text, from 1
	Column int    // column of its first character (UTF-8 characters, tab = 1), from 1
	Offset int    // byte offset of the offending text in the input
	Text   string // the offending token or line, shortened to 40 bytes
	Msg    string // what was expected there, in words
	Err    error  // one of the Err* sentinels
}

func (e *SyntaxError) Error() string {
	s := "hexdump: line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.Text != "" {
		s += " " + strconv.Quote(e.Text)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap lets errors.Is see the sentinel kind.
func (e *SyntaxError) Unwrap() error { return e.Err }

// newError locates off in src and quotes src[off:end]. It runs only on the
// error path, so scanning back for the line is fine.
func newError(src []byte, off, end int, kind error, msg string) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	if end > len(src) {
		end = len(src)
	}
	if end < off {
		end = off
	}
	line, lineStart := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	text := src[off:end]
	if len(text) > maxErrText {
		text = text[:maxErrText]
		// Do not cut a character in half.
		for len(text) > 0 && !utf8.Valid(text) {
			text = text[:len(text)-1]
		}
	}
	return &SyntaxError{
		Line:   line,
		Column: utf8.RuneCount(src[lineStart:off]) + 1,
		Offset: off,
		Text:   string(text),
		Msg:    msg,
		Err:    kind,
	}
}
