package amf3

import (
	"slices"
	"strconv"
)

// object decodes an object's traits (inline or by reference) and body.
func (d *Decoder) object(dst *Value, nd *node, p int) error {
	h := dst.hdr
	var t *Traits
	switch {
	case h&FlagTraitsInline == 0:
		i := h >> 2
		if uint64(i) >= uint64(len(d.traits)) {
			return errAt("traits reference", p+1, "a traits reference below "+strconv.Itoa(len(d.traits))+" (the traits table's size), not "+strconv.Itoa(int(i)), ErrBadReference)
		}
		t = d.traits[i]
	default:
		t = d.trs.One()
		class, err := d.str("class name")
		if err != nil {
			return err
		}
		t.Class = class
		t.index = uint32(len(d.traits))
		// The traits join their table after the class name and before
		// the member names (BlazeDS readTraits); only strings follow, so
		// the order makes no difference to any index.
		d.traits = append(d.traits, t)
		if h&FlagExternalizable != 0 {
			// The bits above are not significant: no member names follow.
			t.Externalizable = true
			break
		}
		t.Dynamic = h&FlagDynamic != 0
		n := h >> SealedCountShift
		if err := d.count("sealed count", p+1, n, 1); err != nil {
			return err
		}
		t.Sealed = d.names.Alloc(int(n))
		for i := range t.Sealed {
			name, err := d.str("sealed name")
			if err != nil {
				return err
			}
			t.Sealed[i] = name
		}
	}
	nd.traits = t
	if t.Externalizable {
		return d.external(nd, t)
	}
	n := uint32(len(t.Sealed))
	if err := d.count("sealed values", d.pos, n, 1); err != nil {
		return err
	}
	nd.elems = d.vals.Alloc(int(n))
	for i := range nd.elems {
		if err := d.value(&nd.elems[i]); err != nil {
			return err
		}
	}
	if t.Dynamic {
		return d.members(nd, "dynamic name")
	}
	return nil
}

// external decodes an externalizable object's payload: one AMF3 value for
// a class known to write one, otherwise the rest of the input as bytes
// (nothing else says where such a payload ends).
func (d *Decoder) external(nd *node, t *Traits) error {
	if slices.Contains(ValueClasses, t.Class.S) || slices.Contains(d.ValueClasses, t.Class.S) {
		nd.elems = d.vals.Alloc(1)
		return d.value(&nd.elems[0])
	}
	nd.opaque = true
	nd.text = aliasString(d.src[d.pos:])
	d.pos = len(d.src)
	return nil
}
