package interop

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProxy: `rtmpcodec proxy` between FFmpeg and GStreamer publishers and
// FFmpeg and GStreamer (rtmp2src) players on one side and nginx-rtmp on the
// other. The streams
// arrive intact (the player decodes its frames), the proxy prints the
// commands and media of both directions, and its live check finds every
// handshake and chunk re-encoding to the bytes it forwarded.
func TestProxy(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	gst := need(t, "gst-launch-1.0")
	nport, pport := freePort(t), freePort(t)
	srv := nginx(t, nport)
	dial(t, nport, srv).Close()
	proxy := start(t, 90, rtmpcodec, "proxy", "-listen", fmt.Sprintf("127.0.0.1:%d", pport), "-upstream", fmt.Sprintf("127.0.0.1:%d", nport))
	dial(t, pport, proxy).Close()
	url := func(name string) string { return fmt.Sprintf("rtmp://127.0.0.1:%d/live/%s", pport, name) }

	for _, pub := range []struct {
		name string
		prog string
		args []string
	}{
		{"ffmpeg", ffmpeg, []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-re",
			"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
			"-t", "15", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-f", "flv", url("ffmpeg")}},
		{"rtmp2sink", gst, strings.Fields("-q -e flvmux name=m streamable=true ! rtmp2sink chunk-size=1000 location=" + url("rtmp2sink") +
			" videotestsrc is-live=true num-buffers=150 ! video/x-raw,width=160,height=120,framerate=10/1 ! x264enc key-int-max=10 speed-preset=ultrafast tune=zerolatency ! h264parse ! m." +
			" audiotestsrc is-live=true num-buffers=650 ! audioconvert ! lamemp3enc ! mpegaudioparse ! m.")},
	} {
		t.Run(pub.name, func(t *testing.T) {
			p := start(t, 40, pub.prog, pub.args...)
			time.Sleep(2 * time.Second)
			play := start(t, 20, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", url(pub.name), "-frames:v", "15", "-f", "null", "-")
			if err := play.wait(15 * time.Second); err != nil {
				t.Errorf("player through the proxy: %v\n%s", err, play.stderr.String())
			}
			out := filepath.Join(t.TempDir(), "rtmp2src.flv")
			savedFLV(t, start(t, 4, gst, strings.Fields("-q rtmp2src location="+url(pub.name)+" ! queue ! filesink location="+out)...), out, proxy)
			if err := p.wait(30 * time.Second); err != nil {
				t.Errorf("publisher: %v\n%s", err, p.stderr.String())
			}
		})
	}
	time.Sleep(time.Second)
	out := proxy.stderr.String() // stdout and stderr share the buffer
	for _, want := range []string{`"connect", 1`, `"publish", 5`, `"play"`, "c2s", "s2c", "Video", "Audio", "NetStream.Play.Start"} {
		if !strings.Contains(out, want) {
			t.Errorf("the proxy printed no %q", want)
		}
	}
	if strings.Contains(out, "DIVERGENCE") {
		t.Errorf("the live check found a chunk that does not re-encode:\n%s", grepLines(out, "DIVERGENCE"))
	}
	t.Logf("proxy: %d lines", strings.Count(out, "\n"))
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
