package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// proxy.go: forward RTMP unchanged between clients and an upstream server,
// decode both directions live, print a line per message, and check that
// every chunk and the handshake re-encode to exactly the bytes forwarded.

func runProxy(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("proxy", stdout)
	listen := fs.String("listen", "127.0.0.1:1936", "address to listen on")
	upstream := fs.String("upstream", "", "the RTMP server to forward to (host:port)")
	format := fs.String("format", "text", "output: text, or json for one object per line")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if *upstream == "" || fs.NArg() != 0 || (*format != "text" && *format != "json") {
		return &usageError{"proxy needs -upstream host:port, -format text or json, and no FILE"}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	p := &proxy{upstream: *upstream, json: *format == "json", out: &logger{w: stdout}, log: &logger{w: stderr}}
	p.log.printf("proxy: %s -> %s", ln.Addr(), *upstream)
	return p.serve(ln)
}

type proxy struct {
	upstream string
	json     bool
	out, log *logger
}

func (p *proxy) serve(ln net.Listener) error {
	for n := 1; ; n++ {
		nc, err := ln.Accept()
		if err != nil {
			return err
		}
		go p.handle(nc, n)
	}
}

func (p *proxy) handle(client net.Conn, n int) {
	defer client.Close()
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		p.log.printf("conn %d: upstream: %v", n, err)
		return
	}
	defer server.Close()
	p.log.printf("conn %d: %s <-> %s", n, client.RemoteAddr(), p.upstream)
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.direction(n, "c2s", client, server, start) }()
	go func() { defer wg.Done(); p.direction(n, "s2c", server, client, start) }()
	wg.Wait()
	p.log.printf("conn %d: closed", n)
}

// direction forwards src to dst and decodes what passes. The decoder reads
// through a pipe, so forwarding waits for it: the lines come in the order
// of the bytes, and a decoder that stops (bad input) is drained so that
// forwarding goes on.
func (p *proxy) direction(n int, dir string, src, dst net.Conn, start time.Time) {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.decode(n, dir, pr, start)
		_, _ = io.Copy(io.Discard, pr)
	}()
	_, err := io.Copy(io.MultiWriter(dst, pw), src)
	pw.CloseWithError(err)
	<-done
	// One side closing ends the other's reads too.
	if tc, ok := dst.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
}

// recorder keeps what the decoder read that is not yet checked, to compare
// re-encoded chunks with.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // stream offset of buf[0]
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf = append(r.buf, p[:n]...)
	return n, err
}

// verify compares b with the stream bytes at off and drops what is before
// off+len(b).
func (r *recorder) verify(off int64, b []byte) bool {
	i := int(off - r.base)
	ok := i >= 0 && i+len(b) <= len(r.buf) && string(r.buf[i:i+len(b)]) == string(b)
	if end := i + len(b); end > 0 && end <= len(r.buf) {
		r.buf = append(r.buf[:0], r.buf[end:]...)
		r.base += int64(end)
	}
	return ok
}

func (p *proxy) decode(n int, dir string, r io.Reader, start time.Time) {
	rec := &recorder{r: r}
	rd := session.NewReader(rec, session.AtHandshake, nil)
	hs, err := rd.Handshake()
	if err != nil {
		p.log.printf("conn %d %s: handshake: %v", n, dir, err)
		return
	}
	if b, err := hs.Handshake.Append(nil); err != nil || !rec.verify(0, b) {
		p.divergence(n, dir, 0, "the handshake")
	}
	var buf []byte
	for {
		c, err := rd.ReadChunk()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			p.log.printf("conn %d %s: %v", n, dir, err)
			return
		}
		if buf, err = chunk.AppendChunk(buf[:0], c); err != nil || !rec.verify(c.Offset, buf) {
			p.divergence(n, dir, c.Offset, fmt.Sprintf("the chunk on csid %d", c.CSID))
		}
		if c.Message != nil {
			p.line(n, dir, time.Since(start), c.Message)
		}
	}
}

func (p *proxy) divergence(n int, dir string, off int64, what string) {
	p.log.printf("conn %d %s: DIVERGENCE at offset %d: %s does not re-encode to the bytes forwarded", n, dir, off, what)
}

// line prints one message: who, when, where, what.
func (p *proxy) line(n int, dir string, at time.Duration, m *chunk.Message) {
	summary := summarize(m)
	if p.json {
		b, _ := json.Marshal(map[string]any{"conn": n, "dir": dir, "t": at.Seconds(), "offset": m.Offset, "csid": m.CSID,
			"stream": m.StreamID, "timestamp": m.Timestamp, "type": uint8(m.Type), "type_name": m.Type.String(),
			"length": m.Length, "summary": summary})
		p.out.printf("%s", jsonTerminalSafe(b))
		return
	}
	p.out.printf("conn %d %s %7.3fs csid %d stream %d ts %d %s %d bytes: %s", n, dir, at.Seconds(), m.CSID, m.StreamID, m.Timestamp, m.Type, m.Length, summary)
}

// summarize says in a few words what a message holds: a command's name and
// first arguments, a media tag's codec fields, a control message's values.
func summarize(m *chunk.Message) string {
	body, err := message.Decode(m.Type, m.Payload)
	if err != nil {
		return "not decoded: " + err.Error()
	}
	switch v := body.(type) {
	case *message.Command, *message.Data:
		var vals []string
		for _, x := range amfValues(v) {
			s := x.String()
			if len(s) > 80 {
				s = s[:77] + "..."
			}
			vals = append(vals, s)
			if len(vals) == 4 {
				break
			}
		}
		return strings.Join(vals, ", ")
	case *message.Audio:
		if b := audioView(v.Payload); b.Media != nil {
			summary, _ := mediaLines(b.Kind, b.Media)
			return summary
		}
	case *message.Video:
		if b := videoView(v.Payload, amfOptions{}); b.Media != nil {
			summary, _ := mediaLines(b.Kind, b.Media)
			return summary
		}
	case *message.UserControl, *rtmp.SetChunkSize, *rtmp.WindowAckSize, *rtmp.SetPeerBandwidth, *rtmp.Acknowledgement, *rtmp.Abort:
		return strings.TrimPrefix(fmt.Sprintf("%+v", v), "&")
	}
	return fmt.Sprintf("%d bytes", len(m.Payload))
}

func amfValues(m message.Message) []amf0.Value {
	switch v := m.(type) {
	case *message.Command:
		return v.Values
	case *message.Data:
		return v.Values
	}
	return nil
}
