package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
)

// hexSeeds are samples of each style the reader accepts and of the
// mistakes it must report.
var hexSeeds = []string{
	"03 00 00 00 00 01 36 14",
	"0x02, (byte) 0xC3, /* 0x03, */ // 0x04\n# 0x05\n0x06",
	"0000   03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63   ......6........c\n0010   61 62                                             ab\n",
	"00000000: 0300 0000 0001 3614 0000 0000 0200 0763  ......6........c\n00000010: 6162                                     ab\n",
	"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000020  61 62                                             |ab|\n00000022\n",
	"000000 03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63  >......6........c<\n000010 61 62  >ab<\n000012\n",
	"\t0x0000:  0300 0000 0001 3614  ......6.\n",
	"0040  00 00 02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00   .....connect.?..\n0050  61 62                                             ab\n\n",
	"unsigned char x[] = {\n  0x03, 0x00,\n  0x61, 0x62\n};\nunsigned int x_len = 4;\n",
	"0030 03 00 00 28 00 00 21 14 ...(|>..!.\n0040 00 00 00 00 05 .....\n",
	"03 0",
	"0x",
	"/* open",
	"0000 01 02 0g",
}

func FuzzHexDecode(f *testing.F) {
	for _, s := range hexSeeds {
		f.Add([]byte(s))
	}
	all, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range all {
		f.Add(c.Text)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := HexDecode(src); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHexRoundTrip(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 48))
	all, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range all {
		f.Add(c.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HexRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHexDumpStyles(f *testing.F) {
	f.Add([]byte("ab"), 0)
	f.Add([]byte("abcdefabcdefabcdef0123"), 8)
	f.Add(make([]byte, 40), 3)
	all, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for i, c := range all {
		f.Add(c.Data, i)
	}
	f.Fuzz(func(t *testing.T, data []byte, skip int) {
		if skip < 0 {
			skip = -skip
		}
		if err := HexDumpStyles(data, skip); err != nil {
			t.Fatal(err)
		}
	})
}
