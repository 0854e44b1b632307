// Package cli is the rtmpcodec command (cmd/rtmpcodec holds only its
// main), in a package of its own so that its fuzz targets, like every
// other, build for libFuzzer and OSS-Fuzz: a main package cannot be
// imported.
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit statuses; scripts depend on them.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usageText = `usage:
  rtmpcodec decode [-layer auto|session|handshake|chunks|message|amf0|amf3|flv]
                   [-format text|json] [-summary] [-stats] [-raw] [-port N]
                   [-conn N] [-dir c2s|s2c] [-csid N] [-stream N] [-type ID]
                   [-chunk-size N] [-stream-id N] [-timestamp N] [-length N]
                   [-lenient-extended-timestamp] [-partial] [-peer FILE]
                   [-max-chunk-size N] [-max-message-length N]
                   [-max-chunk-streams N] [-max-partial-bytes N]
                   [-max-amf0-depth N] [-max-amf0-values N]
                   [-max-amf0-string-bytes N] [-amf3-scope message|value]
                   [FILE]
  rtmpcodec encode [FILE]
  rtmpcodec serve [-listen ADDR] [-record DIR]
  rtmpcodec proxy [-listen ADDR] -upstream ADDR [-format text|json]
  rtmpcodec COMMAND -h    lists COMMAND's flags

decode reads pcap and pcapng captures (every RTMP connection on -port, both
directions, one line per message), FLV files, raw binary (a TCP stream's
bytes: recognised when the input is not text, or -raw), and hex from FILE
or standard input: plain hex (any case, spaces, 0x prefixes and commas
allowed), dumps with offset and ASCII columns
(Wireshark, xxd, hexdump -C, od -A x -t x1z, the early RTMP notes), or C/Java
byte arrays with // and /* */ comments. Lines of the form "# key: value"
before the hex (as in corpus/ files) supply defaults for layer, type,
chunk-size, context-stream-id and context-timestamp; flags override them.
The -max-* flags set the decoder's limits (0 or absent: the library's
default); input past one is a decode error naming the limit.

encode reads the JSON that "decode -format json" prints and writes the bytes
as lowercase hex, 16 bytes per line, separated by single spaces.

serve is a test server for encoder developers: it takes RTMP publishers and
players on ADDR (default 127.0.0.1:1935), records each published stream to
DIR/<app>/<stream>.flv with -record, relays it live to players, and logs
every command and every protocol violation it tolerates to standard error.

proxy forwards RTMP between clients on ADDR (default 127.0.0.1:1936) and the
upstream server unchanged, decodes both directions live and prints a line
(or with -format json an object) per message; it checks that the handshake
and every chunk re-encode to the bytes forwarded and reports DIVERGENCE on
standard error where one does not.

Exit status: 0 success, 1 decode/encode error, 2 usage error.

Examples:
  rtmpcodec decode corpus/000-connect-chunked.hex
  echo '02 00 07 63 6f 6e 6e 65 63 74' | rtmpcodec decode -layer amf0
  rtmpcodec decode -layer message -type 0x04 <<< '0006 0a1b2c3d'
  rtmpcodec decode -format json capture.txt | rtmpcodec encode
`

// usageError marks errors that come from the command line, not the input.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Run runs the command with args (the arguments after the program name)
// and returns its exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "decode":
		err = runDecode(args[1:], stdin, stdout, stderr)
	case "encode":
		err = runEncode(args[1:], stdin, stdout, stderr)
	case "serve":
		err = runServe(args[1:], stdout, stderr)
	case "proxy":
		err = runProxy(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	default:
		err = &usageError{fmt.Sprintf("unknown command %q (want decode, encode, serve or proxy)", args[0])}
	}
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "rtmpcodec: %s\n\n%s", terminalSafe(ue.msg), usageText)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "rtmpcodec: %s\n", terminalSafe(err.Error()))
		return exitError
	}
}

// newFlagSet returns a flag set that reports problems as usage errors
// instead of exiting, so run can pick the exit status.
func newFlagSet(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { fmt.Fprint(stdout, usageText) }
	return fs
}

// parseFlags parses args and turns flag errors into usage errors; -h prints
// the usage and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			fmt.Fprintf(stdout, "\n%s flags:\n", fs.Name())
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
			return err
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 1 {
		return &usageError{fmt.Sprintf("at most one FILE, got %d arguments", fs.NArg())}
	}
	return nil
}

// peekReader is an input that can show its first bytes before it is read.
type peekReader struct {
	*bufio.Reader
	close func() error
}

func (p peekReader) Close() error { return p.close() }

// openStream opens FILE, or standard input without one, for reading as a
// stream.
func openStream(fs *flag.FlagSet, stdin io.Reader) (peekReader, string, error) {
	if fs.NArg() == 1 {
		name := fs.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			return peekReader{}, name, err
		}
		return peekReader{bufio.NewReaderSize(f, 1<<16), f.Close}, name, nil
	}
	return peekReader{bufio.NewReaderSize(stdin, 1<<16), func() error { return nil }}, "standard input", nil
}

// openInput returns the bytes of FILE, or of standard input without one.
func openInput(fs *flag.FlagSet, stdin io.Reader) ([]byte, string, error) {
	if fs.NArg() == 1 {
		name := fs.Arg(0)
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, name, err
		}
		return b, name, nil
	}
	b, err := io.ReadAll(stdin)
	return b, "standard input", err
}
