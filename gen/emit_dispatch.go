package main

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// dispatchCase is one arm of a message Decoder's switch.
type dispatchCase struct {
	goType string   // as the dispatching package writes it
	field  string   // where the Decoder keeps the value
	ids    []string // the type IDs it decodes, as the dispatching package writes them
	first  uint64   // smallest of those IDs, for a stable order
	whole  bool     // a layout or union: DecodeAll(payload); else hand-written decode(d, typ, payload)
}

// dispatchCases gathers the dispatch of sf: every layout and union with a
// message type of the dispatch enum, in any spec file, and the hand-written
// types sf lists. No type ID may be claimed twice.
func (u *universe) dispatchCases(sf *specFile) ([]dispatchCase, error) {
	d := sf.Dispatch
	target := u.enum(sf, d.Enum)
	if target == nil {
		return nil, fmt.Errorf("enum %s is not declared in any spec", d.Enum)
	}
	if !isIdent(d.Fallback) {
		return nil, fmt.Errorf("needs a fallback type")
	}
	var cases []dispatchCase
	add := func(owner *specFile, goIdent string, ids []string, whole bool) error {
		c := dispatchCase{goType: qualify(sf, owner, goIdent), field: lowerFirst(goIdent), whole: whole, first: ^uint64(0)}
		for _, id := range ids {
			e, en := u.entry(owner, id)
			if e != target {
				return fmt.Errorf("%s: %s is not a value of %s", goIdent, id, d.Enum)
			}
			idOwner, _ := u.split(owner, id)
			c.ids = append(c.ids, qualify(sf, idOwner, en.Ident))
			c.first = min(c.first, en.Value)
		}
		if len(c.ids) == 0 {
			return fmt.Errorf("%s decodes no message type", goIdent)
		}
		cases = append(cases, c)
		return nil
	}
	for _, owner := range u.specs {
		for _, l := range owner.Layouts {
			if e, _ := u.entry(owner, l.MessageType); l.MessageType != "" && e == target {
				if err := add(owner, l.Ident, []string{l.MessageType}, true); err != nil {
					return nil, err
				}
			}
		}
		for _, e := range owner.Enums {
			if un := e.Union; un != nil && un.MessageType != "" {
				if err := add(owner, un.Ident, []string{un.MessageType}, true); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, m := range d.Messages {
		if !isIdent(m.GoType) {
			return nil, fmt.Errorf("go_type %q is not a type of package %s", m.GoType, sf.Package)
		}
		if err := add(sf, m.GoType, m.MessageTypes, false); err != nil {
			return nil, err
		}
	}
	claimed, fields := map[string]string{}, map[string]string{}
	for _, c := range cases {
		for _, id := range c.ids {
			if prev, ok := claimed[id]; ok {
				return nil, fmt.Errorf("%s is decoded by both %s and %s", id, prev, c.goType)
			}
			claimed[id] = c.goType
		}
		if prev, ok := fields[c.field]; ok || c.field == lowerFirst(d.Fallback) {
			return nil, fmt.Errorf("%s and %s%s would share storage", c.goType, prev, d.Fallback)
		}
		fields[c.field] = c.goType
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].first < cases[j].first })
	return cases, nil
}

func (sf *specFile) hasUnion() bool {
	for _, e := range sf.Enums {
		if e.Union != nil {
			return true
		}
	}
	return false
}

func (sf *specFile) emitDispatch(w *bytes.Buffer, u *universe) {
	for i := range sf.Enums {
		if sf.Enums[i].Union != nil {
			sf.emitUnion(w, u, &sf.Enums[i])
		}
	}
	if sf.Dispatch == nil {
		return
	}
	cases, _ := u.dispatchCases(sf) // validated when loaded
	fallback := sf.Dispatch.Fallback
	enumType := sf.Dispatch.Enum
	w.WriteString("// decoded holds one value of every type Decoder returns, so that decoding\n// reuses them instead of allocating.\ntype decoded struct {\n")
	for _, c := range cases {
		fmt.Fprintf(w, "\t%s %s\n", c.field, c.goType)
	}
	fmt.Fprintf(w, "\t%s %s\n}\n\n", lowerFirst(fallback), fallback)

	fmt.Fprintf(w, "// decode is the message dispatch of spec/%s: the typed form of a payload\n// of type typ, stored in d. Type IDs no entry claims decode as %s.\n", sf.path, fallback)
	fmt.Fprintf(w, "func (d *Decoder) decode(typ %s, payload []byte) (Message, error) {\n\tswitch typ {\n", enumType)
	for _, c := range cases {
		fmt.Fprintf(w, "\tcase %s:\n\t\tm := &d.decoded.%s\n", strings.Join(c.ids, ", "), c.field)
		if c.whole {
			w.WriteString("\t\tif err := m.DecodeAll(payload); err != nil {\n")
		} else {
			w.WriteString("\t\tif err := m.decode(d, typ, payload); err != nil {\n")
		}
		w.WriteString("\t\t\treturn nil, err\n\t\t}\n\t\treturn m, nil\n")
	}
	fmt.Fprintf(w, "\t}\n\tm := &d.decoded.%s\n\tif err := m.decode(d, typ, payload); err != nil {\n\t\treturn nil, err\n\t}\n\treturn m, nil\n}\n\n", lowerFirst(fallback))

	w.WriteString("// detach copies a message out of a Decoder's storage so that the caller\n// does not keep the whole Decoder alive through one pointer into it.\n")
	w.WriteString("func detach(m Message) Message {\n\tswitch v := m.(type) {\n")
	for _, c := range append(cases, dispatchCase{goType: fallback}) {
		fmt.Fprintf(w, "\tcase *%s:\n\t\tc := *v\n\t\treturn &c\n", c.goType)
	}
	w.WriteString("\t}\n\treturn m\n}\n\n")
}

// unionField is one field of a union's struct: a layout field, with the
// entries whose layouts carry it.
type unionField struct {
	field
	entries []string
}

func (sf *specFile) unionFields(e *enum) []unionField {
	var out []unionField
	at := map[string]int{}
	for _, en := range e.Entries {
		for _, f := range sf.layout(en.Layout).Fields {
			i, ok := at[f.Ident]
			if !ok {
				i = len(out)
				at[f.Ident] = i
				out = append(out, unionField{field: f})
			}
			out[i].entries = append(out[i].entries, en.Name)
		}
	}
	return out
}

// emitUnion writes the struct and methods of a message made of a header
// layout carrying e, then the layout e's entry names.
func (sf *specFile) emitUnion(w *bytes.Buffer, u *universe, e *enum) {
	un := e.Union
	h := sf.layout(un.Header)
	disc := un.discriminator(sf)
	fmt.Fprintf(w, "// %s\ntype %s struct {\n\t// %s selects the layout of the data (spec/%s).\n\t%s %s\n\n", wrap(un.Description), un.Ident, disc, sf.path, disc, e.Type)
	for _, f := range sf.unionFields(e) {
		doc := fmt.Sprintf("%s, in %s: %s.", f.Ident, strings.Join(f.entries, ", "), f.Description)
		fmt.Fprintf(w, "\t// %s\n\t%s %s\n", strings.ReplaceAll(wrap(doc), "\n", "\n\t"), f.Ident, f.goType())
	}
	w.WriteString("\t// Data is the event data of a value outside the table, as sent (it\n\t// aliases the decoded input). It is ignored for values in the table.\n\tData []byte\n}\n\n")
	if un.MessageType != "" {
		owner, _ := u.split(sf, un.MessageType)
		me, _ := u.entry(sf, un.MessageType)
		fmt.Fprintf(w, "// Type reports %s.\nfunc (*%s) Type() %s { return %s }\n\n", un.MessageType, un.Ident, qualify(sf, owner, me.Type), un.MessageType)
	}
	literal := func(en entry) string {
		var parts []string
		for _, f := range sf.layout(en.Layout).Fields {
			parts = append(parts, f.Ident+": m."+f.Ident)
		}
		return en.Layout + "{" + strings.Join(parts, ", ") + "}"
	}

	fmt.Fprintf(w, "// Size returns the exact number of bytes Append writes.\nfunc (m *%s) Size() int {\n\tswitch m.%s {\n", un.Ident, disc)
	for _, en := range e.Entries {
		fmt.Fprintf(w, "\tcase %s:\n\t\tv := %s\n\t\treturn %s + v.Size()\n", en.Ident, literal(en), h.lenConst())
	}
	fmt.Fprintf(w, "\t}\n\treturn %s + len(m.Data)\n}\n\n", h.lenConst())

	prefix := strconv.Quote(un.Ident)
	fmt.Fprintf(w, "// Append appends the wire form of m to b. It allocates only when b lacks\n// room, and returns b unchanged with a *wire.Error when a field cannot be\n// encoded.\n")
	fmt.Fprintf(w, "func (m *%s) Append(b []byte) ([]byte, error) {\n\th := %s{%s: m.%s}\n", un.Ident, h.Ident, disc, disc)
	// Layouts whose Append cannot fail are appended without the error
	// plumbing: this is a per-message path.
	if h.canFail() {
		fmt.Fprintf(w, "\tout, err := h.Append(b)\n\tif err != nil {\n\t\treturn b, reframe(err, %s, 0)\n\t}\n", prefix)
	} else {
		w.WriteString("\tout, _ := h.Append(b)\n")
	}
	fmt.Fprintf(w, "\tswitch m.%s {\n", disc)
	for _, en := range e.Entries {
		fmt.Fprintf(w, "\tcase %s:\n\t\tv := %s\n", en.Ident, literal(en))
		if sf.layout(en.Layout).canFail() {
			fmt.Fprintf(w, "\t\tout, err := v.Append(out)\n\t\tif err != nil {\n\t\t\treturn b, reframe(err, %s, %s)\n\t\t}\n\t\treturn out, nil\n", prefix, h.lenConst())
		} else {
			w.WriteString("\t\tout, _ = v.Append(out)\n\t\treturn out, nil\n")
		}
	}
	w.WriteString("\t}\n\treturn append(out, m.Data...), nil\n}\n\n")

	fmt.Fprintf(w, "// DecodeAll decodes a whole payload into m. Errors name the field as\n// %s.<Layout>.<Field> with its offset in payload.\n", un.Ident)
	fmt.Fprintf(w, "func (m *%s) DecodeAll(payload []byte) error {\n\t*m = %s{}\n\tvar h %s\n\tn, err := h.Decode(payload)\n", un.Ident, un.Ident, h.Ident)
	fmt.Fprintf(w, "\tif err != nil {\n\t\treturn reframe(err, %s, 0)\n\t}\n\tm.%s = h.%s\n\tdata := payload[n:]\n\tswitch h.%s {\n", prefix, disc, disc, disc)
	for _, en := range e.Entries {
		fmt.Fprintf(w, "\tcase %s:\n\t\tvar v %s\n\t\terr = v.DecodeAll(data)\n", en.Ident, en.Layout)
		for _, f := range sf.layout(en.Layout).Fields {
			fmt.Fprintf(w, "\t\tm.%s = v.%s\n", f.Ident, f.Ident)
		}
	}
	fmt.Fprintf(w, "\tdefault:\n\t\tm.Data = data\n\t}\n\tif err != nil {\n\t\treturn reframe(err, %s, n)\n\t}\n\treturn nil\n}\n\n", prefix)
}

// wrap breaks a long description into comment lines.
func wrap(s string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(s) {
		if i > 0 {
			if col+1+len(word) > 76 {
				b.WriteString("\n// ")
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
