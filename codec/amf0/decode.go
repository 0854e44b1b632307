package amf0

import (
	"encoding/binary"
	"math"
	"strconv"
	"sync"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/internal/arena"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// AMF3Scope says which AMF3 values of a payload share reference tables.
// Implementations differ and the specifications do not say: BlazeDS keeps
// one AMF3 reader for every 0x11 value of a message body and Red5 one
// reference store for all arguments of a message; what Flash Player
// writes is not documented.
type AMF3Scope uint8

const (
	// AMF3PerPayload: every AMF3 value of one payload (one message) shares
	// one set of tables, as BlazeDS and Red5 read them. The default.
	AMF3PerPayload AMF3Scope = iota
	// AMF3PerValue: each value after a 0x11 marker starts empty tables.
	AMF3PerValue
)

// Decoding limits. A Decoder field left at 0 takes the default.
const (
	// DefaultMaxDepth is how many complex values (objects, ECMA arrays,
	// strict arrays, typed objects) may nest inside each other. Real
	// payloads nest a handful of levels; 128 leaves room for unusual
	// shared-object data while keeping the decoder's recursion shallow.
	DefaultMaxDepth = 128

	// MaxDepthLimit caps MaxDepth. The decoder recurses once per level,
	// and running out of Go stack is a fatal error that no recover can
	// catch, so no setting may let input choose the recursion depth
	// freely. Encode, Size and ToGo refuse values nested deeper than this
	// too, which also stops them on a cyclic built value.
	MaxDepthLimit = 10000

	// DefaultMaxValues is how many values (at every depth, references and
	// primitives included) one payload may hold. Each costs the decoder at
	// most about 180 bytes of arena (a property is held once while its
	// object is open and, if that object sits inside another, once more
	// when it is done; a complex value also has a table entry; a strict
	// array reserves its elements' slots only once its count has been
	// checked against this limit), so the default bounds a decoder's
	// memory to some 45 MB whatever the input says; an onMetaData with
	// keyframe tables for hours of video stays well below it.
	DefaultMaxValues = 1 << 18

	// DefaultMaxStringBytes is the longest string (String, Long String,
	// XML document, key or class name) a payload may hold. Strings alias
	// the input, so this bounds what a caller may later copy rather than
	// what the decoder holds; 16 MiB is what one RTMP message can carry.
	DefaultMaxStringBytes = 1 << 24
)

// Limits bound a Decoder, and the decoders of the layers above that read
// AMF0 (message.Decoder, sharedobject.Message), which pass them on. The
// zero Limits takes the defaults; input past a limit is a *wire.Error of
// kind wire.ErrLimit at the value that crossed it.
type Limits struct {
	// MaxDepth limits nesting of complex values; 0 means DefaultMaxDepth
	// and values above MaxDepthLimit count as MaxDepthLimit.
	MaxDepth int
	// MaxValues limits the number of values in a payload; 0 means
	// DefaultMaxValues.
	MaxValues int
	// MaxStringBytes limits the length of any one string; 0 means
	// DefaultMaxStringBytes.
	MaxStringBytes int
}

// A Decoder decodes AMF0 payloads into Values. The zero Decoder is ready to
// use with the default limits. A Decoder keeps the storage for the values
// it decodes and reuses it on the next call, which is what makes decoding
// allocation-free once it has seen a payload of the same shape: every Value
// it returned before (and every slice from them) is invalid once it decodes
// again or is Reset. The arenas, and through the strings in them the last
// input, stay referenced until then; drop the Decoder to release them.
//
// A Decoder is not safe for concurrent use.
type Decoder struct {
	// Limits bound what a payload may make the decoder do; set them
	// before decoding. AMF3 values get the same limits, counted apart.
	Limits

	// AMF3Scope says which AMF3 values share reference tables; see
	// AMF3Scope. Decoded values record it (Value.FreshTables), so they
	// write back as read.
	AMF3Scope AMF3Scope

	a3    *amf3.Decoder           // made at the first 0x11 marker
	boxes arena.Arena[amf3.Value] // the AMF3 values AVM+ Values point at

	src    []byte
	pos    int
	depth  int
	nvals  int
	limDep int
	limVal int
	limStr int

	// Values are decoded in place: a scalar is written straight into the
	// slot that will hold it, and a container's children straight into the
	// arena its kids pointer will point at, so nothing is built on the
	// stack and copied (a 48-byte copy of a value just written field by
	// field stalls store forwarding, which dominated decoding time).
	top    []Value    // top-level values of Decode
	props  []Property // properties of open containers, then of outermost finished ones
	nested []Property // properties of containers that finished inside an open one
	elems  []Value    // strict-array elements, reserved when their array starts
	table  []Value    // complex values in start order; zero while open
	steps  []pathStep // path to the value that failed, innermost first

	// open counts property containers being decoded: while one is, a
	// finished container's properties move out of props to nested so that
	// the open one's stay contiguous.
	open int
	// pending counts elements reserved by open strict arrays and not yet
	// started. Each needs at least one more byte and is one more value,
	// which bounds what a new array may reserve.
	pending int
	// sawRef is set when the payload has a reference: Decode's copy then
	// has to find what references share, rather than take the arenas'
	// lengths as the tree's size.
	sawRef bool
}

// Decode decodes a whole payload (a sequence of values, as a command or
// data message holds) in one call and returns the top-level values. Error
// offsets count from the start of b. On error it returns the values that
// were complete before the failing one, with the error.
//
// The returned slice and everything reachable from it alias b and the
// decoder's storage: they are valid until b is modified or d is used again.
func (d *Decoder) Decode(b []byte) ([]Value, error) {
	d.Reset()
	d.src = b
	d.pos = 0
	for d.pos < len(b) {
		i := len(d.top)
		props, nested, elems, table, nvals := len(d.props), len(d.nested), len(d.elems), len(d.table), d.nvals
		d.top = append(d.top, Value{})
		ti, err := d.value(&d.top[i])
		if err != nil {
			d.top = d.top[:i]
			d.src = nil
			// The values before the failing one are returned: keep theirs.
			// (The AMF3 tables need no unwinding: nothing decodes after
			// this before the next Reset.)
			d.unwind(props, nested, elems, table, nvals)
			d.steps = append(d.steps, pathStep{index: i})
			return d.top, withPath(err, d.steps)
		}
		if ti >= 0 {
			d.top[i] = d.table[ti]
		}
	}
	d.src = nil
	return d.top, nil
}

// DecodeValue decodes one value from the start of b as a payload of its
// own, and reports how many bytes it used. Bytes after the value are left
// alone.
func (d *Decoder) DecodeValue(b []byte) (Value, int, error) {
	d.Reset()
	return d.Next(b)
}

// Next decodes one value from the start of b as the next value of the
// current payload: references may point at complex values decoded by
// earlier Next calls since the last Reset, and limits count across them.
// Values from those calls stay valid. Error offsets count from the start
// of b. This serves layouts that interleave AMF0 values with other fields,
// such as shared-object events.
//
// A failed call leaves no trace: the next call decodes exactly as if the
// failed input had never been seen, references numbered without the
// complex values that completed inside it, limits counted without its
// values.
func (d *Decoder) Next(b []byte) (Value, int, error) {
	d.limits()
	d.src = b
	d.pos = 0
	d.steps = d.steps[:0]
	props, nested, elems, table, nvals := len(d.props), len(d.nested), len(d.elems), len(d.table), d.nvals
	a3 := d.a3Mark()
	var v Value
	ti, err := d.value(&v)
	n := d.pos
	d.src = nil
	if err != nil {
		d.unwind(props, nested, elems, table, nvals)
		d.a3Rollback(a3)
		return Value{}, 0, withPath(err, d.steps)
	}
	if ti >= 0 {
		v = d.table[ti]
	}
	return v, n, nil
}

// unwind drops what a failed value left behind, back to the lengths and
// value count the decoder had before it: its arena
// slots, the reference-table entries of containers that completed inside
// it (a later reference must not resolve to one, as its slots get
// reused), and its count against the value limit. Values from earlier Next
// calls stay valid and later ones start clean.
// Scalars rather than a struct of them: a struct of five lives in memory
// on this per-value path (callgrind: +2.6% instructions decoding a
// connect, against +1% for the scalars).
func (d *Decoder) unwind(props, nested, elems, table, nvals int) {
	clear(d.props[props:])
	clear(d.nested[nested:])
	clear(d.elems[elems:])
	clear(d.table[table:])
	d.props = d.props[:props]
	d.nested = d.nested[:nested]
	d.elems = d.elems[:elems]
	d.table = d.table[:table]
	d.nvals = nvals
	d.depth = 0
	d.open = 0
	d.pending = 0
}

// Reset starts a new payload: it forgets the table of complex values and
// invalidates every Value the decoder has returned, keeping the storage.
func (d *Decoder) Reset() {
	d.top = d.top[:0]
	d.props = d.props[:0]
	d.nested = d.nested[:0]
	d.elems = d.elems[:0]
	d.table = d.table[:0]
	d.steps = d.steps[:0]
	d.nvals = 0
	d.depth = 0
	d.open = 0
	d.pending = 0
	d.sawRef = false
	d.limits()
	if d.a3 != nil {
		d.a3.Reset()
		d.boxes.Reset()
	}
}

func (d *Decoder) limits() {
	d.limDep = d.MaxDepth
	if d.limDep <= 0 {
		d.limDep = DefaultMaxDepth
	}
	if d.limDep > MaxDepthLimit {
		d.limDep = MaxDepthLimit
	}
	d.limVal = d.MaxValues
	if d.limVal <= 0 {
		d.limVal = DefaultMaxValues
	}
	if uint64(d.limVal) > math.MaxInt32 {
		d.limVal = math.MaxInt32
	}
	d.limStr = d.MaxStringBytes
	if d.limStr <= 0 {
		d.limStr = DefaultMaxStringBytes
	}
}

// str aliases b as a string without copying; see the package doc for how
// long such strings stay valid.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// value decodes the value at d.pos. A scalar goes straight into *dst, which
// must be a zero Value, and value returns -1. A complex value goes into the
// table and value returns its index there, leaving *dst alone: decoding the
// children may have grown the arena dst points into, so the caller copies
// the table entry into its slot by index.
func (d *Decoder) value(dst *Value) (int, error) {
	src := d.src
	p := d.pos
	if p >= len(src) {
		return -1, truncated("marker", p, 1, 0)
	}
	d.nvals++
	if d.nvals > d.limVal {
		return -1, errAt("marker", p, "at most "+strconv.Itoa(d.limVal)+" values in one payload (Decoder.MaxValues)", wire.ErrLimit)
	}
	m := Marker(src[p])
	p++
	rest := len(src) - p
	switch m {
	case MarkerNumber:
		if rest < 8 {
			return -1, truncated("number", p, 8, rest)
		}
		d.pos = p + 8
		dst.kind, dst.m, dst.num = KindNumber, m, binary.BigEndian.Uint64(src[p:])
		return -1, nil
	case MarkerBoolean:
		if rest < 1 {
			return -1, truncated("boolean", p, 1, rest)
		}
		d.pos = p + 1
		dst.kind, dst.m, dst.b = KindBoolean, m, src[p]
		return -1, nil
	case MarkerString:
		if rest < 2 {
			return -1, truncated("length", p, 2, rest)
		}
		s, err := d.bytes(p, p+2, uint32(binary.BigEndian.Uint16(src[p:])))
		if err != nil {
			return -1, err
		}
		dst.kind, dst.m, dst.s = KindString, m, s
		return -1, nil
	case MarkerLongString, MarkerXMLDocument:
		if rest < 4 {
			return -1, truncated("length", p, 4, rest)
		}
		s, err := d.bytes(p, p+4, binary.BigEndian.Uint32(src[p:]))
		if err != nil {
			return -1, err
		}
		dst.kind, dst.m, dst.s = KindString, m, s
		if m == MarkerXMLDocument {
			dst.kind = KindXMLDocument
		}
		return -1, nil
	case MarkerNull:
		d.pos = p
		dst.kind, dst.m = KindNull, m
		return -1, nil
	case MarkerUndefined:
		d.pos = p
		dst.kind, dst.m = KindUndefined, m
		return -1, nil
	case MarkerUnsupported:
		d.pos = p
		dst.kind, dst.m = KindUnsupported, m
		return -1, nil
	case MarkerDate:
		if rest < 10 {
			return -1, truncated("date", p, 10, rest)
		}
		d.pos = p + 10
		dst.kind, dst.m = KindDate, m
		dst.num, dst.tz = binary.BigEndian.Uint64(src[p:]), int16(binary.BigEndian.Uint16(src[p+8:]))
		return -1, nil
	case MarkerReference:
		if rest < 2 {
			return -1, truncated("index", p, 2, rest)
		}
		i := int(binary.BigEndian.Uint16(src[p:]))
		if i >= len(d.table) {
			return -1, errAt("index", p, "an index below "+strconv.Itoa(len(d.table))+
				" (complex values started so far in this payload), got "+strconv.Itoa(i), ErrBadReference)
		}
		t := &d.table[i]
		if t.kind == KindInvalid {
			return -1, errAt("index", p, "a complete complex value, got "+strconv.Itoa(i)+
				", which is still being decoded and would contain itself", ErrBadReference)
		}
		d.pos = p + 2
		d.sawRef = true
		dst.kind, dst.m, dst.aux, dst.kids = KindReference, m, uint32(i), unsafe.Pointer(t)
		return -1, nil
	case MarkerObject, MarkerECMAArray, MarkerTypedObject, MarkerStrictArray:
		return d.complex(m, p)
	case MarkerObjectEnd:
		return -1, errAt("marker", p-1, "a value marker; object-end (0x09) only follows an empty key", wire.ErrMalformed)
	case MarkerMovieClip, MarkerRecordSet:
		return -1, errAt("marker", p-1, "a value marker; "+hexByte(byte(m))+" ("+m.String()+") is reserved and has no defined payload", ErrReservedMarker)
	case MarkerAVMPlus:
		return -1, d.amf3Value(dst, p)
	}
	return -1, errAt("marker", p-1, "a value marker 0x00-0x10, got "+hexByte(byte(m)), ErrUnknownMarker)
}

// bytes reads a string body of n bytes at p, n having been read from the
// length field at lf. It compares n with what is left before slicing, in uint64 so a
// u32 length cannot overflow int on 32-bit platforms.
//
// Input that ends early is reported as truncated before any limit is
// checked, so that a short input always gives io.ErrUnexpectedEOF.
func (d *Decoder) bytes(lf, p int, n uint32) (string, error) {
	rest := len(d.src) - p
	if uint64(n) > uint64(rest) {
		return "", truncated("bytes", p, int(min(uint64(n), math.MaxInt32)), rest)
	}
	if uint64(n) > uint64(d.limStr) {
		return "", errAt("length", lf, "a string of at most "+strconv.Itoa(d.limStr)+" bytes (Decoder.MaxStringBytes), got "+strconv.FormatUint(uint64(n), 10), wire.ErrLimit)
	}
	d.pos = p + int(n)
	return str(d.src[p : p+int(n)]), nil
}

// complex decodes an object, ECMA array, typed object or strict array
// whose marker ended just before p into a new table entry, and returns the
// entry's index.
func (d *Decoder) complex(m Marker, p int) (int, error) {
	if d.depth >= d.limDep {
		return -1, errAt("marker", p-1, "at most "+strconv.Itoa(d.limDep)+" nested complex values (Decoder.MaxDepth)", wire.ErrLimit)
	}
	src := d.src
	rest := len(src) - p
	var (
		kind  Kind
		aux   uint32
		class string
	)
	switch m {
	case MarkerObject:
		kind = KindObject
	case MarkerECMAArray:
		if rest < 4 {
			return -1, truncated("count", p, 4, rest)
		}
		kind = KindECMAArray
		aux = binary.BigEndian.Uint32(src[p:])
		p += 4
	case MarkerTypedObject:
		if rest < 2 {
			return -1, truncated("class.length", p, 2, rest)
		}
		s, err := d.bytes(p, p+2, uint32(binary.BigEndian.Uint16(src[p:])))
		if err != nil {
			return -1, withPart(err, "class")
		}
		kind = KindTypedObject
		class = s
		p = d.pos
	case MarkerStrictArray:
		if rest < 4 {
			return -1, truncated("count", p, 4, rest)
		}
		kind = KindStrictArray
		aux = binary.BigEndian.Uint32(src[p:])
	}
	d.pos = p
	ti := len(d.table)
	d.table = append(d.table, Value{})
	d.depth++
	var (
		kids unsafe.Pointer
		n    uint32
		err  error
	)
	if m == MarkerStrictArray {
		n = aux
		aux = 0
		kids, err = d.elements(p, n)
	} else {
		kids, n, err = d.properties()
	}
	d.depth--
	if err != nil {
		return -1, err
	}
	t := &d.table[ti]
	t.kind, t.m, t.aux, t.s, t.kids, t.n = kind, m, aux, class, kids, n
	return ti, nil
}

// elements decodes the n elements of a strict array whose count field is
// at p. They are decoded into slots reserved in the elems arena up front,
// which is why n is checked against the bytes and the values left first:
// it is untrusted, and the reservation must stay within what the input
// itself could fill.
func (d *Decoder) elements(p int, n uint32) (unsafe.Pointer, error) {
	src := d.src
	p += 4
	d.pos = p
	// Every element takes at least one byte, as does every element of an
	// enclosing array not started yet: a count beyond the bytes left can
	// never be met.
	if need := uint64(n) + uint64(d.pending); need > uint64(len(src)-p) {
		more := ""
		if d.pending > 0 {
			more = " and " + strconv.Itoa(d.pending) + " more of enclosing arrays"
		}
		return nil, errAt("elements", p, "at least "+strconv.FormatUint(need, 10)+
			" byte(s) for "+strconv.FormatUint(uint64(n), 10)+" element(s)"+more+", input has "+strconv.Itoa(len(src)-p), wire.ErrTruncated)
	}
	if need := uint64(n) + uint64(d.pending); need > uint64(d.limVal-d.nvals) {
		return nil, errAt("count", p-4, "at most "+strconv.Itoa(d.limVal)+" values in one payload (Decoder.MaxValues), "+
			strconv.Itoa(d.nvals)+" decoded and "+strconv.FormatUint(need, 10)+" more announced", wire.ErrLimit)
	}
	if n == 0 {
		return nil, nil
	}
	at := len(d.elems)
	d.elems = append(d.elems, make([]Value, n)...)
	d.pending += int(n)
	for i := 0; i < int(n); i++ {
		d.pending--
		// Arrays of numbers (keyframe tables) dominate large payloads;
		// decoding them here saves a call per element.
		if p := d.pos; len(src)-p >= 9 && src[p] == byte(MarkerNumber) {
			d.nvals++
			e := &d.elems[at+i]
			e.kind, e.m, e.num = KindNumber, MarkerNumber, binary.BigEndian.Uint64(src[p+1:])
			d.pos = p + 9
			continue
		}
		ti, err := d.value(&d.elems[at+i])
		if err != nil {
			d.steps = append(d.steps, pathStep{index: i})
			return nil, err
		}
		if ti >= 0 {
			d.elems[at+i] = d.table[ti]
		}
	}
	return unsafe.Pointer(&d.elems[at]), nil
}

// properties reads "key value" pairs up to the empty key followed by the
// object-end marker. An empty key followed by any other marker is a
// property named "": the two cannot be confused, and keeping it is what
// byte-exactness asks.
func (d *Decoder) properties() (unsafe.Pointer, uint32, error) {
	src := d.src
	start := len(d.props)
	d.open++
	for {
		p := d.pos
		rest := len(src) - p
		if rest < 2 {
			return nil, 0, truncated("key.length", p, 2, rest)
		}
		kn := int(binary.BigEndian.Uint16(src[p:]))
		p += 2
		if kn == 0 {
			if p >= len(src) {
				return nil, 0, truncated("end", p, 1, 0)
			}
			if src[p] == byte(MarkerObjectEnd) {
				d.pos = p + 1
				break
			}
		}
		if kn > len(src)-p {
			return nil, 0, truncated("key.bytes", p, kn, len(src)-p)
		}
		if kn > d.limStr {
			return nil, 0, errAt("key.length", p-2, "a key of at most "+strconv.Itoa(d.limStr)+" bytes (Decoder.MaxStringBytes)", wire.ErrLimit)
		}
		key := str(src[p : p+kn])
		p += kn
		d.pos = p
		i := len(d.props)
		d.props = append(d.props, Property{})
		prop := &d.props[i]
		prop.Key = key
		// Numbers and short strings are most properties of commands and
		// metadata: decode them here, saving a call each.
		if rest := len(src) - p; rest >= 3 && d.nvals < d.limVal {
			switch Marker(src[p]) {
			case MarkerNumber:
				if rest >= 9 {
					d.nvals++
					d.pos = p + 9
					prop.Value.kind, prop.Value.m, prop.Value.num = KindNumber, MarkerNumber, binary.BigEndian.Uint64(src[p+1:])
					continue
				}
			case MarkerString:
				if n := int(binary.BigEndian.Uint16(src[p+1:])); n <= rest-3 && n <= d.limStr {
					d.nvals++
					d.pos = p + 3 + n
					prop.Value.kind, prop.Value.m, prop.Value.s = KindString, MarkerString, str(src[p+3:p+3+n])
					continue
				}
			}
		}
		ti, err := d.value(&prop.Value)
		if err != nil {
			d.steps = append(d.steps, pathStep{key: key, isKey: true})
			return nil, 0, err
		}
		if ti >= 0 {
			d.props[i].Value = d.table[ti]
		}
	}
	d.open--
	// n fits in uint32: limits caps the number of values below 2^31.
	n := len(d.props) - start
	if n == 0 {
		return nil, 0, nil
	}
	if d.open > 0 {
		at := len(d.nested)
		d.nested = append(d.nested, d.props[start:]...)
		clear(d.props[start:])
		d.props = d.props[:start]
		return unsafe.Pointer(&d.nested[at]), uint32(n), nil
	}
	return unsafe.Pointer(&d.props[start]), uint32(n), nil
}

// Decode decodes a whole payload with a new Decoder and default limits.
// It allocates; keep a Decoder to decode many payloads without.
func Decode(b []byte) ([]Value, error) {
	d := freshDecoders.Get().(*Decoder)
	vals, err := d.Decode(b)
	var out []Value
	var cerr error
	if d.sawRef {
		out, cerr = cloneAll(vals, false)
	} else {
		// Without references each property and element the arenas hold
		// belongs to exactly one value of vals (a failed value's are
		// unwound), so their lengths are the tree's size: no walk to
		// measure it.
		out = cloneSized(vals, cloneSize{props: len(d.props) + len(d.nested), vals: len(d.elems)}, false)
	}
	d.Reset()
	if d.forget() {
		freshDecoders.Put(d)
	}
	if cerr != nil {
		return nil, cerr
	}
	return out, err
}

// freshDecoders serve Decode: the values a new Decoder would hand out
// cost the garbage collector their whole arenas, grown for the payload,
// where a pooled Decoder's output copied into storage of exactly its size
// costs that size (about a third for a connect command).
var freshDecoders = sync.Pool{New: func() any { return new(Decoder) }}

// pooledCap bounds the storage a pooled Decoder keeps: forget clears all
// of it on every Decode, so a Decoder grown by one large payload is left
// to the collector rather than making every later small Decode pay.
const pooledCap = 512

// forget clears the storage a Reset kept, so that a pooled Decoder holds
// no reference into its last input, and reports whether the Decoder is
// small enough to pool again.
func (d *Decoder) forget() bool {
	if max(cap(d.top), cap(d.props), cap(d.nested), cap(d.elems), cap(d.table), cap(d.steps)) > pooledCap {
		return false
	}
	clear(d.top[:cap(d.top)])
	clear(d.props[:cap(d.props)])
	clear(d.nested[:cap(d.nested)])
	clear(d.elems[:cap(d.elems)])
	clear(d.table[:cap(d.table)])
	clear(d.steps[:cap(d.steps)])
	if d.a3 != nil {
		d.a3 = nil // its arenas would keep the input; AMF3 payloads are rare
		d.boxes = arena.Arena[amf3.Value]{}
	}
	return true
}

// amf3Value decodes the AMF3 value after an AVM+ marker; p is just past
// the marker. AMF0 resumes after it: the switch is for one value.
func (d *Decoder) amf3Value(dst *Value, p int) error {
	if d.a3 == nil {
		d.a3 = new(amf3.Decoder)
	}
	d.a3.Limits = amf3.Limits{MaxDepth: max(1, d.limDep-d.depth), MaxValues: d.limVal, MaxStringBytes: d.limStr}
	if d.AMF3Scope == AMF3PerValue {
		d.a3.NewTables()
		dst.aux = 1
	}
	v, n, err := d.a3.Next(d.src[p:])
	if err != nil {
		return wire.Shift(err, int64(p))
	}
	box := d.boxes.One()
	*box = v
	d.pos = p + n
	dst.kind, dst.m, dst.kids = KindAMF3, MarkerAVMPlus, unsafe.Pointer(box)
	return nil
}

// a3Mark records the AMF3 state a failed value must give back.
type a3Mark struct {
	cp  amf3.Checkpoint
	box arena.Mark
}

func (d *Decoder) a3Mark() a3Mark {
	if d.a3 == nil {
		return a3Mark{}
	}
	return a3Mark{d.a3.Checkpoint(), d.boxes.Mark()}
}

func (d *Decoder) a3Rollback(m a3Mark) {
	if d.a3 != nil {
		d.a3.Rollback(m.cp)
		d.boxes.Release(m.box)
	}
}
