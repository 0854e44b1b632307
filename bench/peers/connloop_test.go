package peers

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/bluenviron/gortmplib/pkg/bytecounter"
	gmsg "github.com/bluenviron/gortmplib/pkg/message"
	"github.com/sirupsen/logrus"
	gortmp "github.com/yutopp/go-rtmp"
	gortmpmsg "github.com/yutopp/go-rtmp/message"

	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// loopback returns the two ends of a TCP connection on 127.0.0.1.
func loopback(b *testing.B) (a, c net.Conn) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	done := make(chan net.Conn, 1)
	go func() {
		s, err := ln.Accept()
		if err != nil {
			done <- nil
			return
		}
		done <- s
	}()
	c, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	a = <-done
	if a == nil {
		b.Fatal("no connection")
	}
	b.Cleanup(func() { a.Close(); c.Close() })
	return a, c
}

// BenchmarkConnLoopback sends VideoMessages H.264 access units of
// VideoMessageSize bytes per op from one connection layer to another over
// loopback TCP, typed write to typed read, acknowledgements included:
// rtmpcodec's conn.Conn, gortmplib's message.ReadWriter and go-rtmp's
// ClientConn and server Conn, at chunk sizes
// 128 and 4096. The raw row is the floor: the same bytes with Write and
// ReadFull.
func BenchmarkConnLoopback(b *testing.B) {
	payload := make([]byte, VideoMessageSize)
	payload[0], payload[1] = 0x27, 1 // an H.264 inter frame access unit
	type pair struct {
		send func(i int) error
		recv func() error
	}
	impls := []struct {
		name string
		new  func(b *testing.B, cs uint32) pair
	}{
		{"rtmpcodec", func(b *testing.B, cs uint32) pair {
			s, c := loopback(b)
			ready := make(chan *conn.Conn, 1)
			go func() { srv, _ := conn.Server(s, nil, nil); ready <- srv }()
			cli, err := conn.Client(c, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			srv := <-ready
			if err := srv.WriteMessage(0, 0, &rtmp.WindowAckSize{WindowSize: 2500000}); err != nil {
				b.Fatal(err)
			}
			if err := srv.SetChunkSize(cs); err != nil {
				b.Fatal(err)
			}
			video := &message.Video{Payload: payload}
			return pair{
				send: func(i int) error { return srv.WriteMessage(1, uint32(i), video) },
				recv: func() error {
					for {
						m, err := cli.ReadMessage()
						if err != nil || m.Type == rtmp.TypeVideo {
							return err
						}
					}
				},
			}
		}},
		{"gortmplib", func(b *testing.B, cs uint32) pair {
			s, c := loopback(b)
			srv := gmsg.NewReadWriter(s, bytecounter.NewReadWriter(s), false)
			cli := gmsg.NewReadWriter(c, bytecounter.NewReadWriter(c), false)
			if err := srv.Write(&gmsg.SetWindowAckSize{Value: 2500000}); err != nil {
				b.Fatal(err)
			}
			if err := srv.Write(&gmsg.SetChunkSize{Value: cs}); err != nil {
				b.Fatal(err)
			}
			video := &gmsg.Video{ChunkStreamID: 6, MessageStreamID: 1, Codec: gmsg.CodecH264, Type: gmsg.VideoTypeAU, AU: payload[5:]}
			return pair{
				send: func(i int) error { video.DTS = time.Duration(i) * time.Millisecond; return srv.Write(video) },
				recv: func() error {
					for {
						m, err := cli.Read()
						if err != nil {
							return err
						}
						if _, ok := m.(*gmsg.Video); ok {
							return nil
						}
					}
				},
			}
		}},
		{"gortmp", func(b *testing.B, cs uint32) pair {
			// go-rtmp's connection layer hands received media to a
			// Handler on its own read goroutine, and its client is the
			// side that sends media after publish: the messages go
			// client to server here, the reverse of the other rows,
			// which is the same work for a connection layer.
			logrus.SetOutput(io.Discard) // CreateStream logs the chunk size change globally
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			h := &gortmpSink{got: make(chan error, VideoMessages), buf: make([]byte, VideoMessageSize)}
			srv := gortmp.NewServer(&gortmp.ServerConfig{
				OnConnect: func(c net.Conn) (io.ReadWriteCloser, *gortmp.ConnConfig) {
					return c, &gortmp.ConnConfig{Handler: h}
				},
			})
			go srv.Serve(ln)
			b.Cleanup(func() { srv.Close() })
			cli, err := gortmp.Dial("rtmp", ln.Addr().String(), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { cli.Close() })
			if err := cli.Connect(nil); err != nil {
				b.Fatal(err)
			}
			st, err := cli.CreateStream(nil, cs)
			if err != nil {
				b.Fatal(err)
			}
			if err := st.Publish(&gortmpmsg.NetStreamPublish{PublishingName: "bench", PublishingType: "live"}); err != nil {
				b.Fatal(err)
			}
			var body bytes.Reader
			video := &gortmpmsg.VideoMessage{Payload: &body}
			return pair{
				send: func(i int) error { body.Reset(payload); return st.Write(6, uint32(i), video) },
				recv: func() error { return <-h.got },
			}
		}},
		{"raw", func(b *testing.B, _ uint32) pair {
			s, c := loopback(b)
			buf := make([]byte, VideoMessageSize)
			return pair{
				send: func(int) error { _, err := s.Write(payload); return err },
				recv: func() error { _, err := io.ReadFull(c, buf); return err },
			}
		}},
	}
	for _, cs := range []uint32{128, 4096} {
		for _, im := range impls {
			b.Run("in=chunk"+strconv.Itoa(int(cs))+"/impl="+im.name, func(b *testing.B) {
				p := im.new(b, cs)
				done := make(chan error, 1)
				b.ReportAllocs()
				b.SetBytes(VideoMessages * VideoMessageSize)
				for b.Loop() {
					go func() {
						for i := range VideoMessages {
							if err := p.send(i); err != nil {
								done <- err
								return
							}
						}
						done <- nil
					}()
					for range VideoMessages {
						if err := p.recv(); err != nil {
							b.Fatal(err)
						}
					}
					if err := <-done; err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// gortmpSink is the go-rtmp server Handler: it reads each video payload
// out of go-rtmp's reader, as a user must to see the bytes, and reports it.
type gortmpSink struct {
	gortmp.DefaultHandler
	got chan error
	buf []byte
}

func (h *gortmpSink) OnVideo(_ uint32, payload io.Reader) error {
	_, err := io.ReadFull(payload, h.buf)
	if err == nil {
		if n, _ := payload.Read(h.buf[:1]); n != 0 {
			err = fmt.Errorf("go-rtmp: video payload longer than the %d bytes sent", VideoMessageSize)
		}
	}
	h.got <- err
	return err
}
