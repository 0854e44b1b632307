package chunk

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// scs is a Set Chunk Size message on csid 2 for size n (given as 8 hex digits).
func scs(n string) string { return "02 000000 000004 01 00000000 " + n }

func TestSetChunkSizeAppliesToFollowingChunks(t *testing.T) {
	// Set Chunk Size 4096, then the 310-byte connect in one chunk.
	connect := stripContinuations(testkit.Hex(t, seed000Connect), 12, 128)
	in := append(testkit.Hex(t, scs("00001000")+" 03 000000 000136 14 00000000"), connect...)
	msgs, _, err := decodeAll(t, in, nil)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	if msgs[0].Type != rtmp.TypeSetChunkSize || !bytes.Equal(msgs[1].Payload, connect) || len(msgs[1].Chunks) != 1 || msgs[1].Chunks[0].Size != 310 {
		t.Errorf("got %v then %d chunk runs", msgs[0].Type, len(msgs[1].Chunks))
	}
	// The Writer does the same when it writes one: the same bytes again.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, m := range []*Message{
		{CSID: 2, Type: rtmp.TypeSetChunkSize, Payload: []byte{0, 0, 0x10, 0}},
		{CSID: 3, Type: rtmp.TypeCommandAMF0, Payload: connect},
	} {
		if err := w.WriteMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(buf.Bytes(), in) || w.Encoder().ChunkSize() != 4096 {
		t.Errorf("writer output %x\nwant %x", buf.Bytes(), in)
	}
}

// A Set Chunk Size between two chunks of a message on another csid changes
// the size of that message's remaining chunks.
func TestSetChunkSizeMidMessage(t *testing.T) {
	p := strings.Repeat("11", 128)
	in := testkit.Hex(t, "04 000000 0000c8 09 01000000 "+p+scs("00000032")+" c4 "+strings.Repeat("22", 50)+" c4 "+strings.Repeat("33", 22))
	msgs, _, err := decodeAll(t, in, nil)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	want := []Header{
		{Format: Format0, Form: BasicHeader1, Size: 128, Count: 1},
		{Format: Format3, Form: BasicHeader1, Size: 50, Count: 1},
		{Format: Format3, Form: BasicHeader1, Size: 22, Count: 1},
	}
	if diff := cmp.Diff(want, msgs[1].Chunks); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if n, err := chunkRoundTrip(t, in, nil); err != nil || n != len(in) {
		t.Errorf("chunk round trip: %d of %d bytes, %v", n, len(in), err)
	}
}

func TestAbortDiscardsPartialMessage(t *testing.T) {
	p := strings.Repeat("11", 128)
	in := testkit.Hex(t, "04 000000 0000c8 09 01000000 "+p+
		" 02 000000 000004 02 00000000 00000004"+ // Abort csid 4
		" 04 000000 000001 09 01000000 aa")
	msgs, _, err := decodeAll(t, in, nil)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	d := msgs[0].Discarded
	if msgs[0].Type != rtmp.TypeAbort || d == nil || d.CSID != 4 || d.Length != 200 || len(d.Payload) != 128 || d.Complete() {
		t.Fatalf("abort message %+v, discarded %+v", msgs[0], d)
	}
	if msgs[1].CSID != 4 || !bytes.Equal(msgs[1].Payload, []byte{0xaa}) {
		t.Errorf("message after the abort: %+v", msgs[1])
	}
	// The dropped part is kept with its record: written back in stream
	// order it reproduces the input.
	out := encodeRecorded(t, []*Message{d, msgs[0], msgs[1]}, 0)
	if !bytes.Equal(out, in) {
		t.Errorf("re-encode %x\nwant %x", out, in)
	}
	// Without the abort the new header is refused.
	noAbort := testkit.Hex(t, "04 000000 0000c8 09 01000000 "+p+" 04 000000 000001 09 01000000 aa")
	_, _, err = decodeAll(t, noAbort, nil)
	wantErr(t, err, ErrLengthChanged, 12+128+4, "csid=4", "fmt=0")
}

func TestHostileInput(t *testing.T) {
	big := strings.Repeat("11", 128)
	half := "03 000000 0000c8 14 00000000 " + big // 200-byte message, first 128 bytes
	for _, tc := range []struct {
		name  string
		hex   string
		opts  Options
		kind  error
		off   int64
		names []string
	}{
		{"fmt 1 with no previous header", "43 000000 000001 14 aa", Options{}, ErrNoPreviousHeader, 0, []string{"csid=3", "fmt=1"}},
		{"fmt 2 with no previous header, after another stream", "02 000000 000001 14 00000000 aa  83 000000 aa", Options{}, ErrNoPreviousHeader, 13, []string{"csid=3", "fmt=2"}},
		{"fmt 3 with no previous header, 3-byte form", "c1 10 00 aa", Options{}, ErrNoPreviousHeader, 0, []string{"csid=80", "fmt=3"}},
		{"fmt 0 mid-message, same length", half + " 03 000000 0000c8 14 00000000 aa", Options{}, ErrHeaderMidMessage, 140, []string{"csid=3", "fmt=0"}},
		{"fmt 1 mid-message, same length", half + " 43 000000 0000c8 14 aa", Options{}, ErrHeaderMidMessage, 140, []string{"csid=3", "fmt=1"}},
		{"fmt 2 mid-message", half + " 83 000000 aa", Options{}, ErrHeaderMidMessage, 140, []string{"csid=3", "fmt=2"}},
		// FFmpeg CVE-2016-10191: a length that changes under a half-read
		// message.
		{"length changes mid-message", half + " 43 000000 00ffff 14 aa", Options{}, ErrLengthChanged, 144, []string{"csid=3", "fmt=1", "Length"}},
		{"Set Chunk Size 0", scs("00000000"), Options{}, wire.ErrConstraint, 12, []string{"csid=2", "fmt=0", "SetChunkSize"}},
		{"Set Chunk Size bit 31", scs("80000001"), Options{}, wire.ErrConstraint, 12, []string{"csid=2", "fmt=0", "SetChunkSize"}},
		{"Set Chunk Size short payload", "02 000000 000003 01 00000000 000010", Options{}, wire.ErrMalformed, 12, []string{"csid=2", "fmt=0", "SetChunkSize"}},
		{"Abort short payload", "02 000000 000002 02 00000000 0004", Options{}, wire.ErrMalformed, 12, []string{"csid=2", "fmt=0", "Abort"}},
		{"length above the maximum", "06 000000 100001 09 01000000", Options{MaxMessageLength: 1 << 20}, ErrMessageTooLong, 4, []string{"csid=6", "fmt=0", "Length"}},
		{"fmt 1 length above the maximum", "06 000000 000001 09 01000000 aa 46 000000 100001 09", Options{MaxMessageLength: 1 << 20}, ErrMessageTooLong, 17, []string{"csid=6", "fmt=1", "Length"}},
		// Streams with a message in progress count; idle ones (csid 7,
		// whose message came whole, and csid 8, whose message completed)
		// do not.
		{"too many chunk streams", "07 000000 000000 09 01000000  08 000000 000081 09 01000000 " + big + " c8 aa  04 000000 0000c8 09 01000000 " + big +
			" 05 000000 0000c8 09 01000000 " + big + " 06 000000 0000c8 09 01000000 " + big, Options{MaxChunkStreams: 2}, ErrTooManyStreams, 12 + 140 + 2 + 2*140, []string{"csid=6", "fmt=0", "CSID"}},
		// Abort frees a stream too.
		{"too many chunk streams after an abort", "04 000000 0000c8 09 01000000 " + big + " 02 000000 000004 02 00000000 00000004  05 000000 0000c8 09 01000000 " + big +
			" 06 000000 0000c8 09 01000000 " + big, Options{MaxChunkStreams: 1}, ErrTooManyStreams, 140 + 16 + 140, []string{"csid=6", "fmt=0"}},
		{"partial-message budget", "04 000000 000400 09 01000000 " + big + " 05 000000 000400 09 01000000 " + big, Options{MaxPartialBytes: 1000}, ErrBudget, 140 + 12, []string{"csid=5", "fmt=0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := testkit.Hex(t, tc.hex)
			_, _, err := decodeAll(t, in, &tc.opts)
			we := wantErr(t, err, tc.kind, tc.off, tc.names...)
			if errors.Is(err, errUnexpectedEOF) {
				t.Errorf("hostile input reported as truncation: %v", we)
			}
			// The Reader agrees, however the bytes arrive.
			checkReaders(t, in, &tc.opts)
		})
	}
}

// A peer declaring 16 MiB messages on 65,000 chunk streams, sending one
// chunk on each, must not make the decoder allocate gigabytes: memory
// follows the bytes that arrived, and the budget stops it.
func TestDeclaredLengthsDoNotAllocate(t *testing.T) {
	var in []byte
	chunk := bytes.Repeat([]byte{0x55}, 128)
	for i := 0; i < 65000; i++ {
		v := uint32(i) // csid i+64, 3-byte form
		in = append(in, 0x01, byte(v), byte(v>>8), 0, 0, 0, 0xff, 0xff, 0xff, 0x09, 1, 0, 0, 0)
		in = append(in, chunk...)
	}
	measure := func(opts *Options) (uint64, error) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _, err := decodeAll(t, in, opts)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, err
	}
	// Defaults: the chunk stream limit stops it at 1024 streams.
	alloc, err := measure(nil)
	wantErr(t, err, ErrTooManyStreams, int64(DefaultMaxChunkStreams*(14+128)), "csid=1088")
	if alloc > 8<<20 {
		t.Errorf("allocated %d bytes before refusing", alloc)
	}
	// With the stream limit lifted, the byte budget stops it.
	alloc, err = measure(&Options{MaxChunkStreams: 70000, MaxPartialBytes: 4 << 20})
	if !errors.Is(err, ErrBudget) {
		t.Fatalf("got %v, want the budget error", err)
	}
	if alloc > 64<<20 {
		t.Errorf("allocated %d bytes with a 4 MiB budget", alloc)
	}
	// And with everything lifted, memory still follows arrival: 65,000
	// streams x 128 bytes, not 65,000 x 16 MiB.
	alloc, err = measure(&Options{MaxChunkStreams: 70000, MaxPartialBytes: 1 << 30})
	if !errors.Is(err, errUnexpectedEOF) {
		t.Fatalf("got %v, want the stream to end inside messages", err)
	}
	if alloc > 256<<20 {
		t.Errorf("allocated %d bytes for %d bytes of input", alloc, len(in))
	}
}

// TestControlPayloadLength: the chunk layer applies Set Chunk Size and
// Abort only when their payload is the exact 4-byte layout, the rule
// message.Decode applies to the same bytes (issue 13, defect 2: an 8-byte
// Set Chunk Size switched the chunk size while message.Decode called it
// trailing bytes).
func TestControlPayloadLength(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		typ      rtmp.MessageType
	}{
		{"set chunk size with 4 trailing bytes", "02 000000 000008 01 00000000  00000100 00000000", rtmp.TypeSetChunkSize},
		{"abort with a fifth byte", "02 000000 000005 02 00000000  00000003 00", rtmp.TypeAbort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := testkit.Hex(t, tc.in)
			d := NewDecoder(nil)
			_, _, err := d.Decode(in, true)
			var we *wire.Error
			if !errors.As(err, &we) || !errors.Is(err, wire.ErrTrailingBytes) {
				t.Fatalf("chunk layer: %v, want a *wire.Error wrapping ErrTrailingBytes", err)
			}
			if d.ChunkSize() != DefaultChunkSize {
				t.Errorf("chunk size %d after a refused Set Chunk Size", d.ChunkSize())
			}
			if _, err := message.Decode(tc.typ, in[12:]); !errors.Is(err, wire.ErrTrailingBytes) {
				t.Errorf("message layer: %v, want ErrTrailingBytes as well", err)
			}
		})
	}
}

// TestMaxChunkSize: a peer's Set Chunk Size up to Options.MaxChunkSize
// applies; one byte more is an ErrLimit error at the payload, and the
// chunk size stays as it was.
func TestMaxChunkSize(t *testing.T) {
	opts := &Options{MaxChunkSize: 10 << 20} // nginx-rtmp's cap
	d := NewDecoder(opts)
	if _, _, err := d.Decode(testkit.Hex(t, scs("00a00000")), true); err != nil || d.ChunkSize() != 10<<20 {
		t.Fatalf("at the limit: %v, chunk size %d", err, d.ChunkSize())
	}
	d = NewDecoder(opts)
	_, _, err := d.Decode(testkit.Hex(t, scs("00a00001")), true)
	var we *wire.Error
	if !errors.As(err, &we) || !errors.Is(err, wire.ErrLimit) || we.Offset != 12 || !strings.Contains(we.Expected, "at most 10485760") {
		t.Errorf("one past the limit: %v", err)
	}
	if d.ChunkSize() != DefaultChunkSize {
		t.Errorf("chunk size %d after a refused Set Chunk Size", d.ChunkSize())
	}
	if d := NewDecoder(nil); d.opts.MaxChunkSize != 1<<31-1 {
		t.Errorf("default MaxChunkSize %d, want the wire's largest", d.opts.MaxChunkSize)
	}
}
