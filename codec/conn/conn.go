// Package conn is an RTMP connection on the codec: the handshake, then
// typed messages in and out, with the protocol control a peer expects
// handled by default (RTMP 1.0 §5.4 and §7.1.7): Set Chunk Size applied
// both ways, acknowledgements sent as the peer's window asks, Ping Request
// answered, Set Peer Bandwidth answered, Abort applied. Every control
// message is still returned by ReadMessage, so the caller sees it.
//
// A Conn is safe for one goroutine reading while others write: writes
// share one lock, so a goroutine streaming media and another answering
// commands do not interleave their chunks wrongly.
package conn

import (
	"bufio"
	"errors"
	"io"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// Options adjusts a Conn. The zero value takes every default.
type Options struct {
	// Chunk sets the incoming chunk stream's limits (Context and
	// StartOffset are the Conn's own and are ignored).
	Chunk chunk.Options
	// AMF0 limits the AMF0 values of received messages.
	AMF0 amf0.Limits
	// ChunkStream picks the chunk stream a message is written on;
	// nil means DefaultChunkStream.
	ChunkStream func(t rtmp.MessageType, streamID uint32) uint32
	// Manual turns the automatic answers off: no acknowledgements, no
	// Ping Response, no answer to Set Peer Bandwidth. Set Chunk Size and
	// Abort still apply, since reading depends on them.
	Manual bool
	// Capabilities, when set, are the Enhanced RTMP properties (codec info
	// maps, capsEx) Respond adds to its connect _result, as the
	// specification asks a server to state its support.
	Capabilities *media.Capabilities
}

// Chunk streams of DefaultChunkStream, nginx-rtmp's choice.
const (
	CSIDControl       = 2 // protocol control and user control (RTMP 1.0 §5.4, §6.2)
	CSIDCommand       = 3 // commands on message stream 0 (connect, createStream)
	CSIDStreamCommand = 5 // commands and data on a media stream (publish, play, onMetaData)
	CSIDAudio         = 6
	CSIDVideo         = 7
)

// DefaultChunkStream writes protocol and user control on chunk stream 2,
// commands and data on 3 (message stream 0) or 5 (a media stream), audio
// on 6 and video on 7. A peer reassembles each chunk stream on its own, so
// a large video frame in progress does not hold up an audio message or a
// command.
func DefaultChunkStream(t rtmp.MessageType, streamID uint32) uint32 {
	switch {
	case t <= rtmp.TypeSetPeerBandwidth:
		return CSIDControl
	case t == rtmp.TypeAudio:
		return CSIDAudio
	case t == rtmp.TypeVideo:
		return CSIDVideo
	case streamID == 0:
		return CSIDCommand
	}
	return CSIDStreamCommand
}

// Message is what ReadMessage returns: the envelope the chunk headers
// carried, and the payload decoded as its type. Body, Raw and everything
// they point at alias the Conn's buffers: they are valid until the next
// ReadMessage. Copy what must outlive it (message.Clone, amf0.Value.Clone).
type Message struct {
	CSID      uint32
	Timestamp uint32
	StreamID  uint32
	Type      rtmp.MessageType
	Body      message.Message
	Raw       *chunk.Message
}

// Stats counts what the Conn did on its own.
type Stats struct {
	// Received counts the bytes of whole chunks read from the
	// connection, the handshake included; it wraps at 32 bits as
	// acknowledgements do.
	Received uint32
	// Acks, PingsAnswered and BandwidthAnswers count the automatic replies.
	Acks, PingsAnswered, BandwidthAnswers int
}

// readAhead is the buffer a Conn reads the connection through.
const readAhead = 64 << 10

// Conn is an RTMP connection after the handshake.
type Conn struct {
	rw        io.ReadWriter
	opts      Options
	handshake handshake.Result
	rd        *chunk.Reader
	// skew is added to the received count: tests set it to cross 2^32
	// without sending 4 GiB.
	skew uint32
	dec  message.Decoder
	msg  Message

	// Acknowledgement state (RTMP 1.0 §5.4.3, §5.4.4).
	ackWindow uint32 // the peer's Window Acknowledgement Size; 0: none yet
	acked     uint32 // Received when the last Acknowledgement went out
	// Set Peer Bandwidth state (§5.4.5): the window we told the peer.
	outWindow uint32
	lastLimit rtmp.LimitType
	limited   bool // a Set Peer Bandwidth has set lastLimit

	wmu  sync.Mutex
	w    *chunk.Writer
	wbuf []byte

	smu   sync.Mutex
	stats Stats

	calls calls
}

// Server runs the server's side of the handshake on rw and returns the
// connection. hs may be nil (handshake.Server's defaults).
func Server(rw io.ReadWriter, hs *handshake.ServerConfig, opts *Options) (*Conn, error) {
	res, err := handshake.Server(rw, hs)
	if err != nil {
		return nil, err
	}
	return newConn(rw, res, opts), nil
}

// Client runs the client's side of the handshake on rw and returns the
// connection. hs may be nil (handshake.Client's defaults: a digest C1).
func Client(rw io.ReadWriter, hs *handshake.ClientConfig, opts *Options) (*Conn, error) {
	res, err := handshake.Client(rw, hs)
	if err != nil {
		return nil, err
	}
	return newConn(rw, res, opts), nil
}

func newConn(rw io.ReadWriter, res handshake.Result, opts *Options) *Conn {
	c := &Conn{rw: rw, handshake: res}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.ChunkStream == nil {
		c.opts.ChunkStream = DefaultChunkStream
	}
	copts := c.opts.Chunk
	copts.Context = nil
	copts.StartOffset = res.Read
	// Reads go through 64 KiB: the chunk Reader's own buffer is 8 KiB, so
	// that payloads it aliases stay in cache, and over TCP that meant a
	// read system call per 8 KiB. Through the larger buffer the calls are
	// an eighth as many: at chunk size 128 on loopback, 506 -> 573 MiB/s
	// (raw TCP 566-590). The 64 KiB is a constant per connection, beside
	// the partial-message budget.
	c.rd = chunk.NewReader(bufio.NewReaderSize(rw, readAhead), &copts)
	c.dec.AMF0 = c.opts.AMF0
	c.w = chunk.NewWriter(rw)
	return c
}

// Handshake returns what the handshake negotiated.
func (c *Conn) Handshake() handshake.Result { return c.handshake }

// Stats returns the counts of what the Conn did on its own.
func (c *Conn) Stats() Stats {
	c.smu.Lock()
	defer c.smu.Unlock()
	s := c.stats
	s.Received = c.received()
	return s
}

// received counts the bytes of whole chunks read since the connection
// opened, the handshake included, wrapping at 32 bits. Bytes read ahead
// into the Reader's buffer count once their chunk is taken, so that
// acknowledgements follow the messages and not the size of reads.
func (c *Conn) received() uint32 { return uint32(c.rd.Decoder().Offset()) + c.skew }

// ReadMessage reads the next message, decodes it as its type and, unless
// Options.Manual, answers the protocol control it asks for. A payload that
// does not decode as its type is returned with Body nil, Raw set and the
// decode error (a *wire.Error), so that the caller may carry on; errors
// from the connection and from the chunk stream end it.
func (c *Conn) ReadMessage() (*Message, error) {
	m, err := c.rd.ReadMessage()
	if err != nil {
		return nil, err
	}
	if err := c.acknowledge(); err != nil {
		return nil, err
	}
	c.msg = Message{CSID: m.CSID, Timestamp: m.Timestamp, StreamID: m.StreamID, Type: m.Type, Raw: m}
	body, derr := c.dec.Decode(m.Type, m.Payload)
	if derr != nil {
		return &c.msg, derr
	}
	c.msg.Body = body
	if err := c.control(body); err != nil {
		return nil, err
	}
	return &c.msg, nil
}

// acknowledge sends an Acknowledgement when the bytes received since the
// last one reach the peer's window (RTMP 1.0 §5.4.3). The count is the
// bytes since the connection opened, wrapping at 32 bits.
func (c *Conn) acknowledge() error {
	n := c.received()
	if c.opts.Manual || c.ackWindow == 0 || n-c.acked < c.ackWindow {
		return nil
	}
	c.acked = n
	if err := c.WriteMessage(0, 0, &rtmp.Acknowledgement{SequenceNumber: n}); err != nil {
		return err
	}
	c.count(func(s *Stats) { s.Acks++ })
	return nil
}

// control applies what a control message asks of this side.
func (c *Conn) control(body message.Message) error {
	switch v := body.(type) {
	case *rtmp.WindowAckSize:
		c.ackWindow = v.WindowSize
	case *rtmp.SetPeerBandwidth:
		if c.opts.Manual {
			return nil
		}
		return c.peerBandwidth(v)
	case *message.UserControl:
		if c.opts.Manual || v.Event != message.EventPingRequest {
			return nil
		}
		if err := c.WriteMessage(0, 0, &message.UserControl{Event: message.EventPingResponse, Timestamp: v.Timestamp}); err != nil {
			return err
		}
		c.count(func(s *Stats) { s.PingsAnswered++ })
	}
	return nil
}

// peerBandwidth answers Set Peer Bandwidth (RTMP 1.0 §5.4.5) with a
// Window Acknowledgement Size when the window it sets differs from the
// last one sent: a hard limit sets it, a soft one only lowers it, a
// dynamic one acts as hard after a hard one and is ignored otherwise, a
// limit type outside 0-2 is ignored.
func (c *Conn) peerBandwidth(v *rtmp.SetPeerBandwidth) error {
	limit := v.Limit
	if !limit.Defined() {
		return nil // no rule to follow: neither answered nor remembered
	}
	if limit == rtmp.LimitDynamic {
		if !c.limited || c.lastLimit != rtmp.LimitHard {
			return nil
		}
		limit = rtmp.LimitHard
	}
	window := v.WindowSize
	if limit == rtmp.LimitSoft && c.outWindow != 0 && c.outWindow < window {
		window = c.outWindow
	}
	c.lastLimit, c.limited = limit, true
	if window == c.outWindow {
		return nil
	}
	c.outWindow = window
	if err := c.WriteMessage(0, 0, &rtmp.WindowAckSize{WindowSize: window}); err != nil {
		return err
	}
	c.count(func(s *Stats) { s.BandwidthAnswers++ })
	return nil
}

func (c *Conn) count(f func(*Stats)) {
	c.smu.Lock()
	f(&c.stats)
	c.smu.Unlock()
}

// ErrNoType is returned by WriteMessage for a nil message.
var ErrNoType = errors.New("conn: WriteMessage of a nil message")

// WriteMessage writes m on message stream streamID with timestamp ts, on
// the chunk stream Options.ChunkStream picks, in the header forms the
// Writer chooses. A Set Chunk Size changes the chunk size of what follows
// it. Safe for concurrent use.
func (c *Conn) WriteMessage(streamID, ts uint32, m message.Message) error {
	if m == nil {
		return ErrNoType
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	payload, err := message.Append(c.wbuf[:0], m)
	c.wbuf = payload[:0]
	if err != nil {
		return err
	}
	t := m.Type()
	return c.w.WriteMessage(&chunk.Message{CSID: c.opts.ChunkStream(t, streamID), Timestamp: ts, Type: t, StreamID: streamID, Payload: payload})
}

// SetChunkSize sends Set Chunk Size: the chunk size of everything this
// side writes after it.
func (c *Conn) SetChunkSize(size uint32) error {
	return c.WriteMessage(0, 0, &rtmp.SetChunkSize{ChunkSize: size})
}
