package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

const handshakeFixtures = "../../codec/handshake/testdata/"

// TestDigestReport: decode says, per packet of a captured FFmpeg -> nginx
// session, that the client's digest (offset-8 layout) and the server's are
// valid and that both signatures check against the other direction; of a
// librtmp -> nginx session that the handshake is plain and each reply an
// echo. The JSON round trip is the
// bytes (the report is a view encode ignores).
func TestDigestReport(t *testing.T) {
	parts := func(t *testing.T, args ...string) []HandshakePart {
		t.Helper()
		code, out, stderr := runCLI(t, "", append([]string{"decode", "-format", "json", "-partial"}, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var doc Document
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Handshake) < 2 {
			t.Fatalf("%d handshake parts", len(doc.Handshake))
		}
		return doc.Handshake
	}
	for _, tc := range []struct {
		dir, peer, key, signer string
		offset                 int
	}{
		{"nginx-play.c2s.hex", "nginx-play.s2c.hex", "Flash Player", "Flash Player", 495},
		// nginx's S1 is random, its digest's offset with it (0: any).
		{"nginx-play.s2c.hex", "nginx-play.c2s.hex", "Flash Media Server", "Flash Media Server", 0},
	} {
		hs := parts(t, "-peer", handshakeFixtures+tc.peer, handshakeFixtures+tc.dir)
		d, s := hs[1].Digest, hs[2].Signature
		if d == nil || !d.Valid || d.Layout != "offset at 8" || d.Key != tc.key || tc.offset != 0 && d.Offset != tc.offset {
			t.Errorf("%s: C1/S1 digest %+v", tc.dir, d)
		}
		if s == nil || !s.Checked || !s.Valid || s.Key != tc.signer {
			t.Errorf("%s: C2/S2 signature %+v", tc.dir, s)
		}
		// Without the other direction the signature is not judged.
		hs = parts(t, handshakeFixtures+tc.dir)
		if s := hs[2].Signature; s == nil || s.Checked || !strings.Contains(s.Note, "-peer") {
			t.Errorf("%s without -peer: %+v", tc.dir, s)
		}
	}
	// librtmp playing from nginx: plain both ways, each C2/S2 an echo.
	for _, dir := range [][2]string{{"librtmp-play.c2s.hex", "librtmp-play.s2c.hex"}, {"librtmp-play.s2c.hex", "librtmp-play.c2s.hex"}} {
		hs := parts(t, "-peer", handshakeFixtures+dir[1], handshakeFixtures+dir[0])
		if d := hs[1].Digest; d == nil || d.Valid || !strings.Contains(d.Note, "plain handshake") {
			t.Errorf("%s: %+v", dir[0], d)
		}
		if s := hs[2].Signature; s == nil || !s.Checked || !s.Valid || s.Key != "" || !strings.Contains(s.Note, "echoes") {
			t.Errorf("%s: %+v", dir[0], s)
		}
	}
	code, out, _ := runCLI(t, "", "decode", handshakeFixtures+"nginx-play.c2s.hex")
	if code != exitOK || !strings.Contains(out, "digest: valid with the Flash Player key, layout offset at 8, at offset 495") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}
}

// TestEncryptedSession: an RTMPE capture shows its handshake and refuses
// the rest as encrypted, in auto mode too (where a chunk reading of the
// same bytes would otherwise claim them).
func TestEncryptedSession(t *testing.T) {
	in := "06" + strings.Repeat("00", 3072) + " 03000000000001140000000005"
	code, out, stderr := runCLI(t, in, "decode")
	if code != exitError || !strings.Contains(out, "layer session") || !strings.Contains(stderr, "encrypted") || !strings.Contains(stderr, "RTMPE") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}
