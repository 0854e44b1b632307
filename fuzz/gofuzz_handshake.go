//go:build gofuzz

package fuzz

// FuzzGoHandshakeRoundTrip is the go-fuzz entry point for HandshakeRoundTrip
// (go-fuzz-build -func FuzzGoHandshakeRoundTrip).
func FuzzGoHandshakeRoundTrip(data []byte) int {
	if err := HandshakeRoundTrip(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoHandshakeDigest is the go-fuzz entry point for HandshakeDigest.
func FuzzGoHandshakeDigest(data []byte) int {
	if err := HandshakeDigest(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoHandshakeExchange is the go-fuzz entry point for HandshakeExchange.
func FuzzGoHandshakeExchange(data []byte) int {
	if err := HandshakeExchange(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoHandshakeServer is the go-fuzz entry point for HandshakeServer.
func FuzzGoHandshakeServer(data []byte) int {
	if err := HandshakeServer(data); err != nil {
		panic(err)
	}
	return 1
}
