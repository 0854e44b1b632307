package cli

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
)

// AMF3 is the lossless JSON form of one AMF3 value: every wire choice the
// codec keeps is a field, so encode writes back the bytes decode read.
// Only the fields the type needs are set:
//
//	any type with a U29 after the marker
//	              header_len when it took more bytes than needed
//	string, and every complex type
//	              ref: a reference (string table for strings, object
//	              table for the rest) instead of the inline form; a
//	              string reference keeps its text in value
//	integer, double, date
//	              value; bits (hex float64) when JSON has no number for it
//	string, xml, xml-document
//	              value; hex when the bytes are not UTF-8
//	byte-array    hex
//	date          header when the U29's unused bits are set
//	array         assoc [{key, value}], dense [values], end_len
//	object        class, dynamic, sealed [{key, value}], members
//	              [{key, value}], end_len; or traits_ref and sealed_values
//	              (values only: the names are the traits'); externalizable
//	              objects: class, header, and inner (one value) or hex
//	              (opaque payload)
//	vector-int, vector-uint, vector-double
//	              elements (numbers; a double JSON cannot hold as 16 hex
//	              digits of its bits), flag when the fixed byte is not 0
//	vector-object type_name, items, flag
//	dictionary    entries [{key, value}], flag (weak keys)
//
// Names (keys, class names, type names) are a JSON string when written
// inline in the fewest bytes and valid UTF-8, else {value|hex, ref,
// header_len}.
type AMF3 struct {
	Type           string             `json:"type"`
	Ref            *uint32            `json:"ref,omitempty"`
	HeaderLen      int                `json:"header_len,omitempty"`
	Value          json.RawMessage    `json:"value,omitempty"`
	Bits           string             `json:"bits,omitempty"`
	Hex            *string            `json:"hex,omitempty"`
	Header         *uint32            `json:"header,omitempty"`
	Class          *AMF3Name          `json:"class,omitempty"`
	TraitsRef      *uint32            `json:"traits_ref,omitempty"`
	Dynamic        bool               `json:"dynamic,omitempty"`
	Externalizable bool               `json:"externalizable,omitempty"`
	Sealed         *[]AMF3Member      `json:"sealed,omitempty"`
	SealedValues   *[]AMF3            `json:"sealed_values,omitempty"`
	Members        *[]AMF3Member      `json:"members,omitempty"`
	Inner          *AMF3              `json:"inner,omitempty"`
	Assoc          *[]AMF3Member      `json:"assoc,omitempty"`
	Dense          *[]AMF3            `json:"dense,omitempty"`
	EndLen         int                `json:"end_len,omitempty"`
	Elements       *[]json.RawMessage `json:"elements,omitempty"`
	TypeName       *AMF3Name          `json:"type_name,omitempty"`
	Items          *[]AMF3            `json:"items,omitempty"`
	Entries        *[]AMF3Entry       `json:"entries,omitempty"`
	Flag           *uint8             `json:"flag,omitempty"`

	text string // the codec's text form, for the text output
}

// AMF3Name is a name: a JSON string, or an object for a reference, a
// non-canonical header or bytes that are not UTF-8.
type AMF3Name struct {
	Value     *string `json:"value,omitempty"`
	Hex       string  `json:"hex,omitempty"`
	Ref       *uint32 `json:"ref,omitempty"`
	HeaderLen int     `json:"header_len,omitempty"`
}

// MarshalJSON writes a plain string when nothing else needs saying.
func (n AMF3Name) MarshalJSON() ([]byte, error) {
	if n.Value != nil && n.Ref == nil && n.HeaderLen == 0 && n.Hex == "" {
		return json.Marshal(*n.Value)
	}
	type plain AMF3Name
	return json.Marshal(plain(n))
}

// UnmarshalJSON reads either form.
func (n *AMF3Name) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = AMF3Name{Value: &s}
		return nil
	}
	type plain AMF3Name
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*n = AMF3Name(p)
	return nil
}

// AMF3Member is a named value: an associative entry, a sealed or dynamic
// member.
type AMF3Member struct {
	Key   AMF3Name `json:"key"`
	Value AMF3     `json:"value"`
}

// AMF3Entry is one Dictionary entry.
type AMF3Entry struct {
	Key   AMF3 `json:"key"`
	Value AMF3 `json:"value"`
}

// amf3TypeNames are the JSON type names, by marker.
var amf3TypeNames = map[amf3.Marker]string{
	amf3.MarkerUndefined: "undefined", amf3.MarkerNull: "null", amf3.MarkerFalse: "false", amf3.MarkerTrue: "true",
	amf3.MarkerInteger: "integer", amf3.MarkerDouble: "double", amf3.MarkerString: "string",
	amf3.MarkerXMLDocument: "xml-document", amf3.MarkerDate: "date", amf3.MarkerArray: "array",
	amf3.MarkerObject: "object", amf3.MarkerXML: "xml", amf3.MarkerByteArray: "byte-array",
	amf3.MarkerVectorInt: "vector-int", amf3.MarkerVectorUint: "vector-uint", amf3.MarkerVectorDouble: "vector-double",
	amf3.MarkerVectorObject: "vector-object", amf3.MarkerDictionary: "dictionary",
}

var amf3MarkerByType = func() map[string]amf3.Marker {
	m := map[string]amf3.Marker{}
	for k, v := range amf3TypeNames {
		m[v] = k
	}
	return m
}()

func u32p(x uint32) *uint32 { return &x }

// extraLen is a header length worth writing down: one longer than needed.
func extraLen(n, x uint32) int {
	if n == 0 || int(n) == amf3.U29Len(x) {
		return 0
	}
	return int(n)
}

func nameJSON(s amf3.Str) AMF3Name {
	var n AMF3Name
	n.Value, n.Hex = textOrHex(s.S)
	if s.IsRef() {
		n.Ref = u32p(s.RefIndex())
		n.HeaderLen = extraLen(uint32(s.HeaderLen()), s.RefIndex()<<1)
	} else {
		n.HeaderLen = extraLen(uint32(s.HeaderLen()), uint32(len(s.S))<<1|1)
	}
	return n
}

func membersJSON(ms []amf3.Member) *[]AMF3Member {
	out := make([]AMF3Member, len(ms))
	for i, m := range ms {
		out[i] = AMF3Member{Key: nameJSON(m.Key), Value: amf3JSON(m.Value)}
	}
	return &out
}

func valuesJSON3(vs []amf3.Value) *[]AMF3 {
	out := make([]AMF3, len(vs))
	for i, v := range vs {
		out[i] = amf3JSON(v)
	}
	return &out
}

// amf3JSON converts a decoded value without losing any wire choice.
func amf3JSON(v amf3.Value) AMF3 {
	out := AMF3{Type: amf3TypeNames[v.Marker()], text: v.String()}
	m := v.Marker()
	out.HeaderLen = extraLen(uint32(v.HeaderLen()), v.Header())
	switch m {
	case amf3.MarkerUndefined, amf3.MarkerNull, amf3.MarkerFalse, amf3.MarkerTrue:
		return out
	case amf3.MarkerInteger:
		i, _ := v.Int()
		out.Value = rawJSON(i)
		return out
	case amf3.MarkerDouble:
		f, _ := v.Float()
		out.Value, out.Bits = floatJSON(f)
		return out
	case amf3.MarkerString:
		if v.IsRef() {
			out.Ref = u32p(v.RefIndex())
		}
		s, _ := v.Str()
		out.textOf(s)
		return out
	}
	if v.IsRef() {
		out.Ref = u32p(v.RefIndex())
		return out
	}
	switch m {
	case amf3.MarkerXML, amf3.MarkerXMLDocument:
		s, _ := v.Str()
		out.textOf(s)
	case amf3.MarkerByteArray:
		b, _ := v.Bytes()
		h := hex.EncodeToString(b)
		out.Hex = &h
	case amf3.MarkerDate:
		f, _ := v.Float()
		out.Value, out.Bits = floatJSON(f)
		if v.Header() != amf3.FlagInline {
			out.Header = u32p(v.Header())
		}
	case amf3.MarkerArray:
		out.Assoc, out.Dense, out.EndLen = membersJSON(v.Members()), valuesJSON3(v.Elems()), extraLen(uint32(v.EndLen()), 1)
	case amf3.MarkerObject:
		objectJSON(v, &out)
	case amf3.MarkerVectorInt, amf3.MarkerVectorUint, amf3.MarkerVectorDouble:
		elems := make([]json.RawMessage, v.Len())
		for i := range elems {
			switch m {
			case amf3.MarkerVectorInt:
				elems[i] = rawJSON(v.IntAt(i))
			case amf3.MarkerVectorUint:
				elems[i] = rawJSON(v.UintAt(i))
			default:
				f := v.DoubleAt(i)
				if raw, bits := floatJSON(f); bits != "" {
					elems[i] = rawJSON(bits)
				} else {
					elems[i] = raw
				}
			}
		}
		out.Elements = &elems
		out.flagOf(v.Flag())
	case amf3.MarkerVectorObject:
		tn := nameJSON(v.TypeName())
		out.TypeName, out.Items = &tn, valuesJSON3(v.Elems())
		out.flagOf(v.Flag())
	case amf3.MarkerDictionary:
		kv := v.Elems()
		entries := make([]AMF3Entry, len(kv)/2)
		for i := range entries {
			entries[i] = AMF3Entry{Key: amf3JSON(kv[2*i]), Value: amf3JSON(kv[2*i+1])}
		}
		out.Entries = &entries
		out.flagOf(v.Flag())
	}
	return out
}

func objectJSON(v amf3.Value, out *AMF3) {
	t := v.Traits()
	if i, ok := v.TraitsRef(); ok {
		out.TraitsRef = u32p(i)
	} else {
		c := nameJSON(t.Class)
		out.Class = &c
		out.Dynamic = t.Dynamic
		out.Externalizable = t.Externalizable
	}
	if t.Externalizable {
		if out.TraitsRef == nil && v.Header() != amf3.FlagInline|amf3.FlagTraitsInline|amf3.FlagExternalizable {
			out.Header = u32p(v.Header())
		}
		if inner, ok := v.Inner(); ok {
			j := amf3JSON(inner)
			out.Inner = &j
		} else if p, ok := v.Opaque(); ok {
			h := hex.EncodeToString(p)
			out.Hex = &h
		}
		return
	}
	sealed := v.Elems()
	if out.TraitsRef != nil {
		out.SealedValues = valuesJSON3(sealed)
	} else {
		ms := make([]AMF3Member, len(t.Sealed))
		for i := range t.Sealed {
			ms[i] = AMF3Member{Key: nameJSON(t.Sealed[i]), Value: amf3JSON(sealed[i])}
		}
		out.Sealed = &ms
	}
	if t.Dynamic {
		out.Members = membersJSON(v.Members())
		out.EndLen = extraLen(uint32(v.EndLen()), 1)
	}
}

func (a *AMF3) textOf(s string) {
	if t, h := textOrHex(s); t != nil {
		a.Value = rawJSON(*t)
	} else {
		a.Hex = &h
	}
}

func (a *AMF3) flagOf(b byte) {
	if b != 0 {
		a.Flag = &b
	}
}

// amf3Uses lists the fields each type may carry; any other set field is
// refused, so that a document never says something encode ignores.
var amf3Uses = map[string]string{
	"integer": "header_len value", "double": "value bits", "string": "header_len ref value hex",
	"xml": "header_len ref value hex", "xml-document": "header_len ref value hex", "byte-array": "header_len ref hex",
	"date": "header_len ref value bits header", "array": "header_len ref assoc dense end_len",
	"object":     "header_len ref class traits_ref dynamic externalizable sealed sealed_values members end_len inner hex header",
	"vector-int": "header_len ref elements flag", "vector-uint": "header_len ref elements flag", "vector-double": "header_len ref elements flag",
	"vector-object": "header_len ref type_name items flag", "dictionary": "header_len ref entries flag",
}

func (p jsonPath) amf3Fields(a *AMF3) error {
	uses := amf3Uses[a.Type]
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"header_len", a.HeaderLen != 0}, {"ref", a.Ref != nil}, {"value", len(a.Value) > 0}, {"bits", a.Bits != ""},
		{"hex", a.Hex != nil}, {"header", a.Header != nil}, {"class", a.Class != nil}, {"traits_ref", a.TraitsRef != nil},
		{"dynamic", a.Dynamic}, {"externalizable", a.Externalizable}, {"sealed", a.Sealed != nil},
		{"sealed_values", a.SealedValues != nil}, {"members", a.Members != nil}, {"inner", a.Inner != nil},
		{"assoc", a.Assoc != nil}, {"dense", a.Dense != nil}, {"end_len", a.EndLen != 0}, {"elements", a.Elements != nil},
		{"type_name", a.TypeName != nil}, {"items", a.Items != nil}, {"entries", a.Entries != nil}, {"flag", a.Flag != nil},
	} {
		if f.set && !slices.Contains(strings.Fields(uses), f.name) {
			return p.errorf("field %s does not belong to AMF3 type %s", f.name, a.Type)
		}
	}
	if a.Ref != nil && strings.Count(uses, " ") > 0 {
		for _, f := range []bool{a.Assoc != nil, a.Dense != nil, a.Class != nil, a.TraitsRef != nil, a.Sealed != nil, a.SealedValues != nil,
			a.Members != nil, a.Inner != nil, a.Elements != nil, a.TypeName != nil, a.Items != nil, a.Entries != nil, a.Flag != nil, a.Header != nil} {
			if f {
				return p.errorf("a reference (ref) carries no body: drop the other fields")
			}
		}
	}
	return nil
}

// str reads a name.
func (p jsonPath) name3(n *AMF3Name, what string) (amf3.Str, error) {
	if n == nil {
		return amf3.Str{}, p.errorf("%s missing", what)
	}
	s, err := p.str(n.Value, n.Hex, what)
	if err != nil {
		return amf3.Str{}, err
	}
	if n.Ref != nil {
		return amf3.NameRef(s, *n.Ref).WithHeaderLen(n.HeaderLen), nil
	}
	return amf3.Name(s).WithHeaderLen(n.HeaderLen), nil
}

func (p jsonPath) members3(ms *[]AMF3Member, field string, depth int) ([]amf3.Member, error) {
	if ms == nil {
		return nil, nil
	}
	out := make([]amf3.Member, len(*ms))
	for i := range *ms {
		pp := jsonPath(fmt.Sprintf("%s.%s[%d]", p, field, i))
		k, err := pp.name3(&(*ms)[i].Key, "key")
		if err != nil {
			return nil, err
		}
		v, err := (pp + ".value").fromJSON3(&(*ms)[i].Value, depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = amf3.Member{Key: k, Value: v}
	}
	return out, nil
}

func (p jsonPath) values3(vs *[]AMF3, field string, depth int) ([]amf3.Value, error) {
	if vs == nil {
		return nil, nil
	}
	out := make([]amf3.Value, len(*vs))
	for i := range *vs {
		v, err := jsonPath(fmt.Sprintf("%s.%s[%d]", p, field, i)).fromJSON3(&(*vs)[i], depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// text3 reads the text of a string, XML or XML document.
func (p jsonPath) text3(a *AMF3) (string, error) {
	var text *string
	if len(a.Value) > 0 {
		var s string
		if err := json.Unmarshal(a.Value, &s); err != nil {
			return "", p.errorf("value: want a string")
		}
		text = &s
	}
	h := ""
	if a.Hex != nil {
		h = *a.Hex
		if h == "" && text == nil {
			return "", nil // empty text given as hex
		}
	}
	return p.str(text, h, "value")
}

// fromJSON3 builds the AMF3 value a describes. References are by index:
// the encoder checks each against the tables as it writes them.
func (p jsonPath) fromJSON3(a *AMF3, depth int) (amf3.Value, error) {
	m, ok := amf3MarkerByType[a.Type]
	if !ok {
		return amf3.Value{}, p.errorf("unknown AMF3 type %q", a.Type)
	}
	if err := p.amf3Fields(a); err != nil {
		return amf3.Value{}, err
	}
	if m.Complex() && depth >= amf3.DefaultMaxDepth {
		return amf3.Value{}, p.errorf("nested more than %d complex values deep, the limit decode applies", amf3.DefaultMaxDepth)
	}
	v, err := p.build3(a, m, depth)
	return v.WithHeaderLen(a.HeaderLen), err
}

func (p jsonPath) build3(a *AMF3, m amf3.Marker, depth int) (amf3.Value, error) {
	switch m {
	case amf3.MarkerUndefined:
		return amf3.Undefined(), nil
	case amf3.MarkerNull:
		return amf3.Null(), nil
	case amf3.MarkerFalse, amf3.MarkerTrue:
		return amf3.Bool(m == amf3.MarkerTrue), nil
	case amf3.MarkerInteger:
		var i int64
		if err := json.Unmarshal(a.Value, &i); err != nil || i < amf3.MinInteger || i > amf3.MaxInteger {
			return amf3.Value{}, p.errorf("value: want an integer in %d..%d", amf3.MinInteger, amf3.MaxInteger)
		}
		return amf3.Integer(int32(i)), nil
	case amf3.MarkerDouble:
		f, err := p.float(&AMF0{Value: a.Value, Bits: a.Bits})
		return amf3.Double(f), err
	case amf3.MarkerString:
		s, err := p.text3(a)
		if a.Ref != nil {
			return amf3.StringRef(s, *a.Ref), err
		}
		return amf3.String(s), err
	}
	if a.Ref != nil {
		return amf3.RefTo(m, *a.Ref), nil
	}
	switch m {
	case amf3.MarkerXML, amf3.MarkerXMLDocument:
		s, err := p.text3(a)
		if m == amf3.MarkerXML {
			return amf3.XML(s), err
		}
		return amf3.XMLDocument(s), err
	case amf3.MarkerByteArray:
		if a.Hex == nil {
			return amf3.Value{}, p.errorf("hex missing")
		}
		b, err := hex.DecodeString(*a.Hex)
		if err != nil {
			return amf3.Value{}, p.errorf("hex: %v", err)
		}
		return amf3.ByteArray(b), nil
	case amf3.MarkerDate:
		f, err := p.float(&AMF0{Value: a.Value, Bits: a.Bits})
		v := amf3.Date(f)
		if a.Header != nil {
			v = v.WithHeader(*a.Header)
		}
		return v, err
	case amf3.MarkerArray:
		assoc, err := p.members3(a.Assoc, "assoc", depth)
		if err != nil {
			return amf3.Value{}, err
		}
		dense, err := p.values3(a.Dense, "dense", depth)
		return amf3.Array(assoc, dense...).WithEndLen(a.EndLen), err
	case amf3.MarkerObject:
		return p.object3(a, depth)
	case amf3.MarkerVectorInt, amf3.MarkerVectorUint, amf3.MarkerVectorDouble:
		return p.vector3(a, m)
	case amf3.MarkerVectorObject:
		tn, err := p.name3(a.TypeName, "type_name")
		if err != nil {
			return amf3.Value{}, err
		}
		items, err := p.values3(a.Items, "items", depth)
		return amf3.VectorObjectNamed(tn, items...).WithFlag(flagOr0(a.Flag)), err
	}
	var kv []amf3.Value
	if a.Entries != nil {
		for i := range *a.Entries {
			pp := jsonPath(fmt.Sprintf("%s.entries[%d]", p, i))
			k, err := (pp + ".key").fromJSON3(&(*a.Entries)[i].Key, depth+1)
			if err != nil {
				return amf3.Value{}, err
			}
			v, err := (pp + ".value").fromJSON3(&(*a.Entries)[i].Value, depth+1)
			if err != nil {
				return amf3.Value{}, err
			}
			kv = append(kv, k, v)
		}
	}
	return amf3.Dictionary(false, kv...).WithFlag(flagOr0(a.Flag)), nil
}

func flagOr0(f *uint8) byte {
	if f == nil {
		return 0
	}
	return *f
}

func (p jsonPath) object3(a *AMF3, depth int) (amf3.Value, error) {
	members, err := p.members3(a.Members, "members", depth)
	if err != nil {
		return amf3.Value{}, err
	}
	if a.TraitsRef != nil {
		if a.Class != nil || a.Sealed != nil || a.Dynamic || a.Externalizable {
			return amf3.Value{}, p.errorf("traits_ref takes the class, sealed names and flags from the traits table: drop class, sealed, dynamic, externalizable")
		}
		sealed, err := p.values3(a.SealedValues, "sealed_values", depth)
		if err != nil {
			return amf3.Value{}, err
		}
		switch {
		case a.Inner != nil:
			if a.SealedValues != nil || a.Members != nil || a.Hex != nil {
				return amf3.Value{}, p.errorf("inner stands alone: an externalizable object has no sealed values, members or opaque bytes")
			}
			v, err := (p + ".inner").fromJSON3(a.Inner, depth+1)
			return amf3.ObjectTraitsRef(nil, *a.TraitsRef, []amf3.Value{v}), err
		case a.Hex != nil:
			b, err := hex.DecodeString(*a.Hex)
			if err != nil {
				return amf3.Value{}, p.errorf("hex: %v", err)
			}
			return amf3.ObjectTraitsRef(nil, *a.TraitsRef, nil).WithOpaque(b), nil
		}
		return amf3.ObjectTraitsRef(nil, *a.TraitsRef, sealed, members...).WithEndLen(a.EndLen), nil
	}
	class, err := p.name3(a.Class, "class")
	if err != nil {
		return amf3.Value{}, err
	}
	if a.Externalizable {
		var v amf3.Value
		switch {
		case a.Inner != nil && a.Hex == nil:
			inner, err := (p + ".inner").fromJSON3(a.Inner, depth+1)
			if err != nil {
				return amf3.Value{}, err
			}
			v = amf3.ExternalNamed(class, inner)
		case a.Hex != nil && a.Inner == nil:
			b, err := hex.DecodeString(*a.Hex)
			if err != nil {
				return amf3.Value{}, p.errorf("hex: %v", err)
			}
			v = amf3.ExternalBytesNamed(class, b)
		default:
			return amf3.Value{}, p.errorf("an externalizable object has inner (one value) or hex (opaque payload), one of them")
		}
		if a.Header != nil {
			v = v.WithHeader(*a.Header)
		}
		return v, nil
	}
	if a.Header != nil || a.Inner != nil || a.Hex != nil {
		return amf3.Value{}, p.errorf("header, inner and hex belong to externalizable objects")
	}
	t := &amf3.Traits{Class: class, Dynamic: a.Dynamic}
	sealedMs, err := p.members3(a.Sealed, "sealed", depth)
	if err != nil {
		return amf3.Value{}, err
	}
	sealed := make([]amf3.Value, len(sealedMs))
	for i, sm := range sealedMs {
		t.Sealed = append(t.Sealed, sm.Key)
		sealed[i] = sm.Value
	}
	if !a.Dynamic && (a.Members != nil || a.EndLen != 0) {
		return amf3.Value{}, p.errorf("members and end_len belong to dynamic objects")
	}
	return amf3.Object(t, sealed, members...).WithEndLen(a.EndLen), nil
}

func (p jsonPath) vector3(a *AMF3, m amf3.Marker) (amf3.Value, error) {
	if a.Elements == nil {
		return amf3.Value{}, p.errorf("elements missing")
	}
	fixed := false
	var v amf3.Value
	switch m {
	case amf3.MarkerVectorInt:
		xs := make([]int32, len(*a.Elements))
		for i, raw := range *a.Elements {
			var x int32
			if err := json.Unmarshal(raw, &x); err != nil {
				return amf3.Value{}, p.errorf("elements[%d]: want a 32-bit signed integer", i)
			}
			xs[i] = x
		}
		v = amf3.VectorInt(fixed, xs...)
	case amf3.MarkerVectorUint:
		xs := make([]uint32, len(*a.Elements))
		for i, raw := range *a.Elements {
			var x uint32
			if err := json.Unmarshal(raw, &x); err != nil {
				return amf3.Value{}, p.errorf("elements[%d]: want a 32-bit unsigned integer", i)
			}
			xs[i] = x
		}
		v = amf3.VectorUint(fixed, xs...)
	default:
		xs := make([]float64, len(*a.Elements))
		for i, raw := range *a.Elements {
			var err error
			if len(raw) > 0 && raw[0] == '"' {
				var bits string
				_ = json.Unmarshal(raw, &bits)
				xs[i], err = jsonPath(fmt.Sprintf("%s.elements[%d]", p, i)).float(&AMF0{Bits: bits})
			} else {
				xs[i], err = jsonPath(fmt.Sprintf("%s.elements[%d]", p, i)).float(&AMF0{Value: raw})
			}
			if err != nil {
				return amf3.Value{}, err
			}
		}
		v = amf3.VectorDouble(fixed, xs...)
	}
	return v.WithFlag(flagOr0(a.Flag)), nil
}

// amf3ValuesJSON converts a payload's values.
func amf3ValuesJSON(vals []amf3.Value) []AMF3 {
	out := make([]AMF3, len(vals))
	for i, v := range vals {
		out[i] = amf3JSON(v)
	}
	return out
}
