package fuzz

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"sort"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// trafficDirection is one direction of a real session, from
// testdata/traffic (see its make.sh): the bytes as sent, and the chunk
// stream after the handshake cut at the end of its last whole message.
type trafficDirection struct {
	name     string
	raw      []byte
	chunks   []byte
	messages []*chunk.Message
}

// traffic reads every direction in testdata/traffic once per process.
var traffic = sync.OnceValues(func() ([]trafficDirection, error) {
	paths, err := filepath.Glob(filepath.Join(trafficDir, "*.hex"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, errors.New("no real-traffic seeds in " + trafficDir)
	}
	sort.Strings(paths)
	var out []trafficDirection
	for _, p := range paths {
		raw, err := testkit.ReadHexFile(p)
		if err != nil {
			return nil, err
		}
		if len(raw) < handshake.DirectionLen {
			return nil, errors.New(p + ": shorter than a handshake")
		}
		chunks, msgs := wholeMessages(raw[handshake.DirectionLen:])
		out = append(out, trafficDirection{filepath.Base(p), raw, chunks, msgs})
	}
	return out, nil
})

// wholeMessages decodes a chunk stream that starts at chunk size 128 and
// returns it up to the end of its last whole message, and the messages.
func wholeMessages(b []byte) ([]byte, []*chunk.Message) {
	rd := chunk.NewReader(bytes.NewReader(b), nil)
	end := 0
	var msgs []*chunk.Message
	for {
		m, err := rd.ReadMessage()
		if err != nil {
			if err != io.EOF && m == nil && len(msgs) == 0 {
				return nil, nil
			}
			return b[:end], msgs
		}
		msgs = append(msgs, m.Clone())
		end = int(rd.Decoder().Offset())
	}
}

// trafficMessages returns up to perType payloads of each message type the
// real sessions carried, in the order they came.
func trafficMessages(perType int) ([]*chunk.Message, error) {
	dirs, err := traffic()
	if err != nil {
		return nil, err
	}
	seen := map[rtmp.MessageType]int{}
	var out []*chunk.Message
	for _, d := range dirs {
		for _, m := range d.messages {
			if seen[m.Type] < perType {
				seen[m.Type]++
				out = append(out, m)
			}
		}
	}
	return out, nil
}
