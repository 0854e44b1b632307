package amf3

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// String renders v for people, JSON-like, with the wire choices a reader
// debugging a peer wants to see. Each inline complex value is labelled
// with its object-table index (#n) and a reference prints as a back-link
// (ref #n) and is never expanded, so a cyclic value prints in finite
// space; string references print as @n after the text, traits references
// as traits #n, U29s written longer than needed with their length. Text
// from the input is quoted with Go escapes, so no byte of it reaches a
// terminal raw. The format is not stable and not meant to be parsed.
func (v Value) String() string {
	p := printer{}
	p.value(&v, 0)
	return string(p.b)
}

type printer struct {
	b    []byte
	next uint32 // the index the next inline complex value of a built value takes
}

func (p *printer) long(x uint32, n uint8) {
	if n != 0 && int(n) > U29Len(x) {
		p.b = append(p.b, " (U29 in "...)
		p.b = strconv.AppendInt(p.b, int64(n), 10)
		p.b = append(p.b, " bytes)"...)
	}
}

func (p *printer) str(s Str) {
	p.b = strconv.AppendQuote(p.b, s.S)
	if s.IsRef() {
		p.b = append(p.b, '@')
		p.b = strconv.AppendUint(p.b, uint64(s.RefIndex()), 10)
	}
	if s.IsRef() {
		p.long(s.hdr, s.hlen)
	} else {
		p.long(uint32(len(s.S))<<1|FlagInline, s.hlen)
	}
}

func (p *printer) value(v *Value, depth int) {
	if depth > MaxDepthLimit {
		p.b = append(p.b, "…"...)
		return
	}
	switch v.kind {
	case KindInvalid:
		p.b = append(p.b, "<invalid>"...)
		return
	case KindUndefined, KindNull:
		p.b = append(p.b, v.kind.String()...)
		return
	case KindBoolean:
		p.b = strconv.AppendBool(p.b, v.m == MarkerTrue)
		return
	case KindInteger:
		p.b = strconv.AppendInt(p.b, int64(int32(int64(v.num))), 10)
		p.long(v.hdr, v.hlen)
		return
	case KindDouble:
		f := math.Float64frombits(v.num)
		start := len(p.b)
		p.b = strconv.AppendFloat(p.b, f, 'g', -1, 64)
		if !strings.ContainsAny(string(p.b[start:]), ".eIN") {
			p.b = append(p.b, ".0"...) // tells a double from an integer
		}
		return
	case KindString:
		p.str(Str{S: v.s, hdr: v.hdr, hlen: v.hlen, ref: v.hdr&FlagInline == 0})
		return
	}
	if v.IsRef() {
		p.b = append(p.b, "ref #"...)
		p.b = strconv.AppendUint(p.b, uint64(v.RefIndex()), 10)
		p.long(v.hdr, v.hlen)
		return
	}
	p.b = append(p.b, '#')
	idx := p.next
	if i, ok := v.Index(); ok {
		idx = i
	}
	p.next = idx + 1
	p.b = strconv.AppendUint(p.b, uint64(idx), 10)
	p.b = append(p.b, ' ')
	p.complex(v, depth)
}

func (p *printer) complex(v *Value, depth int) {
	nd := v.nd
	switch v.kind {
	case KindXML, KindXMLDocument:
		p.b = append(p.b, v.kind.String()...)
		p.b = append(p.b, '(')
		p.b = strconv.AppendQuote(p.b, v.s)
		p.b = append(p.b, ')')
	case KindByteArray:
		p.bytes("ByteArray", v.s)
	case KindDate:
		p.b = append(p.b, "Date("...)
		if t, ok := v.Time(); ok {
			p.b = t.AppendFormat(p.b, "2006-01-02T15:04:05.000Z")
		} else {
			p.b = strconv.AppendFloat(p.b, math.Float64frombits(v.num), 'g', -1, 64)
		}
		p.b = append(p.b, ')')
		if v.hdr>>1 != 0 {
			p.b = append(p.b, " header 0x"...)
			p.b = strconv.AppendUint(p.b, uint64(v.hdr), 16)
		}
	case KindVectorInt, KindVectorUint, KindVectorDouble:
		p.b = append(p.b, v.kind.String()...)
		p.b = append(p.b, '[')
		for i := range v.Len() {
			if i > 0 {
				p.b = append(p.b, ", "...)
			}
			switch v.kind {
			case KindVectorInt:
				p.b = strconv.AppendInt(p.b, int64(v.IntAt(i)), 10)
			case KindVectorUint:
				p.b = strconv.AppendUint(p.b, uint64(v.UintAt(i)), 10)
			default:
				p.b = strconv.AppendFloat(p.b, v.DoubleAt(i), 'g', -1, 64)
			}
		}
		p.b = append(p.b, ']')
		p.flag("fixed", nd.flag)
	case KindVectorObject:
		p.b = append(p.b, "Vector.<"...)
		p.str(nd.name)
		p.b = append(p.b, ">["...)
		p.list(nd.elems, depth)
		p.b = append(p.b, ']')
		p.flag("fixed", nd.flag)
	case KindDictionary:
		p.b = append(p.b, "Dictionary{"...)
		for i := 0; i+1 < len(nd.elems); i += 2 {
			if i > 0 {
				p.b = append(p.b, ", "...)
			}
			p.value(&nd.elems[i], depth+1)
			p.b = append(p.b, " => "...)
			p.value(&nd.elems[i+1], depth+1)
		}
		p.b = append(p.b, '}')
		p.flag("weak", nd.flag)
	case KindArray:
		p.b = append(p.b, '[')
		p.members(nd.members, depth)
		if len(nd.members) > 0 || nd.endLen > 1 {
			p.b = append(p.b, ';')
			p.long(FlagInline, nd.endLen)
			if len(nd.elems) > 0 {
				p.b = append(p.b, ' ')
			}
		}
		p.list(nd.elems, depth)
		p.b = append(p.b, ']')
	case KindObject:
		p.object(v, depth)
	}
	p.long(v.hdr, v.hlen)
}

func (p *printer) object(v *Value, depth int) {
	nd := v.nd
	t := nd.traits
	if t == nil {
		p.b = append(p.b, "object{}"...)
		return
	}
	if t.Class.S != "" || t.Class.IsRef() {
		p.str(t.Class)
	}
	if i, ok := v.TraitsRef(); ok {
		p.b = append(p.b, "(traits #"...)
		p.b = strconv.AppendUint(p.b, uint64(i), 10)
		p.b = append(p.b, ')')
	}
	if t.Externalizable {
		p.b = append(p.b, "(externalizable"...)
		if v.hdr != FlagInline|FlagTraitsInline|FlagExternalizable {
			p.b = append(p.b, ", header 0x"...)
			p.b = strconv.AppendUint(p.b, uint64(v.hdr), 16)
		}
		p.b = append(p.b, ") "...)
		if nd.opaque {
			p.bytes("opaque", nd.text)
		} else if len(nd.elems) == 1 {
			p.value(&nd.elems[0], depth+1)
		}
		return
	}
	p.b = append(p.b, '{')
	for i := range t.Sealed {
		if i > 0 {
			p.b = append(p.b, ", "...)
		}
		p.str(t.Sealed[i])
		p.b = append(p.b, ": "...)
		if i < len(nd.elems) {
			p.value(&nd.elems[i], depth+1)
		}
	}
	if t.Dynamic {
		if len(t.Sealed) > 0 {
			p.b = append(p.b, "; "...)
		}
		p.members(nd.members, depth)
		p.long(FlagInline, nd.endLen)
	}
	p.b = append(p.b, '}')
}

func (p *printer) members(ms []Member, depth int) {
	for i := range ms {
		if i > 0 {
			p.b = append(p.b, ", "...)
		}
		p.str(ms[i].Key)
		p.b = append(p.b, ": "...)
		p.value(&ms[i].Value, depth+1)
	}
}

func (p *printer) list(vals []Value, depth int) {
	for i := range vals {
		if i > 0 {
			p.b = append(p.b, ", "...)
		}
		p.value(&vals[i], depth+1)
	}
}

func (p *printer) flag(name string, b byte) {
	if b == 0 {
		return
	}
	p.b = append(p.b, ' ')
	p.b = append(p.b, name...)
	if b != 1 {
		p.b = append(p.b, "=0x"...)
		p.b = strconv.AppendUint(p.b, uint64(b), 16)
	}
}

// maxShownBytes is how much of a ByteArray or opaque payload the text
// shows, in hex.
const maxShownBytes = 32

func (p *printer) bytes(name, s string) {
	p.b = append(p.b, name...)
	p.b = append(p.b, '(')
	p.b = strconv.AppendInt(p.b, int64(len(s)), 10)
	p.b = append(p.b, " bytes"...)
	if len(s) > 0 {
		p.b = append(p.b, ": "...)
		p.b = hex.AppendEncode(p.b, []byte(s[:min(len(s), maxShownBytes)]))
		if len(s) > maxShownBytes {
			p.b = append(p.b, "…"...)
		}
	}
	p.b = append(p.b, ')')
}
