// Package chunk reads and writes the RTMP chunk stream: the layer that cuts
// messages into chunks, multiplexes them over chunk stream IDs (csid) and
// compresses their headers (RTMP 1.0 §5.3, with the RTMP Errata and Addenda
// of 2024).
//
// There are three ways in, all driven by the same state machine, so they
// agree on every input:
//
//   - Decoder.DecodeChunk and Decoder.Decode take bytes from a slice and
//     report how many they used, in the manner of bufio.SplitFunc: with
//     atEOF false a short slice means "give me more", with atEOF true it
//     means the stream ends there.
//   - Reader wraps an io.Reader and returns whole messages.
//   - Encoder, Writer and AppendChunk write chunks back.
//
// Every decoded message carries a lossless record of the chunks it arrived
// in (Message.Chunks: fmt, basic-header form, extended timestamp, payload
// size per chunk), so that writing it again reproduces the input byte for
// byte. A message without a record is chunked the way a careful sender does:
// the smallest correct header per chunk stream, split at the current chunk
// size.
//
// Memory: a returned Message, Chunk, payload and record stay valid until
// the next call on the same Decoder or Reader. Buffers grow only as bytes
// arrive, never from a declared length, and the bytes held in partially
// received messages are bounded by Options.MaxPartialBytes.
package chunk
