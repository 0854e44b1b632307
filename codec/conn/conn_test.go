package conn

import (
	"bytes"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// pair returns the two ends of a loopback TCP connection (buffered both
// ways, as a real peer's is) after the handshake.
func pair(t testing.TB, sopts, copts *Options) (srv, cli *Conn) {
	t.Helper()
	srv, cli, _ = pairNC(t, sopts, copts)
	return srv, cli
}

// pairNC is pair that also returns the client's net.Conn, for deadlines.
func pairNC(t testing.TB, sopts, copts *Options) (srv, cli *Conn, cnc net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		nc, err := ln.Accept()
		if err == nil {
			_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
			t.Cleanup(func() { nc.Close() })
			srv, err = Server(nc, nil, sopts)
		}
		done <- err
	}()
	nc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { nc.Close() })
	if cli, err = Client(nc, nil, copts); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return srv, cli, nc
}

// readUntil reads from c until pick accepts a message, returning it.
func readUntil(t *testing.T, c *Conn, what string, pick func(*Message) bool) *Message {
	t.Helper()
	for {
		m, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if pick(m) {
			return m
		}
	}
}

func TestConnControl(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	if !srv.Handshake().Digest || !cli.Handshake().Digest {
		t.Fatal("the handshake was not a digest one")
	}
	// Client: a larger chunk size, then a connect that needs it.
	if err := cli.SetChunkSize(4096); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("x"), 3000)
	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://127.0.0.1/live", Args: []amf0.Value{amf0.String(string(big))}})
	if err := cli.WriteMessage(0, 0, connect); err != nil {
		t.Fatal(err)
	}
	if m := readUntil(t, srv, "connect", func(m *Message) bool { return m.Type == rtmp.TypeCommandAMF0 }); m.CSID != CSIDCommand || len(m.Raw.Chunks) != 1 {
		t.Errorf("connect on csid %d in %d chunk runs, want csid %d in one 4096-byte chunk", m.CSID, len(m.Raw.Chunks), CSIDCommand)
	} else if name, _ := m.Body.(*message.Command).Name(); name != "connect" {
		t.Errorf("command %q", name)
	}

	// Server: a window of 1000 bytes, a hard peer bandwidth, a ping,
	// then media. The client answers all three as it reads.
	for _, m := range []message.Message{
		&rtmp.WindowAckSize{WindowSize: 1000},
		&rtmp.SetPeerBandwidth{WindowSize: 2500000, Limit: rtmp.LimitHard},
		&message.UserControl{Event: message.EventPingRequest, Timestamp: 777},
	} {
		if err := srv.WriteMessage(0, 0, m); err != nil {
			t.Fatal(err)
		}
	}
	video := &message.Video{Payload: make([]byte, 700)}
	for i := range 5 {
		if err := srv.WriteMessage(1, uint32(40*i), video); err != nil {
			t.Fatal(err)
		}
	}
	got := 0
	readUntil(t, cli, "the video", func(m *Message) bool {
		if m.Type == rtmp.TypeVideo {
			if m.StreamID != 1 || m.CSID != CSIDVideo || m.Timestamp != uint32(40*got) {
				t.Errorf("video %d: stream %d csid %d timestamp %d", got, m.StreamID, m.CSID, m.Timestamp)
			}
			got++
		}
		return got == 5
	})
	st := cli.Stats()
	if st.PingsAnswered != 1 || st.BandwidthAnswers != 1 || st.Acks < 3 {
		t.Errorf("client stats %+v: want a ping answered, a bandwidth answer, an ack per 1000 bytes", st)
	}

	// What the client sent back, as the server reads it.
	var pong, was, acks int
	var last uint32
	readUntil(t, srv, "the client's answers", func(m *Message) bool {
		switch v := m.Body.(type) {
		case *message.UserControl:
			if v.Event == message.EventPingResponse && v.Timestamp == 777 {
				pong++
			}
		case *rtmp.WindowAckSize:
			if v.WindowSize == 2500000 {
				was++
			}
		case *rtmp.Acknowledgement:
			// Each acknowledges every byte the client had received,
			// handshake included, and follows the last by a window.
			if acks > 0 && v.SequenceNumber-last < 1000 {
				t.Errorf("ack %d at %d, %d bytes after the last", acks, v.SequenceNumber, v.SequenceNumber-last)
			}
			last = v.SequenceNumber
			acks++
		}
		return pong == 1 && was == 1 && acks == st.Acks
	})
	if received := cli.Stats().Received; last > received || received-last >= 1000 {
		t.Errorf("last ack %d, client received %d", last, received)
	}
}

// TestAcknowledgementWraps: the received count is 32 bits and wraps, as
// acknowledgements' sequence numbers do (RTMP 1.0 §5.4.3).
func TestAcknowledgementWraps(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	cli.skew = 0xFFFFFF00 - cli.received() // as after 4 GiB
	cli.acked = 0xFFFFFF00
	if err := srv.WriteMessage(0, 0, &rtmp.WindowAckSize{WindowSize: 512}); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteMessage(1, 0, &message.Video{Payload: make([]byte, 600)}); err != nil {
		t.Fatal(err)
	}
	readUntil(t, cli, "the video", func(m *Message) bool { return m.Type == rtmp.TypeVideo })
	m := readUntil(t, srv, "the ack", func(m *Message) bool { return m.Type == rtmp.TypeAcknowledgement })
	if seq := m.Body.(*rtmp.Acknowledgement).SequenceNumber; seq >= 0xFFFFFF00 || seq < 0x100 {
		t.Errorf("sequence number %#x: want the count past 2^32, wrapped", seq)
	}
}

// TestPeerBandwidthLimits: Set Peer Bandwidth is answered with a Window
// Acknowledgement Size when the window changes: hard sets it, soft only
// lowers it, dynamic acts as hard after a hard one and is ignored after a
// soft one (RTMP 1.0 §5.4.5).
func TestPeerBandwidthLimits(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	steps := []struct {
		window uint32
		limit  rtmp.LimitType
		answer uint32 // 0: none
	}{
		{5000, rtmp.LimitDynamic, 0}, // no limit before: ignored
		{6000, rtmp.LimitType(7), 0}, // undefined: ignored, and not a previous limit
		{5000, rtmp.LimitSoft, 5000},
		{9000, rtmp.LimitSoft, 0}, // soft does not raise
		{9000, rtmp.LimitDynamic, 0},
		{8000, rtmp.LimitHard, 8000},
		{7000, rtmp.LimitDynamic, 7000},
		{7000, rtmp.LimitHard, 0}, // unchanged
	}
	for _, s := range steps {
		if err := srv.WriteMessage(0, 0, &rtmp.SetPeerBandwidth{WindowSize: s.window, Limit: s.limit}); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.WriteMessage(0, 0, &message.UserControl{Event: message.EventPingRequest, Timestamp: 1}); err != nil {
		t.Fatal(err)
	}
	readUntil(t, cli, "the ping", func(m *Message) bool { return m.Type == rtmp.TypeUserControl })
	var answers []uint32
	readUntil(t, srv, "the pong", func(m *Message) bool {
		if v, ok := m.Body.(*rtmp.WindowAckSize); ok {
			answers = append(answers, v.WindowSize)
		}
		return m.Type == rtmp.TypeUserControl
	})
	want := []uint32{5000, 8000, 7000}
	if len(answers) != len(want) || answers[0] != want[0] || answers[1] != want[1] || answers[2] != want[2] {
		t.Errorf("answers %v, want %v", answers, want)
	}
}

// TestManual: with Options.Manual the Conn answers nothing on its own.
func TestManual(t *testing.T) {
	srv, cli := pair(t, nil, &Options{Manual: true})
	for _, m := range []message.Message{
		&rtmp.WindowAckSize{WindowSize: 100},
		&message.UserControl{Event: message.EventPingRequest, Timestamp: 5},
		&rtmp.SetPeerBandwidth{WindowSize: 100, Limit: rtmp.LimitHard},
		&message.Video{Payload: make([]byte, 300)},
	} {
		if err := srv.WriteMessage(0, 0, m); err != nil {
			t.Fatal(err)
		}
	}
	readUntil(t, cli, "the video", func(m *Message) bool { return m.Type == rtmp.TypeVideo })
	if st := cli.Stats(); st.Acks+st.PingsAnswered+st.BandwidthAnswers != 0 {
		t.Errorf("manual Conn answered: %+v", st)
	}
}

// TestBadPayloadKeepsConn: a payload that does not decode as its type
// comes back with the decode error and the raw message, and the next
// message still reads.
func TestBadPayloadKeepsConn(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	if err := srv.WriteMessage(0, 0, &message.Raw{MsgType: rtmp.TypeWindowAckSize, Payload: []byte{1, 2}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteMessage(0, 0, &rtmp.WindowAckSize{WindowSize: 4000}); err != nil {
		t.Fatal(err)
	}
	m, err := cli.ReadMessage()
	if err == nil || m == nil || m.Body != nil || !bytes.Equal(m.Raw.Payload, []byte{1, 2}) {
		t.Fatalf("bad payload: %v, %+v", err, m)
	}
	var we interface{ Unwrap() error }
	if !errors.As(err, &we) {
		t.Errorf("error %T is not a *wire.Error", err)
	}
	if m, err = cli.ReadMessage(); err != nil || m.Body.(*rtmp.WindowAckSize).WindowSize != 4000 {
		t.Fatalf("next message: %v %+v", err, m)
	}
}

// TestSteadyStateAllocations: once warm, writing a video message and
// reading it on the other side allocate nothing.
func TestSteadyStateAllocations(t *testing.T) {
	srv, cli := pair(t, nil, nil)
	video := &message.Video{Payload: make([]byte, 4000)}
	step := func() {
		if err := srv.WriteMessage(1, 40, video); err != nil {
			t.Fatal(err)
		}
		if m, err := cli.ReadMessage(); err != nil || m.Type != rtmp.TypeVideo {
			t.Fatalf("%v %+v", err, m)
		}
	}
	for range 10 {
		step()
	}
	if allocs := testkit.AllocsPerRun(t, 200, step); allocs != 0 {
		t.Errorf("%v allocations per message", allocs)
	}
}
