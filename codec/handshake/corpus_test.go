package handshake

import (
	"bytes"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// Every handshake-layer corpus file decodes as the parts its header names
// and writes back byte for byte.
func TestCorpusHandshake(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		if f.Layer != corpus.LayerHandshake {
			continue
		}
		seen++
		t.Run(f.Name, func(t *testing.T) {
			var out []byte
			var n int
			var err error
			switch parts := f.Header["parts"]; parts {
			case "C0+C1", "S0+S1":
				var h Hello
				n, err = h.Decode(f.Data)
				out, _ = h.Append(nil)
				if v, ok, _ := f.Uint("version"); ok && uint64(h.C0S0.Version) != v {
					t.Errorf("version %d, header says %d", h.C0S0.Version, v)
				}
				if v, ok, _ := f.Uint("c1-time"); ok && uint64(h.Time) != v {
					t.Errorf("time %#x, header says %#x", h.Time, v)
				}
				if v, ok, _ := f.Uint("c1-zero"); ok && uint64(h.C1S1.Version) != v {
					t.Errorf("zero field %#x, header says %#x", h.C1S1.Version, v)
				}
			case "C2", "S2":
				var r C2S2
				n, err = r.Decode(f.Data)
				out, _ = r.Append(nil)
			case "C0+C1+C2", "S0+S1+S2":
				var d Direction
				n, err = d.Decode(f.Data)
				out, _ = d.Append(nil)
				if echo := f.Header["echo-of"]; echo != "" {
					for _, g := range files {
						if g.Name != echo {
							continue
						}
						var peer Hello
						if _, err := peer.Decode(g.Data); err != nil {
							t.Fatal(err)
						}
						if r, tm := Echoes(&d.Reply, &peer.C1S1); !r || !tm {
							t.Errorf("reply does not echo %s: random %v time %v", echo, r, tm)
						}
					}
				}
			default:
				t.Fatalf("parts %q", parts)
			}
			if err != nil || n != len(f.Data) || !bytes.Equal(out, f.Data) {
				t.Errorf("decode %d of %d bytes, %v; re-encode equal %v", n, len(f.Data), err, bytes.Equal(out, f.Data))
			}
		})
	}
	if seen == 0 {
		t.Fatal("no handshake-layer corpus files")
	}
}

func TestInlineC0C1MatchesCorpus(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == "000-c0c1.hex" {
			if !bytes.Equal(f.Data, testkit.Hex(t, seed000C0C1)) {
				t.Error("seed000C0C1 differs from corpus/000-c0c1.hex")
			}
			return
		}
	}
	t.Fatal("corpus/000-c0c1.hex missing")
}
