//go:build gofuzz

package fuzz

// FuzzGoConnServer is the go-fuzz entry point for ConnServer.
func FuzzGoConnServer(data []byte) int {
	if err := ConnServer(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoConnClient is the go-fuzz entry point for ConnClient.
func FuzzGoConnClient(data []byte) int {
	if err := ConnClient(data); err != nil {
		panic(err)
	}
	return 1
}
