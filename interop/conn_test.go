package interop

import (
	"fmt"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// command waits for the answer to transaction tid, skipping whatever else
// arrives, and returns it.
func answer(t *testing.T, c *conn.Conn, tid float64) *message.Command {
	t.Helper()
	for {
		m, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for the answer to transaction %v: %v", tid, err)
		}
		cmd, ok := m.Body.(*message.Command)
		if !ok {
			continue
		}
		if id, ok := cmd.TransactionID(); ok && id == tid {
			return cmd
		}
	}
}

// playFor connects a conn.Conn player to nginx on port, plays name for d
// and reports what arrived; err is what ended the play early.
func playFor(t *testing.T, port int, srv *process, name string, opts *conn.Options, d time.Duration) (audio, video, pings int, st conn.Stats, err error) {
	t.Helper()
	nc := dial(t, port, srv)
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(d + 10*time.Second))
	c, err := conn.Client(nc, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	connect := message.Connect(message.ConnectParams{App: "live", FlashVer: "LNX 9,0,124,2", TcURL: fmt.Sprintf("rtmp://127.0.0.1:%d/live", port)})
	if err := c.WriteMessage(0, 0, connect); err != nil {
		t.Fatal(err)
	}
	if name, _ := answer(t, c, 1).Name(); name != "_result" {
		t.Fatalf("connect: %s", name)
	}
	if err := c.WriteMessage(0, 0, message.CreateStream(2)); err != nil {
		t.Fatal(err)
	}
	res := answer(t, c, 2)
	id, ok := res.Arg(0).Number()
	if !ok {
		t.Fatalf("createStream answered %v", res.Values)
	}
	if err := c.WriteMessage(uint32(id), 0, message.Play(0, name, -2)); err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		var m *conn.Message
		if m, err = c.ReadMessage(); err != nil {
			break
		}
		switch m.Type {
		case rtmp.TypeAudio:
			audio++
		case rtmp.TypeVideo:
			video++
		case rtmp.TypeUserControl:
			if uc, ok := m.Body.(*message.UserControl); ok && uc.Event == message.EventPingRequest {
				pings++
			}
		}
	}
	return audio, video, pings, c.Stats(), err
}

// TestConnPlaysFromNginx: players on conn.Conn against nginx-rtmp sending
// at chunk size 128, asking for an acknowledgement every 64 KiB, and
// pinging a client it has exchanged no bytes with for a second. One plays a stream FFmpeg
// publishes for 4 s, acknowledging as it goes; one plays a stream nobody
// publishes, where nginx pings it every second, and answers every ping.
func TestConnPlaysFromNginx(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	port := freePort(t)
	srv := nginx(t, port, "chunk_size 128;", "ack_window 65536;", "ping 1s;", "ping_timeout 1s;")
	dial(t, port, srv).Close() // nginx is up
	pub := start(t, 40, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "30", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
		"-f", "flv", fmt.Sprintf("rtmp://127.0.0.1:%d/live/stream", port))
	time.Sleep(time.Second) // the publisher is on

	audio, video, _, st, err := playFor(t, port, srv, "stream", nil, 4*time.Second)
	t.Logf("media: %d audio, %d video messages; %+v; %v", audio, video, st, err)
	if err != nil || audio < 50 || video < 50 {
		t.Errorf("played %d audio and %d video messages in 4 s: %v\nnginx: %s\nffmpeg: %s", audio, video, err, srv.stderr.String(), pub.stderr.String())
	}
	if want := int(st.Received / 65536); st.Acks < want-1 || st.Acks == 0 {
		t.Errorf("%d acknowledgements for %d bytes at a 64 KiB window", st.Acks, st.Received)
	}

	_, _, pings, st, err := playFor(t, port, srv, "nobody", nil, 4*time.Second)
	t.Logf("idle: %d pings; %+v; %v", pings, st, err)
	if err != nil || pings < 2 || st.PingsAnswered != pings {
		t.Errorf("idle player: %d of %d pings answered in 4 s, ended by %v", st.PingsAnswered, pings, err)
	}
	// The control: with the answers off the pings still arrive (nginx
	// resets its ping timeout on its own sends, so it never drops the
	// player), and none is answered.
	_, _, pings, st, _ = playFor(t, port, srv, "nobody", &conn.Options{Manual: true}, 3*time.Second)
	if pings < 2 || st.PingsAnswered != 0 {
		t.Errorf("manual player: %d pings seen, %d answered", pings, st.PingsAnswered)
	}
}

// TestConnPlaysFromFFmpegListen: a player on conn.Conn plays from FFmpeg
// serving its output with -listen 1. FFmpeg announces stream 1 and sends
// media on stream 0; the player counts media whatever the stream.
func TestConnPlaysFromFFmpegListen(t *testing.T) {
	ffmpeg := need(t, "ffmpeg")
	port := freePort(t)
	srv := start(t, 40, ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
		"-f", "flv", "-listen", "1", fmt.Sprintf("rtmp://127.0.0.1:%d/live/stream", port))
	audio, video, _, st, err := playFor(t, port, srv, "stream", nil, 3*time.Second)
	t.Logf("%d audio, %d video messages; %+v; %v", audio, video, st, err)
	if err != nil || audio < 30 || video < 30 {
		t.Errorf("played %d audio and %d video messages in 3 s: %v\nffmpeg: %s", audio, video, err, srv.stderr.String())
	}
}
