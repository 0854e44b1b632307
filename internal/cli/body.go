package cli

import (
	"encoding/hex"
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
)

// bodyView decodes a payload as its message type for display. A payload
// that does not decode gives the error text instead; the bytes are still in
// the document.
func bodyView(t rtmp.MessageType, payload []byte, lim amfOptions) (*Body, string) {
	d := message.Decoder{AMF0: lim.Limits, AMF3Scope: lim.scope}
	m, err := d.Decode(t, payload)
	if err != nil {
		return nil, err.Error()
	}
	switch v := m.(type) {
	case *rtmp.SetChunkSize:
		return &Body{Kind: KindSetChunkSize, ChunkSize: u32(v.ChunkSize)}, ""
	case *rtmp.Abort:
		return &Body{Kind: KindAbort, ChunkStreamID: u32(v.ChunkStreamID)}, ""
	case *rtmp.Acknowledgement:
		return &Body{Kind: KindAcknowledgement, SequenceNumber: u32(v.SequenceNumber)}, ""
	case *rtmp.WindowAckSize:
		return &Body{Kind: KindWindowAckSize, WindowSize: u32(v.WindowSize)}, ""
	case *rtmp.SetPeerBandwidth:
		lt := uint8(v.Limit)
		return &Body{Kind: KindSetPeerBandwidth, WindowSize: u32(v.WindowSize), LimitType: &lt, LimitName: v.Limit.String()}, ""
	case *message.UserControl:
		return userControlView(v), ""
	case *message.Command:
		return amfSequenceView(KindCommand, v.Extended, v.Values), ""
	case *message.Data:
		return amfSequenceView(KindData, v.Extended, v.Values), ""
	case *message.SharedObject:
		return &Body{Kind: KindSharedObject, SharedObject: sharedObjectView(&v.Message)}, ""
	case *message.Audio:
		return audioView(v.Payload), ""
	case *message.Video:
		return videoView(v.Payload, lim), ""
	case *message.Aggregate:
		b := &Body{Kind: KindAggregate}
		for _, s := range v.Subs {
			ts := s.Header.Timestamp | uint32(s.Header.TimestampHigh)<<24
			sd := SubMessageDoc{
				Type: uint8(s.Header.Type), TypeName: s.Header.Type.String(), Timestamp: ts,
				StreamID: s.Header.StreamID, Length: len(s.Payload), BackPointer: s.BackPointer,
			}
			if s.Header.Type != rtmp.TypeAggregate {
				// An aggregate inside an aggregate is not viewed: its
				// nesting would be the input's to choose.
				sd.Body, sd.BodyError = bodyView(s.Header.Type, s.Payload, lim)
			}
			b.SubMessages = append(b.SubMessages, sd)
		}
		return b, ""
	case *message.Raw:
		return &Body{Kind: KindRaw, Note: fmt.Sprintf("type %v has no defined payload layout; %d bytes kept as sent", t, len(v.Payload))}, ""
	}
	return &Body{Kind: KindRaw, Note: fmt.Sprintf("%d bytes", len(payload))}, ""
}

func userControlView(v *message.UserControl) *Body {
	ev := uint16(v.Event)
	b := &Body{Kind: KindUserControl, Event: &ev, EventName: v.Event.String()}
	d := &EventDataDoc{}
	switch v.Event {
	case message.EventStreamBegin, message.EventStreamEOF, message.EventStreamDry, message.EventStreamIsRecorded,
		message.EventBufferEmpty, message.EventBufferReady:
		d.StreamID = u32(v.StreamID)
	case message.EventSetBufferLength:
		d.StreamID, d.BufferLengthMS = u32(v.StreamID), u32(v.BufferLength)
	case message.EventPingRequest, message.EventPingResponse:
		d.Timestamp = u32(v.Timestamp)
	case message.EventSWFVerifyResponse:
		d.SWFSize, d.SWFSizeRepeat = u32(v.SWFSize), u32(v.SWFSizeRepeat)
		b.RawData = hex.EncodeToString(v.Digest[:])
	case message.EventSWFVerifyRequest:
	default:
		b.RawData = hex.EncodeToString(v.Data)
	}
	if *d != (EventDataDoc{}) {
		b.EventData = d
	}
	return b
}

func amfSequenceView(kind BodyKind, extended bool, vals []amf0.Value) *Body {
	b := &Body{Kind: kind, Values: valuesToJSON(vals)}
	if extended {
		zero := uint8(0)
		b.FormatByte = &zero
	}
	if len(vals) > 0 {
		if s, ok := vals[0].Str(); ok {
			b.Name = s
		}
	}
	if kind == KindCommand && len(vals) > 1 {
		tid := toJSON(vals[1])
		b.TransactionID = &tid
	}
	return b
}

func sharedObjectView(m *sharedobject.Message) *SharedObjectDoc {
	so := &SharedObjectDoc{
		Name:    string(m.Header.Name),
		Version: m.Header.Version,
		Flags:   hex.EncodeToString(m.Header.Flags[:]),
		Events:  []SOEvent{},
	}
	if m.AMF3 {
		f := m.Format
		so.Format = &f
	}
	for i := range m.Events {
		e := &m.Events[i]
		ev := SOEvent{Type: uint8(e.Type), TypeName: e.Type.String(), Name: string(e.Name), Code: string(e.Code), Level: string(e.Level)}
		for _, p := range e.Pairs {
			ev.Pairs = append(ev.Pairs, SOPair{Name: string(p.Name), Value: toJSON(p.Value)})
		}
		if len(e.Values) > 0 {
			ev.Values = valuesToJSON(e.Values)
		}
		if e.Reason != nil {
			ev.Raw = hex.EncodeToString(e.Raw)
			ev.Flag = "data kept raw: " + e.Reason.Error()
		}
		ev.Length = uint32(eventDataLen(e))
		so.Events = append(so.Events, ev)
	}
	return so
}

// eventDataLen is the event's data length as its encoding gives it.
func eventDataLen(e *sharedobject.Event) int {
	one := sharedobject.Message{Events: []sharedobject.Event{*e}}
	return one.Size() - sharedobject.EventHeaderLen - (&sharedobject.Message{}).Size()
}

func u8(v uint8) *uint8 { return &v }
