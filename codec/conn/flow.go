package conn

import (
	"strings"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
)

// calls numbers a client's commands and remembers which await an answer.
type calls struct {
	mu      sync.Mutex
	next    float64
	pending map[float64]string
	streams uint32 // the last message stream ID handed out
}

// Call sends command name with the next transaction ID (1 for the first,
// as connect's must be), the command object and args, on message stream
// streamID, and remembers it so that Answer matches the reply.
func (c *Conn) Call(streamID uint32, name string, obj amf0.Value, args ...amf0.Value) (float64, error) {
	c.calls.mu.Lock()
	c.calls.next++
	tid := c.calls.next
	if c.calls.pending == nil {
		c.calls.pending = map[float64]string{}
	}
	c.calls.pending[tid] = name
	c.calls.mu.Unlock()
	vals := make([]amf0.Value, 0, 3+len(args))
	vals = append(vals, amf0.String(name), amf0.Number(tid), obj)
	return tid, c.WriteMessage(streamID, 0, &message.Command{Values: append(vals, args...)})
}

// Answer reports whether m is the _result or _error of a Call still
// waiting, and if so which call it answers, its transaction ID, and
// whether it is an error; the call stops waiting. Anything else, answers
// to unknown transactions included, is not an answer.
func (c *Conn) Answer(m *Message) (call string, tid float64, isError, ok bool) {
	cmd, isCmd := m.Body.(*message.Command)
	if !isCmd {
		return "", 0, false, false
	}
	name, _ := cmd.Name()
	if name != "_result" && name != "_error" {
		return "", 0, false, false
	}
	tid, _ = cmd.TransactionID()
	c.calls.mu.Lock()
	defer c.calls.mu.Unlock()
	call, ok = c.calls.pending[tid]
	if !ok {
		return "", 0, false, false
	}
	delete(c.calls.pending, tid)
	return strings.Clone(call), tid, name == "_error", true
}

// NewStreamID hands out the next message stream ID for a server's answer
// to createStream: 1, 2, ... (0 is the connection's own stream).
func (c *Conn) NewStreamID() uint32 {
	c.calls.mu.Lock()
	defer c.calls.mu.Unlock()
	c.calls.streams++
	return c.calls.streams
}
