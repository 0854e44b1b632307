package cli

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
)

// MediaDoc is the header of an audio or video message (package media):
// every field the header holds, in wire order, each number with its
// specification name. The codec data is counted, not copied: it is in the
// message payload.
type MediaDoc struct {
	Bytes int `json:"bytes"`
	// Silence: an empty audio message, Enhanced RTMP's silence.
	Silence bool `json:"silence,omitempty"`
	// Enhanced: an Enhanced RTMP header (video bit 7, sound format 9).
	Enhanced bool `json:"enhanced,omitempty"`

	SoundFormat       *uint8 `json:"sound_format,omitempty"`
	SoundFormatName   string `json:"sound_format_name,omitempty"`
	SoundRate         *uint8 `json:"sound_rate,omitempty"`
	SoundRateName     string `json:"sound_rate_name,omitempty"`
	SoundSize         *uint8 `json:"sound_size,omitempty"`
	SoundSizeName     string `json:"sound_size_name,omitempty"`
	SoundType         *uint8 `json:"sound_type,omitempty"`
	SoundTypeName     string `json:"sound_type_name,omitempty"`
	AACPacketType     *uint8 `json:"aac_packet_type,omitempty"`
	AACPacketTypeName string `json:"aac_packet_type_name,omitempty"`

	FrameType         *uint8 `json:"frame_type,omitempty"`
	FrameTypeName     string `json:"frame_type_name,omitempty"`
	CodecID           *uint8 `json:"codec_id,omitempty"`
	CodecName         string `json:"codec_name,omitempty"`
	AVCPacketType     *uint8 `json:"avc_packet_type,omitempty"`
	AVCPacketTypeName string `json:"avc_packet_type_name,omitempty"`

	ModEx []ModExDoc `json:"modex,omitempty"`
	// PacketType is the enhanced packet type the data follows (after the
	// ModEx blocks and the multitrack header).
	PacketType     *uint8 `json:"packet_type,omitempty"`
	PacketTypeName string `json:"packet_type_name,omitempty"`
	MultitrackType *uint8 `json:"multitrack_type,omitempty"`
	MultitrackName string `json:"multitrack_name,omitempty"`
	// FourCC is the four bytes as a Go string literal's contents: ASCII as
	// is, anything else escaped.
	FourCC          *string `json:"fourcc,omitempty"`
	FourCCName      string  `json:"fourcc_name,omitempty"`
	CompositionTime *int32  `json:"composition_time,omitempty"`
	Command         *uint8  `json:"command,omitempty"`
	CommandName     string  `json:"command_name,omitempty"`

	Tracks       []TrackDoc       `json:"tracks,omitempty"`
	Multichannel *MultichannelDoc `json:"multichannel,omitempty"`
	// Metadata holds the AMF values of a video Metadata message.
	Metadata      []AMF0 `json:"metadata,omitempty"`
	MetadataError string `json:"metadata_error,omitempty"`

	HeaderBytes int `json:"header_bytes"`
	BodyBytes   int `json:"body_bytes"`
	// Notes flag values the specifications do not define: kept, decoded
	// as far as they go, never fatal.
	Notes []string `json:"notes,omitempty"`
}

// unknown notes a value with no entry in spec/media.json.
func (m *MediaDoc) unknown(what string, known bool, name string) {
	if !known {
		m.Notes = append(m.Notes, what+" "+name+" is not defined by the specification: kept as sent")
	}
}

// ModExDoc is one ModEx block.
type ModExDoc struct {
	Type     uint8  `json:"type"`
	TypeName string `json:"type_name"`
	Data     string `json:"data"` // hex
	Wide     bool   `json:"wide,omitempty"`
	// NanoOffset is a TimestampOffsetNano block's offset in nanoseconds.
	NanoOffset *uint32 `json:"nano_offset,omitempty"`
}

// TrackDoc is one track of a multitrack message.
type TrackDoc struct {
	ID              uint8  `json:"id"`
	FourCC          string `json:"fourcc"`
	FourCCName      string `json:"fourcc_name"`
	CompositionTime *int32 `json:"composition_time,omitempty"`
	Bytes           int    `json:"bytes"`
}

// MultichannelDoc is an audio MultichannelConfig body.
type MultichannelDoc struct {
	Order        uint8    `json:"order"`
	OrderName    string   `json:"order_name"`
	ChannelCount uint8    `json:"channel_count"`
	Channels     []string `json:"channels,omitempty"` // custom mapping, by name
	Mask         *uint32  `json:"mask,omitempty"`
	Rest         string   `json:"rest,omitempty"` // hex
}

func audioView(p []byte) *Body {
	b := &Body{Kind: KindAudio, Media: &MediaDoc{Bytes: len(p)}}
	var t media.AudioTag
	if err := t.DecodeAll(p); err != nil {
		b.Note = "no FLV audio tag header: " + err.Error()
		return b
	}
	m := b.Media
	m.Silence = t.Silence
	if t.Silence {
		return b
	}
	m.SoundFormat, m.SoundFormatName = u8(uint8(t.SoundFormat)), t.SoundFormat.String()
	m.unknown("sound format", t.SoundFormat.Known(), t.SoundFormat.String())
	if t.Enhanced() {
		m.unknown("audio packet type", t.PacketType.Known(), t.PacketType.String())
		m.Enhanced = true
		extendedView(m, &t.Extended, uint8(t.PacketType), t.PacketType.String())
		if !t.Multitrack && t.PacketType == media.AudioMultichannelConfig {
			m.Multichannel = multichannelView(t.Body)
		}
	} else {
		m.SoundRate, m.SoundRateName = u8(uint8(t.SoundRate)), t.SoundRate.String()
		m.SoundSize, m.SoundSizeName = u8(uint8(t.SoundSize)), t.SoundSize.String()
		m.SoundType, m.SoundTypeName = u8(uint8(t.SoundType)), t.SoundType.String()
		if t.SoundFormat.HasPacketType() {
			m.AACPacketType, m.AACPacketTypeName = u8(uint8(t.AACPacketType)), t.AACPacketType.String()
		}
	}
	m.BodyBytes = len(t.Body)
	m.HeaderBytes = len(p) - m.BodyBytes - tracksBytes(m)
	return b
}

func videoView(p []byte, lim amfOptions) *Body {
	b := &Body{Kind: KindVideo, Media: &MediaDoc{Bytes: len(p)}}
	var t media.VideoTag
	if err := t.DecodeAll(p); err != nil {
		b.Note = "no FLV video tag header: " + err.Error()
		return b
	}
	m := b.Media
	m.Enhanced = t.Enhanced
	m.FrameType, m.FrameTypeName = u8(uint8(t.FrameType)), t.FrameType.String()
	if !(t.Enhanced && t.PacketType == media.VideoMetadata) {
		m.unknown("frame type", t.FrameType.Known(), t.FrameType.String())
	}
	if t.Enhanced {
		m.unknown("video packet type", t.PacketType.Known(), t.PacketType.String())
	} else if !t.IsCommand() {
		m.unknown("codec ID", t.Codec.Known(), t.Codec.String())
	}
	ct := t.CompositionTime
	switch {
	case !t.Enhanced:
		m.CodecID, m.CodecName = u8(uint8(t.Codec)), t.Codec.String()
		if !t.IsCommand() && t.Codec.HasPacketType() {
			m.AVCPacketType, m.AVCPacketTypeName, m.CompositionTime = u8(uint8(t.AVCPacketType)), t.AVCPacketType.String(), &ct
		}
	case t.IsCommand():
		m.addModEx(t.ModEx)
		m.PacketType, m.PacketTypeName = u8(uint8(t.PacketType)), t.PacketType.String()
	default:
		extendedView(m, &t.Extended, uint8(t.PacketType), t.PacketType.String())
		if !t.Multitrack && t.PacketType == media.VideoCodedFrames && t.FourCC.HasCompositionTime() {
			m.CompositionTime = &ct
		}
		for i := range t.Tracks {
			// A track's FourCC is the shared one unless it has its own.
			if tr := &t.Tracks[i]; t.PacketType == media.VideoCodedFrames && tr.FourCC.HasCompositionTime() {
				c := tr.CompositionTime
				m.Tracks[i].CompositionTime = &c
			}
		}
		if !t.Multitrack && t.PacketType == media.VideoMetadata {
			d := amf0.Decoder{Limits: lim.Limits, AMF3Scope: lim.scope}
			if vals, err := t.Metadata(&d); err != nil {
				m.MetadataError = err.Error()
			} else {
				m.Metadata = valuesToJSON(vals)
			}
		}
	}
	if t.IsCommand() {
		m.Command, m.CommandName = u8(uint8(t.Command)), t.Command.String()
	}
	m.BodyBytes = len(t.Body)
	m.HeaderBytes = len(p) - m.BodyBytes - tracksBytes(m)
	return b
}

// tracksBytes is the codec data in the tracks, which is not header.
func tracksBytes(m *MediaDoc) int {
	n := 0
	for _, t := range m.Tracks {
		n += t.Bytes
	}
	return n
}

func extendedView(m *MediaDoc, x *media.Extended, pt uint8, ptName string) {
	m.addModEx(x.ModEx)
	m.PacketType, m.PacketTypeName = u8(pt), ptName
	if x.Multitrack {
		m.MultitrackType, m.MultitrackName = u8(uint8(x.MultitrackType)), x.MultitrackType.String()
		m.unknown("multitrack layout", x.MultitrackType.Known(), x.MultitrackType.String()+" (the rest of the message is its body)")
	}
	if !x.Multitrack || x.MultitrackType == media.OneTrack || x.MultitrackType == media.ManyTracks {
		fc := media.FourCCChars(x.FourCC)
		m.FourCC, m.FourCCName = &fc, x.FourCC.String()
		m.unknown("FourCC", x.FourCC.Known(), "'"+fc+"'")
	}
	for i := range x.Tracks {
		tr := &x.Tracks[i]
		m.Tracks = append(m.Tracks, TrackDoc{ID: tr.ID, FourCC: media.FourCCChars(tr.FourCC), FourCCName: tr.FourCC.String(), Bytes: len(tr.Body)})
		if x.MultitrackType == media.ManyTracksManyCodecs {
			m.unknown(fmt.Sprintf("track %d's FourCC", tr.ID), tr.FourCC.Known(), "'"+media.FourCCChars(tr.FourCC)+"'")
		}
	}
}

func (m *MediaDoc) addModEx(blocks []media.ModEx) {
	for i := range blocks {
		m.ModEx = append(m.ModEx, modExView(&blocks[i]))
		m.unknown("ModEx type", blocks[i].Type.Known(), blocks[i].Type.String())
	}
}

func modExView(x *media.ModEx) ModExDoc {
	d := ModExDoc{Type: uint8(x.Type), TypeName: x.Type.String(), Data: hex.EncodeToString(x.Data), Wide: x.Wide}
	if ns, ok := x.TimestampOffsetNano(); ok {
		d.NanoOffset = &ns
	}
	return d
}

func multichannelView(body []byte) *MultichannelDoc {
	var c media.MultichannelConfig
	if c.DecodeAll(body) != nil {
		return nil
	}
	d := &MultichannelDoc{Order: uint8(c.Order), OrderName: c.Order.String(), ChannelCount: c.ChannelCount, Rest: hex.EncodeToString(c.Rest)}
	for i := range c.Mapping {
		d.Channels = append(d.Channels, c.Channel(i).String())
	}
	if c.Order == media.OrderNative {
		d.Mask = &c.Mask
	}
	return d
}

// mediaLines is the text view: a summary line in the words an engineer
// uses ("HEVC (hvc1) coded frames, keyframe, composition time 40 ms"), then
// one line per ModEx block and per track. Every name comes from an enum's
// String (escaped for values without an entry) or FourCCChars.
func mediaLines(kind BodyKind, m *MediaDoc) (summary string, more []string) {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	codec := func() {
		if m.FourCC != nil {
			add("%s (%s)", m.FourCCName, *m.FourCC)
		}
	}
	switch {
	case m.Silence:
		add("silence (empty audio message)")
	case kind == KindAudio && !m.Enhanced && m.SoundFormat != nil:
		s := m.SoundFormatName
		if m.AACPacketType != nil {
			s += " " + m.AACPacketTypeName
		}
		add("%s, %s %s %s", s, m.SoundRateName, m.SoundSizeName, m.SoundTypeName)
	case m.Command != nil:
		add("%s: %s", m.FrameTypeName, m.CommandName)
	case !m.Enhanced && m.CodecID != nil:
		s := m.CodecName
		if m.AVCPacketType != nil {
			s += " " + m.AVCPacketTypeName
		}
		add("%s, %s", s, m.FrameTypeName)
	case m.PacketType != nil:
		codec()
		add("%s", m.PacketTypeName)
		if kind == KindVideo && m.FrameType != nil {
			add("%s", m.FrameTypeName)
		}
		if m.MultitrackType != nil {
			add("multitrack %s, %d track(s)", m.MultitrackName, len(m.Tracks))
		}
	}
	if m.CompositionTime != nil {
		add("composition time %d ms", *m.CompositionTime)
	}
	if m.Enhanced {
		parts[0] = "enhanced " + parts[0]
	}
	add("%d bytes", m.Bytes)
	for _, x := range m.ModEx {
		s := fmt.Sprintf("ModEx %s, %d byte(s)", x.TypeName, len(x.Data)/2)
		if x.NanoOffset != nil {
			s += fmt.Sprintf(", +%d ns", *x.NanoOffset)
		}
		if x.Wide {
			s += ", size in the long form"
		}
		more = append(more, s)
	}
	for _, t := range m.Tracks {
		s := fmt.Sprintf("track %d: %s (%s)", t.ID, t.FourCCName, t.FourCC)
		if t.CompositionTime != nil {
			s += fmt.Sprintf(", composition time %d ms", *t.CompositionTime)
		}
		more = append(more, s+", "+strconv.Itoa(t.Bytes)+" bytes")
	}
	if c := m.Multichannel; c != nil {
		s := fmt.Sprintf("channels: %d, order %s", c.ChannelCount, c.OrderName)
		if len(c.Channels) > 0 {
			s += ": " + strings.Join(c.Channels, ", ")
		}
		if c.Mask != nil {
			s += fmt.Sprintf(", mask 0x%06x", *c.Mask)
		}
		more = append(more, s)
	}
	more = append(more, m.Notes...)
	if m.MetadataError != "" {
		more = append(more, "metadata does not decode: "+m.MetadataError)
	}
	return strings.Join(parts, ", "), more
}
