//go:build gofuzz

package fuzz

import (
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// go-fuzz entry points for the message layer. Each checks the same
// properties as the native target of the same family; the first input byte
// picks the type ID where the family has more than one. They return 1 for
// inputs that decoded (worth keeping in the corpus) and 0 otherwise, and
// panic when a property fails so go-fuzz records a crasher.

func goFuzzMessage(typ rtmp.MessageType, payload []byte, built message.Message) int {
	if err := MessageRoundTrip(typ, payload); err != nil {
		panic(err)
	}
	if built != nil {
		if err := MessageBuiltRoundTrip(built); err != nil {
			panic(err)
		}
	}
	if _, err := message.Decode(typ, payload); err != nil {
		return 0
	}
	return 1
}

// FuzzGoMessageControl: protocol control messages 1, 2, 3, 5, 6.
func FuzzGoMessageControl(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	return goFuzzMessage(controlTypes[int(data[0])%len(controlTypes)], data[1:], BuildControl(data))
}

// FuzzGoMessageUserControl: user control messages.
func FuzzGoMessageUserControl(data []byte) int {
	return goFuzzMessage(rtmp.TypeUserControl, data, BuildUserControl(data))
}

// FuzzGoMessageAggregate: aggregate messages.
func FuzzGoMessageAggregate(data []byte) int {
	return goFuzzMessage(rtmp.TypeAggregate, data, BuildAggregate(data))
}

// FuzzGoMessageMedia: audio (first byte even) and video (odd) messages.
func FuzzGoMessageMedia(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	if data[0]&1 == 1 {
		return goFuzzMessage(rtmp.TypeVideo, data[1:], &message.Video{Payload: data[1:]})
	}
	return goFuzzMessage(rtmp.TypeAudio, data[1:], &message.Audio{Payload: data[1:]})
}

// FuzzGoMessageAny: any type ID, from the first byte.
func FuzzGoMessageAny(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	return goFuzzMessage(rtmp.MessageType(data[0]), data[1:], nil)
}

// FuzzGoSharedObject: shared object messages, 0x13 (first byte even) or
// 0x10 (odd).
func FuzzGoSharedObject(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	typ := rtmp.TypeSharedObjectAMF0
	if data[0]&1 == 1 {
		typ = rtmp.TypeSharedObjectAMF3
	}
	return goFuzzMessage(typ, data[1:], BuildSharedObject(data[1:]))
}

// FuzzGoMessageCommand: commands and data, 0x14, 0x12, 0x11 or 0x0F by the
// first byte.
func FuzzGoMessageCommand(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	typ := [...]rtmp.MessageType{rtmp.TypeCommandAMF0, rtmp.TypeDataAMF0, rtmp.TypeCommandAMF3, rtmp.TypeDataAMF3}[data[0]%4]
	return goFuzzMessage(typ, data[1:], BuildCommand(data[1:]))
}
