package cli

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
)

// decodeOptions are the flags of decode after input hints were applied.
type decodeOptions struct {
	layer     string
	format    string
	msgType   int64 // -1 when not given
	chunkSize uint32
	// chunkLimits and amf are the limits the flags set; zero fields take
	// the library's defaults.
	chunkLimits chunk.Options
	amf         amfOptions
	streamID    uint32
	timestamp   uint32
	length      int64 // -1 when not given
	lenient     bool
	partial     bool
	// peerHello is the C1/S1 of the other direction (-peer), which a
	// C2/S2 is judged against.
	peerHello *[handshake.C1S1Len]byte
	// hinted lists the options taken from "# key: value" input lines.
	hinted []string
}

// applyHints reads "# key: value" lines (the corpus header form) and uses
// them for options the command line did not set.
func applyHints(src []byte, opts *decodeOptions, set map[string]bool) error {
	// Every line, however long: the input is in memory already, and a line
	// scanner's length limit would silently stop reading hints after a
	// long hex line.
	for raw := range bytes.Lines(src) {
		t := bytes.TrimSpace(raw)
		if len(t) == 0 || t[0] != '#' {
			continue
		}
		line := string(t)
		key, value, ok := strings.Cut(strings.TrimSpace(line[1:]), ":")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		use := func(flagName string, apply func() error) error {
			if set[flagName] {
				return nil
			}
			if err := apply(); err != nil {
				return fmt.Errorf("input line %q: %v", line, err)
			}
			opts.hinted = append(opts.hinted, key+": "+value)
			return nil
		}
		var err error
		switch key {
		case "layer":
			if opts.layer == "auto" {
				err = use("layer", func() error {
					if !contains(layers, value) {
						return fmt.Errorf("unknown layer")
					}
					opts.layer = value
					return nil
				})
			}
		case "type":
			err = use("type", func() error {
				v, err := strconv.ParseUint(value, 0, 8)
				opts.msgType = int64(v)
				return err
			})
		case "chunk-size":
			err = use("chunk-size", func() error {
				v, err := strconv.ParseUint(value, 0, 31)
				opts.chunkSize = uint32(v)
				return err
			})
		case "context-stream-id":
			err = use("stream-id", func() error {
				v, err := strconv.ParseUint(value, 0, 32)
				opts.streamID = uint32(v)
				return err
			})
		case "context-timestamp":
			err = use("timestamp", func() error {
				v, err := strconv.ParseUint(value, 0, 32)
				opts.timestamp = uint32(v)
				return err
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hint returns the "# key: value" input line an option was taken from.
func (o *decodeOptions) hint(key string) (string, bool) {
	for _, h := range o.hinted {
		if strings.HasPrefix(h, key+":") {
			return h, true
		}
	}
	return "", false
}

// source says where an option's value came from, for the "assumed" lines.
func (o *decodeOptions) source(key string) string {
	if h, ok := o.hint(key); ok {
		return "from the input's \"# " + h + "\" line"
	}
	return "from -" + key
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// amfOptions are how AMF values are read: the limits the flags set, and
// which AMF3 values of one message share reference tables (-amf3-scope).
type amfOptions struct {
	amf0.Limits
	scope amf0.AMF3Scope
}
