//go:build gofuzz

package fuzz

// FuzzHandshake is the go-fuzz entry point for HandshakeRoundTrip
// (go-fuzz-build -func FuzzHandshake).
func FuzzHandshake(data []byte) int {
	if err := HandshakeRoundTrip(data); err != nil {
		panic(err)
	}
	return 1
}
