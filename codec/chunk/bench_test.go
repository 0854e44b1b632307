package chunk

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// cycle is an endless io.Reader over body, so a Reader reaches steady
// state (buffers sized, chunk streams known) and stays there.
type cycle struct {
	body []byte
	pos  int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := copy(p, c.body[c.pos:])
	c.pos += n
	if c.pos == len(c.body) {
		c.pos = 0
	}
	return n, nil
}

// videoBody is count video messages of size bytes on csid 6, 33 ms apart,
// chunked at chunkSize by the Encoder (fmt 0, then fmt 2, then fmt 3s).
func videoBody(tb testing.TB, count, size int, chunkSize uint32) []byte {
	e := NewEncoder()
	e.Reset(chunkSize)
	payload := bytes.Repeat([]byte{0x17, 0x01, 0x00}, size/3+1)[:size]
	var out []byte
	for i := 0; i < count; i++ {
		var err error
		out, err = e.AppendMessage(out, &Message{CSID: 6, Timestamp: uint32(i * 33), Type: rtmp.TypeVideo, StreamID: 1, Payload: payload})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// interleavedBody is count messages of size bytes on each of streams chunk
// streams, sent one chunk per stream in turn.
func interleavedBody(tb testing.TB, streams, size int, chunkSize uint32) []byte {
	payload := bytes.Repeat([]byte{0x42}, size)
	var out []byte
	var err error
	for pos := 0; pos < size; pos += int(chunkSize) {
		n := min(int(chunkSize), size-pos)
		for s := 0; s < streams; s++ {
			csid := uint32(3 + s)
			c := Chunk{CSID: csid, Header: Header{Format: Format3, Form: smallestForm(csid), Size: uint32(n), Count: 1},
				Length: uint32(size), Type: rtmp.TypeVideo, StreamID: 1, Fragment: payload[pos : pos+n]}
			if pos == 0 {
				c.Format = Format0
			}
			if out, err = AppendChunk(out, &c); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return out
}

const (
	benchCount = 1000
	benchSize  = 4000
)

func benchRead(b *testing.B, body []byte, opts *Options, msgs int, payloadBytes int64) {
	rd := NewReader(&cycle{body: body}, opts)
	for i := 0; i < msgs; i++ { // warm up: one pass
		if _, err := rd.ReadMessage(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(payloadBytes)
	b.ReportAllocs()
	for b.Loop() {
		for i := 0; i < msgs; i++ {
			if _, err := rd.ReadMessage(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRead reads 1000 x 4000-byte video messages; MB/s counts payload
// bytes. BenchmarkCopyPayload is the same payload bytes moved by copy(),
// the yardstick.
func BenchmarkRead(b *testing.B) {
	for _, cs := range []uint32{128, 4096} {
		b.Run("chunk="+strconv.Itoa(int(cs)), func(b *testing.B) {
			benchRead(b, videoBody(b, benchCount, benchSize, cs), &Options{ChunkSize: cs}, benchCount, benchCount*benchSize)
		})
	}
}

func BenchmarkDecodeBytes(b *testing.B) {
	for _, cs := range []uint32{128, 4096} {
		b.Run("chunk="+strconv.Itoa(int(cs)), func(b *testing.B) {
			body := videoBody(b, benchCount, benchSize, cs)
			d := NewDecoder(&Options{ChunkSize: cs})
			b.SetBytes(benchCount * benchSize)
			b.ReportAllocs()
			for b.Loop() {
				off := 0
				for off < len(body) {
					m, n, err := d.Decode(body[off:], false)
					if err != nil || m == nil {
						b.Fatal(err)
					}
					off += n
				}
			}
		})
	}
}

func BenchmarkCopyPayload(b *testing.B) {
	src := make([]byte, benchCount*benchSize)
	dst := make([]byte, benchSize)
	b.SetBytes(benchCount * benchSize)
	b.ReportAllocs()
	for b.Loop() {
		for i := 0; i < benchCount; i++ {
			copy(dst, src[i*benchSize:(i+1)*benchSize])
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	payload := bytes.Repeat([]byte{0x17}, benchSize)
	for _, cs := range []uint32{128, 4096} {
		b.Run("chunk="+strconv.Itoa(int(cs)), func(b *testing.B) {
			w := NewWriter(io.Discard)
			w.Encoder().Reset(cs)
			m := Message{CSID: 6, Type: rtmp.TypeVideo, StreamID: 1, Payload: payload}
			b.SetBytes(benchCount * benchSize)
			b.ReportAllocs()
			for b.Loop() {
				for i := 0; i < benchCount; i++ {
					m.Timestamp += 33
					if err := w.WriteMessage(&m); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkInterleaved: 4000-byte messages on 1 chunk stream or on up to
// 1000 at once, chunk by chunk in turn, at chunk size 128.
// BenchmarkInterleavedCopy is its floor: the same payload bytes copied in
// the same order into one buffer per stream, which is the memory traffic
// reassembly cannot avoid (1000 streams keep 4 MB of buffers in flight).
func BenchmarkInterleaved(b *testing.B) {
	for _, streams := range interleavedStreams {
		b.Run("streams="+strconv.Itoa(streams), func(b *testing.B) {
			per := benchCount / streams
			var body []byte
			for i := 0; i < per; i++ {
				body = append(body, interleavedBody(b, streams, benchSize, 128)...)
			}
			benchRead(b, body, &Options{MaxChunkStreams: 2000}, benchCount, benchCount*benchSize)
		})
	}
}

// interleavedStreams are the stream counts of BenchmarkInterleaved and its
// copy floor.
var interleavedStreams = []int{1, 10, 100, 1000}

func BenchmarkInterleavedCopy(b *testing.B) {
	for _, streams := range interleavedStreams {
		b.Run("streams="+strconv.Itoa(streams), func(b *testing.B) {
			src := make([]byte, benchCount*benchSize)
			bufs := make([][]byte, streams)
			for i := range bufs {
				bufs[i] = make([]byte, benchSize)
			}
			b.SetBytes(benchCount * benchSize)
			b.ReportAllocs()
			for b.Loop() {
				off := 0
				for round := 0; round < benchCount/streams; round++ {
					for pos := 0; pos < benchSize; pos += 128 {
						n := min(128, benchSize-pos)
						for _, buf := range bufs {
							copy(buf[pos:pos+n], src[off:off+n])
							off += n
						}
					}
				}
			}
		})
	}
}

// BenchmarkMessageSize reads about 4 MB of video as 1 KiB, 64 KiB or 1 MiB
// messages at chunk size 4096.
func BenchmarkMessageSize(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		b.Run("size="+strconv.Itoa(size), func(b *testing.B) {
			count := max(4, (4<<20)/size)
			benchRead(b, videoBody(b, count, size, 4096), &Options{ChunkSize: 4096}, count, int64(count*size))
		})
	}
}

// Steady-state reading, decoding and writing allocate nothing.
func TestSteadyStateAllocs(t *testing.T) {
	for _, cs := range []uint32{128, 4096} {
		body := videoBody(t, 50, benchSize, cs)
		rd := NewReader(&cycle{body: body}, &Options{ChunkSize: cs})
		for i := 0; i < 200; i++ {
			if _, err := rd.ReadMessage(); err != nil {
				t.Fatal(err)
			}
		}
		if n := testkit.AllocsPerRun(t, 500, func() {
			if _, err := rd.ReadMessage(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("chunk size %d: Reader.ReadMessage allocates %v times", cs, n)
		}

		d := NewDecoder(&Options{ChunkSize: cs})
		off := 0
		decode := func() {
			if off == len(body) {
				off = 0
			}
			_, n, err := d.Decode(body[off:], false)
			if err != nil {
				t.Fatal(err)
			}
			off += n
		}
		for i := 0; i < 100; i++ {
			decode()
		}
		if n := testkit.AllocsPerRun(t, 500, decode); n != 0 {
			t.Errorf("chunk size %d: Decoder.Decode allocates %v times", cs, n)
		}

		w := NewWriter(io.Discard)
		w.Encoder().Reset(cs)
		m := Message{CSID: 6, Type: rtmp.TypeVideo, StreamID: 1, Payload: body[:benchSize]}
		write := func() {
			m.Timestamp += 40
			if err := w.WriteMessage(&m); err != nil {
				t.Fatal(err)
			}
		}
		write()
		if n := testkit.AllocsPerRun(t, 500, write); n != 0 {
			t.Errorf("chunk size %d: Writer.WriteMessage allocates %v times", cs, n)
		}
	}
	// Interleaved streams too, once every stream has its buffer: 400
	// streams use all three basic-header forms (csid 3..402).
	body := interleavedBody(t, 400, benchSize, 128)
	rd := NewReader(&cycle{body: body}, nil)
	for i := 0; i < 800; i++ {
		if _, err := rd.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}
	if n := testkit.AllocsPerRun(t, 500, func() {
		if _, err := rd.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("400 interleaved streams: ReadMessage allocates %v times", n)
	}
}
