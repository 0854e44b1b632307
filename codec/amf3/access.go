package amf3

import (
	"math"
	"time"
)

// Kind reports what v holds.
func (v Value) Kind() Kind { return v.kind }

// Marker is v's marker byte.
func (v Value) Marker() Marker { return v.m }

// IsValid reports whether v holds a value (the zero Value does not).
func (v Value) IsValid() bool { return v.kind != KindInvalid }

// IsRef reports whether v was sent (or is to be written) as a reference:
// a string-table reference for a string, an object-table reference for a
// complex value. A reference reads as the value it names.
func (v Value) IsRef() bool {
	switch v.kind {
	case KindInvalid, KindUndefined, KindNull, KindBoolean, KindInteger, KindDouble:
		return false
	}
	return v.hdr&FlagInline == 0
}

// RefIndex is the table index a reference names.
func (v Value) RefIndex() uint32 { return v.hdr >> 1 }

// Index is the object-table index of a decoded complex value: its own for
// an inline one, its target's for a reference. Back-links in the text
// form use it.
func (v Value) Index() (uint32, bool) {
	if v.nd == nil || v.nd.index == 0 {
		return 0, false
	}
	return v.nd.index - 1, true
}

// HeaderLen is how many bytes the U29 after the marker took on the wire
// (1-4), or 0 for a built value or one without a U29.
func (v Value) HeaderLen() int { return int(v.hlen) }

// Header is the U29 after the marker as written: an integer's 29 bits, a
// string's or complex value's header with its flag bits.
func (v Value) Header() uint32 { return v.hdr }

// Bool is a boolean's value; ok is false for any other kind.
func (v Value) Bool() (b, ok bool) { return v.m == MarkerTrue, v.kind == KindBoolean }

// Int is an integer's value; ok is false for any other kind (a double
// holding an integral number included: see Float).
func (v Value) Int() (int32, bool) { return int32(int64(v.num)), v.kind == KindInteger }

// Float is a number's value, integer or double, or a date's milliseconds;
// ok is false for any other kind.
func (v Value) Float() (float64, bool) {
	switch v.kind {
	case KindInteger:
		return float64(int64(v.num)), true
	case KindDouble, KindDate:
		return math.Float64frombits(v.num), true
	}
	return 0, false
}

// Bits is a double's or date's IEEE 754 bits as sent.
func (v Value) Bits() (uint64, bool) { return v.num, v.kind == KindDouble || v.kind == KindDate }

// Str is the text of a string, XML or XMLDocument, or a ByteArray's
// bytes as a string (aliasing them); ok is false for any other kind.
func (v Value) Str() (string, bool) {
	switch v.kind {
	case KindString, KindXML, KindXMLDocument, KindByteArray:
		return v.s, true
	}
	return "", false
}

// Bytes is a ByteArray's bytes, a copy; ok is false for any other kind.
func (v Value) Bytes() ([]byte, bool) {
	if v.kind != KindByteArray {
		return nil, false
	}
	return []byte(v.s), true
}

// Time is a date as a time.Time in UTC, to the millisecond; ok is false
// for a NaN, infinite or out-of-range date.
func (v Value) Time() (time.Time, bool) {
	if v.kind != KindDate {
		return time.Time{}, false
	}
	ms := math.Float64frombits(v.num)
	if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// Members is an array's associative part or an object's dynamic members,
// in wire order, duplicates kept. The slice is shared: do not modify it.
func (v Value) Members() []Member {
	if v.nd == nil {
		return nil
	}
	return v.nd.members
}

// Elems is an array's dense part, an object's sealed values (in the order
// of its traits' Sealed names), a Vector.<Object>'s elements, or a
// Dictionary's keys and values alternating. The slice is shared.
func (v Value) Elems() []Value {
	if v.nd == nil || v.kind == KindObject && v.nd.traits != nil && v.nd.traits.Externalizable {
		return nil
	}
	return v.nd.elems
}

// Traits is an object's traits; shared with every object that refers to
// them.
func (v Value) Traits() *Traits {
	if v.nd == nil {
		return nil
	}
	return v.nd.traits
}

// TraitsRef reports whether an inline object's traits were sent as a
// reference to the traits table, and its index.
func (v Value) TraitsRef() (uint32, bool) {
	if v.kind != KindObject || v.IsRef() || v.hdr&FlagTraitsInline != 0 {
		return 0, false
	}
	return v.hdr >> 2, true
}

// Inner is the one value inside an externalizable object whose class is
// known to write one (ValueClasses).
func (v Value) Inner() (Value, bool) {
	if v.kind != KindObject || v.nd == nil || v.nd.traits == nil || !v.nd.traits.Externalizable || v.nd.opaque || len(v.nd.elems) != 1 {
		return Value{}, false
	}
	return v.nd.elems[0], true
}

// Opaque is the payload of an externalizable object of a class whose
// layout is unknown, kept as the bytes to the end of the input.
func (v Value) Opaque() ([]byte, bool) {
	if v.nd == nil || !v.nd.opaque {
		return nil, false
	}
	return []byte(v.nd.text), true
}

// Get returns the value of the member or sealed member named key: sealed
// first, then the last dynamic member or associative entry of that name
// (as ActionScript assignment would leave it). It returns the zero Value
// when there is none.
func (v Value) Get(key string) Value {
	if v.nd == nil {
		return Value{}
	}
	if t := v.nd.traits; t != nil && !t.Externalizable {
		for i := range t.Sealed {
			if t.Sealed[i].S == key && i < len(v.nd.elems) {
				return v.nd.elems[i]
			}
		}
	}
	ms := v.nd.members
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Key.S == key {
			return ms[i].Value
		}
	}
	return Value{}
}

// Flag is a vector's fixed-vector byte or a Dictionary's weak-keys byte
// as sent.
func (v Value) Flag() byte {
	if v.nd == nil {
		return 0
	}
	return v.nd.flag
}

// TypeName is a Vector.<Object>'s object type name.
func (v Value) TypeName() Str {
	if v.nd == nil {
		return Str{}
	}
	return v.nd.name
}

// EndLen is how many bytes the empty name that ended an array's
// associative part or an object's dynamic members took (0: the fewest).
func (v Value) EndLen() int {
	if v.nd == nil {
		return 0
	}
	return int(v.nd.endLen)
}

// Len is the element count of a vector, the dense count of an array, the
// entry count of a Dictionary, or the byte length of a string, XML or
// ByteArray.
func (v Value) Len() int {
	switch v.kind {
	case KindVectorInt, KindVectorUint:
		return len(v.s) / 4
	case KindVectorDouble:
		return len(v.s) / 8
	case KindString, KindXML, KindXMLDocument, KindByteArray:
		return len(v.s)
	case KindDictionary:
		return len(v.Elems()) / 2
	}
	return len(v.Elems())
}

// IntAt is element i of a Vector.<int>; UintAt of a Vector.<uint>;
// DoubleAt of a Vector.<Number>. They panic on an index out of range, like
// a slice.
func (v Value) IntAt(i int) int32 { return int32(get32(v.s, 4*i)) }

// UintAt is element i of a Vector.<uint>.
func (v Value) UintAt(i int) uint32 { return get32(v.s, 4*i) }

// DoubleAt is element i of a Vector.<Number>.
func (v Value) DoubleAt(i int) float64 {
	return math.Float64frombits(uint64(get32(v.s, 8*i))<<32 | uint64(get32(v.s, 8*i+4)))
}
