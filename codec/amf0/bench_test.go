package amf0_test

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// onMetaData builds a typical onMetaData payload: the name, then an ECMA
// array of 20 keys, one a strict array of 100 keyframe times.
func onMetaData(t testing.TB) []byte {
	times := make([]amf0.Value, 100)
	for i := range times {
		times[i] = amf0.Number(float64(i) * 2.002)
	}
	b, err := amf0.AppendPayload(nil,
		amf0.String("onMetaData"),
		amf0.ECMAArray(
			amf0.Prop("duration", amf0.Number(200.2)),
			amf0.Prop("width", amf0.Number(1280)),
			amf0.Prop("height", amf0.Number(720)),
			amf0.Prop("videodatarate", amf0.Number(2500)),
			amf0.Prop("framerate", amf0.Number(29.97)),
			amf0.Prop("videocodecid", amf0.Number(7)),
			amf0.Prop("audiodatarate", amf0.Number(128)),
			amf0.Prop("audiosamplerate", amf0.Number(44100)),
			amf0.Prop("audiosamplesize", amf0.Number(16)),
			amf0.Prop("stereo", amf0.Bool(true)),
			amf0.Prop("audiocodecid", amf0.Number(10)),
			amf0.Prop("encoder", amf0.String("Lavf58.29.100")),
			amf0.Prop("filesize", amf0.Number(66_000_000)),
			amf0.Prop("hasVideo", amf0.Bool(true)),
			amf0.Prop("hasAudio", amf0.Bool(true)),
			amf0.Prop("hasMetadata", amf0.Bool(true)),
			amf0.Prop("canSeekToEnd", amf0.Bool(true)),
			amf0.Prop("creationdate", amf0.String("Mon Nov 21 01:00:00 2026")),
			amf0.Prop("lasttimestamp", amf0.Number(200.2)),
			amf0.Prop("times", amf0.StrictArray(times...)),
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOnMetaDataPayload(t *testing.T) {
	b := onMetaData(t)
	if len(b) < 1200 || len(b) > 1400 {
		t.Errorf("onMetaData payload is %d bytes, want about 1.3 KB", len(b))
	}
	var d amf0.Decoder
	vals := roundTrip(t, &d, b)
	wantStr(t, vals[0], "onMetaData")
	if n := vals[1].Len(); n != 20 {
		t.Errorf("%d keys", n)
	}
	if n := vals[1].Get("times").Len(); n != 100 {
		t.Errorf("%d times", n)
	}
	i := 99
	wantNum(t, vals[1].Get("times").Elems()[99], float64(i)*2.002)
}

// TestDecodeAllocs pins the zero-allocation claim: a reused Decoder
// decodes, and values encode into a slice with room, without allocating.
func TestDecodeAllocs(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"connect", testkit.Hex(t, connect310)},
		{"onMetaData", onMetaData(t)},
		{"SOSample", testkit.Hex(t, connectSOSample)},
		{"references", testkit.Hex(t, "03 0001 61 03 0000 09 0001 62 07 0001 0000 09 07 0000 0a 00000001 07 0001")},
	} {
		var d amf0.Decoder
		vals, err := d.Decode(c.b)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 0, 2*len(c.b))
		if n := testkit.AllocsPerRun(t, 100, func() { d.Decode(c.b) }); n != 0 {
			t.Errorf("%s: Decode allocates %v times", c.name, n)
		}
		if n := testkit.AllocsPerRun(t, 100, func() {
			d.Reset()
			for p := 0; p < len(c.b); {
				_, k, err := d.Next(c.b[p:])
				if err != nil {
					panic(err)
				}
				p += k
			}
		}); n != 0 {
			t.Errorf("%s: Next allocates %v times", c.name, n)
		}
		vals, _ = d.Decode(c.b)
		if n := testkit.AllocsPerRun(t, 100, func() {
			if _, err := amf0.AppendPayload(buf[:0], vals...); err != nil {
				panic(err)
			}
		}); n != 0 {
			t.Errorf("%s: AppendPayload allocates %v times", c.name, n)
		}
		if n := testkit.AllocsPerRun(t, 100, func() { amf0.PayloadSize(vals...) }); n != 0 {
			t.Errorf("%s: PayloadSize allocates %v times", c.name, n)
		}
		if n := testkit.AllocsPerRun(t, 100, func() { vals[0].Size() }); n != 0 {
			t.Errorf("%s: Size allocates %v times", c.name, n)
		}
		if n := testkit.AllocsPerRun(t, 100, func() { sinkStr, _ = vals[0].Get("b").Str() }); n != 0 {
			t.Errorf("%s: Get allocates %v times", c.name, n)
		}
	}
}

// TestBuildAllocs: building a command from literals and encoding it into
// a slice with room allocates nothing either way: with the builders
// written inline, and with caller-owned property storage.
func TestBuildAllocs(t *testing.T) {
	buf := make([]byte, 0, 512)
	tcURL := "rtmp://localhost/live"
	inline := func() {
		var err error
		buf, err = amf0.AppendPayload(buf[:0],
			amf0.String("connect"),
			amf0.Number(1),
			amf0.Object(
				amf0.Prop("app", amf0.String("live")),
				amf0.Prop("tcUrl", amf0.String(tcURL)),
				amf0.Prop("fpad", amf0.Bool(false)),
				amf0.Prop("capabilities", amf0.Number(15)),
				amf0.Prop("objectEncoding", amf0.Number(0)),
			),
		)
		if err != nil {
			panic(err)
		}
	}
	if n := testkit.AllocsPerRun(t, 100, inline); n != 0 {
		t.Errorf("inline builders allocate %v times", n)
	}
	props := make([]amf0.Property, 0, 8)
	vals := make([]amf0.Value, 0, 4)
	reused := func() {
		props = append(props[:0],
			amf0.Prop("level", amf0.String("status")),
			amf0.Prop("code", amf0.String("NetStream.Publish.Start")),
			amf0.Prop("description", amf0.String("Start publishing")),
		)
		vals = append(vals[:0], amf0.String("onStatus"), amf0.Number(0), amf0.Null(), amf0.Object(props...))
		var err error
		buf, err = amf0.AppendPayload(buf[:0], vals...)
		if err != nil {
			panic(err)
		}
	}
	if n := testkit.AllocsPerRun(t, 100, reused); n != 0 {
		t.Errorf("builders over reused storage allocate %v times", n)
	}
}

var sinkStr string

func benchDecode(b *testing.B, payload []byte) {
	var d amf0.Decoder
	if _, err := d.Decode(payload); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEncode(b *testing.B, payload []byte) {
	var d amf0.Decoder
	vals, err := d.Decode(payload)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, len(payload))
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf, err = amf0.AppendPayload(buf[:0], vals...)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeConnect(b *testing.B)    { benchDecode(b, testkit.Hex(b, connect310)) }
func BenchmarkEncodeConnect(b *testing.B)    { benchEncode(b, testkit.Hex(b, connect310)) }
func BenchmarkDecodeOnMetaData(b *testing.B) { benchDecode(b, onMetaData(b)) }
func BenchmarkEncodeOnMetaData(b *testing.B) { benchEncode(b, onMetaData(b)) }

// BenchmarkBuildConnect builds the seed 000 connect from literals and
// encodes it, as a client does.
func BenchmarkBuildConnect(b *testing.B) {
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err error
		buf, err = appendMilgraConnect(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkDecodeFresh* decode with amf0.Decode, a new Decoder per
// payload: a connection's first command, or a one-off tool.
func BenchmarkDecodeFreshConnect(b *testing.B)    { benchDecodeFresh(b, testkit.Hex(b, connect310)) }
func BenchmarkDecodeFreshOnMetaData(b *testing.B) { benchDecodeFresh(b, onMetaData(b)) }

func benchDecodeFresh(b *testing.B, payload []byte) {
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := amf0.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}
