package conn

import (
	"io"
	"net"
	"strconv"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

const (
	benchMessages = 1000
	benchSize     = 4000
)

// BenchmarkConnLoopback: 1000 x 4000-byte video messages written with
// Conn.WriteMessage and read with Conn.ReadMessage over loopback TCP,
// acknowledgements included (a 2.5 MB window, as nginx-rtmp asks).
// BenchmarkRawLoopback is its floor: the same bytes through the same kind
// of connection with plain Write and ReadFull.
func BenchmarkConnLoopback(b *testing.B) {
	for _, cs := range []uint32{128, 4096} {
		b.Run("chunk="+strconv.Itoa(int(cs)), func(b *testing.B) {
			srv, cli := pair(b, nil, nil)
			if err := srv.WriteMessage(0, 0, &rtmp.WindowAckSize{WindowSize: 2500000}); err != nil {
				b.Fatal(err)
			}
			if err := srv.SetChunkSize(cs); err != nil {
				b.Fatal(err)
			}
			video := &message.Video{Payload: make([]byte, benchSize)}
			done := make(chan error, 1)
			b.SetBytes(benchMessages * benchSize)
			b.ReportAllocs()
			for b.Loop() {
				go func() {
					for i := range benchMessages {
						if err := srv.WriteMessage(1, uint32(i), video); err != nil {
							done <- err
							return
						}
					}
					done <- nil
				}()
				for got := 0; got < benchMessages; {
					m, err := cli.ReadMessage()
					if err != nil {
						b.Fatal(err)
					}
					if m.Type == rtmp.TypeVideo {
						got++
					}
				}
				if err := <-done; err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRawLoopback(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, benchSize)
		for {
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, benchSize)
	b.SetBytes(benchMessages * benchSize)
	b.ReportAllocs()
	for b.Loop() {
		for range benchMessages {
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}
