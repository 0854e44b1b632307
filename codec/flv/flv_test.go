package flv

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestFFmpegFile: a file FFmpeg's muxer wrote decodes into its header and
// tags (script data first, then video and audio, every previous tag size
// right) and writes back byte for byte; every cut-short prefix is a
// truncation error.
func TestFFmpegFile(t *testing.T) {
	in := testkit.HexFile(t, "testdata/ffmpeg-1s.hex")
	var f File
	if err := f.DecodeAll(in); err != nil {
		t.Fatal(err)
	}
	if f.Header.Version != 1 || f.Header.TypeFlags != FlagAudio|FlagVideo || f.Header.DataOffset != 9 || f.PreviousTagSize0 != 0 {
		t.Errorf("header %+v, previous tag size 0 %d", f.Header, f.PreviousTagSize0)
	}
	counts := map[rtmp.MessageType]int{}
	for i := range f.Tags {
		counts[f.Tags[i].Header.Type]++
		if !f.Tags[i].BackPointerValid() {
			t.Errorf("tag %d: previous tag size %d", i, f.Tags[i].BackPointer)
		}
	}
	if f.Tags[0].Header.Type != rtmp.TypeDataAMF0 || counts[rtmp.TypeVideo] < 5 || counts[rtmp.TypeAudio] < 5 {
		t.Errorf("tags by type %v, first %v", counts, f.Tags[0].Header.Type)
	}
	if m, err := f.Tags[0].Message(); err != nil {
		t.Error(err)
	} else if name, _ := m.(*message.Data).Values[0].Str(); name != "onMetaData" {
		t.Errorf("script tag %q", name)
	}
	out, err := f.Append(nil)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encode: %v, equal %v", err, bytes.Equal(out, in))
	}
	// A prefix that ends between tags is a whole, shorter file; any
	// other is cut short.
	for cut := 0; cut < len(in); cut += 1 + cut/8 {
		var g File
		if err := g.DecodeAll(in[:cut]); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut at %d: %v", cut, err)
		}
	}
}

// TestWriter: what Writer writes, tag by tag, decodes to the tags given,
// every previous tag size right, and is the file Append writes for them.
func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, true, true)
	if err != nil {
		t.Fatal(err)
	}
	tags := []struct {
		t       rtmp.MessageType
		ts      uint32
		payload []byte
	}{
		{rtmp.TypeDataAMF0, 0, []byte{2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a'}},
		{rtmp.TypeVideo, 0, []byte{0x17, 0, 0, 0, 0, 1, 2, 3}},
		{rtmp.TypeAudio, 23, []byte{0xaf, 0, 0x12, 0x10}},
		{rtmp.TypeVideo, 0x01000040, []byte{0x27, 1, 0, 0, 0}}, // past 24 bits
	}
	for _, tg := range tags {
		if err := w.WriteTag(tg.t, tg.ts, tg.payload); err != nil {
			t.Fatal(err)
		}
	}
	var f File
	if err := f.DecodeAll(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if len(f.Tags) != len(tags) || f.Header.TypeFlags != 5 {
		t.Fatalf("%d tags, flags %d", len(f.Tags), f.Header.TypeFlags)
	}
	for i, tg := range tags {
		got := &f.Tags[i]
		if got.Header.Type != tg.t || got.Timestamp() != tg.ts || !bytes.Equal(got.Payload, tg.payload) || !got.BackPointerValid() {
			t.Errorf("tag %d: %+v", i, got)
		}
	}
	again, _ := f.Append(nil)
	if !bytes.Equal(again, buf.Bytes()) {
		t.Error("Append differs from what Writer wrote")
	}
	allocs := testkit.AllocsPerRun(t, 100, func() {
		_ = w.WriteTag(rtmp.TypeVideo, 40, tags[1].payload)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per tag", allocs)
	}
}

func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		field     string
		kind      error
	}{
		{"signature", "464c57 01 05 00000009 00000000", "FileHeader.Signature", wire.ErrConstraint},
		{"data offset below 9", "464c56 01 05 00000008 00000000", "FileHeader.DataOffset", wire.ErrConstraint},
		{"data offset past the end", "464c56 01 05 00000100 00000000", "FileHeader.DataOffset", wire.ErrConstraint},
		{"tag past the end", "464c56 01 05 00000009 00000000 09 000010 000000 00 000000 1700", "Tags.Payload", io.ErrUnexpectedEOF},
	} {
		var f File
		err := f.DecodeAll(testkit.Hex(t, tc.hex))
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, tc.kind) || we.Layer != "flv" || !bytes.Contains([]byte(we.Field), []byte(tc.field)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Bytes a larger data offset leaves are kept.
	in := testkit.Hex(t, "464c56 01 04 0000000b abcd 00000000")
	var f File
	if err := f.DecodeAll(in); err != nil || !bytes.Equal(f.Extra, []byte{0xab, 0xcd}) {
		t.Fatalf("extra: %v %x", err, f.Extra)
	}
	if out, _ := f.Append(nil); !bytes.Equal(out, in) {
		t.Error("extra bytes not written back")
	}
}
