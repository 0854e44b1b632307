package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// dialClient connects a Conn client to addr; the caller closes nc (it is
// also closed when the test ends).
func dialClient(t *testing.T, addr string) (c *conn.Conn, nc net.Conn) {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	c, err = conn.Client(nc, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, nc
}

// publish connects a Conn publisher to addr and sends name's messages.
func publish(t *testing.T, addr, name string, msgs []message.Message) {
	t.Helper()
	c, nc := dialClient(t, addr)
	defer nc.Close()
	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://" + addr + "/live", Publish: true})
	for _, m := range []message.Message{connect, message.CreateStream(2)} {
		if err := c.WriteMessage(0, 0, m); err != nil {
			t.Fatal(err)
		}
	}
	send := append([]message.Message{message.Publish(3, name, "live")}, msgs...)
	for i, m := range send {
		if err := c.WriteMessage(1, uint32(10*i), m); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(200 * time.Millisecond) // the server reads it all before the close
}

// TestServeRecords: serve records a publish as FLV, metadata once however
// often it is repeated (GStreamer repeats it), and refuses stream names
// that would write outside the recording directory.
func TestServeRecords(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var log syncBuffer
	go func() { _ = serveOn(ln, filepath.Join(dir, "rec"), &log) }()
	defer ln.Close()

	meta := message.SetDataFrame(amf0.Prop("width", amf0.Number(320)))
	video := &message.Video{Payload: []byte{0x17, 0, 0, 0, 0, 1, 0x64}}
	// Empty data messages and a lone "@setDataFrame" are not metadata and
	// must not stop the server (indexing their missing values would).
	odd := []message.Message{&message.Data{}, &message.Data{Values: []amf0.Value{amf0.String("@setDataFrame")}}}
	publish(t, ln.Addr().String(), "cam?key=secret", append(odd, meta, video, meta, video, meta, video))
	b, err := os.ReadFile(filepath.Join(dir, "rec", "live", "cam.flv"))
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	var f flv.File
	if err := f.DecodeAll(b); err != nil {
		t.Fatal(err)
	}
	var types []rtmp.MessageType
	for _, tag := range f.Tags {
		types = append(types, tag.Header.Type)
	}
	if len(types) != 4 || types[0] != rtmp.TypeDataAMF0 || types[1] != rtmp.TypeVideo || types[3] != rtmp.TypeVideo {
		t.Errorf("recorded tags %v, want metadata once and three video tags", types)
	}

	publish(t, ln.Addr().String(), "..", []message.Message{video})
	if !strings.Contains(log.String(), "not a plain file name") {
		t.Errorf("a stream named \"..\" was not refused:\n%s", log.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files outside the recording directory: %v", entries)
	}
}

// TestServeStatesCapabilities: serve's connect _result tells an Enhanced
// RTMP client it forwards any codec and multitrack messages.
func TestServeStatesCapabilities(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	go func() { _ = serveOn(ln, "", &log) }()
	defer ln.Close()
	c, _ := dialClient(t, ln.Addr().String())
	caps := media.Capabilities{FourCCList: []string{"hvc1"}}
	if err := c.WriteMessage(0, 0, message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true, Extra: caps.Properties()})); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		cmd, ok := m.Body.(*message.Command)
		if !ok {
			continue
		}
		if name, _ := cmd.Name(); name != "_result" {
			continue
		}
		got, err := media.ParseCapabilities(cmd.Object())
		if mask, ok := got.VideoMask(media.FourCCHEVC); err != nil || !ok || mask != media.CanForward || got.CapsEx != media.CapsExMultitrack {
			t.Errorf("_result capabilities %+v, %v", got, err)
		}
		return
	}
}
