package hexdump

import (
	"bytes"
	"strconv"
)

// Style is how an input writes its bytes; see the package documentation.
type Style int

const (
	// Plain is bare hex, 0x tokens and C/Java byte-array literals.
	Plain Style = iota
	// Dump is rows with an offset column and an optional ASCII column.
	Dump
)

func (s Style) String() string {
	switch s {
	case Plain:
		return "plain"
	case Dump:
		return "dump"
	}
	return "Style(" + strconv.Itoa(int(s)) + ")"
}

// Decode returns the bytes src spells. See AppendDecode.
func Decode(src []byte) ([]byte, error) {
	return AppendDecode(nil, src)
}

// AppendDecode appends the bytes src spells to dst and returns the extended
// slice. It does not allocate when dst has room for them. On error it
// returns dst with its original length and a *SyntaxError.
func AppendDecode(dst, src []byte) ([]byte, error) {
	n0 := len(dst)
	var err error
	if Detect(src) == Dump {
		dst, err = appendDump(dst, src)
	} else {
		dst, err = appendPlain(dst, src)
	}
	if err != nil {
		return dst[:n0], err
	}
	return dst, nil
}

// Detect reports which style src is written in, judging by its first line
// that is not blank or a comment: an offset followed by a hex byte makes it
// a Dump, anything else Plain. A "/*" at that point means Plain, since
// literals often open with a commented-out block.
func Detect(src []byte) Style {
	i := skipBOM(src)
	for i < len(src) {
		s, e, next := lineAt(src, i)
		i = next
		s, e = trim(src, s, e)
		if s == e || isCommentLine(src, s, e) {
			continue
		}
		if hasPrefixAt(src, s, e, "/*") {
			return Plain
		}
		if rowShaped(src, s, e) {
			return Dump
		}
		return Plain
	}
	return Plain
}

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return t
}()

func isHex(c byte) bool { return hexVal[c] >= 0 }

// isSpace is blank within a line; newlines are handled by the line loop.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

func skipBOM(src []byte) int {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		return 3
	}
	return 0
}

// lineAt returns the line starting at i (without its newline) and where the
// next one starts.
func lineAt(src []byte, i int) (start, end, next int) {
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return i, len(src), len(src)
	}
	return i, i + j, i + j + 1
}

func trim(src []byte, s, e int) (int, int) {
	for s < e && isSpace(src[s]) {
		s++
	}
	for e > s && isSpace(src[e-1]) {
		e--
	}
	return s, e
}

func skipSpace(src []byte, i, e int) int {
	for i < e && isSpace(src[i]) {
		i++
	}
	return i
}

func tokenEnd(src []byte, i, e int) int {
	for i < e && !isSpace(src[i]) {
		i++
	}
	return i
}

func hasPrefixAt(src []byte, s, e int, p string) bool {
	return e-s >= len(p) && string(src[s:s+len(p)]) == p
}

func isCommentLine(src []byte, s, e int) bool {
	return src[s] == '#' || hasPrefixAt(src, s, e, "//")
}

func allHex(tok []byte) bool {
	for _, c := range tok {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// appendPairs appends the bytes an even run of hex digits spells.
func appendPairs(dst, digits []byte) []byte {
	for k := 0; k+1 < len(digits); k += 2 {
		dst = append(dst, byte(hexVal[digits[k]])<<4|byte(hexVal[digits[k+1]]))
	}
	return dst
}

// isPlainSep reports the characters that separate tokens in plain input.
func isPlainSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', ',', ';':
		return true
	}
	return false
}

// plainBoundary reports whether a plain token may end at src[k]: a
// separator, a comment, a cast, or the end of input.
func plainBoundary(src []byte, k int) bool {
	if k >= len(src) {
		return true
	}
	c := src[k]
	switch {
	case isPlainSep(c), c == '#', c == '(', c == '}':
		return true
	case c == '/':
		return k+1 < len(src) && (src[k+1] == '/' || src[k+1] == '*')
	}
	return false
}

func plainTokenEnd(src []byte, i int) int {
	for i < len(src) && !isPlainSep(src[i]) {
		i++
	}
	return i
}

func appendPlain(dst, src []byte) ([]byte, error) {
	i := skipBOM(src)
	// An array declaration around the literal (xxd -i, Java, Go) is
	// skipped: only what lies between its braces is read.
	open, err := skipComments(src, i, '{')
	if err != nil {
		return dst, err
	}
	if open >= 0 {
		i = open + 1
	}
	for i < len(src) {
		c := src[i]
		switch {
		case isPlainSep(c):
			i++
		case c == '#':
			i = endOfLine(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			i = endOfLine(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			k := bytes.Index(src[i+2:], []byte("*/"))
			if k < 0 {
				return dst, newError(src, i, i+2, ErrComment, "expected */ before the end of input")
			}
			i += 2 + k + 2
		case c == '}' && open >= 0:
			// The declaration ends here. Another literal after it (a
			// second array declaration, a second {...}) is read too, in
			// order: dropping it would lose bytes without a word.
			next, err := skipComments(src, i+1, '{')
			if err != nil {
				return dst, err
			}
			if next < 0 {
				return dst, nil
			}
			open, i = next, next+1
		case c == '(':
			if !hasPrefixAt(src, i, len(src), "(byte)") {
				return dst, newError(src, i, plainTokenEnd(src, i), ErrNotHex, "expected hex bytes (the only cast understood is (byte))")
			}
			i += len("(byte)")
		default:
			j := i
			if c == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
				j += 2
			}
			k := j
			for k < len(src) && isHex(src[k]) {
				k++
			}
			if k == j || !plainBoundary(src, k) {
				return dst, newError(src, i, plainTokenEnd(src, i), ErrNotHex, "expected hex digits")
			}
			if (k-j)%2 != 0 {
				return dst, newError(src, i, k, ErrOddDigits, "expected two hex digits per byte")
			}
			dst = appendPairs(dst, src[j:k])
			i = k
		}
	}
	if open >= 0 {
		return dst, newError(src, open, open+1, ErrNotHex, "expected } to close this {")
	}
	return dst, nil
}

// skipComments scans src from i for byte want outside comments and returns
// its index, or -1 when the input ends first (want 0 finds nothing and just
// checks that every comment ends).
func skipComments(src []byte, i int, want byte) (int, error) {
	for i < len(src) {
		c := src[i]
		switch {
		case want != 0 && c == want:
			return i, nil
		case c == '#' || (c == '/' && i+1 < len(src) && src[i+1] == '/'):
			i = endOfLine(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			k := bytes.Index(src[i+2:], []byte("*/"))
			if k < 0 {
				return -1, newError(src, i, i+2, ErrComment, "expected */ before the end of input")
			}
			i += 2 + k + 2
		default:
			i++
		}
	}
	return -1, nil
}

func endOfLine(src []byte, i int) int {
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return len(src)
	}
	return i + j
}
