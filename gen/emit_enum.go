package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

func (sf *specFile) emitEnums(w *bytes.Buffer) {
	for i := range sf.Enums {
		sf.emitEnum(w, &sf.Enums[i])
	}
	if len(sf.Constants) > 0 {
		w.WriteString("// Constants from spec/" + sf.path + ".\nconst (\n")
		for _, c := range sf.Constants {
			fmt.Fprintf(w, "\t// %s is the %s: %s (%s).\n", c.Ident, c.Name, c.Description, c.Source)
			fmt.Fprintf(w, "\t%s = %s\n", c.Ident, c.literal())
		}
		w.WriteString(")\n\n")
	}
}

// emitEnum writes the type, its constants, and one table row per value
// with one-line methods reading it: the table is written once, not once
// per method.
func (sf *specFile) emitEnum(w *bytes.Buffer, e *enum) {
	t := e.Type
	digits := map[string]int{"uint8": 2, "uint16": 4, "uint32": 8}[e.Underlying]
	fmt.Fprintf(w, "// %s\ntype %s %s\n\n", e.Description, t, e.Underlying)

	fmt.Fprintf(w, "// Values of %s, one per entry of spec/%s.\nconst (\n", t, sf.path)
	for _, en := range e.Entries {
		fmt.Fprintf(w, "\t// %s is 0x%0*X, %s: %s (%s).", en.Ident, digits, en.Value, strconv.Quote(en.Name), en.Description, en.Source)
		if !en.defined() {
			w.WriteString(" The specification defines no meaning for it.")
		}
		if len(en.Aliases) > 0 {
			w.WriteString("\n\t// Early documents call it")
			for i, a := range en.Aliases {
				sep := ","
				if i == len(en.Aliases)-1 {
					sep = "."
				}
				fmt.Fprintf(w, " %s (%s)%s", strconv.Quote(a.Name), a.Source, sep)
			}
		}
		fmt.Fprintf(w, "\n\t%s %s = 0x%0*X\n", en.Ident, t, digits, en.Value)
	}
	w.WriteString(")\n\n")

	var all []string
	for _, en := range e.Entries {
		all = append(all, en.Ident)
	}
	fmt.Fprintf(w, "// %sValues lists every value spec/%s describes, in wire order.\n", t, sf.path)
	fmt.Fprintf(w, "var %sValues = [...]%s{%s}\n\n", t, t, strings.Join(all, ", "))

	sf.emitEnumTable(w, e)
	sf.emitEnumMethods(w, e)
}

// columnGoType is the Go type of a column's values and the value a value
// with no entry gets.
func columnGoType(c column) (goType, zero string) {
	switch c.Type {
	case "int":
		return "int", "-1"
	case "bool":
		return "bool", "false"
	case "string":
		return "string", `""`
	}
	return c.GoType, ""
}

func columnLiteral(c column, v any) string {
	switch c.Type {
	case "int":
		return strconv.FormatInt(int64(v.(float64)), 10)
	case "bool":
		return strconv.FormatBool(v.(bool))
	case "string":
		return strconv.Quote(v.(string))
	}
	return v.(string)
}

func (e *enum) infoType() string   { return lowerFirst(e.Type) + "Info" }
func (e *enum) tableVar() string   { return lowerFirst(e.Type) + "Table" }
func (e *enum) noEntryVar() string { return lowerFirst(e.Type) + "NoEntry" }

// noEntry is the row a value without an entry reads: only columns whose
// "none" value is not Go's zero value need saying.
func (e *enum) noEntry() string {
	var parts []string
	for _, c := range e.Columns {
		if _, zero := columnGoType(c); zero != "" && zero != "false" && zero != `""` {
			parts = append(parts, lowerFirst(c.Ident)+": "+zero)
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (sf *specFile) emitEnumTable(w *bytes.Buffer, e *enum) {
	fmt.Fprintf(w, "// %s is one row of the %s table of spec/%s.\ntype %s struct {\n", e.infoType(), e.Type, sf.path, e.infoType())
	w.WriteString("\tname, description, source string\n\taliases []wire.Alias\n\tknown, defined bool\n")
	for _, c := range e.Columns {
		gt, _ := columnGoType(c)
		fmt.Fprintf(w, "\t%s %s\n", lowerFirst(c.Ident), gt)
	}
	w.WriteString("}\n\n")

	byValue := map[uint64]*entry{}
	var top uint64
	for i := range e.Entries {
		byValue[e.Entries[i].Value] = &e.Entries[i]
		top = max(top, e.Entries[i].Value)
	}
	none := e.noEntry()
	if e.Sparse {
		sf.emitSparseTable(w, e, none)
		return
	}
	fmt.Fprintf(w, "// %s is indexed by value; rows without an entry are %s.\nvar %s = [...]%s{\n", e.tableVar(), e.noEntryVar(), e.tableVar(), e.infoType())
	for v := uint64(0); v <= top; v++ {
		en, ok := byValue[v]
		if !ok {
			if none != "{}" {
				fmt.Fprintf(w, "\t0x%02X: %s,\n", v, none)
			}
			continue
		}
		fmt.Fprintf(w, "\t%s: ", en.Ident)
		emitEnumRow(w, e, en)
	}
	w.WriteString("}\n\n")
	fmt.Fprintf(w, "var %s = %s%s\n\n", e.noEntryVar(), e.infoType(), none)
	fmt.Fprintf(w, "func (v %s) info() *%s {\n\tif uint64(v) < uint64(len(%s)) {\n\t\treturn &%s[v]\n\t}\n\treturn &%s\n}\n\n",
		e.Type, e.infoType(), e.tableVar(), e.tableVar(), e.noEntryVar())
}

// emitEnumRow writes the composite literal of en's table row and a comma.
func emitEnumRow(w *bytes.Buffer, e *enum, en *entry) {
	fmt.Fprintf(w, "{name: %s, description: %s, source: %s, known: true, defined: %t",
		strconv.Quote(en.Name), strconv.Quote(en.Description), strconv.Quote(en.Source), en.defined())
	if len(en.Aliases) > 0 {
		var as []string
		for _, a := range en.Aliases {
			as = append(as, fmt.Sprintf("{Name: %s, Source: %s}", strconv.Quote(a.Name), strconv.Quote(a.Source)))
		}
		fmt.Fprintf(w, ", aliases: []wire.Alias{%s}", strings.Join(as, ", "))
	}
	for _, c := range e.Columns {
		if lit := columnLiteral(c, en.Columns[c.Key]); lit != "" {
			fmt.Fprintf(w, ", %s: %s", lowerFirst(c.Ident), lit)
		}
	}
	w.WriteString("},\n")
}

// emitSparseTable writes a sparse enum's rows in entry order and an info
// method that finds a value's row with a switch (a binary search once
// compiled), so values as large as a FourCC cost one row each.
func (sf *specFile) emitSparseTable(w *bytes.Buffer, e *enum, none string) {
	fmt.Fprintf(w, "// %s holds one row per entry, in entry order; info finds a value's row.\nvar %s = [...]%s{\n", e.tableVar(), e.tableVar(), e.infoType())
	for i := range e.Entries {
		w.WriteString("\t")
		emitEnumRow(w, e, &e.Entries[i])
	}
	w.WriteString("}\n\n")
	fmt.Fprintf(w, "var %s = %s%s\n\n", e.noEntryVar(), e.infoType(), none)
	fmt.Fprintf(w, "func (v %s) info() *%s {\n\tswitch v {\n", e.Type, e.infoType())
	for i, en := range e.Entries {
		fmt.Fprintf(w, "\tcase %s:\n\t\treturn &%s[%d]\n", en.Ident, e.tableVar(), i)
	}
	fmt.Fprintf(w, "\t}\n\treturn &%s\n}\n\n", e.noEntryVar())
}

func (sf *specFile) emitEnumMethods(w *bytes.Buffer, e *enum) {
	t := e.Type
	method := func(doc, name, ret, expr string) {
		fmt.Fprintf(w, "// %s %s\nfunc (v %s) %s() %s { return %s }\n\n", name, doc, t, name, ret, expr)
	}
	method("reports whether the specification gives v a meaning. Values it\n// leaves undefined are still legal to carry.", "Defined", "bool", "v.info().defined")
	method("reports whether v has an entry in spec/"+sf.path+", defined or not.", "Known", "bool", "v.info().known")
	fmt.Fprintf(w, "// String returns the specification's name of v, or %s(0x..) for a value\n// the specification does not define.\n", t)
	fmt.Fprintf(w, "func (v %s) String() string {\n\tif i := v.info(); i.defined {\n\t\treturn i.name\n\t}\n", t)
	fmt.Fprintf(w, "\ts := strconv.FormatUint(uint64(v), 16)\n\tif len(s) < 2 {\n\t\ts = \"0\" + s\n\t}\n\treturn %s + s + \")\"\n}\n\n", strconv.Quote(t+"(0x"))
	method("returns the name spec/"+sf.path+" gives v, or \"\" for a value with no entry.", "Name", "string", "v.info().name")
	method("returns the one-line description of v, or \"\" for a value with no entry.", "Description", "string", "v.info().description")
	method("returns the specification section or document v's entry comes from.", "Source", "string", "v.info().source")
	method("returns the names early documents use for v, with the document\n// each comes from. The slice is shared: do not modify it.", "Aliases", "[]wire.Alias", "v.info().aliases")
	for _, c := range e.Columns {
		gt, _ := columnGoType(c)
		method(c.Doc, c.Ident, gt, "v.info()."+lowerFirst(c.Ident))
	}
}
