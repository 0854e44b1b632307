package conn

import (
	"bytes"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// TestCommandFlow: a publisher's commands through Call, answered by a
// server with the flow helpers: transaction IDs from 1 (connect's), each
// answer matched to its call, stream IDs from 1, the connect parsed.
func TestCommandFlow(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	command := func(c *Conn) *message.Command {
		t.Helper()
		m := readUntil(t, c, "a command", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
		return m.Body.(*message.Command)
	}

	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true, FlashVer: "FMLE/3.0",
		Extra: []amf0.Property{amf0.Prop("fourCcList", amf0.StrictArray(amf0.String("hvc1")))}})
	tid, err := cli.Call(0, "connect", connect.Values[2])
	if err != nil || tid != 1 {
		t.Fatalf("connect's transaction ID %v: %v", tid, err)
	}
	p, err := message.ParseConnect(command(srv))
	if err != nil || p.App != "live" || p.TcURL != "rtmp://h/live" || !p.Publish || p.FlashVer != "FMLE/3.0" || len(p.Extra) != 1 || p.Extra[0].Key != "fourCcList" {
		t.Fatalf("ParseConnect: %+v, %v", p, err)
	}
	if err := srv.WriteMessage(0, 0, message.ConnectResult(1, "FMS/3,0,1,123", 31, 0)); err != nil {
		t.Fatal(err)
	}
	if tid, err = cli.Call(0, "createStream", amf0.Null()); err != nil || tid != 2 {
		t.Fatalf("createStream's transaction ID %v: %v", tid, err)
	}
	cs := command(srv)
	id := srv.NewStreamID()
	ctid, _ := cs.TransactionID()
	if err := srv.WriteMessage(0, 0, message.CreateStreamResult(ctid, float64(id))); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"connect", "createStream"} {
		m := readUntil(t, cli, "an answer", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
		call, _, isErr, ok := cli.Answer(m)
		if !ok || isErr || call != want {
			t.Errorf("answer: %q %v %v, want %s", call, isErr, ok, want)
		}
		if _, _, _, again := cli.Answer(m); again {
			t.Error("an answer matched twice")
		}
	}
	if id != 1 || srv.NewStreamID() != 2 {
		t.Errorf("stream IDs start at %d", id)
	}
}

// TestStreamNameOutlivesReads: the stream name a server keeps from
// publish stays itself however much is read after it (issue 15: a name
// kept by a goroutine aliased the Reader's buffer and read "ssssssss" 20
// reads later).
func TestStreamNameOutlivesReads(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	if err := cli.WriteMessage(1, 0, message.Publish(0, "camera1?key=abc", "live")); err != nil {
		t.Fatal(err)
	}
	filler := &message.Data{Values: []amf0.Value{amf0.String(string(bytes.Repeat([]byte("s"), 500)))}}
	for range 40 {
		if err := cli.WriteMessage(1, 0, filler); err != nil {
			t.Fatal(err)
		}
	}
	m := readUntil(t, srv, "publish", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
	cmd := m.Body.(*message.Command)
	name, err := message.StreamName(cmd)
	if err != nil {
		t.Fatal(err)
	}
	aliased, _ := cmd.Arg(0).Str()
	for range 40 {
		if _, err := srv.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}
	if name != "camera1?key=abc" {
		t.Errorf("the kept name reads %q", name)
	}
	// The test would see the bug: the Reader's buffer was reused, so the
	// name read straight from the command changed under it.
	if aliased == "camera1?key=abc" {
		t.Error("the Reader's buffer was not reused; the test proves nothing")
	}
}
