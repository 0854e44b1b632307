package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// zeroRand is a random source of zeros, so a server's answer depends on
// the input alone.
type zeroRand struct{}

func (zeroRand) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// connCaps is what a fuzzed server advertises in connect's _result.
var connCaps = &media.Capabilities{FourCCList: []string{"av01", "hvc1", "*"}, VideoInfo: []media.CodecInfo{{FourCC: "*", Mask: 7}}, CapsEx: 1, HasCapsEx: true}

// ConnServer is the connection layer's property, on data[0] as options
// (bits 0-1 the handshake policy, bit 2 Manual, bit 3 answering commands
// with Respond, bit 4 a connection whose writes fail after a number of
// bytes bits 5-7 choose) and data[1:] as the bytes a client sends: a server Conn
// reads them through the handshake and message by message, answering what
// it answers, until the input ends or breaks a rule. Nothing panics; every
// error is the input's end or a *wire.Error; every message whose body
// decoded writes back to its payload (message.Append); a command's answer
// (Answer, Respond, ParseConnect) is computed without error or with a
// *wire.Error; and everything the server wrote back, S0+S1+S2 and its
// chunks, decodes as one session direction without an error: what the
// codec sends in reply is well-formed RTMP whatever it was sent.
func ConnServer(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	cfg := data[0]
	var out bytes.Buffer
	rw := struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(data[1:]), connWriter(&out, cfg)}
	opts := &conn.Options{
		Chunk:        chunk.Options{MaxChunkStreams: 64, MaxPartialBytes: 1 << 20},
		Manual:       cfg&4 != 0,
		Capabilities: connCaps,
	}
	c, err := conn.Server(rw, &handshake.ServerConfig{Policy: handshake.ServerPolicy(cfg & 3 % 3), Rand: zeroRand{}}, opts)
	if err != nil {
		return connErr("handshake", err)
	}
	if hs := c.Handshake(); hs.Read != handshake.DirectionLen || hs.PeerVersion != handshake.Version(data[1]) {
		return fmt.Errorf("the handshake read %d bytes, peer version %d; the client sent %d", hs.Read, hs.PeerVersion, data[1])
	}
	if hs := c.Handshake(); checkEnums(&hs) != nil {
		return checkEnums(&hs)
	}
	respond := cfg&8 != 0
	if err := readMessages(c, func(m *conn.Message) error { return connMessage(c, m, respond) }); err != nil {
		return err
	}
	_ = c.Stats()
	return wroteSession("server", out.Bytes(), cfg)
}

// wroteSession checks what one side wrote: it decodes as a session
// direction and writes back byte for byte; cut short where the
// connection failed (bit 4 of cfg), it may end inside a chunk.
func wroteSession(side string, out []byte, cfg byte) error {
	s, err := session.Decode(out, session.AtHandshake, nil)
	if err != nil && !(cfg&0x10 != 0 && errors.Is(err, io.ErrUnexpectedEOF)) {
		return fmt.Errorf("the %s's own %d bytes do not decode: %v", side, len(out), err)
	}
	if back, err := s.Append(nil); err != nil || !bytes.Equal(back, out) {
		return fmt.Errorf("the %s's own bytes do not re-encode (%v)", side, err)
	}
	return nil
}

// readMessages reads messages from c until the input ends or breaks a
// rule, at most 4096, and hands each whose body decoded to each: a
// message whose body did not decode comes with a *wire.Error, and the
// Conn carries on.
func readMessages(c *conn.Conn, each func(*conn.Message) error) error {
	for range 4096 {
		m, err := c.ReadMessage()
		if m == nil {
			if err == nil {
				return errors.New("ReadMessage returned neither a message nor an error")
			}
			return connErr("ReadMessage", err)
		}
		if err != nil {
			if err := connErr("message body", err); err != nil {
				return err
			}
			continue
		}
		if err := each(m); err != nil {
			return err
		}
	}
	return nil
}

// connMessage checks one message a Conn read, and answers it.
func connMessage(c *conn.Conn, m *conn.Message, respond bool) error {
	if m.Body == nil {
		return fmt.Errorf("type %d: no body and no error", m.Type)
	}
	b, err := message.Append(nil, m.Body)
	if err != nil || !bytes.Equal(b, m.Raw.Payload) {
		return fmt.Errorf("type %d: body writes back as %x (%v), payload %x", m.Type, b, err, m.Raw.Payload)
	}
	c.Answer(m)
	if cmd, ok := m.Body.(*message.Command); ok {
		if name, _ := cmd.Name(); name == "connect" {
			if _, err := message.ParseConnect(cmd); err != nil {
				if err := connErr("ParseConnect", err); err != nil {
					return err
				}
			}
		}
		_, _ = message.StreamName(cmd)
	}
	if respond {
		if _, err := c.Respond(m); err != nil {
			return connErr("Respond", err)
		}
	}
	return nil
}

// connWriter is where a Conn writes: out, or with bit 4 of cfg set, out
// until 512 times bits 5-7 bytes have gone, then errConnFailed.
func connWriter(out *bytes.Buffer, cfg byte) io.Writer {
	if cfg&0x10 == 0 {
		return out
	}
	return &failingWriter{w: out, left: 512 * int(cfg>>5)}
}

// failingWriter writes to w until left runs out, then fails.
type failingWriter struct {
	w    io.Writer
	left int
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.w.Write(p[:f.left])
		f.left = 0
		return n, errConnFailed
	}
	f.left -= len(p)
	return f.w.Write(p)
}

// connErr accepts the end of the input, a failed connection, and
// *wire.Errors inside the input.
func connErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errConnFailed) {
		return nil
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		return fmt.Errorf("%s: error %v (%T) is not a *wire.Error", what, err, err)
	}
	return nil
}

// ConnClient is the client side of the connection layer's property, on
// data[0] as options (bit 0 a plain handshake, else a lenient digest one;
// bit 1 Manual; bit 2 a chunk size of 4096 for what the client writes; bits
// 4-7 as for ConnServer, a connection whose writes fail) and
// data[1:] as the bytes a server sends: a client Conn makes the calls a
// publisher makes (connect, createStream, publish, with the transaction
// IDs Call hands out) and reads the answers. Besides what ConnServer
// checks: an answer Answer matches is the _result or _error of a call this
// Conn made, each matched once; Stats count at most the protocol answers
// the server asked for; and everything the client wrote decodes as a
// session direction.
func ConnClient(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	cfg := data[0]
	var out bytes.Buffer
	rw := struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(data[1:]), connWriter(&out, cfg)}
	opts := &conn.Options{Chunk: chunk.Options{MaxChunkStreams: 64, MaxPartialBytes: 1 << 20}, Manual: cfg&2 != 0}
	c, err := conn.Client(rw, &handshake.ClientConfig{Plain: cfg&1 != 0, Lenient: true, Rand: zeroRand{}}, opts)
	if err != nil {
		return connErr("handshake", err)
	}
	if cfg&4 != 0 {
		if err := c.SetChunkSize(4096); err != nil {
			return connErr("SetChunkSize", err)
		}
	}
	calls := map[float64]string{}
	for _, call := range []struct {
		stream uint32
		name   string
		obj    amf0.Value
		args   []amf0.Value
	}{
		{0, "connect", amf0.Object(amf0.Prop("app", amf0.String("live")), amf0.Prop("tcUrl", amf0.String("rtmp://127.0.0.1/live"))), nil},
		{0, "createStream", amf0.Null(), nil},
		{1, "publish", amf0.Null(), []amf0.Value{amf0.String("stream"), amf0.String("live")}},
	} {
		tid, err := c.Call(call.stream, call.name, call.obj, call.args...)
		if err != nil {
			return connErr("Call", err)
		}
		calls[tid] = call.name
	}
	pings, bandwidth := 0, 0
	err = readMessages(c, func(m *conn.Message) error {
		switch v := m.Body.(type) {
		case *message.UserControl:
			if v.Event == message.EventPingRequest {
				pings++
			}
		case *rtmp.SetPeerBandwidth:
			bandwidth++
		}
		if call, tid, _, ok := c.Answer(m); ok {
			if calls[tid] != call {
				return fmt.Errorf("the Conn's Answer matched transaction %v to %q; the Conn called %q", tid, call, calls[tid])
			}
			delete(calls, tid)
		}
		return connMessage(c, m, false)
	})
	if err != nil {
		return err
	}
	st := c.Stats()
	if st.PingsAnswered > pings || st.BandwidthAnswers > bandwidth || opts.Manual && st.PingsAnswered+st.BandwidthAnswers+st.Acks > 0 {
		return fmt.Errorf("stats %+v after %d pings and %d Set Peer Bandwidth (manual %v)", st, pings, bandwidth, opts.Manual)
	}
	return wroteSession("client", out.Bytes(), cfg)
}
