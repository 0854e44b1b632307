package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

func isTruncation(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }

// decodeBytes picks the layer and decodes. It returns a document whenever
// some prefix decoded, with doc.Error set and the error returned when the
// input is cut short or turns malformed; a nil document means nothing
// decoded.
func decodeBytes(data []byte, opts *decodeOptions) (*Document, error) {
	if _, hinted := opts.hint("layer"); hinted {
		doc, err := decodeLayer(data, opts)
		if doc != nil {
			doc.Assumed = append([]string{"layer " + opts.layer + " " + opts.source("layer")}, doc.Assumed...)
		}
		return doc, err
	}
	return decodeLayer(data, opts)
}

func decodeLayer(data []byte, opts *decodeOptions) (*Document, error) {
	switch opts.layer {
	case "session":
		if !handshakeVersion(data[0]) && len(data) >= handshake.C2S2Len {
			doc, err := decodeSession(data, opts, session.AtReply)
			if doc != nil {
				doc.Assumed = append(doc.Assumed, fmt.Sprintf("the capture starts at C2/S2: its first byte 0x%02x is no handshake version", data[0]))
			}
			return doc, err
		}
		return decodeSession(data, opts, session.AtHandshake)
	case "handshake":
		return decodeHandshakeOnly(data, opts)
	case "chunks":
		return decodeChunkLayer(data, opts)
	case "message":
		return decodeMessageLayer(data, opts)
	case "amf0":
		return decodeAMF0Layer(data, opts.amf)
	case "amf3":
		return decodeAMF3Layer(data, opts.amf)
	case "flv":
		return decodeFLVLayer(data, opts.amf)
	}
	if looksLikeFLV(data) {
		doc, err := decodeFLVLayer(data, opts.amf)
		if doc != nil {
			doc.Assumed = append(doc.Assumed, `layer flv: the input starts with the FLV signature ("FLV", version 1)`)
			return doc, err
		}
	}
	return decodeAuto(data, opts)
}

type candidate struct {
	name string
	try  func() (*Document, error)
}

// decodeAuto tries the layers the input could be, in the order a capture is
// most likely to be, and takes the first that decodes cleanly; failing that,
// the first that decodes up to a cut-short end; failing that, it reports the
// error of the most likely layer.
func decodeAuto(data []byte, opts *decodeOptions) (*Document, error) {
	var cands []candidate
	looksLikeSession := handshakeVersion(data[0])
	if looksLikeSession && (len(data) == handshake.HelloLen || len(data) == handshake.DirectionLen) {
		// Exactly C0+C1, or a whole handshake direction with nothing after it.
		cands = append(cands, candidate{"handshake", func() (*Document, error) { return decodeHandshakeOnly(data, opts) }})
	}
	if looksLikeSession && len(data) >= handshake.HelloLen {
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, session.AtHandshake) }})
	}
	cands = append(cands, candidate{"chunks", func() (*Document, error) { return decodeChunkLayer(data, opts) }})
	if len(data) == handshake.C2S2Len {
		cands = append(cands, candidate{"handshake", func() (*Document, error) { return decodeHandshakeOnly(data, opts) }})
	}
	if len(data) > handshake.C2S2Len {
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, session.AtReply) }})
	}
	cands = append(cands, candidate{"amf0", func() (*Document, error) { return decodeAMF0Layer(data, opts.amf) }})
	if looksLikeSession && len(data) < handshake.HelloLen {
		// A capture of the first bytes of a handshake.
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, session.AtHandshake) }})
	}

	type result struct {
		doc *Document
		err error
	}
	results := make([]result, len(cands))
	for i, c := range cands {
		doc, err := c.try()
		if doc != nil && err == nil {
			doc.Assumed = append([]string{"layer " + c.name + " (auto: the first layer the whole input decodes as)"}, doc.Assumed...)
			return doc, nil
		}
		results[i] = result{doc, err}
	}
	for i, r := range results {
		// An RTMPE handshake explains the input: its packets decode, and
		// what follows is ciphertext no other reading should claim.
		if r.doc != nil && errors.Is(r.err, handshake.ErrEncrypted) {
			r.doc.Assumed = append([]string{"layer " + cands[i].name + " (auto: an encrypted (RTMPE) handshake; what follows it is not decoded)"}, r.doc.Assumed...)
			return r.doc, r.err
		}
	}
	for i, r := range results {
		if r.doc != nil && isTruncation(r.err) {
			r.doc.Assumed = append([]string{"layer " + cands[i].name + " (auto: no layer decodes the whole input; this one decodes it up to where it is cut short)"}, r.doc.Assumed...)
			return r.doc, r.err
		}
	}
	first := results[0]
	if first.err == nil {
		first.err = errors.New("input decodes as no layer")
	}
	return nil, fmt.Errorf("no layer decodes the input (tried %s); as %s: %w", candidateNames(cands), cands[0].name, first.err)
}

func candidateNames(cands []candidate) string {
	var names []string
	for _, c := range cands {
		if !contains(names, c.name) {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// handshakeVersion reports whether b can open a handshake: 3 for plain
// RTMP, 6 and up for the encrypted variants.
func handshakeVersion(b byte) bool {
	return handshake.Version(b) == handshake.VersionPlain || (b >= 6 && b <= 10)
}
