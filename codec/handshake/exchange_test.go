package handshake

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// counter is a deterministic random source: bytes n, n+1, n+2, ...
type counter struct{ n byte }

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.n
		c.n++
	}
	return len(p), nil
}

// scripted is one end of a scripted connection: reads come from in,
// writes go to out.
type scripted struct {
	in  io.Reader
	out bytes.Buffer
}

func (p *scripted) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *scripted) Write(b []byte) (int, error) { return p.out.Write(b) }

// chopped hands out at most max bytes per Read.
type chopped struct {
	io.ReadWriter
	max int
}

func (c chopped) Read(b []byte) (int, error) { return c.ReadWriter.Read(b[:min(len(b), c.max)]) }

// run does a handshake between Client and Server over net.Pipe, each
// side's reads cut to at most split bytes (0: as they come).
func run(t *testing.T, ccfg *ClientConfig, scfg *ServerConfig, split int) (c, s Result, cerr, serr error) {
	t.Helper()
	a, b := net.Pipe()
	var ca, cb io.ReadWriter = a, b
	if split > 0 {
		ca, cb = chopped{a, split}, chopped{b, split}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s, serr = Server(cb, scfg)
		b.Close()
	}()
	c, cerr = Client(ca, ccfg)
	a.Close()
	<-done
	return c, s, cerr, serr
}

func TestExchange(t *testing.T) {
	at772 := DigestAt772
	for _, tc := range []struct {
		name       string
		client     ClientConfig
		server     ServerConfig
		wantDigest bool
	}{
		{"digest client, server in kind", ClientConfig{}, ServerConfig{}, true},
		{"digest client at 772, server in kind", ClientConfig{Layout: DigestAt772}, ServerConfig{}, true},
		{"digest client, server's S1 at 772", ClientConfig{}, ServerConfig{Layout: &at772}, true},
		{"digest client, server plain only", ClientConfig{}, ServerConfig{Policy: PlainOnly}, false},
		{"plain client, server in kind", ClientConfig{Plain: true}, ServerConfig{}, false},
		{"digest client, server requires digest", ClientConfig{Version: 0x80000702}, ServerConfig{Policy: RequireDigest, Version: 0x04000001}, true},
	} {
		for _, split := range []int{0, 7, 1000} {
			tc.client.Rand, tc.server.Rand = &counter{1}, &counter{100}
			tc.server.Time = func() uint32 { return 42 }
			c, s, cerr, serr := run(t, &tc.client, &tc.server, split)
			if cerr != nil || serr != nil {
				t.Fatalf("%s, split %d: client %v, server %v", tc.name, split, cerr, serr)
			}
			if c.Digest != tc.wantDigest || s.Digest != tc.wantDigest {
				t.Errorf("%s: digest handshake: client %v, server %v, want %v", tc.name, c.Digest, s.Digest, tc.wantDigest)
			}
			if !c.PeerReplyValid || !s.PeerReplyValid {
				t.Errorf("%s: replies valid: client sees %v, server sees %v", tc.name, c.PeerReplyValid, s.PeerReplyValid)
			}
			if c.Read != DirectionLen || c.Written != DirectionLen || s.Read != DirectionLen || s.Written != DirectionLen {
				t.Errorf("%s: bytes read/written %d/%d, %d/%d", tc.name, c.Read, c.Written, s.Read, s.Written)
			}
			if s.PeerDigestValid != !tc.client.Plain || c.PeerTime != 42 || c.PeerVersion != VersionPlain {
				t.Errorf("%s: server result %+v, client result %+v", tc.name, s, c)
			}
		}
	}
}

// TestServerAnswersFFmpeg: the server's answer to FFmpeg's C0+C1 passes
// the checks FFmpeg's rtmp_handshake makes when it plays: S1's first
// version byte is 3 or more, so S1 must hold a server digest (offset at
// 772, then at 8), and S2 must be signed over FFmpeg's digest.
func TestServerAnswersFFmpeg(t *testing.T) {
	c0c1 := ffmpegC0C1(t)
	conn := &scripted{in: io.MultiReader(bytes.NewReader(c0c1), bytes.NewReader(make([]byte, C2S2Len)))}
	res, err := Server(conn, &ServerConfig{Rand: &counter{}})
	if err != nil || !res.Digest || !res.PeerDigestValid || res.PeerDigest.Offset != 494 || res.PeerHelloVersion != 0x09007c02 {
		t.Fatalf("%v %+v", err, res)
	}
	out := conn.out.Bytes()
	if len(out) != DirectionLen || Version(out[0]) != VersionPlain {
		t.Fatalf("wrote %d bytes, S0 %d", len(out), out[0])
	}
	s1 := (*[C1S1Len]byte)(out[1:HelloLen])
	if s1[4] < 3 {
		t.Fatalf("S1 version byte %d: FFmpeg would not check it", s1[4])
	}
	sd, ok := FindDigest(s1, ServerRole)
	if !ok || sd.Layout != DigestAt8 {
		t.Fatalf("S1 digest: %v %+v (want it under FFmpeg's layout, offset at 8)", ok, sd)
	}
	cd, _ := FindDigest((*[C1S1Len]byte)(c0c1[1:]), ClientRole)
	if !CheckSignature((*[C2S2Len]byte)(out[HelloLen:]), &cd, ServerRole) {
		t.Fatal("S2 is not signed over FFmpeg's digest")
	}
	if res.PeerReplyValid {
		t.Error("an all-zero C2 reported as signed")
	}
}

func TestExchangeRefuses(t *testing.T) {
	plainC1 := make([]byte, HelloLen)
	plainC1[0] = 3
	for _, tc := range []struct {
		name  string
		in    []byte
		cfg   ServerConfig
		kind  error
		off   int64
		field string
	}{
		{"RTMPE", append([]byte{6}, make([]byte, 3072)...), ServerConfig{}, ErrEncrypted, 0, "C0S0.Version"},
		{"RTMPE with Blowfish", []byte{9}, ServerConfig{}, ErrEncrypted, 0, "C0S0.Version"},
		{"reserved version", []byte{4}, ServerConfig{}, wire.ErrConstraint, 0, "C0S0.Version"},
		{"plain client, digest required", plainC1, ServerConfig{Policy: RequireDigest}, ErrNoDigest, 1, "C1S1.Random"},
	} {
		conn := &scripted{in: bytes.NewReader(tc.in)}
		_, err := Server(conn, &tc.cfg)
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, tc.kind) || we.Offset != tc.off || we.Field != tc.field {
			t.Errorf("%s: %v, want %v at %d in %s", tc.name, err, tc.kind, tc.off, tc.field)
			continue
		}
		if tc.kind == ErrEncrypted && (!errors.Is(err, wire.ErrUnsupported) || !bytes.Contains([]byte(err.Error()), []byte("RTMPE"))) {
			t.Errorf("%s: %v does not name RTMPE as unsupported", tc.name, err)
		}
		if conn.out.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before refusing", tc.name, conn.out.Len())
		}
	}
}

// TestClientChecksServer: a digest client refuses an S1 that promises a
// digest (version byte 3 or more) without one, and an S2 signed wrongly,
// as FFmpeg does; Lenient reports them instead.
func TestClientChecksServer(t *testing.T) {
	// A versioned S1 (13.14.10.13) with no digest.
	noDigest, _ := (&Hello{C0S0: C0S0{Version: VersionPlain}, C1S1: C1S1{Version: DefaultServerVersion}}).Append(nil)
	noDigest = append(noDigest, make([]byte, C2S2Len)...)
	conn := &scripted{in: bytes.NewReader(noDigest)}
	if _, err := Client(conn, nil); !errors.Is(err, ErrNoDigest) {
		t.Errorf("versioned S1 without a digest: %v", err)
	}
	conn = &scripted{in: bytes.NewReader(noDigest)}
	if res, err := Client(conn, &ClientConfig{Lenient: true}); err != nil || res.Digest || res.PeerDigestValid {
		t.Errorf("lenient: %v %+v", err, res)
	}
	// A valid S1 digest and a wrong S2 signature.
	var sp [C1S1Len]byte
	sp[4] = 13
	PutDigest(&sp, DigestAt8, ServerRole)
	badS2 := append(append([]byte{3}, sp[:]...), make([]byte, C2S2Len)...)
	conn = &scripted{in: bytes.NewReader(badS2)}
	if res, err := Client(conn, nil); !errors.Is(err, ErrSignature) || !res.Digest || res.Written != HelloLen {
		t.Errorf("bad S2 signature: %v %+v", err, res)
	}
	conn = &scripted{in: bytes.NewReader(badS2)}
	if res, err := Client(conn, &ClientConfig{Lenient: true}); err != nil || !res.Digest || res.PeerReplyValid {
		t.Errorf("lenient, bad S2 signature: %v %+v", err, res)
	}
}

// TestExchangeAllocations: a handshake allocates its buffers once.
func TestExchangeAllocations(t *testing.T) {
	in := append(ffmpegC0C1(t), make([]byte, C2S2Len)...)
	r := bytes.NewReader(in)
	conn := &scripted{in: r}
	cfg := &ServerConfig{Rand: &counter{}}
	allocs := testkit.AllocsPerRun(t, 20, func() {
		r.Reset(in)
		conn.out.Reset()
		if _, err := Server(conn, cfg); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Errorf("%v allocations per server handshake", allocs)
	}
}

func BenchmarkServerHandshake(b *testing.B) {
	in := append(ffmpegC0C1(b), make([]byte, C2S2Len)...)
	r := bytes.NewReader(in)
	conn := &scripted{in: r}
	cfg := &ServerConfig{Rand: &counter{}}
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(in)
		conn.out.Reset()
		if _, err := Server(conn, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
