package chunk

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// ReadChunk hands out every chunk, however the bytes arrive, and writing
// them back gives the stream.
func TestReadChunkRoundTrip(t *testing.T) {
	for _, v := range validVectors(t) {
		rd := NewReader(iotest.OneByteReader(bytes.NewReader(v.in)), v.opts)
		var out []byte
		for {
			c, err := rd.ReadChunk()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			if out, err = AppendChunk(out, c); err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
		}
		if !bytes.Equal(out, v.in) {
			t.Errorf("%s: chunks write back as %x, want %x", v.name, out, v.in)
		}
	}
}

type failingReader struct {
	b   []byte
	err error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, r.err
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// A read error other than io.EOF comes back as it is, after the messages
// that arrived whole before it.
func TestReaderPassesReadErrors(t *testing.T) {
	boom := errors.New("connection reset")
	in := testkit.Hex(t, "02 000000 000001 14 00000000 aa  02 000000 000002 14 00000000 bb")
	rd := NewReader(&failingReader{b: in, err: boom}, nil)
	m, err := rd.ReadMessage()
	if err != nil || !bytes.Equal(m.Payload, []byte{0xaa}) {
		t.Fatalf("first message: %v, %v", m, err)
	}
	if _, err := rd.ReadMessage(); err != boom {
		t.Fatalf("got %v, want the read error", err)
	}
	if _, err := rd.ReadMessage(); err != boom {
		t.Fatalf("second time: got %v, want the read error again", err)
	}
}

// A source that returns nothing, forever, does not spin the Reader.
func TestReaderNoProgress(t *testing.T) {
	rd := NewReader(&failingReader{}, nil)
	if _, err := rd.ReadMessage(); err != io.ErrNoProgress {
		t.Fatalf("got %v, want io.ErrNoProgress", err)
	}
}

// Reset reuses a Reader for a new stream: state and chunk size start over.
func TestReaderReset(t *testing.T) {
	first := testkit.Hex(t, scs("00000004")+" 03 000000 000002 14 00000000 aabb")
	rd := NewReader(bytes.NewReader(first), nil)
	for i := 0; i < 2; i++ {
		if _, err := rd.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}
	if rd.Decoder().ChunkSize() != 4 {
		t.Fatalf("chunk size %d after Set Chunk Size 4", rd.Decoder().ChunkSize())
	}
	rd.Reset(bytes.NewReader(testkit.Hex(t, "c3")), nil)
	if _, err := rd.ReadMessage(); !errors.Is(err, ErrNoPreviousHeader) {
		t.Fatalf("after Reset, fmt 3 on csid 3: got %v", err)
	}
	if rd.Decoder().ChunkSize() != DefaultChunkSize {
		t.Errorf("chunk size %d after Reset", rd.Decoder().ChunkSize())
	}
}

// A stream that ends inside a message is reported, with what arrived of
// it: here the seed 000 connect cut 200 bytes in, inside its second chunk.
func TestReaderReportsIncompleteMessage(t *testing.T) {
	in := testkit.Hex(t, seed000Connect)[:200]
	rd := NewReader(bytes.NewReader(in), nil)
	m, err := rd.ReadMessage()
	we := wantErr(t, err, io.ErrUnexpectedEOF, 12+128+1, "csid=3", "fmt=3", "Payload")
	if we.Expected != "128 byte(s), input has 59" {
		t.Errorf("expected %q", we.Expected)
	}
	if m == nil || m.Complete() || m.Length != 310 || len(m.Payload) != 128+59 {
		t.Fatalf("incomplete message %+v", m)
	}
	if !bytes.Equal(m.Payload, append(append([]byte(nil), in[12:140]...), in[141:]...)) {
		t.Errorf("payload is not what arrived")
	}
	if m.Chunks[1].Size != 59 {
		t.Errorf("record of the cut chunk: %+v", m.Chunks[1])
	}
}

// TestReadDeadlineDoesNotPoison: a read that runs into a deadline returns
// the timeout, and the next ReadMessage carries on where the stream left
// off (issue 13: a deadline must not poison the Reader).
func TestReadDeadlineDoesNotPoison(t *testing.T) {
	wire := testkit.Hex(t, seed000Connect)
	server, client := net.Pipe()
	defer server.Close()
	rest := make(chan struct{})
	go func() {
		defer client.Close()
		if _, err := client.Write(wire[:100]); err != nil {
			return
		}
		<-rest
		client.Write(wire[100:])
	}()
	rd := NewReader(server, nil)
	if err := server.SetReadDeadline(time.Now().Add(50 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	m, err := rd.ReadMessage()
	var ne net.Error
	if m != nil || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("first read: %v, %v; want the timeout", m, err)
	}
	if err := server.SetReadDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	close(rest)
	m, err = rd.ReadMessage()
	if err != nil || m == nil || len(m.Payload) != 310 || m.Type != rtmp.TypeCommandAMF0 {
		t.Fatalf("after the timeout: %+v, %v; want the 310-byte connect", m, err)
	}
	if _, err := rd.ReadMessage(); err != io.EOF {
		t.Errorf("then: %v, want io.EOF", err)
	}
}

// TestReaderBufferInBudget: what the Reader's buffer grows past its first
// DefaultReadBufferSize bytes comes out of MaxPartialBytes. A 20,000-byte
// message in one chunk (after a Set Chunk Size of 20,000) needs a buffer
// of 12+20,000 bytes, so 20,012-8,192 = 11,820 bytes of budget, and one
// byte less is refused where the chunk starts, as the budget error.
func TestReaderBufferInBudget(t *testing.T) {
	payload := bytes.Repeat([]byte{0x5a}, 20000)
	in := testkit.Hex(t, "02 000000 000004 01 00000000 00004e20  06 000000 004e20 09 01000000")
	in = append(in, payload...)
	read := func(budget int) (*Message, error) {
		rd := NewReader(bytes.NewReader(in), &Options{MaxPartialBytes: budget})
		for {
			m, err := rd.ReadMessage()
			if err != nil || m.Type == 9 {
				return m, err
			}
		}
	}
	const need = 12 + 20000 - DefaultReadBufferSize
	m, err := read(need)
	if err != nil || !bytes.Equal(m.Payload, payload) {
		t.Fatalf("budget %d: %v", need, err)
	}
	_, err = read(need - 1)
	wantErr(t, err, ErrBudget, 16, "csid=6", "fmt=0")
	if !strings.Contains(err.Error(), "needs 20012") {
		t.Errorf("the error does not say what the chunk needs: %v", err)
	}
	// The buffer shares the budget with partial messages: a 300-byte
	// message half read on csid 4 holds 512 bytes of buffer, and the
	// same budget no longer fits the big chunk.
	half := testkit.Hex(t, "04 000000 00012c 09 01000000")
	half = append(half, make([]byte, 128)...)
	in = append(half, in...)
	_, err = read(need)
	wantErr(t, err, ErrBudget, int64(len(half))+16, "csid=6")
	if _, err = read(need + 512 + 4*headerRecordSize); err != nil {
		t.Errorf("with room for both: %v", err)
	}
}
