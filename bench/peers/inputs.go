package peers

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"
)

// connectChunkHex is the client's connect command exactly as seed 000
// (seeds/000_a5a54de71b6b1870.txt, Milan Toth's capture) dumps it: a
// 12-byte fmt-0 header on csid 3 (length 0x000136 = 310, type 0x14, stream
// 0), then the 310 payload bytes cut at the default chunk size of 128, so
// two 0xC3 continuation headers sit inside the object.
const connectChunkHex = "" +
	"030000000001361400000000020007636f6e6e656374003ff000000000000003" +
	"00036170700200066d696c6772610008666c61736856657202000c4d41432039" +
	"2c302c32382c30000673776655726c02005d66696c653a2f2f2f55736572732f" +
	"6d696c616e746f74682f53746f72652f446576656c6f706d656e742f576f726b" +
	"73706163652f4a61736d696ec3536f757263652f62696e2f54657374436f6e6e" +
	"656374696f6e2d64656275672e7377660005746355726c02001772746d703a2f" +
	"2f6c6f63616c686f73742f6d696c6772610004667061640100000b617564696f" +
	"436f64656373004083380000000000000b766964656f436f6465637300405f00" +
	"0000000000000d766964656f46c3756e6374696f6e003ff00000000000000007" +
	"7061676555726c06000e6f626a656374456e636f64696e670000000000000000" +
	"00000009"

// ConnectChunks returns the 324 bytes of seed 000's connect command as it
// travelled: header, payload and the two continuation headers.
func ConnectChunks() []byte {
	b, err := hex.DecodeString(connectChunkHex)
	if err != nil {
		panic(err) // a constant: only an edit of this file can get here
	}
	return b
}

// Connect returns the 310-byte AMF0 payload of seed 000's connect command:
// "connect", 1, {app: "milgra", flashVer: "MAC 9,0,28,0", swfUrl, tcUrl,
// fpad: false, audioCodecs: 615, videoCodecs: 124, videoFunction: 1,
// pageUrl: undefined, objectEncoding: 0}. The chunk headers are cut out
// by position (12-byte header, then a 1-byte header every 128 bytes), not
// by any implementation under test.
func Connect() []byte {
	c := ConnectChunks()
	const hdr, cs = 12, 128
	p := make([]byte, 0, len(c))
	for i := hdr; i < len(c); {
		if i > hdr {
			i++ // the fmt-3 basic header of a continuation chunk
		}
		n := min(cs, len(c)-i)
		p = append(p, c[i:i+n]...)
		i += n
	}
	return p
}

// OnMetaData returns a ~1.3 KB data message payload of the shape encoders
// send after @setDataFrame: the string "onMetaData", then an ECMA array
// of 20 keys (numbers, booleans, a string) whose last key holds a strict
// array of 100 numbers (keyframe times). It is written here byte by byte,
// so no implementation under test shapes its own input.
func OnMetaData() []byte {
	var w amfWriter
	w.str("onMetaData")
	w.b = append(w.b, 0x08)
	w.u32(20)
	w.key("duration")
	w.num(3600.48)
	w.key("width")
	w.num(1920)
	w.key("height")
	w.num(1080)
	w.key("videodatarate")
	w.num(4500)
	w.key("framerate")
	w.num(29.97)
	w.key("videocodecid")
	w.num(7)
	w.key("audiodatarate")
	w.num(160)
	w.key("audiosamplerate")
	w.num(48000)
	w.key("audiosamplesize")
	w.num(16)
	w.key("stereo")
	w.boolean(true)
	w.key("audiocodecid")
	w.num(10)
	w.key("encoder")
	w.str("Lavf58.29.100")
	w.key("filesize")
	w.num(2025000000)
	w.key("hasVideo")
	w.boolean(true)
	w.key("hasAudio")
	w.boolean(true)
	w.key("hasMetadata")
	w.boolean(true)
	w.key("canSeekToEnd")
	w.boolean(false)
	w.key("lasttimestamp")
	w.num(3600.44)
	w.key("lastkeyframetimestamp")
	w.num(3598.4)
	w.key("keyframetimes")
	w.b = append(w.b, 0x0A)
	w.u32(100)
	for i := range 100 {
		w.num(float64(i) * 36.0036)
	}
	w.b = append(w.b, 0x00, 0x00, 0x09)
	return w.b
}

type amfWriter struct{ b []byte }

func (w *amfWriter) u32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }

func (w *amfWriter) key(k string) {
	w.b = binary.BigEndian.AppendUint16(w.b, uint16(len(k)))
	w.b = append(w.b, k...)
}

func (w *amfWriter) str(s string) {
	w.b = append(w.b, 0x02)
	w.key(s)
}

func (w *amfWriter) num(f float64) {
	w.b = append(w.b, 0x00)
	w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(f))
}

func (w *amfWriter) boolean(v bool) {
	var x byte
	if v {
		x = 1
	}
	w.b = append(w.b, 0x01, x)
}

// AMF0Input is one AMF0 payload under test.
type AMF0Input struct {
	Name    string
	Payload []byte
}

// AMF0Inputs returns the AMF0 payloads in benchmark order.
func AMF0Inputs() []AMF0Input {
	return []AMF0Input{
		{Name: "connect", Payload: Connect()},
		{Name: "onMetaData", Payload: OnMetaData()},
		{Name: "call3", Payload: Call3()},
	}
}

// The video chunk stream: VideoMessages messages of VideoMessageSize bytes
// on one chunk stream, each VideoDelta ms after the previous one.
const (
	VideoMessages    = 1000
	VideoMessageSize = 4000
	VideoCSID        = 6
	VideoStreamID    = 1
	VideoTypeID      = 9
	VideoDelta       = 40
)

// Segment locates one chunk's payload bytes inside VideoStream.Bytes.
type Segment struct{ Off, Len int }

// VideoStream is a chunk stream of VideoMessages video messages.
type VideoStream struct {
	Name      string // "cs128", "cs4096"
	ChunkSize int
	// Bytes is the chunk stream: message 0 opens with a fmt-0 header
	// (timestamp 0), message 1 with fmt 2 (delta VideoDelta), messages
	// 2.. with fmt 3 (same delta again); every later chunk of a message
	// has a fmt-3 header.
	Bytes []byte
	// Payload holds every message's payload back to back; message i is
	// Payload[i*VideoMessageSize:(i+1)*VideoMessageSize].
	Payload []byte
	// Segments lists where each chunk's payload sits in Bytes, in stream
	// order; the copy floor copies exactly these ranges.
	Segments []Segment
}

// Message returns message i's payload.
func (s *VideoStream) Message(i int) []byte {
	return s.Payload[i*VideoMessageSize : (i+1)*VideoMessageSize]
}

// NewVideoStream builds the stream for one chunk size (at most 4096 here,
// so one chunk never holds more than one message).
func NewVideoStream(chunkSize int) *VideoStream {
	s := &VideoStream{Name: "cs" + strconv.Itoa(chunkSize), ChunkSize: chunkSize}
	s.Payload = make([]byte, VideoMessages*VideoMessageSize)
	// xorshift64: cheap, deterministic, and never long runs of one byte.
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < len(s.Payload); i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		binary.LittleEndian.PutUint64(s.Payload[i:], x)
	}
	perMsg := (VideoMessageSize + chunkSize - 1) / chunkSize
	b := make([]byte, 0, len(s.Payload)+VideoMessages*(perMsg+11))
	for m := range VideoMessages {
		switch m {
		case 0:
			b = append(b, 0x00<<6|VideoCSID)
			b = append(b, 0, 0, 0)                                       // timestamp 0
			b = append(b, 0, VideoMessageSize>>8, VideoMessageSize&0xFF) // u24 length
			b = append(b, VideoTypeID)
			b = binary.LittleEndian.AppendUint32(b, VideoStreamID)
		case 1:
			b = append(b, 0x02<<6|VideoCSID, 0, 0, VideoDelta)
		default:
			b = append(b, 0x03<<6|VideoCSID)
		}
		p := s.Message(m)
		for off := 0; off < len(p); off += chunkSize {
			if off > 0 {
				b = append(b, 0x03<<6|VideoCSID)
			}
			n := min(chunkSize, len(p)-off)
			s.Segments = append(s.Segments, Segment{Off: len(b), Len: n})
			b = append(b, p[off:off+n]...)
		}
	}
	s.Bytes = b
	return s
}

// VideoStreams returns the chunk streams in benchmark order.
func VideoStreams() []*VideoStream {
	return []*VideoStream{NewVideoStream(128), NewVideoStream(4096)}
}
