package main

import (
	"bytes"

	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/google/gopacket"
	gplayers "github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/google/gopacket/reassembly"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

// captureFormat names the packet capture format src starts with: "pcap"
// (either byte order, micro- or nanosecond timestamps), "pcapng", or "".
func captureFormat(src []byte) string {
	if len(src) < 4 {
		return ""
	}
	switch uint32(src[0]) | uint32(src[1])<<8 | uint32(src[2])<<16 | uint32(src[3])<<24 {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return "pcap"
	case 0x0a0d0d0a:
		return "pcapng"
	}
	return ""
}

// packetSource is what pcapgo's two readers share.
type packetSource interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// captureOptions are decode's flags that apply to a capture.
type captureOptions struct {
	port   uint16 // the RTMP server port
	format string // text or json
	opts   *decodeOptions
}

// decodeCapture reads a pcap or pcapng capture, reassembles every TCP
// connection to or from the RTMP port in both directions, and prints one
// line per message in capture order as the messages complete.
func decodeCapture(src []byte, co captureOptions, w io.Writer) error {
	ps, linkOf, err := openCapture(src)
	if err != nil {
		return err
	}
	a := &analyser{co: co, out: newLineWriter(w, co.format)}
	asm := reassembly.NewAssembler(reassembly.NewStreamPool(a))
	for n := 0; ; n++ {
		data, ci, err := ps.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			a.note("packet %d: %v: the capture stops here", n+1, err)
			break
		}
		if a.first.IsZero() {
			a.first = ci.Timestamp
		}
		pkt := gopacket.NewPacket(data, linkOf(ci), gopacket.DecodeOptions{Lazy: true, NoCopy: true})
		tcp, ok := pkt.Layer(gplayers.LayerTypeTCP).(*gplayers.TCP)
		if !ok || pkt.NetworkLayer() == nil {
			continue
		}
		if uint16(tcp.SrcPort) != co.port && uint16(tcp.DstPort) != co.port {
			continue
		}
		asm.AssembleWithContext(pkt.NetworkLayer().NetworkFlow(), tcp, &captureContext{ci})
	}
	asm.FlushAll()
	for _, c := range a.conns {
		for _, d := range c.dirs {
			d.finish()
		}
	}
	a.totals()
	return a.out.err
}

// openCapture returns the packet reader and how to find each packet's
// link type (pcapng files may mix interfaces).
func openCapture(src []byte) (packetSource, func(gopacket.CaptureInfo) gopacket.Decoder, error) {
	r := bytes.NewReader(src)
	if captureFormat(src) == "pcapng" {
		ng, err := pcapgo.NewNgReader(r, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return nil, nil, fmt.Errorf("pcapng: %v", err)
		}
		return ng, func(ci gopacket.CaptureInfo) gopacket.Decoder {
			if intf, err := ng.Interface(ci.InterfaceIndex); err == nil {
				return intf.LinkType
			}
			return ng.LinkType()
		}, nil
	}
	pr, err := pcapgo.NewReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("pcap: %v", err)
	}
	lt := pr.LinkType()
	return pr, func(gopacket.CaptureInfo) gopacket.Decoder { return lt }, nil
}

type captureContext struct{ ci gopacket.CaptureInfo }

func (c *captureContext) GetCaptureInfo() gopacket.CaptureInfo { return c.ci }

// analyser is the reassembly's stream factory and holds every connection.
type analyser struct {
	co    captureOptions
	out   *lineWriter
	first time.Time
	conns []*captureConn
	lines int
}

// New starts a connection: the side on the RTMP port is the server.
func (a *analyser) New(netFlow, tcpFlow gopacket.Flow, tcp *gplayers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	c := &captureConn{a: a, n: len(a.conns) + 1, calls: [2]map[float64]int{{}, {}}, streams: [2]map[uint32]int{{}, {}}}
	src := netFlow.Src().String() + ":" + tcpFlow.Src().String()
	dst := netFlow.Dst().String() + ":" + tcpFlow.Dst().String()
	// The reassembly's "client to server" is the first packet's
	// direction; RTMP's client is the side that is not on the port.
	c.flipped = uint16(tcp.SrcPort) == a.co.port
	c.client, c.server = src, dst
	if c.flipped {
		c.client, c.server = dst, src
	}
	for i := range c.dirs {
		d := &captureDir{c: c, label: [2]string{"c2s", "s2c"}[i], hsLeft: handshake.DirectionLen}
		o := chunkOptions(a.co.opts)
		o.Context = d.context
		d.dec = chunk.NewDecoder(o)
		c.dirs[i] = d
	}
	a.conns = append(a.conns, c)
	a.out.note(fmt.Sprintf("conn %d: client %s, server %s (port %d)", c.n, c.client, c.server, a.co.port))
	return c
}

func chunkOptions(opts *decodeOptions) *chunk.Options {
	o := opts.chunkLimits
	o.ChunkSize = opts.chunkSize
	return &o
}

func (a *analyser) note(format string, args ...any) { a.out.note(fmt.Sprintf(format, args...)) }

// captureConn is one TCP connection.
type captureConn struct {
	a              *analyser
	n              int
	client, server string
	flipped        bool
	dirs           [2]*captureDir // c2s, s2c
	// calls[d] maps a transaction ID to the line of the last command with
	// it sent in direction d; streams[d] a message stream to the line of
	// the last command on it (what an onStatus answers).
	calls   [2]map[float64]int
	streams [2]map[uint32]int
}

// Accept takes every segment: a capture may start after the SYN.
func (c *captureConn) Accept(_ *gplayers.TCP, _ gopacket.CaptureInfo, _ reassembly.TCPFlowDirection, _ reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	*start = true
	return true
}

func (c *captureConn) ReassembledSG(sg reassembly.ScatterGather, _ reassembly.AssemblerContext) {
	dir, _, _, skip := sg.Info()
	length, _ := sg.Lengths()
	i := 0
	if (dir == reassembly.TCPDirServerToClient) != c.flipped {
		i = 1
	}
	d := c.dirs[i]
	if skip > 0 {
		d.gap(skip)
	}
	if length == 0 {
		return
	}
	d.feed(sg.Fetch(length), sg.CaptureInfo(length-1).Timestamp)
}

func (c *captureConn) ReassemblyComplete(reassembly.AssemblerContext) bool { return true }

// captureDir is one direction of a connection: the handshake, then a
// chunk decoder fed as the bytes arrive.
type captureDir struct {
	c       *captureConn
	label   string
	off     int64  // stream offset of buf[0]
	buf     []byte // bytes not yet consumed
	hsLeft  int    // handshake bytes still to come
	started bool
	dec     *chunk.Decoder
	stopped string // why decoding stopped, once it has
	msgs    int
	// midSession: the capture starts after the handshake, so chunk
	// streams may begin with a header that leans on one never captured;
	// chunksAt is the stream offset where the chunk decoder started.
	midSession bool
	chunksAt   int64
}

// context answers the chunk decoder for a chunk stream whose first chunk
// in a mid-session capture is not fmt 0. A fmt 1 header has everything
// but the message stream ID: 0 is assumed on chunk streams 2 and 3 (control
// and connection commands), 1 on the others (the first stream a client
// creates), and said. A fmt 2 or 3 header lacks the length too: no guess,
// the decoder reports it.
func (d *captureDir) context(csid uint32) (chunk.Context, bool) {
	i := d.dec.Offset() + d.chunksAt - d.off
	if !d.midSession || i < 0 || i >= int64(len(d.buf)) || d.buf[i]>>6 != 1 {
		return chunk.Context{}, false
	}
	sid := uint32(1)
	if csid <= 3 {
		sid = 0
	}
	d.c.a.note("conn %d %s: csid %d starts with a fmt 1 header in the capture: message stream %d assumed", d.c.n, d.label, csid, sid)
	return chunk.Context{StreamID: sid}, true
}

func (d *captureDir) feed(data []byte, at time.Time) {
	if d.stopped != "" {
		return
	}
	if !d.started {
		d.started = true
		if v := data[0]; v != 3 {
			d.c.a.note("conn %d %s: first byte 0x%02x is not RTMP's handshake version 3: the capture starts mid-session; read as chunks from here, chunk size %d assumed", d.c.n, d.label, v, max(d.c.a.co.opts.chunkSize, chunk.DefaultChunkSize))
			d.hsLeft, d.midSession = 0, true
		}
	}
	d.buf = append(d.buf, data...)
	p := 0
	if d.hsLeft > 0 {
		k := min(d.hsLeft, len(d.buf))
		d.hsLeft -= k
		p = k
		d.chunksAt = d.off + int64(k)
	}
	for d.hsLeft == 0 && p < len(d.buf) {
		m, n, err := d.dec.Decode(d.buf[p:], false)
		p += n
		if err != nil {
			d.stop(err.Error())
			break
		}
		if m == nil {
			break
		}
		d.c.a.line(d, m, at)
	}
	d.off += int64(p)
	d.buf = append(d.buf[:0], d.buf[p:]...)
}

// gap stops a direction: chunks cannot be followed across missing bytes.
func (d *captureDir) gap(n int) {
	if d.stopped == "" {
		d.stop(fmt.Sprintf("%d bytes missing from the capture after stream offset %d: decoding stops, the rest is not guessed", n, d.off+int64(len(d.buf))))
	}
}

func (d *captureDir) stop(why string) {
	d.stopped = why
	d.c.a.note("conn %d %s: %s", d.c.n, d.label, why)
}

// finish reports a message the capture ends inside.
func (d *captureDir) finish() {
	if d.stopped != "" || d.hsLeft > 0 && d.started {
		if d.hsLeft > 0 && d.stopped == "" {
			d.c.a.note("conn %d %s: the capture ends inside the handshake (%d bytes short)", d.c.n, d.label, d.hsLeft)
		}
		return
	}
	if !d.started {
		return
	}
	_, _, err := d.dec.Decode(d.buf, true)
	if err != nil && !errors.Is(err, io.EOF) {
		d.c.a.note("conn %d %s: %v", d.c.n, d.label, err)
	}
}

// line prints one message and remembers what later answers link to.
func (a *analyser) line(d *captureDir, m *chunk.Message, at time.Time) {
	a.lines++
	d.msgs++
	summary, info := summaryLine(m.Type, m.Payload)
	c, i := d.c, 0
	if d.label == "s2c" {
		i = 1
	}
	answers := 0
	switch info.command {
	case "":
	case "_result", "_error":
		answers = c.calls[1-i][info.tid]
	case "onStatus":
		answers = c.streams[1-i][m.StreamID]
	default:
		if info.hasTID && info.tid != 0 {
			c.calls[i][info.tid] = a.lines
		}
		c.streams[i][m.StreamID] = a.lines
	}
	a.out.message(capturedLine{N: a.lines, Conn: c.n, Dir: d.label, T: at.Sub(a.first).Seconds(), CSID: m.CSID, Stream: m.StreamID,
		Timestamp: m.Timestamp, Type: uint8(m.Type), TypeName: m.Type.String(), Length: m.Length, Summary: summary, Answers: answers})
}

func (a *analyser) totals() {
	for _, c := range a.conns {
		for _, d := range c.dirs {
			a.note("conn %d %s: %d messages, %d bytes", c.n, d.label, d.msgs, d.off+int64(len(d.buf)))
		}
	}
	if len(a.conns) == 0 {
		a.note("no TCP connection on port %d in the capture (-port picks another)", a.co.port)
	}
}

// capturedLine is one message of a capture, as -format json writes it
// (one object per line).
type capturedLine struct {
	N         int     `json:"n"`
	Conn      int     `json:"conn"`
	Dir       string  `json:"dir"`
	T         float64 `json:"t"`
	CSID      uint32  `json:"csid"`
	Stream    uint32  `json:"stream"`
	Timestamp uint32  `json:"timestamp"`
	Type      uint8   `json:"type"`
	TypeName  string  `json:"type_name"`
	Length    uint32  `json:"length"`
	Summary   string  `json:"summary"`
	Answers   int     `json:"answers,omitempty"` // the line of the command an answer answers
}

// lineWriter prints lines and notes as text or JSON, keeping the first
// write error.
type lineWriter struct {
	w    io.Writer
	json bool
	err  error
}

func newLineWriter(w io.Writer, format string) *lineWriter {
	return &lineWriter{w: w, json: format == "json"}
}

func (lw *lineWriter) write(s string) {
	if lw.err == nil {
		_, lw.err = io.WriteString(lw.w, terminalSafe(s)+"\n")
	}
}

func (lw *lineWriter) note(s string) {
	if lw.json {
		b, _ := json.Marshal(map[string]string{"note": s})
		lw.write(string(b))
		return
	}
	lw.write("# " + s)
}

func (lw *lineWriter) message(l capturedLine) {
	if lw.json {
		b, _ := json.Marshal(l)
		lw.write(string(b))
		return
	}
	s := fmt.Sprintf("%5d conn %d %s %9.3f  csid %d stream %d  %s", l.N, l.Conn, l.Dir, l.T, l.CSID, l.Stream, l.Summary)
	if l.Answers > 0 {
		s += " -> answers #" + strconv.Itoa(l.Answers)
	}
	lw.write(s)
}
