package amf0

import (
	"math"
	"strconv"
	"time"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
)

// Kind is what a Value holds, independent of how it was written: a string
// has KindString whether its marker is String (0x02) or Long String (0x0C).
// Marker tells the two apart.
type Kind uint8

// The kinds of Value. KindInvalid is the zero Value's kind: what Get returns
// for a missing key, and what no encoder accepts.
const (
	KindInvalid Kind = iota
	KindNumber
	KindBoolean
	KindString // marker String or Long String
	KindObject
	KindNull
	KindUndefined
	KindReference
	KindECMAArray
	KindStrictArray
	KindDate
	KindUnsupported
	KindXMLDocument
	KindTypedObject
	KindAMF3 // marker AVM+ (0x11) and the one AMF3 value after it
)

var kindNames = [...]string{
	KindInvalid:     "invalid",
	KindNumber:      "number",
	KindBoolean:     "boolean",
	KindString:      "string",
	KindObject:      "object",
	KindNull:        "null",
	KindUndefined:   "undefined",
	KindReference:   "reference",
	KindECMAArray:   "ECMA array",
	KindStrictArray: "strict array",
	KindDate:        "date",
	KindUnsupported: "unsupported",
	KindXMLDocument: "XML document",
	KindTypedObject: "typed object",
	KindAMF3:        "AMF3",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one AMF0 value, decoded or built. It is small (48 bytes on
// 64-bit platforms) and meant to be passed by value. The zero Value is
// invalid (KindInvalid).
//
// A Value keeps every wire choice needed to re-encode it byte for byte: the
// marker, the boolean byte, the float64 bits, the date's time-zone field,
// the ECMA array count as written, property order and duplicates, and a
// reference's index.
type Value struct {
	s    string         // String, Long String and XML text; typed-object class name
	kids unsafe.Pointer // *Property (object, ECMA array, typed object), *Value (strict array, reference target)
	num  uint64         // float64 bits of a number or of a date's milliseconds
	n    uint32         // number of properties or elements behind kids
	aux  uint32         // ECMA array count as written; reference index
	kind Kind
	m    Marker
	b    uint8 // the boolean byte as written
	tz   int16 // a date's time-zone field as written
}

// Property is one key/value pair of an object, ECMA array or typed object.
type Property struct {
	Key   string
	Value Value
}

// Prop builds a Property; it reads better than a composite literal inside
// Object(...).
func Prop(key string, v Value) Property { return Property{Key: key, Value: v} }

// Number builds a number (marker 0x00). The float64 bits are kept as they
// are, NaN payload and sign of zero included.
func Number(f float64) Value {
	return Value{kind: KindNumber, m: MarkerNumber, num: math.Float64bits(f)}
}

// Bool builds a boolean (marker 0x01) written as the byte 1 or 0.
func Bool(b bool) Value {
	v := Value{kind: KindBoolean, m: MarkerBoolean}
	if b {
		v.b = 1
	}
	return v
}

// BoolByte builds a boolean written as byte b. Any byte other than 0 means
// true; decoding keeps the byte, and this lets a caller write one back.
func BoolByte(b byte) Value { return Value{kind: KindBoolean, m: MarkerBoolean, b: b} }

// String builds a string. It uses the String marker (0x02) when s fits its
// 16-bit length and the Long String marker (0x0C) otherwise, as Flash
// Player does. The Value shares s; nothing is copied.
func String(s string) Value {
	if len(s) > math.MaxUint16 {
		return LongString(s)
	}
	return Value{kind: KindString, m: MarkerString, s: s}
}

// LongString builds a string with the Long String marker (0x0C) whatever
// its length.
func LongString(s string) Value { return Value{kind: KindString, m: MarkerLongString, s: s} }

// XMLDocument builds an XML document (marker 0x0F) holding the text s.
func XMLDocument(s string) Value { return Value{kind: KindXMLDocument, m: MarkerXMLDocument, s: s} }

// Null builds a null (marker 0x05).
func Null() Value { return Value{kind: KindNull, m: MarkerNull} }

// Undefined builds an undefined (marker 0x06).
func Undefined() Value { return Value{kind: KindUndefined, m: MarkerUndefined} }

// Unsupported builds the unsupported marker (0x0D), which a sender writes
// for a value it could not serialise.
func Unsupported() Value { return Value{kind: KindUnsupported, m: MarkerUnsupported} }

// Object builds an anonymous object (marker 0x03) with props in order.
// The Value keeps props itself (no copy), so a caller that reuses one
// []Property for every message builds objects without allocating; it must
// not change props until the Value has been encoded.
func Object(props ...Property) Value {
	return Value{kind: KindObject, m: MarkerObject, kids: propsPtr(props), n: uint32(len(props))}
}

// ECMAArray builds an ECMA array (marker 0x08) whose count field is
// len(props). Use ECMAArrayCount to write another count.
func ECMAArray(props ...Property) Value {
	return ECMAArrayCount(uint32(len(props)), props...)
}

// ECMAArrayCount builds an ECMA array whose count field says count,
// whatever len(props) is. Real encoders often write 0 or a wrong count;
// receivers read properties up to the end marker and ignore it.
func ECMAArrayCount(count uint32, props ...Property) Value {
	return Value{kind: KindECMAArray, m: MarkerECMAArray, kids: propsPtr(props), n: uint32(len(props)), aux: count}
}

// TypedObject builds a typed object (marker 0x10) of the given class name.
func TypedObject(class string, props ...Property) Value {
	return Value{kind: KindTypedObject, m: MarkerTypedObject, s: class, kids: propsPtr(props), n: uint32(len(props))}
}

// StrictArray builds a strict array (marker 0x0A). Like Object, it keeps
// elems without copying.
func StrictArray(elems ...Value) Value {
	var p unsafe.Pointer
	if len(elems) > 0 {
		p = unsafe.Pointer(&elems[0])
	}
	return Value{kind: KindStrictArray, m: MarkerStrictArray, kids: p, n: uint32(len(elems))}
}

// Date builds a date (marker 0x0B) from t, to the millisecond, with time
// zone field 0 as the specification asks.
func Date(t time.Time) Value {
	return DateMillis(float64(t.UnixMilli()), 0)
}

// DateMillis builds a date from its two wire fields: milliseconds since the
// Unix epoch (UTC) and the reserved time-zone field.
func DateMillis(ms float64, tz int16) Value {
	return Value{kind: KindDate, m: MarkerDate, num: math.Float64bits(ms), tz: tz}
}

// Reference builds a reference (marker 0x07) to the complex value with the
// given index in its payload. Encoding checks the index against the
// payload; Resolve cannot follow a built reference.
func Reference(index uint16) Value {
	return Value{kind: KindReference, m: MarkerReference, aux: uint32(index)}
}

func propsPtr(props []Property) unsafe.Pointer {
	if len(props) == 0 {
		return nil
	}
	return unsafe.Pointer(&props[0])
}

// Kind reports what v holds.
func (v Value) Kind() Kind { return v.kind }

// Marker reports the marker v is written with. It tells a String from a
// Long String. The zero Value reports 0xFF, which no value uses.
func (v Value) Marker() Marker {
	if v.kind == KindInvalid {
		return 0xFF
	}
	return v.m
}

// IsValid reports whether v holds a value (is not the zero Value).
func (v Value) IsValid() bool { return v.kind != KindInvalid }

// Number returns the number v holds.
func (v Value) Number() (float64, bool) {
	if v.kind != KindNumber {
		return 0, false
	}
	return math.Float64frombits(v.num), true
}

// Bool returns the boolean v holds: false for the byte 0, true otherwise.
func (v Value) Bool() (bool, bool) {
	if v.kind != KindBoolean {
		return false, false
	}
	return v.b != 0, true
}

// BoolByte returns the byte a boolean was written with.
func (v Value) BoolByte() (byte, bool) {
	if v.kind != KindBoolean {
		return 0, false
	}
	return v.b, true
}

// Str returns the text of a String or Long String. For a decoded Value the
// string shares memory with the decoder's input (see the package doc).
func (v Value) Str() (string, bool) {
	if v.kind != KindString {
		return "", false
	}
	return v.s, true
}

// XML returns the text of an XML document.
func (v Value) XML() (string, bool) {
	if v.kind != KindXMLDocument {
		return "", false
	}
	return v.s, true
}

// ClassName returns the class name of a typed object.
func (v Value) ClassName() (string, bool) {
	if v.kind != KindTypedObject {
		return "", false
	}
	return v.s, true
}

// Date returns a date as a time.Time in UTC, to the millisecond. It drops
// the time-zone field and any fraction of a millisecond; DateMillis returns
// both wire fields. A NaN or out-of-range millisecond count gives ok false.
func (v Value) Date() (time.Time, bool) {
	if v.kind != KindDate {
		return time.Time{}, false
	}
	ms := math.Float64frombits(v.num)
	// time.UnixMilli takes an int64: outside this range the conversion
	// would be undefined, so refuse instead of returning a wrong time.
	if !(ms >= -(1<<62) && ms <= 1<<62) {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// DateMillis returns a date's wire fields: milliseconds since the epoch and
// the time-zone field.
func (v Value) DateMillis() (ms float64, tz int16, ok bool) {
	if v.kind != KindDate {
		return 0, 0, false
	}
	return math.Float64frombits(v.num), v.tz, true
}

// RefIndex returns a reference's index into its payload's table of complex
// values.
func (v Value) RefIndex() (uint16, bool) {
	if v.kind != KindReference {
		return 0, false
	}
	return uint16(v.aux), true
}

// Resolve returns the value a decoded reference points to, and v itself
// when v is not a reference. It follows one step only and needs no more:
// the decoder accepts a reference only to a complex value already complete,
// so a target is never a reference and the references of a payload cannot
// form a cycle. ok is false for a reference built with Reference, which
// carries no target.
func (v Value) Resolve() (Value, bool) {
	if v.kind != KindReference {
		return v, true
	}
	if v.kids == nil {
		return v, false
	}
	return *(*Value)(v.kids), true
}

// ECMACount returns the count field of an ECMA array as written, which
// need not match len(v.Props()).
func (v Value) ECMACount() (uint32, bool) {
	if v.kind != KindECMAArray {
		return 0, false
	}
	return v.aux, true
}

// Props returns the properties of an object, ECMA array or typed object in
// wire order, duplicates included; nil for other kinds. The slice belongs
// to v: it is valid as long as v is and must not be appended to.
func (v Value) Props() []Property {
	switch v.kind {
	case KindObject, KindECMAArray, KindTypedObject:
		if v.n == 0 {
			return nil
		}
		return unsafe.Slice((*Property)(v.kids), v.n)
	}
	return nil
}

// Elems returns the elements of a strict array; nil for other kinds.
func (v Value) Elems() []Value {
	if v.kind != KindStrictArray || v.n == 0 {
		return nil
	}
	return unsafe.Slice((*Value)(v.kids), v.n)
}

// Len returns the number of properties or elements of v, 0 for values
// that have neither.
func (v Value) Len() int {
	switch v.kind {
	case KindObject, KindECMAArray, KindTypedObject, KindStrictArray:
		return int(v.n)
	}
	return 0
}

// Lookup returns the value of the property named key. When the key occurs
// more than once it returns the last one, which is what a receiver that
// assigns properties in order ends up with (and what ToGo keeps).
func (v Value) Lookup(key string) (Value, bool) {
	props := v.Props()
	for i := len(props) - 1; i >= 0; i-- {
		if props[i].Key == key {
			return props[i].Value, true
		}
	}
	return Value{}, false
}

// Get is Lookup without ok: a missing key gives the zero Value, whose typed
// accessors all report false, so lookups chain:
//
//	app, ok := cmdObj.Get("app").Str()
func (v Value) Get(key string) Value {
	r, _ := v.Lookup(key)
	return r
}

// Index returns element i of a strict array.
func (v Value) Index(i int) (Value, bool) {
	if v.kind != KindStrictArray || i < 0 || i >= int(v.n) {
		return Value{}, false
	}
	return unsafe.Slice((*Value)(v.kids), v.n)[i], true
}

// AMF3 builds an AVM+ value (marker 0x11): v, written in AMF3. The AMF3
// values of one payload share their reference tables when written, as a
// decoder with AMF3PerPayload reads them.
func AMF3(v amf3.Value) Value {
	return Value{kind: KindAMF3, m: MarkerAVMPlus, kids: unsafe.Pointer(&v)}
}

// AMF3 returns the AMF3 value behind an AVM+ marker.
func (v Value) AMF3() (amf3.Value, bool) {
	if v.kind != KindAMF3 || v.kids == nil {
		return amf3.Value{}, false
	}
	return *(*amf3.Value)(v.kids), true
}

// FreshTables reports whether the AMF3 value started new reference
// tables: decoded with AMF3PerValue, or built with WithFreshTables.
func (v Value) FreshTables() bool { return v.kind == KindAMF3 && v.aux == 1 }

// WithFreshTables returns an AVM+ value whose AMF3 value is written with
// reference tables of its own rather than the payload's.
func (v Value) WithFreshTables() Value {
	if v.kind == KindAMF3 {
		v.aux = 1
	}
	return v
}
