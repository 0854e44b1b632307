// Command exactness prints, for every implementation in the peer
// benchmarks, whether it decodes each input and whether what it writes
// back is byte-exact. `make bench-peers` prints it under the benchstat
// table, because a peer's speed means little where it cannot decode an
// input or loses bytes.
package main

import (
	"fmt"
	"os"

	"github.com/rtmpcodec/rtmpcodec/bench/peers"
)

func main() {
	fmt.Println("Decode and byte-exactness of every implementation on the benchmark inputs")
	fmt.Println("(AMF0: encoding what was decoded gives back the input bytes; ChunkRead:")
	fmt.Println("every payload and exposed header equals what was written, over two passes")
	fmt.Println("of one reused reader). Rows that cannot decode or have no encoder are")
	fmt.Println("missing from the benchstat table above.")
	fmt.Println()
	if err := peers.WriteTable(os.Stdout, peers.Exactness()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
