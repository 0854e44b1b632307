package chunk_test

import (
	"bytes"
	"fmt"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// Write two video messages and a Set Chunk Size, read them back, and write
// the decoded messages again from their records: the same bytes.
func Example() {
	var wire bytes.Buffer
	w := chunk.NewWriter(&wire)
	frame := bytes.Repeat([]byte{0x17}, 300)
	for _, m := range []*chunk.Message{
		{CSID: 6, Timestamp: 0, Type: rtmp.TypeVideo, StreamID: 1, Payload: frame},
		{CSID: 2, Type: rtmp.TypeSetChunkSize, Payload: []byte{0, 0, 0x10, 0}},
		{CSID: 6, Timestamp: 40, Type: rtmp.TypeVideo, StreamID: 1, Payload: frame},
	} {
		if err := w.WriteMessage(m); err != nil {
			panic(err)
		}
	}

	rd := chunk.NewReader(bytes.NewReader(wire.Bytes()), nil)
	e := chunk.NewEncoder()
	var again []byte
	for {
		m, err := rd.ReadMessage()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		chunks := 0
		for _, h := range m.Chunks {
			chunks += int(h.Count)
		}
		fmt.Printf("%v at %d ms: %d bytes in %d chunk(s), first fmt %d\n", m.Type, m.Timestamp, len(m.Payload), chunks, m.Chunks[0].Format)
		if again, err = e.AppendMessage(again, m); err != nil {
			panic(err)
		}
	}
	fmt.Println("byte-exact:", bytes.Equal(again, wire.Bytes()))
	// Output:
	// Video at 0 ms: 300 bytes in 3 chunk(s), first fmt 0
	// Set Chunk Size at 0 ms: 4 bytes in 1 chunk(s), first fmt 0
	// Video at 40 ms: 300 bytes in 1 chunk(s), first fmt 2
	// byte-exact: true
}

// A lone captured chunk whose fmt 1 header leans on an earlier one: strict
// by default, decodable with the missing context supplied.
func ExampleOptions_Context() {
	// nc.call("connect", null, 2) from 000_a5a54de71b6b1870.txt: 0x43 is
	// fmt 1 on csid 3, delta 0x35, length 0x1d, type 0x14.
	packet := []byte{0x43, 0x00, 0x00, 0x35, 0x00, 0x00, 0x1d, 0x14,
		0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't',
		0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
		0x00, 0x40, 0, 0, 0, 0, 0, 0, 0}

	_, _, err := chunk.NewDecoder(nil).Decode(packet, true)
	fmt.Println(err)

	d := chunk.NewDecoder(&chunk.Options{Context: func(csid uint32) (chunk.Context, bool) {
		return chunk.Context{StreamID: 0}, true // commands run on stream 0
	}})
	m, _, err := d.Decode(packet, true)
	fmt.Println(m.CSID, m.Type, m.Timestamp, len(m.Payload), err)
	// Output:
	// chunk: Chunk[csid=3,fmt=1].BasicHeader.Format at offset 0: chunk stream has no previous header: malformed input: expected fmt 0 for the first chunk on a chunk stream (RTMP 1.0 §5.3.1.2.1), or a supplied context
	// 3 Command (AMF0) 53 29 <nil>
}
