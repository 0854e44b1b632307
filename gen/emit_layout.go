package main

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

func (sf *specFile) emitLayouts(w *bytes.Buffer, u *universe) {
	for i := range sf.Layouts {
		sf.emitLayout(w, u, &sf.Layouts[i])
	}
}

// readExpr is the Go expression that reads a field of type typ at b[off:].
func readExpr(f field) string {
	var raw string
	switch f.Type {
	case "u8":
		raw = "b[off]"
	case "u16":
		raw = "binary.BigEndian.Uint16(b[off:])"
	case "u24":
		raw = "uint32(b[off])<<16 | uint32(b[off+1])<<8 | uint32(b[off+2])"
	case "u32":
		raw = "binary.BigEndian.Uint32(b[off:])"
	case "u32le":
		raw = "binary.LittleEndian.Uint32(b[off:])"
	case "s16":
		raw = "int16(binary.BigEndian.Uint16(b[off:]))"
	case "f64":
		raw = "math.Float64frombits(binary.BigEndian.Uint64(b[off:]))"
	}
	if f.Enum != "" {
		return f.Enum + "(" + raw + ")"
	}
	return raw
}

// appendStmt is the Go statement that appends field value v to b.
func appendStmt(f field, v string) string {
	switch f.Type {
	case "u8":
		return fmt.Sprintf("b = append(b, byte(%s))", v)
	case "u16":
		return fmt.Sprintf("b = binary.BigEndian.AppendUint16(b, uint16(%s))", v)
	case "u24":
		return fmt.Sprintf("b = append(b, byte(%[1]s>>16), byte(%[1]s>>8), byte(%[1]s))", v)
	case "u32":
		return fmt.Sprintf("b = binary.BigEndian.AppendUint32(b, uint32(%s))", v)
	case "u32le":
		return fmt.Sprintf("b = binary.LittleEndian.AppendUint32(b, uint32(%s))", v)
	case "s16":
		return fmt.Sprintf("b = binary.BigEndian.AppendUint16(b, uint16(%s))", v)
	case "f64":
		return fmt.Sprintf("b = binary.BigEndian.AppendUint64(b, math.Float64bits(%s))", v)
	case "bytes":
		return fmt.Sprintf("b = append(b, %s[:]...)", v)
	case "str16":
		return fmt.Sprintf("b = binary.BigEndian.AppendUint16(b, uint16(len(%[1]s)))\n\tb = append(b, %[1]s...)", v)
	}
	panic("unknown wire type " + f.Type)
}

// rangeCheck returns the condition under which field value v breaks the
// field's constraints, and a phrase saying what was expected; "" when the
// field has none.
func rangeCheck(f field, v string) (cond, expected string) {
	var conds []string
	lo, hi := uint64(0), wireTypes[f.Type].max
	if f.Min != nil && *f.Min > 0 {
		lo = *f.Min
		conds = append(conds, fmt.Sprintf("%s < %d", v, lo))
	}
	if f.Max != nil && *f.Max < hi {
		hi = *f.Max
		conds = append(conds, fmt.Sprintf("%s > %d", v, hi))
	}
	if len(conds) == 0 {
		return "", ""
	}
	expected = fmt.Sprintf("%d..%d: %s", lo, hi, f.Constraint)
	return strings.Join(conds, " || "), expected
}

func (sf *specFile) errExpr(l *layout, f field, off, expected, kind string) string {
	return fmt.Sprintf("&wire.Error{Layer: %s, Field: %s, Offset: int64(%s), Expected: %s, Err: %s}",
		strconv.Quote(sf.Layer), strconv.Quote(l.errName()+"."+f.Ident), off, strconv.Quote(expected), kind)
}

// errName is how errors name the layout: its spec identifier as the
// exported Go name would be, whether or not the Go type is exported
// (swfVerifyRequest: SWFVerifyRequest).
func (l *layout) errName() string {
	lead := strings.IndexFunc(l.Ident, func(r rune) bool { return r < 'a' || r > 'z' })
	if lead > 0 && initialisms[l.Ident[:lead]] {
		return strings.ToUpper(l.Ident[:lead]) + l.Ident[lead:]
	}
	return upperFirst(l.Ident)
}

// initialisms are written in one case in Go names.
var initialisms = map[string]bool{"amf": true, "csid": true, "id": true, "rtmp": true, "swf": true, "url": true}

// lenConst is the layout's length constant.
func (l *layout) lenConst() string { return l.Ident + "Len" }

func (sf *specFile) emitLayout(w *bytes.Buffer, u *universe, l *layout) {
	fixed := l.fixedSize()
	fmt.Fprintf(w, "// %s is the wire layout of the %s: %s (%s).\n", l.Ident, l.Name, l.Description, l.Source)
	if l.MessageType != "" {
		fmt.Fprintf(w, "// It is the payload of %s messages.\n", l.MessageType)
	}
	w.WriteString("//\n// Fields appear in wire order.")
	if l.hasType("str16") {
		w.WriteString(" Byte-slice fields returned by Decode alias its input and stay\n// valid only as long as the input does.")
	}
	fmt.Fprintf(w, "\ntype %s struct {\n", l.Ident)
	for _, f := range l.Fields {
		fmt.Fprintf(w, "\t// %s: %s (wire type %s", f.Ident, f.Description, f.Type)
		if f.Type == "bytes" {
			fmt.Fprintf(w, ", %d bytes", f.Len)
		}
		w.WriteString(")")
		if f.Constraint != "" {
			fmt.Fprintf(w, ". Constraint: %s", f.Constraint)
		}
		fmt.Fprintf(w, ".\n\t%s %s\n", f.Ident, f.goType())
	}
	w.WriteString("}\n\n")

	if fixed >= 0 {
		fmt.Fprintf(w, "// %s is the encoded length of every %s.\nconst %s = %d\n\n", l.lenConst(), l.Ident, l.lenConst(), fixed)
	}
	if l.MessageType != "" {
		e, _ := u.entry(sf, l.MessageType)
		owner, _ := u.split(sf, l.MessageType)
		fmt.Fprintf(w, "// Type reports %s.\nfunc (*%s) Type() %s { return %s }\n\n", l.MessageType, l.Ident, qualify(sf, owner, e.Type), l.MessageType)
	}
	if l.Prechecked {
		sf.emitRead(w, l)
	}

	// Size
	fmt.Fprintf(w, "// Size returns the exact number of bytes Append writes for m.\nfunc (m *%s) Size() int {\n", l.Ident)
	if fixed >= 0 {
		fmt.Fprintf(w, "\treturn %s\n}\n\n", l.lenConst())
	} else {
		n := 0
		var parts []string
		for _, f := range l.Fields {
			if f.Type == "str16" {
				n += 2
				parts = append(parts, "len(m."+f.Ident+")")
			} else {
				n += f.size()
			}
		}
		fmt.Fprintf(w, "\treturn %d + %s\n}\n\n", n, strings.Join(parts, " + "))
	}

	// Append: validate everything first so that a failed Append leaves b
	// exactly as it was.
	fmt.Fprintf(w, "// Append appends the wire form of m to b. It allocates only when b lacks\n// room, and returns b unchanged with a *wire.Error (ErrConstraint) when a\n// field cannot be encoded.\nfunc (m *%s) Append(b []byte) ([]byte, error) {\n", l.Ident)
	var checks bytes.Buffer
	offExpr := "0"
	for _, f := range l.Fields {
		v := "m." + f.Ident
		if cond, exp := rangeCheck(f, v); cond != "" {
			fmt.Fprintf(&checks, "\tif %s {\n\t\treturn b, %s\n\t}\n", cond, sf.errExpr(l, f, offExpr, exp, "wire.ErrConstraint"))
		}
		if f.Type == "str16" {
			fmt.Fprintf(&checks, "\tif len(%s) > 65535 {\n\t\treturn b, %s\n\t}\n", v, sf.errExpr(l, f, offExpr, "at most 65535 bytes for a u16-length string", "wire.ErrConstraint"))
		}
		if f.size() > 0 {
			offExpr = addOff(offExpr, strconv.Itoa(f.size()))
		} else {
			offExpr = addOff(offExpr, "2+len("+v+")")
		}
	}
	w.Write(checks.Bytes())
	for _, f := range l.Fields {
		fmt.Fprintf(w, "\t%s\n", appendStmt(f, "m."+f.Ident))
	}
	w.WriteString("\treturn b, nil\n}\n\n")

	// Decode
	fmt.Fprintf(w, "// Decode reads m from the start of b and returns the number of bytes it\n// used. Errors are *wire.Error values naming the field and its offset in b:\n// io.ErrUnexpectedEOF when b ends early, ErrConstraint when a value is out\n// of range. On error m is left partly filled.\nfunc (m *%s) Decode(b []byte) (int, error) {\n", l.Ident)
	if len(l.Fields) == 0 {
		w.WriteString("\treturn 0, nil\n}\n\n")
	} else {
		w.WriteString("\toff := 0\n")
		for i, f := range l.Fields {
			name := strconv.Quote(l.errName() + "." + f.Ident)
			layer := strconv.Quote(sf.Layer)
			last := i == len(l.Fields)-1
			switch f.Type {
			case "str16":
				fmt.Fprintf(w, "\tif len(b)-off < 2 {\n\t\treturn 0, wire.Truncated(%s, %s, int64(off), 2, len(b)-off)\n\t}\n", layer, name)
				fmt.Fprintf(w, "\tif n := int(binary.BigEndian.Uint16(b[off:])); len(b)-off-2 < n {\n\t\treturn 0, wire.Truncated(%s, %s, int64(off), 2+n, len(b)-off)\n\t} else {\n", layer, name)
				fmt.Fprintf(w, "\t\tm.%s = b[off+2 : off+2+n : off+2+n]\n\t\toff += 2 + n\n\t}\n", f.Ident)
			default:
				sz := f.size()
				fmt.Fprintf(w, "\tif len(b)-off < %d {\n\t\treturn 0, wire.Truncated(%s, %s, int64(off), %d, len(b)-off)\n\t}\n", sz, layer, name, sz)
				if f.Type == "bytes" {
					fmt.Fprintf(w, "\tcopy(m.%s[:], b[off:off+%d])\n", f.Ident, sz)
				} else if cond, exp := rangeCheck(f, "v"); cond != "" {
					fmt.Fprintf(w, "\tif v := %s; %s {\n\t\treturn 0, %s\n\t} else {\n\t\tm.%s = v\n\t}\n", readExpr(f), cond, sf.errExpr(l, f, "off", exp, "wire.ErrConstraint"), f.Ident)
				} else {
					fmt.Fprintf(w, "\tm.%s = %s\n", f.Ident, readExpr(f))
				}
				if !last {
					fmt.Fprintf(w, "\toff += %d\n", sz)
				} else {
					fmt.Fprintf(w, "\treturn off + %d, nil\n}\n\n", sz)
				}
				continue
			}
			if last {
				w.WriteString("\treturn off, nil\n}\n\n")
			}
		}
	}

	fmt.Fprintf(w, "// DecodeAll decodes m from b and fails with ErrTrailingBytes when b holds\n// more than m, as a whole message payload with this layout must not.\nfunc (m *%s) DecodeAll(b []byte) error {\n", l.Ident)
	fmt.Fprintf(w, "\tn, err := m.Decode(b)\n\tif err != nil {\n\t\treturn err\n\t}\n\tif n != len(b) {\n")
	fmt.Fprintf(w, "\t\treturn &wire.Error{Layer: %s, Field: %s, Offset: int64(n), Expected: \"end of input after \" + strconv.Itoa(n) + \" bytes\", Err: wire.ErrTrailingBytes}\n\t}\n\treturn nil\n}\n\n",
		strconv.Quote(sf.Layer), strconv.Quote(l.errName()))
}

// emitRead writes read: Decode without the length checks, for a hot path
// that has checked the length itself. It reads the fields in one go so the
// compiler can prove every index from the first.
func (sf *specFile) emitRead(w *bytes.Buffer, l *layout) {
	fixed := l.fixedSize()
	fmt.Fprintf(w, "// read fills m from b, which must hold at least %s bytes (it panics\n// otherwise): Decode for a caller that has checked the length.\n", l.lenConst())
	fmt.Fprintf(w, "func (m *%s) read(b []byte) {\n\t_ = b[%d]\n", l.Ident, fixed-1)
	off := 0
	for _, f := range l.Fields {
		fmt.Fprintf(w, "\tm.%s = %s\n", f.Ident, fixReadIndex(readExpr(f), off))
		off += f.size()
	}
	w.WriteString("}\n\n")
}

// fixReadIndex turns readExpr's b[off...] forms into constant indexes.
func fixReadIndex(expr string, off int) string {
	r := strings.NewReplacer("b[off:]", fmt.Sprintf("b[%d:]", off), "b[off]", fmt.Sprintf("b[%d]", off),
		"b[off+1]", fmt.Sprintf("b[%d]", off+1), "b[off+2]", fmt.Sprintf("b[%d]", off+2))
	return r.Replace(expr)
}

func addOff(expr, n string) string {
	if expr == "0" {
		return n
	}
	if a, err := strconv.Atoi(expr); err == nil {
		b, _ := strconv.Atoi(n)
		return strconv.Itoa(a + b)
	}
	return expr + "+" + n
}

// canFail reports whether Append can refuse a value of l: a field with a
// range, or a length-prefixed one.
func (l *layout) canFail() bool {
	for _, f := range l.Fields {
		if cond, _ := rangeCheck(f, "v"); cond != "" || f.Type == "str16" {
			return true
		}
	}
	return false
}

func (l *layout) hasType(t string) bool {
	for _, f := range l.Fields {
		if f.Type == t {
			return true
		}
	}
	return false
}

func (sf *specFile) emitTest(w *bytes.Buffer, u *universe) {
	for i := range sf.Layouts {
		l := &sf.Layouts[i]
		fmt.Fprintf(w, "func TestLayout%s(t *testing.T) {\n", l.errName())
		for _, ex := range l.Examples {
			fmt.Fprintf(w, "\tt.Run(%s, func(t *testing.T) {\n", strconv.Quote(ex.Comment))
			fmt.Fprintf(w, "\t\tlayouttest.RoundTrip(t, %s, %s, testkit.Hex(t, %s), %s)\n\t})\n",
				strconv.Quote(sf.Layer), strconv.Quote(l.errName()), strconv.Quote(ex.Wire), l.literal(ex.Values))
		}
		for _, v := range l.Violations {
			fmt.Fprintf(w, "\tt.Run(%s, func(t *testing.T) {\n", strconv.Quote("violation: "+v.Comment))
			fmt.Fprintf(w, "\t\tlayouttest.Violation(t, %s, %s, testkit.Hex(t, %s), %s, %s, %d)\n\t})\n",
				strconv.Quote(sf.Layer), strconv.Quote(l.errName()), strconv.Quote(v.Wire), l.literal(v.Values), strconv.Quote(v.Field), v.Offset)
		}
		w.WriteString("}\n\n")
	}
}

// literal renders an example's field values as a Go composite literal.
func (l *layout) literal(values map[string]any) string {
	var parts []string
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	byName := map[string]field{}
	for _, f := range l.Fields {
		byName[f.Ident] = f
	}
	for _, k := range keys {
		f := byName[k]
		var lit string
		switch f.Type {
		case "bytes":
			lit = fmt.Sprintf("[%d]byte(testkit.Hex(t, %s))", f.Len, strconv.Quote(values[k].(string)))
		case "str16":
			if values[k].(string) == "" {
				lit = "[]byte{}" // Decode returns an empty, non-nil slice
			} else {
				lit = fmt.Sprintf("testkit.Hex(t, %s)", strconv.Quote(values[k].(string)))
			}
		case "f64":
			lit = strconv.FormatFloat(values[k].(float64), 'g', -1, 64)
		default:
			n := values[k].(float64)
			if n != math.Trunc(n) {
				lit = strconv.FormatFloat(n, 'g', -1, 64) // an integer field with a fraction fails to compile, loudly
			} else {
				lit = strconv.FormatInt(int64(n), 10)
			}
		}
		parts = append(parts, k+": "+lit)
	}
	return l.Ident + "{" + strings.Join(parts, ", ") + "}"
}
