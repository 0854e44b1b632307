package main

import (
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// verdict is what the specification says about a value a document lists:
// its name there, and, when the document gets the meaning wrong, in what way.
type verdict struct {
	spec         string
	disagreement string // empty when the document's name denotes the same thing
}

var messageTypeVerdicts = map[uint64]verdict{
	0x01: {"Set Chunk Size", ""},
	0x02: {"Abort", "the documents call it Unknown; the specification defines Abort (§5.4.2): discard the partial message on a chunk stream"},
	0x03: {"Acknowledgement", ""},
	0x04: {"User Control", ""},
	0x05: {"Window Acknowledgement Size", "the documents call it the server's downstream bandwidth; it is the acknowledgement window either peer announces (§5.4.4)"},
	0x06: {"Set Peer Bandwidth", "the documents call it the client's upstream bandwidth; it limits the receiving peer's output window and carries a limit type (§5.4.5)"},
	0x07: {"Undefined", ""},
	0x08: {"Audio", ""},
	0x09: {"Video", ""},
	0x0A: {"Undefined", ""},
	0x0B: {"Undefined", ""},
	0x0C: {"Undefined", ""},
	0x0D: {"Undefined", ""},
	0x0E: {"Undefined", ""},
	0x0F: {"Data (AMF3)", "the documents describe a 'stream with variable length'; it is the data message whose values may switch to AMF3"},
	0x10: {"Shared Object (AMF3)", ""},
	0x11: {"Command (AMF3)", "the documents describe a 'shared message with variable length'; it is the command message whose values may switch to AMF3"},
	0x12: {"Data (AMF0)", ""},
	0x13: {"Shared Object (AMF0)", ""},
	0x14: {"Command (AMF0)", ""},
	0x16: {"Aggregate", ""},
}

type docRow struct {
	lo, hi uint64
	name   string
	rest   string
}

// parseRows reads the rows a pattern picks out of a pasted table; the
// pattern's groups are: first value, optional last value of a range, name,
// and the rest of the line.
func parseRows(t *testing.T, text string, re *regexp.Regexp) []docRow {
	t.Helper()
	var rows []docRow
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := re.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("pasted line does not parse: %q", line)
		}
		lo, err := strconv.ParseUint(m[1], 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		hi := lo
		if m[2] != "" {
			if hi, err = strconv.ParseUint(m[2], 16, 64); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, docRow{lo, hi, strings.TrimSpace(m[3]), strings.TrimSpace(m[4])})
	}
	return rows
}

func hasAlias(aliases []wire.Alias, name, source string) bool {
	for _, a := range aliases {
		if a.Name == name && a.Source == source {
			return true
		}
	}
	return false
}

func checkMessageTypeTable(t *testing.T, source string, rows []docRow, wantMissing []uint64) {
	t.Helper()
	seen := map[uint64]bool{}
	for _, r := range rows {
		for v := r.lo; v <= r.hi; v++ {
			seen[v] = true
			mt := rtmp.MessageType(v)
			want, ok := messageTypeVerdicts[v]
			if !ok {
				t.Errorf("%s lists 0x%02X %q, which has no verdict", source, v, r.name)
				continue
			}
			if mt.Name() != want.spec {
				t.Errorf("0x%02X: spec name %q, want %q", v, mt.Name(), want.spec)
			}
			if !hasAlias(mt.Aliases(), r.name, source) {
				t.Errorf("0x%02X: %s calls it %q, but that alias is not in spec/message.json", v, source, r.name)
			}
			if want.spec == "Undefined" && mt.Defined() {
				t.Errorf("0x%02X: the document and the specification leave it undefined, but Defined() is true", v)
			}
			if want.disagreement != "" {
				t.Logf("%s 0x%02X %q disagrees with the specification: %s", source, v, r.name, want.disagreement)
			}
		}
	}
	for _, v := range wantMissing {
		if seen[v] {
			t.Errorf("%s was expected not to list 0x%02X", source, v)
		}
		delete(seen, v)
	}
	for v := uint64(1); v <= 0x16; v++ {
		if !seen[v] && !contains(wantMissing, v) {
			t.Errorf("%s: 0x%02X neither listed nor declared missing", source, v)
		}
	}
}

func contains(vs []uint64, v uint64) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func TestDocumentMessageTypes003(t *testing.T) {
	rows := parseRows(t, doc003MessageTypes, regexp.MustCompile(`^0[×x]([0-9A-Fa-f]+)(?:\s*-\s*0x([0-9A-Fa-f]+))?\t([^\t]*)\t(.*)$`))
	if len(rows) != 16 {
		t.Fatalf("parsed %d rows, want 16", len(rows))
	}
	// 003 stops at 0x14: it predates Aggregate, and 0x15 is undefined.
	checkMessageTypeTable(t, doc003, rows, []uint64{0x15, 0x16})
}

func TestDocumentMessageTypes002(t *testing.T) {
	rows := parseRows(t, doc002TypeComments, regexp.MustCompile(`^\s*//0x([0-9A-F]+)(?:-0x([0-9A-F]+))?\t([^\t]*)\t(.*)$`))
	if len(rows) != 17 {
		t.Fatalf("parsed %d rows, want 17", len(rows))
	}
	checkMessageTypeTable(t, doc002, rows, []uint64{0x15})
}

// TestDocumentMessageTypeDescriptions002 checks the prose list of 002, three
// rows of which describe the message wrongly.
func TestDocumentMessageTypeDescriptions002(t *testing.T) {
	wrong := map[uint64]string{
		0x03: "sent each time a window of bytes has arrived, not to start the connection (§5.4.3)",
		0x05: "announced by either peer, not a server response (§5.4.4)",
		0x06: "sent to limit the receiving peer's output, not a client request (§5.4.5)",
	}
	re := regexp.MustCompile(`^\s*//0x([0-9A-F]+)()( )This specifies the content type of the RTMP (?:packet|message) is (.*)$`)
	rows := parseRows(t, doc002TypeDescriptions, re)
	if len(rows) != 9 {
		t.Fatalf("parsed %d rows, want 9", len(rows))
	}
	for _, r := range rows {
		mt := rtmp.MessageType(r.lo)
		if !mt.Defined() {
			t.Errorf("0x%02X %q: not a defined type", r.lo, r.rest)
		}
		if note, ok := wrong[r.lo]; ok {
			t.Logf("%s says 0x%02X is %q; the specification: %s is %s", doc002, r.lo, r.rest, mt, note)
			delete(wrong, r.lo)
		}
	}
	if len(wrong) != 0 {
		t.Errorf("disagreements not found in the pasted rows: %v", wrong)
	}
}

func TestDocumentSharedObjectTypes(t *testing.T) {
	spec := map[uint64]verdict{
		0x01: {"Use", ""},
		0x02: {"Release", ""},
		0x03: {"Request Change", ""},
		0x04: {"Change", ""},
		0x05: {"Success", ""},
		0x06: {"Send Message", ""},
		0x07: {"Status", ""},
		0x08: {"Clear", ""},
		0x09: {"Remove", ""},
		0x0A: {"Request Remove", ""},
		0x0B: {"Use Success", "001_3ac56dfdf858cf9e.txt describes 'initial data' sub-entries; the specification's Use Success carries no data, so the codec keeps such bytes raw and flags them"},
	}
	rows := parseRows(t, doc003SharedObjectTypes, regexp.MustCompile(`^0[×x]([0-9A-Fa-f]+)()\t([^\t]*)()$`))
	if len(rows) != 11 {
		t.Fatalf("parsed %d rows, want 11", len(rows))
	}
	for _, r := range rows {
		et := sharedobject.EventType(r.lo)
		if et.Name() != spec[r.lo].spec || !et.Defined() {
			t.Errorf("0x%02X: spec name %q (defined %v), want %q", r.lo, et.Name(), et.Defined(), spec[r.lo].spec)
		}
		if !hasAlias(et.Aliases(), r.name, doc003) {
			t.Errorf("0x%02X: %s calls it %q, not recorded as an alias", r.lo, doc003, r.name)
		}
		if d := spec[r.lo].disagreement; d != "" {
			t.Logf("%s 0x%02X %q: %s", doc003, r.lo, r.name, d)
		}
	}

	// 001 lists five of the types in decimal, in lower case.
	decimal := regexp.MustCompile(`^- (\d+): ([a-z ]+?)(?: \(.*\))?$`)
	want001 := []uint64{4, 5, 7, 9, 11}
	var got001 []uint64
	for _, line := range strings.Split(doc001BodyTypes, "\n") {
		m := decimal.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, _ := strconv.ParseUint(m[1], 10, 8)
		got001 = append(got001, v)
		et := sharedobject.EventType(v)
		if !et.Defined() || !hasAlias(et.Aliases(), m[2], doc001) {
			t.Errorf("%d: %s calls it %q; defined %v, alias recorded %v", v, doc001, m[2], et.Defined(), hasAlias(et.Aliases(), m[2], doc001))
		}
	}
	if len(got001) != len(want001) {
		t.Fatalf("parsed %v from 001, want %v", got001, want001)
	}
	for i := range want001 {
		if got001[i] != want001[i] {
			t.Errorf("001 row %d: %d, want %d", i, got001[i], want001[i])
		}
	}
}

func TestDocumentHeaderLengths(t *testing.T) {
	bits := regexp.MustCompile(`^\s*(?://)?([01]{2})\t(\d+) bytes?\s*([0-9A-F]\?)?$`)
	for _, tc := range []struct {
		source, text string
	}{
		{doc003, strings.SplitN(doc003HeaderLengths, "\n", 2)[1]},
		{doc002, doc002HeaderLengths},
	} {
		lines := strings.Split(tc.text, "\n")
		if len(lines) != 4 {
			t.Fatalf("%s: %d rows, want 4", tc.source, len(lines))
		}
		for _, line := range lines {
			m := bits.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("%s: cannot parse %q", tc.source, line)
			}
			f, _ := strconv.ParseUint(m[1], 2, 8)
			size, _ := strconv.Atoi(m[2])
			format := chunk.Format(f)
			if got := format.HeaderSizeWithShortBasic(); got != size {
				t.Errorf("%s: fmt %s: header %d bytes, spec says %d", tc.source, m[1], size, got)
			}
			if got := format.MessageHeaderSize() + 1; got != size {
				t.Errorf("%s: fmt %s: message header %d + 1-byte basic header != %d", tc.source, m[1], got-1, size)
			}
			if !hasAlias(format.Aliases(), strconv.Itoa(size)+map[bool]string{true: " byte", false: " bytes"}[size == 1], tc.source) {
				t.Errorf("%s: fmt %s: alias %q missing", tc.source, m[1], m[2])
			}
			// 002 adds the high hex digit of the first byte, e.g. "4?" for fmt 1.
			if m[3] != "" {
				if got := strings.ToUpper(strconv.FormatUint(f<<6>>4, 16)) + "?"; got != m[3] {
					t.Errorf("%s: fmt %s: first digit %s, want %s", tc.source, m[1], m[3], got)
				}
			}
		}
	}

	// 003 claims the 6-bit field limits a connection to 64 chunk streams; the
	// 2- and 3-byte basic header forms extend that to 65599.
	if !strings.Contains(doc003CSIDClaim, "maximum of 64 objects") {
		t.Fatal("pasted claim changed")
	}
	if chunk.BasicHeader3.MaxCSID() != 65599 || chunk.MaxChunkStreamID != 65599 {
		t.Errorf("largest chunk stream ID: %d / %d, want 65599", chunk.BasicHeader3.MaxCSID(), chunk.MaxChunkStreamID)
	}
	t.Logf("%s: %q — disagrees: chunk stream IDs reach %d with the 3-byte basic header", doc003, doc003CSIDClaim, chunk.MaxChunkStreamID)
}

// TestDocumentHeaderBreakdown001 decodes the bytes 001 annotates with the
// generated fmt-0 layout and compares each field with the annotation.
func TestDocumentHeaderBreakdown001(t *testing.T) {
	lines := strings.Split(doc001HeaderBreakdown, "\n")
	sizes := regexp.MustCompile(`^- (\d+) bytes?$`)
	var got []int
	for _, l := range lines {
		if m := sizes.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			got = append(got, n)
		}
	}
	for f, n := range got {
		if chunk.Format(f).HeaderSizeWithShortBasic() != n {
			t.Errorf("001 size %d: fmt %d header is %d", n, f, chunk.Format(f).HeaderSizeWithShortBasic())
		}
	}
	if len(got) != 4 {
		t.Fatalf("001 lists %d sizes, want 4", len(got))
	}

	annotated := regexp.MustCompile(`^- ((?:[0-9a-f]{2} ?)+) ← (.*)$`)
	var raw []byte
	var notes []string
	for _, l := range lines {
		if m := annotated.FindStringSubmatch(l); m != nil {
			b, err := hex.DecodeString(strings.ReplaceAll(m[1], " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			raw = append(raw, b...)
			notes = append(notes, m[2])
		}
	}
	if len(raw) != 12 || len(notes) != 5 {
		t.Fatalf("001 breakdown: %d bytes in %d annotations, want 12 in 5", len(raw), len(notes))
	}
	if f := chunk.Format(raw[0] >> 6); f != chunk.Format0 {
		t.Errorf("first byte 0x%02x: %v, want Type 0", raw[0], f)
	}
	if csid := raw[0] & 0x3F; csid != 3 {
		t.Errorf("first byte 0x%02x: chunk stream %d, want 3", raw[0], csid)
	}
	// The chunk decoder reads the header; the payload is not in the document.
	h, _, err := chunk.NewDecoder(nil).DecodeChunk(append(raw, make([]byte, 128)...), true)
	if err != nil {
		t.Fatal(err)
	}
	// "00 00 01 ← unknown bytes. don't seem to be important": they are the timestamp.
	if h.Timestamp != 1 {
		t.Errorf("timestamp %d, want 1", h.Timestamp)
	}
	t.Logf("%s calls bytes 1-3 %q; the specification: the timestamp (here %d ms)", doc001, notes[1], h.Timestamp)
	if !strings.Contains(notes[2], "body size (24 bit)") || h.Length != 0x105 {
		t.Errorf("body size %d, annotation %q", h.Length, notes[2])
	}
	if mt := h.Type; mt != rtmp.TypeCommandAMF0 || !hasAlias(mt.Aliases(), "AMF function call", doc001) {
		t.Errorf("type 0x%02x = %v, want the AMF0 command with 001's alias", uint8(mt), mt)
	}
	for name, v := range map[string]rtmp.MessageType{"video": 0x09, "audio": 0x08, "sharedObject": 0x13} {
		if !strings.Contains(notes[3], name+" == "+strings.TrimPrefix(strconv.FormatUint(uint64(v)|0x100, 16), "1")) {
			t.Errorf("annotation %q does not give %s as %02x", notes[3], name, uint8(v))
		}
		if !hasAlias(v.Aliases(), name, doc001) {
			t.Errorf("%v: alias %q of %s missing", v, name, doc001)
		}
	}
	// "AMF Caller Source": the message stream ID, little-endian, 0 for the
	// NetConnection and one per NetStream.
	if h.StreamID != 0 {
		t.Errorf("stream id %d, want 0", h.StreamID)
	}
	le, _, err := chunk.NewDecoder(nil).DecodeChunk([]byte{3, 0, 0, 1, 0, 0, 1, 0x14, 1, 0, 0, 0, 5}, true)
	if err != nil || le.StreamID != 1 {
		t.Errorf("stream id bytes 01 00 00 00 decode to %+v, %v; the field is little-endian", le, err)
	}
}

func TestDocumentAMF0Markers002(t *testing.T) {
	re := regexp.MustCompile(`^([a-z-]+-marker) = 0x([0-9A-F]{2})( ; reserved, not supported)?$`)
	lines := strings.Split(doc002Markers, "\n")
	if len(lines) != 17 {
		t.Fatalf("%d marker rows, want 17 (0x00-0x10)", len(lines))
	}
	for i, l := range lines {
		m := re.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("cannot parse %q", l)
		}
		v, _ := strconv.ParseUint(m[2], 16, 8)
		if v != uint64(i) {
			t.Errorf("row %d has marker 0x%02X", i, v)
		}
		mk := amf0.Marker(v)
		if !mk.Defined() || !hasAlias(mk.Aliases(), m[1], doc002) {
			t.Errorf("0x%02X %s: defined %v, aliases %v", v, m[1], mk.Defined(), mk.Aliases())
		}
		if reserved := m[3] != ""; mk.Reserved() != reserved {
			t.Errorf("0x%02X %s: Reserved() = %v, document says reserved = %v", v, m[1], mk.Reserved(), reserved)
		}
	}
}
