package message

// UserControl is message type 0x04: a u16 event type and the event's data.
// Which fields carry the data depends on Event; the others stay zero.
//
// Events with a fixed layout (every EventType the spec table lists) must
// carry exactly that many data bytes: fewer is io.ErrUnexpectedEOF, more is
// wire.ErrTrailingBytes. Event types outside the table keep their data, of
// any length, in Data.
type UserControl struct {
	Event EventType

	// StreamID is the stream the event is about: Stream Begin, Stream EOF,
	// Stream Dry, Set Buffer Length, Stream Is Recorded, Buffer Empty and
	// Buffer Ready.
	StreamID uint32
	// BufferLength is Set Buffer Length's buffer size in milliseconds.
	BufferLength uint32
	// Timestamp is the Ping Request / Ping Response time.
	Timestamp uint32
	// SWFVerify is the SWF Verification Response's 42 bytes.
	SWFVerify SWFVerifyResponse
	// Data is the event data of an event type outside the table, as sent
	// (aliases the decoded input). It is ignored for known event types.
	Data []byte
}

// Type reports TypeUserControl.
func (*UserControl) Type() MessageType { return TypeUserControl }

// Size returns the exact number of bytes Append writes.
func (m *UserControl) Size() int {
	if n := m.Event.DataSize(); n >= 0 {
		return UserControlHeaderLen + n
	}
	return UserControlHeaderLen + len(m.Data)
}

// Append appends the wire form of m to b.
func (m *UserControl) Append(b []byte) ([]byte, error) {
	h := UserControlHeader{Event: m.Event}
	b, _ = h.Append(b)
	switch m.Event {
	case EventStreamBegin:
		return (&StreamBegin{StreamID: m.StreamID}).Append(b)
	case EventStreamEOF:
		return (&StreamEOF{StreamID: m.StreamID}).Append(b)
	case EventStreamDry:
		return (&StreamDry{StreamID: m.StreamID}).Append(b)
	case EventSetBufferLength:
		return (&SetBufferLength{StreamID: m.StreamID, BufferLength: m.BufferLength}).Append(b)
	case EventStreamIsRecorded:
		return (&StreamIsRecorded{StreamID: m.StreamID}).Append(b)
	case EventPingRequest:
		return (&PingRequest{Timestamp: m.Timestamp}).Append(b)
	case EventPingResponse:
		return (&PingResponse{Timestamp: m.Timestamp}).Append(b)
	case EventSWFVerifyRequest:
		return b, nil
	case EventSWFVerifyResponse:
		return m.SWFVerify.Append(b)
	case EventBufferEmpty:
		return (&BufferEmpty{StreamID: m.StreamID}).Append(b)
	case EventBufferReady:
		return (&BufferReady{StreamID: m.StreamID}).Append(b)
	}
	return append(b, m.Data...), nil
}

// DecodeAll decodes a whole User Control payload into m. Errors name the
// field as UserControl.<Layout>.<Field> with the offset in payload.
func (m *UserControl) DecodeAll(payload []byte) error {
	*m = UserControl{}
	var h UserControlHeader
	n, err := h.Decode(payload)
	if err != nil {
		return reframe(err, "UserControl", 0)
	}
	m.Event = h.Event
	data := payload[n:]
	switch h.Event {
	case EventStreamBegin:
		var v StreamBegin
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	case EventStreamEOF:
		var v StreamEOF
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	case EventStreamDry:
		var v StreamDry
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	case EventSetBufferLength:
		var v SetBufferLength
		err = v.DecodeAll(data)
		m.StreamID, m.BufferLength = v.StreamID, v.BufferLength
	case EventStreamIsRecorded:
		var v StreamIsRecorded
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	case EventPingRequest:
		var v PingRequest
		err = v.DecodeAll(data)
		m.Timestamp = v.Timestamp
	case EventPingResponse:
		var v PingResponse
		err = v.DecodeAll(data)
		m.Timestamp = v.Timestamp
	case EventSWFVerifyRequest:
		var v SWFVerifyRequest
		err = v.DecodeAll(data)
	case EventSWFVerifyResponse:
		err = m.SWFVerify.DecodeAll(data)
	case EventBufferEmpty:
		var v BufferEmpty
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	case EventBufferReady:
		var v BufferReady
		err = v.DecodeAll(data)
		m.StreamID = v.StreamID
	default:
		m.Data = data
	}
	if err != nil {
		return reframe(err, "UserControl", n)
	}
	return nil
}
