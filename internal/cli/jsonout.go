package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// writeJSON writes doc as json.MarshalIndent(doc, "", "  ") would, field by
// field, with the streamed lists written element by element as they are
// decoded: the output of a long capture is never held whole.
func writeJSON(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	jw := &jsonWriter{w: bw}
	jw.raw("{")
	rv := reflect.ValueOf(doc).Elem()
	first := true
	for i := range rv.NumField() {
		sf := rv.Type().Field(i)
		key, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || key == "-" {
			continue
		}
		var list func() error
		switch key {
		case "chunks":
			if doc.chunkCount() > 0 {
				list = func() error { return writeList(jw, doc.eachChunk) }
			}
		case "messages":
			if doc.messageCount() > 0 {
				list = func() error { return writeList(jw, doc.eachMessage) }
			}
		case "values":
			if doc.valueCount() > 0 {
				list = func() error { return writeList(jw, doc.eachValue) }
			}
		default:
			if opts == "omitempty" && rv.Field(i).IsZero() {
				continue
			}
			v := rv.Field(i).Interface()
			list = func() error { jw.value(v, "  "); return jw.err }
		}
		if list == nil {
			continue
		}
		if !first {
			jw.raw(",")
		}
		first = false
		jw.raw("\n  \"" + key + "\": ")
		if err := list(); err != nil {
			return err
		}
	}
	jw.raw("\n}\n")
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// writeList writes a list the way MarshalIndent writes a slice one level
// in.
func writeList[T any](jw *jsonWriter, each func(emit func(*T) error) error) error {
	jw.raw("[")
	n := 0
	err := each(func(e *T) error {
		if n > 0 {
			jw.raw(",")
		}
		n++
		jw.raw("\n    ")
		jw.value(e, "    ")
		return jw.err
	})
	jw.raw("\n  ]")
	if err != nil {
		return err
	}
	return jw.err
}

type jsonWriter struct {
	w   *bufio.Writer
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		jw.err = err
		return
	}
	_, jw.err = jw.w.Write(jsonTerminalSafe(b))
}
