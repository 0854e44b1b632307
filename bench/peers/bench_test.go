package peers

import (
	"testing"
)

// Implementations that cannot decode an input, or have no encoder for
// what they decoded, get no sub-benchmark for it; cmd/exactness says why.

func BenchmarkAMF0Decode(b *testing.B) { benchDecode(b, AMF0Inputs(), AMF0Impls()) }

func BenchmarkAMF0Encode(b *testing.B) { benchEncode(b, AMF0Inputs(), AMF0Impls()) }

// BenchmarkAMF3Decode and BenchmarkAMF3Encode run the bare AMF3 payloads;
// AMF3 inside AMF0 (the call3 input) runs with the AMF0 benchmarks.
func BenchmarkAMF3Decode(b *testing.B) { benchDecode(b, AMF3Inputs(), AMF3Impls()) }

func BenchmarkAMF3Encode(b *testing.B) { benchEncode(b, AMF3Inputs(), AMF3Impls()) }

func benchDecode(b *testing.B, inputs []AMF0Input, impls []AMF0) {
	for _, in := range inputs {
		for _, im := range impls {
			dec := im.NewDecode()
			if tryDecode(dec, in.Payload) != nil {
				continue
			}
			b.Run("in="+in.Name+"/impl="+im.Name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(in.Payload)))
				for b.Loop() {
					if err := dec(in.Payload); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func benchEncode(b *testing.B, inputs []AMF0Input, impls []AMF0) {
	for _, in := range inputs {
		for _, im := range impls {
			if tryDecode(im.NewDecode(), in.Payload) != nil {
				continue
			}
			enc, err := im.PrepareEncode(in.Payload)
			if err != nil {
				continue
			}
			// The output buffer is reused: steady state, as a connection
			// writing command after command would run.
			dst, err := enc(nil)
			if err != nil {
				continue
			}
			b.Run("in="+in.Name+"/impl="+im.Name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(in.Payload)))
				for b.Loop() {
					if dst, err = enc(dst[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkChunkRead reads the whole stream of VideoMessages messages per
// op, on one reader reused across ops. Bytes per op are the payload bytes
// delivered (VideoMessages × VideoMessageSize), the same for the copy
// floor, so MB/s compares directly.
func BenchmarkChunkRead(b *testing.B) {
	for _, s := range VideoStreams() {
		for _, im := range ChunkImpls() {
			b.Run("in="+s.Name+"/impl="+im.Name, func(b *testing.B) {
				r := im.New(s)
				defer r.Close()
				if n, err := r.Read(nil); err != nil || n != VideoMessages {
					b.Skipf("cannot read the stream (%d messages, error %v): see cmd/exactness", n, err)
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(s.Payload)))
				for b.Loop() {
					if n, err := r.Read(nil); err != nil || n != VideoMessages {
						b.Fatalf("%d messages, error %v", n, err)
					}
				}
			})
		}
	}
}
