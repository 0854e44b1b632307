package sharedobject

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// decodeAMF fills the Pairs or Values of e from data.
//
// AMF values are decoded as parts of one payload per message (amf0's
// Next), so a reference may point at a complex value from an earlier
// event, as it would when the sender serialised the whole message through
// one stream. The encoder, though, writes each pair's value on its own and
// a Send Message's values as one payload, so a value whose bytes depend on
// the wider table could not be written back: such an event is kept raw
// (ErrUnsupported) rather than decoded into something that re-encodes
// differently.
func (m *Message) decodeAMF(e *Event, data []byte) error {
	if m.amf == nil {
		m.amf = new(amf0.Decoder)
	}
	m.amf.Limits, m.amf.AMF3Scope = m.Limits, m.AMF3Scope
	switch e.Type.form() {
	case formPairs:
		start := len(m.pairs)
		off := 0
		// Field names are built only on error: this loop runs per pair of
		// every message and must not allocate.
		field := func() string { return "Pairs[" + strconv.Itoa(len(m.pairs)-start) + "]" }
		for off < len(data) {
			name, n, err := str16(data, off, "")
			if err != nil {
				return reframe(err, field()+".Name", 0)
			}
			off += n
			v, n, err := m.amf.Next(data[off:])
			if err != nil {
				return reframe(err, field()+".Value", off)
			}
			if v.Size() != n {
				return &wire.Error{Layer: "sharedobject", Field: field() + ".Value", Offset: int64(off),
					Expected: "a value that re-encodes on its own (one whose references reach outside it is kept raw)", Err: wire.ErrUnsupported}
			}
			off += n
			m.pairs = append(m.pairs, Pair{Name: name, Value: v})
		}
		e.Pairs = m.pairs[start:len(m.pairs):len(m.pairs)]
	case formValues:
		start := len(m.values)
		off := 0
		for off < len(data) {
			v, n, err := m.amf.Next(data[off:])
			if err != nil {
				return reframe(err, "Values["+strconv.Itoa(len(m.values)-start)+"]", off)
			}
			off += n
			m.values = append(m.values, v)
		}
		e.Values = m.values[start:len(m.values):len(m.values)]
		if amf0.PayloadSize(e.Values...) != len(data) {
			return &wire.Error{Layer: "sharedobject", Field: "Values", Offset: 0,
				Expected: "values that re-encode as one payload (references reaching outside the event are kept raw)", Err: wire.ErrUnsupported}
		}
	}
	return nil
}
