package fuzz

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// amf0Seeds are hand-written payloads covering every marker and the wire
// choices the codec must keep, on top of the corpus files.
var amf0Seeds = []string{
	"00 7ff8000000000123 00 8000000000000000 01 02 02 0003 ffc328 0c 00000001 61",
	"03 0001 6b 00 3ff0000000000000 0001 6b 05 0000 05 0000 09",
	"08 ffffffff 0001 61 05 0000 09 08 00000000 0000 09",
	"0a 00000002 03 0000 09 07 0001 07 0000",
	"0b 427176592e000000 ff88 0d 06 05 0f 00000004 3c612f3e",
	"10 0005 506f696e74 0001 78 00 3ff0000000000000 0000 09",
	"03 0001 61 03 0000 09 0001 62 07 0001 0000 09",
	"03 0001 61 07 0000 0000 09", // reference to an open value
	"0a ffffffff 05",
	"11 04 01",
	"04", "0e", "09", "12",
}

// addAMF0Corpus seeds f with every corpus file of layer amf0, and with the
// AMF0 body of every single-chunk command (type 0x14) in the chunks layer.
func addAMF0Corpus(f *testing.F) {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range files {
		switch {
		case c.Layer == corpus.LayerAMF0:
			f.Add(c.Data)
		case c.Layer == corpus.LayerChunks && c.Header["chunks"] == "1" && c.Header["type"] == "0x14":
			hdr, _, ok := strings.Cut(c.Header["chunk-layout"], "+")
			n, err := strconv.Atoi(hdr)
			if ok && err == nil && n < len(c.Data) {
				f.Add(c.Data[n:])
			}
		}
	}
	for _, s := range amf0Seeds {
		f.Add(testkit.MustHex(s))
	}
}

func FuzzAMF0(f *testing.F) {
	addAMF0Corpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF0Decode(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAMF0Build(f *testing.F) {
	addAMF0Corpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF0Build(data); err != nil {
			t.Fatal(err)
		}
	})
}
