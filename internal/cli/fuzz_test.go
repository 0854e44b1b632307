package cli

// The CLI's fuzz targets. Their seeds are computed once per process here,
// in the targets' own file: go-118-fuzz-build, which builds them for
// libFuzzer and OSS-Fuzz, compiles a target's file without the package's
// other test files, and calls the target once per input.

import (
	"bytes"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/fuzz"
)

// cliCorpusSeeds: every corpus file's bytes, a string and a lone chunk.
var cliCorpusSeeds = sync.OnceValues(func() ([]fuzz.Seed, error) {
	files, err := corpus.All()
	if err != nil {
		return nil, err
	}
	var seeds []fuzz.Seed
	for _, c := range files {
		seeds = append(seeds, fuzz.Seed{c.Data})
	}
	return append(seeds, fuzz.Seed{[]byte{0x02, 0x00, 0x01, 0x61}},
		fuzz.Seed{[]byte{0x43, 0x00, 0x00, 0x32, 0x00, 0x00, 0x01, 0x14, 0x05}}), nil
})

// cliMessageSeeds: the corpus's message payloads behind a type byte.
var cliMessageSeeds = sync.OnceValues(func() ([]fuzz.Seed, error) {
	files, err := corpus.OfLayer(corpus.LayerMessage)
	if err != nil {
		return nil, err
	}
	var seeds []fuzz.Seed
	for _, c := range files {
		seeds = append(seeds, fuzz.Seed{append([]byte{0x13}, c.Data...)})
	}
	return append(seeds, fuzz.Seed{[]byte{0x04, 0x00, 0x06, 0x0a, 0x1b, 0x2c, 0x3d}},
		fuzz.Seed{[]byte{0x16, 0x09, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0c}}), nil
})

// cliJSONSeeds: the JSON decode prints for every corpus file, and a value
// with a NaN's bits.
var cliJSONSeeds = sync.OnceValues(func() ([]fuzz.Seed, error) {
	files, err := corpus.All()
	if err != nil {
		return nil, err
	}
	var seeds []fuzz.Seed
	for _, c := range files {
		opts := decodeOptions{layer: "auto", format: "json", msgType: -1, length: -1}
		if doc, _ := decodeBytes(c.Data, &opts); doc != nil {
			var js bytes.Buffer
			if err := writeJSON(&js, doc); err != nil {
				return nil, err
			}
			seeds = append(seeds, fuzz.Seed{js.Bytes()})
		}
	}
	return append(seeds, fuzz.Seed{[]byte(`{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"object","properties":[{"key":"a","value":{"type":"number","bits":"7ff8000000000001"}}]}]}`)}), nil
})

// captureSeeds: the first 8 KiB of each committed capture, and of the
// captures that once broke the analyser, in every view.
var captureSeeds = sync.OnceValues(func() ([]fuzz.Seed, error) {
	var seeds []fuzz.Seed
	for _, name := range []string{"captures/nginx-publish-play.pcap", "captures/nginx-publish-play.pcapng", "captures/nginx-midsession.pcap",
		"captures/gst-publish.pcap", "regressions/gopacket-later-page.pcap"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			return nil, err
		}
		for view := range uint8(8) {
			seeds = append(seeds, fuzz.Seed{b[:min(len(b), 8192)], view})
		}
	}
	return seeds, nil
})

// roundTrip is the CLI's promise: whatever decodes, its JSON encodes back to
// the same bytes, also when decoding stopped at an error part-way.
func roundTrip(t *testing.T, data []byte, opts decodeOptions) {
	doc, err := decodeBytes(data, &opts)
	if doc == nil {
		if err == nil {
			t.Fatalf("no document and no error for %x", data)
		}
		return
	}
	if err != nil && doc.Error == "" {
		doc.Error = err.Error()
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, doc); err != nil {
		t.Fatalf("writing JSON: %v", err)
	}
	js := buf.Bytes()
	var back Document
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatalf("the JSON decode printed does not read back: %v\n%s", err, js)
	}
	out, err := encodeDocument(&back)
	if err != nil {
		t.Fatalf("encode of decoded %x: %v\n%s", data, err, js)
	}
	if !bytes.Equal(out, data) {
		t.Fatalf("decode | encode changed the bytes\n  in %x\n out %x\n%s", data, out, js)
	}
}

func FuzzCLIRoundTrip(f *testing.F) {
	fuzz.AddSeeds(f, cliCorpusSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		roundTrip(t, data, decodeOptions{layer: "auto", format: "json", msgType: -1, length: -1})
	})
}

// FuzzCLIMessageRoundTrip decodes the first byte as a message type and the
// rest as its payload.
func FuzzCLIMessageRoundTrip(f *testing.F) {
	fuzz.AddSeeds(f, cliMessageSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		roundTrip(t, data[1:], decodeOptions{layer: "message", format: "json", msgType: int64(data[0]), length: -1})
	})
}

// FuzzCLIEncodeJSON feeds encode arbitrary JSON: it must answer with bytes
// or an error, never a panic, and bytes it writes must decode.
func FuzzCLIEncodeJSON(f *testing.F) {
	fuzz.AddSeeds(f, cliJSONSeeds)
	f.Fuzz(func(t *testing.T, js []byte) {
		var doc Document
		if json.Unmarshal(js, &doc) != nil {
			return
		}
		_, _ = encodeDocument(&doc)
	})
}

// FuzzCapture feeds pcap and pcapng files, the committed captures and
// their mutations, through the capture analyser in every view: it must
// end (an error is fine) without a panic, and every line it prints must
// be free of terminal controls.
func FuzzCapture(f *testing.F) {
	fuzz.AddSeeds(f, captureSeeds)
	f.Fuzz(func(t *testing.T, data []byte, view uint8) {
		var out bytes.Buffer
		opts := decodeOptions{layer: "auto", msgType: -1, length: -1}
		co := captureOptions{port: 1935, format: [2]string{"text", "json"}[view&1], opts: &opts, filter: lineFilter{csid: -1, stream: -1, typ: -1}, stats: view&2 != 0}
		if view&4 != 0 {
			co.dir = "c2s"
			_, _, _ = collectDirection(bytes.NewReader(data), co)
			return
		}
		_ = decodeCapture(bytes.NewReader(data), co, &out)
		for i, r := range out.String() {
			if r != '\n' && unsafeRune(r) {
				t.Fatalf("rune %U at byte %d reached the output", r, i)
			}
		}
		if co.format == "json" {
			for _, line := range bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n")) {
				if len(line) > 0 && !json.Valid(line) {
					t.Fatalf("invalid JSON line %q", line)
				}
			}
		}
	})
}
