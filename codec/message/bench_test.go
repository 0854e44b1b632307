package message

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// Shared-object and aggregate messages also stop allocating in a reused
// Decoder once it has seen their shape (the issue pins control, user
// control and commands; these keep the rest of the hot path honest).
func TestDecoderSharedObjectAndAggregateAllocs(t *testing.T) {
	inputs := []struct {
		typ     rtmp.MessageType
		payload []byte
	}{
		{rtmp.TypeSharedObjectAMF0, testkit.Hex(t, "000f73616d706c655f6e6f7465726f6f6d 00000003 0000000200000000 03 00000045"+
			" 0004 6e6f7465 02000b68656c6c6f20776f726c64"+
			" 0005 636f756e74 004008000000000000"+
			" 0003 706f73 03 0001 78 004024000000000000 0001 79 004034000000000000 000009"+
			" 05 00000006 0004 6e6f7465"+
			" 06 0000001a 0200096f6e4d657373616765 0200026869 003ff0000000000000")},
		{rtmp.TypeAggregate, testkit.Hex(t, aggregateBytes)},
		{rtmp.TypeDataAMF0, testkit.Hex(t, "02000a6f6e4d65746144617461 0800000001 0005776964746800409400000000000000 0009")},
	}
	var d Decoder
	for _, in := range inputs {
		if _, err := d.Decode(in.typ, in.payload); err != nil {
			t.Fatal(err)
		}
		allocs := testkit.AllocsPerRun(t, 200, func() {
			if _, err := d.Decode(in.typ, in.payload); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Decoder.Decode(%v) allocates %v times", in.typ, allocs)
		}
	}
}

func benchDecode(b *testing.B, typ rtmp.MessageType, payload []byte) {
	var d Decoder
	if _, err := d.Decode(typ, payload); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if _, err := d.Decode(typ, payload); err != nil {
			b.Fatal(err)
		}
	}
}

func benchAppend(b *testing.B, m Message) {
	buf := make([]byte, 0, m.Size())
	b.ReportAllocs()
	b.SetBytes(int64(m.Size()))
	for b.Loop() {
		if _, err := m.Append(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeSetChunkSize(b *testing.B) {
	benchDecode(b, rtmp.TypeSetChunkSize, testkit.Hex(b, "00001000"))
}

func BenchmarkDecodeUserControlPing(b *testing.B) {
	benchDecode(b, rtmp.TypeUserControl, testkit.Hex(b, "0006 0001e240"))
}

func BenchmarkDecodeConnect(b *testing.B) {
	benchDecode(b, rtmp.TypeCommandAMF0, testkit.Hex(b, connect000))
}

func BenchmarkDecodeCreateStream(b *testing.B) {
	benchDecode(b, rtmp.TypeCommandAMF0, testkit.Hex(b, "02000c63726561746553747265616d00400000000000000005"))
}

func BenchmarkDecodeAggregate(b *testing.B) {
	benchDecode(b, rtmp.TypeAggregate, testkit.Hex(b, aggregateBytes))
}

func BenchmarkDecodeSharedObject(b *testing.B) {
	benchDecode(b, rtmp.TypeSharedObjectAMF0, testkit.Hex(b, "000f73616d706c655f6e6f7465726f6f6d 00000004 0000000200000000"+
		" 04 00000014 0004 6e6f7465 02000b68656c6c6f20776f726c64"+
		" 05 00000006 0004 6e6f7465"))
}

func BenchmarkAppendConnect(b *testing.B) {
	benchAppend(b, Connect(ConnectParams{App: "live", FlashVer: "FMLE/3.0 (compatible; FMSc/1.0)", TcURL: "rtmp://localhost/live", Publish: true}))
}

func BenchmarkAppendUserControl(b *testing.B) {
	benchAppend(b, &UserControl{Event: EventSetBufferLength, StreamID: 1, BufferLength: 3000})
}

func BenchmarkAppendSetDataFrame(b *testing.B) {
	benchAppend(b, SetDataFrame(amf0.Prop("width", amf0.Number(1280)), amf0.Prop("height", amf0.Number(720))))
}
