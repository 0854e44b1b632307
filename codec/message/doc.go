// Package message turns the payload of a reassembled chunk-stream message
// into its typed form and back, byte for byte.
//
//	0x01 Set Chunk Size, 0x02 rtmp.Abort,    *rtmp.SetChunkSize, *rtmp.Abort,
//	0x03 rtmp.Acknowledgement,               *rtmp.Acknowledgement,
//	0x05 Window Ack Size,               *rtmp.WindowAckSize,
//	0x06 Set Peer Bandwidth             *rtmp.SetPeerBandwidth (the generated layouts)
//	0x04 User Control                   *UserControl
//	0x08 Audio, 0x09 Video              *Audio, *Video (payload, plus Tag views)
//	0x14 / 0x11 Command                 *Command (Extended for 0x11)
//	0x12 / 0x0F Data                    *Data (Extended for 0x0F)
//	0x13 / 0x10 Shared Object           *SharedObject (AMF3 for 0x10)
//	0x16 Aggregate                      *Aggregate
//	anything else                       *Raw
//
// Every type ID has a decoder, including the ones the specification leaves
// undefined (0x07, 0x0A-0x0E, 0x15) and anything above 0x16: those come back
// as *Raw with their payload untouched, never as an error. The entry points
// are Decode (allocates the typed value), Decoder.Decode (reuses storage held
// by the Decoder, so steady-state decoding does not allocate) and Append,
// which writes any Message back. Builders (Connect, Result, ErrorResult,
// CreateStream, Publish, Play, DeleteStream, OnStatus, SetDataFrame,
// OnMetaData, NewSubMessage) make the messages clients and servers send.
//
// Decoded values alias the payload they came from: byte slices and strings
// point into it and stay valid as long as it does. Values a Decoder returns
// also use its storage and are valid until its next Decode call.
//
// Where the wire carries something the specification forbids but that a
// peer could still mean, the decoder keeps it and says so instead of
// failing: a Set Peer Bandwidth limit type outside 0-2 (Limit.Defined()
// reports false), an aggregate back pointer that does not match its
// sub-message (SubMessage.BackPointerValid, Aggregate.CheckBackPointers), an
// Enhanced RTMP media header (ExHeader in the tag views), shared-object
// event data its layout does not explain (sharedobject.Event.Reason). Where
// the layout is fixed and the bytes do not fit it (a four-byte control
// message with three or five bytes, a known user control event with the
// wrong data length, a format byte other than 0 in 0x0F/0x11, a command
// whose first value is not a string, an aggregate or shared-object length
// that runs past the payload), Decode returns a *wire.Error whose Field
// starts with the message type's constant name without "Type" (rtmp.SetChunkSize,
// UserControl, Aggregate, CommandAMF0, DataAMF3, SharedObjectAMF0, ...) and
// whose Offset counts from the start of the payload.
package message
