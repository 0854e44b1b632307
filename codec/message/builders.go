package message

import "github.com/rtmpcodec/rtmpcodec/codec/amf0"

// ConnectParams describes a connect command the way RTMP publishers and
// players write it. Empty optional strings are left out, as real encoders
// leave them out.
type ConnectParams struct {
	App      string // application, e.g. "live"
	FlashVer string // e.g. "FMLE/3.0 (compatible; FMSc/1.0)" for a publisher, "LNX 9,0,124,2" for a player
	SwfURL   string // optional
	TcURL    string // e.g. "rtmp://example.com/live"

	// Publish marks a publishing client: it writes type "nonprivate"
	// right after app and leaves out the player fields, as FFmpeg and
	// librtmp (OBS) do when they publish.
	Publish bool

	// Player fields, written when Publish is false. Zero numbers take the
	// values librtmp sends: capabilities 15, audioCodecs 3191, videoCodecs
	// 252, videoFunction 1.
	Capabilities, AudioCodecs, VideoCodecs, VideoFunction float64
	PageURL                                               string // optional

	// ObjectEncoding is written when SendObjectEncoding is set (librtmp
	// writes it only when asked for AMF3 or told to).
	SendObjectEncoding bool
	ObjectEncoding     float64

	// Extra properties go at the end of the command object (for example
	// Enhanced RTMP's fourCcList); Args after the object.
	Extra []amf0.Property
	Args  []amf0.Value
}

// Connect builds a connect command with transaction ID 1, the only one a
// client uses for connect. The command object's properties come in the
// order FFmpeg and librtmp write them: app, type (publishers), flashVer,
// swfUrl, tcUrl, then fpad, capabilities, audioCodecs, videoCodecs,
// videoFunction, pageUrl (players), objectEncoding.
func Connect(p ConnectParams) *Command {
	props := make([]amf0.Property, 0, 12+len(p.Extra))
	props = append(props, amf0.Prop("app", amf0.String(p.App)))
	if p.Publish {
		props = append(props, amf0.Prop("type", amf0.String("nonprivate")))
	}
	if p.FlashVer != "" {
		props = append(props, amf0.Prop("flashVer", amf0.String(p.FlashVer)))
	}
	if p.SwfURL != "" {
		props = append(props, amf0.Prop("swfUrl", amf0.String(p.SwfURL)))
	}
	props = append(props, amf0.Prop("tcUrl", amf0.String(p.TcURL)))
	if !p.Publish {
		props = append(props,
			amf0.Prop("fpad", amf0.Bool(false)),
			amf0.Prop("capabilities", amf0.Number(orDefault(p.Capabilities, 15))),
			amf0.Prop("audioCodecs", amf0.Number(orDefault(p.AudioCodecs, 3191))),
			amf0.Prop("videoCodecs", amf0.Number(orDefault(p.VideoCodecs, 252))),
			amf0.Prop("videoFunction", amf0.Number(orDefault(p.VideoFunction, 1))),
		)
		if p.PageURL != "" {
			props = append(props, amf0.Prop("pageUrl", amf0.String(p.PageURL)))
		}
	}
	if p.SendObjectEncoding {
		props = append(props, amf0.Prop("objectEncoding", amf0.Number(p.ObjectEncoding)))
	}
	props = append(props, p.Extra...)
	vals := make([]amf0.Value, 0, 3+len(p.Args))
	vals = append(vals, amf0.String("connect"), amf0.Number(1), amf0.Object(props...))
	vals = append(vals, p.Args...)
	return &Command{Values: vals}
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// Result builds a "_result" reply to transaction tid.
func Result(tid float64, obj amf0.Value, args ...amf0.Value) *Command {
	return reply("_result", tid, obj, args)
}

// ErrorResult builds an "_error" reply to transaction tid.
func ErrorResult(tid float64, obj amf0.Value, args ...amf0.Value) *Command {
	return reply("_error", tid, obj, args)
}

func reply(name string, tid float64, obj amf0.Value, args []amf0.Value) *Command {
	vals := make([]amf0.Value, 0, 3+len(args))
	vals = append(vals, amf0.String(name), amf0.Number(tid), obj)
	return &Command{Values: append(vals, args...)}
}

// StatusObject builds the information object of onStatus and of connect's
// reply: level ("status", "error" or "warning"), code and description in
// that order, then extra properties.
func StatusObject(level, code, description string, extra ...amf0.Property) amf0.Value {
	props := make([]amf0.Property, 0, 3+len(extra))
	props = append(props,
		amf0.Prop("level", amf0.String(level)),
		amf0.Prop("code", amf0.String(code)),
		amf0.Prop("description", amf0.String(description)),
	)
	return amf0.Object(append(props, extra...)...)
}

// ConnectResult builds the reply servers send to a successful connect:
// "_result", tid (the connect's, usually 1), {fmsVer, capabilities}, {level "status", code
// "NetConnection.Connect.Success", description "Connection succeeded.",
// objectEncoding}. fmsVer is typically "FMS/3,0,1,123" and capabilities 31.
func ConnectResult(tid float64, fmsVer string, capabilities, objectEncoding float64) *Command {
	return Result(tid,
		amf0.Object(
			amf0.Prop("fmsVer", amf0.String(fmsVer)),
			amf0.Prop("capabilities", amf0.Number(capabilities)),
		),
		StatusObject("status", "NetConnection.Connect.Success", "Connection succeeded.",
			amf0.Prop("objectEncoding", amf0.Number(objectEncoding))),
	)
}

// CreateStream builds "createStream", tid, null.
func CreateStream(tid float64) *Command {
	return &Command{Values: []amf0.Value{amf0.String("createStream"), amf0.Number(tid), amf0.Null()}}
}

// CreateStreamResult builds the reply carrying the new message stream ID:
// "_result", tid, null, streamID.
func CreateStreamResult(tid, streamID float64) *Command {
	return Result(tid, amf0.Null(), amf0.Number(streamID))
}

// Publish builds "publish", tid, null, name, publishType, as FFmpeg and
// librtmp send it. publishType is "live", "record" or "append".
func Publish(tid float64, name, publishType string) *Command {
	return &Command{Values: []amf0.Value{amf0.String("publish"), amf0.Number(tid), amf0.Null(),
		amf0.String(name), amf0.String(publishType)}}
}

// Play builds "play", tid, null, name, start. start is in seconds as the
// specification has it: -2 live or recorded, -1 live only, 0 or more a
// recorded stream from that point; FFmpeg and librtmp write it in
// milliseconds (-2000, -1000).
func Play(tid float64, name string, start float64) *Command {
	return &Command{Values: []amf0.Value{amf0.String("play"), amf0.Number(tid), amf0.Null(),
		amf0.String(name), amf0.Number(start)}}
}

// DeleteStream builds "deleteStream", tid, null, streamID.
func DeleteStream(tid, streamID float64) *Command {
	return &Command{Values: []amf0.Value{amf0.String("deleteStream"), amf0.Number(tid), amf0.Null(), amf0.Number(streamID)}}
}

// OnStatus builds "onStatus", 0, null, {level, code, description, extra...}
// as servers send it on a stream (for example level "status", code
// "NetStream.Publish.Start").
func OnStatus(level, code, description string, extra ...amf0.Property) *Command {
	return &Command{Values: []amf0.Value{amf0.String("onStatus"), amf0.Number(0), amf0.Null(),
		StatusObject(level, code, description, extra...)}}
}

// SetDataFrame builds the data message a publisher sends its metadata in:
// "@setDataFrame", "onMetaData", then an ECMA array of props (duration,
// width, height, videocodecid, ... as FFmpeg and OBS write them).
func SetDataFrame(props ...amf0.Property) *Data {
	return &Data{Values: []amf0.Value{amf0.String("@setDataFrame"), amf0.String("onMetaData"), amf0.ECMAArray(props...)}}
}

// OnMetaData builds the data message a server passes on to players:
// "onMetaData", then an ECMA array of props.
func OnMetaData(props ...amf0.Property) *Data {
	return &Data{Values: []amf0.Value{amf0.String("onMetaData"), amf0.ECMAArray(props...)}}
}
