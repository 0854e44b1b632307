//go:build gofuzz

package fuzz

import "github.com/rtmpcodec/rtmpcodec/internal/hexdump"

// go-fuzz entry points for the hex reader. They panic when a property fails
// so go-fuzz records a crasher, and return 1 for input the reader accepts.

// FuzzGoHexDecode is the go-fuzz entry for HexDecode: the hex reader on
// arbitrary text.
func FuzzGoHexDecode(data []byte) int {
	if err := HexDecode(data); err != nil {
		panic(err)
	}
	if _, err := hexdump.Decode(data); err != nil {
		return 0
	}
	return 1
}

// FuzzGoHexRoundTrip is the go-fuzz entry for HexRoundTrip: AppendHex and
// AppendDump output read back.
func FuzzGoHexRoundTrip(data []byte) int {
	if err := HexRoundTrip(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoHexDumpStyles is the go-fuzz entry for HexDumpStyles; the first
// byte says where seed 000's first row starts.
func FuzzGoHexDumpStyles(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	if err := HexDumpStyles(data[1:], int(data[0])); err != nil {
		panic(err)
	}
	return 1
}
