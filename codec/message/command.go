package message

import (
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Command is message type 0x14 (AMF0 command) or, with Extended set, 0x11
// (extended command): a sequence of AMF0 values, the command name first,
// then the transaction ID, the command object and any further arguments.
//
// The extended form starts with a format byte that must be 0; any value
// may be switched to AMF3 by an avmplus marker (0x11), and is then an
// amf0 Value of KindAMF3 holding the amf3.Value. The decoder requires the first value to be a
// string, because a command without a name cannot be dispatched; the rest
// is kept whatever it is, since servers and clients disagree on what
// follows (a missing command object, a number where null was expected).
type Command struct {
	Extended bool
	Values   []amf0.Value // aliases the payload and, from a Decoder, its storage
}

// Type reports rtmp.TypeCommandAMF3 when Extended is set, else rtmp.TypeCommandAMF0.
func (m *Command) Type() rtmp.MessageType {
	if m.Extended {
		return rtmp.TypeCommandAMF3
	}
	return rtmp.TypeCommandAMF0
}

// Name returns the command name: the first value, when it is a string
// (always, for a decoded Command; only one built in code can lack it).
func (m *Command) Name() (string, bool) {
	if len(m.Values) == 0 {
		return "", false
	}
	return m.Values[0].Str()
}

// TransactionID returns the second value when it is a number.
func (m *Command) TransactionID() (float64, bool) {
	if len(m.Values) < 2 {
		return 0, false
	}
	return m.Values[1].Number()
}

// Object returns the command object (the third value): an object for
// connect and many replies, null for most other commands. It is the zero
// Value (KindInvalid) when the command has fewer values.
func (m *Command) Object() amf0.Value {
	if len(m.Values) < 3 {
		return amf0.Value{}
	}
	return m.Values[2]
}

// Args returns the values after the command object, of any kind and number.
func (m *Command) Args() []amf0.Value {
	if len(m.Values) < 4 {
		return nil
	}
	return m.Values[3:]
}

// Arg returns argument i (counting from the first value after the command
// object), or the zero Value when there is none.
func (m *Command) Arg(i int) amf0.Value {
	if i < 0 || i+3 >= len(m.Values) {
		return amf0.Value{}
	}
	return m.Values[i+3]
}

// Size returns the exact number of bytes Append writes, or -1 when Append
// would refuse m.
func (m *Command) Size() int {
	if len(m.Values) == 0 || m.Values[0].Kind() != amf0.KindString {
		return -1
	}
	return valuesSize(m.Extended, m.Values)
}

// Append appends the payload. It refuses a command whose first value is not
// a string, and values amf0 would refuse.
func (m *Command) Append(b []byte) ([]byte, error) {
	if len(m.Values) == 0 || m.Values[0].Kind() != amf0.KindString {
		return b, &wire.Error{Layer: "message", Field: commandField(m.Extended) + ".Name", Offset: 0,
			Expected: "a string as the first value (the command name)", Err: wire.ErrConstraint}
	}
	return appendValues(b, m.Extended, commandField(m.Extended), m.Values)
}

func commandField(ext bool) string {
	if ext {
		return "CommandAMF3"
	}
	return "CommandAMF0"
}

// Data is message type 0x12 (AMF0 data) or, with Extended set, 0x0F
// (extended data): a sequence of AMF0 values, usually a handler name such as
// "@setDataFrame" or "onMetaData" and its arguments. Unlike a command, a
// data message is not required to start with a string: nothing dispatches
// on it inside the protocol, so it is carried whatever it holds.
type Data struct {
	Extended bool
	Values   []amf0.Value // aliases the payload and, from a Decoder, its storage
}

// Type reports rtmp.TypeDataAMF3 when Extended is set, else rtmp.TypeDataAMF0.
func (m *Data) Type() rtmp.MessageType {
	if m.Extended {
		return rtmp.TypeDataAMF3
	}
	return rtmp.TypeDataAMF0
}

// Name returns the handler name: the first value, when it is a string.
func (m *Data) Name() (string, bool) {
	if len(m.Values) == 0 {
		return "", false
	}
	return m.Values[0].Str()
}

// Args returns the values after the handler name.
func (m *Data) Args() []amf0.Value {
	if len(m.Values) < 2 {
		return nil
	}
	return m.Values[1:]
}

// Metadata returns the metadata a data message carries: the value after
// "@setDataFrame", "onMetaData" (what publishers send) or after
// "onMetaData" (what servers pass on to players). ok is false for other
// messages.
func (m *Data) Metadata() (amf0.Value, bool) {
	name, _ := m.Name()
	switch {
	case name == "@setDataFrame" && len(m.Values) >= 3:
		if s, _ := m.Values[1].Str(); s == "onMetaData" {
			return m.Values[2], true
		}
	case name == "onMetaData" && len(m.Values) >= 2:
		return m.Values[1], true
	}
	return amf0.Value{}, false
}

// Size returns the exact number of bytes Append writes, or -1 when Append
// would refuse m.
func (m *Data) Size() int { return valuesSize(m.Extended, m.Values) }

// Append appends the payload.
func (m *Data) Append(b []byte) ([]byte, error) {
	f := "DataAMF0"
	if m.Extended {
		f = "DataAMF3"
	}
	return appendValues(b, m.Extended, f, m.Values)
}

func valuesSize(ext bool, vals []amf0.Value) int {
	n := amf0.PayloadSize(vals...)
	if n < 0 {
		return -1
	}
	if ext {
		n++
	}
	return n
}

func appendValues(b []byte, ext bool, field string, vals []amf0.Value) ([]byte, error) {
	orig := b
	base := 0
	if ext {
		// The format selector: 0 is the only value the errata define.
		b = append(b, 0)
		base = 1
	}
	b, err := amf0.AppendPayload(b, vals...)
	if err != nil {
		return orig, reframe(err, field, base)
	}
	return b, nil
}

// format checks the format selector of an extended payload and returns
// where the AMF0 values start.
func format(payload []byte, ext bool, field string) (int, error) {
	if !ext {
		return 0, nil
	}
	if len(payload) < 1 {
		return 0, wire.Truncated("message", field+".Format", 0, 1, 0)
	}
	if payload[0] != 0 {
		// Errata §7.2: the first byte of 0x0F and 0x11 selects the
		// encoding, and 0 (AMF0, switching to AMF3 per value) is the only
		// one defined.
		return 0, &wire.Error{Layer: "message", Field: field + ".Format", Offset: 0,
			Expected: "format byte 0", Err: wire.ErrConstraint}
	}
	return 1, nil
}

func (m *Command) decode(md *Decoder, typ rtmp.MessageType, payload []byte) error {
	ext, d := typ == rtmp.TypeCommandAMF3, &md.amf
	f := commandField(ext)
	*m = Command{Extended: ext}
	base, err := format(payload, ext, f)
	if err != nil {
		return err
	}
	if len(payload) == base {
		return wire.Truncated("message", f+".Name", int64(base), 1, 0)
	}
	if mk := amf0.Marker(payload[base]); mk != amf0.MarkerString && mk != amf0.MarkerLongString {
		return &wire.Error{Layer: "message", Field: f + ".Name", Offset: int64(base),
			Expected: "a string (marker 0x02 or 0x0C) as the first value, the command name, got marker " + mk.String(), Err: wire.ErrMalformed}
	}
	d.Limits, d.AMF3Scope = md.AMF0, md.AMF3Scope
	vals, err := d.Decode(payload[base:])
	if err != nil {
		return reframe(err, f, base)
	}
	m.Values = vals
	return nil
}

func (m *Data) decode(md *Decoder, typ rtmp.MessageType, payload []byte) error {
	ext, d := typ == rtmp.TypeDataAMF3, &md.amf
	f := "DataAMF0"
	if ext {
		f = "DataAMF3"
	}
	*m = Data{Extended: ext}
	base, err := format(payload, ext, f)
	if err != nil {
		return err
	}
	d.Limits, d.AMF3Scope = md.AMF0, md.AMF3Scope
	vals, err := d.Decode(payload[base:])
	if err != nil {
		return reframe(err, f, base)
	}
	m.Values = vals
	return nil
}
