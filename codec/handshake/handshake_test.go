package handshake

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func TestSeed000C0C1(t *testing.T) {
	in := testkit.Hex(t, seed000C0C1)
	if len(in) != 1537 {
		t.Fatalf("vector has %d bytes, the document says 1537", len(in))
	}
	var h Hello
	n, err := h.Decode(in)
	if err != nil || n != HelloLen {
		t.Fatalf("Decode: %d, %v", n, err)
	}
	if !h.Plain() || h.C0S0.Version != 3 || h.Time != 0x01a89586 || h.C1S1.Version != 0 {
		t.Errorf("version %d time %#x zero %#x", h.C0S0.Version, h.Time, h.C1S1.Version)
	}
	if !bytes.Equal(h.Random[:], in[9:]) {
		t.Error("random bytes differ from the input")
	}
	if got, err := h.Append(nil); err != nil || !bytes.Equal(got, in) {
		t.Error("re-encode differs")
	}
}

// The server side as 000_a5a54de71b6b1870.txt describes it with red5: S0
// = 3, S1 all zero bytes, S2 the bytes the player sent in C1; the client
// then sends C2 = 1536 zero bytes, the echo of S1.
func TestSeed000EchoBothWays(t *testing.T) {
	c0c1 := testkit.Hex(t, seed000C0C1)
	server := append([]byte{3}, make([]byte, 1536)...)
	server = append(server, c0c1[1:]...)
	if len(server) != 3073 {
		t.Fatalf("S0+S1+S2 is %d bytes, the document says 3073", len(server))
	}
	client := append(append([]byte(nil), c0c1...), make([]byte, 1536)...)

	var s, c Direction
	if n, err := s.Decode(server); err != nil || n != DirectionLen {
		t.Fatalf("server: %d, %v", n, err)
	}
	if n, err := c.Decode(client); err != nil || n != DirectionLen {
		t.Fatalf("client: %d, %v", n, err)
	}
	if r, tm := Echoes(&s.Reply, &c.C1S1); !r || !tm {
		t.Errorf("S2 echoes C1: random %v time %v, want both", r, tm)
	}
	if r, tm := Echoes(&c.Reply, &s.C1S1); !r || !tm {
		t.Errorf("C2 echoes S1: random %v time %v, want both", r, tm)
	}
	// A C2 that echoes something else is reported, not refused.
	if r, _ := Echoes(&s.Reply, &s.C1S1); r {
		t.Error("S2 reported as echoing the server's own S1")
	}
	if got, err := s.Append(nil); err != nil || !bytes.Equal(got, server) {
		t.Error("server re-encode differs")
	}
	if got, err := c.Append(nil); err != nil || !bytes.Equal(got, client) {
		t.Error("client re-encode differs")
	}
}

// Other versions and a non-zero second field are kept as sent.
func TestKeepsWhatWasSent(t *testing.T) {
	in := append([]byte{6, 0, 0, 0, 1, 0x80, 0, 7, 2}, bytes.Repeat([]byte{0xab}, len(C1S1{}.Random))...)
	var h Hello
	if _, err := h.Decode(in); err != nil {
		t.Fatal(err)
	}
	if h.Plain() || h.C0S0.Version != 6 || h.C1S1.Version != 0x80000702 || h.Time != 1 {
		t.Errorf("got version %d zero %#x time %d", h.C0S0.Version, h.C1S1.Version, h.Time)
	}
	if got, err := h.Append(nil); err != nil || !bytes.Equal(got, in) {
		t.Error("re-encode differs")
	}
}

// Every strict prefix gives one truncation error, at the field it cuts.
func TestTruncation(t *testing.T) {
	c0c1 := testkit.Hex(t, seed000C0C1)
	in := append(c0c1, make([]byte, 1536)...)
	for i := 0; i < len(in); i++ {
		var d Direction
		_, err := d.Decode(in[:i])
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, io.ErrUnexpectedEOF) || we.Layer != "handshake" {
			t.Fatalf("prefix %d: %v", i, err)
		}
		var want int64
		switch {
		case i == 0:
			want = 0
		case i < 5:
			want = 1
		case i < 9:
			want = 5
		case i < 1537:
			want = 9
		case i < 1541:
			want = 1537
		case i < 1545:
			want = 1541
		default:
			want = 1545
		}
		if we.Offset != want {
			t.Fatalf("prefix %d: offset %d, want %d (%v)", i, we.Offset, want, err)
		}
	}
}

func BenchmarkDecodeDirection(b *testing.B) {
	in := append(testkit.Hex(b, seed000C0C1), make([]byte, 1536)...)
	var d Direction
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Decode(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDecodeAllocatesNothing(t *testing.T) {
	in := append(testkit.Hex(t, seed000C0C1), make([]byte, 1536)...)
	var d Direction
	if n := testkit.AllocsPerRun(t, 100, func() { _, _ = d.Decode(in) }); n != 0 {
		t.Errorf("%v allocations per decode", n)
	}
}
