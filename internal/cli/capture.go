package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/gopacket"
	gplayers "github.com/google/gopacket/layers"
	"github.com/google/gopacket/reassembly"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
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

// captureOptions are decode's flags that apply to a capture.
type captureOptions struct {
	port   uint16 // the RTMP server port
	format string // text or json
	opts   *decodeOptions
	filter lineFilter
	// stats prints -stats per connection and direction instead of lines.
	stats bool
	// dir, when set (c2s or s2c), collects that direction of connection
	// filter.conn (default 1) instead of printing lines: the bytes go to
	// the full decode, so the tree view and encode work on a capture.
	dir string
}

// lineFilter picks the message lines printed (-conn, -csid, -stream,
// -type); lines keep their numbers, so an answer's link stays right.
type lineFilter struct {
	conn         int   // 0: every connection
	csid, stream int64 // -1: any
	typ          int64 // -1: any
}

func (f lineFilter) keep(l *capturedLine) bool {
	return (f.conn == 0 || f.conn == l.Conn) && (f.csid < 0 || f.csid == int64(l.CSID)) &&
		(f.stream < 0 || f.stream == int64(l.Stream)) && (f.typ < 0 || f.typ == int64(l.Type))
}

// looksBinary reports input that cannot be hex text: control bytes other
// than whitespace, which no hex notation holds (a C0 byte of 3 is one).
func looksBinary(src []byte) bool {
	for _, c := range src[:min(len(src), 4096)] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7f {
			return true
		}
	}
	return false
}

// tsharkBlock matches the title tshark -x puts over each block of bytes:
// "Frame (218 bytes):", "Unchunked RTMP (151 bytes):", ...
var tsharkBlock = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 /.-]* \((\d+) bytes\):\s*$`)

// tsharkFrame keeps the first block of tshark -x output, the frame as
// captured; the blocks after it are tshark's own reassemblies of the same
// bytes, which would decode twice. ok is false for other input.
func tsharkFrame(src []byte) (frame []byte, note string, ok bool) {
	var titles []string
	var keep []byte
	for line := range bytes.Lines(src) {
		if tsharkBlock.Match(bytes.TrimRight(line, "\r\n")) {
			titles = append(titles, string(bytes.TrimSpace(line)))
			continue
		}
		if len(titles) == 1 {
			keep = append(keep, line...)
		}
	}
	if len(titles) == 0 {
		return nil, "", false
	}
	note = "tshark -x output: the block " + strconv.Quote(titles[0]) + " decoded"
	if len(titles) > 1 {
		note += fmt.Sprintf("; %d later block(s), tshark's own reassembly of the same bytes, ignored", len(titles)-1)
	}
	return keep, note, true
}

// stripFrame recognises one captured frame pasted whole (tshark -x,
// Wireshark's "Copy as Hex" of a packet): link, IP and TCP headers in
// front of the TCP payload. It returns the payload and what it took off.
func stripFrame(data []byte) ([]byte, string, bool) {
	for _, lt := range []gplayers.LinkType{gplayers.LinkTypeEthernet, gplayers.LinkTypeLinuxSLL, gplayers.LinkTypeNull, gplayers.LinkTypeRaw} {
		pkt := gopacket.NewPacket(data, lt, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
		tcp, ok := pkt.Layer(gplayers.LayerTypeTCP).(*gplayers.TCP)
		if !ok || pkt.ErrorLayer() != nil || len(tcp.Payload) == 0 {
			continue
		}
		// The IP header's length must account for the bytes exactly: a
		// chunk stream that merely starts like a header does not.
		switch ip := pkt.NetworkLayer().(type) {
		case *gplayers.IPv4:
			if int(ip.Length) != len(ip.Contents)+len(ip.Payload) {
				continue
			}
		case *gplayers.IPv6:
			if int(ip.Length) != len(ip.Payload) {
				continue
			}
		default:
			continue
		}
		what := fmt.Sprintf("the input is one captured frame: %d bytes of %s, IP and TCP headers (%s:%d -> %s:%d) taken off, the %d-byte TCP payload decoded",
			len(data)-len(tcp.Payload), lt, pkt.NetworkLayer().NetworkFlow().Src(), tcp.SrcPort, pkt.NetworkLayer().NetworkFlow().Dst(), tcp.DstPort, len(tcp.Payload))
		return tcp.Payload, what, true
	}
	return nil, "", false
}

// decodeCapture reads a pcap or pcapng capture, reassembles every TCP
// connection to or from the RTMP port in both directions, and prints one
// line per message in capture order as the messages complete.
func decodeCapture(src io.Reader, co captureOptions, w io.Writer) error {
	_, err := readCapture(src, co, w)
	return err
}

// collectDirection returns the bytes of one direction of one connection
// (co.dir, co.filter.conn) and a sentence saying which.
func collectDirection(src io.Reader, co captureOptions) ([]byte, string, error) {
	if co.filter.conn == 0 {
		co.filter.conn = 1
	}
	a, err := readCapture(src, co, io.Discard)
	if err != nil {
		return nil, "", err
	}
	c := a.collect
	if c == nil {
		return nil, "", fmt.Errorf("-conn %d: the capture has %d RTMP connection(s) on port %d", co.filter.conn, a.nconns, co.port)
	}
	from, to := c.client, c.server
	if co.dir == "s2c" {
		from, to = to, from
	}
	return a.collected, fmt.Sprintf("capture: connection %d, %s (%s -> %s), %d bytes reassembled", c.n, co.dir, from, to, len(a.collected)), nil
}

func readCapture(src io.Reader, co captureOptions, w io.Writer) (*analyser, error) {
	pr, err := newPacketReader(bufio.NewReaderSize(src, 1<<16))
	if err != nil {
		return nil, err
	}
	a := &analyser{co: co, out: newLineWriter(w, co.format)}
	asm := reassembly.NewAssembler(reassembly.NewStreamPool(a))
	asm.MaxBufferedPagesPerConnection, asm.MaxBufferedPagesTotal = maxPagesPerConn, maxPagesTotal
	var bad error // the capture's own defect, after what came before it is shown
	dec := newPacketDecoder()
	ctx := new(captureContext)
	for n := 0; ; n++ {
		p, err := pr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if co.dir != "" {
				return nil, fmt.Errorf("packet %d: %v", n+1, err)
			}
			bad = fmt.Errorf("packet %d: %v", n+1, err)
			a.note("%v: the capture stops here", bad)
			break
		}
		if a.first.IsZero() {
			a.first = p.at
		}
		flow, tcp, ok := dec.decode(p)
		if !ok {
			continue
		}
		// Before the packet: a connection idle until it is ended by it.
		if p.at.Sub(a.swept) >= sweepEvery {
			a.sweep(asm, p.at)
		}
		ctx.ci = gopacket.CaptureInfo{Timestamp: p.at, CaptureLength: len(p.data), Length: len(p.data)}
		asm.AssembleWithContext(flow, tcp, ctx)
		for _, c := range a.resets {
			c.reset(p.at)
		}
		a.resets = a.resets[:0]
	}
	// The connections still open end with the capture, in the order they
	// started: the reassembly's flush reaches them in map order.
	a.atEnd = true
	asm.FlushAll()
	open := slices.Sorted(maps.Keys(a.live))
	for _, n := range open {
		a.end(a.live[n], "")
	}
	if a.nconns == 0 {
		a.note("no TCP connection on port %d in the capture (-port picks another)", a.co.port)
	} else {
		a.note("%d RTMP connection(s), at most %d open at once", a.nconns, a.peakLive)
	}
	if err := a.out.flush(); err != nil {
		return a, err
	}
	return a, bad
}

// packetDecoder finds the TCP segment in a packet with layers it reuses,
// for the link types captures of RTMP have; others go through
// gopacket.NewPacket.
type packetDecoder struct {
	eth     gplayers.Ethernet
	sll     gplayers.LinuxSLL
	lo      gplayers.Loopback
	ip4     gplayers.IPv4
	ip6     gplayers.IPv6
	tcp     gplayers.TCP
	parsers map[gplayers.LinkType]*gopacket.DecodingLayerParser
	decoded []gopacket.LayerType
}

func newPacketDecoder() *packetDecoder {
	d := &packetDecoder{}
	layers := []gopacket.DecodingLayer{&d.eth, &d.sll, &d.lo, &d.ip4, &d.ip6, &d.tcp}
	parser := func(first gopacket.LayerType) *gopacket.DecodingLayerParser {
		p := gopacket.NewDecodingLayerParser(first, layers...)
		p.IgnoreUnsupported = true
		return p
	}
	d.parsers = map[gplayers.LinkType]*gopacket.DecodingLayerParser{
		gplayers.LinkTypeEthernet: parser(gplayers.LayerTypeEthernet),
		gplayers.LinkTypeLinuxSLL: parser(gplayers.LayerTypeLinuxSLL),
		gplayers.LinkTypeNull:     parser(gplayers.LayerTypeLoopback),
		gplayers.LinkTypeLoop:     parser(gplayers.LayerTypeLoopback),
		gplayers.LinkTypeIPv4:     parser(gplayers.LayerTypeIPv4),
		gplayers.LinkTypeIPv6:     parser(gplayers.LayerTypeIPv6),
	}
	return d
}

// decode returns the network flow and TCP layer of p, valid until the
// next call.
func (d *packetDecoder) decode(p capturedPacket) (gopacket.Flow, *gplayers.TCP, bool) {
	parser := d.parsers[p.link]
	if p.link == gplayers.LinkTypeRaw && len(p.data) > 0 {
		// Raw IP: the version nibble says which.
		parser = d.parsers[gplayers.LinkTypeIPv4]
		if p.data[0]>>4 == 6 {
			parser = d.parsers[gplayers.LinkTypeIPv6]
		}
	}
	if parser == nil {
		pkt := gopacket.NewPacket(p.data, p.link, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
		tcp, ok := pkt.Layer(gplayers.LayerTypeTCP).(*gplayers.TCP)
		if !ok || pkt.NetworkLayer() == nil {
			return gopacket.Flow{}, nil, false
		}
		return pkt.NetworkLayer().NetworkFlow(), tcp, true
	}
	if err := parser.DecodeLayers(p.data, &d.decoded); err != nil {
		return gopacket.Flow{}, nil, false
	}
	var flow gopacket.Flow
	tcp := false
	for _, t := range d.decoded {
		switch t {
		case gplayers.LayerTypeIPv4:
			flow = d.ip4.NetworkFlow()
		case gplayers.LayerTypeIPv6:
			flow = d.ip6.NetworkFlow()
		case gplayers.LayerTypeTCP:
			tcp = true
		}
	}
	return flow, &d.tcp, tcp && flow != (gopacket.Flow{})
}

type captureContext struct{ ci gopacket.CaptureInfo }

func (c *captureContext) GetCaptureInfo() gopacket.CaptureInfo { return c.ci }

// analyser is the reassembly's stream factory and holds every connection.
type analyser struct {
	co    captureOptions
	out   *lineWriter
	first time.Time
	// nconns counts the RTMP connections found; live holds those not yet
	// ended, by number. An ended connection prints its totals and is let
	// go, so memory follows the connections open at once, not how many
	// the capture has.
	nconns int
	live   map[int]*captureConn
	// collect is the connection co.dir collects (-conn), kept for its
	// names.
	collect *captureConn
	// resets are the connections a packet just reset, ended once the
	// reassembly has taken the packet; atEnd is set from the capture's end
	// on, when the flush ends every connection left.
	resets []*captureConn
	atEnd  bool
	// swept is the capture time of the last sweep; sweeping is set while
	// one runs.
	swept    time.Time
	sweeping bool
	idle     []*captureConn // what the sweep running found idle
	// peakLive is the most RTMP connections open at once; pooled counts
	// the TCP connections the reassembly holds, peakPooled the most it
	// held (what TestCaptureMemoryFollowsOpenConnections checks).
	peakLive, pooled, peakPooled int

	lines int
	// collected holds the direction co.dir asks for.
	collected []byte
	media     mediaCache
}

// New starts a connection: the side on the RTMP port is the server.
func (a *analyser) New(netFlow, tcpFlow gopacket.Flow, tcp *gplayers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	c := &captureConn{a: a, first: -1}
	a.pooled++
	a.peakPooled = max(a.peakPooled, a.pooled)
	c.ends = [2]string{netFlow.Src().String() + ":" + tcpFlow.Src().String(), netFlow.Dst().String() + ":" + tcpFlow.Dst().String()}
	if uint16(tcp.SrcPort) != a.co.port && uint16(tcp.DstPort) != a.co.port {
		// Another port: RTMP only if both sides open with the handshake
		// version, 3 (C0, then S0); held until then.
		c.pending = true
		return c
	}
	// The reassembly's "client to server" is the first packet's
	// direction; RTMP's client is the side that is not on the port. The
	// connection is numbered when its first byte arrives: packets after
	// a connection ended (a last ACK) make a stream with none.
	c.byPort = uint16(tcp.SrcPort) == a.co.port
	return c
}

// start numbers a connection found to be RTMP and names its sides.
func (c *captureConn) start(flipped bool, why string) {
	a := c.a
	c.started = true
	a.nconns++
	c.n, c.flipped = a.nconns, flipped
	c.client, c.server = c.ends[0], c.ends[1]
	if flipped {
		c.client, c.server = c.ends[1], c.ends[0]
	}
	for i := range c.dirs {
		c.dirs[i] = newCaptureDir(c, [2]string{"c2s", "s2c"}[i])
	}
	if a.live == nil {
		a.live = map[int]*captureConn{}
	}
	a.live[c.n] = c
	a.peakLive = max(a.peakLive, len(a.live))
	if a.co.dir != "" && a.co.filter.conn == c.n {
		a.collect = c
	}
	a.out.note(fmt.Sprintf("conn %d: client %s, server %s (%s)", c.n, c.client, c.server, why))
}

// maxHeld bounds what a connection on another port may send before it is
// known to be RTMP: C0+C1 is 1537 bytes, and a client waits for S0 before
// C2. Connections that stay undecided cost this much each at most.
const maxHeld = 4096

// heldData is what a connection on another port sent before it was known
// to be RTMP.
type heldData struct {
	data []byte
	at   time.Time
}

// judge decides a held connection on its first bytes: the side that spoke
// first must open with 3 (C0) and the other answer with 3 (S0). Anything
// else, or a gap, is not RTMP and is dropped; a connection whose peer
// never answers stays undecided and is not shown.
func (c *captureConn) judge(rdir int, data []byte, at time.Time, skip int) {
	if skip > 0 || len(data) == 0 && len(c.held[rdir]) == 0 {
		c.rejected = c.rejected || skip > 0
		return
	}
	if c.first < 0 {
		c.first = rdir
	}
	if len(c.held[rdir]) == 0 && data[0] != 3 {
		c.rejected = true
		return
	}
	c.heldBytes += len(data)
	if c.heldBytes > maxHeld {
		c.rejected = true
		return
	}
	c.held[rdir] = append(c.held[rdir], heldData{append([]byte(nil), data...), at})
	if len(c.held[1-rdir]) == 0 || rdir == c.first {
		return
	}
	c.pending = false
	server := c.ends[1-c.first]
	c.start(c.first == 1, "recognised by its handshake, on port "+server[strings.LastIndex(server, ":")+1:])
	for _, r := range []int{c.first, 1 - c.first} {
		for _, h := range c.held[r] {
			c.dirs[r^boolInt(c.flipped)].feed(h.data, h.at)
		}
	}
	c.held = [2][]heldData{}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
	ends           [2]string // the first packet's source and destination
	flipped        bool
	// pending: on another port, not yet known to be RTMP; rejected: known
	// not to be. held keeps its bytes by reassembly direction meanwhile.
	pending, rejected bool
	// byPort: on the RTMP port, with the server as the first packet's
	// source; started is set once the first byte made it a connection.
	byPort, started bool
	held            [2][]heldData
	heldBytes       int
	first           int            // the reassembly direction that spoke first, or -1
	dirs            [2]*captureDir // c2s, s2c
	// calls[d] maps a transaction ID to the line of the last command with
	// it sent in direction d; streams[d] a message stream to the line of
	// the last command on it (what an onStatus answers).
	calls   [2]recentLines[float64]
	streams [2]recentLines[uint32]
	// ended: the connection was reset, or its reassembly completed, and
	// its totals are out; what still arrives for it is dropped.
	ended, resetQueued bool
	resetBy            string // the end that sent the RST
	// resetAfterGap: the RST came at resetAt past a gap; the connection
	// ends when a sweep has given up on the gap.
	resetAfterGap bool
	resetAt       time.Time
}

// recentLines maps keys to line numbers for the last recentLinesCap keys
// put: a connection that sends command after command with new
// transaction IDs, or on new stream IDs, and never gets answers costs
// that much at most. A later answer to an older call prints without its
// link.
type recentLines[K comparable] struct {
	lines map[K]int
	order []K // the keys in the order they came; a ring once full
	next  int // where the ring's oldest key is
}

const recentLinesCap = 1024

func (r *recentLines[K]) put(k K, line int) {
	if r.lines == nil {
		r.lines = map[K]int{}
	}
	if _, ok := r.lines[k]; !ok {
		if len(r.order) < recentLinesCap {
			r.order = append(r.order, k)
		} else {
			delete(r.lines, r.order[r.next])
			r.order[r.next] = k
			r.next = (r.next + 1) % recentLinesCap
		}
	}
	r.lines[k] = line
}

func (r *recentLines[K]) get(k K) int { return r.lines[k] }

// Accept takes every segment: a capture may start after the SYN.
// A segment with RST ends the connection in both directions once its
// bytes are in (the reassembly itself ends only the direction it came
// in). An RST past a gap waits until a sweep gives up on the gap and
// delivers what came after it, so the gap is said.
func (c *captureConn) Accept(tcp *gplayers.TCP, ci gopacket.CaptureInfo, dir reassembly.TCPFlowDirection, next reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	*start = true
	if tcp.RST && !c.resetQueued && !c.ended {
		c.resetBy = c.ends[boolInt(dir == reassembly.TCPDirServerToClient)]
		if next >= 0 && next.Difference(reassembly.Sequence(tcp.Seq)) > 0 {
			c.resetAfterGap, c.resetAt = true, ci.Timestamp
		} else {
			c.queueReset()
		}
	}
	return !c.rejected
}

func (c *captureConn) queueReset() {
	c.resetQueued = true
	c.a.resets = append(c.a.resets, c)
}

// reset ends a connection an RST ended; at is when it was captured.
func (c *captureConn) reset(at time.Time) {
	if c.ended {
		return
	}
	if !c.started {
		c.rejected, c.held, c.ended = true, [2][]heldData{}, true
		return
	}
	c.a.end(c, fmt.Sprintf("%s reset the connection (RST) at %.3f s", c.side(c.resetBy), at.Sub(c.a.first).Seconds()))
}

// side names the end addr as client or server.
func (c *captureConn) side(addr string) string {
	if addr == c.client {
		return "the client"
	}
	return "the server"
}

func (c *captureConn) ReassembledSG(sg reassembly.ScatterGather, ac reassembly.AssemblerContext) {
	dir, _, _, skip := sg.Info()
	length, _ := sg.Lengths()
	if c.rejected || c.ended {
		return
	}
	if !c.pending && !c.started {
		if length == 0 && skip <= 0 {
			return
		}
		c.start(c.byPort, fmt.Sprintf("port %d", c.a.co.port))
	}
	if c.pending {
		var at time.Time
		if length > 0 {
			at = captureTime(sg, ac)
		}
		c.judge(boolInt(dir == reassembly.TCPDirServerToClient), sg.Fetch(length), at, skip)
		return
	}
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
	d.feed(sg.Fetch(length), captureTime(sg, ac))
}

// captureTime is when the bytes sg delivers were captured: the time of
// the packet that completed them (ac), or, when a flush delivers them
// with no packet, the time of their first byte. It does not ask sg for
// the time of a later byte: gopacket v1.1.19 keeps the capture info on a
// packet's first page only, and CaptureInfo of an offset in a later page
// of a large out-of-order packet dereferences nil (found by fuzzing the
// capture analyser; TestCaptureLaterPageTime holds the capture).
func captureTime(sg reassembly.ScatterGather, ac reassembly.AssemblerContext) (t time.Time) {
	if ac != nil {
		return ac.GetCaptureInfo().Timestamp
	}
	defer func() {
		if recover() != nil {
			t = time.Time{} // the same library fault on the first byte: no time
		}
	}()
	return sg.CaptureInfo(0).Timestamp
}

// ReassemblyComplete ends a connection both of whose directions ended
// (FIN or RST) while the capture goes on, or that a sweep found idle. At
// the capture's end the flush calls it in no useful order; readCapture
// ends those connections itself.
func (c *captureConn) ReassemblyComplete(reassembly.AssemblerContext) bool {
	c.a.pooled--
	if c.started && !c.ended && !c.a.atEnd {
		if c.a.sweeping {
			c.a.idle = append(c.a.idle, c)
			return true
		}
		c.a.end(c, "")
	}
	return true
}

// The reassembly forgets a connection only once both directions sent FIN
// or RST, and after an RST the other direction usually sends neither: a
// capture of many sessions would keep them all. A sweep every sweepEvery
// of capture time ends the connections with no packet for idleEnd, which
// lets the reassembly drop the reset ones too. Real RTMP sessions are
// never that quiet: the server acknowledges, pings, or sends media.
//
// Bytes after a gap wait in the reassembly for the missing ones, which a
// retransmission sends within seconds; a capture that lost them (dumpcap
// dropped the packet) never gets them. The sweep gives up on what has
// waited gapWait: the gap is reported and its direction stops there. The
// reassembly also gives up early on a connection holding more than
// maxPagesPerConn pages of 1900 bytes behind a gap, and on every
// connection it gets a packet for while maxPagesTotal are held.
const (
	sweepEvery      = time.Minute
	idleEnd         = 10 * time.Minute
	gapWait         = time.Minute
	maxPagesPerConn = 1024
	maxPagesTotal   = 16384
)

func (a *analyser) sweep(asm *reassembly.Assembler, now time.Time) {
	a.swept, a.sweeping = now, true
	asm.FlushWithOptions(reassembly.FlushOptions{T: now.Add(-gapWait), TC: now.Add(-idleEnd)})
	a.sweeping = false
	for _, n := range slices.Sorted(maps.Keys(a.live)) {
		if c := a.live[n]; c.resetAfterGap && !c.resetAt.After(now.Add(-gapWait)) {
			c.reset(c.resetAt)
		}
	}
	// The flush reaches connections in map order; they end in the order
	// they started.
	slices.SortFunc(a.idle, func(x, y *captureConn) int { return x.n - y.n })
	for _, c := range a.idle {
		a.end(c, fmt.Sprintf("no packet for %v of capture time: taken as ended (a later packet of it starts a new connection, read mid-session)", idleEnd))
	}
	a.idle = a.idle[:0]
}

// end finishes a connection: its directions decode what they held and
// report a message cut short, why it ended is said, its totals (and
// -stats) print, and everything but the numbers goes.
func (a *analyser) end(c *captureConn, why string) {
	if c.ended {
		return
	}
	c.ended = true
	delete(a.live, c.n)
	for _, d := range c.dirs {
		d.finish()
	}
	if why != "" {
		a.note("conn %d: %s", c.n, why)
	}
	for _, d := range c.dirs {
		a.note("conn %d %s: %d messages, %d bytes", c.n, d.label, d.msgs, d.seen)
		if a.co.stats && (a.co.filter.conn == 0 || a.co.filter.conn == c.n) {
			d.stats.finish()
			a.out.stats(c, d, d.seen)
		}
		d.stats.release()
	}
	c.calls, c.streams = [2]recentLines[float64]{}, [2]recentLines[uint32]{}
}

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
	// assumed holds the chunk streams whose stream ID was assumed: the
	// decoder asks again when the chunk was not whole yet, the note is
	// said once.
	assumed map[uint32]bool
	stats   *dirStats
	done    bool  // finished: no more bytes, the decoder let go
	seen    int64 // bytes of the direction, all of them
	// probing: mid-session without -chunk-size; held keeps the first
	// segments until settle has found the chunk size.
	probing bool
	held    []heldData
	heldLen int
}

// probeBytes is how much of a mid-session direction is held to find its
// chunk size.
const probeBytes = 8 << 10

// settle picks the chunk size and the first whole chunk that explain the
// held bytes, says so, and decodes them.
func (d *captureDir) settle() {
	d.probing = false
	var all []byte
	for _, h := range d.held {
		all = append(all, h.data...)
	}
	pr := probeChunkSize(all, d.c.a.co.opts)
	how := fmt.Sprintf("chunk size %d assumed: it explains all %d held bytes (%d messages)", pr.size, len(all)-pr.skip, pr.msgs)
	if !pr.clean {
		how = fmt.Sprintf("chunk size %d assumed: no size explains all %d held bytes; this one explains %d messages before an error", pr.size, len(all)-pr.skip, pr.msgs)
	}
	if pr.skip > 0 {
		how += fmt.Sprintf("; the first %d bytes, the rest of a chunk begun before the capture, skipped", pr.skip)
	}
	d.c.a.note("conn %d %s: %s", d.c.n, d.label, how)
	o := chunkOptions(d.c.a.co.opts)
	o.ChunkSize, o.Context = pr.size, d.context
	d.dec = chunk.NewDecoder(o)
	d.chunksAt, d.off = int64(pr.skip), int64(pr.skip)
	skip := pr.skip
	for _, h := range d.held {
		data := h.data
		if skip >= len(data) {
			skip -= len(data)
			continue
		}
		data, skip = data[skip:], 0
		d.decodeSegment(data, h.at)
		if d.stopped != "" {
			break
		}
	}
	d.held, d.heldLen = nil, 0
}

// probeResult is the reading probeChunkSize chose.
type probeResult struct {
	size      uint32
	skip      int
	msgs      int
	explained int // bytes up to the end of the last whole message
	clean     bool
}

// probeSizes are the chunk sizes tried, most common first: the default,
// nginx-rtmp's and FFmpeg's 4096, Wowza's and others' choices.
var probeSizes = []uint32{chunk.DefaultChunkSize, 4096, 60000, 65536, 1024, 8192, 16384, 32768, 256, 512, 2048, 1400, 1000, 2000}

// probeChunkSize tries each chunk size from each place a chunk plausibly
// starts, and keeps the reading that explains the most bytes with whole
// messages and no error; failing any without an error, the one that
// explains most before its error. A wrong size or start usually fails,
// or leaves the bytes in a message of absurd length that never ends.
func probeChunkSize(all []byte, opts *decodeOptions) probeResult {
	best := probeResult{size: chunk.DefaultChunkSize}
	for _, off := range chunkStarts(all) {
		for _, size := range probeSizes {
			r := trialDecode(all[off:], size, opts)
			r.skip = off
			r.explained += off
			if r.clean && !best.clean || r.clean == best.clean && r.explained > best.explained {
				best = r
			}
		}
		// A start that explains most of the bytes with several messages
		// is the one: later starts are inside what it explained.
		if best.clean && best.msgs >= 4 && best.explained >= len(all)/2 {
			break
		}
	}
	return best
}

// chunkStarts lists where a chunk may start in b: 0, then (for a capture
// that begins inside a chunk) each of the first 4 KiB's offsets whose
// byte reads as a type 0 or type 1 header on csid 2-63 (both put the
// message type 7 bytes in) with a defined message type and a length
// under 16 MiB; at most 32 of them. With the sizes tried, that bounds the
// work a direction's first 8 KiB can cause to a few MB of trial decoding,
// whatever the bytes (a chunk starts within one chunk, 4 KiB at the
// common sizes).
func chunkStarts(b []byte) []int {
	starts := []int{0}
	for i := 1; i+12 <= len(b) && i < 4<<10 && len(starts) < 32; i++ {
		if b[i]>>6 > 1 || b[i]&0x3f < 2 {
			continue
		}
		if t := rtmp.MessageType(b[i+7]); t.Defined() && uint32(b[i+4])<<16|uint32(b[i+5])<<8|uint32(b[i+6]) < 1<<24 {
			starts = append(starts, i)
		}
	}
	return starts
}

// trialDecode reads b at chunk size size: the messages it decodes, the
// bytes up to the end of the last, and whether it got to the end of b
// without an error.
func trialDecode(b []byte, size uint32, opts *decodeOptions) probeResult {
	o := chunkOptions(opts)
	o.ChunkSize = size
	var dec *chunk.Decoder
	o.Context = func(csid uint32) (chunk.Context, bool) {
		i := dec.Offset()
		if i < 0 || i >= int64(len(b)) || b[i]>>6 != 1 {
			return chunk.Context{}, false
		}
		return chunk.Context{StreamID: assumedStream(csid)}, true
	}
	dec = chunk.NewDecoder(o)
	r := probeResult{size: size, clean: true}
	for p := 0; p < len(b); {
		m, k, err := dec.Decode(b[p:], false)
		p += k
		if err != nil {
			r.clean = false
			break
		}
		if m == nil {
			break
		}
		r.msgs++
		r.explained = p
	}
	return r
}

// assumedStream is the message stream a chunk stream first seen with a
// fmt 1 header is taken to carry: 0 for control and connection commands
// (csids 2 and 3), 1 (the first stream a client creates) otherwise.
func assumedStream(csid uint32) uint32 {
	if csid <= 3 {
		return 0
	}
	return 1
}

// newCaptureDir starts a direction at its handshake.
func newCaptureDir(c *captureConn, label string) *captureDir {
	d := &captureDir{c: c, label: label, hsLeft: handshake.DirectionLen, stats: newDirStats()}
	d.stats.ChunkSizes.add(func() string {
		return fmt.Sprintf("%d from the start", max(c.a.co.opts.chunkSize, chunk.DefaultChunkSize))
	})
	o := chunkOptions(c.a.co.opts)
	o.Context = d.context
	d.dec = chunk.NewDecoder(o)
	return d
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
	sid := assumedStream(csid)
	if !d.assumed[csid] {
		if d.assumed == nil {
			d.assumed = map[uint32]bool{}
		}
		d.assumed[csid] = true
		d.c.a.note("conn %d %s: csid %d starts with a fmt 1 header in the capture: message stream %d assumed", d.c.n, d.label, csid, sid)
	}
	return chunk.Context{StreamID: sid}, true
}

func (d *captureDir) feed(data []byte, at time.Time) {
	if d.done {
		return
	}
	d.seen += int64(len(data))
	if a := d.c.a; a.co.dir == d.label && a.co.filter.conn == d.c.n {
		a.collected = append(a.collected, data...)
	}
	if d.stopped != "" {
		return
	}
	if !d.started {
		d.started = true
		if !looksLikeHandshake(data) {
			v := data[0]
			why := fmt.Sprintf("first byte 0x%02x is not RTMP's handshake version 3", v)
			if v == 3 {
				why = "it starts like a chunk on csid 3, not like C0+C1"
			}
			where := "the capture starts mid-session"
			if d.label == "in" {
				where = "the input starts with chunks"
			}
			d.hsLeft, d.midSession = 0, true
			if d.c.a.co.opts.chunkSize != 0 {
				d.c.a.note("conn %d %s: %s: %s; read as chunks from here, chunk size %d (-chunk-size)", d.c.n, d.label, why, where, d.c.a.co.opts.chunkSize)
			} else {
				// The chunk size in force is unknown: hold the first bytes
				// and find the one that explains them (settle).
				d.c.a.note("conn %d %s: %s: %s; read as chunks from here", d.c.n, d.label, why, where)
				d.probing = true
			}
		}
	}
	if d.probing {
		d.held = append(d.held, heldData{append([]byte(nil), data...), at})
		if d.heldLen += len(data); d.heldLen >= probeBytes {
			d.settle()
		}
		return
	}
	d.decodeSegment(data, at)
}

// decodeSegment decodes the bytes of one reassembled segment.
func (d *captureDir) decodeSegment(data []byte, at time.Time) {
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

// looksLikeHandshake tells C0+C1 from a chunk: both may start with 3 (the
// version; fmt 0 on csid 3). Read as a type 0 chunk header, C1's second
// field (zero, or a version such as 9.0.124.2 or 13.14.10.13) puts no RTMP
// message type where the header's type byte is; a real command chunk does.
func looksLikeHandshake(b []byte) bool {
	if b[0] != 3 {
		return false
	}
	if len(b) < 12 {
		return true
	}
	switch rtmp.MessageType(b[7]) {
	case rtmp.TypeSetChunkSize, rtmp.TypeAbort, rtmp.TypeAcknowledgement, rtmp.TypeUserControl, rtmp.TypeWindowAckSize,
		rtmp.TypeSetPeerBandwidth, rtmp.TypeAudio, rtmp.TypeVideo, rtmp.TypeDataAMF3, rtmp.TypeSharedObjectAMF3,
		rtmp.TypeCommandAMF3, rtmp.TypeDataAMF0, rtmp.TypeSharedObjectAMF0, rtmp.TypeCommandAMF0, rtmp.TypeAggregate:
		// and a small message stream ID, little-endian
		return b[11] != 0 || b[10] != 0
	}
	return true
}

// gap stops a direction: chunks cannot be followed across missing bytes.
func (d *captureDir) gap(n int) {
	if d.stopped == "" {
		d.stop(fmt.Sprintf("%d bytes missing from the capture after stream offset %d: decoding stops, the rest is not guessed", n, d.off+int64(len(d.buf))))
	}
}

func (d *captureDir) stop(why string) {
	d.stopped = why
	d.stats.Violations.add(func() string { return why })
	d.c.a.note("conn %d %s: %s", d.c.n, d.label, why)
}

// finish reports a message the capture ends inside.
func (d *captureDir) finish() {
	if d.done {
		return
	}
	if d.probing {
		d.settle()
	}
	d.done = true
	defer func() { d.dec, d.buf = nil, nil }()
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
	d.stats.add(m, a.lines)
	if m.Type == rtmp.TypeSetChunkSize && len(m.Payload) == 4 {
		size := uint32(m.Payload[0])<<24 | uint32(m.Payload[1])<<16 | uint32(m.Payload[2])<<8 | uint32(m.Payload[3])
		d.stats.ChunkSizes.add(func() string { return fmt.Sprintf("%d from offset %d (#%d)", size, d.chunksAt+m.Offset, a.lines) })
	}
	var summary string
	var info lineInfo
	if !a.co.stats {
		summary, info = a.media.summaryLine(m.Type, m.Payload)
	}
	c, i := d.c, 0
	if d.label == "s2c" {
		i = 1
	}
	answers := 0
	switch info.command {
	case "":
	case "_result", "_error":
		answers = c.calls[1-i].get(info.tid)
	case "onStatus":
		answers = c.streams[1-i].get(m.StreamID)
	default:
		if info.hasTID && info.tid != 0 {
			c.calls[i].put(info.tid, a.lines)
		}
		c.streams[i].put(m.StreamID, a.lines)
	}
	l := capturedLine{N: a.lines, Conn: c.n, Dir: d.label, Offset: d.chunksAt + m.Offset, CSID: m.CSID, Stream: m.StreamID,
		Timestamp: m.Timestamp, Type: uint8(m.Type), TypeName: m.Type.String(), Length: m.Length, Summary: summary, Answers: answers}
	if !a.first.IsZero() {
		t := at.Sub(a.first).Seconds()
		l.T = &t
	}
	if !a.co.stats && a.co.filter.keep(&l) {
		a.out.message(l)
	}
}

// capturedLine is one message of a capture, as -format json writes it
// (one object per line).
type capturedLine struct {
	N    int    `json:"n"`
	Conn int    `json:"conn"`
	Dir  string `json:"dir"`
	// T is seconds since the capture's first packet (captures only);
	// Offset where the message's first chunk starts in its direction's
	// bytes, handshake included.
	T         *float64 `json:"t,omitempty"`
	Offset    int64    `json:"offset"`
	CSID      uint32   `json:"csid"`
	Stream    uint32   `json:"stream"`
	Timestamp uint32   `json:"timestamp"`
	Type      uint8    `json:"type"`
	TypeName  string   `json:"type_name"`
	Length    uint32   `json:"length"`
	Summary   string   `json:"summary"`
	Answers   int      `json:"answers,omitempty"` // the line of the command an answer answers
}

// lineWriter prints lines and notes as text or JSON, keeping the first
// write error.
type lineWriter struct {
	bw    *bufio.Writer
	json  bool
	color bool
	err   error
}

func newLineWriter(w io.Writer, format string) *lineWriter {
	return &lineWriter{bw: bufio.NewWriterSize(w, 64<<10), json: format == "json", color: format != "json" && colorFor(w)}
}

// flush writes what is buffered; the output of a long capture streams out
// in 64 KiB pieces rather than one write per line.
func (lw *lineWriter) flush() error {
	if lw.err == nil {
		lw.err = lw.bw.Flush()
	}
	return lw.err
}

func (lw *lineWriter) write(s string) { lw.writeRaw(terminalSafe(s)) }

// writeRaw writes a line already made safe.
func (lw *lineWriter) writeRaw(s string) {
	if lw.err == nil {
		_, lw.err = lw.bw.WriteString(s)
	}
	if lw.err == nil {
		lw.err = lw.bw.WriteByte('\n')
	}
}

// writeJSON writes one JSON object as a line: the characters a terminal
// could act on are escaped the JSON way (terminalSafe's \x form is not
// JSON).
func (lw *lineWriter) writeJSON(v any) {
	b, _ := json.Marshal(v)
	lw.writeRaw(string(jsonTerminalSafe(b)))
}

func (lw *lineWriter) note(s string) {
	if lw.json {
		lw.writeJSON(map[string]string{"note": s})
		return
	}
	lw.write("# " + s)
}

func (lw *lineWriter) stats(c *captureConn, d *captureDir, total int64) {
	from, to := c.client, c.server
	if d.label == "s2c" {
		from, to = to, from
	}
	head := fmt.Sprintf("stats conn %d %s (%s -> %s): %d bytes", c.n, d.label, from, to, total)
	if lw.json {
		lw.writeJSON(map[string]any{"stats": d.stats, "conn": c.n, "dir": d.label, "from": from, "to": to, "bytes": total})
		return
	}
	lw.write(head)
	for _, l := range d.stats.lines() {
		lw.write("  " + l)
	}
}

func (lw *lineWriter) message(l capturedLine) {
	if lw.json {
		lw.writeJSON(l)
		return
	}
	at := fmt.Sprintf("@%d", l.Offset)
	if l.T != nil {
		at = fmt.Sprintf("%.3f", *l.T)
	}
	s := fmt.Sprintf("%5d conn %d %s %9s  csid %d stream %d  %s", l.N, l.Conn, l.Dir, at, l.CSID, l.Stream, l.Summary)
	if l.Answers > 0 {
		s += " -> answers #" + strconv.Itoa(l.Answers)
	}
	if !lw.color {
		lw.write(s)
		return
	}
	// Colour goes on after the line is made safe, and only around what
	// this tool wrote: the direction (client cyan, server yellow).
	s = terminalSafe(s)
	code := "36"
	if l.Dir == "s2c" {
		code = "33"
	}
	lw.writeRaw(strings.Replace(s, " "+l.Dir+" ", " \x1b["+code+"m"+l.Dir+"\x1b[0m ", 1))
}

// colorFor reports whether output to w gets colour: a terminal, and
// NO_COLOR unset (no-color.org).
func colorFor(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// summarizeStream is -summary for one direction's bytes given as hex or
// binary: a session from its handshake, or chunks.
func summarizeStream(data []byte, co captureOptions, notes []string, w io.Writer) error {
	a := &analyser{co: co, out: newLineWriter(w, co.format)}
	for _, n := range notes {
		if n != "" {
			a.note("%s", n)
		}
	}
	c := &captureConn{a: a, n: 1}
	d := newCaptureDir(c, "in")
	c.dirs = [2]*captureDir{d, newCaptureDir(c, "out")}
	d.feed(data, time.Time{})
	d.finish()
	a.note("%d messages, %d bytes", d.msgs, len(data))
	return a.out.flush()
}
