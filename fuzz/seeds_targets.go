package fuzz

import (
	"strconv"
	"strings"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// The seeds of each target, one function per target or family, each
// computed once per process. Every target's committed corpus is these plus
// its directory under testdata/fuzz.

// AMF0Seeds: every corpus file of layer amf0, the AMF0 body of every
// single-chunk command in the chunks layer, the commands and data of the
// real sessions, and hand-written payloads covering every marker and the
// wire choices the codec must keep.
var AMF0Seeds = memo(func() ([]Seed, error) {
	files, err := corpusFilesOf(corpus.LayerAMF0, corpus.LayerChunks)
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, c := range files {
		switch {
		case c.Layer == corpus.LayerAMF0:
			out = append(out, Seed{c.Data})
		case c.Header["chunks"] == "1" && c.Header["type"] == "0x14":
			hdr, _, ok := strings.Cut(c.Header["chunk-layout"], "+")
			n, err := strconv.Atoi(hdr)
			if ok && err == nil && n < len(c.Data) {
				out = append(out, Seed{c.Data[n:]})
			}
		}
	}
	msgs, err := trafficMessages(4)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Type == rtmp.TypeCommandAMF0 || m.Type == rtmp.TypeDataAMF0 {
			out = append(out, Seed{m.Payload})
		}
	}
	return append(out, hexSeeds(
		"00 7ff8000000000123 00 8000000000000000 01 02 02 0003 ffc328 0c 00000001 61",
		"03 0001 6b 00 3ff0000000000000 0001 6b 05 0000 05 0000 09",
		"08 ffffffff 0001 61 05 0000 09 08 00000000 0000 09",
		"0a 00000002 03 0000 09 07 0001 07 0000",
		"0b 427176592e000000 ff88 0d 06 05 0f 00000004 3c612f3e",
		"10 0005 506f696e74 0001 78 00 3ff0000000000000 0000 09",
		"03 0001 61 03 0000 09 0001 62 07 0001 0000 09",
		"03 0001 61 07 0000 0000 09", // reference to an open value
		"0a ffffffff 05",
		"11 04 01",
		"04", "0e", "09", "12",
	)...), nil
})

// AMF3Seeds cover every marker and the wire choices the codec keeps: the
// facts sheet's U29s, references of every table, cycles, externalizable
// objects, vectors and dictionaries, and malformed inputs.
var AMF3Seeds = memo(func() ([]Seed, error) {
	return append(refusalSeeds(), hexSeeds(
		"04 7f 04 8100 04 ff7f 04 818000 04 ffff7f 04 80c08000 04 bfffffff 04 c0808000 04 ffffffff",
		"04 8001 04 808001 04 80808001 04 80808081",
		"00 01 02 03 05 7ff8000000000001 05 8000000000000000",
		"06 0b 68656c6c6f 06 00 06 01 06 800b 68656c6c6f",
		"07 07 3c613e 0b 03 78 0c 07 010203 0c 01 0c 00",
		"08 01 4278cc9c66000000 08 07 0000000000000000",
		"09 05 01 04 01 04 02 09 03 03 61 04 01 01 06 03 78 09 01 8001",
		"0a 0b 01 03 61 04 01 01 0a 13 07 466f6f 03 78 04 05 0a 01 04 06",
		"09 05 01 0a 13 07 466f6f 03 78 04 05 0a 13 00 02 04 06",
		"0a 0b 01 09 73656c66 0a 00 01",
		"0d 05 00 ffffffff 00000001 0e 03 01 ffffffff 0f 03 07 3ff0000000000000",
		"10 05 00 03 2a 04 01 06 03 61 11 03 00 06 03 6b 04 07 11 03 01 0a 0b 01 01 04 07",
		"0a 07 43 666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e 09 03 01 04 01",
		"0a 07 07 466f6f deadbeef",
		"0a 17 07 466f6f 01",
		"04 ffff", "06 02", "0a 00", "0a 05", "09 01 01 0a 00", "09 ffffff7f 01", "12",
	)...), nil
})

// refusalSeeds are (selector, parameter) pairs reaching every value the
// refusal properties (fuzz/refuse.go) pick, as the build targets read
// them from their input's first two bytes.
func refusalSeeds() []Seed {
	var out []Seed
	for sel := range byte(12) {
		out = append(out, Seed{[]byte{sel, 1}})
	}
	return out
}

// ChunkSeeds are chunk streams, each behind its configuration byte (see
// ChunkOptions): the corpus's chunk files and sessions after their
// handshakes, the real sessions' chunks, and streams that reach every
// header form and rule.
var ChunkSeeds = memo(func() ([]Seed, error) {
	files, err := corpusFilesOf(corpus.LayerChunks, corpus.LayerSession)
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, c := range files {
		switch c.Layer {
		case corpus.LayerChunks:
			cfg := byte(0)
			if _, ok := c.Header["context-stream-id"]; ok {
				cfg = 0x08
			}
			out = append(out, Seed{append([]byte{cfg}, c.Data...)})
		case corpus.LayerSession:
			if n, ok, err := c.Uint("handshake-length"); err == nil && ok && int(n) < len(c.Data) {
				out = append(out, Seed{append([]byte{0}, c.Data[n:]...)})
			}
		}
	}
	dirs, err := traffic()
	if err != nil {
		return nil, err
	}
	for i, d := range dirs {
		// Each real session at 128 bytes with the default budget, and
		// with one of the small budgets.
		out = append(out, Seed{append([]byte{0}, d.chunks...)}, Seed{append([]byte{byte(1+i%3) << 4}, d.chunks...)})
	}
	return append(out, hexSeeds(
		// extended timestamp on fmt 0 and its fmt 3 continuation, chunk size 4
		"02 02 ffffff 000005 09 01000000 01000000 aabbccdd c2 01000000 ee",
		// fmt 1 extended delta, fmt 3 new message re-applying it
		"00 02 000000 000001 09 01000000 aa 42 ffffff 000001 09 01000000 bb c2 01000000 cc",
		// lenient: extended timestamp omitted on a continuation
		"06 02 ffffff 000005 09 01000000 01000000 aabbccdd c2 ee 02 000000 000001 09 01000000 dd",
		// two chunk streams interleaved, chunk size 1
		"01 04 000000 000003 09 01000000 aa 05 000000 000002 08 01000000 11 c4 bb c5 22 c4 cc",
		// Abort of a half-received message, chunk size 4
		"02 04 000000 000005 09 01000000 aabbccdd 02 000000 000004 02 00000000 00000004 04 000000 000001 09 01000000 dd",
		// Set Chunk Size 2 mid-message, chunk size 4
		"02 04 000000 000008 09 01000000 11223344 02 000000 000004 01 00000000 00000002 c4 5566 c4 7788",
		// 2- and 3-byte basic headers on one chunk stream, and csid 65599
		"01 00 00 000000 000002 14 01000000 aa c1 00 00 bb 01 ff ff 000000 000000 14 00000000",
		// zero-length messages, fmt 0 then fmt 3
		"00 02 000000 000000 14 00000000 c2 42 000005 000001 14 ee c2 ee",
		// lone fmt 2 and fmt 3 chunks with a supplied context (length 1)
		"18 83 000004 aa c3 bb",
		// hostile: Set Chunk Size 0, a length change mid-message
		"00 02 000000 000004 01 00000000 00000000",
		"02 03 000000 000008 14 00000000 11223344 43 000000 0000ff 14",
	)...), nil
})

// FLVSeeds: FFmpeg's one-second FLV and two hand-made files.
var FLVSeeds = memo(func() ([]Seed, error) {
	b, err := testkit.ReadHexFile(flvFixture)
	if err != nil {
		return nil, err
	}
	return append([]Seed{{b}}, hexSeeds(
		"464c56 01 04 0000000b abcd 00000000",
		"464c56 01 05 00000009 00000000 09 000002 000000 00 000000 1700 0000000d",
	)...), nil
})

// sessionDirections are whole directions as sent: the corpus's handshakes
// and sessions, the real sessions, and Flash Player's C0+C1.
var sessionDirections = sync.OnceValues(func() ([][]byte, error) {
	files, err := corpusFilesOf(corpus.LayerHandshake, corpus.LayerSession)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, c := range files {
		out = append(out, c.Data)
	}
	dirs, err := traffic()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		out = append(out, d.raw)
	}
	flash, err := testkit.ReadHexFile(flashC0C1Fixture)
	if err != nil {
		return nil, err
	}
	return append(out, flash), nil
})

// HandshakeSeeds: whole directions, and a lone C0.
var HandshakeSeeds = memo(func() ([]Seed, error) {
	dirs, err := sessionDirections()
	if err != nil {
		return nil, err
	}
	out := []Seed{{[]byte{3}}}
	for _, d := range dirs {
		out = append(out, Seed{d})
	}
	// An RTMPE (version 6) direction with bytes after its handshake, which
	// the codec refuses to read as chunks.
	rtmpe := make([]byte, handshake.DirectionLen, handshake.DirectionLen+4)
	rtmpe[0] = 6
	return append(out, Seed{append(rtmpe, 0x02, 0, 0, 0)}), nil
})

// HandshakeDigestSeeds: each direction's C1/S1 onwards behind each
// selector byte.
var HandshakeDigestSeeds = memo(func() ([]Seed, error) {
	dirs, err := sessionDirections()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, d := range dirs {
		if len(d) < 2 {
			continue
		}
		for _, sel := range []byte{0, 1, 2, 3, 0xe5} {
			out = append(out, Seed{append([]byte{sel}, d[1:min(len(d), handshake.DirectionLen)]...)})
		}
	}
	return out, nil
})

// HandshakeExchangeSeeds are short (a configuration byte, bytes for the
// random source and the read splits): the target runs goroutines over a
// pipe, a few milliseconds an input, so that minimizing stays quick.
var HandshakeExchangeSeeds = memo(func() ([]Seed, error) {
	var out []Seed
	for _, sel := range []byte{0, 1, 2, 4, 8, 0x0d} {
		out = append(out, Seed{[]byte{sel, 0, 1, 200, 7}})
	}
	return out, nil
})

// HandshakeServerSeeds: C0+C1 and a C2 of zeros from each direction
// behind each selector; longer inputs only slow the minimizer down.
var HandshakeServerSeeds = memo(func() ([]Seed, error) {
	dirs, err := sessionDirections()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, d := range dirs {
		if len(d) < handshake.HelloLen {
			continue
		}
		for _, sel := range []byte{0, 1, 2} {
			out = append(out, Seed{append(append([]byte{sel}, d[:handshake.HelloLen]...), make([]byte, handshake.C2S2Len)...)})
		}
	}
	return append(out, Seed{[]byte{0, 6}}), nil
})

// HexDecodeSeeds are samples of each style the hex reader accepts and of
// the mistakes it must report, and every corpus file's text.
var HexDecodeSeeds = memo(func() ([]Seed, error) {
	var out []Seed
	for _, s := range []string{
		"03 00 00 00 00 01 36 14",
		"0x02, (byte) 0xC3, /* 0x03, */ // 0x04\n# 0x05\n0x06",
		"0000   03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63   ......6........c\n0010   61 62                                             ab\n",
		"00000000: 0300 0000 0001 3614 0000 0000 0200 0763  ......6........c\n00000010: 6162                                     ab\n",
		"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000020  61 62                                             |ab|\n00000022\n",
		"000000 03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63  >......6........c<\n000010 61 62  >ab<\n000012\n",
		"\t0x0000:  0300 0000 0001 3614  ......6.\n",
		"0040  00 00 02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00   .....connect.?..\n0050  61 62                                             ab\n\n",
		"unsigned char x[] = {\n  0x03, 0x00,\n  0x61, 0x62\n};\nunsigned int x_len = 4;\n",
		"0030 03 00 00 28 00 00 21 14 ...(|>..!.\n0040 00 00 00 00 05 .....\n",
		"03 0",
		"0x",
		"/* open",
		"0000 01 02 0g",
	} {
		out = append(out, Seed{[]byte(s)})
	}
	all, err := corpus.All()
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		out = append(out, Seed{c.Text})
	}
	return out, nil
})

// HexRoundTripSeeds: nothing, a zero run, and every corpus file's bytes.
var HexRoundTripSeeds = memo(func() ([]Seed, error) {
	out := []Seed{{[]byte{}}, {make([]byte, 48)}}
	all, err := corpus.All()
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		out = append(out, Seed{c.Data})
	}
	return out, nil
})

// HexDumpStylesSeeds: bytes and where the first row starts.
var HexDumpStylesSeeds = memo(func() ([]Seed, error) {
	out := []Seed{{[]byte("ab"), 0}, {[]byte("abcdefabcdefabcdef0123"), 8}, {make([]byte, 40), 3}}
	all, err := corpus.All()
	if err != nil {
		return nil, err
	}
	for i, c := range all {
		out = append(out, Seed{c.Data, i})
	}
	return out, nil
})

// mediaVectorSeeds are codec/media's header vectors: every legacy and
// enhanced form, ModEx in both size forms, the three multitrack layouts,
// a multichannel config and metadata.
var mediaVectorSeeds = sync.OnceValues(func() ([]testkit.Vector, error) {
	return testkit.ReadVectorFile(mediaVectors)
})

// MediaSeeds: (video, payload) of the vectors, of a third party's enhanced
// FLV (ModEx and OneTrack as libmedia writes them) and of the real
// sessions' first audio and video messages.
var MediaSeeds = memo(func() ([]Seed, error) {
	vs, err := mediaVectorSeeds()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, v := range vs {
		out = append(out, Seed{v.Kind == "video", v.Bytes})
	}
	b, err := testkit.ReadHexFile(libmediaEFLV)
	if err != nil {
		return nil, err
	}
	var file flv.File
	if err := file.DecodeAll(b); err != nil {
		return nil, err
	}
	for _, s := range file.Tags {
		out = append(out, Seed{s.Header.Type == rtmp.TypeVideo, s.Payload})
	}
	// A multichannel config with a custom mapping (front left, front
	// right), which no vector has.
	out = append(out, Seed{false, testkit.MustHex("94 4f707573 02 02 00 01")})
	return append(out, trafficMedia()...), nil
})

// trafficMedia returns the real sessions' first audio and video payloads
// as (video, payload) seeds.
func trafficMedia() []Seed {
	msgs, err := trafficMessages(6)
	if err != nil {
		return nil
	}
	var out []Seed
	for _, m := range msgs {
		if m.Type == rtmp.TypeAudio || m.Type == rtmp.TypeVideo {
			out = append(out, Seed{m.Type == rtmp.TypeVideo, m.Payload})
		}
	}
	return out
}

// MediaBuildSeeds: the vectors' bytes as build choices.
var MediaBuildSeeds = memo(func() ([]Seed, error) {
	vs, err := mediaVectorSeeds()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, v := range vs {
		out = append(out, Seed{v.Bytes})
	}
	out = append(out, refusalSeeds()...)
	return append(out, Seed{[]byte{3, 2, 0x10, 0, 1, 0, 40}}), nil
})

// corpusMessages returns (type, payload) of every message the corpus and
// the real sessions hold: message-layer files, amf0-layer files as
// commands, the payload of every one-message chunk file, and up to four
// messages of each type from the real sessions.
var corpusMessages = sync.OnceValues(func() ([]Seed, error) {
	files, err := corpusFilesOf(corpus.LayerMessage, corpus.LayerAMF0, corpus.LayerChunks)
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, c := range files {
		switch {
		case c.Layer != corpus.LayerChunks:
			out = append(out, Seed{corpusType(c), c.Data})
		case c.Header["messages"] == "1":
			payload, err := chunkLayout(c)
			if err != nil {
				return nil, err
			}
			out = append(out, Seed{corpusType(c), payload})
		}
	}
	msgs, err := trafficMessages(4)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		out = append(out, Seed{byte(m.Type), m.Payload})
	}
	return out, nil
})

// messagesOf returns the payloads of corpusMessages of type typ.
func messagesOf(typ rtmp.MessageType) ([][]byte, error) {
	all, err := corpusMessages()
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, s := range all {
		if s[0].(byte) == byte(typ) {
			out = append(out, s[1].([]byte))
		}
	}
	return out, nil
}

// MessageControlSeeds: (selector, payload) of each protocol control type.
var MessageControlSeeds = memo(func() ([]Seed, error) {
	return []Seed{
		{byte(0), testkit.MustHex("00001000")},
		{byte(0), testkit.MustHex("80000000")},
		{byte(1), testkit.MustHex("00000003")},
		{byte(2), testkit.MustHex("001312d0")},
		{byte(3), testkit.MustHex("002625a0")},
		{byte(4), testkit.MustHex("002625a002")},
		{byte(4), testkit.MustHex("002625a0ff00")},
	}, nil
})

// MessageUserControlSeeds: every event type, and malformed ones.
var MessageUserControlSeeds = memo(func() ([]Seed, error) {
	out := hexSeeds(
		"0000 00000001", "0001 00000001", "0002 00000001", "0003 00000001 00000bb8",
		"0004 00000001", "0006 0001e240", "0007 0001e240", "001a",
		"001b 0101 00012345 00012345"+strings.Repeat("ab", 32), "001f 00000001", "0020 00000001",
		"0005 deadbeef", "0000 000001", "0006 00000001 00",
	)
	for _, m := range []*message.UserControl{message.StreamBegin(1), message.StreamEOF(1)} {
		b, err := message.Append(nil, m)
		if err != nil {
			return nil, err
		}
		out = append(out, Seed{b})
	}
	real, err := messagesOf(rtmp.TypeUserControl)
	for _, p := range real {
		out = append(out, Seed{p})
	}
	return out, err
})

// MessageAggregateSeeds: sub-messages with and without back pointers, and
// cut-short ones.
var MessageAggregateSeeds = memo(func() ([]Seed, error) {
	return hexSeeds(
		"08 000004 0003e8 00 000000 af01211b 0000000f 09 000005 000010 01 000001 2701000000 00000010",
		"08 000004 0003e8 00 000000 af01211b 00000004",
		"16 00000f 000000 00 000000 08 000000 000000 00 000000 0000000b 0000001a",
		"08 000010 000000 00 000000 af01",
	), nil
})

// MessageMediaSeeds: (video, payload) of legacy and enhanced headers, and
// of the real sessions' first audio and video messages.
var MessageMediaSeeds = memo(func() ([]Seed, error) {
	out := []Seed{
		{false, testkit.MustHex("af 00 12 10")},
		{false, testkit.MustHex("2a fffb")},
		{false, testkit.MustHex("90 4f707573")},
		{true, testkit.MustHex("17 00 000000 0164001f")},
		{true, testkit.MustHex("27 01 ffffdf 00000005")},
		{true, testkit.MustHex("a1 68766331 000050 00")},
		{true, testkit.MustHex("96 00 61763031")},
	}
	return append(out, trafficMedia()...), nil
})

// MessageAnySeeds: (type, payload) of every message in the corpus and the
// real sessions, and of undefined types.
var MessageAnySeeds = memo(func() ([]Seed, error) {
	out := []Seed{
		{byte(0x07), testkit.MustHex("010203")},
		{byte(0x15), []byte{}},
		{byte(0xff), testkit.MustHex("00")},
		{byte(0x01), testkit.MustHex("00000080")},
		{byte(0x13), testkit.MustHex("0001 61 00000000 0000000200000000 01 00000000")},
	}
	all, err := corpusMessages()
	return append(out, all...), err
})

// SharedObjectSeeds: (amf3, payload) of hand-made events and of every
// shared object message in the corpus, in both type IDs.
var SharedObjectSeeds = memo(func() ([]Seed, error) {
	out := []Seed{
		{false, testkit.MustHex("000f 73616d706c655f6e6f7465726f6f6d 00000000 00000002 00000000 01 00000000")},
		{false, testkit.MustHex("0001 61 00000007 00000002 00000000 05 00000006 0004 6e6f7465 07 00000008 0002 6f6b 0002 6f6b 0b 00000000")},
		{false, testkit.MustHex("0001 61 00000001 00000000 00000000 0c 00000003 010203")},
		{true, testkit.MustHex("0001 61 00000001 00000000 00000000 04 00000004 0001 62 01")},
	}
	for _, r := range refusalSeeds() {
		out = append(out, Seed{false, r[0]})
	}
	so, err := messagesOf(rtmp.TypeSharedObjectAMF0)
	for _, p := range so {
		out = append(out, Seed{false, p}, Seed{true, p})
	}
	return out, err
})

// MessageCommandSeeds: (selector, payload) of commands and data in both
// forms (sel picks 0x14, 0x12, 0x11 or 0x0F), built, hand-made, and every
// command and data message of the corpus and the real sessions.
var MessageCommandSeeds = memo(func() ([]Seed, error) {
	var out []Seed
	for _, m := range []message.Message{
		message.CreateStream(2), message.Publish(5, "stream", "live"), message.Play(4, "cam", -2000),
		message.OnStatus("status", "NetStream.Publish.Start", "published"), message.ConnectResult(1, "FMS/3,0,1,123", 31, 0),
		message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true}),
		message.SetDataFrame(), message.OnMetaData(amf0.Prop("width", amf0.Number(640))),
		message.ErrorResult(3, amf0.Null(), message.StatusObject("error", "NetConnection.Call.Failed", "no")),
		message.CreateStreamResult(2, 1), message.DeleteStream(6, 1),
		message.ReleaseStream(2, "stream"), message.FCPublish(3, "stream"), message.FCUnpublish(7, "stream"),
		message.OnBWDone(), message.OnFCPublish("NetStream.Publish.Start", "stream"),
		enhancedConnect(),
		// Capability properties of the wrong AMF types.
		message.Connect(message.ConnectParams{App: "live", Extra: []amf0.Property{
			amf0.Prop("fourCcList", amf0.Number(1)), amf0.Prop("capsEx", amf0.String("x"))}}),
		message.Connect(message.ConnectParams{App: "live", Extra: []amf0.Property{
			amf0.Prop("videoFourCcInfoMap", amf0.Object(amf0.Prop("hvc1", amf0.String("1"))))}}),
	} {
		b, err := message.Append(nil, m)
		if err != nil {
			return nil, err
		}
		sel := byte(0)
		if m.Type() == rtmp.TypeDataAMF0 {
			sel = 1
		}
		out = append(out, Seed{sel, b}, Seed{sel + 2, append([]byte{0}, b...)})
	}
	out = append(out,
		Seed{byte(2), testkit.MustHex("00 020004706c6179 004000000000000000 11 0a0b01")},
		Seed{byte(0), testkit.MustHex("0c00000004706c6179 004000000000000000 05")},
		Seed{byte(0), testkit.MustHex("020007636f6e6e656374 003ff0000000000000 03 0001 61 03 000009 0001 62 07 0001 000009")},
	)
	for i, typ := range []rtmp.MessageType{rtmp.TypeCommandAMF0, rtmp.TypeDataAMF0} {
		ps, err := messagesOf(typ)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out = append(out, Seed{byte(i), p}, Seed{byte(i + 2), append([]byte{0}, p...)})
		}
	}
	return out, nil
})

// ChunkBuildSeeds are choice strings for BuildChunks: counting up and
// down (every csid, op and header form in turn), Set Chunk Size 1 before
// interleaved messages, and an Abort of a message in progress.
var ChunkBuildSeeds = memo(func() ([]Seed, error) {
	up, down := make([]byte, 256), make([]byte, 256)
	for i := range up {
		up[i], down[i] = byte(i), byte(255-i)
	}
	return append(refusalSeeds(), []Seed{
		{up}, {down},
		// csid 3: Set Chunk Size 1 (fmt 0, ts 5); csid 4 and 64: 10-byte
		// messages started and continued in turn; all finished.
		{testkit.MustHex("01 05 00 00 00 00 05  02 07 00 00 00 00 0a 00 08  04 07 00 00 00 09 0a 00 09  02 00  04 00  02 01  04 02  00")},
		// csid 4: a 40-byte message at chunk size 128 by way of chunk size
		// 7, aborted from csid 2 after one chunk; the stream ends open.
		{testkit.MustHex("01 05 03 00 00 00 00  02 07 00 00 00 00 28 00 00  00 06 02 00 00 00 01  01")},
	}...), nil
})

// ConnServerSeeds are what clients sent: the real sessions' client
// directions and the corpus's client sessions, behind each option byte.
var ConnServerSeeds = memo(func() ([]Seed, error) {
	dirs, err := traffic()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for i, d := range dirs {
		if strings.HasSuffix(d.name, "-c2s.hex") {
			out = append(out, Seed{append([]byte{byte(i) & 0x0f}, d.raw...)}, Seed{append([]byte{0x08}, d.raw...)},
				Seed{append([]byte{0x38}, d.raw...)}, Seed{append([]byte{0xf8}, d.raw...)})
		}
	}
	files, err := corpusFilesOf(corpus.LayerSession)
	if err != nil {
		return nil, err
	}
	for _, c := range files {
		out = append(out, Seed{append([]byte{0x08}, c.Data...)})
	}
	return out, nil
})

// ConnClientSeeds are what servers sent: the real sessions' server
// directions behind each option byte.
var ConnClientSeeds = memo(func() ([]Seed, error) {
	dirs, err := traffic()
	if err != nil {
		return nil, err
	}
	var out []Seed
	for i, d := range dirs {
		if strings.HasSuffix(d.name, "-s2c.hex") {
			out = append(out, Seed{append([]byte{byte(i) & 7}, d.raw...)}, Seed{append([]byte{0}, d.raw...)})
		}
	}
	asking, err := serverAsking()
	if err != nil {
		return nil, err
	}
	return append(out, Seed{append([]byte{1}, asking...)}, Seed{append([]byte{3}, asking...)}, Seed{append([]byte{0x31}, asking...)},
		Seed{append([]byte{0xf1}, asking...)}), nil
})

// serverAsking is a server direction that asks for every protocol answer,
// which the real servers' opening does not (nginx-rtmp's Set Peer Bandwidth
// is dynamic, which a client ignores): a plain S0+S1+S2, a small
// acknowledgement window, Set Peer Bandwidth hard, soft and dynamic, a ping
// request, and data enough to cross the window twice.
func serverAsking() ([]byte, error) {
	b := make([]byte, handshake.DirectionLen)
	b[0] = byte(handshake.VersionPlain)
	e := chunk.NewEncoder()
	for i, m := range []message.Message{
		&rtmp.WindowAckSize{WindowSize: 300},
		&rtmp.SetPeerBandwidth{WindowSize: 2500000, Limit: rtmp.LimitHard},
		&rtmp.SetPeerBandwidth{WindowSize: 5000000, Limit: rtmp.LimitSoft},
		&rtmp.SetPeerBandwidth{WindowSize: 1000, Limit: rtmp.LimitDynamic},
		&message.UserControl{Event: message.EventPingRequest, Timestamp: 7},
		message.OnStatus("status", "NetStream.Data.Start", strings.Repeat("x", 200)),
		message.OnStatus("status", "NetStream.Data.Start", strings.Repeat("y", 200)),
	} {
		payload, err := message.Append(nil, m)
		if err != nil {
			return nil, err
		}
		if b, err = e.AppendMessage(b, &chunk.Message{CSID: 2 + uint32(i), Type: m.Type(), Payload: payload}); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// enhancedConnect is a connect with every Enhanced RTMP capability
// property: fourCcList, both info maps (a wildcard and codecs) and capsEx.
func enhancedConnect() *message.Command {
	caps := media.Capabilities{
		FourCCList: []string{"av01", "hvc1", "*"},
		VideoInfo:  []media.CodecInfo{{FourCC: "hvc1", Mask: 3}, {FourCC: "*", Mask: 4}, {FourCC: "av01", Mask: 1}},
		AudioInfo:  []media.CodecInfo{{FourCC: "Opus", Mask: 7}},
		CapsEx:     15, HasCapsEx: true,
	}
	c := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live"})
	c.Values[2] = caps.With(c.Values[2])
	return c
}
