// Package fuzzcorpus converts fuzz inputs between the forms the engines
// keep them in: the native engine's `go test fuzz v1` files (one Go
// literal per argument), and the single byte string libFuzzer mutates,
// which go-118-fuzz-build's harness splits into the target's arguments
// with go-fuzz-headers' consumer (github.com/AdaLogics/go-fuzz-headers,
// consumer.go, as of go-118-fuzz-build's main branch). cmd/seedcorpus,
// which `make fuzz-seeds`, `make libfuzzer`, `make libfuzzer-import` and
// the OSS-Fuzz build script run, uses it to move one corpus between the
// engines.
package fuzzcorpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// Header is the first line of every native corpus file.
const Header = "go test fuzz v1"

// Types the native engine and the libFuzzer harness both accept, as the
// harness names them (reflect.Type.String). The project's targets use no
// others; Marshal, Frame and Unframe refuse any other.
const (
	TypeBytes = "[]uint8"
	TypeBool  = "bool"
	TypeUint8 = "uint8"
	TypeInt   = "int"
)

// Marshal writes args as a native corpus file.
func Marshal(args []any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(Header + "\n")
	for i, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case int:
			fmt.Fprintf(&b, "int(%d)\n", v)
		default:
			return nil, fmt.Errorf("argument %d: type %T is not one the targets use", i, a)
		}
	}
	return b.Bytes(), nil
}

// Name is the file name the native engine gives an input: the first 16
// hex digits of its file's SHA-256.
func Name(file []byte) string {
	sum := sha256.Sum256(file)
	return hex.EncodeToString(sum[:])[:16]
}

// Unmarshal reads a native corpus file.
func Unmarshal(file []byte) ([]any, error) {
	lines := strings.Split(strings.TrimRight(string(file), "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != Header {
		return nil, fmt.Errorf("not a native corpus file: the first line is not %q", Header)
	}
	var args []any
	for i, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		v, err := parseLiteral(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+2, err)
		}
		args = append(args, v)
	}
	return args, nil
}

func parseLiteral(line string) (any, error) {
	expr, err := parser.ParseExpr(line)
	if err != nil {
		return nil, err
	}
	call, ok := expr.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, fmt.Errorf("%q is not T(literal)", line)
	}
	typ := ""
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		typ = fn.Name
	case *ast.ArrayType:
		if el, ok := fn.Elt.(*ast.Ident); ok && fn.Len == nil && (el.Name == "byte" || el.Name == "uint8") {
			typ = "[]byte"
		}
	}
	lit, neg := call.Args[0], false
	if u, ok := lit.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		lit, neg = u.X, true
	}
	bl, isLit := lit.(*ast.BasicLit)
	ident, isIdent := lit.(*ast.Ident)
	switch {
	case typ == "[]byte" && isLit && bl.Kind == token.STRING:
		s, err := strconv.Unquote(bl.Value)
		return []byte(s), err
	case typ == "bool" && isIdent && (ident.Name == "true" || ident.Name == "false"):
		return ident.Name == "true", nil
	case (typ == "byte" || typ == "uint8") && isLit && bl.Kind == token.CHAR && !neg:
		r, _, tail, err := strconv.UnquoteChar(bl.Value[1:len(bl.Value)-1], '\'')
		if err != nil || tail != "" || r > 0xff {
			return nil, fmt.Errorf("%s is not a byte", bl.Value)
		}
		return uint8(r), nil
	case (typ == "byte" || typ == "uint8") && isLit && bl.Kind == token.INT && !neg:
		n, err := strconv.ParseUint(bl.Value, 0, 8)
		return uint8(n), err
	case typ == "int" && isLit && bl.Kind == token.INT:
		n, err := strconv.ParseInt(bl.Value, 0, 64)
		if neg {
			n = -n
		}
		return int(n), err
	}
	return nil, fmt.Errorf("%q: not a literal of a type the targets use", line)
}

// Frame lays args out as the libFuzzer harness reads them back, so a seed
// reaches the target as exactly these arguments. ok is false when the
// harness cannot deliver them: an empty []byte, whose length 0 the
// consumer reads as 30.
func Frame(args []any) (data []byte, ok bool, err error) {
	for i, a := range args {
		switch v := a.(type) {
		case []byte:
			if len(v) == 0 {
				return nil, false, nil
			}
			data = binary.BigEndian.AppendUint32(data, uint32(len(v)))
			data = append(data, v...)
		case bool:
			// The consumer reads an even byte as true.
			data = append(data, map[bool]byte{true: 0, false: 1}[v])
		case uint8:
			data = append(data, v)
		case int:
			// Eight bytes, then a byte whose oddness says big-endian.
			data = binary.BigEndian.AppendUint64(data, uint64(v))
			data = append(data, 1)
		default:
			return nil, false, fmt.Errorf("argument %d: type %T is not one the targets use", i, a)
		}
	}
	return data, true, nil
}

// Unframe splits data into arguments of the given types (TypeBytes, ...)
// the way the libFuzzer harness does. ok is false when the harness returns
// before calling the target (too few bytes), as it does for those inputs.
func Unframe(data []byte, types []string) (args []any, ok bool, err error) {
	c := consumer{data: data}
	for _, t := range types {
		var v any
		switch t {
		case TypeBytes:
			v, ok = c.bytes()
		case TypeBool:
			var b byte
			b, ok = c.byte()
			v = b%2 == 0
		case TypeUint8:
			v, ok = c.byte()
		case TypeInt:
			var u uint64
			u, ok = c.uint64()
			v = int(u)
		default:
			return nil, false, fmt.Errorf("type %s is not one the targets use", t)
		}
		if !ok {
			return nil, false, nil
		}
		args = append(args, v)
	}
	return args, true, nil
}

// consumer mirrors the parts of go-fuzz-headers' ConsumeFuzzer the
// harness uses.
type consumer struct {
	data []byte
	pos  int
}

func (c *consumer) byte() (byte, bool) {
	if c.pos >= len(c.data) {
		return 0, false
	}
	c.pos++
	return c.data[c.pos-1], true
}

func (c *consumer) n(n int) ([]byte, bool) {
	if c.pos >= len(c.data) || len(c.data)-c.pos < n {
		return nil, false
	}
	c.pos += n
	return c.data[c.pos-n : c.pos], true
}

func (c *consumer) uint64() (uint64, bool) {
	b, ok := c.n(8)
	if !ok {
		return 0, false
	}
	le, ok := c.byte()
	if !ok {
		return 0, false
	}
	if le%2 == 0 {
		return binary.LittleEndian.Uint64(b), true
	}
	return binary.BigEndian.Uint64(b), true
}

func (c *consumer) bytes() ([]byte, bool) {
	b, ok := c.n(4)
	if !ok {
		return nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if n == 0 {
		n = 30
	}
	left := uint32(len(c.data) - c.pos)
	if left == 0 {
		return nil, false
	}
	if n != left {
		n %= left
	}
	c.pos += int(n)
	return c.data[c.pos-int(n) : c.pos], true
}
