package session

import (
	"errors"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
)

// Reader decodes a direction as it is read: the handshake, then a chunk or
// a message per call. Its memory is the handshake (3073 bytes at most) and
// what a chunk.Reader holds, however long the stream runs, where Decode,
// which lists everything, needs memory in proportion to the capture. It
// gives the same chunks, messages and errors as Decode, at the same
// offsets.
type Reader struct {
	src    io.Reader
	hs     Direction
	read   bool  // the handshake has been read
	err    error // the handshake's error, or a read error in it
	chunks *chunk.Reader
}

// NewReader returns a Reader for the direction in r, which starts as start
// says. opts may be nil.
func NewReader(r io.Reader, start Start, opts *chunk.Options) *Reader {
	rd := &Reader{src: r, hs: Direction{Start: start}}
	rd.chunks = chunk.NewReader(r, chunkOptions(opts, start.handshakeLen()))
	return rd
}

// Handshake reads the handshake the first time it is called and returns
// it: a Direction with Start, Handshake or Reply, and HandshakeBytes (so
// Parts works), and no chunks. For a stream that ends inside the handshake
// the error is the truncation error Decode reports (also in Err); a read
// error from the io.Reader is returned as is. Both stick.
func (rd *Reader) Handshake() (*Direction, error) {
	if rd.read {
		return &rd.hs, rd.err
	}
	rd.read = true
	buf := make([]byte, rd.hs.Start.handshakeLen())
	n, err := io.ReadFull(rd.src, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		rd.err = err
		return &rd.hs, err
	}
	rd.err = rd.hs.decodeHandshake(buf[:n])
	return &rd.hs, rd.err
}

// ReadChunk returns the next chunk after the handshake (reading the
// handshake first if Handshake was not called), as chunk.Reader.ReadChunk
// does, with offsets from the start of the capture. It returns io.EOF at a
// clean end.
func (rd *Reader) ReadChunk() (*chunk.Chunk, error) {
	if err := rd.ready(); err != nil {
		return nil, err
	}
	return rd.chunks.ReadChunk()
}

// ready reads the handshake if it has not been, and refuses the bytes after
// an RTMPE one (handshake.ErrEncrypted, as Decode reports it), or ends
// the stream cleanly when none follow.
func (rd *Reader) ready() error {
	if _, err := rd.Handshake(); err != nil {
		return err
	}
	if !rd.hs.encrypted() {
		return nil
	}
	if rd.err == nil {
		var one [1]byte
		n, err := io.ReadFull(rd.src, one[:])
		switch {
		case n == 0 && errors.Is(err, io.EOF):
			return io.EOF
		case n == 0:
			return err
		}
		rd.err = rd.hs.encryptedErr()
		rd.hs.Err = rd.err
	}
	return rd.err
}

// ReadMessage returns the next complete message after the handshake, as
// chunk.Reader.ReadMessage does, with offsets from the start of the
// capture.
func (rd *Reader) ReadMessage() (*chunk.Message, error) {
	if err := rd.ready(); err != nil {
		return nil, err
	}
	return rd.chunks.ReadMessage()
}

// Incomplete returns, after a truncation error, what arrived of the message
// the stream ended inside (Decode's Cut), nil when none had started. It
// stays valid until the next call.
func (rd *Reader) Incomplete() *chunk.Message { return rd.chunks.Decoder().Incomplete() }

// Offset is where the next chunk starts in the capture: after an error,
// where the chunk that failed or was cut short starts.
func (rd *Reader) Offset() int64 { return rd.chunks.Decoder().Offset() }

// Buffered returns the bytes read and not consumed as whole chunks: after
// a stream that ended inside a chunk, that chunk's bytes (Decode's Rest).
func (rd *Reader) Buffered() []byte { return rd.chunks.Buffered() }
