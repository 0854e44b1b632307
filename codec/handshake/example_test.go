package handshake_test

import (
	"bytes"
	"fmt"
	"net"

	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

// Answer a client's C0+C1 with S0+S1+S2, the simple handshake of RTMP 1.0
// §5.2: S1 carries the server's own time and random bytes, S2 echoes C1.
func ExampleDirection() {
	var c handshake.Hello // what a client sends first: C0 and C1
	c.C0S0.Version = handshake.VersionPlain
	c.Time = 1000
	copy(c.Random[:], bytes.Repeat([]byte("client"), 300))
	c0c1, err := c.Append(nil)
	if err != nil {
		panic(err)
	}

	// The server reads exactly C0+C1 ...
	var hello handshake.Hello
	if _, err := hello.Decode(c0c1); err != nil {
		panic(err)
	}
	// ... and answers with S0 S1 S2 in one write.
	var s handshake.Direction
	s.C0S0.Version = handshake.VersionPlain
	s.Time = 0
	copy(s.Random[:], bytes.Repeat([]byte("server"), 300))
	s.Reply = handshake.C2S2{Time: hello.Time, Time2: 7, Random: hello.Random}
	s0s1s2, err := s.Append(nil)
	if err != nil {
		panic(err)
	}
	random, time := handshake.Echoes(&s.Reply, &hello.C1S1)
	fmt.Printf("C0+C1 %d bytes, S0+S1+S2 %d bytes; S2 echoes C1: random %v, time %v\n", len(c0c1), len(s0s1s2), random, time)
	// Output:
	// C0+C1 1537 bytes, S0+S1+S2 3073 bytes; S2 echoes C1: random true, time true
}

// A server and a client on either end of a connection: the client sends a
// digest C1 as FFmpeg does, the server answers in kind with a digest S1
// and a signed S2, and each validates the other.
func ExampleServer() {
	client, server := net.Pipe()
	done := make(chan handshake.Result)
	go func() {
		res, err := handshake.Server(server, nil) // default policy: answer in kind
		if err != nil {
			panic(err)
		}
		done <- res
	}()
	c, err := handshake.Client(client, nil) // default: a digest C1, validated like FFmpeg
	if err != nil {
		panic(err)
	}
	s := <-done
	fmt.Printf("server: client digest %v under %q, C2 signed %v, %d bytes read\n", s.PeerDigestValid, s.PeerDigest.Layout, s.PeerReplyValid, s.Read)
	fmt.Printf("client: server version %#08x, digest %v, S2 signed %v\n", c.PeerHelloVersion, c.PeerDigestValid, c.PeerReplyValid)
	// Output:
	// server: client digest true under "offset at 8", C2 signed true, 3073 bytes read
	// client: server version 0x0d0e0a0d, digest true, S2 signed true
}
