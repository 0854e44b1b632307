package peers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Result is what one implementation does with one input, checked outside
// any timed loop.
type Result struct {
	Bench string // "AMF0", "AMF3" or "ChunkRead"
	Input string
	Impl  string
	// Decodes: the whole input decodes without error (for chunk readers:
	// every message arrives, twice over on one reused reader).
	Decodes bool
	// Exact is "yes", "no" or "n/a". AMF0: encoding what was decoded
	// gives back the input bytes. ChunkRead: every payload, and every
	// header the reader exposes, equals what was written.
	Exact string
	Note  string
}

// Exactness runs every implementation over every input.
func Exactness() []Result {
	var rs []Result
	for _, in := range AMF0Inputs() {
		for _, im := range AMF0Impls() {
			rs = append(rs, checkAMF0(im, in))
		}
	}
	for _, in := range AMF3Inputs() {
		for _, im := range AMF3Impls() {
			r := checkAMF0(im, in)
			r.Bench = "AMF3"
			rs = append(rs, r)
		}
	}
	for _, s := range VideoStreams() {
		for _, im := range ChunkImpls() {
			rs = append(rs, checkChunk(im, s))
		}
	}
	return rs
}

// guard turns a peer's panic into a note, so one bad peer does not hide
// the others' results.
func guard(r *Result) {
	if p := recover(); p != nil {
		r.Note = strings.TrimSpace(r.Note + " panicked: " + fmt.Sprint(p))
	}
}

// tryDecode runs one decode, turning a panic into an error.
func tryDecode(dec func([]byte) error, b []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panicked: %v", p)
		}
	}()
	return dec(b)
}

func checkAMF0(im AMF0, in AMF0Input) (r Result) {
	r = Result{Bench: "AMF0", Input: in.Name, Impl: im.Name, Exact: "n/a"}
	defer guard(&r)
	// Twice on one decoder, as the benchmark reuses it.
	dec := im.NewDecode()
	for range 2 {
		if err := tryDecode(dec, in.Payload); err != nil {
			r.Note = "cannot decode: " + oneLine(err)
			return r
		}
	}
	r.Decodes = true
	enc, err := im.PrepareEncode(in.Payload)
	if errors.Is(err, ErrNoEncoder) {
		r.Note = oneLine(err)
		return r
	}
	if err != nil {
		r.Note = "decode for encoding failed: " + oneLine(err)
		return r
	}
	// Several runs: encoders that range over Go maps write keys in a
	// different order each time.
	var outs [][]byte
	for range 8 {
		out, err := enc(nil)
		if err != nil {
			r.Exact = "no"
			r.Note = "encode failed: " + oneLine(err)
			return r
		}
		outs = append(outs, out)
	}
	varies := false
	for _, o := range outs[1:] {
		if !bytes.Equal(o, outs[0]) {
			varies = true
		}
	}
	r.Exact = "yes"
	for _, o := range outs {
		if !bytes.Equal(o, in.Payload) {
			r.Exact = "no"
		}
	}
	if r.Exact == "no" {
		r.Note = diff(outs[0], in.Payload)
		if varies {
			r.Note += "; output differs between runs (map order)"
		}
	}
	return r
}

// diff describes how got differs from want in a few words.
func diff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("%d bytes for %d, first difference at byte %d", len(got), len(want), i)
}

func checkChunk(im Chunk, s *VideoStream) (r Result) {
	r = Result{Bench: "ChunkRead", Input: s.Name, Impl: im.Name, Exact: "n/a"}
	defer guard(&r)
	rd := im.New(s)
	defer rd.Close()
	var (
		badPayload, badHeader int
		firstBad              []string
		headers               bool
		totalSeen             int
	)
	for pass := range 2 {
		i := 0
		n, err := rd.Read(func(m Msg) {
			defer func() { i++ }()
			if i >= VideoMessages {
				return
			}
			if want := s.Message(i); !bytes.Equal(m.Payload, want) {
				if badPayload == 0 {
					firstBad = append(firstBad, fmt.Sprintf("message %d payload: %s", i, diff(m.Payload, want)))
				}
				badPayload++
			}
			if !m.HeaderKnown {
				return
			}
			headers = true
			wantTS := uint32(i * VideoDelta)
			if m.TypeID != VideoTypeID || m.StreamID != VideoStreamID || m.Timestamp != wantTS {
				if badHeader == 0 {
					firstBad = append(firstBad, fmt.Sprintf(
						"message %d header: type %d, stream ID %d, timestamp %d (written: %d, %d, %d)",
						i, m.TypeID, m.StreamID, m.Timestamp, VideoTypeID, VideoStreamID, wantTS))
				}
				badHeader++
			}
		})
		totalSeen += n
		if err != nil || n != VideoMessages || i != VideoMessages {
			r.Note = fmt.Sprintf("pass %d: %d messages (%d reported), error %v", pass, n, i, err)
			return r
		}
	}
	r.Decodes = totalSeen == 2*VideoMessages
	if badPayload+badHeader > 0 {
		r.Exact = "no"
		r.Note = fmt.Sprintf("%d of %d payloads and %d headers differ; first: %s",
			badPayload, totalSeen, badHeader, strings.Join(firstBad, "; "))
		return r
	}
	r.Exact = "yes"
	if !headers {
		r.Note = "payloads only (headers not exposed)"
	}
	return r
}

func oneLine(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 90 {
		s = s[:87] + "..."
	}
	return s
}

// WriteTable prints results as an aligned text table.
func WriteTable(w io.Writer, rs []Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "benchmark\tin\timpl\tdecodes\tbyte-exact\tnote")
	for _, r := range rs {
		dec := "no"
		if r.Decodes {
			dec = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Bench, r.Input, r.Impl, dec, r.Exact, r.Note)
	}
	return tw.Flush()
}
