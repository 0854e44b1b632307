package amf0

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// ToGo converts v to plain Go values for callers who do not care about the
// wire form. It is lossy on purpose:
//
//	number                     float64 (bits kept, NaN included)
//	boolean                    bool (the byte is lost)
//	string, long string, XML   string (the marker is lost)
//	object, ECMA array,
//	typed object               map[string]any (order, duplicates (the last
//	                           wins), the ECMA count and the class name
//	                           are lost)
//	strict array               []any
//	date                       time.Time in UTC, to the millisecond; a NaN
//	                           or out-of-range date gives nil
//	null, undefined,
//	unsupported                nil
//	reference                  the Go value of its target, shared: every
//	                           reference to one object yields the same map;
//	                           nil for a built reference, which has no
//	                           target
//
// Strings are copied, so the result stays valid after the decoder's input
// and the decoder are reused. ToGo returns nil for a built value that
// contains itself, and for one nested deeper than MaxDepthLimit counting
// the nesting of reference targets (only a pathological chain of
// references gets there; the cap keeps the conversion off the stack's
// limit).
func (v Value) ToGo() any {
	var c goConv
	r := c.conv(&v, 0)
	if c.tooDeep {
		return nil
	}
	return r
}

// goConv remembers converted complex values by the address of their
// properties or elements, which a container, its copy in the reference
// table and every reference to it share. Converting each once keeps ToGo
// linear on a payload whose references fan out (a chain of objects each
// referring twice to the previous one would otherwise double per level).
type goConv struct {
	seen    map[unsafe.Pointer]goSeen
	tooDeep bool // or cyclic: either way the result is nil
}

type goSeen struct {
	v    any
	done bool // false while the value's own children are converted
}

func (c *goConv) conv(v *Value, depth int) any {
	if c.tooDeep {
		return nil
	}
	switch v.kind {
	case KindNumber:
		return math.Float64frombits(v.num)
	case KindBoolean:
		return v.b != 0
	case KindString, KindXMLDocument:
		return strings.Clone(v.s)
	case KindDate:
		if t, ok := v.Date(); ok {
			return t
		}
		return nil
	case KindReference:
		if v.kids == nil {
			return nil
		}
		return c.conv((*Value)(v.kids), depth)
	case KindAMF3:
		inner, _ := v.AMF3()
		return inner.ToGo()
	case KindObject, KindECMAArray, KindTypedObject, KindStrictArray:
	default:
		return nil
	}
	if depth >= MaxDepthLimit {
		c.tooDeep = true
		return nil
	}
	if v.n > 0 {
		if r, ok := c.seen[v.kids]; ok {
			if !r.done {
				// A built value that contains itself: a Go map
				// holding itself would send fmt and go-cmp into
				// endless recursion, so give up instead.
				c.tooDeep = true
				return nil
			}
			return r.v
		}
		if c.seen == nil {
			c.seen = make(map[unsafe.Pointer]goSeen)
		}
		c.seen[v.kids] = goSeen{}
	}
	var out any
	if v.kind == KindStrictArray {
		elems := v.Elems()
		s := make([]any, len(elems))
		for i := range elems {
			s[i] = c.conv(&elems[i], depth+1)
		}
		out = s
	} else {
		props := v.Props()
		m := make(map[string]any, len(props))
		for i := range props {
			m[strings.Clone(props[i].Key)] = c.conv(&props[i].Value, depth+1)
		}
		out = m
	}
	if v.n > 0 {
		c.seen[v.kids] = goSeen{v: out, done: true}
	}
	return out
}

// String renders v for people: JSON-like, with the wire choices a reader
// debugging a peer wants to see (long strings, ECMA counts, class names,
// boolean bytes other than 0 and 1, date time zones, reference indexes).
// The format is not stable and not meant to be parsed.
func (v Value) String() string {
	var b []byte
	var tooDeep bool
	b = appendText(b, &v, 0, &tooDeep)
	if tooDeep {
		return "<nested deeper than MaxDepthLimit>"
	}
	return string(b)
}

func appendText(b []byte, v *Value, depth int, tooDeep *bool) []byte {
	if *tooDeep {
		return b
	}
	if depth >= MaxDepthLimit {
		*tooDeep = true
		return b
	}
	switch v.kind {
	case KindNumber:
		return strconv.AppendFloat(b, math.Float64frombits(v.num), 'g', -1, 64)
	case KindBoolean:
		switch v.b {
		case 0:
			return append(b, "false"...)
		case 1:
			return append(b, "true"...)
		}
		return append(strconv.AppendUint(append(b, "true(0x"...), uint64(v.b), 16), ')')
	case KindString:
		if v.m == MarkerLongString {
			b = append(b, "long "...)
		}
		return strconv.AppendQuote(b, v.s)
	case KindXMLDocument:
		return strconv.AppendQuote(append(b, "xml "...), v.s)
	case KindNull:
		return append(b, "null"...)
	case KindUndefined:
		return append(b, "undefined"...)
	case KindUnsupported:
		return append(b, "unsupported"...)
	case KindDate:
		b = append(b, "date("...)
		if t, ok := v.Date(); ok {
			b = t.AppendFormat(b, time.RFC3339Nano)
		} else {
			b = strconv.AppendFloat(b, math.Float64frombits(v.num), 'g', -1, 64)
		}
		if v.tz != 0 {
			b = strconv.AppendInt(append(b, " tz="...), int64(v.tz), 10)
		}
		return append(b, ')')
	case KindReference:
		return append(strconv.AppendUint(append(b, "ref("...), uint64(v.aux), 10), ')')
	case KindAMF3:
		inner, _ := v.AMF3()
		return append(b, ("AMF3 " + inner.String())...)
	case KindStrictArray:
		b = append(b, '[')
		for i, e := range v.Elems() {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendText(b, &e, depth+1, tooDeep)
		}
		return append(b, ']')
	case KindObject, KindECMAArray, KindTypedObject:
		switch v.kind {
		case KindECMAArray:
			b = append(strconv.AppendUint(append(b, "ecma("...), uint64(v.aux), 10), ")"...)
		case KindTypedObject:
			b = append(strconv.AppendQuote(b, v.s), ' ')
		}
		b = append(b, '{')
		for i, p := range v.Props() {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = strconv.AppendQuote(b, p.Key)
			b = append(b, ": "...)
			b = appendText(b, &p.Value, depth+1, tooDeep)
		}
		return append(b, '}')
	}
	return append(b, "invalid"...)
}
