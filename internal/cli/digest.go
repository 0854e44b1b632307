package cli

import (
	"encoding/hex"
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

// keyNames names the key a role signs with, as the documents name them.
var keyNames = map[handshake.Role]string{handshake.ClientRole: "Flash Player", handshake.ServerRole: "Flash Media Server"}

// findDigest looks for a digest in a C1/S1 under either key: a capture of
// one direction does not say whether a client or a server sent it.
func findDigest(p *[handshake.C1S1Len]byte) (handshake.Digest, handshake.Role, bool) {
	for _, role := range []handshake.Role{handshake.ClientRole, handshake.ServerRole} {
		if d, ok := handshake.FindDigest(p, role); ok {
			return d, role, true
		}
	}
	return handshake.Digest{}, 0, false
}

// digestDoc describes the digest of the C1/S1 that starts at off.
func digestDoc(p *[handshake.C1S1Len]byte, off int) *DigestDoc {
	d, role, ok := findDigest(p)
	if !ok {
		note := "no digest validates under either layout with either key"
		if [4]byte(p[4:8]) == [4]byte{} {
			note += ": a plain handshake (version 0)"
		} else {
			note += ", though the version field is set: FFmpeg refuses such an S1 when its first version byte is 3 or more; nginx-rtmp and SRS answer such a C1 with a plain handshake"
		}
		return &DigestDoc{Note: note}
	}
	return &DigestDoc{Valid: true, Layout: d.Layout.String(), Offset: off + d.Offset, Key: keyNames[role], Value: hex.EncodeToString(d.Value[:])}
}

// signatureDoc judges a C2/S2 against the peer's C1/S1, when the peer's
// direction was given.
func signatureDoc(reply *[handshake.C2S2Len]byte, peer *[handshake.C1S1Len]byte) *SignatureDoc {
	if peer == nil {
		return &SignatureDoc{Note: "not checked: it is made from the peer's C1/S1, in the other direction (give that with -peer)"}
	}
	d, role, ok := findDigest(peer)
	if !ok {
		echo := handshake.EchoesRandom(reply, peer)
		note := "plain handshake: echoes the peer's random bytes"
		if !echo {
			note = "plain handshake: does not echo the peer's random bytes (RTMP 1.0 §5.2.4: peers must not fail on that)"
		}
		return &SignatureDoc{Checked: true, Valid: echo, Note: note}
	}
	// The reply is signed by the other side over the peer's digest.
	signer := handshake.ServerRole
	if role == handshake.ServerRole {
		signer = handshake.ClientRole
	}
	sd := &SignatureDoc{Checked: true, Key: keyNames[signer]}
	sd.Valid = handshake.CheckSignature(reply, &d, signer)
	if sd.Valid {
		sd.Note = fmt.Sprintf("the last 32 bytes sign it over the peer's digest (at %s)", d.Layout)
	} else {
		sd.Note = fmt.Sprintf("the last 32 bytes are not its signature over the peer's digest (at %s): FFmpeg refuses such an S2 (\"Signature mismatch\"); nginx-rtmp and SRS never check C2", d.Layout)
	}
	return sd
}
