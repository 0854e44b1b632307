package handshake

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// lfg is FFmpeg's lagged Fibonacci generator (libavutil/lfg.c), which
// fills the random bytes of FFmpeg's C1 from a fixed seed: with it the
// test builds, without FFmpeg, the C0+C1 FFmpeg sends on every run.
type lfg struct {
	state [64]uint32
	index uint32
}

func newLFG(seed uint32) *lfg {
	var g lfg
	var tmp [16]byte
	for i := 8; i < 64; i += 4 {
		binary.LittleEndian.PutUint32(tmp[:], seed)
		tmp[4] = byte(i)
		tmp = md5.Sum(tmp[:])
		for j := range 4 {
			g.state[i+j] = binary.LittleEndian.Uint32(tmp[4*j:])
		}
	}
	return &g
}

func (g *lfg) next() uint32 {
	x := g.state[(g.index-24)&63] + g.state[(g.index-55)&63]
	g.state[g.index&63] = x
	g.index++
	return x
}

// ffmpegC0C1 is what FFmpeg's rtmp_handshake sends: C0 3, C1 time 0,
// version 9.0.124.2, the generator's top bytes, the digest at offset 8's
// layout. HANDSHAKE-FACTS gives the hash of the bytes a real FFmpeg 5.1
// sent; the test checks the built bytes against it.
func ffmpegC0C1(t testing.TB) []byte {
	b := make([]byte, HelloLen)
	b[0] = 3
	copy(b[5:9], []byte{0x09, 0x00, 0x7c, 0x02})
	g := newLFG(0xDEADC0DE)
	for i := 9; i < HelloLen; i++ {
		b[i] = byte(g.next() >> 24)
	}
	if _, ok := PutDigest((*[C1S1Len]byte)(b[1:]), DigestAt8, ClientRole); !ok {
		t.Fatal("PutDigest refused a known layout")
	}
	return b
}

func TestFFmpegC1Digest(t *testing.T) {
	b := ffmpegC0C1(t)
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != "0a95cb7194f06f14a12c986e1474157850a5a2aee174ebc957c0ef56cd9f0ba7" {
		t.Fatalf("built C0+C1 is not FFmpeg's: sha256 %x", sum)
	}
	c1 := (*[C1S1Len]byte)(b[1:])
	d, ok := FindDigest(c1, ClientRole)
	if !ok || d.Layout != DigestAt8 || d.Offset != 494 || hex.EncodeToString(d.Value[:]) != "650bfb9b65f953d848e3456965d0d76b627a84e35e9ddabd8b43f0fadaee458c" {
		t.Fatalf("FindDigest: %v %+v", ok, d)
	}
	if _, ok := CheckDigest(c1, DigestAt772, ClientRole); ok {
		t.Error("the offset-772 layout validates too")
	}
	if _, ok := FindDigest(c1, ServerRole); ok {
		t.Error("a client digest validates with the server key")
	}
	rejectsEveryFlip(t, c1, d, ClientRole)
}

// TestFlashPlayerC1Digest: a C1 a real Flash Player sent (kept by SRS's
// unit tests), digest under the offset-772 layout.
func TestFlashPlayerC1Digest(t *testing.T) {
	b := testkit.HexFile(t, "testdata/flashplayer-c0c1.hex")
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != "fb62ff65fcfdb84c5cb9cc0ecb560692f3225f88020c8165a51b19c91dbea0f6" {
		t.Fatalf("fixture sha256 %x", sum)
	}
	c1 := (*[C1S1Len]byte)(b[1:])
	d, ok := FindDigest(c1, ClientRole)
	if !ok || d.Layout != DigestAt772 || d.Offset != 1239 || hex.EncodeToString(d.Value[:]) != "6c969f26ebdc61c48fd32b81866c9cc2b1b5bca6d6d61dce9378b3eca8641913" {
		t.Fatalf("FindDigest: %v %+v", ok, d)
	}
	if _, ok := CheckDigest(c1, DigestAt8, ClientRole); ok {
		t.Error("the offset-8 layout validates too")
	}
	rejectsEveryFlip(t, c1, d, ClientRole)
}

// rejectsEveryFlip: with any one byte of the digest flipped, or any byte
// it covers, the packet no longer validates under either layout.
func rejectsEveryFlip(t *testing.T, p *[C1S1Len]byte, d Digest, role Role) {
	t.Helper()
	for i := range C1S1Len {
		if i%7 != 0 && (i < d.Offset || i >= d.Offset+DigestLen) {
			continue // every digest byte, and a sample of the rest
		}
		c := *p
		c[i] ^= 0x01
		if got, ok := FindDigest(&c, role); ok {
			t.Fatalf("byte %d flipped: still validates (%+v)", i, got)
		}
	}
}

// TestPutDigest: what PutDigest writes validates under its layout and key
// only, for every layout and role, wherever the offset fields place it.
func TestPutDigest(t *testing.T) {
	for _, role := range []Role{ClientRole, ServerRole} {
		for _, l := range DigestLayoutValues {
			for seed := range 64 {
				var p [C1S1Len]byte
				for i := range p {
					p[i] = byte(i*31 + seed*17 + i>>3)
				}
				d, ok := PutDigest(&p, l, role)
				if !ok || d.Offset < l.Base() || d.Offset >= l.Base()+l.Modulus() {
					t.Fatalf("%v %v: %v offset %d", role, l, ok, d.Offset)
				}
				// Invariant: the digest never overlaps the other layout's
				// offset field or runs past the packet.
				if l == DigestAt8 && d.Offset+DigestLen > DigestAt772.OffsetField() || d.Offset+DigestLen > C1S1Len {
					t.Fatalf("%v: digest at %d runs into the other layout's field", l, d.Offset)
				}
				got, ok := FindDigest(&p, role)
				if !ok || got != d {
					t.Fatalf("%v %v seed %d: FindDigest %v %+v, wrote %+v", role, l, seed, ok, got, d)
				}
				if _, ok := FindDigest(&p, role^1); ok {
					t.Fatalf("%v %v: validates with the other key", role, l)
				}
			}
		}
	}
	var p [C1S1Len]byte
	if _, ok := PutDigest(&p, DigestLayout(7), ClientRole); ok || p != [C1S1Len]byte{} {
		t.Error("an unknown layout was written")
	}
}

// TestHMAC: the stack-buffer HMAC is crypto/hmac's, for every key length
// the handshake uses (30, 36, 62, 68 bytes, 32 for a derived key) and
// messages split anywhere.
func TestHMAC(t *testing.T) {
	msg := bytes.Repeat([]byte{1, 2, 3, 5, 8, 13}, 256)[:1504]
	for _, key := range [][]byte{keys[ClientRole].digest, keys[ServerRole].digest, keys[ClientRole].signature, keys[ServerRole].signature, msg[:32], msg[:64], msg[:65]} {
		h := hmac.New(sha256.New, key)
		h.Write(msg)
		want := h.Sum(nil)
		for _, cut := range []int{0, 1, 700, 1504} {
			if got := hmacSHA256(key, msg[:cut], msg[cut:]); !bytes.Equal(got[:], want) {
				t.Fatalf("key of %d bytes, cut %d: %x, want %x", len(key), cut, got, want)
			}
		}
	}
}

// TestSignature: a signature checks against the digest it was made over,
// and fails with any byte of the packet or of the digest changed, or with
// the other role.
func TestSignature(t *testing.T) {
	c1 := (*[C1S1Len]byte)(ffmpegC0C1(t)[1:])
	d, _ := FindDigest(c1, ClientRole)
	var s2 [C2S2Len]byte
	for i := range signedLen {
		s2[i] = byte(i * 7)
	}
	PutSignature(&s2, &d, ServerRole)
	if !CheckSignature(&s2, &d, ServerRole) || CheckSignature(&s2, &d, ClientRole) {
		t.Fatal("the signature does not check with its own role only")
	}
	for i := 0; i < C2S2Len; i += 37 {
		c := s2
		c[i] ^= 0x80
		if CheckSignature(&c, &d, ServerRole) {
			t.Fatalf("byte %d flipped: still checks", i)
		}
	}
	other := d
	other.Value[31] ^= 1
	if CheckSignature(&s2, &other, ServerRole) {
		t.Error("checks against another digest")
	}
}

func TestDigestAllocations(t *testing.T) {
	c1 := (*[C1S1Len]byte)(ffmpegC0C1(t)[1:])
	var s2 [C2S2Len]byte
	var d Digest
	allocs := testkit.AllocsPerRun(t, 50, func() {
		d, _ = FindDigest(c1, ClientRole)
		PutDigest(c1, DigestAt8, ClientRole)
		PutSignature(&s2, &d, ServerRole)
		CheckSignature(&s2, &d, ServerRole)
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
}

func BenchmarkFindDigest(b *testing.B) {
	c1 := (*[C1S1Len]byte)(ffmpegC0C1(b)[1:])
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := FindDigest(c1, ClientRole); !ok {
			b.Fatal("no digest")
		}
	}
}

// BenchmarkServerDigestReply is what a server computes to answer a digest
// client: S1's digest and S2's signature.
func BenchmarkServerDigestReply(b *testing.B) {
	c1 := (*[C1S1Len]byte)(ffmpegC0C1(b)[1:])
	d, _ := FindDigest(c1, ClientRole)
	var s1 [C1S1Len]byte
	var s2 [C2S2Len]byte
	b.ReportAllocs()
	for b.Loop() {
		PutDigest(&s1, DigestAt8, ServerRole)
		PutSignature(&s2, &d, ServerRole)
	}
}

// TestCapturedHandshakes checks the packets capture.sh recorded from real
// peers the way each one's counterpart does.
func TestCapturedHandshakes(t *testing.T) {
	// FFmpeg's C0+C1 as sent is the one its generator gives, so every
	// check on the built one holds for the captured one.
	if got := testkit.HexFile(t, "testdata/ffmpeg-c0c1.hex"); !bytes.Equal(got, ffmpegC0C1(t)) {
		t.Error("the captured FFmpeg C0+C1 is not the one its generator gives")
	}
	// librtmp without RTMPE and GStreamer's rtmp2 send a plain C1: version
	// 0 and no digest, so nginx-rtmp and Server answer plain.
	for _, name := range []string{"librtmp-c0c1.hex", "gst-rtmp2-c0c1.hex"} {
		b := testkit.HexFile(t, "testdata/"+name)
		var h Hello
		if _, err := h.Decode(b); err != nil || h.C1S1.Version != 0 || len(b) != HelloLen {
			t.Errorf("%s: %v, version %#x", name, err, h.C1S1.Version)
		}
		if _, role, ok := findEither((*[C1S1Len]byte)(b[1:])); ok {
			t.Errorf("%s: a digest validates with the %v key", name, role)
		}
		res, err := Server(&scripted{in: bytes.NewReader(append(b, make([]byte, C2S2Len)...))}, nil)
		if err != nil || res.Digest {
			t.Errorf("%s: Server answered %+v, %v; want a plain handshake", name, res, err)
		}
	}
	// FFmpeg playing from nginx-rtmp. FFmpeg checks S1's digest (layout
	// offset at 772, then 8) with the Flash Media Server key and S2's
	// signature over its C1 digest; nginx checks neither C1 nor C2 but
	// signs over C1's digest, and FFmpeg signs C2 over S1's.
	c2s := testkit.HexFile(t, "testdata/nginx-play.c2s.hex")
	s2c := testkit.HexFile(t, "testdata/nginx-play.s2c.hex")
	c1, s1 := (*[C1S1Len]byte)(c2s[1:HelloLen]), (*[C1S1Len]byte)(s2c[1:HelloLen])
	cd, ok := FindDigest(c1, ClientRole)
	if !ok || cd.Layout != DigestAt8 {
		t.Fatalf("FFmpeg's C1 to nginx: %v %+v", ok, cd)
	}
	sd, ok := FindDigest(s1, ServerRole)
	if !ok || sd.Layout != DigestAt8 || s1[4] < 3 {
		t.Fatalf("nginx's S1: %v %+v, version byte %d", ok, sd, s1[4])
	}
	s2 := (*[C2S2Len]byte)(s2c[HelloLen:DirectionLen])
	if !CheckSignature(s2, &cd, ServerRole) {
		t.Error("nginx's S2 is not signed over FFmpeg's C1 digest")
	}
	for i := signedLen; i < C2S2Len; i++ {
		flipped := *s2
		flipped[i] ^= 0x10
		if CheckSignature(&flipped, &cd, ServerRole) {
			t.Fatalf("nginx's S2 with signature byte %d flipped still checks", i-signedLen)
		}
	}
	if !CheckSignature((*[C2S2Len]byte)(c2s[HelloLen:DirectionLen]), &sd, ClientRole) {
		t.Error("FFmpeg's C2 is not signed over nginx's S1 digest")
	}
	// Any one byte of either digest flipped, they fail.
	rejectsEveryFlip(t, c1, cd, ClientRole)
	rejectsEveryFlip(t, s1, sd, ServerRole)

	// rtmpdump playing from nginx: a plain C1, which nginx answers by
	// echoing C0+C1 as S0+S1 and C1 as S2; librtmp's C2 echoes S1.
	c2s = testkit.HexFile(t, "testdata/librtmp-play.c2s.hex")
	s2c = testkit.HexFile(t, "testdata/librtmp-play.s2c.hex")
	if _, _, ok := findEither((*[C1S1Len]byte)(c2s[1:HelloLen])); ok || c2s[5]|c2s[6]|c2s[7]|c2s[8] != 0 {
		t.Error("librtmp's C1 to nginx is not plain")
	}
	if !bytes.Equal(s2c[:HelloLen], c2s[:HelloLen]) || !bytes.Equal(s2c[HelloLen:DirectionLen], c2s[1:HelloLen]) {
		t.Error("nginx did not echo librtmp's C0+C1 and C1")
	}
	var peer C1S1
	_ = peer.DecodeAll(s2c[1:HelloLen])
	var r C2S2
	_ = r.DecodeAll(c2s[HelloLen:DirectionLen])
	if random, time := Echoes(&r, &peer); !random || !time {
		t.Errorf("librtmp's C2 does not echo S1: random %v, time %v", random, time)
	}
}

func findEither(p *[C1S1Len]byte) (Digest, Role, bool) {
	for _, r := range []Role{ClientRole, ServerRole} {
		if d, ok := FindDigest(p, r); ok {
			return d, r, true
		}
	}
	return Digest{}, 0, false
}
