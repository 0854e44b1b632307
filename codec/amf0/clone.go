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
func CloneAll(vals []Value) ([]Value, error) { return cloneAll(vals, true) }

// cloneAll copies the tree of vals into storage of exactly its size; with
// text false the strings keep aliasing what they aliased (the input of a
// decode), which is how Decode hands out values without the storage of
// the Decoder it borrowed.
func cloneAll(vals []Value, text bool) ([]Value, error) {
	sz := cloneSize{memo: hasReference(vals, 0)}
	for i := range vals {
		if err := sz.measure(&vals[i], 0); err != nil {
			return nil, err
		}
	}
	return cloneSized(vals, sz, text), nil
}

// cloneSized copies vals into storage of the size sz says the tree needs.
func cloneSized(vals []Value, sz cloneSize, text bool) []Value {
	c := cloner{
		props:  make([]Property, 0, sz.props),
		vals:   make([]Value, 0, sz.vals+len(vals)),
		noText: !text,
		memo:   sz.memo,
	}
	if text {
		c.text = make([]byte, 0, sz.text)
	}
	// The caller's slice ends at its last value: appending to it must not
	// write over the copied elements and reference targets stored after it.
	top := c.vals[:len(vals):len(vals)]
	c.vals = c.vals[len(vals):len(vals)]
	for i := range vals {
		top[i] = c.value(vals[i])
	}
	return top
}

// cloneSize is what a tree needs: string bytes, properties, values. A
// reference's target counts once however many references name it: a
// payload whose references fan out (each object naming the one before
// twice) must not make the copy grow exponentially.
type cloneSize struct {
	text, props, vals int
	memo              bool // the tree has references: count shared parts once
	seen              map[unsafe.Pointer]bool
}

// hasReference reports whether vals hold a reference anywhere (a walk
// that does not follow references, so linear). Without one, nothing is
// reached twice but by a built value that shares its slices, which is
// copied as often as it is reached, or contains itself, which the depth
// limit stops.
func hasReference(vals []Value, depth int) bool {
	for i := range vals {
		if refIn(&vals[i], depth) {
			return true
		}
	}
	return false
}

func refIn(v *Value, depth int) bool {
	if depth >= MaxDepthLimit {
		return false // measure reports it
	}
	switch v.kind {
	case KindReference:
		return true
	case KindStrictArray:
		return hasReference(v.Elems(), depth+1)
	case KindObject, KindECMAArray, KindTypedObject:
		props := v.Props()
		for i := range props {
			if refIn(&props[i].Value, depth+1) {
				return true
			}
		}
	}
	return false
}

func (s *cloneSize) measure(v *Value, depth int) error {
	if depth >= MaxDepthLimit {
		return &wire.Error{Layer: "amf0", Field: "Value", Offset: 0,
			Expected: "at most " + strconv.Itoa(MaxDepthLimit) + " nested complex values (MaxDepthLimit); a built value that contains itself never ends", Err: wire.ErrLimit}
	}
	s.text += len(v.s)
	switch v.kind {
	case KindObject, KindECMAArray, KindTypedObject:
		if s.once(v.kids) {
			props := v.Props()
			s.props += len(props)
			for i := range props {
				s.text += len(props[i].Key)
				if err := s.measure(&props[i].Value, depth+1); err != nil {
					return err
				}
			}
		}
	case KindStrictArray:
		if s.once(v.kids) {
			elems := v.Elems()
			s.vals += len(elems)
			for i := range elems {
				if err := s.measure(&elems[i], depth+1); err != nil {
					return err
				}
			}
		}
	case KindReference:
		if v.kids != nil && s.once(v.kids) {
			s.vals++
			return s.measure((*Value)(v.kids), depth+1)
		}
	}
	return nil
}

// once reports whether p is met for the first time. Properties and
// elements are shared by a complex value, its reference-table entry and
// every reference to it; they are measured and copied once.
func (s *cloneSize) once(p unsafe.Pointer) bool {
	if p == nil || !s.memo {
		return true
	}
	if s.seen[p] {
		return false
	}
	if s.seen == nil {
		s.seen = map[unsafe.Pointer]bool{}
	}
	s.seen[p] = true
	return true
}

// cloner hands out the slices measure sized: each is filled in order and
// never grows, so no pointer into it moves.
type cloner struct {
	text  []byte
	props []Property
	vals  []Value
	a3    amf3.Cloner // one for the payload: AMF3 values may refer to each other's bodies
	// noText leaves strings where they are.
	noText bool
	// targets maps each reference target and shared properties or
	// elements copied to their copy, so that what the original shares the
	// copy shares (with memo, set when the tree has references).
	targets map[unsafe.Pointer]unsafe.Pointer
	memo    bool
}

func (c *cloner) str(s string) string {
	if s == "" || c.noText {
		return s
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
	case KindObject, KindECMAArray, KindTypedObject, KindStrictArray:
		if v.kids == nil {
			break
		}
		if done, ok := c.targets[v.kids]; ok {
			v.kids = done
			break
		}
		orig := v.kids
		if v.kind == KindStrictArray {
			src := v.Elems()
			start := len(c.vals)
			c.vals = c.vals[:start+len(src)]
			dst := c.vals[start:]
			v.kids = unsafe.Pointer(&dst[0])
			c.remember(orig, v.kids)
			for i := range src {
				dst[i] = c.value(src[i])
			}
			break
		}
		src := v.Props()
		start := len(c.props)
		c.props = c.props[:start+len(src)]
		dst := c.props[start:]
		v.kids = propsPtr(dst)
		c.remember(orig, v.kids)
		for i := range src {
			dst[i] = Property{Key: c.str(src[i].Key), Value: c.value(src[i].Value)}
		}
	case KindAMF3:
		inner, _ := v.AMF3()
		box := c.a3.Clone(inner)
		v.kids = unsafe.Pointer(&box)
	case KindReference:
		if v.kids != nil {
			if done, ok := c.targets[v.kids]; ok {
				v.kids = done
				break
			}
			i := len(c.vals)
			c.vals = c.vals[:i+1]
			c.remember(v.kids, unsafe.Pointer(&c.vals[i]))
			c.vals[i] = c.value(*(*Value)(v.kids))
			v.kids = unsafe.Pointer(&c.vals[i])
		}
	}
	return v
}

func (c *cloner) remember(orig, cp unsafe.Pointer) {
	if !c.memo {
		return
	}
	if c.targets == nil {
		c.targets = map[unsafe.Pointer]unsafe.Pointer{}
	}
	c.targets[orig] = cp
}
