package chunk

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func TestBasicHeaderForms(t *testing.T) {
	// Each is one fmt 0 chunk: type 0x14, stream 1, payload 0xAA.
	const rest = " 000000 000001 14 01000000 aa"
	for _, tc := range []struct {
		name  string
		hex   string
		csid  uint32
		form  BasicHeaderForm
		fresh string // how a careful sender writes the same message
	}{
		{"csid 2", "02", 2, BasicHeader1, "02"},
		{"csid 63", "3f", 63, BasicHeader1, "3f"},
		{"csid 64, 2-byte", "00 00", 64, BasicHeader2, "00 00"},
		{"csid 64, 3-byte", "01 00 00", 64, BasicHeader3, "00 00"},
		{"csid 319, 2-byte", "00 ff", 319, BasicHeader2, "00 ff"},
		{"csid 319, 3-byte", "01 ff 00", 319, BasicHeader3, "00 ff"},
		{"csid 320", "01 00 01", 320, BasicHeader3, "01 00 01"},
		// Little-endian: 0x34 is the low byte. Read big-endian this would
		// be csid 0x3412+64.
		{"csid 0x1234+64, little-endian", "01 34 12", 0x1234 + 64, BasicHeader3, "01 34 12"},
		{"csid 65599", "01 ff ff", 65599, BasicHeader3, "01 ff ff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := testkit.Hex(t, tc.hex+rest)
			msgs, _, err := decodeAll(t, in, nil)
			if err != nil || len(msgs) != 1 {
				t.Fatalf("decode: %d messages, %v", len(msgs), err)
			}
			m := msgs[0]
			if m.CSID != tc.csid || m.Chunks[0].Form != tc.form || m.StreamID != 1 || !bytes.Equal(m.Payload, []byte{0xaa}) {
				t.Errorf("got csid %d form %v stream %d payload %x", m.CSID, m.Chunks[0].Form, m.StreamID, m.Payload)
			}
			if got := encodeRecorded(t, msgs, 0); !bytes.Equal(got, in) {
				t.Errorf("recorded re-encode %x, want %x", got, in)
			}
			m.Chunks = nil
			if got, want := encodeRecorded(t, msgs, 0), testkit.Hex(t, tc.fresh+rest); !bytes.Equal(got, want) {
				t.Errorf("fresh encode %x, want %x", got, want)
			}
		})
	}
}

// csid 64 written in both forms is one chunk stream: a fmt 3 continuation
// in the 3-byte form continues a message begun in the 2-byte form.
func TestFormsShareChunkStream(t *testing.T) {
	in := testkit.Hex(t, "00 00 000000 000002 14 01000000 aa   c1 00 00 bb")
	msgs, _, err := decodeAll(t, in, &Options{ChunkSize: 1})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	want := []Header{
		{Format: Format0, Form: BasicHeader2, Size: 1, Count: 1},
		{Format: Format3, Form: BasicHeader3, Size: 1, Count: 1},
	}
	if diff := cmp.Diff(want, msgs[0].Chunks); diff != "" || !bytes.Equal(msgs[0].Payload, []byte{0xaa, 0xbb}) {
		t.Errorf("record (-want +got):\n%s payload %x", diff, msgs[0].Payload)
	}
	if got := encodeRecorded(t, msgs, 0); !bytes.Equal(got, in) {
		t.Errorf("re-encode %x, want %x", got, in)
	}
}

// Continuations on chunk streams with 2- and 3-byte basic headers, taking
// turns: the decoder batches such runs of fmt 3 chunks across streams, and
// each message must still get exactly its own bytes and record.
//
// csid 100's bytes repeat so that its 2-byte header plus a payload byte
// reads the same each time: a decoder comparing the wrong header bytes
// when it moves from stream to stream would take one for the other.
const interleavedForms = "00 24 000000 000004 09 01000000 aa   01 50 01 000000 000004 08 01000000 11" +
	"   c0 24 aa   c1 50 01 22   c0 24 aa   c1 50 01 33   c0 24 aa   c1 50 01 44"

// One message on csid 100 whose continuations switch between the 2- and
// 3-byte forms: six runs, more than a stream holds inline.
const alternatingForms = "00 24 000000 000006 09 01000000 aa   c1 24 00 bb   c0 24 cc   c1 24 00 dd   c0 24 ee   c1 24 00 ff"

func TestInterleavedForms(t *testing.T) {
	in := testkit.Hex(t, interleavedForms)
	msgs, _, err := decodeAll(t, in, &Options{ChunkSize: 1})
	if err != nil || len(msgs) != 2 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	for i, want := range []struct {
		csid    uint32
		payload string
		chunks  []Header
	}{
		{100, "aaaaaaaa", []Header{{Format: Format0, Form: BasicHeader2, Size: 1, Count: 1}, {Format: Format3, Form: BasicHeader2, Size: 1, Count: 3}}},
		{400, "11223344", []Header{{Format: Format0, Form: BasicHeader3, Size: 1, Count: 1}, {Format: Format3, Form: BasicHeader3, Size: 1, Count: 3}}},
	} {
		m := msgs[i]
		if m.CSID != want.csid || bytesHex(m.Payload) != want.payload {
			t.Errorf("message %d: csid %d payload %x, want %d %s", i, m.CSID, m.Payload, want.csid, want.payload)
		}
		if diff := cmp.Diff(want.chunks, m.Chunks); diff != "" {
			t.Errorf("message %d record (-want +got):\n%s", i, diff)
		}
	}
	if n, err := chunkRoundTrip(t, in, &Options{ChunkSize: 1}); err != nil || n != len(in) {
		t.Errorf("chunk round trip: %d of %d bytes, %v", n, len(in), err)
	}
}

func TestAlternatingForms(t *testing.T) {
	in := testkit.Hex(t, alternatingForms)
	opts := &Options{ChunkSize: 1}
	for round := 0; round < 2; round++ { // the second reuses the stream's record
		d := NewDecoder(opts)
		var msgs []*Message
		for off := 0; off < len(in); {
			m, n, err := d.Decode(in[off:], true)
			if err != nil {
				t.Fatal(err)
			}
			off += n
			if m != nil {
				msgs = append(msgs, m.Clone())
			}
			checkHeld(t, d)
		}
		if len(msgs) != 1 || bytesHex(msgs[0].Payload) != "aabbccddeeff" || len(msgs[0].Chunks) != 6 {
			t.Fatalf("got %d messages: %+v", len(msgs), msgs)
		}
		if got := encodeRecorded(t, msgs, 1); !bytes.Equal(got, in) {
			t.Errorf("re-encode %x, want %x", got, in)
		}
	}
}

// checkHeld: the partial-message budget counts exactly the buffers and
// the out-of-line records the chunk streams hold.
func checkHeld(t *testing.T, d *Decoder) {
	t.Helper()
	held := 0
	for _, s := range d.streams {
		held += cap(s.buf) + s.heldRuns()*headerRecordSize
	}
	if held != d.held {
		t.Errorf("budget counts %d bytes, streams hold %d", d.held, held)
	}
}

func TestHeldAfterRelease(t *testing.T) {
	// Two streams with a message each, then a third whose first chunk
	// exceeds what is left of the budget: idle buffers are released, and
	// the count must match what remains.
	in := testkit.Hex(t, alternatingForms+" 05 000000 000002 09 01000000 aa  c5 bb")
	d := NewDecoder(&Options{ChunkSize: 1, MaxPartialBytes: 2000})
	for off := 0; off < len(in); {
		_, n, err := d.Decode(in[off:], true)
		if err != nil {
			t.Fatal(err)
		}
		off += n
		checkHeld(t, d)
	}
	d.releaseIdle()
	checkHeld(t, d)
	if d.held != 0 {
		t.Errorf("%d bytes held with every stream idle", d.held)
	}
}

func TestExtendedTimestamps(t *testing.T) {
	type want struct {
		ts, delta uint32
		payload   string
		chunks    []Header
	}
	ext := func(f Format, v, size uint32) Header {
		return Header{Format: f, Form: BasicHeader1, Extended: true, ExtendedValue: v, Size: size, Count: 1}
	}
	plain := func(f Format, size uint32) Header {
		return Header{Format: f, Form: BasicHeader1, Size: size, Count: 1}
	}
	for _, tc := range []struct {
		name string
		hex  string
		opts Options
		want []want
	}{
		{
			// fmt 0 at 0x01000000: the 24-bit field says 0xFFFFFF, the
			// extended field the time, repeated on the fmt 3 continuation.
			name: "fmt 0 and its continuation",
			hex:  "02 ffffff 000003 09 01000000 01000000 aabb   c2 01000000 cc",
			opts: Options{ChunkSize: 2},
			want: []want{{0x01000000, 0x01000000, "aabbcc", []Header{ext(Format0, 0x01000000, 2), ext(Format3, 0x01000000, 1)}}},
		},
		{
			// In fmt 1/2 the extended field carries the delta; a fmt 3
			// that starts a message re-applies it and, per the errata,
			// carries it too.
			name: "fmt 1 delta, then fmt 3 new message",
			hex:  "02 000000 000001 09 01000000 aa   42 ffffff 000001 09 01000000 bb   c2 01000000 cc",
			want: []want{
				{0, 0, "aa", []Header{plain(Format0, 1)}},
				{0x01000000, 0x01000000, "bb", []Header{ext(Format1, 0x01000000, 1)}},
				{0x02000000, 0x01000000, "cc", []Header{ext(Format3, 0x01000000, 1)}},
			},
		},
		{
			// Exactly 0xFFFFFF needs the extended form too.
			name: "value 0xFFFFFF itself",
			hex:  "02 ffffff 000001 09 01000000 00ffffff aa",
			want: []want{{0xffffff, 0xffffff, "aa", []Header{ext(Format0, 0xffffff, 1)}}},
		},
		{
			// Timestamps are u32 and wrap; a fmt 2 without the extended
			// field ends the extended timestamp's force, so the fmt 3 after
			// it has none.
			name: "wrap",
			hex:  "02 ffffff 000001 09 01000000 fffffff0 aa   82 000020 bb   c2 cc",
			want: []want{
				{0xfffffff0, 0xfffffff0, "aa", []Header{ext(Format0, 0xfffffff0, 1)}},
				{0x10, 0x20, "bb", []Header{plain(Format2, 1)}},
				{0x30, 0x20, "cc", []Header{plain(Format3, 1)}},
			},
		},
		{
			// Lenient: a peer that leaves the extended field off a fmt 3
			// continuation; the four bytes after it (cc 02 00 00) are not
			// the value in force, so they are payload.
			name: "lenient, omitted on continuation",
			hex:  "02 ffffff 000003 09 01000000 01000000 aabb   c2 cc   02 000000 000001 09 01000000 dd",
			opts: Options{ChunkSize: 2, LenientExtendedTimestamp: true},
			want: []want{
				{0x01000000, 0x01000000, "aabbcc", []Header{ext(Format0, 0x01000000, 2), plain(Format3, 1)}},
				{0, 0, "dd", []Header{plain(Format0, 1)}},
			},
		},
		{
			name: "lenient, omitted at the end of the input",
			hex:  "02 ffffff 000003 09 01000000 01000000 aabb   c2 cc",
			opts: Options{ChunkSize: 2, LenientExtendedTimestamp: true},
			want: []want{{0x01000000, 0x01000000, "aabbcc", []Header{ext(Format0, 0x01000000, 2), plain(Format3, 1)}}},
		},
		{
			name: "lenient, present",
			hex:  "02 ffffff 000003 09 01000000 01000000 aabb   c2 01000000 cc",
			opts: Options{ChunkSize: 2, LenientExtendedTimestamp: true},
			want: []want{{0x01000000, 0x01000000, "aabbcc", []Header{ext(Format0, 0x01000000, 2), ext(Format3, 0x01000000, 1)}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := testkit.Hex(t, tc.hex)
			msgs, _, err := decodeAll(t, in, &tc.opts)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			var got []want
			for _, m := range msgs {
				got = append(got, want{m.Timestamp, m.Delta, bytesHex(m.Payload), m.Chunks})
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if out := encodeRecorded(t, msgs, tc.opts.ChunkSize); !bytes.Equal(out, in) {
				t.Errorf("re-encode %x, want %x", out, in)
			}
			if _, err := chunkRoundTrip(t, in, &tc.opts); err != nil {
				t.Errorf("chunk round trip: %v", err)
			}
		})
	}
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	s := make([]byte, 0, 2*len(b))
	for _, c := range b {
		s = append(s, digits[c>>4], digits[c&15])
	}
	return string(s)
}

// Strict mode reads the extended field on every fmt 3 chunk while it is in
// force, so a stream that ends where it should be is cut short.
func TestStrictMissingExtendedTimestamp(t *testing.T) {
	in := testkit.Hex(t, "02 ffffff 000003 09 01000000 01000000 aabb   c2 cc")
	_, cut, err := decodeAll(t, in, &Options{ChunkSize: 2})
	wantErr(t, err, errUnexpectedEOF, 19, "csid=2", "fmt=3", "ExtendedTimestamp")
	if cut == nil || !bytes.Equal(cut.Payload, []byte{0xaa, 0xbb}) || cut.Length != 3 {
		t.Errorf("cut-short message %+v", cut)
	}
}

// The encoder's header choice, byte for byte.
func TestEncoderPicksSmallestHeader(t *testing.T) {
	video := rtmp.TypeVideo
	p := func(n int) []byte { return bytes.Repeat([]byte{0x17}, n) }
	e := NewEncoder()
	var out []byte
	for _, tc := range []struct {
		m    Message
		want string
	}{
		{Message{CSID: 4, Timestamp: 0, Type: video, StreamID: 1, Payload: p(2)}, "04 000000 000002 09 01000000 1717"},
		// After fmt 0 the delta is stated (fmt 2) rather than left to the
		// reader's idea of what follows a fmt 0.
		{Message{CSID: 4, Timestamp: 40, Type: video, StreamID: 1, Payload: p(2)}, "84 000028 1717"},
		{Message{CSID: 4, Timestamp: 80, Type: video, StreamID: 1, Payload: p(2)}, "c4 1717"},
		{Message{CSID: 4, Timestamp: 120, Type: video, StreamID: 1, Payload: p(3)}, "44 000028 000003 09 171717"},
		{Message{CSID: 4, Timestamp: 100, Type: video, StreamID: 1, Payload: p(3)}, "04 000064 000003 09 01000000 171717"},
		{Message{CSID: 4, Timestamp: 100 + 0x01000000, Type: video, StreamID: 1, Payload: p(3)}, "84 ffffff 01000000 171717"},
		{Message{CSID: 4, Timestamp: 100 + 0x02000000, Type: video, StreamID: 1, Payload: p(3)}, "c4 01000000 171717"},
		{Message{CSID: 4, Timestamp: 100 + 0x02000000, Type: video, StreamID: 2, Payload: p(0)}, "04 ffffff 000000 09 02000000 02000064"},
		{Message{CSID: 5, Timestamp: 0x01000000, Type: rtmp.TypeAudio, StreamID: 1, Payload: p(200)},
			"05 ffffff 0000c8 08 01000000 01000000" + bytesHex(p(128)) + " c5 01000000" + bytesHex(p(72))},
		{Message{CSID: 400, Timestamp: 5, Type: rtmp.TypeDataAMF0, StreamID: 1, Payload: p(1)}, "01 50 01 000005 000001 12 01000000 17"},
	} {
		before := len(out)
		var err error
		out, err = e.AppendMessage(out, &tc.m)
		if err != nil {
			t.Fatal(err)
		}
		if want := testkit.Hex(t, tc.want); !bytes.Equal(out[before:], want) {
			t.Errorf("message at %d on csid %d:\n got %x\nwant %x", tc.m.Timestamp, tc.m.CSID, out[before:], want)
		}
	}
	// And it reads back as written.
	msgs, _, err := decodeAll(t, out, nil)
	if err != nil || len(msgs) != 10 {
		t.Fatalf("read back: %d messages, %v", len(msgs), err)
	}
	for i, want := range []uint32{0, 40, 80, 120, 100, 100 + 0x01000000, 100 + 0x02000000, 100 + 0x02000000, 0x01000000, 5} {
		if msgs[i].Timestamp != want {
			t.Errorf("message %d: timestamp %#x, want %#x", i, msgs[i].Timestamp, want)
		}
	}
}

func TestZeroLengthMessages(t *testing.T) {
	in := testkit.Hex(t, "02 000000 000000 14 00000000   c2   42 000005 000001 14 ee   c2 ee")
	msgs, _, err := decodeAll(t, in, nil)
	if err != nil || len(msgs) != 4 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	for i, want := range []int{0, 0, 1, 1} {
		if len(msgs[i].Payload) != want || !msgs[i].Complete() {
			t.Errorf("message %d: %d bytes, want %d", i, len(msgs[i].Payload), want)
		}
	}
	if msgs[1].Timestamp != 0 || msgs[3].Timestamp != 10 {
		t.Errorf("timestamps %d, %d", msgs[1].Timestamp, msgs[3].Timestamp)
	}
	if out := encodeRecorded(t, msgs, 0); !bytes.Equal(out, in) {
		t.Errorf("re-encode %x, want %x", out, in)
	}
	// Written fresh, an empty message is a header alone.
	out, err := NewEncoder().AppendMessage(nil, &Message{CSID: 3, Type: rtmp.TypeCommandAMF0})
	if want := testkit.Hex(t, "03 000000 000000 14 00000000"); err != nil || !bytes.Equal(out, want) {
		t.Errorf("fresh empty message %x, %v; want %x", out, err, want)
	}
}

// TestBudgetAfterReleasingOwnBuffer: when the budget releases idle buffers
// to make room, the stream asking may lose its own; its growth must then be
// worked out again, or it gets a buffer smaller than the chunk and append
// grows it behind the budget's back.
func TestBudgetAfterReleasingOwnBuffer(t *testing.T) {
	e := NewEncoder()
	var in []byte
	add := func(m *Message, keep int) {
		t.Helper()
		b, err := e.AppendMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		if keep > 0 {
			b = b[:keep] // a fmt 0 header and the first chunk
		}
		in = append(in, b...)
	}
	scs := func(n uint32) *Message {
		return &Message{CSID: 2, Type: rtmp.TypeSetChunkSize, Payload: binary.BigEndian.AppendUint32(nil, n)}
	}
	add(scs(300), 0)
	add(&Message{CSID: 3, Type: rtmp.TypeVideo, StreamID: 1, Payload: make([]byte, 600)}, 0) // leaves csid 3 an idle 600-byte buffer
	add(scs(1000), 0)
	add(&Message{CSID: 4, Type: rtmp.TypeVideo, StreamID: 1, Payload: make([]byte, 5000)}, 12+1000)
	// csid 3 needs 1000 bytes: growing its 600 to 1200 is over the budget,
	// releasing idle buffers frees its own 600, and 1000 fresh bytes fit.
	add(&Message{CSID: 3, Type: rtmp.TypeVideo, StreamID: 2, Payload: make([]byte, 5000)}, 12+1000)

	d := NewDecoder(&Options{MaxPartialBytes: 2100})
	for off := 0; off < len(in); {
		_, n, err := d.Decode(in[off:], false)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("stuck at offset %d of %d", off, len(in))
		}
		off += n
		checkHeld(t, d)
	}
	s := d.byCSID.get(3)
	if s == nil {
		t.Fatal("no state for csid 3")
	}
	if !s.active || len(s.buf) != 1000 || d.held != 2000 {
		t.Errorf("csid 3 in progress with 1000 bytes, 2000 bytes held: got %v, %d bytes, %d held", s.active, len(s.buf), d.held)
	}
}
