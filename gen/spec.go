package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// specFile is one JSON file under spec/: the wire tables of one Go package.
type specFile struct {
	Package   string     `json:"package"`
	Layer     string     `json:"layer"`
	Enums     []enum     `json:"enums"`
	Constants []constant `json:"constants"`
	Layouts   []layout   `json:"layouts"`
	// Dispatch, when set, makes the package's message Decoder: which Go
	// type decodes each message type ID.
	Dispatch *dispatch `json:"dispatch"`

	path string
}

// dispatch lists the hand-written message types of a package. Layouts
// with a message_type (in any spec file) and enum unions with one join the
// dispatch by themselves, so a fixed-layout message type needs no entry.
type dispatch struct {
	Enum     string          `json:"enum"`     // the type ID enum, package-qualified
	Fallback string          `json:"fallback"` // hand-written type for IDs nothing else claims
	Messages []dispatchEntry `json:"messages"`
}

type dispatchEntry struct {
	GoType       string   `json:"go_type"`
	MessageTypes []string `json:"message_types"`
}

// union makes one message type out of an enum whose entries name layouts:
// a header layout carrying the enum, then the entry's layout. The Go type
// has every field of every entry's layout, merged by name.
type union struct {
	Ident       string `json:"ident"`
	Header      string `json:"header"`
	MessageType string `json:"message_type"`
	Description string `json:"description"`
}

type enum struct {
	Type        string `json:"type"`
	Underlying  string `json:"underlying"`
	Description string `json:"description"`
	Union       *union `json:"union"`
	// Sparse enums (values far apart, such as FourCCs) get a table in entry
	// order and a switch instead of a table indexed by value.
	Sparse  bool     `json:"sparse"`
	Columns []column `json:"columns"`
	Entries []entry  `json:"entries"`
}

type column struct {
	Key   string `json:"key"`
	Ident string `json:"ident"`
	Type  string `json:"type"` // int, bool, string, or ident (a Go constant of GoType)
	// GoType is the hand-written type of an ident column: the column names
	// constants of it, and entries without one get its zero value.
	GoType string `json:"go_type"`
	Doc    string `json:"doc"`
}

type entry struct {
	Value       uint64         `json:"value"`
	Name        string         `json:"name"`
	Ident       string         `json:"ident"`
	Description string         `json:"description"`
	Source      string         `json:"source"`
	Defined     *bool          `json:"defined"`
	Layout      string         `json:"layout"`
	Aliases     []alias        `json:"aliases"`
	Columns     map[string]any `json:"columns"`
}

func (e entry) defined() bool { return e.Defined == nil || *e.Defined }

type alias struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

// constant is a named wire fact: exactly one of an integer Value, a text
// String, or Hex bytes (emitted as a Go string constant of those bytes).
type constant struct {
	Ident  string  `json:"ident"`
	Value  *int64  `json:"value"`
	String *string `json:"string"`
	Hex    string  `json:"hex"`
	// Mask marks a bit mask, which may equal a length by chance: the check
	// that a length is not restated as a constant passes it by.
	Mask        bool   `json:"mask"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
}

// literal is the constant's Go literal.
func (c *constant) literal() string {
	switch {
	case c.Value != nil:
		return strconv.FormatInt(*c.Value, 10)
	case c.String != nil:
		return strconv.Quote(*c.String)
	}
	b, _ := hex.DecodeString(c.Hex) // validated
	var q strings.Builder
	q.WriteByte('"')
	for _, x := range b {
		fmt.Fprintf(&q, "\\x%02x", x)
	}
	q.WriteByte('"')
	return q.String()
}

func (c *constant) validate() error {
	kinds := 0
	for _, set := range []bool{c.Value != nil, c.String != nil, c.Hex != ""} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return fmt.Errorf("constant %s: give exactly one of value, string and hex", c.Ident)
	}
	if c.Hex != "" {
		if _, err := hex.DecodeString(c.Hex); err != nil {
			return fmt.Errorf("constant %s: bad hex: %v", c.Ident, err)
		}
	}
	return nil
}

type layout struct {
	Ident       string `json:"ident"`
	Name        string `json:"name"`
	MessageType string `json:"message_type"`
	// Prechecked asks for an unexported read method that trusts its caller
	// to have checked the length: the chunk decoder's hot path.
	Prechecked  bool        `json:"prechecked"`
	Description string      `json:"description"`
	Source      string      `json:"source"`
	Fields      []field     `json:"fields"`
	Examples    []example   `json:"examples"`
	Violations  []violation `json:"violations"`
}

type field struct {
	Ident       string  `json:"ident"`
	Type        string  `json:"type"`
	Len         int     `json:"len"`
	Enum        string  `json:"enum"`
	Min         *uint64 `json:"min"`
	Max         *uint64 `json:"max"`
	Description string  `json:"description"`
	Constraint  string  `json:"constraint"`
}

type example struct {
	Comment string         `json:"comment"`
	Wire    string         `json:"wire"`
	Values  map[string]any `json:"values"`
}

type violation struct {
	Comment string         `json:"comment"`
	Wire    string         `json:"wire"`
	Values  map[string]any `json:"values"`
	Field   string         `json:"field"`
	Offset  int64          `json:"offset"`
}

// wireType describes one field type of the layout language.
type wireType struct {
	size   int    // bytes on the wire; 0 for variable length
	goType string // Go type of the struct field (bytes fields use an array)
	max    uint64 // largest encodable value for integer types
}

var wireTypes = map[string]wireType{
	"u8":    {1, "uint8", 0xFF},
	"u16":   {2, "uint16", 0xFFFF},
	"u24":   {3, "uint32", 0xFFFFFF},
	"u32":   {4, "uint32", 0xFFFFFFFF},
	"u32le": {4, "uint32", 0xFFFFFFFF},
	"s16":   {2, "int16", 0},
	"f64":   {8, "float64", 0},
	"bytes": {0, "", 0}, // size and type from len
	"str16": {0, "[]byte", 0},
}

func (f field) size() int {
	if f.Type == "bytes" {
		return f.Len
	}
	return wireTypes[f.Type].size
}

func (f field) goType() string {
	switch {
	case f.Type == "bytes":
		return fmt.Sprintf("[%d]byte", f.Len)
	case f.Enum != "":
		return f.Enum
	}
	return wireTypes[f.Type].goType
}

func (f field) isInt() bool {
	switch f.Type {
	case "u8", "u16", "u24", "u32", "u32le":
		return true
	}
	return false
}

// fixedSize is the layout's encoded length, or -1 when a field has a
// variable length.
func (l layout) fixedSize() int {
	n := 0
	for _, f := range l.Fields {
		if f.size() == 0 {
			return -1
		}
		n += f.size()
	}
	return n
}

// loadSpecs reads every spec/*.json file in name order and validates the
// whole set; any inconsistency is fatal, because generating code from a spec
// that contradicts itself would only move the bug somewhere harder to see.
func loadSpecs(dir string) ([]*specFile, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no spec files in %s", dir)
	}
	sort.Strings(paths)
	var specs []*specFile
	seenPkg := map[string]string{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var sf specFile
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sf); err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		sf.path = filepath.Base(p)
		if sf.Package == "" || sf.Layer == "" {
			return nil, fmt.Errorf("%s: package and layer are required", sf.path)
		}
		if other, ok := seenPkg[sf.Package]; ok {
			return nil, fmt.Errorf("%s: package %s already described by %s", sf.path, sf.Package, other)
		}
		seenPkg[sf.Package] = sf.path
		specs = append(specs, &sf)
	}
	u := newUniverse(specs)
	for _, sf := range specs {
		if err := sf.validate(u); err != nil {
			return nil, fmt.Errorf("%s: %v", sf.path, err)
		}
	}
	for _, sf := range specs {
		if err := sf.validateLinks(u); err != nil {
			return nil, fmt.Errorf("%s: %v", sf.path, err)
		}
	}
	return specs, nil
}

// universe resolves names across spec files: "rtmp.MessageType" from any
// file, "MessageType" from the file that declares it.
type universe struct {
	specs []*specFile
	byPkg map[string]*specFile
}

func newUniverse(specs []*specFile) *universe {
	u := &universe{specs: specs, byPkg: map[string]*specFile{}}
	for _, sf := range specs {
		u.byPkg[sf.Package] = sf
	}
	return u
}

// split parses a possibly qualified name as seen from file from.
func (u *universe) split(from *specFile, name string) (*specFile, string) {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return u.byPkg[name[:i]], name[i+1:]
	}
	return from, name
}

func (u *universe) enum(from *specFile, name string) *enum {
	sf, n := u.split(from, name)
	if sf == nil {
		return nil
	}
	for i := range sf.Enums {
		if sf.Enums[i].Type == n {
			return &sf.Enums[i]
		}
	}
	return nil
}

// entry finds an enum entry by identifier, with the enum it belongs to.
func (u *universe) entry(from *specFile, name string) (*enum, *entry) {
	sf, n := u.split(from, name)
	if sf == nil {
		return nil, nil
	}
	for i := range sf.Enums {
		for j := range sf.Enums[i].Entries {
			if sf.Enums[i].Entries[j].Ident == n {
				return &sf.Enums[i], &sf.Enums[i].Entries[j]
			}
		}
	}
	return nil, nil
}

func (sf *specFile) layout(ident string) *layout {
	for i := range sf.Layouts {
		if sf.Layouts[i].Ident == ident {
			return &sf.Layouts[i]
		}
	}
	return nil
}

// maxEnumValue bounds enum values because each enum is emitted as a table
// indexed by value.
const maxEnumValue = 1023

func (sf *specFile) validate(u *universe) error {
	idents := map[string]string{}
	claim := func(ident, what string, exported bool) error {
		// Column identifiers arrive as Type.Method; only the last part must be a Go name.
		name := ident[strings.IndexByte(ident, '.')+1:]
		if !isIdent(name) || exported && !isExported(name) {
			return fmt.Errorf("%s: %q is not an exported Go identifier", what, ident)
		}
		if prev, ok := idents[ident]; ok {
			return fmt.Errorf("%s: identifier %s already used by %s", what, ident, prev)
		}
		idents[ident] = what
		return nil
	}
	for i := range sf.Enums {
		if err := sf.Enums[i].validate(claim); err != nil {
			return err
		}
	}
	for i := range sf.Layouts {
		l := &sf.Layouts[i]
		if err := claim(l.Ident, "layout", false); err != nil {
			return err
		}
		if l.fixedSize() >= 0 {
			if err := claim(l.Ident+"Len", "layout length", false); err != nil {
				return err
			}
		}
		if l.Name == "" || l.Description == "" || l.Source == "" {
			return fmt.Errorf("layout %s: name, description and source are required", l.Ident)
		}
		if err := l.validate(u, sf); err != nil {
			return fmt.Errorf("layout %s: %v", l.Ident, err)
		}
	}
	for _, c := range sf.Constants {
		if err := claim(c.Ident, "constant", true); err != nil {
			return err
		}
		if c.Name == "" || c.Description == "" || c.Source == "" {
			return fmt.Errorf("constant %s: name, description and source are required", c.Ident)
		}
		if err := c.validate(); err != nil {
			return err
		}
		if c.Value == nil || c.Mask {
			continue
		}
		if l := sf.lengthNamed(*c.Value); l != "" {
			return fmt.Errorf("constant %s: %d is already %s: a length lives with its layout, once", c.Ident, *c.Value, l)
		}
	}
	return nil
}

// lengthNamed reports which generated length equals v: a fixed layout's
// (its Len constant) or a byte field's (the array's len); "" for none.
func (sf *specFile) lengthNamed(v int64) string {
	for _, l := range sf.Layouts {
		if int64(l.fixedSize()) == v {
			return l.Ident + "Len"
		}
		for _, f := range l.Fields {
			if f.Type == "bytes" && int64(f.Len) == v {
				return "len(" + l.Ident + "." + f.Ident + ")"
			}
		}
	}
	return ""
}

func (e *enum) validate(claim func(ident, what string, exported bool) error) error {
	if err := claim(e.Type, "enum type", true); err != nil {
		return err
	}
	bits := map[string]uint{"uint8": 8, "uint16": 16, "uint32": 32}[e.Underlying]
	if bits == 0 {
		return fmt.Errorf("enum %s: underlying type %q is not uint8/16/32", e.Type, e.Underlying)
	}
	if e.Description == "" || len(e.Entries) == 0 {
		return fmt.Errorf("enum %s: needs a description and entries", e.Type)
	}
	for _, c := range e.Columns {
		exported := true
		switch c.Type {
		case "int", "bool", "string":
		case "ident":
			if !isIdent(c.GoType) {
				return fmt.Errorf("enum %s: ident column %s needs a go_type", e.Type, c.Key)
			}
			exported = false
		default:
			return fmt.Errorf("enum %s: column %s has type %q", e.Type, c.Key, c.Type)
		}
		if err := claim(e.Type+"."+c.Ident, "column", exported); err != nil {
			return err
		}
	}
	values := map[uint64]string{}
	for _, en := range e.Entries {
		what := fmt.Sprintf("enum %s value %d", e.Type, en.Value)
		if en.Value >= 1<<bits {
			return fmt.Errorf("%s does not fit in %s", what, e.Underlying)
		}
		if en.Value > maxEnumValue && !e.Sparse {
			return fmt.Errorf("%s: values above %d are not supported (enums are tables indexed by value; mark the enum sparse)", what, maxEnumValue)
		}
		if prev, ok := values[en.Value]; ok {
			return fmt.Errorf("%s: duplicate of %s", what, prev)
		}
		values[en.Value] = en.Ident
		if err := claim(en.Ident, what, true); err != nil {
			return err
		}
		if err := en.validate(e, what); err != nil {
			return err
		}
	}
	return nil
}

func (en *entry) validate(e *enum, what string) error {
	if en.Name == "" || en.Description == "" || en.Source == "" {
		return fmt.Errorf("%s: name, description and source are required", what)
	}
	for _, a := range en.Aliases {
		if a.Name == "" || a.Source == "" {
			return fmt.Errorf("%s: alias needs name and source", what)
		}
	}
	if len(en.Columns) != len(e.Columns) {
		return fmt.Errorf("%s: has %d column values, the enum declares %d", what, len(en.Columns), len(e.Columns))
	}
	for _, c := range e.Columns {
		v, ok := en.Columns[c.Key]
		if !ok {
			return fmt.Errorf("%s: missing column %s", what, c.Key)
		}
		switch c.Type {
		case "int":
			if f, ok := v.(float64); !ok || f != float64(int64(f)) {
				return fmt.Errorf("%s: column %s wants an integer, has %v", what, c.Key, v)
			}
		case "bool":
			if _, ok := v.(bool); !ok {
				return fmt.Errorf("%s: column %s wants a bool, has %v", what, c.Key, v)
			}
		case "string":
			if _, ok := v.(string); !ok {
				return fmt.Errorf("%s: column %s wants a string, has %v", what, c.Key, v)
			}
		case "ident":
			if s, ok := v.(string); !ok || !isIdent(s) {
				return fmt.Errorf("%s: column %s wants a Go identifier, has %v", what, c.Key, v)
			}
		}
	}
	return nil
}

// validateLinks checks what refers across tables: entries naming layouts,
// unions, message types and the dispatch.
func (sf *specFile) validateLinks(u *universe) error {
	for i := range sf.Enums {
		e := &sf.Enums[i]
		for _, en := range e.Entries {
			if en.Layout == "" {
				if e.Union != nil {
					return fmt.Errorf("enum %s entry %s: a union's entries need a layout", e.Type, en.Ident)
				}
				continue
			}
			l := sf.layout(en.Layout)
			if l == nil {
				return fmt.Errorf("enum %s entry %s names unknown layout %s", e.Type, en.Ident, en.Layout)
			}
			// The size column and the layout must not drift apart.
			if ds, ok := en.Columns["dataSize"].(float64); ok && int(ds) != l.fixedSize() {
				return fmt.Errorf("enum %s entry %s: dataSize %v but layout %s is %d bytes", e.Type, en.Ident, ds, l.Ident, l.fixedSize())
			}
		}
		if e.Union != nil {
			if err := sf.validateUnion(u, e); err != nil {
				return fmt.Errorf("enum %s union %s: %v", e.Type, e.Union.Ident, err)
			}
		}
	}
	for _, l := range sf.Layouts {
		if l.MessageType != "" && !u.isMessageType(sf, l.MessageType) {
			return fmt.Errorf("layout %s: message_type %s is no entry of a dispatched enum", l.Ident, l.MessageType)
		}
	}
	if sf.Dispatch != nil {
		if _, err := u.dispatchCases(sf); err != nil {
			return fmt.Errorf("dispatch: %v", err)
		}
	}
	return nil
}

func (sf *specFile) validateUnion(u *universe, e *enum) error {
	un := e.Union
	if !isExported(un.Ident) || un.Description == "" {
		return fmt.Errorf("needs an exported ident and a description")
	}
	h := sf.layout(un.Header)
	if h == nil || len(h.Fields) != 1 || h.Fields[0].Enum != e.Type {
		return fmt.Errorf("header %s must be a layout of one field of enum %s", un.Header, e.Type)
	}
	if un.MessageType != "" && !u.isMessageType(sf, un.MessageType) {
		return fmt.Errorf("message_type %s is no entry of a dispatched enum", un.MessageType)
	}
	types := map[string]string{}
	for _, en := range e.Entries {
		for _, f := range sf.layout(en.Layout).Fields {
			switch f.Ident {
			case e.Union.discriminator(sf), "Data", "Type", "Size", "Append", "DecodeAll":
				return fmt.Errorf("layout %s: field %s clashes with the union's own", en.Layout, f.Ident)
			}
			if t, ok := types[f.Ident]; ok && t != f.goType() {
				return fmt.Errorf("layout %s: field %s is %s, another layout has it as %s", en.Layout, f.Ident, f.goType(), t)
			}
			types[f.Ident] = f.goType()
		}
	}
	return nil
}

// discriminator is the union struct's field holding the enum value: the
// header layout's one field.
func (un *union) discriminator(sf *specFile) string { return sf.layout(un.Header).Fields[0].Ident }

// isMessageType reports whether name is an entry of the enum some spec's
// dispatch switches on.
func (u *universe) isMessageType(from *specFile, name string) bool {
	e, en := u.entry(from, name)
	if en == nil {
		return false
	}
	for _, sf := range u.specs {
		if sf.Dispatch != nil && u.enum(sf, sf.Dispatch.Enum) == e {
			return true
		}
	}
	return false
}

func (l *layout) validate(u *universe, sf *specFile) error {
	names := map[string]bool{}
	for _, f := range l.Fields {
		if !isExported(f.Ident) || names[f.Ident] {
			return fmt.Errorf("field %q: not an exported identifier or duplicated", f.Ident)
		}
		switch f.Ident {
		case "Size", "Append", "Decode", "DecodeAll":
			return fmt.Errorf("field %s: clashes with a generated method", f.Ident)
		case "Type":
			if l.MessageType != "" {
				return fmt.Errorf("field %s: clashes with the Type method a message_type brings", f.Ident)
			}
		}
		names[f.Ident] = true
		wt, ok := wireTypes[f.Type]
		if !ok {
			return fmt.Errorf("field %s: unknown wire type %q", f.Ident, f.Type)
		}
		if f.Description == "" {
			return fmt.Errorf("field %s: description required", f.Ident)
		}
		if (f.Type == "bytes") != (f.Len > 0) {
			return fmt.Errorf("field %s: len is required for bytes and only for bytes", f.Ident)
		}
		if f.Enum != "" {
			e := u.enum(sf, f.Enum)
			if e == nil {
				return fmt.Errorf("field %s: enum %s is not declared in any spec", f.Ident, f.Enum)
			}
			if e.Underlying != wt.goType {
				return fmt.Errorf("field %s: enum %s is %s but the field is %s", f.Ident, f.Enum, e.Underlying, wt.goType)
			}
		}
		if f.Min != nil || f.Max != nil {
			if !f.isInt() {
				return fmt.Errorf("field %s: min/max only apply to unsigned integers", f.Ident)
			}
			if f.Constraint == "" {
				return fmt.Errorf("field %s: min/max need a constraint sentence", f.Ident)
			}
			if f.Max != nil && *f.Max > wt.max {
				return fmt.Errorf("field %s: max %d does not fit %s", f.Ident, *f.Max, f.Type)
			}
		}
	}
	if len(l.Examples) == 0 {
		return fmt.Errorf("needs at least one example")
	}
	for i, ex := range l.Examples {
		if err := l.checkValues(ex.Values, ex.Wire); err != nil {
			return fmt.Errorf("example %d (%s): %v", i, ex.Comment, err)
		}
	}
	for i, v := range l.Violations {
		if !names[v.Field] {
			return fmt.Errorf("violation %d: unknown field %s", i, v.Field)
		}
		if err := l.checkValues(v.Values, v.Wire); err != nil {
			return fmt.Errorf("violation %d (%s): %v", i, v.Comment, err)
		}
	}
	return nil
}

// checkValues makes sure an example names every field exactly once and that
// its wire notation parses; whether the bytes match is the generated test's
// job.
func (l *layout) checkValues(values map[string]any, wireNotation string) error {
	if _, err := testkit.ParseHex(wireNotation); err != nil {
		return err
	}
	if len(values) != len(l.Fields) {
		return fmt.Errorf("gives %d values for %d fields", len(values), len(l.Fields))
	}
	for _, f := range l.Fields {
		v, ok := values[f.Ident]
		if !ok {
			return fmt.Errorf("no value for %s", f.Ident)
		}
		switch f.Type {
		case "bytes", "str16":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s wants a hex string", f.Ident)
			}
			b, err := testkit.ParseHex(s)
			if err != nil {
				return fmt.Errorf("%s: %v", f.Ident, err)
			}
			if f.Type == "bytes" && len(b) != f.Len {
				return fmt.Errorf("%s has %d bytes, wants %d", f.Ident, len(b), f.Len)
			}
		default:
			if _, ok := v.(float64); !ok {
				return fmt.Errorf("%s wants a number", f.Ident)
			}
		}
	}
	return nil
}

func isExported(s string) bool { return isIdent(s) && s[0] >= 'A' && s[0] <= 'Z' }

func isIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
