package session

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// captureFacts reads what capture.sh recorded next to the capture: byte
// and RTMP message counts per direction, as tshark reported them.
func captureFacts(t *testing.T) map[string]int {
	t.Helper()
	f, err := os.Open("../testdata/ffmpeg-publish.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	facts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		facts[k] = n
	}
	return facts
}

// A real session on loopback (ffmpeg publishing to ffmpeg -listen 1, made
// by testdata/capture.sh): both TCP directions decode, handshake then
// chunks, to the number of RTMP messages tshark counted, and write back
// byte for byte.
func TestRealCapture(t *testing.T) {
	facts := captureFacts(t)
	for _, dir := range []struct {
		name, file, key string
	}{
		{"client to server", "ffmpeg-publish.c2s.bin", "client-to-server"},
		{"server to client", "ffmpeg-publish.s2c.bin", "server-to-client"},
	} {
		t.Run(dir.name, func(t *testing.T) {
			in, err := os.ReadFile("../testdata/" + dir.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(in) != facts[dir.key+"-bytes"] {
				t.Fatalf("%d bytes, capture.sh wrote %d", len(in), facts[dir.key+"-bytes"])
			}
			d, err := Decode(in, AtHandshake, nil)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			// The publisher resets the connection while ffmpeg's server is
			// still writing, so the server's last message can be cut
			// short on the wire: that must come back as the truncation
			// error with what arrived, and still write back exactly.
			if d.Err != nil {
				if !errors.Is(d.Err, io.ErrUnexpectedEOF) || d.Cut == nil || d.Cut.Complete() {
					t.Fatalf("capture ends with %v, cut-short message %+v", d.Err, d.Cut)
				}
				t.Logf("ends inside a message: %v (%d of %d bytes arrived)", d.Err, len(d.Cut.Payload), d.Cut.Length)
			}
			if !d.Handshake.Plain() {
				t.Errorf("handshake version %d", d.Handshake.C0S0.Version)
			}
			want := facts[dir.key+"-messages"]
			if len(d.Messages) != want {
				t.Errorf("%d messages, tshark counted %d", len(d.Messages), want)
			}
			types := map[rtmp.MessageType]int{}
			for _, m := range d.Messages {
				types[m.Type]++
			}
			t.Logf("%d messages in %d chunks: %v", len(d.Messages), len(d.Chunks), types)
			// ffmpeg sets its chunk size, so a real Set Chunk Size was
			// applied mid-stream in each direction.
			if types[rtmp.TypeSetChunkSize] == 0 {
				t.Error("no Set Chunk Size in the capture")
			}
			out, err := d.Append(nil)
			if err != nil || !bytes.Equal(out, in) {
				t.Errorf("re-encode from chunks: %v, equal %v", err, bytes.Equal(out, in))
			}
			out, err = d.AppendMessages(nil, 0)
			if err != nil || !bytes.Equal(out, in) {
				t.Errorf("re-encode from messages: %v, equal %v", err, bytes.Equal(out, in))
			}
		})
	}
}
