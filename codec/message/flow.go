package message

import (
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// The command flow around publish and play: parsing what clients send,
// building what servers answer. Parsed strings are copies: they outlive
// the read that delivered the command (a stream name kept by a goroutine
// must not alias the Reader's buffer).

// ParseConnect reads a received connect into ConnectParams: app, tcUrl,
// flashVer, swfUrl, pageUrl, objectEncoding (SendObjectEncoding tells
// whether it was there), the player numbers, whether it was a publisher's
// (a "type" property), and every other property in Extra, arguments after
// the object in Args. Strings are copied; Extra and Args are clones.
func ParseConnect(cmd *Command) (ConnectParams, error) {
	var p ConnectParams
	if name, _ := cmd.Name(); name != "connect" {
		return p, &wire.Error{Layer: "message", Field: "CommandAMF0.Name", Offset: 0, Expected: "a connect command, got " + name, Err: wire.ErrConstraint}
	}
	obj := cmd.Object()
	if k := obj.Kind(); k != amf0.KindObject && k != amf0.KindECMAArray {
		return p, &wire.Error{Layer: "message", Field: "CommandAMF0.CommandObject", Offset: 0, Expected: "an object after the transaction ID, got " + k.String(), Err: wire.ErrConstraint}
	}
	var extra []amf0.Property
	for _, prop := range obj.Props() {
		s, isStr := prop.Value.Str()
		n, isNum := prop.Value.Number()
		switch {
		case prop.Key == "app" && isStr:
			p.App = strings.Clone(s)
		case prop.Key == "tcUrl" && isStr:
			p.TcURL = strings.Clone(s)
		case prop.Key == "flashVer" && isStr:
			p.FlashVer = strings.Clone(s)
		case prop.Key == "swfUrl" && isStr:
			p.SwfURL = strings.Clone(s)
		case prop.Key == "pageUrl" && isStr:
			p.PageURL = strings.Clone(s)
		case prop.Key == "type" && isStr:
			p.Publish = true
		case prop.Key == "objectEncoding" && isNum:
			p.SendObjectEncoding, p.ObjectEncoding = true, n
		case prop.Key == "capabilities" && isNum:
			p.Capabilities = n
		case prop.Key == "audioCodecs" && isNum:
			p.AudioCodecs = n
		case prop.Key == "videoCodecs" && isNum:
			p.VideoCodecs = n
		case prop.Key == "videoFunction" && isNum:
			p.VideoFunction = n
		case prop.Key == "fpad":
		default:
			extra = append(extra, prop)
		}
	}
	if len(extra) > 0 {
		c, err := amf0.CloneAll([]amf0.Value{amf0.Object(extra...)})
		if err != nil {
			return p, err
		}
		p.Extra = c[0].Props()
	}
	if args := cmd.Args(); len(args) > 0 {
		c, err := amf0.CloneAll(args)
		if err != nil {
			return p, err
		}
		p.Args = c
	}
	return p, nil
}

// StreamName returns, as a copy, the stream name of publish, play,
// releaseStream, FCPublish and FCUnpublish: the first argument after the
// command object. Its query string ("stream?key=...") is kept.
func StreamName(cmd *Command) (string, error) {
	name, _ := cmd.Name()
	s, ok := cmd.Arg(0).Str()
	if !ok {
		return "", &wire.Error{Layer: "message", Field: "CommandAMF0.Args[0]", Offset: 0,
			Expected: "a stream name (string) as the first argument of " + name, Err: wire.ErrConstraint}
	}
	return strings.Clone(s), nil
}

func command(name string, tid float64, args ...amf0.Value) *Command {
	vals := make([]amf0.Value, 0, 3+len(args))
	vals = append(vals, amf0.String(name), amf0.Number(tid), amf0.Null())
	return &Command{Values: append(vals, args...)}
}

// ReleaseStream builds "releaseStream", tid, null, name: what FFmpeg and
// OBS send before publishing.
func ReleaseStream(tid float64, name string) *Command {
	return command("releaseStream", tid, amf0.String(name))
}

// FCPublish builds "FCPublish", tid, null, name (Flash Media Server's
// publish announcement, sent by FFmpeg and OBS).
func FCPublish(tid float64, name string) *Command {
	return command("FCPublish", tid, amf0.String(name))
}

// FCUnpublish builds "FCUnpublish", tid, null, name. A server must not
// answer it: FFmpeg closes the connection right after sending it, and an
// answer arriving on a closed socket turns the close into a TCP reset.
func FCUnpublish(tid float64, name string) *Command {
	return command("FCUnpublish", tid, amf0.String(name))
}

// OnFCPublish builds "onFCPublish", 0, null, {code, description}: the
// answer to FCPublish (code StatusPublishStart).
func OnFCPublish(code, description string) *Command {
	return command("onFCPublish", 0, amf0.Object(
		amf0.Prop("code", amf0.String(code)),
		amf0.Prop("description", amf0.String(description))))
}

// OnBWDone builds "onBWDone", 0, null: the end of the bandwidth check
// some clients wait for after connect.
func OnBWDone() *Command { return command("onBWDone", 0) }

// StreamBegin and StreamEOF build the user control events that frame a
// stream's media (RTMP 1.0 §7.1.7).
func StreamBegin(streamID uint32) *UserControl {
	return &UserControl{Event: EventStreamBegin, StreamID: streamID}
}

func StreamEOF(streamID uint32) *UserControl {
	return &UserControl{Event: EventStreamEOF, StreamID: streamID}
}

// SampleAccess builds "|RtmpSampleAccess", audio, video: whether a Flash
// player may read the stream's samples.
func SampleAccess(audio, video bool) *Data {
	return &Data{Values: []amf0.Value{amf0.String("|RtmpSampleAccess"), amf0.Bool(audio), amf0.Bool(video)}}
}
