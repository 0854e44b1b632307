package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// rtmpcodec is the CLI, built once by TestMain.
var rtmpcodec string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rtmpcodec-interop")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rtmpcodec = filepath.Join(dir, "rtmpcodec")
	if out, err := exec.Command("go", "build", "-o", rtmpcodec, "../cmd/rtmpcodec").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the CLI: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// serve starts `rtmpcodec serve` recording to a temporary directory.
func serve(t *testing.T) (port int, dir string, p *process) {
	t.Helper()
	port, dir = freePort(t), t.TempDir()
	p = start(t, 120, rtmpcodec, "serve", "-listen", fmt.Sprintf("127.0.0.1:%d", port), "-record", dir)
	dial(t, port, p).Close()
	return port, dir, p
}

type probed struct {
	Streams []struct {
		Type   string `json:"codec_type"`
		Codec  string `json:"codec_name"`
		Frames string `json:"nb_read_frames"`
	} `json:"streams"`
	Format struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

// probe asks ffprobe what a recording holds: per stream its codec and
// frame count, and the duration.
func probe(t *testing.T, path string) (codecs map[string]string, frames map[string]int, duration float64) {
	t.Helper()
	ffprobe := need(t, "ffprobe")
	out, err := exec.Command("timeout", "30", ffprobe, "-v", "error", "-count_frames", "-show_entries",
		"stream=codec_type,codec_name,nb_read_frames:format=duration", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var p probed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	codecs, frames = map[string]string{}, map[string]int{}
	for _, s := range p.Streams {
		codecs[s.Type] = s.Codec
		frames[s.Type], _ = strconv.Atoi(s.Frames)
	}
	duration, _ = strconv.ParseFloat(p.Format.Duration, 64)
	return codecs, frames, duration
}

// TestServeRecordsPublishers: `rtmpcodec serve` records what FFmpeg (H.264
// and AAC), GStreamer's rtmp2sink (chunk size 1000, H.264 and MP3) and its
// librtmp rtmpsink publish: ffprobe finds both streams in the FLV, the 30
// video frames sent (3 s at 10 fps) and a 3 s duration.
func TestServeRecordsPublishers(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	gst := need(t, "gst-launch-1.0")
	port, dir, srv := serve(t)
	url := func(name string) string { return fmt.Sprintf("rtmp://127.0.0.1:%d/live/%s", port, name) }
	gstPublish := func(sink string) []string {
		return strings.Fields("-q -e flvmux name=m streamable=true ! " + sink +
			" videotestsrc num-buffers=30 ! video/x-raw,width=160,height=120,framerate=10/1 ! x264enc key-int-max=10 speed-preset=ultrafast ! h264parse ! m." +
			" audiotestsrc num-buffers=130 ! audioconvert ! lamemp3enc ! mpegaudioparse ! m.")
	}
	for _, tc := range []struct {
		name, audio string
		prog        string
		args        []string
	}{
		{"ffmpeg", "aac", ffmpeg, []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-re",
			"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
			"-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-f", "flv", url("ffmpeg")}},
		{"rtmp2sink", "mp3", gst, gstPublish("rtmp2sink chunk-size=1000 location=" + url("rtmp2sink"))},
		{"rtmpsink", "mp3", gst, gstPublish("rtmpsink location=" + url("rtmpsink"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := start(t, 60, tc.prog, tc.args...)
			if err := p.wait(50 * time.Second); err != nil {
				t.Fatalf("%s: %v\n%s\nserve: %s", tc.name, err, p.stderr.String(), srv.stderr.String())
			}
			time.Sleep(300 * time.Millisecond) // the server sees the close
			codecs, frames, duration := probe(t, filepath.Join(dir, "live", tc.name+".flv"))
			t.Logf("%v, frames %v, %.2f s", codecs, frames, duration)
			// Metadata repeated unchanged (GStreamer sends it 26 times)
			// is recorded once: no "text" stream of copies.
			if codecs["video"] != "h264" || codecs["audio"] != tc.audio || len(codecs) != 2 || frames["video"] != 30 || frames["audio"] < 50 || duration < 2.8 || duration > 3.3 {
				t.Errorf("recorded %v, frames %v, %.2f s; want h264 and %s, 30 video frames, 3 s\nserve: %s", codecs, frames, duration, tc.audio, srv.stderr.String())
			}
		})
	}
}

// TestServeToPlayers: while FFmpeg publishes, `rtmpcodec serve` serves the
// stream to FFmpeg (which checks the server's digest S1 of version 13 and
// S2 signature), rtmpdump and GStreamer's rtmp2src, each joining late and
// getting the sequence headers and metadata first.
func TestServeToPlayers(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	rtmpdump := need(t, "rtmpdump")
	gst := need(t, "gst-launch-1.0")
	port, dir, srv := serve(t)
	url := fmt.Sprintf("rtmp://127.0.0.1:%d/live/cam", port)
	pub := start(t, 60, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-f", "flv", url)
	time.Sleep(1500 * time.Millisecond)

	t.Run("ffmpeg", func(t *testing.T) {
		p := start(t, 20, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", url, "-t", "2", "-f", "null", "-")
		if err := p.wait(15 * time.Second); err != nil || contains(p.stderr.String(), "validating failed", "Signature mismatch") != "" {
			t.Errorf("ffmpeg play: %v\n%s\nserve: %s", err, p.stderr.String(), srv.stderr.String())
		}
	})
	saved := func(t *testing.T, p *process, out string) { savedFLV(t, p, out, srv) }
	t.Run("rtmpdump", func(t *testing.T) {
		out := filepath.Join(dir, "rtmpdump.flv")
		saved(t, start(t, 4, rtmpdump, "-q", "-v", "-r", url, "-o", out), out)
	})
	t.Run("rtmp2src", func(t *testing.T) {
		out := filepath.Join(dir, "rtmp2src.flv")
		saved(t, start(t, 4, gst, strings.Fields("-q rtmp2src location="+url+" ! queue ! filesink location="+out)...), out)
	})
	_ = pub
}

// savedFLV waits for a player that writes what it plays as FLV (rtmpdump,
// rtmp2src) until its timeout stops it, and checks that the file holds at
// least 10 video frames.
func savedFLV(t *testing.T, p *process, out string, srv *process) {
	t.Helper()
	_ = p.wait(10 * time.Second) // live: it runs until timeout stops it
	b, err := os.ReadFile(out)
	var f flv.File
	if err == nil {
		err = f.DecodeAll(b)
	}
	video := 0
	for _, tag := range f.Tags {
		if tag.Header.Type == rtmp.TypeVideo {
			video++
		}
	}
	if video < 10 {
		t.Errorf("saved %d bytes, %d video tags: %v\n%s\nserver: %s", len(b), video, err, p.stderr.String(), srv.stderr.String())
	}
}
