// Package sharedobject decodes and encodes the payload of shared object
// messages (RTMP message types 0x13 with AMF0 values and 0x10 with AMF3
// values): a header naming the object, then events until the payload ends.
//
// Every event keeps everything it carried. Its data is decoded by the
// layout of its type; data the layout does not explain exactly (an unknown
// event type, bytes after the last name of a Success event, the "initial
// data" sub-entries one early document describes for Use Success, AMF3
// values this codec cannot read yet) stays in Event.Raw and Event.Reason
// says why, so re-encoding reproduces it. Errors are reserved for framing
// that cannot be followed: a header or event header that ends early, or an
// event length that runs past the payload.
//
// Decoded values alias the input.
package sharedobject

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Message is one shared object message payload.
type Message struct {
	Header Header
	Events []Event
	// AMF3 is true for message type 0x10, whose payload starts with the
	// Format byte before the header.
	AMF3 bool
	// Format is that byte of a 0x10 message: Enhanced RTMP's format
	// selector, which it says must be 0 (AMF0 values, each of which may
	// switch to AMF3 with marker 0x11, as in types 0x0F and 0x11);
	// nginx-rtmp skips it and Red5 reads 0 as AMF0 and 3 as AMF3. Event
	// data holding AMF values decodes under 0; under any other byte it is
	// kept raw (Reason wraps wire.ErrUnsupported). Unused for 0x13.
	Format byte
	// Limits bound the AMF0 values Decode reads; the zero value takes
	// amf0's defaults. They are not part of the message: Decode keeps
	// them, and Append ignores them.
	Limits amf0.Limits
	// AMF3Scope says which AMF3 values (after 0x11 markers) of the message
	// share reference tables; see amf0.AMF3Scope. Kept like Limits.
	AMF3Scope amf0.AMF3Scope

	// Storage reused by the next Decode into the same Message, so that
	// decoding into one Message again and again stops allocating.
	amf    *amf0.Decoder
	pairs  []Pair
	values []amf0.Value
}

// Pair is one attribute of a Request Change or Change event: a u16-length
// name (no AMF marker) and an AMF value.
type Pair struct {
	Name  []byte
	Value amf0.Value
}

// Event is one event: its type, its data decoded per the type's layout, or
// the data as sent when the layout does not explain it.
type Event struct {
	Type EventType

	// Name is the attribute name of Success, Remove and Request Remove.
	Name []byte
	// Code and Level are Status's two strings.
	Code, Level []byte
	// Pairs are the attributes of Request Change and Change, in wire order.
	Pairs []Pair
	// Values are Send Message's AMF values, the handler name first.
	Values []amf0.Value

	// Raw, when Reason is not nil, is the whole event data as sent, and
	// the typed fields above are empty. Append writes it back unchanged;
	// it also writes Raw, and nothing else, for an event type outside
	// 0x01-0x0B, which has no layout to encode by.
	Raw []byte
	// Reason says why the data is kept raw: nil when the layout explained
	// every byte. It is a *wire.Error whose Offset counts from the start
	// of the message payload.
	Reason error
}

// Unexplained reports whether the event's data is kept raw because its
// layout does not explain it exactly.
func (e *Event) Unexplained() bool { return e.Reason != nil }

// raw reports whether Append writes Raw for e.
func (e *Event) raw() bool { return e.Reason != nil || !e.Type.Defined() }

// dataForm is the shape of an event's data. spec/sharedobject.json gives
// each event type its form, so an event type with a known form is a spec
// entry and nothing more; a new form is new code here.
type dataForm uint8

const (
	formUnknown dataForm = iota // no entry: the data is kept raw
	formNone                    // no data at all
	formName                    // one u16-length name
	formStatus                  // a u16-length code, then a u16-length level
	formPairs                   // u16-length name + AMF value, repeated
	formValues                  // AMF values, handler name first
)

// hasAMF reports whether the form holds AMF values.
func (f dataForm) hasAMF() bool { return f == formPairs || f == formValues }

// Size returns the exact number of bytes Append writes, or -1 when Append
// would refuse m.
func (m *Message) Size() int {
	if len(m.Header.Name) > 0xFFFF {
		return -1
	}
	n := m.Header.Size()
	if m.AMF3 {
		n++ // the Format byte
	}
	for i := range m.Events {
		d := m.Events[i].dataSize()
		if d < 0 || uint64(d) > 0xFFFFFFFF {
			return -1
		}
		n += EventHeaderLen + d
	}
	return n
}

// dataSize is the length of e's data, or -1 when it cannot be encoded.
func (e *Event) dataSize() int {
	if e.raw() {
		return len(e.Raw)
	}
	switch e.Type.form() {
	case formName:
		if len(e.Name) > 0xFFFF {
			return -1
		}
		return 2 + len(e.Name)
	case formStatus:
		if len(e.Code) > 0xFFFF || len(e.Level) > 0xFFFF {
			return -1
		}
		return 4 + len(e.Code) + len(e.Level)
	case formPairs:
		n := 0
		for i := range e.Pairs {
			v := e.Pairs[i].Value.Size()
			if v < 0 || len(e.Pairs[i].Name) > 0xFFFF {
				return -1
			}
			n += 2 + len(e.Pairs[i].Name) + v
		}
		return n
	case formValues:
		return amf0.PayloadSize(e.Values...)
	}
	return 0
}

// Append appends the wire form of m to b. It returns b unchanged with a
// *wire.Error (ErrConstraint) when a string is too long for its u16 length.
func (m *Message) Append(b []byte) ([]byte, error) {
	orig := b
	if m.AMF3 {
		b = append(b, m.Format)
	}
	b, err := m.Header.Append(b)
	if err != nil {
		return orig, err
	}
	for i := range m.Events {
		e := &m.Events[i]
		start := len(b) - len(orig)
		size := e.dataSize()
		if size < 0 {
			// appendData says which field cannot be encoded.
			_, err := e.appendData(nil)
			return orig, reframe(err, "Event["+strconv.Itoa(i)+"]", start+EventHeaderLen)
		}
		if uint64(size) > 0xFFFFFFFF {
			return orig, &wire.Error{Layer: "sharedobject", Field: "Event[" + strconv.Itoa(i) + "].Length", Offset: int64(start),
				Expected: "event data of at most 4294967295 bytes", Err: wire.ErrConstraint}
		}
		h := EventHeader{Type: e.Type, Length: uint32(size)}
		b, _ = h.Append(b)
		if b, err = e.appendData(b); err != nil {
			return orig, reframe(err, "Event["+strconv.Itoa(i)+"]", start+EventHeaderLen)
		}
	}
	return b, nil
}

func (e *Event) appendData(b []byte) ([]byte, error) {
	if e.raw() {
		return append(b, e.Raw...), nil
	}
	var err error
	switch e.Type.form() {
	case formName:
		return appendStr16(b, e.Name, "Name", 0)
	case formStatus:
		if b, err = appendStr16(b, e.Code, "Code", 0); err != nil {
			return b, err
		}
		return appendStr16(b, e.Level, "Level", 2+len(e.Code))
	case formPairs:
		start := len(b)
		for i := range e.Pairs {
			p := &e.Pairs[i]
			if b, err = appendStr16(b, p.Name, "Name", len(b)-start); err != nil {
				return b, reframe(err, "Pairs["+strconv.Itoa(i)+"]", 0)
			}
			if b, err = p.Value.Append(b); err != nil {
				return b, reframe(err, "Pairs["+strconv.Itoa(i)+"].Value", len(b)-start)
			}
		}
		return b, nil
	case formValues:
		return amf0.AppendPayload(b, e.Values...)
	}
	return b, nil
}

func appendStr16(b, s []byte, field string, off int) ([]byte, error) {
	if len(s) > 0xFFFF {
		return b, &wire.Error{Layer: "sharedobject", Field: field, Offset: int64(off), Expected: "at most 65535 bytes for a u16-length string", Err: wire.ErrConstraint}
	}
	b = append(b, byte(len(s)>>8), byte(len(s)))
	return append(b, s...), nil
}

// Decode decodes a whole 0x13 (AMF0) shared object payload into m, reusing
// m.Events.
func (m *Message) Decode(payload []byte) error { return m.decode(payload, false) }

// DecodeAMF3 decodes a whole 0x10 (AMF3) shared object payload into m:
// the Format byte, then the framing and events as for 0x13, AMF values
// read as AMF0 that may switch to AMF3 per value (Format 0).
func (m *Message) DecodeAMF3(payload []byte) error { return m.decode(payload, true) }

func (m *Message) decode(payload []byte, amf3 bool) error {
	events := m.Events[:0]
	*m = Message{AMF3: amf3, Limits: m.Limits, AMF3Scope: m.AMF3Scope, amf: m.amf, pairs: m.pairs[:0], values: m.values[:0]}
	if m.amf != nil {
		m.amf.Reset()
	}
	// Keep the event storage on error too, so that hostile input does not
	// make the next decode allocate afresh.
	m.Events = events
	start := 0
	if amf3 {
		if len(payload) == 0 {
			return wire.Truncated("sharedobject", "Format", 0, 1, 0)
		}
		m.Format = payload[0]
		start = 1
	}
	off, err := m.Header.Decode(payload[start:])
	if err != nil {
		return wire.Shift(err, int64(start))
	}
	off += start
	for off < len(payload) {
		var h EventHeader
		n, err := h.Decode(payload[off:])
		if err != nil {
			m.Events = events[:0]
			return wire.Shift(err, int64(off))
		}
		off += n
		if uint64(h.Length) > uint64(len(payload)-off) {
			m.Events = events[:0]
			return &wire.Error{Layer: "sharedobject", Field: "EventHeader.Length", Offset: int64(off - 4),
				Expected: strconv.FormatUint(uint64(h.Length), 10) + " byte(s) of event data, input has " + strconv.Itoa(len(payload)-off),
				Err:      wire.ErrTruncated}
		}
		end := off + int(h.Length)
		events = append(events, Event{Type: h.Type})
		m.decodeData(&events[len(events)-1], payload[off:end:end], off)
		off = end
	}
	m.Events = events
	return nil
}

// decodeData fills e from data, which starts at offset base of the payload.
func (m *Message) decodeData(e *Event, data []byte, base int) {
	var err error
	switch form := e.Type.form(); form {
	case formNone:
		if len(data) != 0 {
			err = &wire.Error{Layer: "sharedobject", Field: "Data", Offset: 0,
				Expected: "no data for this event type", Err: wire.ErrTrailingBytes}
		}
	case formName:
		var n int
		e.Name, n, err = str16(data, 0, "Name")
		if err == nil && n != len(data) {
			err = trailing(n)
		}
	case formStatus:
		var n, m int
		e.Code, n, err = str16(data, 0, "Code")
		if err == nil {
			e.Level, m, err = str16(data, n, "Level")
			if err == nil && n+m != len(data) {
				err = trailing(n + m)
			}
		}
	default:
		if form.hasAMF() {
			if m.AMF3 && m.Format != 0 {
				err = &wire.Error{Layer: "sharedobject", Field: "Data", Offset: 0,
					Expected: "AMF values under Format 0 (AMF0 that may switch to AMF3); Format 0x" + strconv.FormatUint(uint64(m.Format), 16) + " is not decoded", Err: wire.ErrUnsupported}
			} else {
				err = m.decodeAMF(e, data)
			}
		} else {
			err = &wire.Error{Layer: "sharedobject", Field: "EventHeader.Type", Offset: -EventHeaderLen,
				Expected: "an event type 0x01-0x0B (data of other types is kept raw)", Err: wire.ErrUnsupported}
		}
	}
	if err != nil {
		*e = Event{Type: e.Type, Raw: data, Reason: reframe(err, "Event("+e.Type.String()+")", base)}
	}
}

func trailing(n int) error {
	return &wire.Error{Layer: "sharedobject", Field: "Data", Offset: int64(n),
		Expected: "end of event data after " + strconv.Itoa(n) + " bytes", Err: wire.ErrTrailingBytes}
}

// str16 reads a u16-length string at data[off:] and returns it with the
// bytes it used.
func str16(data []byte, off int, field string) ([]byte, int, error) {
	if len(data)-off < 2 {
		return nil, 0, wire.Truncated("sharedobject", field, int64(off), 2, len(data)-off)
	}
	n := int(data[off])<<8 | int(data[off+1])
	if len(data)-off-2 < n {
		return nil, 0, wire.Truncated("sharedobject", field, int64(off), 2+n, len(data)-off)
	}
	return data[off+2 : off+2+n : off+2+n], 2 + n, nil
}

// reframe prefixes err's field and shifts its offset by base.
func reframe(err error, prefix string, base int) error {
	we, ok := err.(*wire.Error)
	if !ok {
		return err
	}
	c := *we
	c.Offset += int64(base)
	if prefix != "" && c.Field != "" {
		c.Field = prefix + "." + c.Field
	} else if prefix != "" {
		c.Field = prefix
	}
	return &c
}
