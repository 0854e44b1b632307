package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// gapMS is the timestamp step between two media messages of a stream that
// -stats reports as a gap.
const gapMS = 1000

// dirStats is what -stats counts for one direction of a connection.
type dirStats struct {
	Messages   int               `json:"messages"`
	Chunks     int               `json:"chunks"`
	ByType     map[string]*count `json:"by_type"`
	ChunkSizes events            `json:"chunk_sizes"` // "128 from the start", "4096 from offset 3225"
	Audio      *mediaStats       `json:"audio,omitempty"`
	Video      *mediaStats       `json:"video,omitempty"`
	Backwards  events            `json:"timestamps_backwards"` // where a stream's timestamp went down
	Gaps       events            `json:"timestamp_gaps"`       // steps of more than gapMS
	Violations events            `json:"violations"`           // why decoding stopped, gaps in the capture
	// Untracked counts media messages whose timestamps were not checked
	// for steps: their (stream, type) came after the first trackedStreams.
	Untracked int `json:"untracked_media_messages,omitempty"`

	last map[[2]uint32]uint32 // (stream, type) -> last timestamp
	tag  media.VideoTag       // reused
}

// trackedStreams bounds the (stream, type) pairs whose last timestamp a
// direction keeps: real sessions use a few, a hostile one could use 2^32.
const trackedStreams = 1024

// events counts what happened and keeps the first eventsKept as text: a
// session whose timestamps go backwards on every message, or that sends
// Set Chunk Size after Set Chunk Size, costs that much at most.
type events struct {
	Count int      `json:"count"`
	First []string `json:"first,omitempty"`
}

const eventsKept = 100

// add counts an event; text makes its words, only while they are kept.
func (e *events) add(text func() string) {
	e.Count++
	if len(e.First) < eventsKept {
		e.First = append(e.First, text())
	}
}

// release drops what only counting needed, once the direction ended.
func (s *dirStats) release() {
	s.last, s.tag = nil, media.VideoTag{}
}

// isKeyframe: a key frame of coded video, not a sequence header or end
// (which carry frame type 1 too) nor a command.
func isKeyframe(t *media.VideoTag, p []byte) bool {
	if t.DecodeAll(p) != nil || t.FrameType != media.FrameKey || t.IsCommand() {
		return false
	}
	if t.Enhanced {
		return t.PacketType == media.VideoCodedFrames || t.PacketType == media.VideoCodedFramesX
	}
	return !t.Codec.HasPacketType() || t.AVCPacketType == media.AVCNALU
}

type count struct {
	Messages int `json:"messages"`
	Bytes    int `json:"bytes"`
}

// mediaStats are one media type's numbers over its timestamps.
type mediaStats struct {
	Messages     int     `json:"messages"`
	Bytes        int     `json:"bytes"`
	FirstMS      uint32  `json:"first_ms"`
	LastMS       uint32  `json:"last_ms"`
	KbitPerS     float64 `json:"kbit_per_s"`
	Keyframes    int     `json:"keyframes,omitempty"`
	KeyframeMS   float64 `json:"keyframe_interval_ms,omitempty"` // mean, between keyframes
	lastKeyframe uint32
	keyframeSum  uint64
}

func newDirStats() *dirStats {
	return &dirStats{ByType: map[string]*count{}, last: map[[2]uint32]uint32{}}
}

// add counts one message; n is its line number.
func (s *dirStats) add(m *chunk.Message, n int) {
	s.Messages++
	s.Chunks += chunkCount(m.Chunks)
	c := s.ByType[m.Type.String()]
	if c == nil {
		c = &count{}
		s.ByType[m.Type.String()] = c
	}
	c.Messages++
	c.Bytes += len(m.Payload)
	if m.Type != rtmp.TypeAudio && m.Type != rtmp.TypeVideo {
		return
	}
	key := [2]uint32{m.StreamID, uint32(m.Type)}
	step := func() string {
		return fmt.Sprintf("#%d: %s on stream %d, %d -> %d ms", n, m.Type, m.StreamID, s.last[key], m.Timestamp)
	}
	if prev, ok := s.last[key]; ok {
		switch {
		case m.Timestamp < prev:
			s.Backwards.add(step)
		case m.Timestamp-prev > gapMS:
			s.Gaps.add(step)
		}
		s.last[key] = m.Timestamp
	} else if len(s.last) < trackedStreams {
		s.last[key] = m.Timestamp
	} else {
		s.Untracked++
	}
	ms := &s.Audio
	if m.Type == rtmp.TypeVideo {
		ms = &s.Video
	}
	if *ms == nil {
		*ms = &mediaStats{FirstMS: m.Timestamp}
	}
	x := *ms
	x.Messages++
	x.Bytes += len(m.Payload)
	x.LastMS = max(x.LastMS, m.Timestamp)
	x.FirstMS = min(x.FirstMS, m.Timestamp)
	if m.Type == rtmp.TypeVideo && isKeyframe(&s.tag, m.Payload) {
		if x.Keyframes > 0 && m.Timestamp >= x.lastKeyframe {
			x.keyframeSum += uint64(m.Timestamp - x.lastKeyframe)
		}
		x.Keyframes++
		x.lastKeyframe = m.Timestamp
	}
}

func (s *dirStats) finish() {
	for _, x := range []*mediaStats{s.Audio, s.Video} {
		if x == nil {
			continue
		}
		if d := x.LastMS - x.FirstMS; d > 0 {
			x.KbitPerS = float64(x.Bytes) * 8 / float64(d)
		}
		if x.Keyframes > 1 {
			x.KeyframeMS = float64(x.keyframeSum) / float64(x.Keyframes-1)
		}
	}
}

// lines is the text form.
func (s *dirStats) lines() []string {
	var types []string
	for t, c := range s.ByType {
		types = append(types, fmt.Sprintf("%s %d (%d bytes)", t, c.Messages, c.Bytes))
	}
	sort.Strings(types)
	sizes := strings.Join(s.ChunkSizes.First, ", ")
	if more := s.ChunkSizes.Count - len(s.ChunkSizes.First); more > 0 {
		sizes += fmt.Sprintf(", and %d more changes", more)
	}
	out := []string{
		fmt.Sprintf("%d messages in %d chunks: %s", s.Messages, s.Chunks, strings.Join(types, ", ")),
		"chunk sizes: " + sizes,
	}
	for _, m := range []struct {
		name string
		x    *mediaStats
	}{{"audio", s.Audio}, {"video", s.Video}} {
		if m.x == nil {
			continue
		}
		l := fmt.Sprintf("%s: %d messages, %d bytes, timestamps %d..%d ms, %.1f kbit/s", m.name, m.x.Messages, m.x.Bytes, m.x.FirstMS, m.x.LastMS, m.x.KbitPerS)
		if m.x.Keyframes > 0 {
			l += fmt.Sprintf(", %d keyframes", m.x.Keyframes)
		}
		if m.x.KeyframeMS > 0 {
			l += fmt.Sprintf(" every %.0f ms", m.x.KeyframeMS)
		}
		out = append(out, l)
	}
	out = append(out, listLine("timestamps going backwards", s.Backwards), listLine(fmt.Sprintf("timestamp gaps over %d ms", gapMS), s.Gaps),
		listLine("protocol violations", s.Violations))
	if s.Untracked > 0 {
		out = append(out, fmt.Sprintf("timestamps not checked: %d media messages on (stream, type) pairs past the first %d", s.Untracked, trackedStreams))
	}
	return out
}

// listLine says how many and shows the first few.
func listLine(what string, e events) string {
	if e.Count == 0 {
		return what + ": none"
	}
	shown := e.First[:min(len(e.First), 3)]
	s := fmt.Sprintf("%s: %d (%s", what, e.Count, strings.Join(shown, "; "))
	if e.Count > len(shown) {
		s += "; ..."
	}
	return s + ")"
}
