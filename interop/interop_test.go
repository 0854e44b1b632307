// Package interop runs the codec against real RTMP software on 127.0.0.1:
// FFmpeg (as player and as a -listen server) and nginx-rtmp. `make interop`
// installs the Debian packages and runs it; CI does. Without them each
// test skips and says why; with RTMPCODEC_INTEROP=1 (as make interop sets)
// a missing program fails it instead.
package interop

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// need returns the path of prog, or skips (fails, under make interop) the
// test when it is not installed.
func need(t *testing.T, prog string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err == nil {
		return path
	}
	if os.Getenv("RTMPCODEC_INTEROP") != "" {
		t.Fatalf("%s is not installed; make interop installs it", prog)
	}
	t.Skipf("SKIPPED: %s is not installed; `make interop` installs it and runs this test", prog)
	return ""
}

// process is a program a test started, stopped by its PID when the test
// ends. Every program runs under timeout(1) as well.
type process struct {
	cmd    *exec.Cmd
	stderr output
	done   chan error
}

// output collects a running program's output; tests read it while the
// program still writes.
type output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

func start(t *testing.T, seconds int, prog string, args ...string) *process {
	t.Helper()
	p := &process{done: make(chan error, 1)}
	p.cmd = exec.Command("timeout", append([]string{fmt.Sprint(seconds), prog}, args...)...)
	p.cmd.Stdout = &p.stderr
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Should a child outlive timeout(1), its hold on the output pipe must
	// not hang Wait.
	p.cmd.WaitDelay = 5 * time.Second
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			// SIGTERM, which timeout(1) passes on to the program it runs.
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			<-p.done
		}
	})
	return p
}

// wait waits for the process to end, up to d.
func (p *process) wait(d time.Duration) error {
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(d):
		return context.DeadlineExceeded
	}
}

// freePort returns a port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// dial connects to port, retrying while the program starts listening.
func dial(t *testing.T, port int, p *process) net.Conn {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			_ = c.SetDeadline(time.Now().Add(15 * time.Second))
			return c
		}
		if time.Now().After(deadline) || p.wait(0) != context.DeadlineExceeded {
			t.Fatalf("nothing listens on %d: %v\n%s", port, err, p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// accept takes one connection on ln within 15 s.
func accept(t *testing.T, ln net.Listener, p *process) net.Conn {
	t.Helper()
	_ = ln.(*net.TCPListener).SetDeadline(time.Now().Add(15 * time.Second))
	c, err := ln.Accept()
	if err != nil {
		t.Fatalf("no connection: %v\n%s", err, p.stderr.String())
	}
	_ = c.SetDeadline(time.Now().Add(15 * time.Second))
	return c
}

// nextCommand reads messages until a command, and returns its name.
func nextCommand(t *testing.T, rd *chunk.Reader) string {
	t.Helper()
	for {
		m, err := rd.ReadMessage()
		if err != nil {
			t.Fatalf("reading the peer's messages after the handshake: %v", err)
		}
		if m.Type != rtmp.TypeCommandAMF0 {
			continue
		}
		msg, err := message.Decode(m.Type, m.Payload)
		if err != nil {
			t.Fatalf("command: %v", err)
		}
		name, _ := msg.(*message.Command).Name()
		return name
	}
}

// sendConnect writes a player's connect.
func sendConnect(t *testing.T, c net.Conn, port int) {
	t.Helper()
	cmd := message.Connect(message.ConnectParams{App: "live", FlashVer: "LNX 9,0,124,2", TcURL: fmt.Sprintf("rtmp://127.0.0.1:%d/live", port)})
	payload, err := cmd.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := chunk.NewWriter(c).WriteMessage(&chunk.Message{CSID: 3, Type: rtmp.TypeCommandAMF0, Payload: payload}); err != nil {
		t.Fatal(err)
	}
}

// nginx starts nginx-rtmp on port with a live application; server holds
// extra directives for its server block.
func nginx(t *testing.T, port int, server ...string) *process {
	t.Helper()
	bin := need(t, "nginx")
	const module = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
	if _, err := os.Stat(module); err != nil {
		need(t, "libnginx-mod-rtmp (no "+module+")")
	}
	dir := t.TempDir()
	conf := fmt.Sprintf(`load_module %s;
daemon off;
master_process off;
pid %s/nginx.pid;
error_log %s/error.log info;
events {}
rtmp { server { listen 127.0.0.1:%d; %s application live { live on; } } }
`, module, dir, dir, port, strings.Join(server, " "))
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return start(t, 60, bin, "-c", path, "-p", dir)
}

func contains(s string, subs ...string) string {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return sub
		}
	}
	return ""
}
