package cli

import (
	"strconv"
	"strings"
	"testing"
)

// TestLimitFlags: every -max-* flag reaches its limit, at the boundary:
// the input decodes with the flag at exactly what it needs and fails, as a
// decode error naming the limit, one below. Past the most a limit can
// mean, the flag is a usage error.
func TestLimitFlags(t *testing.T) {
	payload128 := strings.Repeat("11", 128)
	payload72 := strings.Repeat("22", 72)
	for _, tc := range []struct {
		flag  string
		layer string
		in    string
		need  int    // the smallest value that decodes the input
		say   string // in the error one below it
	}{
		{"max-chunk-size", "chunks", "02 000000 000004 01 00000000 00001000", 4096, "at most 4095"},
		{"max-message-length", "chunks", "03 000000 000005 14 00000000 0200016100", 5, "at most 4"},
		// Two messages in progress at once, interleaved.
		{"max-chunk-streams", "chunks", "04 000000 0000c8 09 01000000 " + payload128 + " 05 000000 0000c8 09 01000000 " + payload128 +
			" c4 " + payload72 + " c5 " + payload72, 2, "at most 1 chunk streams"},
		// A 200-byte message in two chunks: a 200-byte buffer and four
		// 16-byte chunk records.
		{"max-partial-bytes", "chunks", "04 000000 0000c8 09 01000000 " + payload128 + " c4 " + payload72, 200 + 4*16, "at most 263 bytes"},
		{"max-amf0-depth", "amf0", "03 0001 61 03 0000 09 0000 09", 2, "at most 1 nested"},
		{"max-amf0-values", "amf0", "05 05 05", 3, "at most 2 values"},
		{"max-amf0-string-bytes", "amf0", "02 0003 616263", 3, "at most 2 bytes"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			code, out, stderr := runCLI(t, tc.in, "decode", "-layer", tc.layer, "-"+tc.flag, strconv.Itoa(tc.need))
			if code != exitOK {
				t.Fatalf("-%s %d: exit %d: %s", tc.flag, tc.need, code, stderr)
			}
			if strings.Contains(out, "error") {
				t.Fatalf("-%s %d: %s", tc.flag, tc.need, out)
			}
			code, _, stderr = runCLI(t, tc.in, "decode", "-layer", tc.layer, "-"+tc.flag, strconv.Itoa(tc.need-1))
			if code != exitError || !strings.Contains(stderr, tc.say) || !strings.Contains(stderr, "limit") {
				t.Fatalf("-%s %d: exit %d, want %d with %q and the limit named: %s", tc.flag, tc.need-1, code, exitError, tc.say, stderr)
			}
		})
	}
	for _, bad := range [][]string{
		{"-max-amf0-depth", "10001"}, {"-max-chunk-size", "2147483648"}, {"-max-message-length", "16777216"}, {"-max-chunk-streams", "65599"},
	} {
		if code, _, stderr := runCLI(t, "05", append([]string{"decode"}, bad...)...); code != exitUsage || !strings.Contains(stderr, "at most") {
			t.Errorf("%v: exit %d: %s", bad, code, stderr)
		}
	}
}
