package amf0

import (
	"encoding/binary"
	"math"
	"strconv"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
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
	// object is open and once when it is done; a complex value also has a
	// table entry), so the default bounds a decoder's memory to some 45 MB
	// whatever the input says; an onMetaData with keyframe tables for
	// hours of video stays well below it.
	DefaultMaxValues = 1 << 18

	// DefaultMaxStringBytes is the longest string (String, Long String,
	// XML document, key or class name) a payload may hold. Strings alias
	// the input, so this bounds what a caller may later copy rather than
	// what the decoder holds; 16 MiB is what one RTMP message can carry.
	DefaultMaxStringBytes = 1 << 24
)

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
	// MaxDepth limits nesting of complex values; 0 means DefaultMaxDepth
	// and values above MaxDepthLimit count as MaxDepthLimit.
	MaxDepth int
	// MaxValues limits the number of values in a payload; 0 means
	// DefaultMaxValues.
	MaxValues int
	// MaxStringBytes limits the length of any one string; 0 means
	// DefaultMaxStringBytes.
	MaxStringBytes int

	src    []byte
	pos    int
	depth  int
	nvals  int
	limDep int
	limVal int
	limStr int

	top    []Value    // top-level values of Decode
	props  []Property // finished properties, each container's contiguous
	elems  []Value    // finished strict-array elements, likewise
	pstack []Property // properties of containers still open
	vstack []Value    // elements of strict arrays still open
	table  []Value    // complex values in start order; zero while open
	steps  []pathStep // path to the value that failed, innermost first
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
		v, err := d.value()
		if err != nil {
			d.src = nil
			d.steps = append(d.steps, pathStep{index: len(d.top)})
			return d.top, withPath(err, d.steps)
		}
		d.top = append(d.top, v)
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
func (d *Decoder) Next(b []byte) (Value, int, error) {
	d.limits()
	d.src = b
	d.pos = 0
	d.steps = d.steps[:0]
	v, err := d.value()
	n := d.pos
	d.src = nil
	if err != nil {
		return Value{}, 0, withPath(err, d.steps)
	}
	return v, n, nil
}

// Reset starts a new payload: it forgets the table of complex values and
// invalidates every Value the decoder has returned, keeping the storage.
func (d *Decoder) Reset() {
	d.top = d.top[:0]
	d.props = d.props[:0]
	d.elems = d.elems[:0]
	d.pstack = d.pstack[:0]
	d.vstack = d.vstack[:0]
	d.table = d.table[:0]
	d.steps = d.steps[:0]
	d.nvals = 0
	d.depth = 0
	d.limits()
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

func (d *Decoder) value() (Value, error) {
	src := d.src
	p := d.pos
	if p >= len(src) {
		return Value{}, truncated("marker", p, 1, 0)
	}
	d.nvals++
	if d.nvals > d.limVal {
		return Value{}, errAt("marker", p, "at most "+strconv.Itoa(d.limVal)+" values in one payload (Decoder.MaxValues)", wire.ErrLimit)
	}
	m := Marker(src[p])
	p++
	rest := len(src) - p
	switch m {
	case MarkerNumber:
		if rest < 8 {
			return Value{}, truncated("number", p, 8, rest)
		}
		d.pos = p + 8
		return Value{kind: KindNumber, m: m, num: binary.BigEndian.Uint64(src[p:])}, nil
	case MarkerBoolean:
		if rest < 1 {
			return Value{}, truncated("boolean", p, 1, rest)
		}
		d.pos = p + 1
		return Value{kind: KindBoolean, m: m, b: src[p]}, nil
	case MarkerString:
		if rest < 2 {
			return Value{}, truncated("length", p, 2, rest)
		}
		s, err := d.bytes(p, p+2, uint32(binary.BigEndian.Uint16(src[p:])))
		return Value{kind: KindString, m: m, s: s}, err
	case MarkerLongString, MarkerXMLDocument:
		if rest < 4 {
			return Value{}, truncated("length", p, 4, rest)
		}
		s, err := d.bytes(p, p+4, binary.BigEndian.Uint32(src[p:]))
		k := KindString
		if m == MarkerXMLDocument {
			k = KindXMLDocument
		}
		return Value{kind: k, m: m, s: s}, err
	case MarkerNull:
		d.pos = p
		return Value{kind: KindNull, m: m}, nil
	case MarkerUndefined:
		d.pos = p
		return Value{kind: KindUndefined, m: m}, nil
	case MarkerUnsupported:
		d.pos = p
		return Value{kind: KindUnsupported, m: m}, nil
	case MarkerDate:
		if rest < 10 {
			return Value{}, truncated("date", p, 10, rest)
		}
		d.pos = p + 10
		return Value{kind: KindDate, m: m, num: binary.BigEndian.Uint64(src[p:]), tz: int16(binary.BigEndian.Uint16(src[p+8:]))}, nil
	case MarkerReference:
		if rest < 2 {
			return Value{}, truncated("index", p, 2, rest)
		}
		i := int(binary.BigEndian.Uint16(src[p:]))
		if i >= len(d.table) {
			return Value{}, errAt("index", p, "an index below "+strconv.Itoa(len(d.table))+
				" (complex values started so far in this payload), got "+strconv.Itoa(i), ErrBadReference)
		}
		t := &d.table[i]
		if t.kind == KindInvalid {
			return Value{}, errAt("index", p, "a complete complex value, got "+strconv.Itoa(i)+
				", which is still being decoded and would contain itself", ErrBadReference)
		}
		d.pos = p + 2
		return Value{kind: KindReference, m: m, aux: uint32(i), kids: unsafe.Pointer(t)}, nil
	case MarkerObject, MarkerECMAArray, MarkerTypedObject, MarkerStrictArray:
		return d.complex(m, p)
	case MarkerObjectEnd:
		return Value{}, errAt("marker", p-1, "a value marker; object-end (0x09) only follows an empty key", wire.ErrMalformed)
	case MarkerMovieClip, MarkerRecordSet:
		return Value{}, errAt("marker", p-1, "a value marker; "+hexByte(byte(m))+" ("+m.String()+") is reserved and has no defined payload", ErrReservedMarker)
	case MarkerAVMPlus:
		return Value{}, errAt("marker", p-1, "an AMF0 value; 0x11 switches to AMF3, which is not decoded", ErrAMF3)
	}
	return Value{}, errAt("marker", p-1, "a value marker 0x00-0x10, got "+hexByte(byte(m)), ErrUnknownMarker)
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
// whose marker ended just before p.
func (d *Decoder) complex(m Marker, p int) (Value, error) {
	if d.depth >= d.limDep {
		return Value{}, errAt("marker", p-1, "at most "+strconv.Itoa(d.limDep)+" nested complex values (Decoder.MaxDepth)", wire.ErrLimit)
	}
	src := d.src
	rest := len(src) - p
	var v Value
	v.m = m
	switch m {
	case MarkerObject:
		v.kind = KindObject
	case MarkerECMAArray:
		if rest < 4 {
			return Value{}, truncated("count", p, 4, rest)
		}
		v.kind = KindECMAArray
		v.aux = binary.BigEndian.Uint32(src[p:])
		p += 4
	case MarkerTypedObject:
		if rest < 2 {
			return Value{}, truncated("class.length", p, 2, rest)
		}
		d.pos = p
		s, err := d.bytes(p, p+2, uint32(binary.BigEndian.Uint16(src[p:])))
		if err != nil {
			return Value{}, withPart(err, "class")
		}
		v.kind = KindTypedObject
		v.s = s
		p = d.pos
	case MarkerStrictArray:
		if rest < 4 {
			return Value{}, truncated("count", p, 4, rest)
		}
		n := binary.BigEndian.Uint32(src[p:])
		p += 4
		// Every value takes at least one byte: a count beyond the bytes
		// left can never be met, so stop here rather than after
		// decoding (and storing) as many values as the input holds.
		if uint64(n) > uint64(len(src)-p) {
			return Value{}, errAt("elements", p, "at least "+strconv.FormatUint(uint64(n), 10)+
				" byte(s) for "+strconv.FormatUint(uint64(n), 10)+" element(s), input has "+strconv.Itoa(len(src)-p), wire.ErrTruncated)
		}
		v.kind = KindStrictArray
		v.n = n
	}
	d.pos = p
	ti := len(d.table)
	d.table = append(d.table, Value{})
	d.depth++
	var err error
	if m == MarkerStrictArray {
		err = d.elements(&v)
	} else {
		err = d.properties(&v)
	}
	d.depth--
	if err != nil {
		return Value{}, err
	}
	d.table[ti] = v
	return v, nil
}

func (d *Decoder) elements(v *Value) error {
	start := len(d.vstack)
	src := d.src
	for i := 0; i < int(v.n); i++ {
		// Arrays of numbers (keyframe tables) dominate large payloads;
		// decoding them here saves a call and a copy per element.
		if p := d.pos; len(src)-p >= 9 && src[p] == byte(MarkerNumber) && d.nvals < d.limVal {
			d.nvals++
			d.vstack = append(d.vstack, Value{kind: KindNumber, m: MarkerNumber, num: binary.BigEndian.Uint64(src[p+1:])})
			d.pos = p + 9
			continue
		}
		e, err := d.value()
		if err != nil {
			d.vstack = d.vstack[:start]
			d.steps = append(d.steps, pathStep{index: i})
			return err
		}
		d.vstack = append(d.vstack, e)
	}
	if v.n > 0 {
		at := len(d.elems)
		d.elems = append(d.elems, d.vstack[start:]...)
		v.kids = unsafe.Pointer(&d.elems[at])
	}
	d.vstack = d.vstack[:start]
	return nil
}

func (d *Decoder) properties(v *Value) error {
	start := len(d.pstack)
	err := d.propLoop()
	if err != nil {
		d.pstack = d.pstack[:start]
		return err
	}
	// n fits in uint32: limits caps the number of values below 2^31.
	n := len(d.pstack) - start
	if n > 0 {
		at := len(d.props)
		d.props = append(d.props, d.pstack[start:]...)
		v.kids = unsafe.Pointer(&d.props[at])
		v.n = uint32(n)
	}
	d.pstack = d.pstack[:start]
	return nil
}

// propLoop reads "key value" pairs up to the empty key followed by the
// object-end marker. An empty key followed by any other marker is a
// property named "": the two cannot be confused, and keeping it is what
// byte-exactness asks.
func (d *Decoder) propLoop() error {
	src := d.src
	for {
		p := d.pos
		rest := len(src) - p
		if rest < 2 {
			return truncated("key.length", p, 2, rest)
		}
		kn := int(binary.BigEndian.Uint16(src[p:]))
		p += 2
		if kn == 0 {
			if p >= len(src) {
				return truncated("end", p, 1, 0)
			}
			if src[p] == byte(MarkerObjectEnd) {
				d.pos = p + 1
				return nil
			}
		}
		if kn > len(src)-p {
			return truncated("key.bytes", p, kn, len(src)-p)
		}
		if kn > d.limStr {
			return errAt("key.length", p-2, "a key of at most "+strconv.Itoa(d.limStr)+" bytes (Decoder.MaxStringBytes)", wire.ErrLimit)
		}
		key := str(src[p : p+kn])
		p += kn
		d.pos = p
		// Numbers and short strings are most properties of commands and
		// metadata: decode them here, saving a call and a copy each.
		if rest := len(src) - p; rest >= 3 && d.nvals < d.limVal {
			switch Marker(src[p]) {
			case MarkerNumber:
				if rest >= 9 {
					d.nvals++
					d.pos = p + 9
					d.pstack = append(d.pstack, Property{Key: key, Value: Value{kind: KindNumber, m: MarkerNumber, num: binary.BigEndian.Uint64(src[p+1:])}})
					continue
				}
			case MarkerString:
				if n := int(binary.BigEndian.Uint16(src[p+1:])); n <= rest-3 && n <= d.limStr {
					d.nvals++
					d.pos = p + 3 + n
					d.pstack = append(d.pstack, Property{Key: key, Value: Value{kind: KindString, m: MarkerString, s: str(src[p+3 : p+3+n])}})
					continue
				}
			}
		}
		val, err := d.value()
		if err != nil {
			d.steps = append(d.steps, pathStep{key: key, isKey: true})
			return err
		}
		d.pstack = append(d.pstack, Property{Key: key, Value: val})
	}
}

// Decode decodes a whole payload with a new Decoder and default limits.
// It allocates; keep a Decoder to decode many payloads without.
func Decode(b []byte) ([]Value, error) {
	var d Decoder
	return d.Decode(b)
}
