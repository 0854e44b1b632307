// Package rtmp holds the vocabulary every RTMP layer shares: the message
// type IDs a chunk header carries, and the protocol control messages of
// RTMP 1.0 §5.4 (Set Chunk Size, Abort, Acknowledgement, Window
// Acknowledgement Size, Set Peer Bandwidth).
//
// It is a leaf: the chunk layer needs the type IDs and applies Set Chunk
// Size and Abort itself, without compiling the AMF0, message or shared
// object codecs. Everything here is generated from spec/rtmp.json.
package rtmp
