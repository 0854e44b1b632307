package amf3

import "strings"

// Clone returns a deep copy of v that shares nothing with the decoder's
// input or storage, so it stays valid after both are reused. Bodies shared
// by references stay shared in the copy, and cycles stay cycles.
func (v Value) Clone() Value {
	var c Cloner
	return c.Clone(v)
}

// A Cloner clones several values that share reference tables, such as
// the AMF3 values of one AMF0 payload: a body or traits reached from more
// than one of them is copied once, so references between the values still
// name the same body and the copies write back as the originals did.
type Cloner struct {
	done   map[*node]*node
	traits map[*Traits]*Traits
}

// Clone copies v as Value.Clone does, sharing copies with earlier calls.
func (c *Cloner) Clone(v Value) Value {
	if c.done == nil {
		c.done, c.traits = map[*node]*node{}, map[*Traits]*Traits{}
	}
	return c.value(v)
}

func (c *Cloner) value(v Value) Value {
	v.s = strings.Clone(v.s)
	if v.nd != nil {
		v.nd = c.node(v.nd)
	}
	return v
}

func (c *Cloner) node(nd *node) *node {
	if n, ok := c.done[nd]; ok {
		return n
	}
	n := new(node)
	c.done[nd] = n // before the children: a child may refer back
	*n = *nd
	n.text = strings.Clone(nd.text)
	n.name = cloneStr(nd.name)
	if nd.members != nil {
		n.members = make([]Member, len(nd.members))
		for i, m := range nd.members {
			n.members[i] = Member{Key: cloneStr(m.Key), Value: c.value(m.Value)}
		}
	}
	if nd.elems != nil {
		n.elems = make([]Value, len(nd.elems))
		for i := range nd.elems {
			n.elems[i] = c.value(nd.elems[i])
		}
	}
	if nd.traits != nil {
		n.traits = c.traitsOf(nd.traits)
	}
	return n
}

func (c *Cloner) traitsOf(t *Traits) *Traits {
	if u, ok := c.traits[t]; ok {
		return u
	}
	u := new(Traits)
	*u = *t
	u.Class = cloneStr(t.Class)
	if t.Sealed != nil {
		u.Sealed = make([]Str, len(t.Sealed))
		for i := range t.Sealed {
			u.Sealed[i] = cloneStr(t.Sealed[i])
		}
	}
	c.traits[t] = u
	return u
}

func cloneStr(s Str) Str {
	s.S = strings.Clone(s.S)
	return s
}
