package handshake

import (
	"crypto/rand"
	"errors"
	"io"
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// The exchange: a server's and a client's side of the handshake over an
// io.ReadWriter. Deadlines stay with the caller's connection: set them
// before calling, and a timeout comes back as the read or write error.

// Defaults of the exchange. They are choices, not wire facts: versions
// peers are known to accept.
const (
	// DefaultClientVersion is the version a digest C1 carries: FFmpeg's,
	// 9.0.124.2, which nginx-rtmp, SRS, Red5 and librtmp's server all
	// treat as a digest client.
	DefaultClientVersion = 0x09007c02
	// DefaultServerVersion is the version a digest S1 carries:
	// nginx-rtmp's, 13.14.10.13. FFmpeg validates the digest of an S1
	// whose first version byte is 3 or more, and plays from nginx-rtmp.
	DefaultServerVersion = 0x0d0e0a0d
)

// Errors the exchange returns inside a *wire.Error, each wrapping a wire
// kind for errors.Is.
var (
	// ErrEncrypted: the peer's C0/S0 asks for RTMPE (6, 8 or 9), which
	// this codec does not implement (wraps wire.ErrUnsupported).
	ErrEncrypted error = wire.NewKind("encrypted handshake (RTMPE)", wire.ErrUnsupported)
	// ErrNoDigest: the peer's C1/S1 has no valid digest where the policy
	// needs one (wraps wire.ErrConstraint).
	ErrNoDigest error = wire.NewKind("no valid digest", wire.ErrConstraint)
	// ErrSignature: the server's S2 signature does not check against the
	// client's digest (wraps wire.ErrConstraint).
	ErrSignature error = wire.NewKind("signature mismatch", wire.ErrConstraint)
)

// ServerPolicy says how a server answers a client's C1.
type ServerPolicy uint8

const (
	// AnswerInKind answers a C1 that holds a valid digest with a digest
	// S1 and a signed S2, and any other C1 with a plain S1 and an S2 that
	// echoes it: what nginx-rtmp and SRS do, falling back to plain when a
	// versioned C1 holds no valid digest.
	AnswerInKind ServerPolicy = iota
	// RequireDigest refuses a client whose C1 holds no valid digest
	// (ErrNoDigest), as librtmp's server does with a versioned C1.
	RequireDigest
	// PlainOnly always answers plain (S1 version 0), as RTMP 1.0
	// describes. FFmpeg plays from such a server: it checks only an S1
	// whose first version byte is 3 or more.
	PlainOnly
)

// ServerConfig configures Server. The zero value answers in kind with
// DefaultServerVersion, S1's digest under the client's layout, time 0 and
// random bytes from crypto/rand.
type ServerConfig struct {
	Policy ServerPolicy
	// Version is S1's version field in a digest answer; 0 means
	// DefaultServerVersion. A plain answer carries 0.
	Version uint32
	// Layout places S1's digest; nil means the layout the client's
	// digest used, as SRS does (nginx-rtmp always uses DigestAt8).
	Layout *DigestLayout
	// Time gives S1's time and S2's time2; nil means 0.
	Time func() uint32
	// Rand gives S1's and S2's random bytes; nil means crypto/rand.
	Rand io.Reader
}

// ClientConfig configures Client. The zero value sends a digest C1 with
// DefaultClientVersion under DigestAt8 (FFmpeg's C1), time 0, random
// bytes from crypto/rand, and validates S1 and S2 as FFmpeg does.
type ClientConfig struct {
	// Plain sends a plain C1 (version 0, no digest) and checks nothing,
	// as librtmp does without RTMPE.
	Plain bool
	// Version is C1's version field in digest mode; 0 means
	// DefaultClientVersion.
	Version uint32
	// Layout places C1's digest.
	Layout DigestLayout
	// Lenient accepts an S1 that promises a digest it does not hold and an
	// S2 whose signature does not check, and reports them only; nginx-rtmp's
	// and SRS's clients never check. By default both fail, as in FFmpeg.
	Lenient bool
	// Time gives C1's time and C2's time2; nil means 0.
	Time func() uint32
	// Rand gives C1's and C2's random bytes; nil means crypto/rand.
	Rand io.Reader
}

// Result is what a handshake negotiated.
type Result struct {
	// PeerVersion is the peer's C0/S0 byte.
	PeerVersion Version
	// PeerTime and PeerHelloVersion are the first two fields of the
	// peer's C1/S1: its epoch and its version (0 from a plain peer).
	PeerTime, PeerHelloVersion uint32
	// PeerDigest is the digest found in the peer's C1/S1, when
	// PeerDigestValid: under which layout, where, with the peer's key.
	PeerDigest      Digest
	PeerDigestValid bool
	// Digest reports that the handshake ran as a digest one: the hellos
	// carry digests and the replies are signatures. Otherwise it was
	// plain, and the replies echo.
	Digest bool
	// PeerReplyValid reports on the peer's C2/S2: in a digest handshake
	// whether its signature checks against this side's digest, in a plain
	// one whether it echoes this side's random bytes (RTMP 1.0 §5.2.4,
	// where a mismatch must not fail the connection).
	PeerReplyValid bool
	// Read and Written count the handshake's bytes on the connection,
	// 3073 each way, for the acknowledgement window.
	Read, Written int64
}

// exchange holds a handshake's buffers and counts: one allocation per
// handshake.
type exchange struct {
	rw     io.ReadWriter
	res    Result
	in     [DirectionLen]byte // the peer's C0 C1 C2 / S0 S1 S2
	out    [DirectionLen]byte // ours
	random io.Reader
	time   func() uint32
}

func newExchange(rw io.ReadWriter, random io.Reader, time func() uint32) *exchange {
	if random == nil {
		random = rand.Reader
	}
	if time == nil {
		time = func() uint32 { return 0 }
	}
	return &exchange{rw: rw, random: random, time: time}
}

func (x *exchange) read(b []byte) error {
	n, err := io.ReadFull(x.rw, b)
	x.res.Read += int64(n)
	return err
}

func (x *exchange) write(b []byte) error {
	n, err := x.rw.Write(b)
	x.res.Written += int64(n)
	return err
}

// readHello reads the peer's C0/S0, refusing anything but plain RTMP
// before reading further, then its C1/S1, and looks for the peer's digest.
func (x *exchange) readHello(peer Role) (*[C1S1Len]byte, error) {
	if err := x.read(x.in[:C0S0Len]); err != nil {
		return nil, err
	}
	v := Version(x.in[0])
	x.res.PeerVersion = v
	if v != VersionPlain {
		kind, what := wire.ErrConstraint, "a version the specification does not define"
		if v.Encrypted() {
			kind, what = ErrEncrypted, v.Name()+", an encrypted variant this codec does not implement"
		}
		return nil, &wire.Error{Layer: "handshake", Field: "C0S0.Version", Offset: 0,
			Expected: "3 (plain RTMP), got " + strconv.Itoa(int(v)) + ": " + what, Err: kind}
	}
	hello := (*[C1S1Len]byte)(x.in[C0S0Len:HelloLen])
	if err := x.read(hello[:]); err != nil {
		return nil, err
	}
	var h C1S1
	_ = h.DecodeAll(hello[:]) // exactly its length
	x.res.PeerTime, x.res.PeerHelloVersion = h.Time, h.Version
	x.res.PeerDigest, x.res.PeerDigestValid = FindDigest(hello, peer)
	return hello, nil
}

// fillHello writes our C0 and C1/S1: time, version, random bytes, and the
// digest under l when version is not 0.
func (x *exchange) fillHello(version uint32, l DigestLayout, role Role) (*[C1S1Len]byte, Digest, error) {
	x.out[0] = byte(VersionPlain)
	hello := (*[C1S1Len]byte)(x.out[C0S0Len:HelloLen])
	h := C1S1{Time: x.time(), Version: version}
	_, _ = h.Append(hello[:0])
	// The random bytes go straight into the packet: read into h, h would
	// escape to the heap through the io.Reader.
	if _, err := io.ReadFull(x.random, hello[randomOffset:]); err != nil {
		return nil, Digest{}, err
	}
	if version == 0 {
		return hello, Digest{}, nil
	}
	d, ok := PutDigest(hello, l, role)
	if !ok {
		return nil, Digest{}, errors.New("handshake: digest layout " + l.String() + " is not in spec/handshake.json")
	}
	return hello, d, nil
}

// fillReply writes our C2/S2: in a digest handshake random bytes signed
// over the peer's digest, in a plain one the echo of the peer's hello.
func (x *exchange) fillReply(reply *[C2S2Len]byte, peerHello *[C1S1Len]byte, role Role) error {
	if x.res.Digest {
		if _, err := io.ReadFull(x.random, reply[:signedLen]); err != nil {
			return err
		}
		PutSignature(reply, &x.res.PeerDigest, role)
		return nil
	}
	var peer C1S1
	_ = peer.DecodeAll(peerHello[:])
	r := C2S2{Time: peer.Time, Time2: x.time(), Random: peer.Random}
	_, _ = r.Append(reply[:0])
	return nil
}

// checkReply judges the peer's C2/S2 against our hello and its digest.
func (x *exchange) checkReply(reply *[C2S2Len]byte, ours *[C1S1Len]byte, our Digest, peer Role) {
	if x.res.Digest {
		x.res.PeerReplyValid = CheckSignature(reply, &our, peer)
		return
	}
	x.res.PeerReplyValid = EchoesRandom(reply, ours)
}

// randomOffset is where the random bytes of a C1/S1 or C2/S2 start.
const randomOffset = C1S1Len - len(C1S1{}.Random)

// EchoesRandom reports whether reply (a C2 or S2) carries the random bytes
// of hello (the peer's C1 or S1), as a plain handshake's reply should
// (RTMP 1.0 §5.2.4); Echoes does the same for decoded packets.
func EchoesRandom(reply *[C2S2Len]byte, hello *[C1S1Len]byte) bool {
	return [C1S1Len - randomOffset]byte(reply[randomOffset:]) == [C1S1Len - randomOffset]byte(hello[randomOffset:])
}

// Server runs the server's side of the handshake on rw: it reads C0 and
// C1, answers with S0, S1 and S2 in one write, and reads C2. It returns
// what was negotiated, and an error for a C0 other than 3 (ErrEncrypted
// for RTMPE), for a client the policy refuses (ErrNoDigest), or from the
// connection. A C2 that neither echoes nor is signed does not fail it (no
// server in use checks C2; FFmpeg sends S1 back when it publishes):
// Result.PeerReplyValid reports it.
func Server(rw io.ReadWriter, cfg *ServerConfig) (Result, error) {
	if cfg == nil {
		cfg = &ServerConfig{}
	}
	if cfg.Policy > PlainOnly {
		return Result{}, errors.New("handshake: ServerPolicy " + strconv.Itoa(int(cfg.Policy)) + " is not one of AnswerInKind, RequireDigest, PlainOnly")
	}
	x := newExchange(rw, cfg.Rand, cfg.Time)
	c1, err := x.readHello(ClientRole)
	if err != nil {
		return x.res, err
	}
	switch {
	case x.res.PeerDigestValid && cfg.Policy != PlainOnly:
		x.res.Digest = true
	case cfg.Policy == RequireDigest:
		return x.res, &wire.Error{Layer: "handshake", Field: "C1S1.Random", Offset: C0S0Len,
			Expected: "a Flash Player digest under either layout (the server requires the digest handshake)", Err: ErrNoDigest}
	}
	version, layout := uint32(0), DigestAt8
	if x.res.Digest {
		version, layout = cfg.Version, x.res.PeerDigest.Layout
		if version == 0 {
			version = DefaultServerVersion
		}
		if cfg.Layout != nil {
			layout = *cfg.Layout
		}
	}
	s1, d, err := x.fillHello(version, layout, ServerRole)
	if err != nil {
		return x.res, err
	}
	if err := x.fillReply((*[C2S2Len]byte)(x.out[HelloLen:]), c1, ServerRole); err != nil {
		return x.res, err
	}
	if err := x.write(x.out[:]); err != nil {
		return x.res, err
	}
	c2 := (*[C2S2Len]byte)(x.in[HelloLen:])
	if err := x.read(c2[:]); err != nil {
		return x.res, err
	}
	x.checkReply(c2, s1, d, ClientRole)
	return x.res, nil
}

// Client runs the client's side of the handshake on rw: it writes C0 and
// C1, reads S0, S1 and S2, and writes C2. In digest mode (the
// default) it validates as FFmpeg does: an S1 whose first version byte is
// 3 or more must hold a valid server digest (else ErrNoDigest), and then
// S2 must be signed over C1's digest (else ErrSignature); Lenient reports
// these in Result instead. An S1 with no such promise makes the handshake
// plain: C2 echoes S1.
func Client(rw io.ReadWriter, cfg *ClientConfig) (Result, error) {
	if cfg == nil {
		cfg = &ClientConfig{}
	}
	x := newExchange(rw, cfg.Rand, cfg.Time)
	version := cfg.Version
	if cfg.Plain {
		version = 0
	} else if version == 0 {
		version = DefaultClientVersion
	}
	c1, d, err := x.fillHello(version, cfg.Layout, ClientRole)
	if err != nil {
		return x.res, err
	}
	if err := x.write(x.out[:HelloLen]); err != nil {
		return x.res, err
	}
	s1, err := x.readHello(ServerRole)
	if err != nil {
		return x.res, err
	}
	if !cfg.Plain {
		x.res.Digest = x.res.PeerDigestValid
		// FFmpeg's rule: an S1 whose version's first byte is 3 or more
		// must hold a digest.
		if major := byte(x.res.PeerHelloVersion >> 24); !x.res.Digest && major >= 3 && !cfg.Lenient {
			return x.res, &wire.Error{Layer: "handshake", Field: "C1S1.Random", Offset: C0S0Len,
				Expected: "a Flash Media Server digest under either layout, which an S1 version of " + strconv.Itoa(int(major)) + ".x promises", Err: ErrNoDigest}
		}
	}
	// S2 before C2, as FFmpeg does: every server sends S2 right after S1
	// (RTMP 1.0 §5.2.1 lets it), and on an unbuffered connection a C2
	// written first would wait for a server still writing S2.
	s2 := (*[C2S2Len]byte)(x.in[HelloLen:])
	if err := x.read(s2[:]); err != nil {
		return x.res, err
	}
	x.checkReply(s2, c1, d, ServerRole)
	if x.res.Digest && !x.res.PeerReplyValid && !cfg.Lenient {
		return x.res, &wire.Error{Layer: "handshake", Field: "C2S2.Random", Offset: HelloLen + signedLen,
			Expected: "S2's last 32 bytes signed over C1's digest with the Flash Media Server key", Err: ErrSignature}
	}
	if err := x.fillReply((*[C2S2Len]byte)(x.out[HelloLen:]), s1, ClientRole); err != nil {
		return x.res, err
	}
	if err := x.write(x.out[HelloLen:]); err != nil {
		return x.res, err
	}
	return x.res, nil
}
