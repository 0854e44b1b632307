package sharedobject

import "github.com/rtmpcodec/rtmpcodec/codec/wire"

// amfData holds the AMF-valued part of an event. Until the AMF0 package
// lands, such data is kept raw.
type amfData struct{}

func (a *amfData) size(EventType) int { return 0 }

func (a *amfData) append(b []byte, _ EventType) ([]byte, error) { return b, nil }

func (a *amfData) decode([]byte, EventType) error {
	return &wire.Error{Layer: "sharedobject", Field: "Data", Expected: "AMF0 values (not decoded yet)", Err: wire.ErrUnsupported}
}
