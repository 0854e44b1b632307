package peers

import (
	"testing"
)

// Implementations that cannot decode an input, or have no encoder for
// what they decoded, get no sub-benchmark for it; cmd/exactness says why.

func BenchmarkAMF0Decode(b *testing.B) {
	for _, in := range AMF0Inputs() {
		for _, im := range AMF0Impls() {
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

func BenchmarkAMF0Encode(b *testing.B) {
	for _, in := range AMF0Inputs() {
		for _, im := range AMF0Impls() {
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
