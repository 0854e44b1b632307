package conn

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// respondTo sends cmd from the client on stream sid and has the server
// Respond to it.
func respondTo(t *testing.T, srv, cli *Conn, sid uint32, cmd *message.Command) Request {
	t.Helper()
	if err := cli.WriteMessage(sid, 0, cmd); err != nil {
		t.Fatal(err)
	}
	m := readUntil(t, srv, "the command", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
	req, err := srv.Respond(m)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// silent checks that nothing arrives at the client for a moment.
func silent(t *testing.T, cli *Conn, cnc interface{ SetReadDeadline(time.Time) error }, after string) {
	t.Helper()
	_ = cnc.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	m, err := cli.ReadMessage()
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after %s the server sent %+v (%v)", after, m, err)
	}
	_ = cnc.SetReadDeadline(time.Now().Add(10 * time.Second))
}

// TestRespondPublishFlow: the commands FFmpeg sends to publish, answered:
// connect, releaseStream, FCPublish, createStream, publish; then
// FCUnpublish gets no answer (issue 15: answering it turned FFmpeg's
// close into a TCP reset) and deleteStream neither answer nor close
// (closing made GStreamer's rtmp2sink fail): the client publishes again
// on the same connection.
func TestRespondPublishFlow(t *testing.T) {
	srv, cli, cnc := pairNC(t, nil, nil)
	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true})
	if r := respondTo(t, srv, cli, 0, connect); r.Kind != RequestConnect || r.App != "live" {
		t.Fatalf("connect: %+v", r)
	}
	answered := func(want string, tid float64) {
		t.Helper()
		m := readUntil(t, cli, want, func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
		cmd := m.Body.(*message.Command)
		name, _ := cmd.Name()
		id, _ := cmd.TransactionID()
		if name != want || id != tid {
			t.Fatalf("got %s %v, want %s %v", name, id, want, tid)
		}
	}
	answered("_result", 1)
	for round := range 2 {
		respondTo(t, srv, cli, 0, message.ReleaseStream(2, "cam"))
		answered("_result", 2)
		respondTo(t, srv, cli, 0, message.FCPublish(3, "cam"))
		answered("_result", 3)
		answered("onFCPublish", 0)
		r := respondTo(t, srv, cli, 0, message.CreateStream(4))
		if r.Kind != RequestCreateStream || r.StreamID != uint32(round+1) {
			t.Fatalf("createStream: %+v", r)
		}
		answered("_result", 4)
		if r = respondTo(t, srv, cli, r.StreamID, message.Publish(5, "cam?k=1", "live")); r.Kind != RequestPublish || r.Name != "cam?k=1" {
			t.Fatalf("publish: %+v", r)
		}
		answered("onStatus", 0)
		if r = respondTo(t, srv, cli, 0, message.FCUnpublish(6, "cam")); r.Kind != RequestUnpublish {
			t.Fatalf("FCUnpublish: %+v", r)
		}
		silent(t, cli, cnc, "FCUnpublish")
		if r = respondTo(t, srv, cli, 0, message.DeleteStream(7, float64(round+1))); r.Kind != RequestDeleteStream || r.StreamID != uint32(round+1) {
			t.Fatalf("deleteStream: %+v", r)
		}
		silent(t, cli, cnc, "deleteStream")
	}
}

// TestRespondEchoesTransactionZero: GStreamer sends transaction ID 0 on the
// commands after connect; the answers carry 0 back.
func TestRespondEchoesTransactionZero(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	respondTo(t, srv, cli, 0, message.CreateStream(0))
	m := readUntil(t, cli, "the answer", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
	cmd := m.Body.(*message.Command)
	if tid, _ := cmd.TransactionID(); tid != 0 {
		t.Errorf("transaction ID %v", tid)
	}
	if id, _ := cmd.Arg(0).Number(); id != 1 {
		t.Errorf("stream ID %v", id)
	}
}

// TestRespondPlay: play is answered as nginx-rtmp answers it.
func TestRespondPlay(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	if r := respondTo(t, srv, cli, 1, message.Play(0, "cam", -2000)); r.Kind != RequestPlay || r.Name != "cam" {
		t.Fatalf("play: %+v", r)
	}
	var got []string
	readUntil(t, cli, "the answers", func(m *Message) bool {
		switch b := m.Body.(type) {
		case *message.UserControl:
			got = append(got, b.Event.String())
		case *message.Command:
			code, _ := b.Arg(0).Get("code").Str()
			got = append(got, code)
		case *message.Data:
			s, _ := b.Values[0].Str()
			got = append(got, s)
		}
		return len(got) == 4
	})
	want := []string{message.EventStreamBegin.String(), message.StatusPlayReset, message.StatusPlayStart, "|RtmpSampleAccess"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("answers %q, want %q", got, want)
		}
	}
}

// TestRespondCapabilities: Enhanced RTMP negotiation. The client's connect
// states its codecs; Respond hands them over in the Request and puts the
// server's Options.Capabilities in the _result's properties, where the
// client reads them back.
func TestRespondCapabilities(t *testing.T) {
	serverCaps := &media.Capabilities{
		VideoInfo: []media.CodecInfo{{FourCC: media.AnyFourCC, Mask: media.CanForward}},
		AudioInfo: []media.CodecInfo{{FourCC: media.AnyFourCC, Mask: media.CanForward}},
		CapsEx:    media.CapsExMultitrack, HasCapsEx: true,
	}
	srv, cli, _ := pairNC(t, &Options{Capabilities: serverCaps}, nil)
	clientCaps := media.Capabilities{FourCCList: []string{"hvc1", "av01"},
		VideoInfo: []media.CodecInfo{{FourCC: "hvc1", Mask: media.CanEncode}}, CapsEx: media.CapsExModEx, HasCapsEx: true}
	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true, Extra: clientCaps.Properties()})
	r := respondTo(t, srv, cli, 0, connect)
	if r.Kind != RequestConnect || !r.Capabilities.Lists(media.FourCCHEVC) || r.Capabilities.CapsEx != media.CapsExModEx {
		t.Fatalf("connect: %+v", r)
	}
	m := readUntil(t, cli, "_result", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 })
	got, err := media.ParseCapabilities(m.Body.(*message.Command).Object())
	if err != nil {
		t.Fatal(err)
	}
	if mask, ok := got.VideoMask(media.FourCCAV1); !ok || mask != media.CanForward || got.CapsEx != media.CapsExMultitrack {
		t.Errorf("the _result says %+v", got)
	}
	if fms, _ := m.Body.(*message.Command).Object().Get("fmsVer").Str(); fms != "FMS/3,0,1,123" {
		t.Errorf("the usual properties went: fmsVer %q", fms)
	}
}
