// Command rtmpcodec decodes RTMP bytes pasted as hex and encodes them back.
//
//	rtmpcodec decode [-layer L] [-format text|json] [flags] [FILE]
//	rtmpcodec encode [FILE]
//
// decode reads hex (plain, Wireshark/xxd/hexdump/od dumps, C or Java byte
// arrays) from FILE or standard input and prints the structure it holds: a
// session (handshake, then chunks), a chunk stream, one message payload or
// AMF0 values. encode reads the JSON that `decode -format json` prints and
// writes the bytes as lowercase hex, 16 bytes per line. For every input that
// decodes, `decode -format json | encode` gives back the input bytes.
//
// Exit status: 0 success, 1 a decode or encode error (standard error names
// the byte offset, the layer and what was expected), 2 a usage error.
package main

import (
	"os"

	"github.com/rtmpcodec/rtmpcodec/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
