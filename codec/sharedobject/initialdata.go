package sharedobject

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// InitialData reads data the way seed 001 describes the body of event 11
// ("initial data", the specification's Use Success, which it gives no
// data): sub-entries of a subtype (u8), a subsize (u32; 0 means no fields)
// and, for subtype 9 (Remove), the attribute name, for other subtypes a
// name and an AMF0 value. Each sub-entry comes back as an Event of that
// type with Name or one Pair filled.
//
// It is a view for callers who want that reading: Decode never applies it,
// and keeps such data in Event.Raw, because no specification backs it.
// Errors are *wire.Error with offsets counted from the start of data. lim
// bounds each value, as for Decode; the zero Limits takes the defaults.
func InitialData(data []byte, lim amf0.Limits) ([]Event, error) {
	d := amf0.Decoder{Limits: lim}
	var out []Event
	off := 0
	for off < len(data) {
		field := "InitialData[" + strconv.Itoa(len(out)) + "]"
		if len(data)-off < 5 {
			return out, wire.Truncated("sharedobject", field+".Subsize", int64(off), 5, len(data)-off)
		}
		e := Event{Type: EventType(data[off])}
		size := uint64(data[off+1])<<24 | uint64(data[off+2])<<16 | uint64(data[off+3])<<8 | uint64(data[off+4])
		off += 5
		if size > uint64(len(data)-off) {
			return out, &wire.Error{Layer: "sharedobject", Field: field + ".Subsize", Offset: int64(off - 4),
				Expected: strconv.FormatUint(size, 10) + " byte(s) of sub-entry, input has " + strconv.Itoa(len(data)-off), Err: wire.ErrTruncated}
		}
		body := data[off : off+int(size) : off+int(size)]
		if size > 0 {
			name, n, err := str16(body, 0, field+".Name")
			if err != nil {
				return out, reframe(err, "", off)
			}
			if e.Type == EventRemove {
				e.Name = name
			} else {
				v, m, err := d.DecodeValue(body[n:])
				if err != nil {
					return out, reframe(err, field+".Value", off+n)
				}
				n += m
				e.Pairs = []Pair{{Name: name, Value: v}}
				// The next sub-entry must not reuse this value's storage.
				d = amf0.Decoder{Limits: lim}
			}
			if n != len(body) {
				return out, &wire.Error{Layer: "sharedobject", Field: field, Offset: int64(off + n),
					Expected: "end of sub-entry after " + strconv.Itoa(n) + " bytes", Err: wire.ErrTrailingBytes}
			}
		}
		out = append(out, e)
		off += int(size)
	}
	return out, nil
}
