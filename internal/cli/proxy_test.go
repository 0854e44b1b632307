package cli

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
)

// TestProxyForwardsAndChecks: a publisher through the proxy to serve: the
// proxy prints each direction's messages, in text and JSON, and finds
// every chunk re-encoding to what it forwarded.
func TestProxyForwardsAndChecks(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		up, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		var serveLog, out, log syncBuffer
		go func() { _ = serveOn(up, "", &serveLog) }()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := &proxy{upstream: up.Addr().String(), json: asJSON, out: &logger{w: &out}, log: &logger{w: &log}}
		go func() { _ = p.serve(ln) }()
		publish(t, ln.Addr().String(), "cam", []message.Message{
			message.SetDataFrame(amf0.Prop("width", amf0.Number(320))),
			&message.Video{Payload: append([]byte{0x17, 1, 0, 0, 0}, make([]byte, 3000)...)},
		})
		time.Sleep(200 * time.Millisecond)
		text := out.String()
		wants := []string{"c2s", "s2c", `"connect", 1`, `"publish", 3`, "NetStream.Publish.Start", "AVC NALU, keyframe, composition time 0 ms"}
		if asJSON {
			wants = []string{`"dir":"c2s"`, `"dir":"s2c"`, `"type_name":"Video"`, `\"publish\", 3`}
		}
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("json %v: no %q in\n%s", asJSON, want, text)
			}
		}
		if strings.Contains(log.String(), "DIVERGENCE") {
			t.Errorf("divergence reported:\n%s", log.String())
		}
		ln.Close()
		up.Close()
	}
}

// TestRecorderVerify: the live check compares re-encoded bytes with the
// stream and reports a difference.
func TestRecorderVerify(t *testing.T) {
	r := &recorder{buf: []byte("abcdef")}
	if !r.verify(0, []byte("abc")) || r.base != 3 || string(r.buf) != "def" {
		t.Fatalf("verify of the first bytes: base %d, buf %q", r.base, r.buf)
	}
	if r.verify(3, []byte("dXf")) {
		t.Error("a differing chunk verified")
	}
	if r.verify(10, []byte("z")) {
		t.Error("bytes past what was read verified")
	}
}
