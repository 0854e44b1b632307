// Package message turns the payload of a reassembled chunk-stream message
// into its typed form and back, byte for byte.
//
//	0x01 Set Chunk Size, 0x02 Abort,    *rtmp.SetChunkSize, *rtmp.Abort,
//	0x03 Acknowledgement,               *rtmp.Acknowledgement,
//	0x05 Window Ack Size,               *rtmp.WindowAckSize,
//	0x06 Set Peer Bandwidth             *rtmp.SetPeerBandwidth (package rtmp)
//	0x04 User Control                   *UserControl
//	0x08 Audio, 0x09 Video              *Audio, *Video (payload, plus Tag views)
//	0x14 / 0x11 Command                 *Command (Extended for 0x11)
//	0x12 / 0x0F Data                    *Data (Extended for 0x0F)
//	0x13 / 0x10 Shared Object           *SharedObject (AMF3 for 0x10)
//	0x16 Aggregate                      *Aggregate
//	anything else                       *Raw
//
// The table is spec/message.json's dispatch, generated into Decoder; IDs
// the specification leaves undefined come back as *Raw, never as an error.
// Decode allocates the typed value, Decoder.Decode reuses its own storage
// (valid until its next call), Append writes any Message back. Decoded
// values alias the payload they came from.
package message
