package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func FuzzHandshake(f *testing.F) {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range files {
		if c.Layer == corpus.LayerHandshake || c.Layer == corpus.LayerSession {
			f.Add(c.Data)
		}
	}
	f.Add([]byte{3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHandshakeDigest(f *testing.F) {
	for _, c := range handshakeSeeds(f) {
		for _, sel := range []byte{0, 1, 2, 3, 0xe5} {
			f.Add(append([]byte{sel}, c[1:]...))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeDigest(data); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzHandshakeExchange runs goroutines over a pipe, a few milliseconds an
// input: its seeds are short (a configuration byte and bytes for the
// random source and the read splits), so that minimizing stays quick.
func FuzzHandshakeExchange(f *testing.F) {
	for _, sel := range []byte{0, 1, 2, 4, 8, 0x0d} {
		f.Add([]byte{sel, 0, 1, 200, 7})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeExchange(data); err != nil {
			t.Fatal(err)
		}
	})
}

// handshakeSeeds are the corpus's handshakes and sessions, and FFmpeg's
// and Flash Player's C0+C1 from codec/handshake's fixtures.
func handshakeSeeds(f *testing.F) [][]byte {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	var seeds [][]byte
	for _, c := range files {
		if c.Layer == corpus.LayerHandshake || c.Layer == corpus.LayerSession {
			seeds = append(seeds, c.Data)
		}
	}
	return append(seeds, testkit.HexFile(f, "../codec/handshake/testdata/flashplayer-c0c1.hex"))
}

func FuzzHandshakeServer(f *testing.F) {
	// C0+C1 and a C2 of zeros from each seed: longer inputs only slow the
	// minimizer down.
	for _, c := range handshakeSeeds(f) {
		if len(c) < handshake.HelloLen {
			continue
		}
		for _, sel := range []byte{0, 1, 2} {
			f.Add(append(append([]byte{sel}, c[:handshake.HelloLen]...), make([]byte, handshake.C2S2Len)...))
		}
	}
	f.Add([]byte{0, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeServer(data); err != nil {
			t.Fatal(err)
		}
	})
}
