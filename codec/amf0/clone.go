package amf0

import (
	"strconv"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Clone returns a deep copy of v that shares no memory with the input it
// was decoded from or with a Decoder's arenas: it stays valid after the
// Decoder decodes again and after the input is reused, as when a server
// keeps a stream name or metadata past the next read. Every wire choice
// is kept, so the copy encodes to the same bytes. It allocates at most
// three times whatever the size of the tree: once for the text of every
// string, once for every property, once for every element and resolved
// reference (AMF3 values allocate per body and string, see amf3.Value.Clone).
// A value nested deeper than MaxDepthLimit (only a cyclic built
// value is) is an ErrLimit error.
func (v Value) Clone() (Value, error) {
	out, err := CloneAll([]Value{v})
	if err != nil {
		return Value{}, err
	}
	return out[0], nil
}

// CloneAll clones vals as Clone does, sharing the allocations among them
// (plus one for the returned slice): a command's values in one call.
func CloneAll(vals []Value) ([]Value, error) {
	var sz cloneSize
	for i := range vals {
		if err := sz.measure(&vals[i], 0); err != nil {
			return nil, err
		}
	}
	c := cloner{
		text:  make([]byte, 0, sz.text),
		props: make([]Property, 0, sz.props),
		vals:  make([]Value, 0, sz.vals+len(vals)),
	}
	top := c.vals[:len(vals)]
	c.vals = c.vals[len(vals):len(vals)]
	for i := range vals {
		top[i] = c.value(vals[i])
	}
	return top, nil
}

// cloneSize is what a tree needs: string bytes, properties, values.
type cloneSize struct{ text, props, vals int }

func (s *cloneSize) measure(v *Value, depth int) error {
	if depth >= MaxDepthLimit {
		return &wire.Error{Layer: "amf0", Field: "Value", Offset: 0,
			Expected: "at most " + strconv.Itoa(MaxDepthLimit) + " nested complex values (MaxDepthLimit); a built value that contains itself never ends", Err: wire.ErrLimit}
	}
	s.text += len(v.s)
	switch v.kind {
	case KindObject, KindECMAArray, KindTypedObject:
		props := v.Props()
		s.props += len(props)
		for i := range props {
			s.text += len(props[i].Key)
			if err := s.measure(&props[i].Value, depth+1); err != nil {
				return err
			}
		}
	case KindStrictArray:
		elems := v.Elems()
		s.vals += len(elems)
		for i := range elems {
			if err := s.measure(&elems[i], depth+1); err != nil {
				return err
			}
		}
	case KindReference:
		if v.kids != nil {
			s.vals++
			return s.measure((*Value)(v.kids), depth+1)
		}
	}
	return nil
}

// cloner hands out the slices measure sized: each is filled in order and
// never grows, so no pointer into it moves.
type cloner struct {
	text  []byte
	props []Property
	vals  []Value
	a3    amf3.Cloner // one for the payload: AMF3 values may refer to each other's bodies
}

func (c *cloner) str(s string) string {
	if s == "" {
		return ""
	}
	start := len(c.text)
	c.text = append(c.text, s...)
	return unsafe.String(&c.text[start], len(s))
}

// value copies v's scalar fields and, into the cloner's slices, what it
// points at.
func (c *cloner) value(v Value) Value {
	v.s = c.str(v.s)
	switch v.kind {
	case KindObject, KindECMAArray, KindTypedObject:
		src := v.Props()
		start := len(c.props)
		c.props = c.props[:start+len(src)]
		dst := c.props[start:]
		for i := range src {
			dst[i] = Property{Key: c.str(src[i].Key), Value: c.value(src[i].Value)}
		}
		v.kids = propsPtr(dst)
	case KindStrictArray:
		src := v.Elems()
		start := len(c.vals)
		c.vals = c.vals[:start+len(src)]
		dst := c.vals[start:]
		for i := range src {
			dst[i] = c.value(src[i])
		}
		v.kids = nil
		if len(dst) > 0 {
			v.kids = unsafe.Pointer(&dst[0])
		}
	case KindAMF3:
		inner, _ := v.AMF3()
		box := c.a3.Clone(inner)
		v.kids = unsafe.Pointer(&box)
	case KindReference:
		if v.kids != nil {
			i := len(c.vals)
			c.vals = c.vals[:i+1]
			c.vals[i] = c.value(*(*Value)(v.kids))
			v.kids = unsafe.Pointer(&c.vals[i])
		}
	}
	return v
}
