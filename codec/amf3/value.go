package amf3

import (
	"math"
	"strconv"
	"time"
)

// Kind is what a Value holds. It follows the marker one to one, but for
// the booleans (false and true are two markers of one kind).
type Kind uint8

// The kinds of Value. KindInvalid is the zero Value's kind: what Get
// returns for a missing member, and what no encoder accepts.
const (
	KindInvalid Kind = iota
	KindUndefined
	KindNull
	KindBoolean
	KindInteger
	KindDouble
	KindString
	KindXMLDocument
	KindDate
	KindArray
	KindObject
	KindXML
	KindByteArray
	KindVectorInt
	KindVectorUint
	KindVectorDouble
	KindVectorObject
	KindDictionary
)

// kindOf maps a marker to its kind; markers past the table have none.
var kindOf = [...]Kind{
	MarkerUndefined:    KindUndefined,
	MarkerNull:         KindNull,
	MarkerFalse:        KindBoolean,
	MarkerTrue:         KindBoolean,
	MarkerInteger:      KindInteger,
	MarkerDouble:       KindDouble,
	MarkerString:       KindString,
	MarkerXMLDocument:  KindXMLDocument,
	MarkerDate:         KindDate,
	MarkerArray:        KindArray,
	MarkerObject:       KindObject,
	MarkerXML:          KindXML,
	MarkerByteArray:    KindByteArray,
	MarkerVectorInt:    KindVectorInt,
	MarkerVectorUint:   KindVectorUint,
	MarkerVectorDouble: KindVectorDouble,
	MarkerVectorObject: KindVectorObject,
	MarkerDictionary:   KindDictionary,
}

var kindNames = [...]string{
	KindInvalid:      "invalid",
	KindUndefined:    "undefined",
	KindNull:         "null",
	KindBoolean:      "boolean",
	KindInteger:      "integer",
	KindDouble:       "double",
	KindString:       "string",
	KindXMLDocument:  "XMLDocument",
	KindDate:         "date",
	KindArray:        "array",
	KindObject:       "object",
	KindXML:          "XML",
	KindByteArray:    "ByteArray",
	KindVectorInt:    "Vector.<int>",
	KindVectorUint:   "Vector.<uint>",
	KindVectorDouble: "Vector.<Number>",
	KindVectorObject: "Vector.<Object>",
	KindDictionary:   "Dictionary",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one AMF3 value, decoded or built. It is small and meant to be
// passed by value; the zero Value is invalid (KindInvalid).
//
// A decoded Value keeps every wire choice needed to write it back byte for
// byte: how many bytes each U29 took, whether a string or complex value
// was sent inline or as a reference and with which index, the header bits
// the specification calls insignificant, double bit patterns, the
// fixed-vector and weak-keys bytes, member order and duplicates. A
// reference reads as the value it refers to (Str, Members, Elems, ...)
// and still writes back as the reference.
//
// Decoded values alias the input and the Decoder's storage; see Decoder.
type Value struct {
	s    string // string, XML, XMLDocument text; ByteArray bytes; Vector.<int|uint|Number> elements as sent
	nd   *node  // a complex value's body; for a reference, the body it refers to
	num  uint64 // double and date bits; integer as int64
	hdr  uint32 // the U29 after the marker as written (integer: its 29 bits)
	hlen uint8  // bytes the U29 took; 0 in a built value: the fewest
	kind Kind
	m    Marker
}

// node is the body of a complex value: what the object reference table
// holds, shared by the inline value and every reference to it.
type node struct {
	members []Member // array associative part; object dynamic members
	elems   []Value  // array dense part; object sealed values; Vector.<Object> elements; Dictionary keys and values alternating; an externalizable object's one inner value
	traits  *Traits  // object
	text    string   // an externalizable object's payload kept as bytes
	name    Str      // Vector.<Object> object type name
	flag    byte     // fixed-vector or weak-keys byte
	num     uint64   // a date's bits
	m       Marker
	endLen  uint8  // bytes of the U29 of the empty name that ended the members, 0 for the fewest
	opaque  bool   // text holds an externalizable payload as bytes
	index   uint32 // position in the object table plus one (decoded values; 0 in built ones)
}

// Str is a string inside a complex value: a member or key name, a class
// name, a Vector.<Object> type name. Like a string value, it was sent
// inline or as a reference into the string table.
//
// The zero Str is the empty name written inline, as an anonymous class's.
type Str struct {
	S    string
	hdr  uint32 // the U29 as written; a reference's index << 1
	hlen uint8
	ref  bool
}

// Name builds an inline Str.
func Name(s string) Str { return Str{S: s, hdr: FlagInline} }

// NameRef builds a Str written as a reference to string-table entry
// index, which the encoder checks holds s.
func NameRef(s string, index uint32) Str { return Str{S: s, hdr: index << 1, ref: true} }

// IsRef reports whether s was sent (or is to be written) as a reference.
func (s Str) IsRef() bool { return s.ref }

// RefIndex is the string-table index a reference names.
func (s Str) RefIndex() uint32 { return s.hdr >> 1 }

// HeaderLen is how many bytes the U29 header took on the wire, 1 to 4, or
// 0 for a built Str, which is written in the fewest.
func (s Str) HeaderLen() int { return int(s.hlen) }

// WithHeaderLen returns s to be written with an n-byte U29 header (1-4; 0
// is the fewest bytes). The encoder refuses a length too short for the
// value.
func (s Str) WithHeaderLen(n int) Str { s.hlen = uint8(n); return s }

// Member is one named value: an array's associative entry or an object's
// dynamic member.
type Member struct {
	Key   Str
	Value Value
}

// Traits describe an object's class: its name, its sealed members and
// whether it is dynamic or externalizable. Objects that share traits by
// reference point at the same Traits.
type Traits struct {
	Class          Str   // "" for an anonymous object
	Sealed         []Str // sealed member names, in wire order
	Dynamic        bool
	Externalizable bool
	index          uint32
}

// The builders. Each returns a Value written in the fewest bytes; use
// WithHeaderLen and the *Ref builders to build other wire forms.

// Undefined builds an undefined (marker 0x00).
func Undefined() Value { return Value{kind: KindUndefined, m: MarkerUndefined} }

// Null builds a null (marker 0x01).
func Null() Value { return Value{kind: KindNull, m: MarkerNull} }

// Bool builds false (0x02) or true (0x03).
func Bool(b bool) Value {
	if b {
		return Value{kind: KindBoolean, m: MarkerTrue}
	}
	return Value{kind: KindBoolean, m: MarkerFalse}
}

// Integer builds an integer (marker 0x04). The encoder refuses i outside
// MinInteger..MaxInteger; Number picks the marker for any number.
func Integer(i int32) Value {
	return Value{kind: KindInteger, m: MarkerInteger, num: uint64(int64(i))}
}

// Double builds a double (marker 0x05), its bits kept as they are.
func Double(f float64) Value {
	return Value{kind: KindDouble, m: MarkerDouble, num: math.Float64bits(f)}
}

// Number builds an integer when f is integral and in the integer range,
// as Flash Player writes numbers, and a double otherwise (-0 included).
func Number(f float64) Value {
	if f >= MinInteger && f <= MaxInteger && f == math.Trunc(f) && !(f == 0 && math.Signbit(f)) {
		return Integer(int32(f))
	}
	return Double(f)
}

// String builds an inline string (marker 0x06). The Value shares s.
func String(s string) Value { return Value{kind: KindString, m: MarkerString, s: s, hdr: FlagInline} }

// StringRef builds a string written as a reference to string-table entry
// index, which the encoder checks holds s.
func StringRef(s string, index uint32) Value {
	return Value{kind: KindString, m: MarkerString, s: s, hdr: index << 1}
}

// XMLDocument builds a legacy XML document (marker 0x07).
func XMLDocument(s string) Value {
	return Value{kind: KindXMLDocument, m: MarkerXMLDocument, s: s, hdr: FlagInline, nd: &node{m: MarkerXMLDocument, text: s}}
}

// XML builds an E4X XML value (marker 0x0B).
func XML(s string) Value {
	return Value{kind: KindXML, m: MarkerXML, s: s, hdr: FlagInline, nd: &node{m: MarkerXML, text: s}}
}

// ByteArray builds a ByteArray (marker 0x0C) holding b, shared.
func ByteArray(b []byte) Value {
	s := string(b)
	return Value{kind: KindByteArray, m: MarkerByteArray, s: s, hdr: FlagInline, nd: &node{m: MarkerByteArray, text: s}}
}

// Date builds a date (marker 0x08) of milliseconds since the Unix epoch.
func Date(ms float64) Value {
	bits := math.Float64bits(ms)
	return Value{kind: KindDate, m: MarkerDate, num: bits, hdr: FlagInline, nd: &node{m: MarkerDate, num: bits}}
}

// Time builds a date from t, to the millisecond.
func Time(t time.Time) Value { return Date(float64(t.UnixMilli())) }

// Array builds an array (marker 0x09) with an associative part (may be
// nil) and dense values. The Value keeps both slices.
func Array(assoc []Member, dense ...Value) Value {
	return Value{kind: KindArray, m: MarkerArray, hdr: FlagInline, nd: &node{m: MarkerArray, members: assoc, elems: dense}}
}

// Object builds an object (marker 0x0A) with inline traits t, sealed
// values in the order of t.Sealed, and dynamic members (t.Dynamic must be
// set for any).
func Object(t *Traits, sealed []Value, dynamic ...Member) Value {
	return Value{kind: KindObject, m: MarkerObject, hdr: FlagInline | FlagTraitsInline, nd: &node{m: MarkerObject, traits: t, elems: sealed, members: dynamic}}
}

// Anonymous builds a dynamic anonymous object: the usual ActionScript
// object literal.
func Anonymous(members ...Member) Value {
	return Object(&Traits{Dynamic: true}, nil, members...)
}

// ObjectTraitsRef builds an object whose traits are written as a reference
// to traits-table entry index; t must be the traits that entry holds, or
// nil to take whatever traits the encoder wrote there.
func ObjectTraitsRef(t *Traits, index uint32, sealed []Value, dynamic ...Member) Value {
	v := Object(t, sealed, dynamic...)
	v.hdr = index<<2 | FlagInline
	return v
}

// External builds an externalizable object of a class whose payload is one
// AMF3 value (see ValueClasses), such as flex.messaging.io.ArrayCollection.
func External(class string, inner Value) Value { return ExternalNamed(Name(class), inner) }

// ExternalNamed is External with the class name as a Str, which may be a
// reference or have a longer header.
func ExternalNamed(class Str, inner Value) Value {
	t := &Traits{Class: class, Externalizable: true}
	return Value{kind: KindObject, m: MarkerObject, hdr: FlagInline | FlagTraitsInline | FlagExternalizable, nd: &node{m: MarkerObject, traits: t, elems: []Value{inner}}}
}

// ExternalBytes builds an externalizable object whose payload is the
// opaque bytes p, written as they are. On the wire nothing says where such
// a payload ends, so a decoder that does not know the class reads it to
// the end of its input: it must be the last value.
func ExternalBytes(class string, p []byte) Value { return ExternalBytesNamed(Name(class), p) }

// ExternalBytesNamed is ExternalBytes with the class name as a Str.
func ExternalBytesNamed(class Str, p []byte) Value {
	t := &Traits{Class: class, Externalizable: true}
	return Value{kind: KindObject, m: MarkerObject, hdr: FlagInline | FlagTraitsInline | FlagExternalizable, nd: &node{m: MarkerObject, traits: t, text: string(p), opaque: true}}
}

// WithOpaque returns an object written with the opaque externalizable
// payload p: for an object whose traits are a reference (ObjectTraitsRef
// with nil traits) to externalizable traits of an unknown class.
func (v Value) WithOpaque(p []byte) Value {
	if v.nd != nil {
		nd := *v.nd
		nd.text, nd.opaque, nd.elems = string(p), true, nil
		v.nd = &nd
	}
	return v
}

// WithEndLen returns an array or dynamic object whose empty name ending
// its members is written in n bytes (1-4; 0 is the fewest).
func (v Value) WithEndLen(n int) Value {
	if v.nd != nil {
		nd := *v.nd
		nd.endLen = uint8(n)
		v.nd = &nd
	}
	return v
}

// VectorInt builds a Vector.<int> (marker 0x0D).
func VectorInt(fixed bool, elems ...int32) Value {
	b := make([]byte, 4*len(elems))
	for i, e := range elems {
		put32(b[4*i:], uint32(e))
	}
	return vector(KindVectorInt, MarkerVectorInt, fixed, string(b))
}

// VectorUint builds a Vector.<uint> (marker 0x0E).
func VectorUint(fixed bool, elems ...uint32) Value {
	b := make([]byte, 4*len(elems))
	for i, e := range elems {
		put32(b[4*i:], e)
	}
	return vector(KindVectorUint, MarkerVectorUint, fixed, string(b))
}

// VectorDouble builds a Vector.<Number> (marker 0x0F).
func VectorDouble(fixed bool, elems ...float64) Value {
	b := make([]byte, 8*len(elems))
	for i, e := range elems {
		x := math.Float64bits(e)
		put32(b[8*i:], uint32(x>>32))
		put32(b[8*i+4:], uint32(x))
	}
	return vector(KindVectorDouble, MarkerVectorDouble, fixed, string(b))
}

func vector(k Kind, m Marker, fixed bool, raw string) Value {
	v := Value{kind: k, m: m, s: raw, hdr: FlagInline, nd: &node{m: m, text: raw}}
	if fixed {
		v.nd.flag = 1
	}
	return v
}

// VectorObject builds a Vector.<Object> (marker 0x10) of values of the
// class typeName ("*", AnyTypeName, for any).
func VectorObject(fixed bool, typeName string, elems ...Value) Value {
	v := VectorObjectNamed(Name(typeName), elems...)
	if fixed {
		v.nd.flag = 1
	}
	return v
}

// VectorObjectNamed builds a Vector.<Object> whose type name is a Str
// (which may be a reference); its fixed byte is 0 (see WithFlag).
func VectorObjectNamed(typeName Str, elems ...Value) Value {
	v := vector(KindVectorObject, MarkerVectorObject, false, "")
	v.nd.name = typeName
	v.nd.elems = elems
	return v
}

// Dictionary builds a Dictionary (marker 0x11) from alternating keys and
// values: kv[0] is the first key, kv[1] its value.
func Dictionary(weakKeys bool, kv ...Value) Value {
	v := vector(KindDictionary, MarkerDictionary, weakKeys, "")
	v.nd.elems = kv
	return v
}

// Ref builds a reference to object-table entry index, which must hold
// target (a complex value written earlier in the same table scope).
func Ref(target Value, index uint32) Value {
	target.hdr = index << 1
	target.hlen = 0
	return target
}

// RefTo builds a reference with marker m (a complex marker, 0x07-0x11)
// to object-table entry index, by number alone: the encoder checks that
// the entry exists and has marker m. It reads as nothing (no members, ToGo
// nil); documents that only know indices, such as the CLI's JSON, use it.
func RefTo(m Marker, index uint32) Value {
	k := KindInvalid
	if int(m) < len(kindOf) && m.Complex() {
		k = kindOf[m]
	}
	return Value{kind: k, m: m, hdr: index << 1}
}

// WithHeaderLen returns v to be written with an n-byte U29 after its
// marker (1-4; 0 is the fewest bytes): AMF3 allows leading 0x80 bytes.
// The encoder refuses a length too short for the value. Values without a
// U29 (undefined, null, booleans, doubles) ignore it.
func (v Value) WithHeaderLen(n int) Value { v.hlen = uint8(n); return v }

// WithFlag returns v with its fixed-vector or weak-keys byte set to b as
// it is to be written (the specification names 0 and 1; other bytes occur).
func (v Value) WithFlag(b byte) Value {
	if v.nd != nil {
		nd := *v.nd
		nd.flag = b
		v.nd = &nd
	}
	return v
}

// WithHeader returns a date or externalizable object whose U29 header is
// to be written as h: the bits the specification calls not significant
// (a date's U29 >> 1, an externalizable traits header's U29 >> 4) are kept
// by decoding and set here. Only those bits are taken from h.
func (v Value) WithHeader(h uint32) Value {
	switch {
	case v.kind == KindDate && v.hdr&FlagInline != 0:
		v.hdr = h | FlagInline
	case v.kind == KindObject && v.hdr&(FlagInline|FlagTraitsInline|FlagExternalizable) == FlagInline|FlagTraitsInline|FlagExternalizable:
		v.hdr = h | FlagInline | FlagTraitsInline | FlagExternalizable
	}
	return v
}

func put32(b []byte, x uint32) {
	b[0], b[1], b[2], b[3] = byte(x>>24), byte(x>>16), byte(x>>8), byte(x)
}

func get32(s string, i int) uint32 {
	return uint32(s[i])<<24 | uint32(s[i+1])<<16 | uint32(s[i+2])<<8 | uint32(s[i+3])
}
