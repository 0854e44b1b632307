package amf3

import (
	"math"
	"strconv"
	"strings"
)

// Cycle is what ToGo gives for a reference to a value that contains it
// (legal in AMF3): the object-table index of that value. Expanding it
// would make a Go map that holds itself, which fmt and most comparison
// code never finish printing.
type Cycle uint32

// ToGo converts v to plain Go values for callers who do not care about the
// wire form. It is lossy on purpose:
//
//	undefined, null            nil
//	boolean                    bool
//	integer                    int32
//	double                     float64 (bits kept)
//	string, XML, XMLDocument   string
//	date                       time.Time in UTC, to the millisecond (nil
//	                           when out of range)
//	ByteArray                  []byte
//	array                      []any when it has no associative part,
//	                           else map[string]any with the dense values
//	                           under "0", "1", ...
//	object                     map[string]any, sealed then dynamic members
//	                           (the last of duplicates wins; the class name
//	                           is lost); an externalizable object with one
//	                           inner value gives that value's conversion,
//	                           an opaque one its bytes
//	Vector.<int|uint|Number>   []int32, []uint32, []float64
//	Vector.<Object>            []any
//	Dictionary                 map[any]any when every key is comparable
//	                           (string, number, bool, nil), else
//	                           [][2]any pairs
//	reference                  the conversion of its target, shared; a
//	                           reference to a value that contains it gives
//	                           Cycle
//
// Strings and bytes are copied: the result outlives the input.
func (v Value) ToGo() any {
	c := goConv{seen: map[*node]any{}, open: map[*node]bool{}}
	return c.conv(&v, 0)
}

type goConv struct {
	seen map[*node]any
	open map[*node]bool
}

func (c *goConv) conv(v *Value, depth int) any {
	switch v.kind {
	case KindBoolean:
		return v.m == MarkerTrue
	case KindInteger:
		return int32(int64(v.num))
	case KindDouble:
		return math.Float64frombits(v.num)
	case KindString, KindXML, KindXMLDocument:
		return strings.Clone(v.s)
	case KindByteArray:
		return []byte(v.s)
	case KindDate:
		if t, ok := v.Time(); ok {
			return t
		}
		return nil
	case KindVectorInt:
		out := make([]int32, v.Len())
		for i := range out {
			out[i] = v.IntAt(i)
		}
		return out
	case KindVectorUint:
		out := make([]uint32, v.Len())
		for i := range out {
			out[i] = v.UintAt(i)
		}
		return out
	case KindVectorDouble:
		out := make([]float64, v.Len())
		for i := range out {
			out[i] = v.DoubleAt(i)
		}
		return out
	case KindArray, KindObject, KindVectorObject, KindDictionary:
	default:
		return nil
	}
	nd := v.nd
	if nd == nil || depth >= MaxDepthLimit {
		return nil
	}
	if c.open[nd] {
		return Cycle(v.RefIndex()) // only a reference reaches an open value
	}
	if r, ok := c.seen[nd]; ok {
		return r
	}
	c.open[nd] = true
	r := c.complex(v, depth)
	delete(c.open, nd)
	c.seen[nd] = r
	return r
}

func (c *goConv) complex(v *Value, depth int) any {
	nd := v.nd
	switch v.kind {
	case KindVectorObject:
		out := make([]any, len(nd.elems))
		for i := range nd.elems {
			out[i] = c.conv(&nd.elems[i], depth+1)
		}
		return out
	case KindDictionary:
		return c.dictionary(nd, depth)
	case KindArray:
		if len(nd.members) == 0 {
			out := make([]any, len(nd.elems))
			for i := range nd.elems {
				out[i] = c.conv(&nd.elems[i], depth+1)
			}
			return out
		}
		out := make(map[string]any, len(nd.members)+len(nd.elems))
		for i := range nd.elems {
			out[strconv.Itoa(i)] = c.conv(&nd.elems[i], depth+1)
		}
		c.putMembers(out, nd.members, depth)
		return out
	}
	t := nd.traits
	if t != nil && t.Externalizable {
		if nd.opaque {
			return []byte(nd.text)
		}
		if len(nd.elems) == 1 {
			return c.conv(&nd.elems[0], depth+1)
		}
		return nil
	}
	out := make(map[string]any, len(nd.elems)+len(nd.members))
	if t != nil {
		for i := range t.Sealed {
			if i < len(nd.elems) {
				out[strings.Clone(t.Sealed[i].S)] = c.conv(&nd.elems[i], depth+1)
			}
		}
	}
	c.putMembers(out, nd.members, depth)
	return out
}

func (c *goConv) putMembers(out map[string]any, ms []Member, depth int) {
	for i := range ms {
		out[strings.Clone(ms[i].Key.S)] = c.conv(&ms[i].Value, depth+1)
	}
}

func (c *goConv) dictionary(nd *node, depth int) any {
	n := len(nd.elems) / 2
	comparable := true
	for i := 0; i < 2*n; i += 2 {
		switch nd.elems[i].kind {
		case KindUndefined, KindNull, KindBoolean, KindInteger, KindDouble, KindString, KindXML, KindXMLDocument:
		default:
			comparable = false
		}
	}
	if comparable {
		out := make(map[any]any, n)
		for i := 0; i < 2*n; i += 2 {
			out[c.conv(&nd.elems[i], depth+1)] = c.conv(&nd.elems[i+1], depth+1)
		}
		return out
	}
	out := make([][2]any, n)
	for i := range out {
		out[i] = [2]any{c.conv(&nd.elems[2*i], depth+1), c.conv(&nd.elems[2*i+1], depth+1)}
	}
	return out
}
