package cli

import (
	"bufio"
	"bytes"
	byteorder "encoding/binary"
	"errors"
	"io"
	"os"
	"testing"
)

// bigCapture repeats the committed nginx capture's packets copies times,
// each copy's client ports moved so that every copy is new connections
// and its times spacing seconds after the one before, as one pcap: a
// capture of many sessions.
func bigCapture(tb testing.TB, copies int, spacing uint32) []byte {
	raw, err := os.ReadFile("testdata/captures/nginx-publish-play.pcap")
	if err != nil {
		tb.Fatal(err)
	}
	pr, err := newPcapReader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		tb.Fatal(err)
	}
	var pkts []capturedPacket
	for {
		p, err := pr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		p.data = append([]byte(nil), p.data...)
		pkts = append(pkts, p)
	}
	out := append([]byte(nil), raw[:24]...)
	var rec [16]byte
	for c := range copies {
		for _, p := range pkts {
			d := append([]byte(nil), p.data...)
			// Ethernet, IPv4 without options, then the TCP ports: move
			// the one that is not 1935.
			for _, off := range []int{34, 36} {
				if port := byteorder.BigEndian.Uint16(d[off:]); port != 1935 {
					byteorder.BigEndian.PutUint16(d[off:], port+uint16(c*7))
				}
			}
			byteorder.LittleEndian.PutUint32(rec[0:], uint32(p.at.Unix())+uint32(c)*spacing)
			byteorder.LittleEndian.PutUint32(rec[4:], uint32(p.at.Nanosecond()/1000))
			byteorder.LittleEndian.PutUint32(rec[8:], uint32(len(d)))
			byteorder.LittleEndian.PutUint32(rec[12:], uint32(len(d)))
			out = append(append(out, rec[:]...), d...)
		}
	}
	return out
}

// BenchmarkCaptureSummary: the one-line view and -stats over a capture of
// 150 publish-and-play sessions (about 10 MB), bytes per second of pcap.
func BenchmarkCaptureSummary(b *testing.B) {
	big := bigCapture(b, 150, 1)
	for _, stats := range []bool{false, true} {
		name := "summary"
		if stats {
			name = "stats"
		}
		b.Run(name, func(b *testing.B) {
			opts := decodeOptions{layer: "auto", msgType: -1, length: -1}
			co := captureOptions{port: 1935, format: "text", opts: &opts, filter: lineFilter{csid: -1, stream: -1, typ: -1}, stats: stats}
			b.SetBytes(int64(len(big)))
			b.ReportAllocs()
			for b.Loop() {
				if err := decodeCapture(bytes.NewReader(big), co, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
