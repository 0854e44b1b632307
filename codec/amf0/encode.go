package amf0

import (
	"encoding/binary"
	"math"
	"strconv"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Append appends the encoding of v to b, treating v as a payload of its
// own (a reference in v may only point inside v). It allocates only when
// b lacks room; v.Size() says how much is needed. On error it returns b
// unchanged and a *wire.Error whose Offset counts from len(b).
//
// Append refuses what no decoder could read back: the zero Value, a key or
// class name over 65535 bytes, a string over the limit of its marker, a
// reference to a complex value that is not complete before it, and nesting
// deeper than MaxDepthLimit (which only a cyclic built value reaches).
func (v Value) Append(b []byte) ([]byte, error) {
	e := encoder{b: b, base: len(b)}
	err := e.value(&v, 0, nil)
	e.done()
	if err != nil {
		return b, withPath(err, e.steps)
	}
	return e.b, nil
}

// Size returns the exact length of v's encoding, or -1 when Append would
// refuse v.
func (v Value) Size() int {
	e := encoder{measure: true}
	err := e.value(&v, 0, nil)
	e.done()
	if err != nil {
		return -1
	}
	return e.n
}

// AppendPayload appends the encoding of a payload: vals one after the
// other, sharing one table of complex values for references, as in a
// command or data message. Errors are as for Value.Append, with the value's
// index first in the error's Field.
func AppendPayload(b []byte, vals ...Value) ([]byte, error) {
	e := encoder{b: b, base: len(b)}
	for i := range vals {
		if err := e.value(&vals[i], 0, nil); err != nil {
			e.done()
			e.steps = append(e.steps, pathStep{index: i})
			return b, withPath(err, e.steps)
		}
	}
	e.done()
	return e.b, nil
}

// PayloadSize returns the exact length AppendPayload would append, or -1
// when it would refuse vals.
func PayloadSize(vals ...Value) int {
	e := encoder{measure: true}
	for i := range vals {
		if e.value(&vals[i], 0, nil) != nil {
			e.done()
			return -1
		}
	}
	e.done()
	return e.n
}

// encoder writes or, with measure set, only counts: one walker serves
// Append and Size so that they cannot disagree on length or on what they
// refuse.
type encoder struct {
	b       []byte
	base    int
	n       int
	measure bool
	started int        // complex values started so far, for reference checks
	steps   []pathStep // path to the value refused, innermost first
	a3      *amf3State // the AMF3 tables of the payload, from a pool at its first AVM+ value
}

// amf3State is what writing AMF3 values needs: the payload's tables and,
// for Size, somewhere to write the value being measured. Pooled, so that
// writing AMF3 allocates nothing once warm.
type amf3State struct {
	enc     amf3.Encoder
	scratch []byte
}

var amf3States = sync.Pool{New: func() any { return new(amf3State) }}

// done returns the AMF3 state, if any, to its pool; small enough to be
// inlined into every Append, which writes AMF3 rarely.
func (e *encoder) done() {
	if e.a3 != nil {
		e.releaseAMF3()
	}
}

func (e *encoder) releaseAMF3() {
	e.a3.enc.Reset()
	e.a3.scratch = e.a3.scratch[:0]
	amf3States.Put(e.a3)
	e.a3 = nil
}

// openFrame links the complex values being written, innermost first, so a
// reference to one of them (a value containing itself) is caught.
type openFrame struct {
	idx int
	up  *openFrame
}

func (e *encoder) off() int {
	if e.measure {
		return e.n
	}
	return len(e.b) - e.base
}

func (e *encoder) put1(x byte) {
	if e.measure {
		e.n++
		return
	}
	e.b = append(e.b, x)
}

func (e *encoder) put2(x uint16) {
	if e.measure {
		e.n += 2
		return
	}
	e.b = binary.BigEndian.AppendUint16(e.b, x)
}

func (e *encoder) put4(x uint32) {
	if e.measure {
		e.n += 4
		return
	}
	e.b = binary.BigEndian.AppendUint32(e.b, x)
}

func (e *encoder) put8(x uint64) {
	if e.measure {
		e.n += 8
		return
	}
	e.b = binary.BigEndian.AppendUint64(e.b, x)
}

func (e *encoder) puts(s string) {
	if e.measure {
		e.n += len(s)
		return
	}
	e.b = append(e.b, s...)
}

func (e *encoder) constraint(field, expected string) error {
	return errAt(field, e.off(), expected, wire.ErrConstraint)
}

func (e *encoder) value(v *Value, depth int, up *openFrame) error {
	switch v.kind {
	case KindNumber:
		e.put1(byte(MarkerNumber))
		e.put8(v.num)
	case KindBoolean:
		e.put1(byte(MarkerBoolean))
		e.put1(v.b)
	case KindString:
		if v.m == MarkerString {
			if len(v.s) > math.MaxUint16 {
				return e.constraint("length", "at most 65535 bytes for marker String (0x02), got "+strconv.Itoa(len(v.s)))
			}
			e.put1(byte(MarkerString))
			e.put2(uint16(len(v.s)))
		} else {
			if uint64(len(v.s)) > math.MaxUint32 {
				return e.constraint("length", "at most 2^32-1 bytes for marker Long String (0x0C)")
			}
			e.put1(byte(MarkerLongString))
			e.put4(uint32(len(v.s)))
		}
		e.puts(v.s)
	case KindXMLDocument:
		if uint64(len(v.s)) > math.MaxUint32 {
			return e.constraint("length", "at most 2^32-1 bytes for an XML document")
		}
		e.put1(byte(MarkerXMLDocument))
		e.put4(uint32(len(v.s)))
		e.puts(v.s)
	case KindNull, KindUndefined, KindUnsupported:
		e.put1(byte(v.m))
	case KindDate:
		e.put1(byte(MarkerDate))
		e.put8(v.num)
		e.put2(uint16(v.tz))
	case KindReference:
		i := int(v.aux)
		if i >= e.started {
			return e.constraint("index", "an index below "+strconv.Itoa(e.started)+
				" (complex values started before this reference in its payload), got "+strconv.Itoa(i))
		}
		for f := up; f != nil; f = f.up {
			if f.idx == i {
				return e.constraint("index", "a complete complex value, got "+strconv.Itoa(i)+", which contains this reference")
			}
		}
		e.put1(byte(MarkerReference))
		e.put2(uint16(i))
	case KindObject, KindECMAArray, KindTypedObject, KindStrictArray:
		return e.complex(v, depth, up)
	case KindAMF3:
		return e.amf3(v)
	default:
		return e.constraint("marker", "a valid Value; the zero Value has no encoding")
	}
	return nil
}

func (e *encoder) complex(v *Value, depth int, up *openFrame) error {
	if depth >= MaxDepthLimit {
		return errAt("marker", e.off(), "at most "+strconv.Itoa(MaxDepthLimit)+
			" nested complex values (MaxDepthLimit); a built value that contains itself never ends", wire.ErrLimit)
	}
	frame := openFrame{idx: e.started, up: up}
	e.started++
	switch v.kind {
	case KindStrictArray:
		e.put1(byte(MarkerStrictArray))
		e.put4(v.n)
		elems := v.Elems()
		for i := range elems {
			if !e.measure {
				if b, ok := appendScalar(e.b, &elems[i]); ok {
					e.b = b
					continue
				}
			}
			if err := e.value(&elems[i], depth+1, &frame); err != nil {
				e.steps = append(e.steps, pathStep{index: i})
				return err
			}
		}
		return nil
	case KindObject:
		e.put1(byte(MarkerObject))
	case KindECMAArray:
		e.put1(byte(MarkerECMAArray))
		e.put4(v.aux)
	case KindTypedObject:
		if len(v.s) > math.MaxUint16 {
			return e.constraint("class.length", "a class name of at most 65535 bytes, got "+strconv.Itoa(len(v.s)))
		}
		e.put1(byte(MarkerTypedObject))
		e.put2(uint16(len(v.s)))
		e.puts(v.s)
	}
	props := v.Props()
	if !e.measure {
		return e.writeProps(props, depth, &frame)
	}
	for i := range props {
		p := &props[i]
		if len(p.Key) > math.MaxUint16 {
			e.steps = append(e.steps, pathStep{index: i})
			return e.constraint("key.length", "a key of at most 65535 bytes, got "+strconv.Itoa(len(p.Key)))
		}
		e.n += 2 + len(p.Key)
		if err := e.value(&p.Value, depth+1, &frame); err != nil {
			e.steps = append(e.steps, pathStep{key: p.Key, isKey: true})
			return err
		}
	}
	e.n += 3
	return nil
}

// writeProps writes properties and the object end, keeping the output
// in a local slice while the values are scalars (most are) and handing it
// back to the encoder only around the others.
func (e *encoder) writeProps(props []Property, depth int, frame *openFrame) error {
	b := e.b
	for i := range props {
		p := &props[i]
		if len(p.Key) > math.MaxUint16 {
			e.b = b
			e.steps = append(e.steps, pathStep{index: i})
			return e.constraint("key.length", "a key of at most 65535 bytes, got "+strconv.Itoa(len(p.Key)))
		}
		b = append(b, byte(len(p.Key)>>8), byte(len(p.Key)))
		b = append(b, p.Key...)
		var ok bool
		if b, ok = appendScalar(b, &p.Value); ok {
			continue
		}
		e.b = b
		if err := e.value(&p.Value, depth+1, frame); err != nil {
			e.steps = append(e.steps, pathStep{key: p.Key, isKey: true})
			return err
		}
		b = e.b
	}
	e.b = append(b, 0, 0, byte(MarkerObjectEnd))
	return nil
}

// appendScalar appends v in one go when it is a number, boolean, null,
// undefined or String-marker string that fits its length field, which is
// most of any payload, and reports false, appending nothing, for every
// other value. Working on a local slice rather than through the encoder
// saves storing the slice back after every field; the general walker
// still writes, measures and refuses everything else.
func appendScalar(b []byte, v *Value) ([]byte, bool) {
	switch v.kind {
	case KindNumber:
		b = append(b, byte(MarkerNumber))
		return binary.BigEndian.AppendUint64(b, v.num), true
	case KindString:
		if v.m != MarkerString || len(v.s) > math.MaxUint16 {
			return b, false
		}
		b = append(b, byte(MarkerString), byte(len(v.s)>>8), byte(len(v.s)))
		return append(b, v.s...), true
	case KindBoolean:
		return append(b, byte(MarkerBoolean), v.b), true
	case KindNull, KindUndefined:
		return append(b, byte(v.m)), true
	}
	return b, false
}

// amf3 writes an AVM+ marker and its AMF3 value, with the payload's AMF3
// tables or, for a value with FreshTables, tables of its own.
func (e *encoder) amf3(v *Value) error {
	inner, ok := v.AMF3()
	if !ok {
		return e.constraint("marker", "an AMF3 value after the AVM+ marker")
	}
	if e.a3 == nil {
		e.a3 = amf3States.Get().(*amf3State)
	}
	if v.FreshTables() {
		e.a3.enc.Reset()
	}
	off := e.off()
	e.put1(byte(MarkerAVMPlus))
	var err error
	if e.measure {
		e.a3.scratch, err = e.a3.enc.Append(e.a3.scratch[:0], inner)
		e.n += len(e.a3.scratch)
	} else {
		e.b, err = e.a3.enc.Append(e.b, inner)
	}
	if err != nil {
		return wire.Shift(err, int64(off+1))
	}
	return nil
}
