package amf3

import (
	"strconv"
	"sync"
)

// An Encoder appends AMF3 values, keeping the three reference tables as
// it writes so that every reference it writes is checked: a string
// reference must name an entry holding the same text, an object or traits
// reference the very body or traits written at that index (a decoded value
// written back by one Encoder, in order, always does). The zero Encoder is
// ready; reused, it allocates nothing once its tables have grown.
//
// An Encoder is not safe for concurrent use.
type Encoder struct {
	strs   []string
	objs   []*node
	traits []*Traits
	depth  int
}

// Reset empties the tables: the next value starts a new payload.
func (e *Encoder) Reset() {
	clear(e.strs)
	clear(e.objs)
	clear(e.traits)
	e.strs, e.objs, e.traits = e.strs[:0], e.objs[:0], e.traits[:0]
}

// Append appends v as the next value of the current payload: its
// references are checked against what this Encoder wrote since Reset. On
// error it returns b unchanged, and the tables as they were.
func (e *Encoder) Append(b []byte, v Value) ([]byte, error) {
	ns, no, nt := len(e.strs), len(e.objs), len(e.traits)
	e.depth = 0
	out, err := e.value(b, &v)
	if err != nil {
		clear(e.strs[ns:])
		clear(e.objs[no:])
		clear(e.traits[nt:])
		e.strs, e.objs, e.traits = e.strs[:ns], e.objs[:no], e.traits[:nt]
		return b, err
	}
	return out, nil
}

var encoders = sync.Pool{New: func() any { return new(Encoder) }}

// AppendPayload appends vals as one payload: one set of tables for all.
func AppendPayload(b []byte, vals ...Value) ([]byte, error) {
	e := encoders.Get().(*Encoder)
	defer encoders.Put(e)
	e.Reset()
	orig := b
	for i := range vals {
		var err error
		if b, err = e.Append(b, vals[i]); err != nil {
			e.Reset()
			return orig, err
		}
	}
	e.Reset()
	return b, nil
}

// Append appends v alone, with fresh tables.
func (v Value) Append(b []byte) ([]byte, error) { return AppendPayload(b, v) }

// U29Len is the fewest bytes a U29 holding x takes (1-4); x above MaxU29
// has no U29.
func U29Len(x uint32) int {
	switch {
	case x < 1<<7:
		return 1
	case x < 1<<14:
		return 2
	case x < 1<<21:
		return 3
	}
	return MaxU29Bytes
}

// appendU29 writes x in n bytes (0: the fewest), with leading 0x80 bytes
// when n is more than x needs.
func appendU29(b []byte, x uint32, n uint8, field string) ([]byte, error) {
	if x > MaxU29 {
		return b, encErr(field, "a U29 of at most 0x1FFFFFFF, not 0x"+strconv.FormatUint(uint64(x), 16))
	}
	need := U29Len(x)
	switch {
	case n == 0:
		n = uint8(need)
	case int(n) < need || n > MaxU29Bytes:
		return b, encErr(field, "a U29 length of "+strconv.Itoa(need)+" to 4 bytes for 0x"+strconv.FormatUint(uint64(x), 16)+", not "+strconv.Itoa(int(n)))
	}
	if n == MaxU29Bytes {
		return append(b, byte(x>>22)|0x80, byte(x>>15)|0x80, byte(x>>8)|0x80, byte(x)), nil
	}
	for i := int(n) - 1; i > 0; i-- {
		b = append(b, byte(x>>(7*i))|0x80)
	}
	return append(b, byte(x)&0x7f), nil
}

func (e *Encoder) str(b []byte, s *Str, field string) ([]byte, error) {
	if s.IsRef() {
		i := s.RefIndex()
		if uint64(i) >= uint64(len(e.strs)) || e.strs[i] != s.S {
			return b, encErr(field, "a string reference to an entry holding "+strconv.Quote(s.S)+"; entry "+strconv.Itoa(int(i))+" is not")
		}
		return appendU29(b, s.hdr, s.hlen, field)
	}
	if uint64(len(s.S)) > MaxU29>>1 {
		return b, encErr(field, "at most 0x0FFFFFFF bytes")
	}
	b, err := appendU29(b, uint32(len(s.S))<<1|FlagInline, s.hlen, field)
	if err != nil {
		return b, err
	}
	if s.S != "" {
		e.strs = append(e.strs, s.S)
	}
	return append(b, s.S...), nil
}

func (e *Encoder) value(b []byte, v *Value) ([]byte, error) {
	if int(v.m) >= len(kindOf) || kindOf[v.m] != v.kind || v.kind == KindInvalid {
		return b, encErr("marker", "a valid Value (the zero Value and unknown markers have no encoding)")
	}
	b = append(b, byte(v.m))
	switch v.m {
	case MarkerUndefined, MarkerNull, MarkerFalse, MarkerTrue:
		return b, nil
	case MarkerInteger:
		i := int64(v.num)
		if i < MinInteger || i > MaxInteger {
			return b, encErr("integer", "an integer in -268435456..268435455 (larger ones go as doubles)")
		}
		return appendU29(b, uint32(i)&MaxU29, v.hlen, "integer")
	case MarkerDouble:
		return append8(b, v.num), nil
	case MarkerString:
		s := Str{S: v.s, hdr: v.hdr, hlen: v.hlen, ref: v.hdr&FlagInline == 0}
		return e.str(b, &s, "string")
	}
	if v.hdr&FlagInline == 0 {
		i := v.hdr >> 1
		switch {
		case uint64(i) >= uint64(len(e.objs)):
			return b, encErr("reference", "an object reference below "+strconv.Itoa(len(e.objs))+" (complex values written so far), not "+strconv.Itoa(int(i)))
		case v.nd == nil && e.objs[i].m != v.m:
			return b, encErr("reference", "a reference with the marker of entry "+strconv.Itoa(int(i))+", "+e.objs[i].m.String()+", not "+v.m.String())
		case v.nd != nil && e.objs[i] != v.nd:
			return b, encErr("reference", "an object reference to the value written as entry "+strconv.Itoa(int(i)))
		}
		return appendU29(b, v.hdr, v.hlen, "reference")
	}
	if v.nd == nil {
		return b, encErr(v.m.String(), "a complex value with a body (built by this package's functions)")
	}
	e.objs = append(e.objs, v.nd)
	e.depth++
	if e.depth > MaxDepthLimit {
		return b, encErr(v.m.String(), "at most "+strconv.Itoa(MaxDepthLimit)+" nested values (a built value that contains itself inline?)")
	}
	b, err := e.complex(b, v)
	e.depth--
	return b, err
}

func append8(b []byte, x uint64) []byte {
	return append(b, byte(x>>56), byte(x>>48), byte(x>>40), byte(x>>32), byte(x>>24), byte(x>>16), byte(x>>8), byte(x))
}

func (e *Encoder) complex(b []byte, v *Value) ([]byte, error) {
	nd := v.nd
	var err error
	switch v.m {
	case MarkerXMLDocument, MarkerXML, MarkerByteArray:
		if uint64(len(v.s)) > MaxU29>>1 {
			return b, encErr(v.m.String(), "at most 0x0FFFFFFF bytes")
		}
		if b, err = appendU29(b, uint32(len(v.s))<<1|FlagInline, v.hlen, v.m.String()); err != nil {
			return b, err
		}
		return append(b, v.s...), nil
	case MarkerDate:
		if b, err = appendU29(b, v.hdr, v.hlen, "date"); err != nil {
			return b, err
		}
		return append8(b, v.num), nil
	case MarkerArray:
		return e.array(b, v)
	case MarkerObject:
		return e.object(b, v)
	case MarkerVectorInt, MarkerVectorUint, MarkerVectorDouble:
		size := 4
		if v.m == MarkerVectorDouble {
			size = 8
		}
		if len(v.s)%size != 0 || uint64(len(v.s)/size) > MaxU29>>1 {
			return b, encErr(v.m.String(), "elements of "+strconv.Itoa(size)+" bytes, at most 0x0FFFFFFF of them")
		}
		if b, err = appendU29(b, uint32(len(v.s)/size)<<1|FlagInline, v.hlen, v.m.String()); err != nil {
			return b, err
		}
		return append(append(b, nd.flag), v.s...), nil
	}
	n := len(nd.elems)
	if v.m == MarkerDictionary {
		if n%2 != 0 {
			return b, encErr("Dictionary", "keys and values in pairs")
		}
		n /= 2
	}
	if uint64(n) > MaxU29>>1 {
		return b, encErr(v.m.String(), "at most 0x0FFFFFFF entries")
	}
	if b, err = appendU29(b, uint32(n)<<1|FlagInline, v.hlen, v.m.String()); err != nil {
		return b, err
	}
	b = append(b, nd.flag)
	if v.m == MarkerVectorObject {
		if b, err = e.str(b, &nd.name, "type name"); err != nil {
			return b, err
		}
	}
	return e.values(b, nd.elems)
}

func (e *Encoder) values(b []byte, vals []Value) ([]byte, error) {
	var err error
	for i := range vals {
		if b, err = e.value(b, &vals[i]); err != nil {
			return b, err
		}
	}
	return b, nil
}

// members writes (name, value) pairs and the empty name that ends them.
func (e *Encoder) members(b []byte, ms []Member, endLen uint8) ([]byte, error) {
	var err error
	for i := range ms {
		if ms[i].Key.S == "" && !ms[i].Key.IsRef() {
			return b, encErr("member name", "a non-empty name: the empty one ends the members")
		}
		if b, err = e.str(b, &ms[i].Key, "member name"); err != nil {
			return b, err
		}
		if b, err = e.value(b, &ms[i].Value); err != nil {
			return b, err
		}
	}
	return appendU29(b, FlagInline, endLen, "end of members")
}

func (e *Encoder) array(b []byte, v *Value) ([]byte, error) {
	nd := v.nd
	if uint64(len(nd.elems)) > MaxU29>>1 {
		return b, encErr("array", "at most 0x0FFFFFFF dense values")
	}
	b, err := appendU29(b, uint32(len(nd.elems))<<1|FlagInline, v.hlen, "array")
	if err != nil {
		return b, err
	}
	if b, err = e.members(b, nd.members, nd.endLen); err != nil {
		return b, err
	}
	return e.values(b, nd.elems)
}

func (e *Encoder) object(b []byte, v *Value) ([]byte, error) {
	nd := v.nd
	t := nd.traits
	if t == nil && v.hdr&FlagTraitsInline != 0 {
		return b, encErr("object", "an object with traits")
	}
	var err error
	switch {
	case v.hdr&FlagTraitsInline == 0:
		i := v.hdr >> 2
		if uint64(i) >= uint64(len(e.traits)) || t != nil && e.traits[i] != t {
			return b, encErr("traits reference", "a traits reference to the traits written as entry "+strconv.Itoa(int(i))+" (of "+strconv.Itoa(len(e.traits))+")")
		}
		t = e.traits[i]
		if b, err = appendU29(b, v.hdr, v.hlen, "object"); err != nil {
			return b, err
		}
	case t.Externalizable:
		if b, err = appendU29(b, v.hdr|FlagInline|FlagTraitsInline|FlagExternalizable, v.hlen, "object"); err != nil {
			return b, err
		}
		if b, err = e.str(b, &t.Class, "class name"); err != nil {
			return b, err
		}
		e.traits = append(e.traits, t)
	default:
		if uint64(len(t.Sealed)) > MaxU29>>SealedCountShift {
			return b, encErr("object", "at most 0x01FFFFFF sealed members")
		}
		h := uint32(len(t.Sealed))<<SealedCountShift | FlagInline | FlagTraitsInline
		if t.Dynamic {
			h |= FlagDynamic
		}
		if b, err = appendU29(b, h, v.hlen, "object"); err != nil {
			return b, err
		}
		if b, err = e.str(b, &t.Class, "class name"); err != nil {
			return b, err
		}
		e.traits = append(e.traits, t)
		for i := range t.Sealed {
			if b, err = e.str(b, &t.Sealed[i], "sealed name"); err != nil {
				return b, err
			}
		}
	}
	if t.Externalizable {
		if nd.opaque {
			return append(b, nd.text...), nil
		}
		if len(nd.elems) != 1 {
			return b, encErr("externalizable", "one inner value, or opaque bytes (ExternalBytes)")
		}
		return e.value(b, &nd.elems[0])
	}
	if len(nd.elems) != len(t.Sealed) {
		return b, encErr("sealed values", strconv.Itoa(len(t.Sealed))+" sealed values, one per sealed name, not "+strconv.Itoa(len(nd.elems)))
	}
	if b, err = e.values(b, nd.elems); err != nil {
		return b, err
	}
	if !t.Dynamic {
		if len(nd.members) != 0 {
			return b, encErr("dynamic members", "none: the traits are not dynamic")
		}
		return b, nil
	}
	return e.members(b, nd.members, nd.endLen)
}
