// Package media reads and writes the headers of audio and video messages
// (RTMP message types 8 and 9, FLV audio and video tags): the legacy FLV
// forms (sound format, rate, size and type; AAC and AVC packet types;
// composition time; video commands) and Enhanced RTMP v1 and v2 (FourCC
// codecs and packet types, ModEx blocks such as the nanosecond timestamp
// offset, multitrack messages in all three layouts, the multichannel
// configuration, video metadata). It also reads and builds the Enhanced
// RTMP capabilities of connect and its _result.
//
// Every header decodes to a struct that records each wire choice, so
// Append writes back the bytes it came from: a ModEx size in the long form,
// an unknown packet type, FourCC or multitrack layout, bytes after a video
// command. The codec data after the headers stays bytes (Body, and each
// Track's Body), aliasing the input. DecodeAll reuses the ModEx and Tracks
// slices of the struct it decodes into, so a reused VideoTag or AudioTag
// decodes without allocating.
//
// What the numbers mean lives in spec/media.json: the generated enums
// (SoundFormat, VideoCodec, VideoPacketType, FourCC, ...) name every value
// and carry the facts the parser follows, such as which codecs put a
// composition time in front of coded frames (FourCC.HasCompositionTime).
package media
