package handshake

import (
	"crypto/sha256"
	"crypto/subtle"
)

// The digest ("complex") handshake of Flash Player 9 and later, which
// Adobe never specified: C1 and S1 carry a non-zero version in their
// second field and hide an HMAC-SHA256 digest of the rest of the packet in
// their random bytes, at a place DigestLayout derives from the packet
// itself; C2 and S2 end with a signature keyed by the peer's digest. FFmpeg
// and librtmp (rtmpdigest.c, handshake.h), nginx-rtmp
// (ngx_rtmp_handshake.c) and SRS compute them the same way; the constants
// are in spec/handshake.json.
//
// Packets here are the 1536 bytes of C1/S1 or C2/S2 as on the wire, C0 not
// included. Nothing allocates: every HMAC runs over stack buffers.

// Role says whose key a digest or signature is made with: a client signs
// C1 and C2 with the Flash Player key, a server S1 and S2 with the Flash
// Media Server key.
type Role uint8

const (
	ClientRole Role = iota
	ServerRole
)

func (r Role) String() string {
	if r&1 == ClientRole {
		return "client (Flash Player key)"
	}
	return "server (Flash Media Server key)"
}

// keys holds each role's keys as bytes, made once from the spec's
// constants: the digest key signs a C1 (client) or S1 (server), the
// signature key derives the key of a C2 or S2 signature.
var keys = [...]struct{ digest, signature []byte }{
	ClientRole: {[]byte(FlashPlayerKeyText), []byte(FlashPlayerKeyText + KeySuffix)},
	ServerRole: {[]byte(FlashMediaServerKeyText), []byte(FlashMediaServerKeyText + KeySuffix)},
}

// signedLen is how much of a C2/S2 its signature covers: everything before
// the signature.
const signedLen = C2S2Len - DigestLen

// Digest is a digest found in, or written to, a C1 or S1.
type Digest struct {
	Layout DigestLayout
	Offset int // in the packet, C0 not counted
	Value  [DigestLen]byte
}

// DigestOffset returns where l puts the digest in packet p: the sum of the
// four bytes at l.OffsetField(), modulo l.Modulus(), plus l.Base(). It
// returns -1 for a layout spec/handshake.json does not describe.
func (l DigestLayout) DigestOffset(p *[C1S1Len]byte) int {
	if !l.Known() {
		return -1
	}
	f := l.OffsetField()
	sum := int(p[f]) + int(p[f+1]) + int(p[f+2]) + int(p[f+3])
	return sum%l.Modulus() + l.Base()
}

// CheckDigest reports whether p holds, under layout l, the digest role's
// key makes of the rest of p, and returns it.
func CheckDigest(p *[C1S1Len]byte, l DigestLayout, role Role) (Digest, bool) {
	off := l.DigestOffset(p)
	if off < 0 {
		return Digest{Layout: l, Offset: off}, false
	}
	want := hmacSHA256(keys[role&1].digest, p[:off], p[off+DigestLen:])
	d := Digest{Layout: l, Offset: off, Value: [DigestLen]byte(p[off : off+DigestLen])}
	return d, subtle.ConstantTimeCompare(want[:], d.Value[:]) == 1
}

// FindDigest looks for role's digest in p under each layout, in the order
// FFmpeg and nginx-rtmp try them (offset at 772, then at 8). ok is false
// when neither holds one: a plain handshake's C1/S1, or a digest made with
// the other key or damaged.
func FindDigest(p *[C1S1Len]byte, role Role) (d Digest, ok bool) {
	for _, l := range [...]DigestLayout{DigestAt772, DigestAt8} {
		if d, ok = CheckDigest(p, l, role); ok {
			return d, true
		}
	}
	return Digest{}, false
}

// PutDigest writes role's digest into p under layout l and returns it. The
// rest of p must be final, the bytes at l's offset field included, since
// they place the digest and the digest covers them. It returns ok false,
// writing nothing, for a layout spec/handshake.json does not describe.
func PutDigest(p *[C1S1Len]byte, l DigestLayout, role Role) (Digest, bool) {
	off := l.DigestOffset(p)
	if off < 0 {
		return Digest{}, false
	}
	d := Digest{Layout: l, Offset: off, Value: hmacSHA256(keys[role&1].digest, p[:off], p[off+DigestLen:])}
	copy(p[off:], d.Value[:])
	return d, true
}

// Signature returns the signature that ends a digest handshake's C2 (role
// ClientRole, keyed by the server's S1 digest) or S2 (role ServerRole, keyed by the
// client's C1 digest): HMAC-SHA256 over p's first 1504 bytes, keyed by
// HMAC-SHA256 of the peer's digest under the role's full key.
func Signature(p *[C2S2Len]byte, peer *Digest, role Role) [DigestLen]byte {
	key := hmacSHA256(keys[role&1].signature, peer.Value[:], nil)
	return hmacSHA256(key[:], p[:signedLen], nil)
}

// PutSignature writes the signature into the last 32 bytes of p, whose
// first 1504 bytes must be final.
func PutSignature(p *[C2S2Len]byte, peer *Digest, role Role) {
	sig := Signature(p, peer, role)
	copy(p[signedLen:], sig[:])
}

// CheckSignature reports whether p ends with role's signature over the
// peer's digest.
func CheckSignature(p *[C2S2Len]byte, peer *Digest, role Role) bool {
	sig := Signature(p, peer, role)
	return subtle.ConstantTimeCompare(sig[:], p[signedLen:]) == 1
}

// hmacSHA256 is HMAC-SHA256 (RFC 2104) of a‖b under key, over stack
// buffers: crypto/hmac allocates its two hash states on every call, and a
// server answers every connection with four of these. A key longer than
// SHA-256's 64-byte block (the Flash Media Server full key, 68 bytes) is
// hashed first, as RFC 2104 says.
func hmacSHA256(key, a, b []byte) [sha256.Size]byte {
	const block = 64
	var k [block]byte
	if len(key) > block {
		h := sha256.Sum256(key)
		copy(k[:], h[:])
	} else {
		copy(k[:], key)
	}
	var inner [block + C1S1Len]byte
	for i := range k {
		inner[i] = k[i] ^ 0x36
	}
	n := block + copy(inner[block:], a)
	n += copy(inner[n:], b)
	sum := sha256.Sum256(inner[:n])
	var outer [block + sha256.Size]byte
	for i := range k {
		outer[i] = k[i] ^ 0x5c
	}
	copy(outer[block:], sum[:])
	return sha256.Sum256(outer[:])
}
