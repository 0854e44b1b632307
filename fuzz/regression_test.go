package fuzz

import (
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
)

// The built-value oracle is not vacuous: a value carrying a field its
// encoding drops does not come back equal, and the property says so.
func TestMessageBuiltRoundTripCatchesLoss(t *testing.T) {
	lossy := []message.Message{
		&message.UserControl{Event: message.EventStreamBegin, StreamID: 1, Data: []byte{1, 2}},
		&message.UserControl{Event: message.EventPingRequest, StreamID: 7},
	}
	for _, m := range lossy {
		if err := MessageBuiltRoundTrip(m); err == nil {
			t.Errorf("%+v: a field lost in encoding went unnoticed", m)
		}
	}
	if err := MessageBuiltRoundTrip(&message.UserControl{Event: message.EventPingRequest, Timestamp: 7}); err != nil {
		t.Errorf("faithful value rejected: %v", err)
	}
}

// Regression (found by the command message target): BuildCommand nested typed objects
// without bound, so the built command encoded (amf0 encodes up to 10000
// levels) but did not decode (its decoder stops at 128).
func TestBuildCommandDeepTypedObjects(t *testing.T) {
	data := append([]byte("002000200000"), strings.Repeat("{", 3470)+"("...)
	if err := MessageBuiltRoundTrip(BuildCommand(data)); err != nil {
		t.Fatal(err)
	}
}
