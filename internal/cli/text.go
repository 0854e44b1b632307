package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// writeText prints the document as an indented tree, the way a protocol
// analyser shows a capture: where each part starts, how long it is, its
// header fields by name, then the decoded values.
func writeText(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, full: doc.full}
	p.line(0, "%s: %d bytes", doc.Layer, doc.Length)
	for _, a := range doc.Assumed {
		p.line(1, "assumed: %s", a)
	}
	if len(doc.Handshake) > 0 {
		p.line(0, "handshake")
		for _, h := range doc.Handshake {
			p.handshakePart(h)
		}
	}
	if doc.chunkCount() > 0 {
		p.line(0, "chunks (chunk size %d at the start)", doc.ChunkSize)
		if err := doc.eachChunk(func(c *ChunkDoc) error { p.chunk(c); return p.err }); err != nil {
			return err
		}
	}
	if doc.Rest != "" && doc.FLV == nil {
		p.line(0, "rest: %d bytes after the last whole chunk: %s", len(doc.Rest)/2, doc.Rest)
	}
	if doc.messageCount() > 0 {
		p.line(0, "messages")
		i := 0
		if err := doc.eachMessage(func(m *MessageDoc) error { p.message(i, m); i++; return p.err }); err != nil {
			return err
		}
	}
	if doc.Incomplete != nil {
		p.line(0, "incomplete message")
		p.message(-1, doc.Incomplete)
	}
	if doc.Message != nil {
		p.message(-1, doc.Message)
	}
	if doc.FLV != nil {
		p.flv(doc.FLV)
		if doc.Rest != "" {
			p.line(0, "rest: %d bytes after the last whole tag", len(doc.Rest)/2)
		}
	}
	if doc.valueCount() > 0 {
		p.line(0, "values")
		if err := doc.eachValue(func(v *AMF0) error { p.amf(1, "", v); return p.err }); err != nil {
			return err
		}
	}
	if len(doc.AMF3Values) > 0 {
		p.line(0, "values (AMF3; #n labels an object-table entry, ref #n links back to it)")
		for i := range doc.AMF3Values {
			p.line(1, "%s", terminalSafe(doc.AMF3Values[i].text))
		}
	}
	if doc.Error != "" {
		p.line(0, "error: %s", doc.Error)
	}
	if p.err != nil {
		return p.err
	}
	return bw.Flush()
}

// printer writes lines, keeping the first write error so that a long
// decode stops when its output is gone (a closed pipe).
type printer struct {
	w    *bufio.Writer
	err  error
	full bool // -full: long strings whole
	// last is each (message stream, media type)'s last timestamp, for
	// marks.
	last map[[2]uint32]uint32
}

func (p *printer) line(depth int, format string, args ...any) {
	if p.err != nil {
		return
	}
	p.w.WriteString(strings.Repeat("  ", depth))
	p.w.WriteString(terminalSafe(fmt.Sprintf(format, args...)))
	p.err = p.w.WriteByte('\n')
}

// terminalSafe escapes what a terminal would act on or could not show: C0
// and C1 control characters, DEL and invalid UTF-8 become \xNN (or \u....).
// Every line of text output and every error passes through it, so no byte
// from the input reaches a terminal as is, whichever field carried it (a
// FourCC, a name, an AMF0 string, an error's quote of the input).
func terminalSafe(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, "\\x%02x", r)
			} else {
				fmt.Fprintf(&b, "\\u%04x", r)
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError ||
		r == 0x2028 || r == 0x2029 || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) // line separators and bidi overrides
}

func (p *printer) handshakePart(h HandshakePart) {
	switch {
	case h.Bytes != "":
		p.line(1, "@%d %s: cut short, %d bytes arrived", h.Offset, h.Name, h.Length)
	case h.Version != nil:
		what := "plain RTMP"
		if *h.Version != 3 {
			what = "encrypted variant, outside the specification"
		}
		p.line(1, "@%d %s: version %d (%s)", h.Offset, h.Name, *h.Version, what)
	case h.Name == "C1/S1":
		v := *h.Field2
		version := "0 (plain)"
		if v != 0 {
			version = fmt.Sprintf("%d.%d.%d.%d (0x%08x)", v>>24, v>>16&0xff, v>>8&0xff, v&0xff, v)
		}
		p.line(1, "@%d %s: %d bytes: time %d, version %s, random %d bytes%s", h.Offset, h.Name, h.Length, *h.Time, version, len(h.Random)/2, allZero(h.Random))
		if d := h.Digest; d != nil && d.Valid {
			p.line(2, "digest: valid with the %s key, layout %s, at offset %d: %s", d.Key, d.Layout, d.Offset, d.Value)
		} else if d != nil {
			p.line(2, "digest: none: %s", d.Note)
		}
	default:
		p.line(1, "@%d %s: %d bytes: time %d, time2 %d, random %d bytes%s", h.Offset, h.Name, h.Length, *h.Time, *h.Field2, len(h.Random)/2, allZero(h.Random))
		if sg := h.Signature; sg != nil {
			switch {
			case !sg.Checked:
				p.line(2, "signature: %s", sg.Note)
			case sg.Key != "":
				p.line(2, "signature (%s key): %s: %s", sg.Key, validity(sg.Valid), sg.Note)
			default:
				p.line(2, "echo: %s", sg.Note)
			}
		}
	}
}

func validity(ok bool) string {
	if ok {
		return "valid"
	}
	return "INVALID"
}

func allZero(hexed string) string {
	if strings.Trim(hexed, "0") == "" {
		return " (all zero)"
	}
	return ""
}

// typeLabels holds typeLabel for every type ID: it is on every chunk and
// message line, and a capture of millions of messages prints it as often.
var typeLabels = func() (t [256]string) {
	for i := range t {
		t[i] = makeTypeLabel(uint8(i))
	}
	return t
}()

func typeLabel(t uint8) string { return typeLabels[t] }

func makeTypeLabel(t uint8) string {
	mt := rtmp.MessageType(t)
	s := fmt.Sprintf("0x%02x %s", t, mt)
	if names := aliasNames(mt); len(names) > 0 {
		s += " [" + quoteAll(names) + "]"
	}
	return s
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func (p *printer) chunk(c *ChunkDoc) {
	f := chunk.Format(c.Fmt)
	form := chunk.BasicHeaderForm(c.BasicHeader)
	head := c.Length - len(c.Payload)/2
	done := ""
	if c.Completes != nil {
		done = fmt.Sprintf(", completes message %d", *c.Completes)
	}
	p.line(1, "@%d chunk fmt %d (%s), csid %d (%s): header %d + payload %d bytes%s", c.Offset, c.Fmt, f, c.CSID, form, head, len(c.Payload)/2, done)
	var fields []string
	if c.Timestamp != nil {
		fields = append(fields, fmt.Sprintf("timestamp %d", *c.Timestamp))
	}
	if c.Delta != nil {
		fields = append(fields, fmt.Sprintf("timestamp delta %d", *c.Delta))
	}
	if c.MessageLength != nil {
		fields = append(fields, fmt.Sprintf("message length %d", *c.MessageLength))
	}
	if c.Type != nil {
		fields = append(fields, "type "+typeLabel(*c.Type))
	}
	if c.StreamID != nil {
		fields = append(fields, fmt.Sprintf("message stream id %d", *c.StreamID))
	}
	if c.ExtendedTimestamp != nil {
		fields = append(fields, fmt.Sprintf("extended timestamp %d", *c.ExtendedTimestamp))
	}
	if len(fields) > 0 {
		p.line(2, "%s", strings.Join(fields, ", "))
	}
}

func (p *printer) message(i int, m *MessageDoc) {
	label := "message"
	if i >= 0 {
		label = fmt.Sprintf("[%d]", i)
	}
	var parts []string
	if m.Offset != nil {
		parts = append(parts, fmt.Sprintf("@%d", *m.Offset))
	}
	parts = append(parts, "type "+typeLabel(m.Type))
	if m.Offset != nil {
		parts = append(parts, fmt.Sprintf("csid %d", m.CSID), fmt.Sprintf("stream %d", *m.StreamID), fmt.Sprintf("timestamp %d", *m.Timestamp))
	}
	size := fmt.Sprintf("%d bytes", m.Length)
	if m.Chunks > 0 {
		size += fmt.Sprintf(" in %d chunk(s)", m.Chunks)
	}
	if m.Complete != nil && !*m.Complete {
		size += ", INCOMPLETE"
	}
	parts = append(parts, size)
	p.line(1, "%s %s", label, strings.Join(parts, ", "))
	if x := m.Discarded; x != nil {
		p.line(2, "discarded: %d of %d bytes of a type %s message on csid %d, stream %d, that started at offset %d (%d chunk(s))",
			x.Received, x.Length, typeLabel(x.Type), x.CSID, x.StreamID, x.Offset, x.Chunks)
	}
	if m.BodyError != "" {
		p.line(2, "not decoded: %s", m.BodyError)
	}
	if m.Body != nil {
		p.body(2, m.Body)
	}
	p.marks(m)
}

// marks flags, under a message of a chunk stream, what an engineer looks
// for: a chunk size change and where it applies, and a media timestamp
// that goes back or jumps by more than gapMS on its message stream.
func (p *printer) marks(m *MessageDoc) {
	if m.Offset == nil || m.Complete != nil && !*m.Complete {
		return
	}
	if b := m.Body; b != nil && b.Kind == KindSetChunkSize && b.ChunkSize != nil {
		p.line(2, "** chunk size %d from the next chunk on", *b.ChunkSize)
	}
	if t := rtmp.MessageType(m.Type); t != rtmp.TypeAudio && t != rtmp.TypeVideo || m.StreamID == nil || m.Timestamp == nil {
		return
	}
	if p.last == nil {
		p.last = map[[2]uint32]uint32{}
	}
	key := [2]uint32{*m.StreamID, uint32(m.Type)}
	prev, seen := p.last[key]
	p.last[key] = *m.Timestamp
	switch ts := *m.Timestamp; {
	case !seen:
	case ts < prev:
		p.line(2, "** timestamp goes back: %d -> %d ms on stream %d", prev, ts, *m.StreamID)
	case ts-prev > gapMS:
		p.line(2, "** timestamp jumps by %d ms: %d -> %d on stream %d", ts-prev, prev, ts, *m.StreamID)
	}
}

func (p *printer) body(d int, b *Body) {
	switch b.Kind {
	case KindSetChunkSize:
		p.line(d, "set chunk size %d", *b.ChunkSize)
	case KindAbort:
		p.line(d, "abort chunk stream %d", *b.ChunkStreamID)
	case KindAcknowledgement:
		p.line(d, "acknowledgement: sequence number %d", *b.SequenceNumber)
	case KindWindowAckSize:
		p.line(d, "window acknowledgement size %d", *b.WindowSize)
	case KindSetPeerBandwidth:
		p.line(d, "set peer bandwidth: window %d, limit type %d (%s)", *b.WindowSize, *b.LimitType, b.LimitName)
	case KindUserControl:
		fields := b.EventData.fields()
		if b.RawData != "" {
			fields = append(fields, "data "+b.RawData)
		}
		p.line(d, "user control event %d %s: %s", *b.Event, b.EventName, strings.Join(fields, ", "))
	case KindCommand, KindData:
		head := string(b.Kind)
		if b.FormatByte != nil {
			head += fmt.Sprintf(" (format byte %d)", *b.FormatByte)
		}
		if b.Name != "" {
			head += " " + strconv.Quote(b.Name)
		}
		p.line(d, "%s", head)
		labels := []string{"name", "transaction id", "command object"}
		for i := range b.Values {
			label := fmt.Sprintf("argument %d", i-2)
			if b.Kind == KindCommand && i < len(labels) {
				label = labels[i]
			} else if b.Kind == KindData {
				label = fmt.Sprintf("value %d", i)
			}
			p.amf(d+1, label+": ", &b.Values[i])
		}
	case KindSharedObject:
		so := b.SharedObject
		format := ""
		if so.Format != nil {
			format = fmt.Sprintf("format byte %d, ", *so.Format)
		}
		p.line(d, "%sshared object %q version %d flags %s, %d event(s)", format, so.Name, so.Version, so.Flags, len(so.Events))
		for _, e := range so.Events {
			p.line(d+1, "event 0x%02x %s, %d bytes of data", e.Type, e.TypeName, e.Length)
			if e.Name != "" {
				p.line(d+2, "name %q", e.Name)
			}
			if e.Code != "" || e.Level != "" {
				p.line(d+2, "code %q, level %q", e.Code, e.Level)
			}
			for i := range e.Pairs {
				p.amf(d+2, strconv.Quote(e.Pairs[i].Name)+": ", &e.Pairs[i].Value)
			}
			for i := range e.Values {
				p.amf(d+2, "", &e.Values[i])
			}
			if e.Flag != "" {
				p.line(d+2, "%s", e.Flag)
				p.line(d+2, "raw %s", e.Raw)
			}
		}
	case KindAudio, KindVideo, KindAggregate, KindRaw:
		if b.Media != nil {
			summary, more := mediaLines(b.Kind, b.Media)
			p.line(d, "%s: %s", b.Kind, summary)
			for _, l := range more {
				p.line(d+2, "%s", l)
			}
			for i := range b.Media.Metadata {
				p.amf(d+2, "metadata ", &b.Media.Metadata[i])
			}
		}
		for _, s := range b.SubMessages {
			p.line(d, "sub-message type %s, timestamp %d, stream %d, %d bytes, back pointer %d", typeLabel(s.Type), s.Timestamp, s.StreamID, s.Length, s.BackPointer)
			if s.BodyError != "" {
				p.line(d+2, "not decoded: %s", s.BodyError)
			}
			if s.Body != nil {
				p.body(d+2, s.Body)
			}
		}
		if b.Note != "" {
			p.line(d, "%s", b.Note)
		}
	}
}

// amf prints one AMF0 value with its type, nesting properties and elements.
func (p *printer) amf(d int, label string, a *AMF0) {
	switch {
	case a.AMF3 != nil:
		fresh := ""
		if a.FreshTables {
			fresh = " (fresh tables)"
		}
		p.line(d, "%s%s%s %s", label, a.Type, fresh, terminalSafe(a.AMF3.text))
	case a.Properties != nil:
		head := a.Type
		if a.Class != nil {
			head += " " + strconv.Quote(*a.Class)
		} else if a.ClassHex != "" {
			head += " class_hex " + a.ClassHex
		}
		if a.Count != nil {
			head += fmt.Sprintf(" (count %d as written)", *a.Count)
		}
		p.line(d, "%s%s {", label, head)
		for i := range *a.Properties {
			pr := &(*a.Properties)[i]
			key := "key_hex " + pr.KeyHex
			if pr.Key != nil {
				key = strconv.Quote(*pr.Key)
			}
			p.amf(d+1, key+": ", &pr.Value)
		}
		p.line(d, "}")
	case a.Elements != nil:
		p.line(d, "%s%s [%d]", label, a.Type, len(*a.Elements))
		for i := range *a.Elements {
			p.amf(d+1, fmt.Sprintf("%d: ", i), &(*a.Elements)[i])
		}
	default:
		p.line(d, "%s%s", label, scalarText(a, p.full))
	}
}

func scalarText(a *AMF0, full bool) string {
	s := a.Type
	var value any
	_ = json.Unmarshal(a.Value, &value) // written by toJSON: a number, boolean or string, or absent
	switch v := value.(type) {
	case string:
		s += " " + cutString(v, full)
	case float64:
		if a.Type == "date" {
			s += " " + dateText(v)
		} else {
			s += " " + strconv.FormatFloat(v, 'g', -1, 64)
		}
	case bool:
		s += " " + strconv.FormatBool(v)
	}
	if a.Bits != "" {
		s += " " + specialFloat(a.Bits)
	}
	if a.Hex != "" {
		s += " hex " + a.Hex + " (not UTF-8)"
	}
	if a.Byte != nil {
		s += fmt.Sprintf(" (byte 0x%02x)", *a.Byte)
	}
	if a.Type == "date" && a.TZ != nil {
		s += fmt.Sprintf(", time zone field %d", *a.TZ)
	}
	if a.Index != nil {
		s += fmt.Sprintf(" %d", *a.Index)
	}
	return s
}

// maxText is how many characters of a string the text view shows without
// -full.
const maxText = 200

// cutString quotes s, cut after maxText characters with its length said
// unless full.
func cutString(s string, full bool) string {
	if r := []rune(s); !full && len(r) > maxText {
		return strconv.Quote(string(r[:maxText])) + fmt.Sprintf("...(%d bytes in all; -full shows them)", len(s))
	}
	return strconv.Quote(s)
}

// dateText writes an AMF date's milliseconds as ISO 8601 UTC, with the
// number itself when it has a fraction or falls outside what time.Time
// prints as a four-digit year.
func dateText(ms float64) string {
	if ms != math.Trunc(ms) || math.Abs(ms) > 253402300799999 {
		return strconv.FormatFloat(ms, 'g', -1, 64) + " ms"
	}
	return time.UnixMilli(int64(ms)).UTC().Format("2006-01-02T15:04:05.000Z") + " (" + strconv.FormatFloat(ms, 'f', -1, 64) + " ms)"
}

// specialFloat names the values JSON cannot hold, from their bits.
func specialFloat(bits string) string {
	b, err := strconv.ParseUint(bits, 16, 64)
	if err != nil {
		return "bits " + bits
	}
	switch f := math.Float64frombits(b); {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case b == 0x7ff8000000000000:
		return "NaN"
	}
	return "NaN (bits " + bits + ")"
}

// namedFields renders the set fields of a document struct as "name value",
// in declaration order (wire order for the media and event documents),
// named after their JSON keys.
func namedFields(v any) []string {
	rv := reflect.ValueOf(v)
	if rv.IsNil() {
		return nil
	}
	rv = rv.Elem()
	var out []string
	for i := range rv.NumField() {
		f, sf := rv.Field(i), rv.Type().Field(i)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		v := fmt.Sprint(f.Interface())
		if f.Kind() == reflect.String {
			v = strconv.Quote(v) // from the input (a FourCC): quoted, escaped
		}
		out = append(out, strings.ReplaceAll(name, "_", " ")+" "+v)
	}
	return out
}

func (e *EventDataDoc) fields() []string { return namedFields(e) }
