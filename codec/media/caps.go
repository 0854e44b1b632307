package media

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Capabilities are the Enhanced RTMP properties a client puts in connect's
// command object and a server in its _result's properties object: which
// codecs each side handles and which extensions it understands.
type Capabilities struct {
	// FourCCList is fourCcList: codecs the client supports, AnyFourCC
	// ("*") for any. Nil when the property is absent. Enhanced RTMP v1
	// defined it; v2 clients are asked to move to the maps.
	FourCCList []string
	// VideoInfo and AudioInfo are videoFourCcInfoMap and
	// audioFourCcInfoMap in wire order; nil when absent.
	VideoInfo []CodecInfo
	AudioInfo []CodecInfo
	// CapsEx is the capsEx mask (CapsExReconnect, CapsExMultitrack,
	// CapsExModEx, CapsExTimestampNanoOffset) when HasCapsEx.
	CapsEx    uint32
	HasCapsEx bool
}

// CodecInfo is one entry of a FourCC info map: a FourCC or AnyFourCC, and
// its FourCcInfoMask (CanDecode, CanEncode, CanForward).
type CodecInfo struct {
	FourCC string
	Mask   uint32
}

// ParseCapabilities reads the Enhanced RTMP properties of obj, the command
// object of connect or the properties object of its _result. Properties
// that are absent stay zero; one of the wrong AMF type, or a mask that is
// not a whole number from 0 to 2^32-1, is a *wire.Error of layer "media"
// (ErrMalformed) naming it: a peer that sends it means something this
// reading would otherwise drop. The error's Offset is -1: obj is a decoded
// value, with no byte position to give.
func ParseCapabilities(obj amf0.Value) (Capabilities, error) {
	var c Capabilities
	if v, ok := obj.Lookup(PropFourCCList); ok {
		if v.Kind() != amf0.KindStrictArray {
			return c, badProp(PropFourCCList, "a strict array of strings", v)
		}
		c.FourCCList = make([]string, 0, v.Len())
		for i, e := range v.Elems() {
			s, ok := e.Str()
			if !ok {
				return c, badProp(PropFourCCList+"["+strconv.Itoa(i)+"]", "a string", e)
			}
			c.FourCCList = append(c.FourCCList, s)
		}
	}
	var err error
	if c.VideoInfo, err = infoMap(obj, PropVideoFourCCInfoMap); err != nil {
		return c, err
	}
	if c.AudioInfo, err = infoMap(obj, PropAudioFourCCInfoMap); err != nil {
		return c, err
	}
	if v, ok := obj.Lookup(PropCapsEx); ok {
		if c.CapsEx, err = mask(PropCapsEx, v); err != nil {
			return c, err
		}
		c.HasCapsEx = true
	}
	return c, nil
}

func infoMap(obj amf0.Value, name string) ([]CodecInfo, error) {
	v, ok := obj.Lookup(name)
	if !ok {
		return nil, nil
	}
	if k := v.Kind(); k != amf0.KindObject && k != amf0.KindECMAArray {
		return nil, badProp(name, "an object from FourCC to a number", v)
	}
	props := v.Props()
	out := make([]CodecInfo, 0, len(props))
	for _, p := range props {
		m, err := mask(name+"."+p.Key, p.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, CodecInfo{FourCC: p.Key, Mask: m})
	}
	return out, nil
}

func mask(name string, v amf0.Value) (uint32, error) {
	f, ok := v.Number()
	if !ok || f < 0 || f > 1<<32-1 || f != float64(uint32(f)) {
		return 0, badProp(name, "a whole number from 0 to 4294967295", v)
	}
	return uint32(f), nil
}

func badProp(name, expected string, got amf0.Value) error {
	return &wire.Error{Layer: "media", Field: "Capabilities." + name, Offset: -1,
		Expected: expected + ", got " + got.Kind().String(), Err: wire.ErrMalformed}
}

// Properties returns c as AMF0 properties in the order the specification
// lists them (fourCcList, videoFourCcInfoMap, audioFourCcInfoMap, capsEx),
// leaving out what c does not have: append them to connect's command
// object (message.ConnectParams.Extra) or a _result's properties (With).
func (c *Capabilities) Properties() []amf0.Property {
	var props []amf0.Property
	if c.FourCCList != nil {
		elems := make([]amf0.Value, len(c.FourCCList))
		for i, s := range c.FourCCList {
			elems[i] = amf0.String(s)
		}
		props = append(props, amf0.Prop(PropFourCCList, amf0.StrictArray(elems...)))
	}
	for _, m := range [...]struct {
		name string
		info []CodecInfo
	}{{PropVideoFourCCInfoMap, c.VideoInfo}, {PropAudioFourCCInfoMap, c.AudioInfo}} {
		if m.info == nil {
			continue
		}
		entries := make([]amf0.Property, len(m.info))
		for i, e := range m.info {
			entries[i] = amf0.Prop(e.FourCC, amf0.Number(float64(e.Mask)))
		}
		props = append(props, amf0.Prop(m.name, amf0.Object(entries...)))
	}
	if c.HasCapsEx {
		props = append(props, amf0.Prop(PropCapsEx, amf0.Number(float64(c.CapsEx))))
	}
	return props
}

// With returns a copy of the object obj with c's properties appended: a
// server's connect _result properties object, say. obj is not modified.
func (c *Capabilities) With(obj amf0.Value) amf0.Value {
	old := obj.Props()
	props := make([]amf0.Property, 0, len(old)+4)
	props = append(append(props, old...), c.Properties()...)
	return amf0.Object(props...)
}

// VideoMask returns what the video info map says of codec f: the entry
// for AnyFourCC when there is one (it overrides the per-codec flags), or
// f's own. ok is false when neither is there.
func (c *Capabilities) VideoMask(f FourCC) (mask uint32, ok bool) { return lookup(c.VideoInfo, f) }

// AudioMask is VideoMask for the audio info map.
func (c *Capabilities) AudioMask(f FourCC) (mask uint32, ok bool) { return lookup(c.AudioInfo, f) }

func lookup(info []CodecInfo, f FourCC) (uint32, bool) {
	key := string([]byte{byte(f >> 24), byte(f >> 16), byte(f >> 8), byte(f)})
	var own uint32
	found := false
	for _, e := range info {
		switch e.FourCC {
		case AnyFourCC:
			return e.Mask, true
		case key:
			own, found = e.Mask, true
		}
	}
	return own, found
}

// Lists reports whether fourCcList names codec f or AnyFourCC.
func (c *Capabilities) Lists(f FourCC) bool {
	key := string([]byte{byte(f >> 24), byte(f >> 16), byte(f >> 8), byte(f)})
	for _, s := range c.FourCCList {
		if s == key || s == AnyFourCC {
			return true
		}
	}
	return false
}
