package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// amf0Views checks what decoded AMF0 values offer besides encoding, on a
// payload that decoded whole: the one-call Decode agrees with the
// Decoder; clones own their bytes (they encode to the payload after the
// input they came from is overwritten); and each value's accessors agree
// with its kind and its wire form (marker byte, lengths, lookups,
// references, the generated names of its marker).
func amf0Views(data []byte) error {
	fresh, err := amf0.Decode(data)
	if err != nil {
		return fmt.Errorf("amf0.Decode fails where a Decoder succeeded: %v", err)
	}
	if b, err := amf0.AppendPayload(nil, fresh...); err != nil || !bytes.Equal(b, data) {
		return fmt.Errorf("amf0.Decode's values re-encode to %x (%v)", b, err)
	}
	buf := bytes.Clone(data)
	var d amf0.Decoder
	vals, err := d.Decode(buf)
	if err != nil {
		return err
	}
	clones, err := amf0.CloneAll(vals)
	if err != nil {
		return checkAMF0Error(err, len(data))
	}
	for i := range buf {
		buf[i] = 0xff
	}
	if b, err := amf0.AppendPayload(nil, clones...); err != nil || !bytes.Equal(b, data) {
		return fmt.Errorf("clones, once the input is overwritten, encode to %x (%v), want %x", b, err, data)
	}
	if len(vals) == 1 {
		lone, err := fresh[0].Clone()
		if err != nil {
			return checkAMF0Error(err, len(data))
		}
		if b, err := lone.Append(nil); err != nil || !bytes.Equal(b, data) {
			return fmt.Errorf("Value.Clone encodes to %x (%v), want %x", b, err, data)
		}
	}
	budget := describeBudget
	for _, v := range append(clones, fresh...) {
		if err := amf0Accessors(v, &budget); err != nil {
			return err
		}
	}
	return nil
}

// amf0Accessors checks one value's accessors, and its children's, until
// budget runs out.
func amf0Accessors(v amf0.Value, budget *int) error {
	if *budget--; *budget < 0 {
		return nil
	}
	if _, ok := v.RefIndex(); ok {
		// A decoded reference resolves to the value it names, which is
		// complex; alone, out of its payload, it does not encode.
		if t, ok := v.Resolve(); ok && t.Kind() != amf0.KindObject && t.Kind() != amf0.KindECMAArray &&
			t.Kind() != amf0.KindStrictArray && t.Kind() != amf0.KindTypedObject {
			return fmt.Errorf("a reference resolves to a %v", t.Kind())
		}
		return nil
	}
	// A value holding references encodes only in its payload: its marker
	// is checked where it encodes alone.
	if enc, err := v.Append(nil); err == nil && amf0.Marker(enc[0]) != v.Marker() || !v.IsValid() {
		return fmt.Errorf("value of kind %v says marker %v, writes another", v.Kind(), v.Marker())
	}
	if err := checkEnums(v.Marker()); err != nil {
		return err
	}
	_, isNum := v.Number()
	_, isBool := v.Bool()
	_, isDate := v.Date()
	ms, _, isMillis := v.DateMillis()
	// Date refuses what time.UnixMilli cannot take (its documentation).
	if isNum != (v.Kind() == amf0.KindNumber) || isBool != (v.Kind() == amf0.KindBoolean) ||
		isMillis != (v.Kind() == amf0.KindDate) || isDate != (isMillis && ms >= -(1<<62) && ms <= 1<<62) {
		return fmt.Errorf("kind %v: Number %v, Bool %v, Date %v/%v", v.Kind(), isNum, isBool, isDate, isMillis)
	}
	props, elems := v.Props(), v.Elems()
	for _, p := range props {
		got, ok := v.Lookup(p.Key)
		if !ok || got.Kind() != v.Get(p.Key).Kind() {
			return fmt.Errorf("property %q: Lookup %v, Get %v", p.Key, ok, v.Get(p.Key).Kind())
		}
		if err := amf0Accessors(p.Value, budget); err != nil {
			return err
		}
	}
	for i, e := range elems {
		if got, ok := v.Index(i); !ok || got.Kind() != e.Kind() {
			return fmt.Errorf("element %d: Index %v", i, ok)
		}
		if err := amf0Accessors(e, budget); err != nil {
			return err
		}
	}
	if _, ok := v.Index(len(elems)); ok {
		return fmt.Errorf("Index(%d) past %d elements answered", len(elems), len(elems))
	}
	if a3, ok := v.AMF3(); ok {
		if err := amf3Accessors(a3, budget); err != nil {
			return err
		}
		_ = v.WithFreshTables()
	}
	return nil
}

// amf3Views checks AMF3 values that decoded whole, beyond encoding: the one-call
// Decode agrees with the Decoder; clones (Value.Clone, and a Cloner over
// all of them) own their bytes and encode to the payload; and each
// value's accessors agree with its kind and its wire form.
func amf3Views(data []byte) error {
	fresh, err := amf3.Decode(data)
	if err != nil {
		return fmt.Errorf("amf3.Decode fails where a Decoder succeeded: %v", err)
	}
	if b, err := amf3.AppendPayload(nil, fresh...); err != nil || !bytes.Equal(b, data) {
		return fmt.Errorf("amf3.Decode's values re-encode to %x (%v)", b, err)
	}
	buf := bytes.Clone(data)
	var d amf3.Decoder
	vals, err := d.Decode(buf)
	if err != nil {
		return err
	}
	var c amf3.Cloner
	clones := make([]amf3.Value, len(vals))
	for i, v := range vals {
		clones[i] = c.Clone(v)
	}
	var lone amf3.Value
	if len(vals) == 1 {
		lone = vals[0].Clone()
	}
	for i := range buf {
		buf[i] = 0xff
	}
	if b, err := amf3.AppendPayload(nil, clones...); err != nil || !bytes.Equal(b, data) {
		return fmt.Errorf("copies from a Cloner, once the input is overwritten, encode to %x (%v), want %x", b, err, data)
	}
	// A value among others may refer to their strings and bodies, so only
	// a lone one encodes alone.
	if len(vals) == 1 {
		if b, err := amf3.AppendPayload(nil, lone); err != nil || !bytes.Equal(b, data) {
			return fmt.Errorf("Value.Clone encodes to %x (%v)", b, err)
		}
	}
	budget := describeBudget
	for _, v := range clones {
		if err := amf3Accessors(v, &budget); err != nil {
			return err
		}
	}
	return nil
}

// amf3Accessors checks one value's accessors, and its children's, until
// budget runs out; references are not followed (their bodies are
// reached inline).
func amf3Accessors(v amf3.Value, budget *int) error {
	if *budget--; *budget < 0 || !v.IsValid() {
		return nil
	}
	if err := checkEnums(v.Marker()); err != nil {
		return err
	}
	_, isBool := v.Bool()
	_, isInt := v.Int()
	bits, isBits := v.Bits()
	_, isTime := v.Time()
	// Time refuses NaN and what lies past ECMAScript's date range (its
	// documentation).
	ms := math.Float64frombits(bits)
	inRange := !math.IsNaN(ms) && math.Abs(ms) <= 8.64e15
	if isBool != (v.Kind() == amf3.KindBoolean) || isInt != (v.Kind() == amf3.KindInteger) || isTime != (v.Kind() == amf3.KindDate && inRange) ||
		isBits != (v.Kind() == amf3.KindDouble || v.Kind() == amf3.KindDate) {
		return fmt.Errorf("kind %v: Bool %v, Int %v, Bits %v, Time %v", v.Kind(), isBool, isInt, isBits, isTime)
	}
	k := v.Kind()
	_, isFloat := v.Float()
	str, isStr := v.Str()
	b, isBytes := v.Bytes()
	if isFloat != (k == amf3.KindInteger || k == amf3.KindDouble || k == amf3.KindDate) ||
		isStr != (k == amf3.KindString || k == amf3.KindXML || k == amf3.KindXMLDocument || k == amf3.KindByteArray) ||
		isBytes != (k == amf3.KindByteArray) || isBytes && string(b) != str {
		return fmt.Errorf("kind %v: Float %v, Str %v, Bytes %v", k, isFloat, isStr, isBytes)
	}
	if n := v.HeaderLen(); n < 0 || n > 4 {
		return fmt.Errorf("kind %v: a %d-byte U29", k, n)
	}
	if _, ok := v.Inner(); ok && k != amf3.KindObject {
		return fmt.Errorf("kind %v has an inner value", k)
	}
	if _, ok := v.Opaque(); ok && k != amf3.KindObject {
		return fmt.Errorf("kind %v has an opaque payload", k)
	}
	if v.IsRef() {
		return nil
	}
	if err := amf3Rebuilt(v); err != nil {
		return err
	}
	for _, m := range v.Members() {
		if !v.Get(m.Key.S).IsValid() {
			return fmt.Errorf("member %q: Get finds nothing", m.Key.S)
		}
		if err := amf3Accessors(m.Value, budget); err != nil {
			return err
		}
	}
	for _, e := range v.Elems() {
		if err := amf3Accessors(e, budget); err != nil {
			return err
		}
	}
	return nil
}

// messageViews checks a message that decoded whole beyond its encoding:
// the generated names of its enumerated fields; a clone owns its bytes
// (it encodes to the payload once the input is overwritten); a command
// answers the flow helpers (ParseConnect, StreamName, Enhanced RTMP
// capabilities of a command object) with a value or a *wire.Error; a
// shared object event's data reads as InitialData or a *wire.Error.
func messageViews(typ rtmp.MessageType, payload []byte) error {
	buf := bytes.Clone(payload)
	m, err := message.Decode(typ, buf)
	if err != nil {
		return err
	}
	if err := checkEnums(m); err != nil {
		return err
	}
	c, err := message.Clone(m)
	if err != nil {
		return wantWireError("message.Clone", err)
	}
	for i := range buf {
		buf[i] ^= 0xff
	}
	if b, err := message.Append(nil, c); err != nil || !bytes.Equal(b, payload) {
		return fmt.Errorf("message.Clone, once the input is overwritten, encodes to %x (%v)", b, err)
	}
	switch v := c.(type) {
	case *message.UserControl:
		if n := v.Event.DataSize(); v.Event.Defined() && n >= 0 && len(payload) < 2+n {
			return fmt.Errorf("user control %v decoded from %d bytes; its fields take %d", v.Event, len(payload), 2+n)
		}
	case *message.Audio:
		if _, err := v.Tag(); err != nil {
			return wantWireError("Audio.Tag", err)
		}
	case *message.Video:
		if _, err := v.Tag(); err != nil {
			return wantWireError("Video.Tag", err)
		}
	case *message.Data:
		name, _ := v.Name()
		if args := v.Args(); len(v.Values) > 0 && len(args) != len(v.Values)-1 {
			return fmt.Errorf("data: %d args of %d values", len(args), len(v.Values))
		}
		if md, ok := v.Metadata(); ok && name != "@setDataFrame" && name != "onMetaData" || ok && !md.IsValid() {
			return fmt.Errorf("data %q: metadata %v", name, md.Kind())
		}
	case *message.Command:
		if args := v.Args(); len(v.Values) > 3 && len(args) != len(v.Values)-3 || len(v.Values) <= 3 && args != nil {
			return fmt.Errorf("command: %d args of %d values", len(args), len(v.Values))
		}
		if name, _ := v.Name(); name == "connect" {
			if _, err := message.ParseConnect(v); err != nil {
				return wantWireError("ParseConnect", err)
			}
		}
		if _, err := message.StreamName(v); err != nil {
			if err := wantWireError("StreamName", err); err != nil {
				return err
			}
		}
		for _, val := range v.Values {
			if val.Kind() != amf0.KindObject {
				continue
			}
			caps, err := media.ParseCapabilities(val)
			if err != nil {
				if err := wantWireError("ParseCapabilities", err); err != nil {
					return err
				}
				continue
			}
			again, err := media.ParseCapabilities(caps.With(amf0.Object()))
			if err != nil || !cmp.Equal(caps, again, cmpopts.EquateEmpty()) {
				return fmt.Errorf("capabilities %+v come back from their properties as %+v (%v)", caps, again, err)
			}
			if err := capsLookups(&caps); err != nil {
				return err
			}
		}
	case *message.SharedObject:
		// The header's layout reads the bytes after the format byte as
		// the message decoder did.
		start := 0
		if v.AMF3 {
			start = 1
		}
		var h sharedobject.Header
		if n := v.Header.Size(); start+n > len(payload) || h.DecodeAll(payload[start:start+n]) != nil || !cmp.Equal(h, v.Header, cmpopts.EquateEmpty()) {
			return fmt.Errorf("sharedobject.Header.DecodeAll gives %+v, the message %+v", h, v.Header)
		}
		for _, e := range v.Events {
			if _, err := sharedobject.InitialData(e.Raw, amf0.Limits{}); err != nil {
				if err := wantWireError("InitialData", err); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// capsLookups checks the per-codec questions on parsed capabilities, as
// documented: an info map's first AnyFourCC entry answers for every codec
// (it overrides the per-codec flags), else a codec's own entry (the last
// of that name); a codec named in fourCcList, or any codec when it holds
// AnyFourCC, is listed.
func capsLookups(c *media.Capabilities) error {
	for _, m := range []struct {
		info   []media.CodecInfo
		lookup func(media.FourCC) (uint32, bool)
	}{{c.VideoInfo, c.VideoMask}, {c.AudioInfo, c.AudioMask}} {
		wild := slices.IndexFunc(m.info, func(e media.CodecInfo) bool { return e.FourCC == media.AnyFourCC })
		for _, e := range m.info {
			if len(e.FourCC) != 4 {
				continue
			}
			want := m.info[max(wild, 0)].Mask
			if wild < 0 {
				for _, o := range m.info {
					if o.FourCC == e.FourCC {
						want = o.Mask
					}
				}
			}
			if mask, ok := m.lookup(fourCCOf(e.FourCC)); !ok || mask != want {
				return fmt.Errorf("%q: mask %d (%v), want %d", e.FourCC, mask, ok, want)
			}
		}
	}
	for _, s := range c.FourCCList {
		if len(s) == 4 && !c.Lists(fourCCOf(s)) {
			return fmt.Errorf("%q is in fourCcList, yet Lists says no", s)
		}
	}
	return nil
}

// fourCCOf is the FourCC of a four-byte string.
func fourCCOf(s string) media.FourCC {
	return media.FourCC(uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3]))
}

// amf3Rebuilt checks that the accessors expose every wire choice of an
// inline scalar or vector: built again from what they report (value,
// header bits, U29 length, vector flag), it encodes as the original does.
// For an object, the traits name as many sealed members as it has values.
func amf3Rebuilt(v amf3.Value) error {
	var w amf3.Value
	switch v.Kind() {
	case amf3.KindInteger:
		i, _ := v.Int()
		w = amf3.Integer(i)
	case amf3.KindDouble:
		bits, _ := v.Bits()
		w = amf3.Double(math.Float64frombits(bits))
	case amf3.KindString:
		s, _ := v.Str()
		w = amf3.String(s)
	case amf3.KindDate:
		bits, _ := v.Bits()
		w = amf3.Date(math.Float64frombits(bits)).WithHeader(v.Header())
	case amf3.KindVectorInt, amf3.KindVectorUint, amf3.KindVectorDouble:
		n := v.Len()
		switch v.Kind() {
		case amf3.KindVectorInt:
			e := make([]int32, n)
			for i := range e {
				e[i] = v.IntAt(i)
			}
			w = amf3.VectorInt(false, e...)
		case amf3.KindVectorUint:
			e := make([]uint32, n)
			for i := range e {
				e[i] = v.UintAt(i)
			}
			w = amf3.VectorUint(false, e...)
		default:
			e := make([]float64, n)
			for i := range e {
				e[i] = v.DoubleAt(i)
			}
			w = amf3.VectorDouble(false, e...)
		}
		w = w.WithFlag(v.Flag())
	case amf3.KindObject, amf3.KindArray, amf3.KindVectorObject:
		if t := v.Traits(); v.Kind() == amf3.KindObject && t != nil && !t.Externalizable && len(t.Sealed) != len(v.Elems()) {
			return fmt.Errorf("object: %d sealed names, %d sealed values", len(t.Sealed), len(v.Elems()))
		}
		// The lengths of the U29s a value was written with: four bytes at
		// most, as the format allows.
		if n, m := v.EndLen(), v.TypeName().HeaderLen(); n < 0 || n > 4 || m < 0 || m > 4 {
			return fmt.Errorf("%v: end marker of %d bytes, type name length of %d", v.Kind(), n, m)
		}
		return nil
	default:
		return nil
	}
	w = w.WithHeaderLen(v.HeaderLen())
	a, errA := amf3.AppendPayload(nil, v)
	b, errB := amf3.AppendPayload(nil, w)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return fmt.Errorf("%v rebuilt from its accessors encodes as %x (%v), the value as %x (%v)", v.Kind(), b, errB, a, errA)
	}
	return nil
}

// tightLimits are small limits picked by a byte of the input, so that
// the limit checks are reached.
func tightLimits(c byte) (depth, values, str int) {
	return 1 + int(c&3), 2 + int(c>>2&7), int(c >> 5 * 3)
}

// AMF0LimitsKeepMeaning is the limits' promise for the AMF0 decoder, on
// limits c picks: under tight limits a payload decodes to what it decodes
// to without them (limits never change what a value means), or fails with
// ErrLimit, or fails as it does without them.
func AMF0LimitsKeepMeaning(data []byte, c byte) error {
	depth, values, str := tightLimits(c)
	scope := amf0.AMF3Scope(c >> 7)
	decode := func(lim amf0.Limits) func() ([]byte, error) {
		return func() ([]byte, error) {
			d := amf0.Decoder{Limits: lim, AMF3Scope: scope}
			vals, err := d.Decode(data)
			if err != nil {
				return nil, err
			}
			return amf0.AppendPayload(nil, vals...)
		}
	}
	return sameUnderLimits("amf0", decode(amf0.Limits{MaxDepth: depth, MaxValues: values, MaxStringBytes: max(str, 1)}), decode(amf0.Limits{}))
}

// AMF3LimitsKeepMeaning is AMF0LimitsKeepMeaning for the AMF3 decoder.
func AMF3LimitsKeepMeaning(data []byte, c byte) error {
	depth, values, str := tightLimits(c)
	decode := func(lim amf3.Limits) func() ([]byte, error) {
		return func() ([]byte, error) {
			d := amf3.Decoder{Limits: lim}
			vals, err := d.Decode(data)
			if err != nil {
				return nil, err
			}
			return amf3.AppendPayload(nil, vals...)
		}
	}
	return sameUnderLimits("amf3", decode(amf3.Limits{MaxDepth: depth, MaxValues: values, MaxStringBytes: max(str, 1)}), decode(amf3.Limits{}))
}

func sameUnderLimits(layer string, tight, loose func() ([]byte, error)) error {
	a, errA := tight()
	b, errB := loose()
	switch {
	case errA == nil && errB == nil:
		if !bytes.Equal(a, b) {
			return fmt.Errorf("%s: under tight limits the payload writes back as %x, without them %x", layer, a, b)
		}
	case errA == nil:
		return fmt.Errorf("%s: decodes under tight limits, fails without them: %v", layer, errB)
	case errors.Is(errA, wire.ErrLimit):
	case errB == nil || errA.Error() != errB.Error():
		return fmt.Errorf("%s: under tight limits %v, without them %v", layer, errA, errB)
	}
	return nil
}
