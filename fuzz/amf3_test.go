package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// amf3Seeds cover every marker and the wire choices the codec keeps: the
// facts sheet's U29s, references of every table, cycles, externalizable
// objects, vectors and dictionaries, and malformed inputs.
var amf3Seeds = []string{
	"04 7f 04 8100 04 ff7f 04 818000 04 ffff7f 04 80c08000 04 bfffffff 04 c0808000 04 ffffffff",
	"04 8001 04 808001 04 80808001 04 80808081",
	"00 01 02 03 05 7ff8000000000001 05 8000000000000000",
	"06 0b 68656c6c6f 06 00 06 01 06 800b 68656c6c6f",
	"07 07 3c613e 0b 03 78 0c 07 010203 0c 01 0c 00",
	"08 01 4278cc9c66000000 08 07 0000000000000000",
	"09 05 01 04 01 04 02 09 03 03 61 04 01 01 06 03 78 09 01 8001",
	"0a 0b 01 03 61 04 01 01 0a 13 07 466f6f 03 78 04 05 0a 01 04 06",
	"09 05 01 0a 13 07 466f6f 03 78 04 05 0a 13 00 02 04 06",
	"0a 0b 01 09 73656c66 0a 00 01",
	"0d 05 00 ffffffff 00000001 0e 03 01 ffffffff 0f 03 07 3ff0000000000000",
	"10 05 00 03 2a 04 01 06 03 61 11 03 00 06 03 6b 04 07 11 03 01 0a 0b 01 01 04 07",
	"0a 07 43 666c65782e6d6573736167696e672e696f2e4172726179436f6c6c656374696f6e 09 03 01 04 01",
	"0a 07 07 466f6f deadbeef",
	"0a 17 07 466f6f 01",
	"04 ffff", "06 02", "0a 00", "0a 05", "09 01 01 0a 00", "09 ffffff7f 01", "12",
}

func addAMF3Corpus(f *testing.F) {
	for _, s := range amf3Seeds {
		f.Add(testkit.MustHex(s))
	}
}

func FuzzAMF3(f *testing.F) {
	addAMF3Corpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF3Decode(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAMF3Build(f *testing.F) {
	addAMF3Corpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF3Build(data); err != nil {
			t.Fatal(err)
		}
	})
}
