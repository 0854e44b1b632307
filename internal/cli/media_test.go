package cli

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// enhancedVectors are Enhanced RTMP headers built from the v2
// specification, with the words the text view must use for them.
var enhancedVectors = []struct {
	video bool
	hex   string
	want  []string
}{
	{true, "a1 68766331 000028 0000000126", []string{"enhanced HEVC (hvc1), coded frames, inter frame, composition time 40 ms"}},
	{true, "90 61763031 0a0b", []string{"enhanced AV1 (av01), sequence start, keyframe"}},
	{true, "d4 61763031 02 0009 636f6c6f72496e666f 03 0000 09", []string{"AV1 (av01), metadata", `metadata string "colorInfo"`}},
	{true, "97 02 07a120 01 68766331 000000 aa", []string{"HEVC (hvc1), coded frames", "ModEx timestamp offset nano, 3 byte(s), +500000 ns"}},
	{true, "97 ff 0002 07a120 03 61766331", []string{"AVC (avc1), coded frames X", "size in the long form"}},
	{true, "a6 11 68766331 00 000005 000028 aabb 02 000003 fffff6", []string{"multitrack many tracks, 2 track(s)", "track 0: HEVC (hvc1), composition time 40 ms, 2 bytes", "track 2: HEVC (hvc1), composition time -10 ms, 0 bytes"}},
	{true, "96 21 68766331 00 000004 000001 ee 61763031 01 000001 81", []string{"multitrack many tracks, many codecs", "track 1: AV1 (av01), 1 bytes"}},
	{true, "d1 00", []string{"video info/command frame: start of client-side seeking"}},
	{true, "99 1b5b324a ff", []string{`VideoPacketType(0x09)`, `FourCC(0x1b5b324a) (\x1b[2J)`, `FourCC '\x1b[2J' is not defined by the specification: kept as sent`}},
	{true, "96 51 0102", []string{"multitrack layout MultitrackType(0x05) (the rest of the message is its body) is not defined"}},
	{true, "97 00 01 f0 61763031", []string{"ModEx type ModExType(0x0f) is not defined"}},
	{false, "94 4f707573 01 02 00000003", []string{"Opus (Opus), multichannel config", "channels: 2, order native, mask 0x000003"}},
	{false, "95 21 6d703461 00 000000 4f707573 02 000001 fc", []string{"track 0: AAC (mp4a), 0 bytes", "track 2: Opus (Opus), 1 bytes"}},
	{false, "", []string{"silence (empty audio message)"}},
	{false, "2a fffb", []string{"MP3, 22 kHz 16 bit mono"}},
}

// mediaVectors is codec/media/testdata/vectors.txt (every header vector the
// library's tests hold to its fields) followed by enhancedVectors.
func mediaVectors(t *testing.T) []struct {
	video bool
	hex   string
	want  []string
} {
	out := enhancedVectors[:0:0]
	for _, v := range testkit.VectorFile(t, "../../codec/media/testdata/vectors.txt") {
		out = append(out, struct {
			video bool
			hex   string
			want  []string
		}{v.Kind == "video", hex.EncodeToString(v.Bytes), nil})
	}
	if len(out) < 40 {
		t.Fatalf("%d vectors in vectors.txt", len(out))
	}
	return append(out, enhancedVectors...)
}

// TestEnhancedRoundTrip: every vector decodes (those with words, to them)
// and goes back to its bytes through decode -format json | encode.
func TestEnhancedRoundTrip(t *testing.T) {
	for _, v := range mediaVectors(t) {
		typ := "0x08"
		if v.video {
			typ = "0x09"
		}
		if v.hex == "" {
			// Hex input of no bytes is refused; TestFLVFile shows silence.
			continue
		}
		in := v.hex
		code, text, stderr := runCLI(t, in, "decode", "-layer", "message", "-type", typ)
		if code != exitOK || strings.Contains(text, "no FLV") {
			t.Fatalf("%s: exit %d: %s%s", v.hex, code, text, stderr)
		}
		for _, w := range v.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: no %q in\n%s", v.hex, w, text)
			}
		}
		_, doc, _ := runCLI(t, in, "decode", "-layer", "message", "-type", typ, "-format", "json")
		code, hexOut, stderr := runCLI(t, doc, "encode")
		if got := decodeHex(t, hexOut); code != exitOK || !bytes.Equal(got, testkit.Hex(t, v.hex)) {
			t.Errorf("%s: decode | encode gave %x (exit %d, %s)", v.hex, got, code, stderr)
		}
	}
}

// TestFLVFile: an enhanced FLV file, given as bytes (its signature
// recognised) or as hex, lists its tags with the same view and encodes back
// to the same bytes.
func TestFLVFile(t *testing.T) {
	var file bytes.Buffer
	w, err := flv.NewWriter(&file, true, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range mediaVectors(t) {
		typ := rtmp.TypeAudio
		if v.video {
			typ = rtmp.TypeVideo
		}
		if err := w.WriteTag(typ, uint32(i*40), testkit.Hex(t, v.hex)); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range []string{file.String(), hex.EncodeToString(file.Bytes())} {
		code, text, stderr := runCLI(t, in, "decode")
		if code != exitOK || !strings.Contains(text, "FLV version 1") || !strings.Contains(text, "enhanced HEVC (hvc1), coded frames, inter frame, composition time 40 ms") ||
			!strings.Contains(text, "track 2: Opus (Opus), 1 bytes") || !strings.Contains(text, "silence (empty audio message)") {
			t.Errorf("exit %d:\n%s%s", code, text, stderr)
		}
		_, doc, _ := runCLI(t, in, "decode", "-format", "json")
		code, hexOut, stderr := runCLI(t, doc, "encode")
		if got := decodeHex(t, hexOut); code != exitOK || !bytes.Equal(got, file.Bytes()) {
			t.Errorf("decode | encode: exit %d, %s\n%x\nwant\n%x", code, stderr, got, file.Bytes())
		}
	}
	// Cut short: the whole tags, the rest and the error.
	cut := file.Bytes()[:file.Len()-3]
	code, text, _ := runCLI(t, string(cut), "decode", "-layer", "flv")
	if code == exitOK || !strings.Contains(text, "rest: ") || !strings.Contains(text, "error: flv") {
		t.Errorf("cut file: exit %d\n%s", code, text)
	}
}

// TestAggregateMedia: the sub-messages of an aggregate get the view a
// message of their type gets.
func TestAggregateMedia(t *testing.T) {
	in := "08 000004 0003e8 00 000000  af 01 211b  0000000f  09 00000c 000010 01 000001  a1 68766331 000028 000000 aa  00000017"
	code, text, stderr := runCLI(t, in, "decode", "-layer", "message", "-type", "0x16")
	if code != exitOK || !strings.Contains(text, "audio: AAC raw, 44 kHz 16 bit stereo, 4 bytes") ||
		!strings.Contains(text, "video: enhanced HEVC (hvc1), coded frames, inter frame, composition time 40 ms, 12 bytes") {
		t.Errorf("exit %d:\n%s%s", code, text, stderr)
	}
}

// TestLibmediaFLV: the third-party enhanced FLV (codec/media/testdata)
// through the CLI: ModEx offsets and tracks shown, written back exactly.
func TestLibmediaFLV(t *testing.T) {
	const name = "../../codec/media/testdata/libmedia-eflv.hex"
	in, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	code, text, stderr := runCLI(t, string(in), "decode")
	for _, w := range []string{"ModEx timestamp offset nano, 3 byte(s), +122222 ns", "track 1: HEVC (hvc1), composition time 40 ms, 6 bytes", "track 2: Opus (Opus), 2 bytes"} {
		if code != exitOK || !strings.Contains(text, w) {
			t.Errorf("exit %d, no %q in\n%s%s", code, w, text, stderr)
		}
	}
	_, doc, _ := runCLI(t, string(in), "decode", "-format", "json")
	code, hexOut, stderr := runCLI(t, doc, "encode")
	if got := decodeHex(t, hexOut); code != exitOK || !bytes.Equal(got, testkit.HexFile(t, name)) {
		t.Errorf("decode | encode: exit %d, %s", code, stderr)
	}
}
