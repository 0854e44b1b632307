package chunk

import (
	"errors"
	"io"
)

// DefaultReadBufferSize is the Reader's initial buffer. It grows only when
// full of one chunk that has not finished arriving: to twice its size or to
// that chunk's length, whichever is more. What it grows past this size
// counts against Options.MaxPartialBytes together with the partial
// messages, so a Reader holds at most this constant beside the budget.
// Near the budget a Reader can therefore refuse a large chunk that a
// Decoder handed the whole input in one slice (the input it holds being
// the caller's) takes.
const DefaultReadBufferSize = 8 << 10

// maxEmptyReads bounds how often an io.Reader may return no bytes and no
// error before the Reader gives up, so a broken source cannot spin it.
const maxEmptyReads = 100

// Reader reassembles messages from a chunk stream read from an io.Reader.
// It runs the same Decoder as the []byte layer, so it returns the same
// messages and errors however the bytes are split across reads.
//
// A message returned by ReadMessage, and its payload, stay valid until the
// next call on the Reader. Steady-state reading allocates nothing.
type Reader struct {
	r          io.Reader
	d          Decoder
	buf        []byte
	start, end int
	eof        bool
	rerr       error // a read error other than io.EOF
}

// NewReader returns a Reader for the chunk stream in r. opts may be nil.
func NewReader(r io.Reader, opts *Options) *Reader {
	rd := &Reader{r: r}
	rd.d.Reset(opts)
	return rd
}

// Reset makes rd read a new chunk stream from r. It keeps its buffer
// unless an earlier stream grew it: that memory goes with the stream.
func (rd *Reader) Reset(r io.Reader, opts *Options) {
	rd.r = r
	rd.d.Reset(opts)
	if len(rd.buf) > DefaultReadBufferSize {
		rd.buf = nil
	}
	rd.start, rd.end = 0, 0
	rd.eof = false
	rd.rerr = nil
}

// Buffered returns the bytes read from the io.Reader and not yet consumed
// as whole chunks: after a stream that ended inside a chunk, that chunk's
// bytes. It aliases the Reader's buffer until the next call.
func (rd *Reader) Buffered() []byte { return rd.buf[rd.start:rd.end] }

// Decoder returns the Reader's state machine, to inspect the chunk size or
// offset.
func (rd *Reader) Decoder() *Decoder { return &rd.d }

// ReadMessage returns the next complete message. At the end of the stream
// it returns io.EOF, or, when the stream ends inside a message, a
// *wire.Error wrapping io.ErrUnexpectedEOF together with what arrived of
// that message. A read error from the io.Reader is returned as is and
// sticks, except a timeout (a passed read deadline): after one, the next
// call carries on where the stream left off.
func (rd *Reader) ReadMessage() (*Message, error) {
	for {
		m, n, err := rd.d.Decode(rd.buf[rd.start:rd.end], rd.eof)
		rd.start += n
		if err != nil || m != nil {
			return m, err
		}
		if err := rd.fill(); err != nil {
			return nil, err
		}
	}
}

// ReadChunk returns the next chunk, in the manner of ReadMessage; its
// Message is set when it completed one.
func (rd *Reader) ReadChunk() (*Chunk, error) {
	for {
		c, n, err := rd.d.DecodeChunk(rd.buf[rd.start:rd.end], rd.eof)
		rd.start += n
		if err != nil || c != nil {
			return c, err
		}
		if err := rd.fill(); err != nil {
			return nil, err
		}
	}
}

// fill reads more bytes, making room by moving the unread bytes down or,
// when the buffer is full of them, by doubling it.
func (rd *Reader) fill() error {
	if rd.rerr != nil {
		return rd.rerr
	}
	if rd.start == rd.end {
		rd.start, rd.end = 0, 0
	}
	if rd.end == len(rd.buf) {
		if rd.start > 0 {
			rd.end = copy(rd.buf, rd.buf[rd.start:rd.end])
			rd.start = 0
		} else if err := rd.grow(); err != nil {
			rd.rerr = err
			return err
		}
	}
	for i := 0; i < maxEmptyReads; i++ {
		n, err := rd.r.Read(rd.buf[rd.end:])
		rd.end += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				rd.eof = true
				return nil
			}
			// A timeout (a read deadline passing) is not the stream's
			// end: the bytes read so far stay, nothing is committed past a
			// whole chunk, and the next call carries on where this one
			// stopped, as bufio.Reader allows. Any other error sticks.
			if !isTimeout(err) {
				rd.rerr = err
			}
			if n > 0 {
				return nil
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
	rd.rerr = io.ErrNoProgress
	return rd.rerr
}

// grow enlarges the buffer, full of one chunk that has not finished
// arriving, to hold at least that chunk, within what the partial-message
// budget leaves.
func (rd *Reader) grow() error {
	d := &rd.d
	if len(rd.buf) == 0 {
		rd.buf = make([]byte, DefaultReadBufferSize)
		return nil
	}
	counted := func(size int) int { return max(0, size-DefaultReadBufferSize) }
	largest := DefaultReadBufferSize + d.opts.MaxPartialBytes - (d.held - counted(len(rd.buf)))
	size := min(max(2*len(rd.buf), d.need), largest)
	if size < d.need || size <= len(rd.buf) {
		return d.readBufferErr(rd.buf[rd.start:rd.end], max(d.need, len(rd.buf)+1), largest)
	}
	nb := make([]byte, size)
	copy(nb, rd.buf[:rd.end])
	d.held += counted(size) - counted(len(rd.buf))
	rd.buf = nb
	return nil
}

// isTimeout reports a read that ran into a deadline: a net.Error or
// os.ErrDeadlineExceeded, which both say Timeout() is true.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
