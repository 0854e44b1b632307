package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
)

// decode.go: the decode command: flags, then the decoded document rendered.

var layers = []string{"auto", "session", "handshake", "chunks", "message", "amf0", "amf3", "flv"}

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", stdout)
	layer := fs.String("layer", "auto", "what the bytes are: "+strings.Join(layers, "|"))
	format := fs.String("format", "text", "output: text or json")
	typ := fs.String("type", "", "message type ID for -layer message, or for a lone chunk whose header does not carry one (e.g. 0x14); with a capture or -summary, only messages of this type")
	chunkSize := fs.Uint("chunk-size", 0, "chunk size in force at the start of the input (default 128)")
	limits := addLimitFlags(fs)
	streamID := fs.Uint("stream-id", 0, "message stream ID assumed for a chunk stream whose first chunk is fmt 1/2/3")
	timestamp := fs.Uint("timestamp", 0, "previous timestamp assumed for a chunk stream whose first chunk is fmt 1/2/3")
	length := fs.Int64("length", -1, "message length assumed for a chunk stream whose first chunk is fmt 2/3")
	lenient := fs.Bool("lenient-extended-timestamp", false, "accept peers that omit the extended timestamp on fmt 3 chunks")
	partial := fs.Bool("partial", false, "exit 0 when the input ends inside a message or handshake")
	scope := fs.String("amf3-scope", "message", "which AMF3 values (after AMF0 marker 0x11) of one message share reference tables: message (as BlazeDS and Red5 read them) or value")
	peer := fs.String("peer", "", "the other direction of the capture (hex, from C0/S0 on): C2/S2 are checked against its C1/S1")
	port := fs.Uint("port", 1935, "pcap/pcapng input: the RTMP server's TCP port")
	summary := fs.Bool("summary", false, "one line per message: time (or offset), csid, stream and what it holds, answers linked to their commands (the view of pcap/pcapng input)")
	raw := fs.Bool("raw", false, "the input is binary (a TCP stream's bytes), not hex; recognised without the flag when the input is not text")
	var filter lineFilter
	fs.IntVar(&filter.conn, "conn", 0, "pcap/pcapng: only connection N, numbered in order of appearance")
	fs.Int64Var(&filter.csid, "csid", -1, "with -summary or a capture: only messages on chunk stream N")
	fs.Int64Var(&filter.stream, "stream", -1, "with -summary or a capture: only messages on message stream N")
	full := fs.Bool("full", false, "text view: show long strings whole (they are cut after 200 characters, with their length said)")
	stats := fs.Bool("stats", false, "pcap/pcapng: per connection and direction, messages and chunks by type, chunk sizes, audio and video bitrate, keyframe interval, timestamp range, gaps and backward steps, protocol violations (instead of the message lines)")
	dir := fs.String("dir", "", "pcap/pcapng: decode direction c2s or s2c of connection -conn (default 1) in full, as a session (the tree view; JSON that encode turns back into its bytes)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	opts := decodeOptions{layer: *layer, format: *format, msgType: -1, length: *length, lenient: *lenient, partial: *partial}
	if !contains(layers, opts.layer) {
		return &usageError{fmt.Sprintf("-layer %q: want one of %s", opts.layer, strings.Join(layers, ", "))}
	}
	switch *scope {
	case "message":
	case "value":
		opts.amf.scope = amf0.AMF3PerValue
	default:
		return &usageError{fmt.Sprintf("-amf3-scope %q: want message or value", *scope)}
	}
	if opts.format != "text" && opts.format != "json" {
		return &usageError{fmt.Sprintf("-format %q: want text or json", opts.format)}
	}
	if *typ != "" {
		v, err := strconv.ParseUint(*typ, 0, 8)
		if err != nil {
			return &usageError{fmt.Sprintf("-type %q: want a message type ID 0..255, e.g. 0x14", *typ)}
		}
		opts.msgType = int64(v)
	}
	if *chunkSize > 0x7FFFFFFF || *streamID > 0xFFFFFFFF || *timestamp > 0xFFFFFFFF || *length > 0xFFFFFF {
		return &usageError{"-chunk-size, -stream-id, -timestamp or -length out of range"}
	}
	if err := limits.apply(&opts); err != nil {
		return err
	}
	opts.chunkSize, opts.streamID, opts.timestamp = uint32(*chunkSize), uint32(*streamID), uint32(*timestamp)

	if *peer != "" {
		var err error
		if opts.peerHello, err = readPeerHello(*peer); err != nil {
			return err
		}
	}
	if *port == 0 || *port > 0xFFFF {
		return &usageError{fmt.Sprintf("-port %d: want a TCP port, 1..65535", *port)}
	}
	filter.typ = opts.msgType
	if *dir != "" && *dir != "c2s" && *dir != "s2c" {
		return &usageError{fmt.Sprintf("-dir %q: want c2s or s2c", *dir)}
	}
	co := captureOptions{port: uint16(*port), format: opts.format, opts: &opts, filter: filter, dir: *dir, stats: *stats}
	// A capture is read as it streams in, never whole: its size is not a
	// bound on memory. Anything else is read whole, as before.
	in, name, err := openStream(fs, stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	var src, captured []byte
	var fromCapture string
	if head, _ := in.Peek(4); captureFormat(head) != "" && opts.layer == "auto" {
		if *dir == "" {
			if err := decodeCapture(in, co, stdout); err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			return nil
		}
		if captured, fromCapture, err = collectDirection(in, co); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	} else if src, err = io.ReadAll(in); err != nil {
		return err
	}
	if err := applyHints(src, &opts, set); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	var data []byte
	var binary string // what binary input was taken for
	switch {
	case fromCapture != "":
		data, binary = captured, fromCapture
	case looksLikeFLV(src) && (opts.layer == "auto" || opts.layer == "flv"):
		// An FLV file as written: binary, recognised by its signature
		// (hex cannot start with it: 'F' and 'L' are not both hex digits).
		data, opts.layer = src, "flv"
		binary = `binary input: an FLV file (it starts with the FLV signature, "FLV" and version 1), not hex`
	case *raw || looksBinary(src):
		data = src
		binary = "binary input: read as bytes, not hex (it is not text)"
		if *raw {
			binary = "binary input: read as bytes, not hex (-raw)"
		}
	default:
		if frame, note, ok := tsharkFrame(src); ok {
			src, binary = frame, note
		}
		// Room for the most bytes the text can spell, so that decoding it
		// does not leave a trail of outgrown buffers the size of the input.
		if data, err = hexdump.AppendDecode(make([]byte, 0, len(src)/2), src); err != nil {
			return fmt.Errorf("%s: reading hex: %w", name, err)
		}
	}
	var stripped string
	if opts.layer == "auto" {
		if payload, what, ok := stripFrame(data); ok {
			data, stripped = payload, what
		}
	}
	if len(data) == 0 {
		return fmt.Errorf("%s: no hex bytes in the input", name)
	}
	if len(src) > 1<<20 {
		// The text is garbage from here on; collecting it now sets the
		// heap's next target from the bytes alone, instead of letting it
		// reach twice text and bytes before the first collection.
		src = nil
		runtime.GC()
	}

	if *summary && opts.layer != "flv" && opts.layer != "amf0" && opts.layer != "amf3" && opts.layer != "message" {
		return summarizeStream(data, co, []string{binary, stripped}, stdout)
	}
	doc, err := decodeBytes(data, &opts)
	if doc == nil {
		return err
	}
	for _, a := range []string{binary, stripped} {
		if a != "" {
			doc.Assumed = append(doc.Assumed, a)
		}
	}
	doc.full = *full
	if err != nil && doc.Error == "" {
		doc.Error = err.Error()
	}
	if rerr := render(stdout, doc, opts.format); rerr != nil {
		return rerr
	}
	if err != nil && !(opts.partial && isTruncation(err)) {
		return err
	}
	return nil
}

// limitFlag is a flag for one of the library's limits. 0, the default,
// takes the library's default; a value past what the limit can mean is a
// usage error rather than quietly clamped.
type limitFlag struct {
	name, what string
	def, max   uint64
	set        func(o *decodeOptions, v uint64)
	v          *uint64
}

type limitFlags []limitFlag

func addLimitFlags(fs *flag.FlagSet) limitFlags {
	lf := limitFlags{
		{name: "max-chunk-size", what: "largest chunk size a Set Chunk Size may set", def: chunk.DefaultMaxChunkSize, max: chunk.DefaultMaxChunkSize,
			set: func(o *decodeOptions, v uint64) { o.chunkLimits.MaxChunkSize = uint32(v) }},
		{name: "max-message-length", what: "longest message a chunk header may declare", def: chunk.DefaultMaxMessageLength, max: chunk.MaxMessageLength,
			set: func(o *decodeOptions, v uint64) { o.chunkLimits.MaxMessageLength = uint32(v) }},
		{name: "max-chunk-streams", what: "chunk streams with a message in progress at once", def: chunk.DefaultMaxChunkStreams, max: chunk.MaxChunkStreamID - 1,
			set: func(o *decodeOptions, v uint64) { o.chunkLimits.MaxChunkStreams = int(v) }},
		{name: "max-partial-bytes", what: "bytes held for messages not yet complete", def: chunk.DefaultMaxPartialBytes, max: 1 << 40,
			set: func(o *decodeOptions, v uint64) { o.chunkLimits.MaxPartialBytes = int(v) }},
		{name: "max-amf0-depth", what: "AMF0 complex values nested in each other", def: amf0.DefaultMaxDepth, max: amf0.MaxDepthLimit,
			set: func(o *decodeOptions, v uint64) { o.amf.MaxDepth = int(v) }},
		{name: "max-amf0-values", what: "AMF0 values in one payload", def: amf0.DefaultMaxValues, max: 1 << 31,
			set: func(o *decodeOptions, v uint64) { o.amf.MaxValues = int(v) }},
		{name: "max-amf0-string-bytes", what: "bytes in one AMF0 string", def: amf0.DefaultMaxStringBytes, max: 1<<32 - 1,
			set: func(o *decodeOptions, v uint64) { o.amf.MaxStringBytes = int(v) }},
	}
	for i := range lf {
		f := &lf[i]
		f.v = fs.Uint64(f.name, 0, fmt.Sprintf("%s (default %d, at most %d)", f.what, f.def, f.max))
	}
	return lf
}

func (lf limitFlags) apply(o *decodeOptions) error {
	for _, f := range lf {
		if *f.v > f.max {
			return &usageError{fmt.Sprintf("-%s %d: at most %d (%s)", f.name, *f.v, f.max, f.what)}
		}
		f.set(o, *f.v)
	}
	return nil
}

// readPeerHello reads the C1/S1 of the other direction from a hex file
// that starts at its C0/S0.
func readPeerHello(path string) (*[handshake.C1S1Len]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &usageError{"-peer: " + err.Error()}
	}
	b, err := hexdump.Decode(src)
	if err != nil {
		return nil, fmt.Errorf("-peer %s: reading hex: %w", path, err)
	}
	if len(b) < handshake.HelloLen || !handshakeVersion(b[0]) {
		return nil, &usageError{fmt.Sprintf("-peer %s: want the other direction from its C0/S0 on (%d bytes at least, a version byte first); got %d bytes", path, handshake.HelloLen, len(b))}
	}
	return (*[handshake.C1S1Len]byte)(b[handshake.C0S0Len:handshake.HelloLen]), nil
}

func render(w io.Writer, doc *Document, format string) error {
	if format == "json" {
		return writeJSON(w, doc)
	}
	return writeText(w, doc)
}

// jsonTerminalSafe escapes the characters encoding/json leaves raw that a
// terminal could act on or that reorder what it shows: DEL, the C1
// controls, bidi overrides (the set terminalSafe escapes in text). They can
// only stand inside JSON strings, where \uXXXX means the same character,
// so the document is unchanged.
func jsonTerminalSafe(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r >= 0x7f && unsafeRune(r) { // below 0x7f encoding/json escapes them, or they are layout
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, "\\u%04x", r)
		} else if out != nil {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return b
	}
	return out
}
