package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// lineInfo is what a one-line summary found that links messages: the
// command name and transaction ID of a command, and for an answer
// (_result, _error, onStatus) what it answers.
type lineInfo struct {
	command string
	tid     float64
	hasTID  bool
	status  string // the code of onStatus or of a _result/_error information object
}

// mediaCache remembers the words for audio and video headers already
// seen: a stream repeats a handful of them (AAC raw, AVC inter frames), so
// most media lines cost a tag decode and a lookup. The byte count is not
// part of what is remembered. It belongs to one goroutine.
type mediaCache struct {
	words map[string]string // type byte + header bytes -> the words before ", N bytes"
	video media.VideoTag
	audio media.AudioTag
	key   []byte // reused: type byte + header bytes
}

// mediaCacheSize bounds the cache; when full it starts again.
const mediaCacheSize = 4096

// mediaWords returns the line for a single-track audio or video payload
// from the cache, or ok false when it cannot be cached (a multitrack
// header, a payload that does not decode).
func (c *mediaCache) mediaWords(t rtmp.MessageType, payload []byte) (string, bool) {
	var body int
	if t == rtmp.TypeVideo {
		if c.video.DecodeAll(payload) != nil || c.video.Multitrack || len(c.video.ModEx) > 0 || c.video.PacketType == media.VideoMetadata && c.video.Enhanced {
			return "", false
		}
		body = len(c.video.Body)
	} else {
		if c.audio.DecodeAll(payload) != nil || c.audio.Multitrack || len(c.audio.ModEx) > 0 || c.audio.Silence {
			return "", false
		}
		body = len(c.audio.Body)
		if c.audio.Enhanced() && c.audio.PacketType == media.AudioMultichannelConfig {
			return "", false // its words come from the body
		}
	}
	c.key = append(append(c.key[:0], byte(t)), payload[:len(payload)-body]...)
	if w, ok := c.words[string(c.key)]; ok { // a lookup by []byte: no copy
		return w + fmt.Sprintf(", %d bytes", len(payload)), true
	}
	var b *Body
	kind := "video "
	if t == rtmp.TypeVideo {
		b = videoView(payload, amfOptions{})
	} else {
		b, kind = audioView(payload), "audio "
	}
	if b.Media == nil || b.Note != "" {
		return "", false
	}
	s, _ := mediaLines(b.Kind, b.Media)
	w := kind + strings.TrimSuffix(s, fmt.Sprintf(", %d bytes", len(payload)))
	if c.words == nil || len(c.words) >= mediaCacheSize {
		c.words = map[string]string{}
	}
	c.words[string(c.key)] = w
	return w + fmt.Sprintf(", %d bytes", len(payload)), true
}

// summaryLine says in one line what a message holds, in tshark's Info
// style: "command connect(app 'live', tcUrl 'rtmp://h/live') tid 1",
// "control Set Chunk Size 4096", "video AVC NALU, keyframe, ... 1384 bytes".
// Strings from the input are quoted, escaped and cut to a readable length.
// Media lines are remembered in c; a nil c remembers nothing.
func (c *mediaCache) summaryLine(t rtmp.MessageType, payload []byte) (string, lineInfo) {
	if c != nil && (t == rtmp.TypeAudio || t == rtmp.TypeVideo) {
		if s, ok := c.mediaWords(t, payload); ok {
			return s, lineInfo{}
		}
	}
	m, err := message.Decode(t, payload)
	if err != nil {
		return fmt.Sprintf("%s, %d bytes, not decoded: %v", t, len(payload), err), lineInfo{}
	}
	switch v := m.(type) {
	case *rtmp.SetChunkSize:
		return fmt.Sprintf("control Set Chunk Size %d", v.ChunkSize), lineInfo{}
	case *rtmp.Abort:
		return fmt.Sprintf("control Abort csid %d", v.ChunkStreamID), lineInfo{}
	case *rtmp.Acknowledgement:
		return fmt.Sprintf("control Acknowledgement %d", v.SequenceNumber), lineInfo{}
	case *rtmp.WindowAckSize:
		return fmt.Sprintf("control Window Acknowledgement Size %d", v.WindowSize), lineInfo{}
	case *rtmp.SetPeerBandwidth:
		return fmt.Sprintf("control Set Peer Bandwidth %d, %s", v.WindowSize, v.Limit), lineInfo{}
	case *message.UserControl:
		return "user control " + userControlLine(v), lineInfo{}
	case *message.Command:
		return commandLine(v.Values)
	case *message.Data:
		s := "data"
		for i, x := range v.Values {
			if i == 3 {
				s += ", ..."
				break
			}
			s += " " + shortValue(x)
		}
		return s, lineInfo{}
	case *message.Audio:
		b := audioView(v.Payload)
		if b.Media == nil || b.Note != "" {
			return fmt.Sprintf("audio, %d bytes: %s", len(payload), b.Note), lineInfo{}
		}
		s, _ := mediaLines(b.Kind, b.Media)
		return "audio " + s, lineInfo{}
	case *message.Video:
		b := videoView(v.Payload, amfOptions{})
		if b.Media == nil || b.Note != "" {
			return fmt.Sprintf("video, %d bytes: %s", len(payload), b.Note), lineInfo{}
		}
		s, _ := mediaLines(b.Kind, b.Media)
		return "video " + s, lineInfo{}
	case *message.Aggregate:
		return fmt.Sprintf("aggregate, %d sub-messages, %d bytes", len(v.Subs), len(payload)), lineInfo{}
	case *message.SharedObject:
		return fmt.Sprintf("shared object %s, %d event(s)", quoteShort(string(v.Header.Name)), len(v.Events)), lineInfo{}
	}
	return fmt.Sprintf("%s, %d bytes", t, len(payload)), lineInfo{}
}

func userControlLine(v *message.UserControl) string {
	switch v.Event {
	case message.EventStreamBegin, message.EventStreamEOF, message.EventStreamDry, message.EventStreamIsRecorded,
		message.EventBufferEmpty, message.EventBufferReady:
		return fmt.Sprintf("%s, stream %d", v.Event, v.StreamID)
	case message.EventSetBufferLength:
		return fmt.Sprintf("%s, stream %d, %d ms", v.Event, v.StreamID, v.BufferLength)
	case message.EventPingRequest, message.EventPingResponse:
		return fmt.Sprintf("%s, timestamp %d", v.Event, v.Timestamp)
	}
	return fmt.Sprintf("%s, %d bytes of data", v.Event, len(v.Data))
}

// connectKeys are the connect properties worth a place on the line.
var connectKeys = []string{"app", "type", "tcUrl", "flashVer", "objectEncoding", "fourCcList"}

// commandLine: name(arguments) tid N, with connect's notable properties
// and an answer's status code.
func commandLine(vals []amf0.Value) (string, lineInfo) {
	var info lineInfo
	if len(vals) == 0 {
		return "command with no values", info
	}
	name, ok := vals[0].Str()
	if !ok {
		return "command whose name is a " + vals[0].Kind().String(), info
	}
	info.command = name
	if len(vals) > 1 {
		info.tid, info.hasTID = vals[1].Number()
	}
	var args []string
	switch {
	case name == "connect" && len(vals) > 2:
		for _, k := range connectKeys {
			if x, ok := vals[2].Lookup(k); ok {
				args = append(args, k+" "+shortValue(x))
			}
		}
	case len(vals) > 3:
		for _, x := range vals[3:] {
			if len(args) == 3 {
				args = append(args, "...")
				break
			}
			if code, ok := x.Lookup("code"); ok {
				info.status, _ = code.Str()
				args = append(args, shortValue(code))
				continue
			}
			args = append(args, shortValue(x))
		}
	}
	s := "command " + quoteName(name) + "(" + strings.Join(args, ", ") + ")"
	if info.hasTID {
		s += " tid " + strconv.FormatFloat(info.tid, 'g', -1, 64)
	}
	return s, info
}

// shortValue writes an AMF0 value in a few characters: strings quoted and
// cut, numbers as numbers, objects as their property count.
func shortValue(v amf0.Value) string {
	switch v.Kind() {
	case amf0.KindString:
		s, _ := v.Str()
		return quoteShort(s)
	case amf0.KindNumber:
		f, _ := v.Number()
		return strconv.FormatFloat(f, 'g', -1, 64)
	case amf0.KindBoolean:
		b, _ := v.Bool()
		return strconv.FormatBool(b)
	case amf0.KindNull, amf0.KindUndefined:
		return v.Kind().String()
	case amf0.KindObject, amf0.KindECMAArray, amf0.KindTypedObject:
		return fmt.Sprintf("{%d properties}", v.Len())
	case amf0.KindStrictArray:
		return fmt.Sprintf("[%d elements]", v.Len())
	}
	return v.Kind().String()
}

// maxShort is how many characters of a string a summary line shows.
const maxShort = 48

// quoteShort quotes s, escaped, and cut after maxShort characters with
// its full length said.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > maxShort {
		return strconv.Quote(string(r[:maxShort])) + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return strconv.Quote(s)
}

// quoteName shows a command name bare when it is a plain identifier, as
// every real one is, and quoted otherwise.
func quoteName(s string) string {
	for _, r := range s {
		if !(r == '_' || r == '@' || r == '|' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return quoteShort(s)
		}
	}
	if s == "" {
		return `""`
	}
	return s
}
