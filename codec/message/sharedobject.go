package message

import (
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
)

// SharedObject is message type 0x13 (AMF0 values) or 0x10 (AMF3 values,
// Message.AMF3 set): a shared object header and its events. The layout is
// package sharedobject's; this type only gives it a message type ID.
type SharedObject struct {
	sharedobject.Message
}

// Type reports rtmp.TypeSharedObjectAMF3 when AMF3 is set, else
// rtmp.TypeSharedObjectAMF0.
func (m *SharedObject) Type() rtmp.MessageType {
	if m.AMF3 {
		return rtmp.TypeSharedObjectAMF3
	}
	return rtmp.TypeSharedObjectAMF0
}

func (m *SharedObject) decode(md *Decoder, typ rtmp.MessageType, payload []byte) error {
	m.Limits, m.AMF3Scope = md.AMF0, md.AMF3Scope
	if typ == rtmp.TypeSharedObjectAMF3 {
		if err := m.DecodeAMF3(payload); err != nil {
			return reframe(err, "SharedObjectAMF3", 0)
		}
		return nil
	}
	if err := m.Message.Decode(payload); err != nil {
		return reframe(err, "SharedObjectAMF0", 0)
	}
	return nil
}
