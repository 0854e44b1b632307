package hexdump_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// connect34 is the start of seed 000's connect (fmt-0 header on csid 3,
// "connect", 1.0, ...) cut to 34 bytes and ended with "ab", so that the last
// row of every dump below has an ASCII column that looks like a hex byte.
var connect34 = testkit.MustHex("03000000000136140000000002000763" + "6f6e6e656374003ff000000000000005" + "6162")

func decodeOK(t *testing.T, src string) []byte {
	t.Helper()
	b, err := hexdump.Decode([]byte(src))
	if err != nil {
		t.Fatalf("Decode: %v\ninput:\n%s", err, src)
	}
	return b
}

func TestPlain(t *testing.T) {
	want := testkit.MustHex("0300000000013614")
	for name, src := range map[string]string{
		"spaced":       "03 00 00 00 00 01 36 14",
		"packed":       "0300000000013614",
		"upper":        "03 00 00 00 00 01 36 14\n",
		"lines":        "03 00 00\r\n00 00 01\n\n36 14\n",
		"groups":       "0300 0000 0001 3614",
		"0x-commas":    "0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x36, 0x14",
		"0X-no-spaces": "0X03,0X00,0X00,0X00,0X00,0X01,0X36,0X14",
		"0x-long":      "0x0300000000013614",
		"tabs":         "\t03\t00 00 00\t00 01 36 14 ",
		"braces":       "{ 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x36, 0x14 };",
		"bom":          "\xEF\xBB\xBF03 00 00 00 00 01 36 14",
		"hash-comment": "# C0 and the start of a header\n03 00 00 00 # basic header and timestamp\n00 01 36 14",
	} {
		t.Run(name, func(t *testing.T) {
			if got := decodeOK(t, src); !bytes.Equal(got, want) {
				t.Errorf("got % x, want % x", got, want)
			}
			if s := hexdump.Detect([]byte(src)); s != hexdump.Plain {
				t.Errorf("Detect = %v", s)
			}
		})
	}
	if got := decodeOK(t, "AB cd Ef"); !bytes.Equal(got, []byte{0xab, 0xcd, 0xef}) {
		t.Errorf("mixed case: % x", got)
	}
	if got := decodeOK(t, " \n# nothing\n"); len(got) != 0 {
		t.Errorf("no hex: % x", got)
	}
}

// The notes of seed 002 write the connect as a Java byte-array literal, with
// the chunk header and one 0xC3 commented out. This excerpt keeps both
// traps: the /* */ block and the commented-out (byte) 0xC3.
const literal002 = `	/*
	    0x03,
	    //12字节长头部(包括这个字节),ChannelID为3(即Invoke通道)
	    0x00, 0x00, (byte) 0xE4, 
	    0x14, 
	    0x00, 0x00, 0x00, 0x00, 
	    //StreamID
	*/
	
	    0x02, 
	    0x00, 0x07, 
	    0x63, 0x6F, 0x6E, 0x6E, 0x65, 0x63, 0x74, 
	    //connect
	    0x00, 
	    0x3F, (byte) 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	    //(Number) 1.0
	    0x00, 0x0C, 
	    0x63, 0x61, 0x70, 0x61, 0x62, 0x69, 0x6C, 0x69, 0x74, 0x69, 0x65, 
	    //FIXME:
	    //(byte) 0xC3, //超过了128字节的分割包
	    0x73, 
`

func TestLiteral(t *testing.T) {
	want := testkit.MustHex("020007636f6e6e656374" + "003ff0000000000000" + "000c" + hex.EncodeToString([]byte("capabilities")))
	if got := decodeOK(t, literal002); !bytes.Equal(got, want) {
		t.Errorf("got  % x\nwant % x", got, want)
	}
	if got := decodeOK(t, "0x01,/* a */0x02 // b /* not a comment start\n(byte)0x03#c\n(byte) 0x04"); !bytes.Equal(got, []byte{1, 2, 3, 4}) {
		t.Errorf("comments and casts: % x", got)
	}
}

// A declaration around the literal is skipped: only the braces' content
// counts.
func TestDeclarations(t *testing.T) {
	for name, src := range map[string]string{
		// xxd -i, captured from the tool.
		"xxd-i": `unsigned char s1_bin[] = {
  0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x36, 0x14, 0x00, 0x00, 0x00, 0x00,
  0x02, 0x00, 0x07, 0x63, 0x6f, 0x6e, 0x6e, 0x65, 0x63, 0x74, 0x00, 0x3f,
  0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x61, 0x62
};
unsigned int s1_bin_len = 34;
`,
		"java": "// head2 { not this\nbyte[] head2 = new byte[] { 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x36, 0x14, 0x00, 0x00, 0x00, 0x00,\n" +
			"0x02, 0x00, 0x07, 0x63, 0x6F, 0x6E, 0x6E, 0x65, 0x63, 0x74, 0x00, 0x3F, (byte) 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x61, 0x62 };",
		"go": "[]byte{0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x36, 0x14, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x07, 0x63, " +
			"0x6f, 0x6e, 0x6e, 0x65, 0x63, 0x74, 0x00, 0x3f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x61, 0x62}",
	} {
		t.Run(name, func(t *testing.T) {
			if got := decodeOK(t, src); !bytes.Equal(got, connect34) {
				t.Errorf("got % x", got)
			}
		})
	}
}

// The whole literal of seed 002, verbatim, spells the 228 AMF0 bytes the
// commented-out header declares (0xE4) and no 0xC3.
func TestLiteralSeed002(t *testing.T) {
	f, err := corpus.Load("002-sosample-connect-amf0.hex")
	if err != nil {
		t.Fatal(err)
	}
	b, err := hexdump.Decode(f.Text)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 0xE4 || b[0] != 0x02 || bytes.IndexByte(b, 0xC3) >= 0 {
		t.Errorf("%d bytes, first %#x, 0xC3 at %d", len(b), b[0], bytes.IndexByte(b, 0xC3))
	}
}

// connect34 as each tool prints it. The xxd, hexdump -C and od outputs
// were captured from the tools; the Wireshark rows follow the layout of its
// "Copy as Hex Dump" (three spaces after the offset), the tcpdump rows that
// of tcpdump -X. TestTshark has a captured Wireshark-family dump.
var toolDumps = map[string]string{
	"wireshark": `0000   03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63   ......6........c
0010   6f 6e 6e 65 63 74 00 3f f0 00 00 00 00 00 00 05   onnect.?........
0020   61 62                                             ab
`,
	"xxd": `00000000: 0300 0000 0001 3614 0000 0000 0200 0763  ......6........c
00000010: 6f6e 6e65 6374 003f f000 0000 0000 0005  onnect.?........
00000020: 6162                                     ab
`,
	"hexdump-C": `00000000  03 00 00 00 00 01 36 14  00 00 00 00 02 00 07 63  |......6........c|
00000010  6f 6e 6e 65 63 74 00 3f  f0 00 00 00 00 00 00 05  |onnect.?........|
00000020  61 62                                             |ab|
00000022
`,
	"od": `000000 03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63  >......6........c<
000010 6f 6e 6e 65 63 74 00 3f f0 00 00 00 00 00 00 05  >onnect.?........<
000020 61 62                                            >ab<
000022
`,
	"tcpdump-X": `	0x0000:  0300 0000 0001 3614 0000 0000 0200 0763  ......6........c
	0x0010:  6f6e 6e65 6374 003f f000 0000 0000 0005  onnect.?........
	0x0020:  6162                                     ab
`,
	"wireshark-crlf": "0000   03 00 00 00 00 01 36 14 00 00 00 00 02 00 07 63   ......6........c\r\n" +
		"0010   6f 6e 6e 65 63 74 00 3f f0 00 00 00 00 00 00 05   onnect.?........\r\n" +
		"0020   61 62                                             ab\r\n",
}

func TestToolDumps(t *testing.T) {
	for name, src := range toolDumps {
		t.Run(name, func(t *testing.T) {
			if s := hexdump.Detect([]byte(src)); s != hexdump.Dump {
				t.Errorf("Detect = %v", s)
			}
			if got := decodeOK(t, src); !bytes.Equal(got, connect34) {
				t.Errorf("got  % x\nwant % x", got, connect34)
			}
		})
	}
}

// tshark -x output, captured: a frame text2pcap built around a 28-byte TCP
// payload (the start of connect34, then "ab"). The last row's ASCII column
// is "ab"; the noascii form has none but keeps the padding blanks.
func TestTshark(t *testing.T) {
	payload := testkit.MustHex("030000000001361400000000020007636f6e6e656374003ff0006162") // tshark -T fields -e tcp.payload
	for name, src := range map[string]string{
		"ascii": `0000  20 52 45 43 56 00 20 53 45 4e 44 00 08 00 45 00    RECV. SEND...E.
0010  00 44 12 34 00 00 ff 06 92 7a 0a 01 01 01 0a 02   .D.4.....z......
0020  02 02 9c 40 07 8f 00 00 00 00 00 00 00 00 50 00   ...@..........P.
0030  20 00 ff 90 00 00 03 00 00 00 00 01 36 14 00 00    ...........6...
0040  00 00 02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00   .....connect.?..
0050  61 62                                             ab

`,
		"noascii": "0000  20 52 45 43 56 00 20 53 45 4e 44 00 08 00 45 00   \n" +
			"0010  00 44 12 34 00 00 ff 06 92 7a 0a 01 01 01 0a 02   \n" +
			"0020  02 02 9c 40 07 8f 00 00 00 00 00 00 00 00 50 00   \n" +
			"0030  20 00 ff 90 00 00 03 00 00 00 00 01 36 14 00 00   \n" +
			"0040  00 00 02 00 07 63 6f 6e 6e 65 63 74 00 3f f0 00   \n" +
			"0050  61 62                                             \n\n",
	} {
		t.Run(name, func(t *testing.T) {
			got := decodeOK(t, src)
			if len(got) != 14+20+20+len(payload) || !bytes.Equal(got[len(got)-len(payload):], payload) || string(got[:6]) != " RECV\x00" {
				t.Errorf("got % x", got)
			}
		})
	}
}

func TestRepeatedRows(t *testing.T) {
	zeros40 := make([]byte, 40)
	for name, src := range map[string]string{
		"hexdump-C": `00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
*
00000020  00 00 00 00 00 00 00 00                           |........|
00000028
`,
		"od": `000000 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  >................<
*
000020 00 00 00 00 00 00 00 00                          >........<
000028
`,
	} {
		if got := decodeOK(t, src); !bytes.Equal(got, zeros40) {
			t.Errorf("%s: got % x", name, got)
		}
	}
	// "*" right before the end offset: 1536 zero bytes, as C2 is written.
	c2 := "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000600\n"
	if got := decodeOK(t, c2); !bytes.Equal(got, make([]byte, 1536)) {
		t.Errorf("C2: %d bytes", len(got))
	}
	// xxd -g 4 ends with an ASCII column made only of hex digits.
	x := "00000000: 61626364 65666768 696a6b6c 6d6e6f70  abcdefghijklmnop\n" +
		"00000010: 71727374 75767778 797a3031 32333435  qrstuvwxyz012345\n" +
		"00000020: 36373839                             6789\n"
	if got := decodeOK(t, x); string(got) != "abcdefghijklmnopqrstuvwxyz0123456789" {
		t.Errorf("xxd -g 4: %q", got)
	}
}

// Seed 000 prints its dumps with a first row that starts mid-line (labelled
// 0030, holding the bytes from 0038), short last rows, and ASCII columns
// with stray characters.
func TestSeed000Rows(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		// nc.call( "aaaaaaaaaaaaaaaaaaaa" , null ): the first row's ASCII
		// column has a stray "|>" the hex does not explain.
		"stray-ascii": {`0030 03 00 00 28 00 00 21 14 ...(|>..!.
0040 00 00 00 00 02 00 14 61 61 61 61 61 61 61 61 61 .......aaaaaaaaa
0050 61 61 61 61 61 61 61 61 61 61 61 00 00 00 00 00 aaaaaaaaaaa.....
0060 00 00 00 00 05 .....
`, "0300002800002114" + "00000000020014" + strings.Repeat("61", 20) + "00" + "0000000000000000" + "05"},
		// nc.call( "connect" , null , "connect" ): the last row's ASCII
		// column "ct" starts like a hex byte.
		"ct": {`0030 03 00 00 33 00 00 1e 14 ...3....
0040 00 00 00 00 02 00 07 63 6f 6e 6e 65 63 74 00 00 .......connect..
0050 00 00 00 00 00 00 00 05 02 00 07 63 6f 6e 6e 65 ...........conne
0060 63 74 ct
`, "0300003300001e14" + "00000000020007636f6e6e656374" + "000000000000000000" + "05" + "020007636f6e6e656374"},
		// A 0x43 (fmt 1) dump: 8-byte header.
		"fmt1": {`0030 43 00 00 35 00 00 1d 14 C..5....
0040 02 00 07 63 6f 6e 6e 65 63 74 00 00 00 00 00 00 ...connect......
0050 00 00 00 05 00 40 00 00 00 00 00 00 00 .....@.......
`, "4300003500001d14" + "020007636f6e6e656374" + "000000000000000000" + "05" + "004000000000000000"},
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := decodeOK(t, tc.src), testkit.MustHex(tc.want); !bytes.Equal(got, want) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
		})
	}
}

// Every dump of seed 000 in the corpus: lengths the documents state or imply.
func TestSeed000Corpus(t *testing.T) {
	for name, n := range map[string]int{
		"000-c0c1.hex":                             1537,
		"000-connect-chunked.hex":                  324,
		"000-call-05-aaaa-null.hex":                45,
		"000-call-07-connect-null-string.hex":      42,
		"000-call-12-connect-null-var-object2.hex": 82,
	} {
		f, err := corpus.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := hexdump.Decode(f.Text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b) != n {
			t.Errorf("%s: %d bytes, want %d", name, len(b), n)
		}
	}
	f, err := corpus.Load("000-c0c1.hex")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := hexdump.Decode(f.Text)
	// First row: the 8 bytes at 0038; last row: the 9 bytes at 0630.
	if !bytes.Equal(b[:8], testkit.MustHex("0301a89586000000")) || !bytes.Equal(b[len(b)-9:], testkit.MustHex("00e7e89400a5006a00")) {
		t.Errorf("first % x, last % x", b[:8], b[len(b)-9:])
	}
}

// The ASCII rule for rows whose byte count the offsets leave open.
func TestASCIIRule(t *testing.T) {
	full := "0000 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 abcdefghijklmnop\n"
	for name, tc := range map[string]struct{ src, want string }{
		"ab-column":      {full + "0010 61 62 ab\n", "6162636465666768696a6b6c6d6e6f70" + "6162"},
		"column-spaces":  {full + "0010 61 62 20 01 ab .\n", "6162636465666768696a6b6c6d6e6f70" + "61622001"},
		"leading-space":  {full + "0010 20 61 62 ab\n", "6162636465666768696a6b6c6d6e6f70" + "206162"},
		"no-column-seen": {"0000 61 62 ab\n", "6162ab"},
		"garbled-column": {full + "0010 61 62 a.\n", "6162636465666768696a6b6c6d6e6f70" + "6162"},
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := decodeOK(t, tc.src), testkit.MustHex(tc.want); !bytes.Equal(got, want) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
		})
	}
}

// Tools pad short rows and set the ASCII column apart; that layout is
// enough to read an ASCII column made of hex digits, even when no row of
// the dump shows anything but hex-looking text.
func TestASCIILayout(t *testing.T) {
	a32 := strings.Repeat("61", 32)
	for name, tc := range map[string]struct{ src, want string }{
		// xxd of 36 'a' bytes: every ASCII column is a valid 16-digit group.
		"xxd-all-hex": {"00000000: 6161 6161 6161 6161 6161 6161 6161 6161  aaaaaaaaaaaaaaaa\n" +
			"00000010: 6161 6161 6161 6161 6161 6161 6161 6161  aaaaaaaaaaaaaaaa\n" +
			"00000020: 6161 6161                                aaaa\n", a32 + "61616161"},
		// One full xxd row: the two-space gap sets the column apart.
		"xxd-one-row": {"00000000: 6161 6161 6161 6161 6161 6161 6161 6161  aaaaaaaaaaaaaaaa\n", a32[:32]},
		// One short Wireshark row: padding sets "ab" apart.
		"wireshark-one-row": {"0000   61 62                                             ab\n", "6162"},
		// A last row whose ASCII column starts where the row above's did.
		"aligned": {"0000 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 abcdefghijklmnop\n" +
			"0010 61 62 61 62 61 62 61 62 61 62 61 62 61 62 61 62 abababababababab\n" +
			"0020 61 62                                           ab\n", "6162636465666768696a6b6c6d6e6f70" + strings.Repeat("6162", 9)},
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := decodeOK(t, tc.src), testkit.MustHex(tc.want); !bytes.Equal(got, want) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
		})
	}
}

func TestDumpSeparation(t *testing.T) {
	// Two dumps that both start at 0030, as seed 000 prints them, pasted
	// together: the offset going back starts the second.
	src := "0030 03 00 00 09 00 00 14 14 ........\n0040 00 00 00 00 05 .....\n" +
		"0030 43 00 00 35 00 00 01 14 C..5....\n0040 05 .\n"
	want := testkit.MustHex("0300000900001414" + "0000000005" + "4300003500000114" + "05")
	if got := decodeOK(t, src); !bytes.Equal(got, want) {
		t.Errorf("got % x", got)
	}
	// A blank line ends a dump too, even when the next offset is larger.
	src = "0000 01 02 .\n\n0010 03 .\n"
	if got := decodeOK(t, src); !bytes.Equal(got, []byte{1, 2, 3}) {
		t.Errorf("blank line: got % x", got)
	}
}

func TestErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		src       string
		kind      error
		line, col int
		text      string
	}{
		"odd-digits":        {"03 00\n00 0 36", hexdump.ErrOddDigits, 2, 4, "0"},
		"odd-0x":            {"0x03, 0x3,", hexdump.ErrOddDigits, 1, 7, "0x3"},
		"garbage":           {"03 00 zz 14", hexdump.ErrNotHex, 1, 7, "zz"},
		"garbage-suffix":    {"03 00g", hexdump.ErrNotHex, 1, 4, "00g"},
		"bare-0x":           {"0x, 0x01", hexdump.ErrNotHex, 1, 1, "0x"},
		"unknown-cast":      {"(int) 0x01", hexdump.ErrNotHex, 1, 1, "(int)"},
		"comment":           {"01 /* never closed\n02", hexdump.ErrComment, 1, 4, "/*"},
		"unclosed-brace":    {"x = { 01, 02", hexdump.ErrNotHex, 1, 5, "{"},
		"nested-brace":      {"x = { {01}, 02 }", hexdump.ErrNotHex, 1, 7, "{01}"},
		"comment-after":     {"{ 01 } /* open", hexdump.ErrComment, 1, 8, "/*"},
		"utf8-column":       {"// 注释\n01 ü", hexdump.ErrNotHex, 2, 4, "ü"},
		"non-hex-in-row":    {"0000 00 .\n0010 01 02 0g 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 ................\n0020 11 .\n", hexdump.ErrNotHex, 2, 12, "0g"},
		"odd-in-row":        {"0000 00 .\n0010 01 02 003 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 ................\n0020 11 .\n", hexdump.ErrOddDigits, 2, 12, "003"},
		"ascii-in-row":      {"0000 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 ................\n0010 11 12 ..\n0020 13 .\n", hexdump.ErrNotHex, 2, 12, ".."},
		"short-row":         {"0000 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10\n0010 11 12\n0020 13\n", hexdump.ErrRow, 2, 11, ""},
		"non-hex-first-row": {"0000 01 02 0g 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 ................\n0010 11 .\n", hexdump.ErrNotHex, 1, 12, "0g"},
		"not-a-row":         {"0000 01 02 .\nhello\n", hexdump.ErrRow, 2, 1, "hello"},
		"star-first":        {"0000 01 02 .\n\n*\n0010\n", hexdump.ErrRow, 3, 1, "*"},
		"star-unended":      {"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n", hexdump.ErrRow, 2, 1, "*"},
		"star-misaligned":   {"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000018\n", hexdump.ErrRow, 3, 1, "00000018"},
		"star-limit":        {"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\nfffffff0\n", hexdump.ErrLimit, 2, 1, "*"},
		"delimited-count":   {"00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n00000010  00 01 02  |...|\n00000020  03  |.|\n", hexdump.ErrRow, 2, 11, "00 01 02"},
		"ambiguous-last":    {"0000 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 abcdefghijklmnop\n0010 61 62 abc\n", hexdump.ErrOddDigits, 2, 12, "abc"},
		"row-too-wide":      {"0000 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 abcdefghijklmnop\n0010 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 71 72\n", hexdump.ErrRow, 2, 54, "71"},
		"end-offset-back":   {"0010 01 .\n0008\n", hexdump.ErrRow, 2, 1, "0008"},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := hexdump.AppendDecode([]byte("keep"), []byte(tc.src))
			if string(b) != "keep" {
				t.Errorf("dst changed to %q", b)
			}
			var se *hexdump.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SyntaxError", err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("err %v is not %v", err, tc.kind)
			}
			if se.Line != tc.line || se.Column != tc.col || se.Text != tc.text {
				t.Errorf("at %d:%d %q, want %d:%d %q (%v)", se.Line, se.Column, se.Text, tc.line, tc.col, tc.text, err)
			}
			if !strings.Contains(err.Error(), "line ") || se.Msg == "" {
				t.Errorf("message %q lacks position or expectation", err)
			}
		})
	}
}

func TestAppendHexLayout(t *testing.T) {
	data := make([]byte, 18)
	for i := range data {
		data[i] = byte(0xf0 + i)
	}
	want := "f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff\n00 01\n"
	if got := string(hexdump.AppendHex(nil, data)); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := hexdump.AppendHex([]byte("x"), nil); string(got) != "x" {
		t.Errorf("empty data: %q", got)
	}
}

// AppendDump writes exactly what hexdump -C prints (outputs captured from
// the tool).
func TestAppendDumpMatchesHexdumpC(t *testing.T) {
	if got := string(hexdump.AppendDump(nil, connect34)); got != toolDumps["hexdump-C"] {
		t.Errorf("got:\n%s\nwant:\n%s", got, toolDumps["hexdump-C"])
	}
	a100 := bytes.Repeat([]byte("A"), 100)
	want := `00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|
*
00000060  41 41 41 41                                       |AAAA|
00000064
`
	if got := string(hexdump.AppendDump(nil, a100)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSeveralLiterals: every brace literal is read, in order (issue 13,
// defect 11: a second literal was dropped without notice, giving a
// misleading truncation or, for two Java declarations, only the first).
func TestSeveralLiterals(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"two bare literals", "{ 0x02, 0x00, 0x01 } { 0x61 }", "02000161"},
		{"two Java declarations", "byte[] a = new byte[] { (byte)0x02, 0x00 };\nbyte[] b = new byte[] { 0x01, 0x61 };\n", "02000161"},
		{"xxd -i twice", "unsigned char a[] = {\n  0x02, 0x00\n};\nunsigned int a_len = 2;\nunsigned char b[] = {\n  0x01, 0x61\n};\nunsigned int b_len = 2;\n", "02000161"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := hexdump.Decode([]byte(tc.src))
			if err != nil || hex.EncodeToString(got) != tc.want {
				t.Errorf("Decode = %x, %v; want %s", got, err, tc.want)
			}
		})
	}
	if _, err := hexdump.Decode([]byte("{ 01 } { 02")); err == nil {
		t.Error("an unclosed second literal decoded without error")
	}
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		data := make([]byte, r.IntN(200))
		for i := range data {
			// Few distinct values, so rows repeat and "*" appears.
			data[i] = byte(r.IntN(3)) * 0x30
		}
		if n%2 == 0 {
			for i := range data {
				data[i] = byte(r.Uint32())
			}
		}
		for name, text := range map[string][]byte{
			"hex":  hexdump.AppendHex(nil, data),
			"dump": hexdump.AppendDump(nil, data),
		} {
			got, err := hexdump.Decode(text)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%s: % x -> %q -> % x, %v", name, data, text, got, err)
			}
		}
	}
}

func TestAppendAllocs(t *testing.T) {
	c0c1, err := corpus.Load("000-c0c1.hex")
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{
		"seed-dump": c0c1.Text,
		"literal":   []byte(literal002),
		"hexdump-C": []byte(toolDumps["hexdump-C"]),
		"plain":     hexdump.AppendHex(nil, bytes.Repeat([]byte{1, 2, 3}, 100)),
	}
	for name, src := range inputs {
		dst := make([]byte, 0, 4096)
		allocs := testkit.AllocsPerRun(t, 100, func() {
			var err error
			if _, err = hexdump.AppendDecode(dst[:0], src); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per AppendDecode, want 0", name, allocs)
		}
	}
}

// benchDump is about 1 MB of hexdump -C text: 256 KiB of varied bytes.
func benchInput(style string) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	data := make([]byte, 256<<10)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	switch style {
	case "hexdump-C":
		return hexdump.AppendDump(nil, data)
	case "plain":
		return hexdump.AppendHex(nil, data)
	}
	// Rows as seed 000 prints them (with 6-digit offsets to reach 1 MB):
	// an ASCII column with no delimiters, so every row is counted by its
	// offsets.
	var b []byte
	for off := 0; off < len(data); off += 16 {
		const d = "0123456789abcdef"
		b = append(b, d[off>>20&15], d[off>>16&15], d[off>>12&15], d[off>>8&15], d[off>>4&15], d[off&15])
		for _, c := range data[off : off+16] {
			b = append(b, ' ', d[c>>4], d[c&15])
		}
		b = append(b, ' ')
		for _, c := range data[off : off+16] {
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			b = append(b, c)
		}
		b = append(b, '\n')
	}
	return b
}

func BenchmarkAppendDecode(b *testing.B) {
	for _, style := range []string{"hexdump-C", "plain", "seed-rows"} {
		src := benchInput(style)
		b.Run(style, func(b *testing.B) {
			want, err := hexdump.Decode(src)
			if err != nil {
				b.Fatal(err)
			}
			dst := make([]byte, 0, len(want))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := hexdump.AppendDecode(dst[:0], src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Inputs the fuzz targets found, each with what went wrong.
func TestRegressions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []byte
	}{
		// FuzzHexDumpStyles: a Wireshark row whose ASCII column reads
		// "00 ||" lost its "||" as if it were an empty hexdump -C column,
		// and "00" was then read as a sixth byte.
		{"wireshark ASCII column ending in ||", "0000   30 30 20 7c 7c                                    00 ||\n", testkit.MustHex("3030207c7c")},
		// The same bytes in hexdump -C form still read as a delimited column.
		{"hexdump -C column holding |", "00000000  30 30 20 7c 7c                                    |00 |||\n00000005\n", testkit.MustHex("3030207c7c")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodeOK(t, tc.src); !bytes.Equal(got, tc.want) {
				t.Errorf("read %x, want %x", got, tc.want)
			}
		})
	}
}
