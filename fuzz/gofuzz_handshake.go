//go:build gofuzz

package fuzz

// FuzzGoHandshake is the go-fuzz entry point for HandshakeRoundTrip
// (go-fuzz-build -func FuzzGoHandshake).
func FuzzGoHandshake(data []byte) int {
	if err := HandshakeRoundTrip(data); err != nil {
		panic(err)
	}
	return 1
}
