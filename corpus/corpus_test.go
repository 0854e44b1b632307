package corpus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// seedsDir finds the source documents, which live outside the repository:
// RTMPCODEC_SEEDS names their folder ("none" runs without them, on
// purpose); by default they sit beside the repository in the project's
// shared/seeds. Missing documents fail the test rather than skip it
// quietly.
func seedsDir(t *testing.T) string {
	dir := os.Getenv("RTMPCODEC_SEEDS")
	switch dir {
	case "none":
		t.Skip("RTMPCODEC_SEEDS=none: corpus rows not checked against the source documents")
	case "":
		dir = "../../shared/seeds"
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the source documents are not at %s (%v): they sit beside the repository in the project's shared/seeds; "+
			"set RTMPCODEC_SEEDS to their folder, or to none to run without this check", dir, err)
	}
	return dir
}

// documents are the source documents a file may name.
var documents = map[string]bool{
	"000_a5a54de71b6b1870.txt": true,
	"001_3ac56dfdf858cf9e.txt": true,
	"002_fa7ff7e607898bda.txt": true,
	"003_5b108667eba9faf1.txt": true,
}

func mustAll(t *testing.T) []File {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func mustLoad(t *testing.T, name string) File {
	t.Helper()
	f, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func hdrUint(t *testing.T, f File, key string) uint64 {
	t.Helper()
	v, ok, err := f.Uint(key)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("%s: header %s missing", f.Name, key)
	}
	return v
}

// TestInventory pins what the corpus holds, so that a lost file fails.
func TestInventory(t *testing.T) {
	all := mustAll(t)
	count := map[string]int{}
	for _, f := range all {
		count[f.Layer]++
	}
	want := map[string]int{"handshake": 3, "chunks": 21, "session": 2, "message": 8, "amf0": 1}
	for layer, n := range want {
		if count[layer] != n {
			t.Errorf("layer %s: %d files, want %d", layer, count[layer], n)
		}
	}
	calls := 0
	for _, f := range all {
		if strings.HasPrefix(f.Name, "000-call-") {
			calls++
		}
	}
	// Document 000 prints 19 nc.call dumps after "This is my test dump".
	if calls != 19 {
		t.Errorf("%d nc.call files, want 19", calls)
	}
	if len(all) != 35 {
		t.Errorf("%d files, want 35", len(all))
	}
}

func TestEveryFileParses(t *testing.T) {
	for _, f := range mustAll(t) {
		t.Run(f.Name, func(t *testing.T) {
			if n := hdrUint(t, f, "length"); n != uint64(len(f.Data)) {
				t.Errorf("length %d, data %d", n, len(f.Data))
			}
			for _, k := range []string{"source", "dump", "shows", "origin", "layer"} {
				if f.Header[k] == "" {
					t.Errorf("header %s missing", k)
				}
			}
			if !documents[f.Source] {
				t.Errorf("source %q is not one of the seed documents", f.Source)
			}
			if f.Built() && !strings.Contains(f.Header["built-from"], "not a capture") {
				t.Errorf("built file must say it is not a capture: %q", f.Header["built-from"])
			}
			if !f.Built() && strings.HasPrefix(f.Dump, "none") {
				t.Errorf("origin %s but dump says %q", f.Origin, f.Dump)
			}
			for k := range f.Header {
				if !knownKeys[k] {
					t.Errorf("header key %q is not documented in README.md", k)
				}
			}
			if !bytes.HasSuffix(f.Text, []byte("\n")) {
				t.Error("file does not end in a newline")
			}
		})
	}
}

// knownKeys are the keys README.md documents.
var knownKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`source dump shows origin layer length built-from see-also note
		direction parts version c1-time c1-zero echo-of handshake-length chunk-size chunks messages
		chunk-layout fmt csid timestamp timestamp-delta message-length type stream-id context
		context-stream-id context-timestamp expect-command expect-transaction-id expect-markers
		expect-amf0 events expect-so-name expect-so-version expect-so-flags expect-events
		expect-initial-data`) {
		m[k] = true
	}
	return m
}()

func TestREADMEDocumentsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for k := range knownKeys {
		if !bytes.Contains(readme, []byte("`"+k+"`")) {
			t.Errorf("README.md does not document key %q", k)
		}
	}
}

// TestRowsAppearInSource checks provenance against the documents themselves:
// every hex line of a dumped or literal file is a line of its source. The
// documents live outside the repository (see seedsDir).
func TestRowsAppearInSource(t *testing.T) {
	dir := seedsDir(t)
	for _, f := range mustAll(t) {
		t.Run(f.Name, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join(dir, f.Source))
			if err != nil {
				t.Fatalf("source document: %v", err)
			}
			if f.Built() {
				return
			}
			lines := map[string]bool{}
			for l := range strings.Lines(string(doc)) {
				lines[strings.TrimRight(l, "\r\n")] = true
			}
			n := 0
			for l := range strings.Lines(string(f.Text)) {
				l = strings.TrimRight(l, "\r\n")
				if strings.HasPrefix(l, "# ") {
					continue
				}
				n++
				if !lines[l] {
					t.Errorf("line %q is not in %s", l, f.Source)
				}
			}
			if n == 0 {
				t.Error("no hex lines")
			}
		})
	}
}

// chunkFrame is what walking a chunk stream by hand finds.
type chunkFrame struct {
	layout  []string
	fmt     int
	csid    int
	ts      uint32
	length  int
	typ     byte
	sid     uint32
	hasSID  bool
	payload []byte
	used    int
}

// walkChunks reads one message from a chunk stream by hand: a 1-byte basic
// header, the message header its fmt selects, then payload in chunks of
// chunkSize each preceded by a fmt-3 byte for the same csid. These files
// use none of the longer basic headers or extended timestamps.
func walkChunks(b []byte, chunkSize int) (chunkFrame, error) {
	var c chunkFrame
	if len(b) < 1 {
		return c, errors.New("empty")
	}
	c.fmt, c.csid = int(b[0]>>6), int(b[0]&0x3f)
	if c.csid < 2 {
		return c, fmt.Errorf("basic header %#x needs the 2- or 3-byte form", b[0])
	}
	hlen := []int{12, 8, 4, 1}[c.fmt]
	if c.fmt > 1 || len(b) < hlen {
		return c, fmt.Errorf("first chunk fmt %d / %d bytes: need a header with a length", c.fmt, len(b))
	}
	c.ts = uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	c.length = int(b[4])<<16 | int(b[5])<<8 | int(b[6])
	c.typ = b[7]
	if c.fmt == 0 {
		c.sid, c.hasSID = binary.LittleEndian.Uint32(b[8:12]), true
	}
	i, got := hlen, 0
	for got < c.length {
		h := hlen
		if got > 0 {
			if i >= len(b) || b[i] != 0xC0|byte(c.csid) {
				return c, fmt.Errorf("offset %d: want continuation byte %#x", i, 0xC0|c.csid)
			}
			h = 1
			i++
		}
		n := min(chunkSize, c.length-got)
		if i+n > len(b) {
			return c, fmt.Errorf("offset %d: chunk of %d bytes, %d left", i, n, len(b)-i)
		}
		c.payload = append(c.payload, b[i:i+n]...)
		c.layout = append(c.layout, strconv.Itoa(h)+"+"+strconv.Itoa(n))
		i += n
		got += n
	}
	c.used = i
	return c, nil
}

func checkChunks(t *testing.T, f File, b []byte) chunkFrame {
	t.Helper()
	cs := int(hdrUint(t, f, "chunk-size"))
	c, err := walkChunks(b, cs)
	if err != nil {
		t.Fatal(err)
	}
	if c.used != len(b) {
		t.Errorf("message ends at %d, data has %d bytes", c.used, len(b))
	}
	if f.Layer != LayerChunks {
		return c
	}
	if got := strings.Join(c.layout, ", "); got != f.Header["chunk-layout"] {
		t.Errorf("chunk-layout %q, walked %q", f.Header["chunk-layout"], got)
	}
	if n := hdrUint(t, f, "chunks"); n != uint64(len(c.layout)) {
		t.Errorf("chunks %d, walked %d", n, len(c.layout))
	}
	if n := hdrUint(t, f, "messages"); n != 1 {
		t.Errorf("messages %d; every chunk file here holds one", n)
	}
	if v := hdrUint(t, f, "fmt"); v != uint64(c.fmt) {
		t.Errorf("fmt %d, header byte says %d", v, c.fmt)
	}
	if v := hdrUint(t, f, "csid"); v != uint64(c.csid) {
		t.Errorf("csid %d, header byte says %d", v, c.csid)
	}
	if v := hdrUint(t, f, "message-length"); v != uint64(c.length) || len(c.payload) != c.length {
		t.Errorf("message-length %d, header field %d, payload %d", v, c.length, len(c.payload))
	}
	if v := hdrUint(t, f, "type"); v != uint64(c.typ) {
		t.Errorf("type %#x, header field %#x", v, c.typ)
	}
	if c.fmt == 0 {
		if v := hdrUint(t, f, "timestamp"); v != uint64(c.ts) {
			t.Errorf("timestamp %#x, header field %#x", v, c.ts)
		}
		if v := hdrUint(t, f, "stream-id"); v != uint64(c.sid) {
			t.Errorf("stream-id %d, header field %d", v, c.sid)
		}
	} else {
		if v := hdrUint(t, f, "timestamp-delta"); v != uint64(c.ts) {
			t.Errorf("timestamp-delta %#x, header field %#x", v, c.ts)
		}
		// A fmt-1 first chunk leans on an earlier header: the file must
		// say what to assume for it.
		for _, k := range []string{"context", "context-stream-id", "context-timestamp"} {
			if f.Header[k] == "" {
				t.Errorf("fmt-%d file lacks %s", c.fmt, k)
			}
		}
	}
	return c
}

func TestChunkFiles(t *testing.T) {
	files, err := OfLayer(LayerChunks)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			c := checkChunks(t, f, f.Data)
			if c.typ == 0x14 {
				checkAMF0(t, f, c.payload)
			}
		})
	}
}

// The connect of 000 is 310 bytes in three chunks; the document marks both
// 0xC3 bytes in its ASCII column.
func TestConnectChunkedContinuations(t *testing.T) {
	f := mustLoad(t, "000-connect-chunked.hex")
	var at []int
	for i, b := range f.Data {
		if b == 0xC3 {
			at = append(at, i)
		}
	}
	if fmt.Sprint(at) != "[140 269]" {
		t.Errorf("0xC3 at %v, want [140 269] (12+128 and 12+128+1+128)", at)
	}
}

func TestSOSampleConnect(t *testing.T) {
	body := mustLoad(t, "002-sosample-connect-amf0.hex")
	wire := mustLoad(t, "002-sosample-connect-chunked.hex")
	if len(body.Data) != 0xE4 {
		t.Errorf("AMF0 body is %d bytes; the commented-out header says 0xE4", len(body.Data))
	}
	want := []byte{0x03, 0, 0, 0, 0, 0, 0xE4, 0x14, 0, 0, 0, 0}
	if !bytes.Equal(wire.Data[:12], want) {
		t.Errorf("header % x, want % x", wire.Data[:12], want)
	}
	if wire.Data[12+128] != 0xC3 {
		t.Errorf("byte after 128 payload bytes is %#x, want 0xC3", wire.Data[12+128])
	}
	// The 0xC3 goes where the document's FIXME puts it: inside
	// "capabilities", after "capabilitie".
	if !bytes.HasSuffix(wire.Data[:12+128], []byte("capabilitie")) || wire.Data[12+128+1] != 's' {
		t.Error("0xC3 is not between \"capabilitie\" and \"s\"")
	}
	c, err := walkChunks(wire.Data, 128)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.payload, body.Data) {
		t.Error("the chunked connect's payload differs from the literal's AMF0 bytes")
	}
	// The literal's commented-out bytes must not be read.
	if bytes.Contains(body.Data, []byte{0xC3}) || body.Data[0] != 0x02 {
		t.Errorf("AMF0 body starts % x or holds 0xC3: a commented-out byte was read", body.Data[:4])
	}
}

func TestAMF0Files(t *testing.T) {
	files, err := OfLayer(LayerAMF0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) { checkAMF0(t, f, f.Data) })
	}
}

func checkAMF0(t *testing.T, f File, payload []byte) {
	t.Helper()
	vals, markers, err := renderAMF0Seq(payload)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(vals, ", "), f.Header["expect-amf0"]; got != want {
		t.Errorf("expect-amf0:\n got %s\nwant %s", got, want)
	}
	if got, want := markers, f.Header["expect-markers"]; got != want {
		t.Errorf("expect-markers: got %s, want %s", got, want)
	}
	if len(vals) < 2 {
		t.Fatalf("%d values, a command has at least two", len(vals))
	}
	if want := "string " + strconv.Quote(f.Header["expect-command"]); vals[0] != want {
		t.Errorf("command %s, want %s", vals[0], want)
	}
	if want := "number " + f.Header["expect-transaction-id"]; vals[1] != want {
		t.Errorf("transaction id %s, want %s", vals[1], want)
	}
}

// renderAMF0Seq renders AMF0 values in README.md's notation. It knows only
// the markers the corpus uses; the real decoder lives in codec/amf0.
func renderAMF0Seq(b []byte) (vals []string, markers string, err error) {
	var ms []string
	for i := 0; i < len(b); {
		ms = append(ms, fmt.Sprintf("%02x", b[i]))
		var v string
		v, i, err = renderAMF0(b, i)
		if err != nil {
			return nil, "", err
		}
		vals = append(vals, v)
	}
	return vals, strings.Join(ms, " "), nil
}

func renderAMF0(b []byte, i int) (string, int, error) {
	need := func(n int) error {
		if i+n > len(b) {
			return fmt.Errorf("offset %d: value needs %d bytes, %d left", i, n, len(b)-i)
		}
		return nil
	}
	if err := need(1); err != nil {
		return "", i, err
	}
	m := b[i]
	i++
	switch m {
	case 0x00:
		if err := need(8); err != nil {
			return "", i, err
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(b[i:]))
		return "number " + strconv.FormatFloat(f, 'g', -1, 64), i + 8, nil
	case 0x01:
		if err := need(1); err != nil {
			return "", i, err
		}
		return "boolean " + strconv.FormatBool(b[i] != 0), i + 1, nil
	case 0x02:
		s, j, err := shortString(b, i)
		return "string " + strconv.Quote(s), j, err
	case 0x05:
		return "null", i, nil
	case 0x06:
		return "undefined", i, nil
	case 0x03:
		var props []string
		for {
			k, j, err := shortString(b, i)
			if err != nil {
				return "", j, err
			}
			i = j
			if k == "" && i < len(b) && b[i] == 0x09 {
				return "object {" + strings.Join(props, ", ") + "}", i + 1, nil
			}
			var v string
			v, i, err = renderAMF0(b, i)
			if err != nil {
				return "", i, err
			}
			props = append(props, strconv.Quote(k)+": "+v)
		}
	}
	return "", i, fmt.Errorf("offset %d: marker %#x not used in the corpus", i-1, m)
}

func shortString(b []byte, i int) (string, int, error) {
	if i+2 > len(b) {
		return "", i, fmt.Errorf("offset %d: string length needs 2 bytes", i)
	}
	n := int(binary.BigEndian.Uint16(b[i:]))
	if i+2+n > len(b) {
		return "", i, fmt.Errorf("offset %d: string of %d bytes, %d left", i, n, len(b)-i-2)
	}
	return string(b[i+2 : i+2+n]), i + 2 + n, nil
}

func TestHandshakeFiles(t *testing.T) {
	want := map[string]int{"C0+C1": 1537, "C2": 1536, "S0+S1+S2": 3073}
	files, err := OfLayer(LayerHandshake)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			n, ok := want[f.Header["parts"]]
			if !ok {
				t.Fatalf("parts %q", f.Header["parts"])
			}
			if len(f.Data) != n {
				t.Errorf("%s is %d bytes, want %d", f.Header["parts"], len(f.Data), n)
			}
			if strings.HasPrefix(f.Header["parts"], "C0") || strings.HasPrefix(f.Header["parts"], "S0") {
				if v := hdrUint(t, f, "version"); f.Data[0] != byte(v) || v != 3 {
					t.Errorf("version byte %d, header %d", f.Data[0], v)
				}
			}
		})
	}

	c0c1 := mustLoad(t, "000-c0c1.hex")
	if got := binary.BigEndian.Uint32(c0c1.Data[1:]); uint64(got) != hdrUint(t, c0c1, "c1-time") {
		t.Errorf("C1 time %#x, header %s", got, c0c1.Header["c1-time"])
	}
	if got := binary.BigEndian.Uint32(c0c1.Data[5:]); uint64(got) != hdrUint(t, c0c1, "c1-zero") {
		t.Errorf("C1 zero field %#x, header %s", got, c0c1.Header["c1-zero"])
	}
	s := mustLoad(t, "000-s0s1s2.hex")
	echo := mustLoad(t, s.Header["echo-of"])
	if !bytes.Equal(s.Data[1+1536:], echo.Data[1:]) {
		t.Error("S2 is not the echo of C1")
	}
	if !bytes.Equal(s.Data[1:1+1536], make([]byte, 1536)) {
		t.Error("S1 is not 1536 zero bytes as red5 sent it")
	}
	c2 := mustLoad(t, "000-c2.hex")
	if !bytes.Equal(c2.Data, make([]byte, 1536)) {
		t.Error("C2 is not the echo of the all-zero S1")
	}
}

func TestSessionFiles(t *testing.T) {
	cat := func(names ...string) []byte {
		var b []byte
		for _, n := range names {
			b = append(b, mustLoad(t, n).Data...)
		}
		return b
	}
	want := map[string][]byte{
		"000-client-session.hex": cat("000-c0c1.hex", "000-c2.hex", "000-connect-chunked.hex"),
		"000-c2-connect.hex":     cat("000-c2.hex", "000-connect-chunked.hex"),
	}
	files, err := OfLayer(LayerSession)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			w, ok := want[f.Name]
			if !ok {
				t.Fatal("no expectation for this session file")
			}
			if !bytes.Equal(f.Data, w) {
				t.Error("bytes differ from the parts it says it joins")
			}
			hs := int(hdrUint(t, f, "handshake-length"))
			c := checkChunks(t, f, f.Data[hs:])
			vals, _, err := renderAMF0Seq(c.payload)
			if err != nil {
				t.Fatal(err)
			}
			if want := "string " + strconv.Quote(f.Header["expect-command"]); vals[0] != want {
				t.Errorf("command %s, want %s", vals[0], want)
			}
		})
	}
}

// TestSharedObjectFiles walks 001's layout by hand: name (u16 + bytes),
// version (u32), 8 flag bytes, then events of type (u8), size (u32), data.
func TestSharedObjectFiles(t *testing.T) {
	files, err := OfLayer(LayerMessage)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			if v := hdrUint(t, f, "type"); v != 0x13 {
				t.Fatalf("type %#x; only shared-object messages are in the corpus", v)
			}
			b := f.Data
			name, i, err := shortString(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if name != f.Header["expect-so-name"] {
				t.Errorf("name %q, header %q", name, f.Header["expect-so-name"])
			}
			if i+12 > len(b) {
				t.Fatalf("header needs 12 bytes after the name, %d left", len(b)-i)
			}
			if v := binary.BigEndian.Uint32(b[i:]); uint64(v) != hdrUint(t, f, "expect-so-version") {
				t.Errorf("version %d, header %s", v, f.Header["expect-so-version"])
			}
			if got := fmt.Sprintf("% x", b[i+4:i+12]); got != f.Header["expect-so-flags"] {
				t.Errorf("flags %s, header %s", got, f.Header["expect-so-flags"])
			}
			events, rest, err := renderEvents(b[i+12:])
			if err != nil {
				t.Fatal(err)
			}
			if len(rest) != 0 {
				t.Errorf("%d bytes after the last event", len(rest))
			}
			if n := hdrUint(t, f, "events"); n != uint64(len(events)) {
				t.Errorf("events %d, walked %d", n, len(events))
			}
			if got := strings.Join(events, "; "); got != f.Header["expect-events"] {
				t.Errorf("expect-events:\n got %s\nwant %s", got, f.Header["expect-events"])
			}
			if want, ok := f.Header["expect-initial-data"]; ok {
				// 001 reads a Use Success body as sub-entries laid out like events.
				body := b[i+12+5:]
				subs, rest, err := renderEvents(body)
				if err != nil {
					t.Fatal(err)
				}
				if len(rest) != 0 || strings.Join(subs, "; ") != want {
					t.Errorf("initial data: got %s (+%d bytes), want %s", strings.Join(subs, "; "), len(rest), want)
				}
			}
		})
	}
}

var eventNames = map[byte]string{1: "Use", 2: "Release", 3: "Request Change", 4: "Change", 5: "Success",
	6: "Send Message", 7: "Status", 8: "Clear", 9: "Remove", 0x0A: "Request Remove", 0x0B: "Use Success"}

// renderEvents walks events until the bytes run out, checking that each
// declared size fits, and renders them in README.md's notation.
func renderEvents(b []byte) ([]string, []byte, error) {
	var out []string
	for len(b) >= 5 {
		typ, size := b[0], binary.BigEndian.Uint32(b[1:])
		if uint64(size) > uint64(len(b)-5) {
			return nil, b, fmt.Errorf("event %#x declares %d bytes, %d left", typ, size, len(b)-5)
		}
		data := b[5 : 5+size]
		b = b[5+size:]
		s := fmt.Sprintf("0x%02x %s", typ, eventNames[typ])
		switch typ {
		case 3, 4:
			var pairs []string
			for j := 0; j < len(data); {
				k, n, err := shortString(data, j)
				if err != nil {
					return nil, b, err
				}
				v, n, err := renderAMF0(data, n)
				if err != nil {
					return nil, b, err
				}
				pairs = append(pairs, strconv.Quote(k)+": "+v)
				j = n
			}
			s += " {" + strings.Join(pairs, ", ") + "}"
		case 5, 9, 0x0A:
			k, n, err := shortString(data, 0)
			if err != nil || n != len(data) {
				return nil, b, fmt.Errorf("event %#x: want exactly one name: %v", typ, err)
			}
			s += " " + strconv.Quote(k)
		case 7:
			code, n, err := shortString(data, 0)
			if err != nil {
				return nil, b, err
			}
			level, n, err := shortString(data, n)
			if err != nil || n != len(data) {
				return nil, b, fmt.Errorf("status: want two strings: %v", err)
			}
			s += " " + strconv.Quote(code) + " " + strconv.Quote(level)
		default:
			if len(data) > 0 {
				s += fmt.Sprintf(" (%d bytes)", len(data))
			}
		}
		out = append(out, s)
	}
	return out, b, nil
}

func TestParseRejects(t *testing.T) {
	good := "# source: 000_a5a54de71b6b1870.txt\n# dump: d\n# shows: s\n# origin: dump\n# layer: amf0\n# length: 2\n05 05\n"
	if _, err := Parse("good.hex", []byte(good)); err != nil {
		t.Fatalf("the reference text fails: %v", err)
	}
	for name, text := range map[string]string{
		"length":     strings.Replace(good, "length: 2", "length: 3", 1),
		"no-shows":   strings.Replace(good, "# shows: s\n", "", 1),
		"layer":      strings.Replace(good, "layer: amf0", "layer: flv", 1),
		"origin":     strings.Replace(good, "origin: dump", "origin: guess", 1),
		"built-from": strings.Replace(good, "origin: dump", "origin: built", 1),
		"duplicate":  strings.Replace(good, "# dump: d\n", "# dump: d\n# dump: e\n", 1),
		"bad-line":   strings.Replace(good, "# dump: d\n", "# dump d\n", 1),
		"odd-hex":    strings.Replace(good, "05 05", "05 0", 1),
	} {
		if _, err := Parse(name, []byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Load("no-such-file.hex"); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}
