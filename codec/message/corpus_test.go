package message

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/corpus"
)

// renderValue writes v in the corpus README's value notation.
func renderValue(v amf0.Value) string {
	switch v.Kind() {
	case amf0.KindNumber:
		f, _ := v.Number()
		return "number " + strconv.FormatFloat(f, 'g', -1, 64)
	case amf0.KindBoolean:
		b, _ := v.Bool()
		return "boolean " + strconv.FormatBool(b)
	case amf0.KindString:
		s, _ := v.Str()
		return "string " + strconv.Quote(s)
	case amf0.KindNull:
		return "null"
	case amf0.KindUndefined:
		return "undefined"
	case amf0.KindObject:
		return "object " + renderProps(v.Props())
	}
	return v.String()
}

func renderProps(props []amf0.Property) string {
	parts := make([]string, len(props))
	for i, p := range props {
		parts[i] = strconv.Quote(p.Key) + ": " + renderValue(p.Value)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func renderValues(vals []amf0.Value) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = renderValue(v)
	}
	return strings.Join(parts, ", ")
}

// renderEvents writes shared-object events in the corpus README's event
// notation.
func renderEvents(events []sharedobject.Event) string {
	parts := make([]string, len(events))
	for i, e := range events {
		s := fmt.Sprintf("0x%02x %s", uint8(e.Type), e.Type)
		switch {
		case e.Unexplained():
			s += fmt.Sprintf(" (%d bytes)", len(e.Raw))
		case e.Type == sharedobject.EventRequestChange || e.Type == sharedobject.EventChange:
			props := make([]string, len(e.Pairs))
			for j, p := range e.Pairs {
				props[j] = strconv.Quote(string(p.Name)) + ": " + renderValue(p.Value)
			}
			s += " {" + strings.Join(props, ", ") + "}"
		case e.Type == sharedobject.EventSuccess || e.Type == sharedobject.EventRemove || e.Type == sharedobject.EventRequestRemove:
			s += " " + strconv.Quote(string(e.Name))
		case e.Type == sharedobject.EventStatus:
			s += " " + strconv.Quote(string(e.Code)) + " " + strconv.Quote(string(e.Level))
		case e.Type == sharedobject.EventSendMessage:
			s += " " + renderValues(e.Values)
		}
		parts[i] = s
	}
	return strings.Join(parts, "; ")
}

// payloadOf returns the message payload of a corpus file: the bytes
// themselves for the message and amf0 layers, and for a one-message chunk
// file the payload bytes its chunk-layout header lists, chunk headers
// skipped.
func payloadOf(t *testing.T, f corpus.File) ([]byte, bool) {
	switch f.Layer {
	case corpus.LayerMessage, corpus.LayerAMF0:
		return f.Data, true
	case corpus.LayerChunks:
	default:
		return nil, false
	}
	if n, _, _ := f.Uint("messages"); n != 1 {
		return nil, false
	}
	layout := f.Header["chunk-layout"]
	var payload []byte
	off := 0
	for _, part := range strings.Split(layout, ",") {
		var hdr, body int
		if _, err := fmt.Sscanf(strings.TrimSpace(part), "%d+%d", &hdr, &body); err != nil {
			t.Fatalf("%s: chunk-layout %q: %v", f.Name, layout, err)
		}
		if off+hdr+body > len(f.Data) {
			t.Fatalf("%s: chunk-layout %q runs past %d bytes", f.Name, layout, len(f.Data))
		}
		payload = append(payload, f.Data[off+hdr:off+hdr+body]...)
		off += hdr + body
	}
	if off != len(f.Data) {
		t.Fatalf("%s: chunk-layout %q covers %d of %d bytes", f.Name, layout, off, len(f.Data))
	}
	return payload, true
}

// Every message-layer corpus file, and the payload of every one-message
// chunk file and AMF0 command file, decodes to its typed form, re-encodes
// byte for byte, and matches what the file's expect-* keys say: the
// connect commands' fields as the documents list them, the shared-object
// events as 001 lays them out.
func TestCorpusMessages(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]int{}
	for _, f := range files {
		payload, ok := payloadOf(t, f)
		if !ok {
			continue
		}
		typ := rtmp.TypeCommandAMF0
		if v, ok, err := f.Uint("type"); err != nil {
			t.Fatal(err)
		} else if ok {
			typ = rtmp.MessageType(v)
		} else if f.Header["expect-command"] == "" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			m, err := Decode(typ, payload)
			if err != nil {
				t.Fatalf("Decode(%v): %v", typ, err)
			}
			enc, err := Append(nil, m)
			if err != nil || !bytes.Equal(enc, payload) {
				t.Fatalf("re-encode = %x, %v; want %x", enc, err, payload)
			}
			checked[f.Layer]++
			switch m := m.(type) {
			case *Command:
				checkCommandExpectations(t, f, m)
			case *SharedObject:
				checkSharedObjectExpectations(t, f, m)
			default:
				t.Errorf("no expectations checked for %T", m)
			}
		})
	}
	// The corpus holds 8 shared-object messages, 21 one-message command
	// chunk files and 1 AMF0 command; a loader change that drops any shows
	// here.
	if checked[corpus.LayerMessage] < 8 || checked[corpus.LayerChunks] < 21 || checked[corpus.LayerAMF0] < 1 {
		t.Errorf("checked %v, want at least 8 message, 21 chunks and 1 amf0 files", checked)
	}
}

func checkCommandExpectations(t *testing.T, f corpus.File, c *Command) {
	t.Helper()
	if want, ok := f.Header["expect-command"]; ok {
		if name, _ := c.Name(); name != want {
			t.Errorf("command name %q, want %q", name, want)
		}
	}
	if want, ok := f.Header["expect-transaction-id"]; ok {
		tid, _ := c.TransactionID()
		if strconv.FormatFloat(tid, 'g', -1, 64) != want {
			t.Errorf("transaction ID %v, want %s", tid, want)
		}
	}
	if want, ok := f.Header["expect-markers"]; ok {
		markers := make([]byte, len(c.Values))
		for i, v := range c.Values {
			markers[i] = byte(v.Marker())
		}
		if got := strings.TrimSpace(fmt.Sprintf("% x", markers)); got != want {
			t.Errorf("markers %s, want %s", got, want)
		}
	}
	want, ok := f.Header["expect-amf0"]
	if !ok {
		t.Errorf("%s: a command file without expect-amf0", f.Name)
		return
	}
	if got := renderValues(c.Values); got != want {
		t.Errorf("values\n got %s\nwant %s", got, want)
	}
}

func checkSharedObjectExpectations(t *testing.T, f corpus.File, so *SharedObject) {
	t.Helper()
	if got, want := string(so.Header.Name), f.Header["expect-so-name"]; got != want {
		t.Errorf("name %q, want %q", got, want)
	}
	if v, _, _ := f.Uint("expect-so-version"); uint64(so.Header.Version) != v {
		t.Errorf("version %d, want %d", so.Header.Version, v)
	}
	flags, err := hex.DecodeString(strings.ReplaceAll(f.Header["expect-so-flags"], " ", ""))
	if err != nil || !bytes.Equal(flags, so.Header.Flags[:]) {
		t.Errorf("flags % x, want %s (%v)", so.Header.Flags, f.Header["expect-so-flags"], err)
	}
	if n, _, _ := f.Uint("events"); uint64(len(so.Events)) != n {
		t.Errorf("%d events, want %d", len(so.Events), n)
	}
	if got, want := renderEvents(so.Events), f.Header["expect-events"]; got != want {
		t.Errorf("events\n got %s\nwant %s", got, want)
	}
	for i, e := range so.Events {
		if e.Unexplained() && e.Type != sharedobject.EventUseSuccess {
			t.Errorf("event %d (%v) kept raw: %v", i, e.Type, e.Reason)
		}
	}
	if want, ok := f.Header["expect-initial-data"]; ok {
		if len(so.Events) != 1 || !so.Events[0].Unexplained() {
			t.Fatalf("initial data not kept raw and flagged: %+v", so.Events)
		}
		entries, err := sharedobject.InitialData(so.Events[0].Raw, amf0.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got := renderEvents(entries); got != want {
			t.Errorf("initial data\n got %s\nwant %s", got, want)
		}
	}
}
