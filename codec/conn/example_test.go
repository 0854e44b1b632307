package conn_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// record takes one publisher on nc and writes what it publishes to w as
// FLV: the handshake, the command answers, then every audio, video and
// metadata message as a tag, until the publisher hangs up.
func record(nc net.Conn, w io.Writer) error {
	c, err := conn.Server(nc, nil, nil)
	if err != nil {
		return err
	}
	var out *flv.Writer
	for {
		m, err := c.ReadMessage()
		if errors.Is(err, io.EOF) {
			return nil
		} else if m == nil {
			return err
		} // else a payload that does not decode as its type: skip it
		req, err := c.Respond(m)
		if err != nil {
			return err
		}
		if req.Kind == conn.RequestPublish {
			if out, err = flv.NewWriter(w, true, true); err != nil {
				return err
			}
		}
		if out == nil {
			continue
		}
		switch body := m.Body.(type) {
		case *message.Audio, *message.Video:
			err = out.WriteTag(m.Type, m.Timestamp, m.Raw.Payload)
		case *message.Data: // "@setDataFrame", "onMetaData", {...}: keep the last two
			if name, _ := body.Name(); name == "@setDataFrame" && len(body.Values) > 1 {
				payload, _ := message.Append(nil, &message.Data{Values: body.Values[1:]})
				err = out.WriteTag(rtmp.TypeDataAMF0, m.Timestamp, payload)
			}
		}
		if err != nil {
			return err
		}
	}
}

// A publisher (a Conn client) sends metadata, video and audio; the
// recorder writes them as FLV tags.
func Example_record() {
	server, client := net.Pipe()
	var file bytes.Buffer
	done := make(chan error)
	go func() { done <- record(server, &file) }()

	c, err := conn.Client(client, nil, nil)
	if err != nil {
		panic(err)
	}
	go func() { // the server's answers, read as they come (net.Pipe holds nothing)
		for {
			if _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}()
	connect := message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://127.0.0.1/live", Publish: true})
	for _, m := range []message.Message{connect, message.CreateStream(2)} {
		if err := c.WriteMessage(0, 0, m); err != nil {
			panic(err)
		}
	}
	send := func(ts uint32, m message.Message) {
		if err := c.WriteMessage(1, ts, m); err != nil {
			panic(err)
		}
	}
	send(0, message.Publish(3, "camera", "live"))
	send(0, message.SetDataFrame(amf0.Prop("width", amf0.Number(320))))
	for i := range 3 {
		send(uint32(40*i), &message.Video{Payload: []byte{0x27, 1, 0, 0, 0, byte(i)}})
		send(uint32(40*i), &message.Audio{Payload: []byte{0xaf, 1, byte(i)}})
	}
	client.Close()
	if err := <-done; err != nil {
		panic(err)
	}
	var f flv.File
	if err := f.DecodeAll(file.Bytes()); err != nil {
		panic(err)
	}
	for _, tag := range f.Tags {
		fmt.Printf("%v at %d ms, %d bytes\n", tag.Header.Type, tag.Timestamp(), len(tag.Payload))
	}
	// Output:
	// Data (AMF0) at 0 ms, 37 bytes
	// Video at 0 ms, 6 bytes
	// Audio at 0 ms, 3 bytes
	// Video at 40 ms, 6 bytes
	// Audio at 40 ms, 3 bytes
	// Video at 80 ms, 6 bytes
	// Audio at 80 ms, 3 bytes
}
