package peers

import (
	"bytes"
	"encoding/hex"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestConnect(t *testing.T) {
	c := ConnectChunks()
	if len(c) != 324 {
		t.Fatalf("chunked connect is %d bytes, seed 000 shows 324", len(c))
	}
	// fmt 0, csid 3, timestamp 0, length 0x000136, type 0x14, stream 0.
	if want := mustHex(t, "03 000000 000136 14 00000000"); !bytes.Equal(c[:12], want) {
		t.Fatalf("header % x, want % x", c[:12], want)
	}
	if c[12+128] != 0xC3 || c[12+128+1+128] != 0xC3 {
		t.Fatalf("continuation headers are %#x %#x, want 0xc3 0xc3", c[12+128], c[12+128+1+128])
	}
	p := Connect()
	if len(p) != 0x136 {
		t.Fatalf("payload is %d bytes, the header says 310", len(p))
	}
	for _, part := range []string{
		// "connect", 1, object start, "app": "milgra"
		"020007636f6e6e656374 003ff0000000000000 03 0003617070 0200066d696c677261",
		// ".../Jasmin" + "Source/..." joined across the first 0xC3
		"4a61736d696e536f75726365",
		// "videoFunction": 1, joined across the second 0xC3
		"000d766964656f46756e6374696f6e 003ff0000000000000",
		// "pageUrl": undefined, "objectEncoding": 0, object end
		"00077061676555726c 06 000e6f626a656374456e636f64696e67 000000000000000000 000009",
	} {
		if !bytes.Contains(p, mustHex(t, part)) {
			t.Errorf("payload lacks %s", part)
		}
	}
	if !bytes.HasSuffix(p, mustHex(t, "000009")) || bytes.Contains(p, []byte{0xC3}) {
		t.Errorf("payload does not end the object or still holds a chunk header")
	}
}

func TestOnMetaData(t *testing.T) {
	p := OnMetaData()
	if len(p) != 1324 {
		t.Fatalf("onMetaData is %d bytes, want 1324", len(p))
	}
	// "onMetaData", ECMA array of 20, "duration": 3600.48
	if want := mustHex(t, "02000a6f6e4d65746144617461 08 00000014 00086475726174696f6e 0040ac20f5c28f5c29"); !bytes.HasPrefix(p, want) {
		t.Errorf("prefix % x, want % x", p[:len(want)], want)
	}
	// "keyframetimes": strict array of 100: 0, 36.0036, ...
	if want := mustHex(t, "000d6b65796672616d6574696d6573 0a 00000064 000000000000000000 0040420075f6fd21ff"); !bytes.Contains(p, want) {
		t.Errorf("strict array header not found")
	}
	// ..., 3564.3564, then the ECMA array's end.
	if want := mustHex(t, "0040abd8b67a0f9096 000009"); !bytes.HasSuffix(p, want) {
		t.Errorf("suffix % x, want % x", p[len(p)-len(want):], want)
	}
}

func TestVideoStream(t *testing.T) {
	for _, tc := range []struct {
		cs, size, segs int
		msg1, msg2     int // offsets of message 1's and 2's first header byte
	}{
		// 32 chunks per message: 12+31, 4+31, then 1+31 header bytes.
		{cs: 128, size: 4_000_000 + 43 + 35 + 998*32, segs: 32000, msg1: 12 + 4000 + 31, msg2: 12 + 4000 + 31 + 4 + 4000 + 31},
		// one chunk per message: 12, 4, then 1 header byte.
		{cs: 4096, size: 4_000_000 + 12 + 4 + 998, segs: 1000, msg1: 12 + 4000, msg2: 12 + 4000 + 4 + 4000},
	} {
		s := NewVideoStream(tc.cs)
		if len(s.Bytes) != tc.size || len(s.Segments) != tc.segs {
			t.Fatalf("cs %d: %d bytes in %d chunks, want %d in %d", tc.cs, len(s.Bytes), len(s.Segments), tc.size, tc.segs)
		}
		// fmt 0 csid 6, timestamp 0, length 4000, type 9, stream 1 (LE).
		if want := mustHex(t, "06 000000 000fa0 09 01000000"); !bytes.Equal(s.Bytes[:12], want) {
			t.Errorf("cs %d: first header % x, want % x", tc.cs, s.Bytes[:12], want)
		}
		// fmt 2 csid 6, delta 40; then fmt 3 csid 6.
		if want := mustHex(t, "86 000028"); !bytes.Equal(s.Bytes[tc.msg1:tc.msg1+4], want) {
			t.Errorf("cs %d: second header % x, want % x", tc.cs, s.Bytes[tc.msg1:tc.msg1+4], want)
		}
		if s.Bytes[tc.msg2] != 0xC6 {
			t.Errorf("cs %d: third header %#x, want 0xc6", tc.cs, s.Bytes[tc.msg2])
		}
		if tc.cs == 128 && s.Bytes[12+128] != 0xC6 {
			t.Errorf("cs 128: continuation header %#x, want 0xc6", s.Bytes[12+128])
		}
		var joined []byte
		for _, sg := range s.Segments {
			joined = append(joined, s.Bytes[sg.Off:sg.Off+sg.Len]...)
		}
		if !bytes.Equal(joined, s.Payload) {
			t.Errorf("cs %d: segments do not reassemble the payload", tc.cs)
		}
		if bytes.Count(s.Payload[:VideoMessageSize], []byte{0}) > VideoMessageSize/64 {
			t.Errorf("cs %d: payload is mostly zeros", tc.cs)
		}
	}
}

// TestExactness pins what each implementation does with each input, so
// that the notes next to the benchstat table stay true: a peer upgrade
// that changes a result fails here. rtmpcodec must decode everything and
// give every byte back.
func TestExactness(t *testing.T) {
	type key struct{ bench, in, impl string }
	type want struct {
		decodes bool
		exact   string
	}
	peers := map[key]want{
		{"AMF0", "connect", "joy4"}:          {true, "no"},  // maps lose key order; undefined comes back as null
		{"AMF0", "connect", "gortmplib"}:     {true, "yes"}, // ordered objects
		{"AMF0", "connect", "lal"}:           {true, "no"},  // drops the undefined pageUrl
		{"AMF0", "connect", "goamf0"}:        {false, "n/a"},
		{"AMF0", "connect", "livego"}:        {true, "no"},
		{"AMF0", "onMetaData", "joy4"}:       {true, "no"}, // ECMA array written back as an object
		{"AMF0", "onMetaData", "gortmplib"}:  {true, "yes"},
		{"AMF0", "onMetaData", "lal"}:        {true, "n/a"}, // no ECMA/strict array writer
		{"AMF0", "onMetaData", "goamf0"}:     {false, "n/a"},
		{"AMF0", "onMetaData", "livego"}:     {true, "no"},
		{"ChunkRead", "cs128", "copy"}:       {true, "yes"},
		{"ChunkRead", "cs128", "gortmplib"}:  {true, "no"}, // message stream ID read big-endian
		{"ChunkRead", "cs128", "lal"}:        {true, "yes"},
		{"ChunkRead", "cs128", "gortmp"}:     {true, "yes"},
		{"ChunkRead", "cs4096", "copy"}:      {true, "yes"},
		{"ChunkRead", "cs4096", "gortmplib"}: {true, "no"},
		{"ChunkRead", "cs4096", "lal"}:       {true, "yes"},
		{"ChunkRead", "cs4096", "gortmp"}:    {true, "yes"},
		{"AMF0", "connect", "rtmpcodec"}:     {true, "yes"},
		{"AMF0", "onMetaData", "rtmpcodec"}:  {true, "yes"},
		{"ChunkRead", "cs128", "rtmpcodec"}:  {true, "yes"},
		{"ChunkRead", "cs4096", "rtmpcodec"}: {true, "yes"},
		// AMF3 after marker 0x11: only rtmpcodec reads it; livego switches
		// to AMF3 but has no Vector.<Object> (marker 0x10).
		{"AMF0", "call3", "rtmpcodec"}: {true, "yes"},
		{"AMF0", "call3", "joy4"}:      {false, "n/a"},
		{"AMF0", "call3", "gortmplib"}: {false, "n/a"},
		{"AMF0", "call3", "lal"}:       {false, "n/a"},
		{"AMF0", "call3", "goamf0"}:    {false, "n/a"},
		{"AMF0", "call3", "livego"}:    {false, "n/a"},
		// livego reads the remoting payload but writes back another one
		// (objects as anonymous dynamic ones, no references).
		{"AMF3", "remoting", "rtmpcodec"}: {true, "yes"},
		{"AMF3", "remoting", "livego"}:    {true, "no"},
		// A fresh Decoder per payload: the same encoder as rtmpcodec.
		{"AMF0", "connect", "rtmpcodec-fresh"}:    {true, "n/a"},
		{"AMF0", "onMetaData", "rtmpcodec-fresh"}: {true, "n/a"},
		{"AMF0", "call3", "rtmpcodec-fresh"}:      {true, "n/a"},
		{"AMF3", "remoting", "rtmpcodec-fresh"}:   {true, "n/a"},
	}
	seen := map[key]bool{}
	for _, r := range Exactness() {
		k := key{r.Bench, r.Input, r.Impl}
		seen[k] = true
		w, ok := peers[k]
		if !ok {
			t.Errorf("%v: no expectation pinned (decodes %v, exact %s, %s)", k, r.Decodes, r.Exact, r.Note)
			continue
		}
		if r.Decodes != w.decodes || r.Exact != w.exact {
			t.Errorf("%v: decodes %v, exact %s (%s); pinned: decodes %v, exact %s", k, r.Decodes, r.Exact, r.Note, w.decodes, w.exact)
		}
		if r.Impl == "rtmpcodec" && r.Note != "" {
			t.Errorf("%v: %s", k, r.Note)
		}
	}
	for k := range peers {
		if !seen[k] {
			t.Errorf("%v: pinned but not run", k)
		}
	}
}

// TestBenchstatColumns keeps the Makefile's fixed column list, which also
// filters, in step with the implementations registered here.
func TestBenchstatColumns(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^BENCHSTAT_FLAGS \?=.*/impl@\(([^)]*)\)`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("no BENCHSTAT_FLAGS with a /impl@(...) column list in the Makefile")
	}
	if cols := strings.Fields(string(m[1])); !slices.Equal(cols, order) {
		t.Errorf("Makefile columns %v, impl.go order %v", cols, order)
	}
	for _, im := range AMF0Impls() {
		if !slices.Contains(order, im.Name) {
			t.Errorf("AMF0 implementation %q is not a benchstat column", im.Name)
		}
	}
	for _, im := range ChunkImpls() {
		if !slices.Contains(order, im.Name) {
			t.Errorf("chunk implementation %q is not a benchstat column", im.Name)
		}
	}
	for _, im := range AMF3Impls() {
		if !slices.Contains(order, im.Name) {
			t.Errorf("AMF3 implementation %q is not a benchstat column", im.Name)
		}
	}
}

// TestRtmpcodecAllocs pins the harness's use of rtmpcodec at zero
// allocations in steady state, so the rtmpcodec rows of the table measure
// the codec and not an adapter that allocates.
func TestRtmpcodecAllocs(t *testing.T) {
	pick := func(impls []AMF0) AMF0 {
		for _, x := range impls {
			if x.Name == "rtmpcodec" {
				return x
			}
		}
		t.Fatal("no rtmpcodec implementation")
		return AMF0{}
	}
	for _, c := range []struct {
		im     AMF0
		inputs []AMF0Input
	}{{pick(AMF0Impls()), AMF0Inputs()}, {pick(AMF3Impls()), AMF3Inputs()}} {
		rtmpcodecAMFAllocs(t, c.im, c.inputs)
	}
	for _, s := range VideoStreams() {
		r := newRtmpcodecChunk(s)
		if n, err := r.Read(nil); n != VideoMessages || err != nil {
			t.Fatalf("%s: %d messages, %v", s.Name, n, err)
		}
		if a := testing.AllocsPerRun(2, func() { _, _ = r.Read(nil) }); a != 0 {
			t.Errorf("chunk read %s: %v allocs per pass", s.Name, a)
		}
	}
}

func rtmpcodecAMFAllocs(t *testing.T, im AMF0, inputs []AMF0Input) {
	for _, in := range inputs {
		dec := im.NewDecode()
		if err := dec(in.Payload); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(20, func() { _ = dec(in.Payload) }); a != 0 {
			t.Errorf("decode %s: %v allocs", in.Name, a)
		}
		enc, err := im.PrepareEncode(in.Payload)
		if err != nil {
			t.Fatal(err)
		}
		dst, err := enc(nil)
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(20, func() { dst, _ = enc(dst[:0]) }); a != 0 {
			t.Errorf("encode %s: %v allocs", in.Name, a)
		}
	}
}

// TestGortmpRenew runs go-rtmp's reader through two replacements of its
// ChunkStreamer, which long benchmark runs rely on.
func TestGortmpRenew(t *testing.T) {
	s := NewVideoStream(4096)
	r := newGortmpChunk(s)
	defer r.Close()
	for i := range 2*gortmpRenew + 1 {
		if n, err := r.Read(nil); n != VideoMessages || err != nil {
			t.Fatalf("pass %d: %d messages, %v", i, n, err)
		}
	}
	last := 0
	n, err := r.Read(func(m Msg) {
		if !bytes.Equal(m.Payload, s.Message(last)) || m.Timestamp != uint32(last*VideoDelta) {
			t.Errorf("after renewals, message %d differs", last)
		}
		last++
	})
	if n != VideoMessages || err != nil || last != VideoMessages {
		t.Fatalf("after renewals: %d messages (%d seen), %v", n, last, err)
	}
	// 2*gortmpRenew+2 passes: renewed before passes gortmpRenew+1 and
	// 2*gortmpRenew+1, so the current streamer has served two.
	if u := r.(*gortmpChunk).uses; u != 2 {
		t.Errorf("current streamer served %d passes, want 2 (renewals did not happen as planned)", u)
	}
}
