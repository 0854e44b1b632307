package conn

import (
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// RequestKind says what a client asked for, as Respond read it.
type RequestKind uint8

const (
	// RequestNone: not a command Respond answers (media, data, control,
	// other commands); the caller handles it.
	RequestNone RequestKind = iota
	RequestConnect
	RequestCreateStream
	RequestPublish
	RequestPlay
	RequestUnpublish    // FCUnpublish
	RequestDeleteStream // deleteStream; StreamID is the stream deleted
)

// Request is what Respond found in a command. Name and App are copies:
// they outlive the read.
type Request struct {
	Kind     RequestKind
	StreamID uint32 // the message stream the request is about
	Name     string // the stream name of publish and play
	// App and TcURL are connect's.
	App, TcURL string
	// Capabilities are the Enhanced RTMP properties of connect's command
	// object (zero when the client sent none).
	Capabilities media.Capabilities
}

// Respond answers the commands every RTMP server answers the same way, as
// nginx-rtmp and SRS answer them, and says what the client asked for:
//   - connect: _result with NetConnection.Connect.Success (and
//     Options.Capabilities in its properties), the client's Enhanced RTMP
//     capabilities in Request.Capabilities;
//   - releaseStream and FCPublish: _result, and onFCPublish for FCPublish;
//   - createStream: _result with a new stream ID (NewStreamID);
//   - publish: Stream Begin, onStatus NetStream.Publish.Start;
//   - play: Stream Begin, onStatus NetStream.Play.Reset and
//     NetStream.Play.Start, |RtmpSampleAccess;
//   - FCUnpublish and deleteStream: no answer, and the connection stays.
//
// The last two are deliberate. FFmpeg closes its socket right after
// FCUnpublish, and an answer arriving there turns the close into a TCP
// reset; GStreamer's rtmp2sink sends deleteStream and fails if the server
// then closes. Replies echo the command's transaction ID, 0 included
// (GStreamer sends 0 on commands after connect).
func (c *Conn) Respond(m *Message) (Request, error) {
	cmd, ok := m.Body.(*message.Command)
	if !ok {
		return Request{}, nil
	}
	name, _ := cmd.Name()
	tid, _ := cmd.TransactionID()
	r := Request{StreamID: m.StreamID}
	switch name {
	case "connect":
		p, err := message.ParseConnect(cmd)
		if err != nil {
			return r, err
		}
		r.Kind, r.App, r.TcURL = RequestConnect, p.App, p.TcURL
		// Capabilities of the wrong AMF type are an error before any
		// answer, as a malformed connect is: the caller chooses.
		if r.Capabilities, err = media.ParseCapabilities(cmd.Object()); err != nil {
			return r, err
		}
		res := message.ConnectResult(tid, "FMS/3,0,1,123", 31, p.ObjectEncoding)
		if c.opts.Capabilities != nil {
			res.Values[2] = c.opts.Capabilities.With(res.Values[2])
		}
		return r, c.WriteMessage(0, 0, res)
	case "releaseStream":
		return r, c.WriteMessage(m.StreamID, 0, message.Result(tid, amf0.Null()))
	case "FCPublish":
		if err := c.WriteMessage(m.StreamID, 0, message.Result(tid, amf0.Null())); err != nil {
			return r, err
		}
		return r, c.WriteMessage(m.StreamID, 0, message.OnFCPublish(message.StatusPublishStart, "FCPublish"))
	case "createStream":
		r.Kind, r.StreamID = RequestCreateStream, c.NewStreamID()
		return r, c.WriteMessage(0, 0, message.CreateStreamResult(tid, float64(r.StreamID)))
	case "publish", "play":
		var err error
		if r.Name, err = message.StreamName(cmd); err != nil {
			return r, err
		}
		r.Kind = RequestPublish
		replies := []message.Message{message.StreamBegin(m.StreamID), message.OnStatus("status", message.StatusPublishStart, r.Name+" is now published.")}
		if name == "play" {
			r.Kind = RequestPlay
			replies = []message.Message{message.StreamBegin(m.StreamID),
				message.OnStatus("status", message.StatusPlayReset, "Playing and resetting "+r.Name+"."),
				message.OnStatus("status", message.StatusPlayStart, "Started playing "+r.Name+"."),
				message.SampleAccess(true, true)}
		}
		return r, c.writeAll(m.StreamID, replies)
	case "FCUnpublish":
		r.Kind = RequestUnpublish
		r.Name, _ = message.StreamName(cmd)
	case "deleteStream":
		r.Kind = RequestDeleteStream
		if id, ok := cmd.Arg(0).Number(); ok {
			r.StreamID = uint32(id)
		}
	}
	return r, nil
}

func (c *Conn) writeAll(streamID uint32, msgs []message.Message) error {
	for _, msg := range msgs {
		sid := streamID
		if msg.Type() == rtmp.TypeUserControl {
			sid = 0 // user control travels on stream 0 (RTMP 1.0 §6.2)
		}
		if err := c.WriteMessage(sid, 0, msg); err != nil {
			return err
		}
	}
	return nil
}
