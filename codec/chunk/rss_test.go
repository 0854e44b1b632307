package chunk

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// floodReader writes, without holding it, the stream a peer sends to make
// a decoder hold as much as it can: a Set Chunk Size of chunk, then
// round after round of one chunk-sized chunk on each of streams chunk
// streams, every one a message declaring 16 MiB - 1.
type floodReader struct {
	chunk, streams int
	round, csid    int
	pending        []byte
	payload        []byte
}

func (f *floodReader) Read(p []byte) (int, error) {
	if len(f.pending) == 0 {
		if f.round == 0 && f.csid == 0 && f.payload == nil {
			f.payload = make([]byte, f.chunk)
			c := uint32(f.chunk)
			f.pending = []byte{0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, byte(c >> 24), byte(c >> 16), byte(c >> 8), byte(c)}
		} else {
			if f.round*f.chunk >= MaxMessageLength {
				return 0, io.EOF
			}
			v := uint32(f.csid) // csid v+64, 3-byte form
			if f.round == 0 {
				f.pending = append(f.pending[:0], 0x01, byte(v), byte(v>>8), 0, 0, 0, 0xff, 0xff, 0xff, 0x09, 1, 0, 0, 0)
			} else {
				f.pending = append(f.pending[:0], 0xc1, byte(v), byte(v>>8))
			}
			f.pending = append(f.pending, f.payload...)
			if f.csid++; f.csid == f.streams {
				f.csid, f.round = 0, f.round+1
			}
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

const rssChildEnv = "RTMPCODEC_RSS_CHILD"

// TestBudgetBoundsRSS: a Reader with a 64 MiB budget, fed by 1023 chunk
// streams each declaring 16 MiB - 1 and sending 64 KiB chunks round after
// round, refuses with ErrBudget, and the process's peak RSS stays under
// 1.5 x the budget plus 16 MiB for the runtime and the test binary. The
// attack runs in a child process so that its peak is its own.
func TestBudgetBoundsRSS(t *testing.T) {
	if os.Getenv(rssChildEnv) != "" {
		rd := NewReader(&floodReader{chunk: 64 << 10, streams: 1023}, &Options{MaxPartialBytes: 64 << 20})
		for {
			if _, err := rd.ReadMessage(); err != nil {
				if !errors.Is(err, ErrBudget) {
					t.Fatalf("got %v, want the budget error", err)
				}
				return
			}
		}
	}
	if testkit.Race {
		t.Skip("peak RSS is measured without -race (the race detector's shadow memory would count)")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBudgetBoundsRSS$", "-test.count", "1")
	cmd.Env = append(os.Environ(), rssChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("peak RSS %.1f MiB for a 64 MiB budget", float64(peak)/(1<<20))
	if limit := int64(96+16) << 20; peak > limit {
		t.Errorf("peak RSS %d MiB, over 1.5 x 64 MiB + 16 MiB", peak>>20)
	}
}
