package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
)

// amf3Vectors carry every AMF3 wire choice the JSON form must keep.
var amf3Vectors = []string{
	"04 7f 04 8100 04 80808001 04 ffffffff 04 c0808000", // integers, one with leading 0x80 bytes
	"05 7ff8000000000001 05 8000000000000000",           // NaN payload, -0
	"06 0b 68656c6c6f 06 00 06 01 06 800b 68656c6c6f",   // inline, reference, empty, long header
	"06 05 fffe", // not UTF-8
	"07 07 3c613e 0b 03 78 0c 07 010203 0c 01 0c 06", // XML document, XML, ByteArray, empty one and a reference to it
	"08 01 4278cc9c66000000 08 07 0000000000000000",  // dates, the second with unused header bits set
	"09 05 01 04 01 04 02 09 03 03 61 04 01 01 06 03 78 09 01 8001",
	"0a 0b 01 03 61 04 01 01 0a 13 07 466f6f 03 78 04 05 0a 05 04 06", // dynamic, sealed, traits reference
	"09 05 01 0a 1b 07 466f6f 03 78 04 05 03 79 02 01 0a 13 00 02 04 06",
	"0a 0b 01 09 73656c66 0a 00 01", // a cycle
	"0a 0b 01 03 61 04 01 8001",     // members ended by a long empty name
	"0d 05 00 ffffffff 00000001 0e 03 01 ffffffff 0f 05 07 3ff0000000000000 7ff8000000000001",
	"10 05 00 03 2a 04 01 06 03 61 10 01 01 00",
	"11 03 00 06 03 6b 04 07 11 03 02 0a 0b 01 01 04 07",
	"0a 07 43 666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e 09 03 01 04 01",
	"0a 17 07 466f6f deadbeef",                // externalizable, unknown class, unused header bits
	"0a 07 07 466f6f 09 01 01 0a 01 03 04 01", // traits reference to externalizable traits: opaque to the end
}

func TestAMF3JSONRoundTrip(t *testing.T) {
	for _, in := range amf3Vectors {
		t.Run(in, func(t *testing.T) {
			data, err := hexdump.Decode([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			code, out, stderr := runCLI(t, in, "decode", "-layer", "amf3", "-format", "json")
			if code != exitOK {
				t.Fatalf("decode exit %d: %s", code, stderr)
			}
			code, enc, stderr := runCLI(t, out, "encode")
			if code != exitOK {
				t.Fatalf("encode exit %d: %s\n%s", code, stderr, out)
			}
			if got := decodeHex(t, enc); !bytes.Equal(got, data) {
				t.Errorf("round trip %x, want %x\n%s", got, data, out)
			}
			code, text, stderr := runCLI(t, in, "decode", "-layer", "amf3")
			if code != exitOK || !strings.HasPrefix(text, "amf3: ") {
				t.Fatalf("text decode exit %d: %s\n%s", code, stderr, text)
			}
		})
	}
}

// TestAMF3InMessages: commands and data of types 0x11 and 0x0F show their
// AMF3 values in the text and come back byte for byte through JSON.
func TestAMF3InMessages(t *testing.T) {
	for _, c := range []struct{ typ, in, want string }{
		{"0x11", "00 020004706c6179 004000000000000000 11 0a0b01 03 61 04 01 01 02 0001 78", `command object: avm+-object #0 {"a": 1}`},
		{"0x11", "00 02000463616c6c 000000000000000000 05 11 06 07 616263 11 06 00", `argument 2: avm+-object "abc"@0`},
		{"0x0f", "00 02000a6f6e4d65746144617461 11 0a0b01 0b 7769647468 04 8140 01", `avm+-object #0 {"width": 192}`},
	} {
		t.Run(c.in, func(t *testing.T) {
			code, text, stderr := runCLI(t, c.in, "decode", "-layer", "message", "-type", c.typ)
			if code != exitOK || !strings.Contains(text, c.want) {
				t.Fatalf("exit %d: %s\n%s\nwant a line with %s", code, stderr, text, c.want)
			}
			code, out, stderr := runCLI(t, c.in, "decode", "-layer", "message", "-type", c.typ, "-format", "json")
			if code != exitOK || !strings.Contains(out, `"amf3"`) {
				t.Fatalf("json exit %d: %s\n%s", code, stderr, out)
			}
		})
	}
}

func TestAMF3JSONRefusals(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"object","ref":0}]}`, "object reference below 0"},
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"string","ref":0,"value":"x"}]}`, "string reference"},
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"integer","value":268435456}]}`, "want an integer"},
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"integer","value":1,"dense":[]}]}`, "does not belong"},
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"integer","value":200,"header_len":1}]}`, "U29 length"},
		{`{"format":"rtmpcodec/1","layer":"amf3","amf3_values":[{"type":"array","ref":0,"dense":[]}]}`, "carries no body"},
	} {
		code, _, stderr := runCLI(t, c.doc, "encode")
		if code == exitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %s; want an error with %q", c.doc, code, stderr, c.want)
		}
	}
}

// TestAMF3FromThirdPartyEncoder: a capture whose AMF3 values were encoded
// by @astronautlabs/amf and sent by librtmp (testdata/amf3-capture/make.sh)
// decodes with every value shown and comes back byte for byte.
func TestAMF3FromThirdPartyEncoder(t *testing.T) {
	raw, err := os.ReadFile("testdata/amf3-capture/capture.hex")
	if err != nil {
		t.Fatal(err)
	}
	code, text, stderr := runCLI(t, string(raw), "decode")
	if code != exitOK {
		t.Fatalf("decode exit %d: %s\n%s", code, stderr, text)
	}
	for _, want := range []string{
		`type 0x11 Command (AMF3)`,
		`argument 1: avm+-object #0 {"foo": 123.0, "bar": "hello"}`,
		`argument 2: avm+-object "amf3-string"`,
		`type 0x0f Data (AMF3)`,
		`value 1: avm+-object #0 {"text": "hi", "n": -1.0, "big": 2.68435456e+08}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %s\n%s", want, text)
		}
	}
	code, out, stderr := runCLI(t, string(raw), "decode", "-format", "json")
	if code != exitOK {
		t.Fatalf("json exit %d: %s", code, stderr)
	}
	code, enc, stderr := runCLI(t, out, "encode")
	if code != exitOK {
		t.Fatalf("encode exit %d: %s", code, stderr)
	}
	want, err := hexdump.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeHex(t, enc); !bytes.Equal(got, want) {
		t.Fatalf("the capture re-encodes to %d bytes, want the %d captured", len(got), len(want))
	}
}

// TestAMF3ScopeFlag: with -amf3-scope value a second AMF3 value may not
// refer to the first one's string; by default it may, and the JSON form
// of a per-value decode writes back the same bytes.
func TestAMF3ScopeFlag(t *testing.T) {
	shared := "00 02000463616c6c 000000000000000000 05 11 06 07 616263 11 06 00"
	if code, _, stderr := runCLI(t, shared, "decode", "-layer", "message", "-type", "0x11"); code != exitOK {
		t.Fatalf("default scope: exit %d, %s", code, stderr)
	}
	code, out, _ := runCLI(t, shared, "decode", "-layer", "message", "-type", "0x11", "-amf3-scope", "value")
	if code == exitOK || !strings.Contains(out, "bad AMF3 reference") {
		t.Fatalf("per-value scope: exit %d\n%s", code, out)
	}
	own := "00 02000463616c6c 000000000000000000 05 11 06 07 616263 11 06 07 616263"
	code, js, stderr := runCLI(t, own, "decode", "-layer", "message", "-type", "0x11", "-amf3-scope", "value", "-format", "json")
	if code != exitOK || !strings.Contains(js, `"fresh_tables": true`) {
		t.Fatalf("exit %d, %s\n%s", code, stderr, js)
	}
	code, enc, stderr := runCLI(t, js, "encode")
	if want, _ := hexdump.Decode([]byte(own)); code != exitOK || !bytes.Equal(decodeHex(t, enc), want) {
		t.Fatalf("encode exit %d, %s: %s", code, stderr, enc)
	}
	if code, _, _ := runCLI(t, shared, "decode", "-amf3-scope", "sometimes"); code != exitUsage {
		t.Errorf("a bad -amf3-scope: exit %d, want the usage exit", code)
	}
}
