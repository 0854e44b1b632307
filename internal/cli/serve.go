package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rtmpcodec/rtmpcodec/codec/conn"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// serve.go: a test server for encoder developers, not a media server. It
// takes publishers and players, records what is published, relays it live
// to players (sequence headers and metadata first for a late joiner), and
// logs every connection's commands and every violation it tolerates.

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stdout)
	listen := fs.String("listen", "127.0.0.1:1935", "address to listen on")
	record := fs.String("record", "", "directory to record each published stream to, as DIR/<app>/<stream>.flv")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &usageError{"serve takes no FILE"}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	return serveOn(ln, *record, stderr)
}

// serveOn serves the connections ln accepts until it is closed.
func serveOn(ln net.Listener, record string, log io.Writer) error {
	s := &server{record: record, streams: map[string]*liveStream{}, log: &logger{w: log}}
	s.log.printf("serve: listening on %s", ln.Addr())
	for n := 1; ; n++ {
		nc, err := ln.Accept()
		if err != nil {
			return err
		}
		go s.handle(nc, n)
	}
}

// logger writes whole lines, one at a time, escaped for a terminal.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logger) printf(format string, args ...any) {
	line := terminalSafe(fmt.Sprintf(format, args...))
	l.mu.Lock()
	fmt.Fprintf(l.w, "%s %s\n", time.Now().Format("15:04:05.000"), line)
	l.mu.Unlock()
}

type server struct {
	record  string
	log     *logger
	mu      sync.Mutex
	streams map[string]*liveStream // by app/stream
}

// liveStream is a published stream: its recording, what a late joiner
// needs first, and its players.
type liveStream struct {
	mu       sync.Mutex
	file     *os.File
	flv      *flv.Writer
	meta     []byte // onMetaData, as a data message payload
	videoSeq []byte // the AVC/HEVC sequence header
	audioSeq []byte // the AAC sequence header
	players  map[*player]bool
}

// player takes a stream's messages through a queue, so that a slow player
// cannot hold the publisher up; one whose queue fills is dropped.
type player struct {
	c   *conn.Conn
	sid uint32
	q   chan relayed
}

type relayed struct {
	t       rtmp.MessageType
	ts      uint32
	payload []byte // a copy, shared by every player and never changed
}

// forwardAnything is what serve tells Enhanced RTMP clients in its connect
// _result: it relays and records every message as received, so it can
// forward any codec, multitrack messages included.
var forwardAnything = &media.Capabilities{
	VideoInfo: []media.CodecInfo{{FourCC: media.AnyFourCC, Mask: media.CanForward}},
	AudioInfo: []media.CodecInfo{{FourCC: media.AnyFourCC, Mask: media.CanForward}},
	CapsEx:    media.CapsExMultitrack, HasCapsEx: true,
}

func (s *server) handle(nc net.Conn, n int) {
	defer nc.Close()
	label := fmt.Sprintf("conn %d %s", n, nc.RemoteAddr())
	c, err := conn.Server(nc, nil, &conn.Options{Capabilities: forwardAnything})
	if err != nil {
		s.log.printf("%s: handshake: %v", label, err)
		return
	}
	h := c.Handshake()
	s.log.printf("%s: handshake, peer version %#08x, digest %v", label, h.PeerHelloVersion, h.Digest)
	var app, key string
	var pub *liveStream
	defer func() {
		if pub != nil {
			s.unpublish(key, pub)
			s.log.printf("%s: %s unpublished", label, key)
		}
	}()
	for {
		m, err := c.ReadMessage()
		if errors.Is(err, io.EOF) {
			s.log.printf("%s: closed by the peer", label)
			return
		}
		if m == nil {
			s.log.printf("%s: %v", label, err)
			return
		}
		if err != nil {
			s.log.printf("%s: tolerated: %v", label, err)
			continue
		}
		req, err := c.Respond(m)
		if err != nil {
			s.log.printf("%s: answering: %v", label, err)
			return
		}
		switch req.Kind {
		case conn.RequestConnect:
			app = req.App
			s.log.printf("%s: connect app %q tcUrl %q", label, req.App, req.TcURL)
		case conn.RequestPublish, conn.RequestPlay:
			name, _, _ := strings.Cut(req.Name, "?")
			if !safeName(app) || !safeName(name) {
				s.log.printf("%s: refused stream %q of app %q: not a plain file name", label, req.Name, app)
				return
			}
			key = app + "/" + name
			if req.Kind == conn.RequestPlay {
				s.log.printf("%s: play %s", label, key)
				s.play(c, req.StreamID, key, label)
				return
			}
			if pub, err = s.publish(key); err != nil {
				s.log.printf("%s: publish %s: %v", label, key, err)
				return
			}
			s.log.printf("%s: publish %s", label, key)
		case conn.RequestUnpublish, conn.RequestDeleteStream:
			s.log.printf("%s: %v on stream %d", label, m.Body.(*message.Command).Values[0], req.StreamID)
		case conn.RequestNone:
			if pub != nil {
				if err := pub.take(m); err != nil {
					s.log.printf("%s: recording: %v", label, err)
					return
				}
			}
		}
	}
}

// safeName reports whether a name from the peer can name a file or a
// directory in the recording directory and nothing else.
func safeName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\\x00") && filepath.Base(s) == s
}

func (s *server) publish(key string) (*liveStream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, busy := s.streams[key]; busy {
		return nil, errors.New("already published")
	}
	ls := &liveStream{players: map[*player]bool{}}
	if s.record != "" {
		path := filepath.Join(s.record, key+".flv")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		if ls.flv, err = flv.NewWriter(f, true, true); err != nil {
			f.Close()
			return nil, err
		}
		ls.file = f
	}
	s.streams[key] = ls
	return ls, nil
}

func (s *server) unpublish(key string, ls *liveStream) {
	s.mu.Lock()
	delete(s.streams, key)
	s.mu.Unlock()
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.file != nil {
		ls.file.Close()
	}
	for p := range ls.players {
		close(p.q)
	}
	ls.players = nil
}

// take records a publisher's media and metadata and passes them on.
func (ls *liveStream) take(m *conn.Message) error {
	var payload []byte
	switch body := m.Body.(type) {
	case *message.Audio, *message.Video:
		payload = m.Raw.Payload
	case *message.Data:
		// "@setDataFrame", "onMetaData", {...} is stored without its first
		// value, as players and files want it.
		if name, _ := body.Name(); name != "@setDataFrame" || len(body.Values) < 2 {
			return nil
		}
		var err error
		if payload, err = message.Append(nil, &message.Data{Values: body.Values[1:]}); err != nil {
			return err
		}
	default:
		return nil
	}
	md := relayed{t: m.Type, ts: m.Timestamp, payload: append([]byte(nil), payload...)}
	record := ls.flv != nil
	ls.mu.Lock()
	defer ls.mu.Unlock()
	switch {
	case md.t == rtmp.TypeDataAMF0 || md.t == rtmp.TypeDataAMF3:
		// GStreamer's flvmux repeats its metadata every few frames (26
		// times in 3 s, a few of them changed); every script tag after the
		// first reads as a "text" stream to FFmpeg. The file keeps the
		// first, as nginx-rtmp's recorder does; players get each change.
		if bytes.Equal(md.payload, ls.meta) {
			return nil
		}
		if ls.meta != nil {
			record = false
		}
		md.t = rtmp.TypeDataAMF0
		ls.meta = md.payload
	case md.t == rtmp.TypeVideo && sequenceHeader(md.t, md.payload):
		ls.videoSeq = md.payload
	case md.t == rtmp.TypeAudio && sequenceHeader(md.t, md.payload):
		ls.audioSeq = md.payload
	}
	if record {
		if err := ls.flv.WriteTag(md.t, md.ts, md.payload); err != nil {
			return err
		}
	}
	for p := range ls.players {
		select {
		case p.q <- md:
		default: // too slow: dropped
			delete(ls.players, p)
			close(p.q)
		}
	}
	return nil
}

// sequenceHeader reports an AVC or HEVC decoder configuration (video: AVC
// packet type 0, or the Enhanced RTMP sequence start) or an AAC audio
// specific config (AAC packet type 0).
func sequenceHeader(t rtmp.MessageType, p []byte) bool {
	if len(p) < 2 {
		return false
	}
	if t == rtmp.TypeAudio {
		return p[0]>>4 == 10 && p[1] == 0
	}
	if p[0]&0x80 != 0 { // Enhanced RTMP: packet type in the low bits
		return p[0]&0x0f == 0
	}
	return (p[0]&0x0f == 7 || p[0]&0x0f == 12) && p[1] == 0
}

// play sends a late joiner what it needs to start, then the live stream,
// until the stream ends, the player is dropped or it goes away.
func (s *server) play(c *conn.Conn, sid uint32, key, label string) {
	s.mu.Lock()
	ls := s.streams[key]
	s.mu.Unlock()
	if ls == nil {
		_ = c.WriteMessage(sid, 0, message.OnStatus("error", message.StatusPlayStreamNotFound, key+" is not published."))
		s.log.printf("%s: %s is not published", label, key)
		time.Sleep(time.Second) // let the status reach the player before the close
		return
	}
	p := &player{c: c, sid: sid, q: make(chan relayed, 1024)}
	ls.mu.Lock()
	first := []relayed{{t: rtmp.TypeDataAMF0, payload: ls.meta}, {t: rtmp.TypeVideo, payload: ls.videoSeq}, {t: rtmp.TypeAudio, payload: ls.audioSeq}}
	ls.players[p] = true
	ls.mu.Unlock()
	go func() { // the player's own messages: acknowledgements, pings, closing
		for {
			if m, err := c.ReadMessage(); m == nil && err != nil { // not a payload that failed to decode: the end
				ls.mu.Lock()
				if ls.players[p] {
					delete(ls.players, p)
					close(p.q)
				}
				ls.mu.Unlock()
				return
			}
		}
	}()
	for _, md := range first {
		if md.payload != nil {
			if err := c.WriteMessage(sid, 0, rawMessage(md)); err != nil {
				return
			}
		}
	}
	for md := range p.q {
		if err := c.WriteMessage(sid, md.ts, rawMessage(md)); err != nil {
			s.log.printf("%s: %v", label, err)
			return
		}
	}
	_ = c.WriteMessage(0, 0, message.StreamEOF(sid))
	_ = c.WriteMessage(sid, 0, message.OnStatus("status", message.StatusPlayStop, "Stopped playing "+key+"."))
	s.log.printf("%s: %s ended", label, key)
}

func rawMessage(md relayed) message.Message {
	return &message.Raw{MsgType: md.t, Payload: md.payload}
}
