package amf3

import (
	"encoding/binary"
	"math"
	"strconv"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/internal/arena"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Decoding limits. A Limits field left at 0 takes the default.
const (
	// DefaultMaxDepth is how many complex values may nest inside each
	// other, as in AMF0.
	DefaultMaxDepth = 128
	// MaxDepthLimit caps MaxDepth: the decoder recurses once per level,
	// and running out of Go stack cannot be recovered from.
	MaxDepthLimit = 10000
	// DefaultMaxValues is how many values (at every depth, references
	// included) one payload may hold. Each costs the decoder at most a
	// few hundred bytes of storage, so the default bounds its memory to
	// tens of megabytes whatever the input says.
	DefaultMaxValues = 1 << 18
	// DefaultMaxStringBytes is the longest string, XML text, ByteArray or
	// vector a payload may hold; they alias the input, so this bounds what
	// a caller may later copy. 16 MiB is what one RTMP message carries.
	DefaultMaxStringBytes = 1 << 24
)

// Limits bound a Decoder. Input past a limit is a *wire.Error of kind
// wire.ErrLimit at the value that crossed it.
type Limits struct {
	MaxDepth       int // 0 means DefaultMaxDepth; above MaxDepthLimit counts as MaxDepthLimit
	MaxValues      int // 0 means DefaultMaxValues
	MaxStringBytes int // 0 means DefaultMaxStringBytes
}

// ValueClasses are the externalizable classes whose payload is known to be
// exactly one AMF3 value: Flex's collection and proxy wrappers (BlazeDS
// Amf3Input and Red5 read them so). Any other externalizable class writes
// a payload only it can read, so a decoder keeps it as opaque bytes to the
// end of its input; Decoder.ValueClasses adds classes to this list.
var ValueClasses = []string{
	"flex.messaging.io.ArrayCollection",
	"flex.messaging.io.ArrayList",
	"flex.messaging.io.ObjectProxy",
}

// A Decoder decodes AMF3 values. The zero Decoder is ready to use with
// the default limits. It keeps the storage of what it decodes and the
// three reference tables, and reuses the storage after Reset (which Decode
// and DecodeValue call): decoding allocates nothing once it has seen a
// payload of the same shape, and every Value from before a Reset is
// invalid after it. Values alias the input: they are valid while it is
// unchanged.
//
// The reference tables (strings, objects, traits) last from one Reset to
// the next: Next continues them, which is how the AMF3 values of one AMF0
// payload share them (see amf0.Decoder.AMF3Scope).
//
// A Decoder is not safe for concurrent use.
type Decoder struct {
	Limits
	// ValueClasses adds externalizable classes whose payload is one AMF3
	// value to the package's ValueClasses.
	ValueClasses []string

	src    []byte
	pos    int
	depth  int
	nvals  int
	limDep int
	limVal int
	limStr int

	strs   []string
	objs   []*node
	traits []*Traits

	nodes arena.Arena[node]
	vals  arena.Arena[Value]
	mems  arena.Arena[Member]
	names arena.Arena[Str]
	trs   arena.Arena[Traits]
	open  []Member // members of open arrays and objects, moved to the arena when each ends
	top   []Value
}

// Reset starts a new payload: it empties the reference tables and
// invalidates every Value the decoder returned, keeping the storage.
func (d *Decoder) Reset() {
	clear(d.strs)
	clear(d.objs)
	clear(d.traits)
	d.strs, d.objs, d.traits = d.strs[:0], d.objs[:0], d.traits[:0]
	d.nodes.Reset()
	d.vals.Reset()
	d.mems.Reset()
	d.names.Reset()
	d.trs.Reset()
	d.open = d.open[:0]
	d.top = d.top[:0]
	d.nvals = 0
	d.depth = 0
}

func (d *Decoder) limits() {
	d.limDep = d.MaxDepth
	if d.limDep <= 0 {
		d.limDep = DefaultMaxDepth
	}
	d.limDep = min(d.limDep, MaxDepthLimit)
	d.limVal = d.MaxValues
	if d.limVal <= 0 {
		d.limVal = DefaultMaxValues
	}
	d.limStr = d.MaxStringBytes
	if d.limStr <= 0 {
		d.limStr = DefaultMaxStringBytes
	}
}

// Decode decodes a whole payload of AMF3 values, one after another, with
// one set of reference tables. On error it returns the values complete
// before the failing one. Error offsets count from the start of b.
func (d *Decoder) Decode(b []byte) ([]Value, error) {
	d.Reset()
	for off := 0; off < len(b); {
		v, n, err := d.next(b[off:], off)
		if err != nil {
			return d.top, err
		}
		d.top = append(d.top, v)
		off += n
	}
	return d.top, nil
}

// DecodeValue decodes one value from the start of b with fresh tables and
// reports how many bytes it used; bytes after it are left alone.
func (d *Decoder) DecodeValue(b []byte) (Value, int, error) {
	d.Reset()
	return d.Next(b)
}

// Next decodes one value from the start of b as the next value of the
// current payload: its references may name strings, objects and traits
// decoded since the last Reset, and limits count across calls. A failed
// call leaves no trace: tables, storage and counts are as before it.
func (d *Decoder) Next(b []byte) (Value, int, error) {
	return d.next(b, 0)
}

// next decodes one value of b; base is added to error offsets.
func (d *Decoder) next(b []byte, base int) (Value, int, error) {
	d.limits()
	d.src, d.pos, d.depth = b, 0, 0
	cp := d.Checkpoint()
	var v Value
	err := d.value(&v)
	n := d.pos
	d.src = nil
	if err != nil {
		d.Rollback(cp)
		return Value{}, 0, wire.Shift(err, int64(base))
	}
	return v, n, nil
}

// A Checkpoint is a state of a Decoder's tables, storage and counts to
// return to.
type Checkpoint struct {
	strs, objs, traits, nvals int
	nodes, vals, mems, names  arena.Mark
	trs                       arena.Mark
}

// Checkpoint records the decoder's state, for Rollback. A layer that
// embeds AMF3 values in its own (AMF0) and fails after some of them uses
// it to forget them, as if it had never seen its failed input.
func (d *Decoder) Checkpoint() Checkpoint {
	return Checkpoint{len(d.strs), len(d.objs), len(d.traits), d.nvals,
		d.nodes.Mark(), d.vals.Mark(), d.mems.Mark(), d.names.Mark(), d.trs.Mark()}
}

// Rollback returns to cp: table entries, storage and value counts taken
// since are given back. Values decoded since are invalid.
func (d *Decoder) Rollback(cp Checkpoint) {
	// After NewTables the tables are shorter than at cp: they belong to
	// a later scope and stay as they are.
	if cp.strs <= len(d.strs) {
		clear(d.strs[cp.strs:])
		d.strs = d.strs[:cp.strs]
	}
	if cp.objs <= len(d.objs) {
		clear(d.objs[cp.objs:])
		d.objs = d.objs[:cp.objs]
	}
	if cp.traits <= len(d.traits) {
		clear(d.traits[cp.traits:])
		d.traits = d.traits[:cp.traits]
	}
	d.nvals = cp.nvals
	d.nodes.Release(cp.nodes)
	d.vals.Release(cp.vals)
	d.mems.Release(cp.mems)
	d.names.Release(cp.names)
	d.trs.Release(cp.trs)
	d.open = d.open[:0]
}

// NewTables empties the three reference tables without invalidating what
// was decoded: the next value starts a table scope of its own.
func (d *Decoder) NewTables() {
	clear(d.strs)
	clear(d.objs)
	clear(d.traits)
	d.strs, d.objs, d.traits = d.strs[:0], d.objs[:0], d.traits[:0]
}

// Decode decodes a whole payload with a fresh Decoder. The values alias b
// and own their storage.
func Decode(b []byte) ([]Value, error) {
	var d Decoder
	d.presize(len(b))
	return d.Decode(b)
}

// presize sizes a new Decoder's storage from a payload of n bytes: a
// complex value takes at least 2 bytes, a value 1, but real payloads hold
// far fewer, and the arenas grow past these first blocks when a payload
// is denser.
func (d *Decoder) presize(n int) {
	d.nodes.Presize(2 + n/24)
	d.vals.Presize(4 + n/6)
	d.mems.Presize(n / 16)
	d.names.Presize(n / 32)
	d.trs.Presize(1 + n/128)
	d.strs = make([]string, 0, 2+n/16)
	d.objs = make([]*node, 0, 2+n/24)
	d.traits = make([]*Traits, 0, 1+n/128)
}

// aliasString aliases b without copying.
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// u29 reads a U29 at d.pos and reports how many bytes it took.
func (d *Decoder) u29(field string) (uint32, uint8, error) {
	src, p := d.src, d.pos
	var v uint32
	for i := range MaxU29Bytes - 1 {
		if p+i >= len(src) {
			return 0, 0, truncated(field, p, i+1, i)
		}
		c := src[p+i]
		if c < 0x80 {
			d.pos = p + i + 1
			return v<<7 | uint32(c), uint8(i + 1), nil
		}
		v = v<<7 | uint32(c&0x7f)
	}
	if p+3 >= len(src) {
		return 0, 0, truncated(field, p, MaxU29Bytes, len(src)-p)
	}
	d.pos = p + MaxU29Bytes
	return v<<8 | uint32(src[p+3]), MaxU29Bytes, nil
}

// left is how many bytes remain.
func (d *Decoder) left() int { return len(d.src) - d.pos }

// count checks a count read at off, of items each at least each bytes
// long, against the bytes left: nothing is sized from a count before this.
func (d *Decoder) count(field string, off int, n uint32, each int) error {
	if need := uint64(n) * uint64(each); need > uint64(d.left()) {
		// More bytes could make it whole: the input is cut short, as
		// far as anyone can tell from it.
		return truncated(field, off, int(min(need, math.MaxInt32)), d.left())
	}
	if int(n) > d.limVal-d.nvals {
		return errAt(field, off, "at most "+strconv.Itoa(d.limVal)+" values in one payload (Limits.MaxValues)", wire.ErrLimit)
	}
	return nil
}

// bytesOf reads n bytes at d.pos for field, within the string limit.
func (d *Decoder) bytesOf(field string, off int, n uint32) (string, error) {
	if uint64(n) > uint64(d.limStr) {
		return "", errAt(field, off, "at most "+strconv.Itoa(d.limStr)+" bytes (Limits.MaxStringBytes)", wire.ErrLimit)
	}
	if int(n) > d.left() {
		return "", truncated(field, d.pos, int(n), d.left())
	}
	s := aliasString(d.src[d.pos : d.pos+int(n)])
	d.pos += int(n)
	return s, nil
}

// str reads a UTF-8-vr: a string-table reference or an inline string,
// which joins the table unless empty.
func (d *Decoder) str(field string) (Str, error) {
	off := d.pos
	h, hl, err := d.u29(field)
	if err != nil {
		return Str{}, err
	}
	if h&FlagInline == 0 {
		i := h >> 1
		if uint64(i) >= uint64(len(d.strs)) {
			return Str{}, errAt(field, off, "a string reference below "+strconv.Itoa(len(d.strs))+" (the string table's size), not "+strconv.Itoa(int(i)), ErrBadReference)
		}
		return Str{S: d.strs[i], hdr: h, hlen: hl, ref: true}, nil
	}
	s, err := d.bytesOf(field, off, h>>1)
	if err != nil {
		return Str{}, err
	}
	if s != "" {
		d.strs = append(d.strs, s)
	}
	return Str{S: s, hdr: h, hlen: hl}, nil
}

// value decodes the value at d.pos into *dst, a zero Value.
func (d *Decoder) value(dst *Value) error {
	p := d.pos
	if p >= len(d.src) {
		return truncated("marker", p, 1, 0)
	}
	d.nvals++
	if d.nvals > d.limVal {
		return errAt("marker", p, "at most "+strconv.Itoa(d.limVal)+" values in one payload (Limits.MaxValues)", wire.ErrLimit)
	}
	m := Marker(d.src[p])
	d.pos++
	if int(m) >= len(kindOf) {
		return errAt("marker", p, "an AMF3 marker 0x00-0x11", ErrUnknownMarker)
	}
	dst.m, dst.kind = m, kindOf[m]
	switch m {
	case MarkerUndefined, MarkerNull, MarkerFalse, MarkerTrue:
		return nil
	case MarkerInteger:
		h, hl, err := d.u29("integer")
		dst.hdr, dst.hlen = h, hl
		dst.num = uint64(int64(int32(h<<3) >> 3))
		return err
	case MarkerDouble:
		if d.left() < 8 {
			return truncated("double", d.pos, 8, d.left())
		}
		dst.num = binary.BigEndian.Uint64(d.src[d.pos:])
		d.pos += 8
		return nil
	case MarkerString:
		s, err := d.str("string")
		dst.s, dst.hdr, dst.hlen = s.S, s.hdr, s.hlen
		return err
	}
	h, hl, err := d.u29("header")
	if err != nil {
		return err
	}
	dst.hdr, dst.hlen = h, hl
	if h&FlagInline == 0 {
		return d.reference(dst, p)
	}
	nd := d.nodes.One()
	nd.m = m
	nd.index = uint32(len(d.objs)) + 1
	dst.nd = nd
	// The slot is taken before any child is read: a child may refer to
	// its parent.
	d.objs = append(d.objs, nd)
	d.depth++
	if d.depth > d.limDep {
		return errAt("marker", p, "at most "+strconv.Itoa(d.limDep)+" nested complex values (Limits.MaxDepth)", wire.ErrLimit)
	}
	err = d.complex(dst, nd, p)
	d.depth--
	return err
}

// reference resolves an object-table reference into *dst.
func (d *Decoder) reference(dst *Value, p int) error {
	i := dst.hdr >> 1
	if uint64(i) >= uint64(len(d.objs)) {
		return errAt("reference", p+1, "an object reference below "+strconv.Itoa(len(d.objs))+" (the object table's size), not "+strconv.Itoa(int(i)), ErrBadReference)
	}
	nd := d.objs[i]
	if nd.m != dst.m {
		return errAt("reference", p+1, "a reference with the marker of entry "+strconv.Itoa(int(i))+", "+nd.m.String()+", not "+dst.m.String(), ErrBadReference)
	}
	dst.nd, dst.s, dst.num = nd, nd.text, nd.num
	return nil
}

// complex decodes the inline body of the complex value whose marker was at
// p and whose header is in dst.
func (d *Decoder) complex(dst *Value, nd *node, p int) error {
	h := dst.hdr
	switch dst.m {
	case MarkerXMLDocument, MarkerXML, MarkerByteArray:
		s, err := d.bytesOf("bytes", p+1, h>>1)
		dst.s, nd.text = s, s
		return err
	case MarkerDate:
		if d.left() < 8 {
			return truncated("date", d.pos, 8, d.left())
		}
		dst.num = binary.BigEndian.Uint64(d.src[d.pos:])
		nd.num = dst.num
		d.pos += 8
		return nil
	case MarkerArray:
		return d.array(dst, nd, p)
	case MarkerObject:
		return d.object(dst, nd, p)
	case MarkerVectorInt, MarkerVectorUint, MarkerVectorDouble:
		return d.numbers(dst, nd, p)
	}
	// Vector.<Object> and Dictionary: a count, the flag byte, then values.
	n := h >> 1
	if d.left() < 1 {
		return truncated("flag", d.pos, 1, 0)
	}
	nd.flag = d.src[d.pos]
	d.pos++
	per := uint32(1)
	if dst.m == MarkerVectorObject {
		name, err := d.str("type name")
		if err != nil {
			return err
		}
		nd.name = name
	} else {
		per = 2
	}
	// n < 2^28, so per*n fits a uint32.
	if err := d.count("count", p+1, per*n, 1); err != nil {
		return err
	}
	nd.elems = d.vals.Alloc(int(per * n))
	for i := range nd.elems {
		if err := d.value(&nd.elems[i]); err != nil {
			return err
		}
	}
	return nil
}

// numbers decodes a Vector.<int>, Vector.<uint> or Vector.<Number>; the
// elements stay as sent, aliasing the input.
func (d *Decoder) numbers(dst *Value, nd *node, p int) error {
	n := uint64(dst.hdr >> 1)
	if d.left() < 1 {
		return truncated("flag", d.pos, 1, 0)
	}
	nd.flag = d.src[d.pos]
	d.pos++
	size := uint64(4)
	if dst.m == MarkerVectorDouble {
		size = 8
	}
	if n*size > uint64(d.left()) {
		return truncated("elements", d.pos, int(min(n*size, math.MaxInt32)), d.left())
	}
	s, err := d.bytesOf("elements", p+1, uint32(n*size))
	dst.s, nd.text = s, s
	return err
}

// array decodes an array's associative part, then its dense part.
func (d *Decoder) array(dst *Value, nd *node, p int) error {
	if err := d.members(nd, "key"); err != nil {
		return err
	}
	n := dst.hdr >> 1
	if err := d.count("count", p+1, n, 1); err != nil {
		return err
	}
	nd.elems = d.vals.Alloc(int(n))
	for i := range nd.elems {
		if err := d.value(&nd.elems[i]); err != nil {
			return err
		}
	}
	return nil
}

// members reads (name, value) pairs up to the empty name that ends them,
// into nd.members. They gather on d.open, shared by every open container,
// and move to the arena in one piece when the empty name comes.
func (d *Decoder) members(nd *node, field string) error {
	base := len(d.open)
	for {
		k, err := d.str(field)
		if err != nil {
			d.open = d.open[:base]
			return err
		}
		if k.S == "" && !k.IsRef() {
			nd.endLen = k.hlen
			break
		}
		if d.pos >= len(d.src) {
			d.open = d.open[:base]
			return truncated("value of "+strconv.Quote(k.S), d.pos, 1, 0)
		}
		var v Value
		if err := d.value(&v); err != nil {
			d.open = d.open[:base]
			return err
		}
		d.open = append(d.open, Member{Key: k, Value: v})
	}
	if n := len(d.open) - base; n > 0 {
		nd.members = d.mems.Alloc(n)
		copy(nd.members, d.open[base:])
		clear(d.open[base:])
		d.open = d.open[:base]
	}
	return nil
}
