package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// amf0Warmup is decoded before the input so that the input is decoded by a
// Decoder whose arenas hold an earlier payload, as in a server: a bug in
// arena reuse shows up as a round-trip failure.
var amf0Warmup = []byte{
	0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't',
	0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
	0x03, 0x00, 0x01, 'a', 0x0a, 0, 0, 0, 2, 0x05, 0x03, 0x00, 0x00, 0x09, 0x00, 0x00, 0x09,
	0x07, 0x00, 0x02,
}

// CheckAMF0Decode checks the decoder on arbitrary bytes: no panic; every
// error is an amf0 *wire.Error inside the input with a known kind; the
// values returned before an error re-encode to the bytes they came from;
// whatever decodes re-encodes to exactly the consumed bytes, with
// PayloadSize and Size predicting the length; decoding value by value with
// Next agrees with Decode; a value decoded alone has every strict prefix
// reported as io.ErrUnexpectedEOF; ToGo and String do not panic.
func CheckAMF0Decode(data []byte) error {
	if len(data) > 0 {
		if err := AMF0LimitsKeepMeaning(data, data[len(data)-1]); err != nil {
			return err
		}
	}
	var d amf0.Decoder
	if _, err := d.Decode(amf0Warmup); err != nil {
		return fmt.Errorf("warm-up payload: %v", err)
	}
	vals, err := d.Decode(data)
	n := amf0.PayloadSize(vals...)
	enc, encErr := amf0.AppendPayload(nil, vals...)
	if encErr != nil || len(enc) != n {
		return fmt.Errorf("decoded values do not encode (len %d, PayloadSize %d): %v", len(enc), n, encErr)
	}
	if err != nil {
		if e := checkAMF0Error(err, len(data)); e != nil {
			return e
		}
		if !bytes.Equal(enc, data[:min(n, len(data))]) {
			return fmt.Errorf("values before the error re-encode to %x, input starts %x", enc, data[:min(n, len(data))])
		}
	} else {
		if !bytes.Equal(enc, data) {
			return fmt.Errorf("re-encoded\n %x\ninput\n %x", enc, data)
		}
		for _, v := range vals {
			_ = v.ToGo()
			_ = v.String()
		}
		// Next, value by value, must see the same payload.
		d.Reset()
		var again []byte
		for p := 0; p < len(data); {
			v, k, err := d.Next(data[p:])
			if err != nil {
				return fmt.Errorf("decoding with Next at %d fails where Decode succeeded: %v", p, err)
			}
			if k <= 0 {
				return fmt.Errorf("decoding with Next at %d consumed %d bytes", p, k)
			}
			again = append(again, data[p:p+k]...)
			if s := v.Size(); s != -1 && s != k {
				return fmt.Errorf("value.Size() is %d for a value of %d bytes", s, k)
			}
			p += k
		}
		if !bytes.Equal(again, data) {
			return fmt.Errorf("decoding with Next split the payload wrongly")
		}
		if err := amf0Views(data); err != nil {
			return err
		}
	}

	v, k, err := d.DecodeValue(data)
	if err != nil {
		return checkAMF0Error(err, len(data))
	}
	one, err := v.Append(nil)
	if err != nil || !bytes.Equal(one, data[:k]) {
		return fmt.Errorf("value of %d bytes from DecodeValue re-encodes to %x, %v", k, one, err)
	}
	for _, cut := range []int{k - 1, k / 2, 0} {
		if cut < 0 || cut >= k || amf0HasOpaque(v, 0) {
			// An AMF3 externalizable payload kept as bytes runs to the
			// end of the input: a prefix ends it sooner and still decodes.
			continue
		}
		_, _, err := d.DecodeValue(data[:cut])
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("value of %d bytes cut to %d: %v, want io.ErrUnexpectedEOF", k, cut, err)
		}
		if e := checkAMF0Error(err, cut); e != nil {
			return e
		}
	}
	return nil
}

// amf0HasOpaque reports whether v holds, in an AMF3 value after an AVM+
// marker, an externalizable payload kept as bytes. References are not
// followed (their targets are inline elsewhere in the tree).
func amf0HasOpaque(v amf0.Value, depth int) bool {
	if depth > amf0.MaxDepthLimit {
		return false
	}
	if inner, ok := v.AMF3(); ok {
		return hasOpaque(inner)
	}
	for _, p := range v.Props() {
		if amf0HasOpaque(p.Value, depth+1) {
			return true
		}
	}
	for _, e := range v.Elems() {
		if amf0HasOpaque(e, depth+1) {
			return true
		}
	}
	return false
}

// checkAMF0Error: an error of the AMF0 layer, or of the AMF3 layer for
// a value after an AVM+ marker.
func checkAMF0Error(err error, inputLen int) error {
	return checkWireError(err, inputLen, "amf0", "amf3")
}

// CheckAMF0Build builds a payload of values from data (every kind and wire
// choice, nested), encodes it, decodes the bytes and compares: the decoded
// values must equal the built ones exactly (float bits, markers, counts,
// order), and their ToGo forms must be equal with NaN equal to NaN. The
// only refusal allowed is a reference the builder pointed at a value not
// complete before it.
func CheckAMF0Build(data []byte) error {
	g := amf0Gen{b: data}
	var vals []amf0.Value
	for len(g.b) > 0 && len(vals) < 8 {
		vals = append(vals, g.value(0))
	}
	n := amf0.PayloadSize(vals...)
	enc, err := amf0.AppendPayload(nil, vals...)
	if err != nil {
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, wire.ErrConstraint) || !strings.HasSuffix(we.Field, "index") {
			return fmt.Errorf("encoding built values: %v", err)
		}
		if !g.refs {
			return fmt.Errorf("refused a payload without references: %v", err)
		}
		if n != -1 {
			return fmt.Errorf("payload size %d for a refused payload", n)
		}
		return nil
	}
	if len(enc) != n {
		return fmt.Errorf("payload size %d, encoded %d bytes", n, len(enc))
	}
	var d amf0.Decoder
	got, err := d.Decode(enc)
	if err != nil {
		return fmt.Errorf("decoding %x: %v", enc, err)
	}
	// The snapshots hold float bits, so plain deep equality is exact and
	// NaN-safe. go-cmp only writes the report: on nested slices it runs
	// its edit-distance search at every level, which costs milliseconds
	// per input and would starve the fuzzer.
	built, decoded := amf0Snapshots(vals), amf0Snapshots(got)
	if !reflect.DeepEqual(built, decoded) {
		return fmt.Errorf("decoded differs from built (-built +decoded):\n%s", cmp.Diff(built, decoded))
	}
	// ToGo turns numbers into float64s, where NaN != NaN: compare with
	// go-cmp's EquateNaNs, on payloads small enough for it to be quick.
	if !g.refs && g.values <= 24 {
		var a, b []any
		for i := range vals {
			a = append(a, vals[i].ToGo())
			b = append(b, got[i].ToGo())
		}
		if !cmp.Equal(a, b, cmpopts.EquateNaNs()) {
			return fmt.Errorf("ToGo differs (-built +decoded):\n%s", cmp.Diff(a, b, cmpopts.EquateNaNs()))
		}
	}
	return nil
}

// amf0Node is everything a Value carries, in exported fields for go-cmp.
// Numbers and dates are compared by their bits, so NaN payloads and -0
// must survive too.
type amf0Node struct {
	Kind   amf0.Kind
	Marker amf0.Marker
	Bits   uint64
	Byte   byte
	TZ     int16
	Str    string
	Count  uint32
	Ref    uint16
	Props  []amf0Prop
	Elems  []amf0Node
}

type amf0Prop struct {
	Key   string
	Value amf0Node
}

func amf0Snapshots(vals []amf0.Value) []amf0Node {
	out := make([]amf0Node, len(vals))
	for i, v := range vals {
		out[i] = amf0Snapshot(v)
	}
	return out
}

func amf0Snapshot(v amf0.Value) amf0Node {
	n := amf0Node{Kind: v.Kind(), Marker: v.Marker()}
	if f, ok := v.Number(); ok {
		n.Bits = math.Float64bits(f)
	}
	if ms, tz, ok := v.DateMillis(); ok {
		n.Bits, n.TZ = math.Float64bits(ms), tz
	}
	n.Byte, _ = v.BoolByte()
	if s, ok := v.Str(); ok {
		n.Str = s
	}
	if s, ok := v.XML(); ok {
		n.Str = s
	}
	if s, ok := v.ClassName(); ok {
		n.Str = s
	}
	if a, ok := v.AMF3(); ok {
		// Its bytes written alone: inline AMF3 needs no shared table.
		b, err := a.Append(nil)
		n.Str = fmt.Sprintf("AMF3 %x %v", b, err)
	}
	n.Count, _ = v.ECMACount()
	n.Ref, _ = v.RefIndex()
	for _, p := range v.Props() {
		n.Props = append(n.Props, amf0Prop{Key: p.Key, Value: amf0Snapshot(p.Value)})
	}
	for _, e := range v.Elems() {
		n.Elems = append(n.Elems, amf0Snapshot(e))
	}
	return n
}

// amf0Gen turns fuzz bytes into values. Running out of bytes reads zeros,
// so every input builds something.
type amf0Gen struct {
	b       []byte
	started int   // complex values started, to aim references at real indexes
	open    []int // indexes of the complex values being built
	values  int
	refs    bool
}

// complete returns the n-th (modulo) index of a complex value already
// complete, there being at least one.
func (g *amf0Gen) complete(n int) int {
	n %= g.started - len(g.open)
	for i := 0; i < g.started; i++ {
		if slices.Contains(g.open, i) {
			continue
		}
		if n == 0 {
			return i
		}
		n--
	}
	panic("no complete complex value")
}

// enter and leave bracket the children of a complex value.
func (g *amf0Gen) enter() {
	g.open = append(g.open, g.started)
	g.started++
}

func (g *amf0Gen) leave() { g.open = g.open[:len(g.open)-1] }

func (g *amf0Gen) byte() byte {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return c
}

func (g *amf0Gen) take(n int) []byte {
	n = min(n, len(g.b))
	r := g.b[:n]
	g.b = g.b[n:]
	return r
}

func (g *amf0Gen) u64() uint64 {
	var buf [8]byte
	copy(buf[:], g.take(8))
	return binary.BigEndian.Uint64(buf[:])
}

func (g *amf0Gen) str() string { return string(g.take(int(g.byte() % 24))) }

func (g *amf0Gen) props(depth int) []amf0.Property {
	n := int(g.byte() % 5)
	var ps []amf0.Property
	for i := 0; i < n; i++ {
		ps = append(ps, amf0.Prop(g.str(), g.value(depth+1)))
	}
	return ps
}

func (g *amf0Gen) value(depth int) amf0.Value {
	g.values++
	op := g.byte()
	if depth >= 6 || g.values > 64 {
		op %= 9 // primitives only
	}
	switch op % 19 {
	case 18:
		// An AVM+ value: AMF3 written inline, so that it needs no
		// other value's tables.
		switch c := g.byte(); c % 3 {
		case 0:
			return amf0.AMF3(amf3.Integer(int32(uint32(g.u64())) >> 3))
		case 1:
			return amf0.AMF3(amf3.String(g.str()))
		default:
			return amf0.AMF3(amf3.Anonymous(amf3.Member{Key: amf3.Name("k" + g.str()), Value: amf3.Bool(c&8 != 0)}))
		}
	case 0:
		return amf0.Number(math.Float64frombits(g.u64()))
	case 1:
		return amf0.Bool(g.byte()&1 == 1)
	case 2:
		return amf0.BoolByte(g.byte())
	case 3:
		return amf0.String(g.str())
	case 4:
		return amf0.LongString(g.str())
	case 5:
		return amf0.XMLDocument(g.str())
	case 6:
		return amf0.Null()
	case 7:
		return amf0.Undefined()
	case 8:
		return amf0.Unsupported()
	case 9:
		return amf0.DateMillis(math.Float64frombits(g.u64()), int16(uint16(g.byte())<<8|uint16(g.byte())))
	case 10:
		c := g.byte()
		if c&7 == 0 || g.started > len(g.open) {
			g.refs = true
			// One in eight is any index, which the encoder must
			// refuse when it is out of range or names a value still
			// open; the rest point at a complete value.
			i := int(c >> 3)
			if c&7 != 0 {
				i = g.complete(i)
			}
			return amf0.Reference(uint16(i))
		}
		return amf0.Null()
	case 11, 12:
		g.enter()
		defer g.leave()
		return amf0.Object(g.props(depth)...)
	case 13:
		g.enter()
		defer g.leave()
		count := uint32(g.byte())
		if count&1 == 1 {
			count = uint32(g.u64())
		}
		return amf0.ECMAArrayCount(count, g.props(depth)...)
	case 14:
		g.enter()
		defer g.leave()
		class := g.str()
		return amf0.TypedObject(class, g.props(depth)...)
	case 15, 16:
		g.enter()
		defer g.leave()
		n := int(g.byte() % 6)
		var elems []amf0.Value
		for i := 0; i < n; i++ {
			elems = append(elems, g.value(depth+1))
		}
		return amf0.StrictArray(elems...)
	}
	return amf0.Number(float64(int8(g.byte())))
}
