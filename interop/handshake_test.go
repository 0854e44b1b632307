package interop

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

// TestFFmpegPlaysFromDigestServer: FFmpeg, playing, validates the S1 of a
// server whose version byte is 3 or more (digest, then S2 signature) and
// refuses the connection otherwise. A server built on handshake.Server gets
// past that: FFmpeg answers with a C2 signed over S1's digest and sends
// connect. The control, an S1 with nginx's version and no digest, makes
// FFmpeg print "Server response validating failed", so the test can tell.
func TestFFmpegPlaysFromDigestServer(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	serve := func(t *testing.T, answer func(net.Conn) error) (*process, net.Conn) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		url := fmt.Sprintf("rtmp://%s/live/stream", ln.Addr())
		p := start(t, 30, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", url, "-f", "null", "-")
		c := accept(t, ln, p)
		if err := answer(c); err != nil {
			t.Fatalf("handshake: %v\nffmpeg: %s", err, p.stderr.String())
		}
		return p, c
	}

	t.Run("digest server", func(t *testing.T) {
		var res handshake.Result
		p, c := serve(t, func(c net.Conn) (err error) {
			res, err = handshake.Server(c, nil)
			return err
		})
		defer c.Close()
		if !res.Digest || !res.PeerDigestValid || res.PeerDigest.Layout != handshake.DigestAt8 || res.PeerHelloVersion != 0x09007c02 {
			t.Errorf("FFmpeg's C1: %+v", res)
		}
		if !res.PeerReplyValid {
			t.Error("FFmpeg's C2 is not signed over the server's S1 digest")
		}
		if name := nextCommand(t, chunk.NewReader(c, nil)); name != "connect" {
			t.Errorf("FFmpeg sent %q after the handshake, want connect", name)
		}
		c.Close()
		_ = p.wait(10 * time.Second)
		if bad := contains(p.stderr.String(), "validating failed", "Signature mismatch", "version mismatch"); bad != "" {
			t.Errorf("FFmpeg refused the handshake (%q):\n%s", bad, p.stderr.String())
		}
	})

	t.Run("versioned S1 without a digest (control)", func(t *testing.T) {
		p, c := serve(t, func(c net.Conn) error {
			buf := make([]byte, handshake.HelloLen)
			if _, err := c.Read(buf[:1]); err != nil {
				return err
			}
			hello := handshake.Hello{C0S0: handshake.C0S0{Version: handshake.VersionPlain}, C1S1: handshake.C1S1{Version: handshake.DefaultServerVersion}}
			out, _ := hello.Append(nil)
			_, err := c.Write(append(out, make([]byte, handshake.C2S2Len)...))
			return err
		})
		defer c.Close()
		if err := p.wait(15 * time.Second); err == nil {
			t.Fatal("FFmpeg exited cleanly")
		}
		if contains(p.stderr.String(), "validating failed") == "" {
			t.Errorf("FFmpeg did not refuse an S1 without a digest:\n%s", p.stderr.String())
		}
	})
}

// TestClientWithNginx: handshake.Client against nginx-rtmp: nginx answers
// FFmpeg's kind of C1 with a digest S1 (offset-8 layout) and an S2 signed
// over the client's digest, and then answers connect.
func TestClientWithNginx(t *testing.T) {
	port := freePort(t)
	p := nginx(t, port)
	c := dial(t, port, p)
	defer c.Close()
	res, err := handshake.Client(c, nil)
	if err != nil {
		t.Fatalf("%v\nnginx: %s", err, p.stderr.String())
	}
	if !res.Digest || !res.PeerDigestValid || res.PeerDigest.Layout != handshake.DigestAt8 || !res.PeerReplyValid {
		t.Errorf("nginx's S1/S2: %+v", res)
	}
	if res.Read != handshake.DirectionLen || res.Written != handshake.DirectionLen {
		t.Errorf("counted %d read, %d written", res.Read, res.Written)
	}
	sendConnect(t, c, port)
	if name := nextCommand(t, chunk.NewReader(c, nil)); name != "_result" {
		t.Errorf("nginx answered connect with %q", name)
	}
}

// TestClientWithFFmpegListen: handshake.Client against `ffmpeg -listen 1`,
// whose S1 is plain (version 0) and whose S2 is C1 with its version
// zeroed: the handshake is plain, S2 echoes C1's random bytes, and FFmpeg
// takes the connect that follows.
func TestClientWithFFmpegListen(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	port := freePort(t)
	p := start(t, 30, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-listen", "1",
		"-i", fmt.Sprintf("rtmp://127.0.0.1:%d/live/stream", port), "-f", "null", "-")
	c := dial(t, port, p)
	defer c.Close()
	res, err := handshake.Client(c, nil)
	if err != nil {
		t.Fatalf("%v\nffmpeg: %s", err, p.stderr.String())
	}
	if res.Digest || res.PeerDigestValid || res.PeerHelloVersion != 0 || !res.PeerReplyValid {
		t.Errorf("ffmpeg -listen's S1/S2: %+v", res)
	}
	sendConnect(t, c, port)
	// FFmpeg's server answers connect with its control messages and
	// _result.
	if name := nextCommand(t, chunk.NewReader(c, nil)); name != "_result" {
		t.Errorf("ffmpeg answered connect with %q", name)
	}
}
