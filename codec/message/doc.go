// Package message turns the payload of a reassembled chunk-stream message
// into its typed form and back, byte for byte.
//
// Every type ID has a decoder, including the ones the specification leaves
// undefined (0x07, 0x0A-0x0E, 0x15) and anything above 0x16: those come back
// as *Raw with their payload untouched, never as an error. The entry points
// are Decode (allocates the typed value), Decoder.Decode (reuses storage held
// by the Decoder, so steady-state decoding of control messages and commands
// does not allocate) and Append, which writes any Message back.
//
// Decoded values alias the payload they came from: byte slices and strings
// point into it and stay valid as long as it does. Values a Decoder returns
// are valid until its next Decode call.
//
// Where the wire carries something the specification forbids but that a
// peer could still mean, the decoder keeps it and says so instead of
// failing: a Set Peer Bandwidth limit type outside 0-2 (LimitType.Defined),
// an aggregate back pointer that does not match its sub-message
// (SubMessage.BackPointerValid), an Enhanced RTMP media header (ExHeader in
// the tag views). Where the layout is fixed by the specification and the
// bytes do not fit it (a four-byte control message with three or five
// bytes, a known user control event with the wrong data length, a format
// byte other than 0 in 0x0F/0x11), Decode returns a *wire.Error naming the
// message type and field in Field and the byte in Offset, counted from the
// start of the payload.
package message
