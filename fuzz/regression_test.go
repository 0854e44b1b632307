package fuzz

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
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

// The reference reassembler reads a stream whose messages are known from
// RTMP 1.0 §5.3.1.2: an extended delta on fmt 1, then a fmt 3 chunk
// starting a message that re-applies it.
func TestRefReassembleKnownStream(t *testing.T) {
	msgs, ok := refReassemble(testkit.MustHex("02 000000 000001 09 01000000 aa 42 ffffff 000001 09 01000000 bb c2 01000000 cc"), 128)
	want := []refMessage{
		{csid: 2, timestamp: 0, length: 1, typ: 9, streamID: 1, payload: []byte{0xaa}, discarded: -1},
		{csid: 2, timestamp: 0x01000000, length: 1, typ: 9, streamID: 1, payload: []byte{0xbb}, discarded: -1},
		{csid: 2, timestamp: 0x02000000, length: 1, typ: 9, streamID: 1, payload: []byte{0xcc}, discarded: -1},
	}
	if !ok || fmt.Sprint(msgs) != fmt.Sprint(want) {
		t.Fatalf("got %+v (clean %v), want %+v", msgs, ok, want)
	}
}

// BuildChunks reaches what the chunk layer has: every basic-header form,
// every fmt starting a message, extended timestamps on fmt 0-3, several
// messages in progress at once, Set Chunk Size, an Abort dropping a
// message, and streams ending inside messages.
func TestBuildChunksReachesEveryForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]int{}
	for i := range 400 {
		data := make([]byte, 40+rng.IntN(300))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		if i < 4 {
			seeds, _ := ChunkBuildSeeds()
			data = seeds[i][0].([]byte)
		}
		built := BuildChunks(data)
		if err := ChunkBuilt(data); err != nil {
			t.Fatalf("input %x: %v", data, err)
		}
		if built.open {
			seen["ends open"]++
		}
		if built.interleaved > 0 {
			seen["chunks interleaved"]++
		}
		rd := chunk.NewReader(bytes.NewReader(built.stream), nil)
		for {
			m, err := rd.ReadMessage()
			if err != nil {
				break
			}
			first := m.Chunks[0]
			seen[fmt.Sprintf("message starts with fmt %d", first.Format)]++
			for _, h := range m.Chunks {
				seen[fmt.Sprintf("basic header form %d", h.Form)]++
				if h.Extended {
					seen[fmt.Sprintf("extended timestamp on fmt %d", h.Format)]++
				}
			}
			if len(m.Chunks) > 1 || m.Chunks[0].Count > 1 {
				seen["message in several chunks"]++
			}
			if m.Type == 1 {
				seen["Set Chunk Size"]++
			}
			if m.Discarded != nil {
				seen["Abort dropped a message"]++
			}
		}
	}
	for _, want := range []string{"ends open", "message starts with fmt 0", "message starts with fmt 1", "message starts with fmt 2",
		"message starts with fmt 3", "basic header form 1", "basic header form 2", "basic header form 3",
		"extended timestamp on fmt 0", "extended timestamp on fmt 1", "extended timestamp on fmt 2", "extended timestamp on fmt 3",
		"message in several chunks", "chunks interleaved", "Set Chunk Size", "Abort dropped a message"} {
		if seen[want] == 0 {
			t.Errorf("never: %s (seen: %v)", want, seen)
		}
	}
}

// Every value the refusal properties pick is refused as they say, whatever
// the parameter byte: the encoders keep the convention for each.
func TestEveryRefusalRefused(t *testing.T) {
	for sel := range 24 {
		for _, p := range []byte{0, 1, 255} {
			for name, f := range map[string]func([]byte) error{"amf3": AMF3Refused, "chunk": ChunkRefused, "media": MediaRefused, "sharedobject": SharedObjectRefused} {
				if err := f([]byte{byte(sel), p}); err != nil {
					t.Errorf("%s %d/%d: %v", name, sel, p, err)
				}
			}
		}
	}
}
