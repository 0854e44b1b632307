package chunk

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

type outcome struct {
	Msgs []*Message
	Cut  *Message
	Err  string
}

func readAll(t testing.TB, r io.Reader, opts *Options) outcome {
	t.Helper()
	rd := NewReader(r, opts)
	var o outcome
	for i := 0; ; i++ {
		m, err := rd.ReadMessage()
		if err == io.EOF {
			return o
		}
		if err != nil {
			if m != nil {
				o.Cut = m.Clone()
			}
			o.Err = err.Error()
			// Sticky: the same error again, and no message.
			if m2, err2 := rd.ReadMessage(); m2 != nil || err2 == nil || err2.Error() != o.Err {
				t.Errorf("second read after %v: %v, %v", err, m2, err2)
			}
			return o
		}
		o.Msgs = append(o.Msgs, m.Clone())
	}
}

// feedSplits drives the []byte layer by hand with atEOF false, in pieces.
func feedSplits(t testing.TB, b []byte, opts *Options, rng *rand.Rand) outcome {
	t.Helper()
	d := NewDecoder(opts)
	var o outcome
	var pending []byte
	rest := b
	for {
		atEOF := len(rest) == 0
		m, n, err := d.Decode(pending, atEOF)
		pending = pending[n:]
		if err == io.EOF {
			return o
		}
		if err != nil {
			if m != nil {
				o.Cut = m.Clone()
			}
			o.Err = err.Error()
			return o
		}
		if m != nil {
			o.Msgs = append(o.Msgs, m.Clone())
			continue
		}
		k := min(1+rng.IntN(64), len(rest))
		pending = append(pending[:len(pending):len(pending)], rest[:k]...)
		rest = rest[k:]
	}
}

// checkReaders: the same messages, cut-short message and error whether the
// input comes whole, a byte at a time, or in random splits, through the
// Reader or the []byte layer.
func checkReaders(t testing.TB, in []byte, opts *Options) {
	t.Helper()
	var want outcome
	msgs, cut, err := decodeAll(t, in, opts)
	want.Msgs, want.Cut = msgs, cut
	if err != nil {
		want.Err = err.Error()
	}
	check := func(name string, got outcome) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs from the whole-slice decode (-whole +%s):\n%s", name, name, diff)
		}
	}
	check("reader", readAll(t, bytes.NewReader(in), opts))
	check("one-byte reader", readAll(t, iotest.OneByteReader(bytes.NewReader(in)), opts))
	check("data+EOF reader", readAll(t, iotest.DataErrReader(bytes.NewReader(in)), opts))
	for seed := uint64(1); seed <= 4; seed++ {
		check("random splits", readAll(t, &testkit.SplitReader{B: in, Rng: rand.New(rand.NewPCG(seed, 7)), Max: 1 + int(seed)*13}, opts))
		check("fed splits", feedSplits(t, in, opts, rand.New(rand.NewPCG(seed, 9))))
	}
}

func TestReaderAgreesOnVectors(t *testing.T) {
	lone := &Options{Context: func(uint32) (Context, bool) { return Context{}, true }}
	for _, v := range validVectors(t) {
		checkReaders(t, v.in, v.opts)
	}
	for _, c := range ncCalls {
		checkReaders(t, testkit.Hex(t, c.hex), lone)
	}
}

type vector struct {
	name string
	in   []byte
	opts *Options
}

func validVectors(t testing.TB) []vector {
	p := func(s string) []byte { return testkit.Hex(t, s) }
	return []vector{
		{"seed 000 connect", p(seed000Connect), nil},
		{"SOSample connect", p(sosampleConnect), nil},
		{"extended timestamps", p("02 ffffff 000003 09 01000000 01000000 aabb   c2 01000000 cc   42 ffffff 000001 09 01000000 bb   c2 01000000 cc"), &Options{ChunkSize: 2}},
		{"lenient", p("02 ffffff 000003 09 01000000 01000000 aabb   c2 cc   02 000000 000001 09 01000000 dd"), &Options{ChunkSize: 2, LenientExtendedTimestamp: true}},
		{"interleaved", p("04 000000 000003 09 01000000 aa  05 000000 000002 08 01000000 11  c4 bb  c5 22  c4 cc"), &Options{ChunkSize: 1}},
		{"abort", p("04 000000 000005 09 01000000 aabbccdd  02 000000 000004 02 00000000 00000004  04 000000 000001 09 01000000 dd"), &Options{ChunkSize: 4}},
		{"zero length", p("02 000000 000000 14 00000000   c2   42 000005 000001 14 ee   c2 ee"), nil},
		{"3-byte forms", p("01 34 12 000000 000002 14 01000000 aa  c1 34 12 bb"), &Options{ChunkSize: 1}},
		{"interleaved 2- and 3-byte forms", p(interleavedForms), &Options{ChunkSize: 1}},
		{"alternating forms", p(alternatingForms), &Options{ChunkSize: 1}},
		// B reuses A's longer buffer, so only the chunk sizes tell where
		// B's shorter last chunk ends.
		{"shorter last chunk in a reused buffer", p("04 000000 000006 09 01000000 aabb  c4 ccdd  c4 eeff   44 000000 000005 09 1122  c4 3344  c4 55   05 000000 000001 09 01000000 99"), &Options{ChunkSize: 2}},
		{"set chunk size while interleaved", p("04 000000 000004 09 01000000 aabb  02 000000 000004 01 00000000 0000  c2 0001  c4 cc  c4 dd"), &Options{ChunkSize: 2}},
	}
}

// Every strict prefix of a valid vector either ends at a message boundary
// (clean end) or gives exactly one error, the truncation error.
func TestTruncationAtEveryByte(t *testing.T) {
	for _, v := range validVectors(t) {
		full, _, err := decodeAll(t, v.in, v.opts)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		for i := 0; i < len(v.in); i++ {
			msgs, cut, err := decodeAll(t, v.in[:i], v.opts)
			if err == nil {
				// A clean end: the prefix holds whole messages only.
				continue
			}
			we := wantErr(t, err, errUnexpectedEOF, -1)
			if we.Offset > int64(i) || we.Offset < 0 {
				t.Errorf("%s[:%d]: offset %d outside the input", v.name, i, we.Offset)
			}
			if len(msgs) > len(full) {
				t.Errorf("%s[:%d]: %d messages from a prefix of %d", v.name, i, len(msgs), len(full))
			}
			if cut != nil && cut.Complete() && len(cut.Payload) > 0 {
				t.Errorf("%s[:%d]: cut-short message is complete", v.name, i)
			}
		}
	}
}
