package fuzz

import "testing"

func FuzzHandshakeRoundTrip(f *testing.F) {
	AddSeeds(f, HandshakeSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHandshakeDigest(f *testing.F) {
	AddSeeds(f, HandshakeDigestSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeDigest(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHandshakeExchange(f *testing.F) {
	AddSeeds(f, HandshakeExchangeSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeExchange(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHandshakeServer(f *testing.F) {
	AddSeeds(f, HandshakeServerSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeServer(data); err != nil {
			t.Fatal(err)
		}
	})
}
