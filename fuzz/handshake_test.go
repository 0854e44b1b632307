package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
)

func FuzzHandshake(f *testing.F) {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range files {
		if c.Layer == corpus.LayerHandshake || c.Layer == corpus.LayerSession {
			f.Add(c.Data)
		}
	}
	f.Add([]byte{3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HandshakeRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}
