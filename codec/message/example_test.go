package message_test

import (
	"encoding/hex"
	"fmt"
	"io"
	"net"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// The connect command ffmpeg 5.1 sent to nginx-rtmp when publishing
// (codec/chunk/testdata/ffmpeg-publish.c2s.bin, after the handshake): a
// fmt 0 chunk of 128 bytes and a fmt 3 continuation of 11.
const ffmpegConnect = "0300000000008b1400000000020007636f6e6e656374003ff000000000000003" +
	"00036170700200046c69766500047479706502000a6e6f6e7072697661746500" +
	"08666c617368566572020024464d4c452f332e302028636f6d70617469626c65" +
	"3b204c61766635392e32372e313030290005746355726c02001a72746d703a2f" +
	"2f3132372e302e302e313a31c33933352f6c697665000009"

// Decode captured bytes: reassemble the chunks, then type the payload.
func ExampleDecode() {
	captured, _ := hex.DecodeString(ffmpegConnect)
	m, _, err := chunk.NewDecoder(nil).Decode(captured, true)
	if err != nil {
		panic(err)
	}
	msg, err := message.Decode(m.Type, m.Payload)
	if err != nil {
		panic(err)
	}
	cmd := msg.(*message.Command)
	name, _ := cmd.Name()
	tid, _ := cmd.TransactionID()
	app := cmd.Object().Get("app")
	tcURL := cmd.Object().Get("tcUrl")
	fmt.Printf("%v %q, transaction %v\n", m.Type, name, tid)
	fmt.Println("app:", app)
	fmt.Println("tcUrl:", tcURL)
	// Output:
	// Command (AMF0) "connect", transaction 1
	// app: "live"
	// tcUrl: "rtmp://127.0.0.1:1935/live"
}

// Build the _result a server sends for that connect, and chunk it on the
// command chunk stream.
func ExampleConnectResult() {
	reply := message.ConnectResult(1, "FMS/3,0,1,123", 31, 0)
	payload, err := message.Append(nil, reply)
	if err != nil {
		panic(err)
	}
	wire, err := chunk.NewEncoder().AppendMessage(nil, &chunk.Message{CSID: 3, Type: reply.Type(), Payload: payload})
	if err != nil {
		panic(err)
	}
	name, _ := reply.Name()
	info := reply.Arg(0)
	code := info.Get("code")
	fmt.Printf("%q: %d payload bytes, %d on the wire\n", name, len(payload), len(wire))
	fmt.Println("code:", code)
	fmt.Println("payload size agrees:", reply.Size() == len(payload))
	// Output:
	// "_result": 190 payload bytes, 203 on the wire
	// code: "NetConnection.Connect.Success"
	// payload size agrees: true
}

// Read messages from a net.Conn: answer the handshake, then read typed
// messages until the peer hangs up. The peer is publishConnect on the other
// end of a net.Pipe.
func Example_readFromConn() {
	server, client := net.Pipe()
	go publishConnect(client)

	// The handshake (plain, or the digest handshake FFmpeg and Flash
	// Player send, answered in kind), then chunks. The Reader applies Set
	// Chunk Size and Abort itself; the Reader and the Decoder reuse their
	// memory from message to message.
	if _, err := handshake.Server(server, nil); err != nil {
		panic(err)
	}

	r := chunk.NewReader(server, nil)
	var d message.Decoder
	for {
		m, err := r.ReadMessage()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		msg, err := d.Decode(m.Type, m.Payload)
		if err != nil {
			panic(err)
		}
		switch v := msg.(type) {
		case *rtmp.SetChunkSize:
			fmt.Println("peer's chunk size:", v.ChunkSize)
		case *message.Command:
			name, _ := v.Name()
			fmt.Printf("command %q, app %v\n", name, v.Object().Get("app"))
		}
	}
	// Output:
	// peer's chunk size: 4096
	// command "connect", app "live"
}

// publishConnect is a client: the handshake, then a Set Chunk Size and a
// connect command, written as chunks.
func publishConnect(conn net.Conn) {
	defer conn.Close()
	if _, err := handshake.Client(conn, nil); err != nil {
		panic(err)
	}

	// Write a command: build it, append its payload, hand it to a Writer,
	// which chunks it (and splits what follows a Set Chunk Size at the new
	// size).
	w := chunk.NewWriter(conn)
	for _, m := range []message.Message{
		&rtmp.SetChunkSize{ChunkSize: 4096},
		message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://127.0.0.1/live", Publish: true}),
	} {
		payload, err := message.Append(nil, m)
		if err != nil {
			panic(err)
		}
		csid := uint32(3) // commands
		if m.Type() == rtmp.TypeSetChunkSize {
			csid = 2 // protocol control (RTMP 1.0 §5.4)
		}
		if err := w.WriteMessage(&chunk.Message{CSID: csid, Type: m.Type(), Payload: payload}); err != nil {
			panic(err)
		}
	}
}
