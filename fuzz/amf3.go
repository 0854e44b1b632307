package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// amf3Warmup is decoded before the input so that the input meets a
// Decoder whose arenas hold an earlier payload.
var amf3Warmup = []byte{
	0x09, 0x05, 0x03, 'k', 0x06, 0x00, 0x01,
	0x0a, 0x13, 0x07, 'F', 'o', 'o', 0x03, 'x', 0x04, 0x05,
	0x0a, 0x01, 0x06, 0x02,
}

// CheckAMF3Decode checks the decoder on arbitrary bytes: no panic; every
// error is an amf3 *wire.Error inside the input with one known kind; the
// values before an error re-encode to the bytes they came from; whatever
// decodes re-encodes to exactly the input through one Encoder; Next, value
// by value, agrees with Decode; a value decoded alone has every strict
// prefix reported as io.ErrUnexpectedEOF (but for opaque externalizable
// payloads, which run to the end of any input); ToGo and String do not
// panic.
func CheckAMF3Decode(data []byte) error {
	if len(data) > 0 {
		if err := AMF3LimitsKeepMeaning(data, data[len(data)-1]); err != nil {
			return err
		}
	}
	var d amf3.Decoder
	if _, err := d.Decode(amf3Warmup); err != nil {
		return fmt.Errorf("warm-up payload: %v", err)
	}
	vals, err := d.Decode(data)
	var e amf3.Encoder
	var enc []byte
	for _, v := range vals {
		var encErr error
		if enc, encErr = e.Append(enc, v); encErr != nil {
			return fmt.Errorf("decoded value %v does not encode: %v", v, encErr)
		}
	}
	if err != nil {
		if e := checkWireError(err, len(data), "amf3"); e != nil {
			return e
		}
		if !bytes.HasPrefix(data, enc) {
			return fmt.Errorf("values before the error re-encode to %x, input starts %x", enc, data[:min(len(enc), len(data))])
		}
		return nil
	}
	if !bytes.Equal(enc, data) {
		return fmt.Errorf("re-encoded\n %x\ninput\n %x", enc, data)
	}
	for _, v := range vals {
		_ = v.ToGo()
		_ = v.String()
	}
	if err := amf3Views(data); err != nil {
		return err
	}
	if len(data) == 0 {
		return nil // an empty payload holds no value for DecodeValue
	}
	d.Reset()
	for p := 0; p < len(data); {
		_, k, err := d.Next(data[p:])
		if err != nil || k <= 0 {
			return fmt.Errorf("decoding with Next at %d: %d bytes, %v, where Decode succeeded", p, k, err)
		}
		p += k
	}
	v, k, err := d.DecodeValue(data)
	if err != nil {
		return fmt.Errorf("DecodeValue fails where Decode succeeded: %v", err)
	}
	if hasOpaque(v) {
		// An opaque payload anywhere inside ends where the input does.
		return nil
	}
	for _, cut := range []int{k - 1, k / 2, 0} {
		if cut < 0 || cut >= k {
			continue
		}
		_, _, err := d.DecodeValue(data[:cut])
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("value of %d bytes cut to %d: %v, want io.ErrUnexpectedEOF", k, cut, err)
		}
	}
	return nil
}

// hasOpaque reports whether v holds an externalizable payload kept as
// bytes. Every body is inline exactly once, so references are skipped,
// which also keeps cycles from looping.
func hasOpaque(v amf3.Value) bool {
	if v.IsRef() {
		return false
	}
	if _, ok := v.Opaque(); ok {
		return true
	}
	if inner, ok := v.Inner(); ok && hasOpaque(inner) {
		return true
	}
	for _, m := range v.Members() {
		if hasOpaque(m.Value) {
			return true
		}
	}
	for _, e := range v.Elems() {
		if hasOpaque(e) {
			return true
		}
	}
	return false
}

// checkWireError: a *wire.Error of one of the layers, with a field, an
// expectation, an offset inside the input and exactly one kind.
func checkWireError(err error, inputLen int, layers ...string) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		return fmt.Errorf("error %T %v is not a *wire.Error", err, err)
	}
	if !slices.Contains(layers, we.Layer) || we.Expected == "" || we.Field == "" {
		return fmt.Errorf("incomplete error %#v", we)
	}
	if we.Offset < 0 || we.Offset > int64(inputLen) {
		return fmt.Errorf("error offset %d outside input of %d bytes: %v", we.Offset, inputLen, err)
	}
	kinds := 0
	for _, k := range []error{wire.ErrTruncated, wire.ErrMalformed, wire.ErrLimit, wire.ErrUnsupported} {
		if errors.Is(err, k) {
			kinds++
		}
	}
	if kinds != 1 {
		return fmt.Errorf("error %v has %d kinds, want 1", err, kinds)
	}
	return nil
}

// CheckAMF3Build builds values from data with the package's builders
// (every marker, references, non-canonical U29s, nesting), encodes them as
// one payload, decodes the bytes, and checks that the decoded values write
// back the same bytes and convert (ToGo) to what the built ones convert to.
func CheckAMF3Build(data []byte) error {
	g := amf3Gen{b: data}
	var vals []amf3.Value
	for len(g.b) > 0 && len(vals) < 8 {
		vals = append(vals, g.value(0))
	}
	enc, err := amf3.AppendPayload(nil, vals...)
	if err != nil {
		return fmt.Errorf("built values do not encode: %v", err)
	}
	var d amf3.Decoder
	got, err := d.Decode(enc)
	if err != nil {
		return fmt.Errorf("encoded %x does not decode: %v", enc, err)
	}
	if len(got) != len(vals) {
		return fmt.Errorf("%d values built, %d decoded", len(vals), len(got))
	}
	again, err := amf3.AppendPayload(nil, got...)
	if err != nil || !bytes.Equal(again, enc) {
		return fmt.Errorf("decoded values re-encode to %x, %v; want %x", again, err, enc)
	}
	for i := range vals {
		if a, b := vals[i].ToGo(), got[i].ToGo(); !goEqual(a, b) {
			return fmt.Errorf("value %d: built %#v, decoded %#v", i, a, b)
		}
	}
	return nil
}

// goEqual is reflect.DeepEqual with NaN equal to NaN.
func goEqual(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok {
			return math.Float64bits(fa) == math.Float64bits(fb)
		}
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !goEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !goEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[any]any:
		y, ok := b.(map[any]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !goEqual(v, w) {
				return false
			}
		}
		return true
	case [][2]any:
		y, ok := b.([][2]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !goEqual(x[i][0], y[i][0]) || !goEqual(x[i][1], y[i][1]) {
				return false
			}
		}
		return true
	case []float64:
		y, ok := b.([]float64)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// amf3Gen turns fuzz bytes into values, taking what it needs from the
// front and zeros once they run out.
type amf3Gen struct {
	b []byte
	// complexes are the complex values built so far, in the order the
	// encoder will meet them inline, for references: only complete ones
	// (a reference to an open value would need the value to exist first).
	complexes []amf3.Value
	strs      []string
}

func (g *amf3Gen) byte() byte {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return c
}

func (g *amf3Gen) text() string {
	n := int(g.byte() % 8)
	n = min(n, len(g.b))
	s := string(g.b[:n])
	g.b = g.b[n:]
	return s
}

func (g *amf3Gen) hlen(v uint8) int {
	if v&0x80 != 0 {
		return 4 // the longest form any U29 may take
	}
	return 0
}

func (g *amf3Gen) str() amf3.Str {
	c := g.byte()
	if c&0x40 != 0 && len(g.strs) > 0 {
		i := int(c&0x3f) % len(g.strs)
		return amf3.NameRef(g.strs[i], uint32(i))
	}
	s := g.text()
	if s != "" {
		g.strs = append(g.strs, s)
	}
	return amf3.Name(s).WithHeaderLen(g.hlen(c))
}

// strValue is a string value, inline or a reference to the table.
func (g *amf3Gen) strValue(c byte) amf3.Value {
	s := g.str()
	if s.IsRef() {
		return amf3.StringRef(s.S, s.RefIndex())
	}
	return amf3.String(s.S).WithHeaderLen(g.hlen(c))
}

func (g *amf3Gen) value(depth int) amf3.Value {
	c := g.byte()
	kind := c % 20
	if depth > 4 && kind >= 7 {
		kind %= 7
	}
	switch kind {
	case 0:
		return amf3.Undefined()
	case 1:
		return amf3.Null()
	case 2:
		return amf3.Bool(c&0x20 != 0)
	case 3:
		x := int32(uint32(g.byte())<<24|uint32(g.byte())<<16|uint32(g.byte())<<8|uint32(g.byte())) >> 3
		return amf3.Integer(x).WithHeaderLen(g.hlen(c))
	case 4:
		var x uint64
		for range 8 {
			x = x<<8 | uint64(g.byte())
		}
		if c&0x20 != 0 {
			// Number picks an integer for integral values in range, as
			// Flash Player writes them.
			return amf3.Number(float64(int32(x)) / float64(1+c>>6))
		}
		return amf3.Double(math.Float64frombits(x))
	case 5, 6:
		return g.strValue(c)
	case 7:
		if len(g.complexes) > 0 {
			i := int(g.byte()) % len(g.complexes)
			if t := g.complexes[i]; t.IsValid() { // not an open container
				return amf3.Ref(t, uint32(i))
			}
		}
		return amf3.Null()
	}
	var v amf3.Value
	switch kind {
	case 8:
		v = amf3.XML(g.text())
	case 9:
		v = amf3.XMLDocument(g.text())
	case 10:
		v = amf3.ByteArray([]byte(g.text()))
	case 11:
		ms := int32(uint32(g.byte())<<8 | uint32(g.byte()))
		v = amf3.Date(float64(ms))
		if c&0x20 != 0 {
			v = amf3.Time(time.UnixMilli(int64(ms)))
		}
		if c&0x40 != 0 {
			// The date header's bits above the inline flag carry nothing,
			// and are kept.
			v = v.WithHeader(uint32(g.byte()) << 1)
		}
	case 12:
		v = amf3.VectorInt(c&0x20 != 0, int32(g.byte()), -int32(g.byte()))
	case 13:
		v = amf3.VectorUint(c&0x20 != 0, uint32(g.byte())<<24)
	case 14:
		v = amf3.VectorDouble(c&0x20 != 0, float64(g.byte())/3)
	}
	if kind >= 12 && kind <= 14 && c&0x40 != 0 {
		v = v.WithFlag(g.byte()) // a fixed-vector byte other than 0 and 1
	}
	if v.IsValid() {
		g.complexes = append(g.complexes, v)
		return v
	}
	return g.container(kind, c, depth)
}

// arrayCollection is a class whose externalizable payload is one value.
const arrayCollection = "flex.messaging.io.ArrayCollection"

// container builds an array, object, vector of objects or dictionary.
// Its slot is taken before its children, as the encoder numbers it, but
// it becomes a reference target only once complete.
func (g *amf3Gen) container(kind, c byte, depth int) amf3.Value {
	slot := len(g.complexes)
	g.complexes = append(g.complexes, amf3.Value{})
	// An ArrayCollection (a class whose payload is one value) around a
	// vector of objects: the object comes first in the table.
	external := kind == 18 && c&0x40 != 0
	if external {
		g.complexes = append(g.complexes, amf3.Value{})
		g.strs = append(g.strs, arrayCollection) // the class name, written first
	}
	n := int(g.byte() % 4)
	var v amf3.Value
	switch kind {
	case 15:
		var assoc []amf3.Member
		for range int(c>>5) % 3 {
			k := g.str()
			if k.S == "" && !k.IsRef() {
				continue
			}
			assoc = append(assoc, amf3.Member{Key: k, Value: g.value(depth + 1)})
		}
		dense := make([]amf3.Value, n)
		for i := range dense {
			dense[i] = g.value(depth + 1)
		}
		v = amf3.Array(assoc, dense...)
		if c&0x10 != 0 {
			v = v.WithEndLen(int(g.byte() % 5))
		}
	case 16, 17:
		t := &amf3.Traits{Class: g.str(), Dynamic: c&0x20 != 0}
		for range n {
			t.Sealed = append(t.Sealed, g.str())
		}
		sealed := make([]amf3.Value, n)
		for i := range sealed {
			sealed[i] = g.value(depth + 1)
		}
		var dyn []amf3.Member
		if t.Dynamic {
			for range int(c>>6) % 3 {
				k := g.str()
				if k.S == "" && !k.IsRef() {
					continue
				}
				dyn = append(dyn, amf3.Member{Key: k, Value: g.value(depth + 1)})
			}
		}
		v = amf3.Object(t, sealed, dyn...)
		if t.Dynamic && c&0x10 != 0 {
			v = v.WithEndLen(int(g.byte() % 5))
		}
	case 18:
		name := g.text()
		if name != "" {
			g.strs = append(g.strs, name) // written before the elements
		}
		elems := make([]amf3.Value, n)
		for i := range elems {
			elems[i] = g.value(depth + 1)
		}
		v = amf3.VectorObject(c&0x20 != 0, name, elems...)
		if external {
			g.complexes[slot+1] = v
			v = amf3.External(arrayCollection, v)
		}
	default:
		// String keys, as Flash writes for most dictionaries, keep
		// ToGo's map comparable (a NaN key would never compare equal).
		kv := make([]amf3.Value, 2*n)
		for i := 0; i < len(kv); i += 2 {
			kv[i] = g.strValue(g.byte())
			kv[i+1] = g.value(depth + 1)
		}
		v = amf3.Dictionary(c&0x20 != 0, kv...)
	}
	g.complexes[slot] = v
	return v
}
