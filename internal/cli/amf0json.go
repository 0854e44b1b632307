package cli

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
)

// AMF0 is the lossless JSON form of one AMF0 value. Type is the marker's
// name from spec/amf0.json in lower case with dashes ("number",
// "long-string", "ecma-array", ...). Only the fields that type needs are set:
//
//	number        value; bits (hex float64) instead when JSON cannot hold it (NaN, ±Inf)
//	boolean       value; byte when the wire byte is neither 0 nor 1
//	string, long-string, xml-document
//	              value; hex instead when the bytes are not valid UTF-8
//	date          value (milliseconds), tz; bits as for number
//	object, ecma-array (with count as written), typed-object (with class or class_hex)
//	              properties: [{key or key_hex, value}], in wire order, duplicates kept
//	strict-array  elements
//	reference     index
//	avm+-object   amf3 (the AMF3 value, see AMF3), fresh_tables when it
//	              started reference tables of its own
//	null, undefined, unsupported: nothing else
type AMF0 struct {
	Type string `json:"type"`
	// Value is the JSON number, boolean or string the type calls for, kept
	// as written so that numbers parse exactly as float64 and strings as
	// strings, whichever the type asks for.
	Value      json.RawMessage `json:"value,omitempty"`
	Bits       string          `json:"bits,omitempty"`
	Byte       *uint8          `json:"byte,omitempty"`
	Hex        string          `json:"hex,omitempty"`
	TZ         *int16          `json:"tz,omitempty"`
	Count      *uint32         `json:"count,omitempty"`
	Index      *uint16         `json:"index,omitempty"`
	Class      *string         `json:"class,omitempty"`
	ClassHex   string          `json:"class_hex,omitempty"`
	Properties *[]AMF0Prop     `json:"properties,omitempty"`
	Elements   *[]AMF0         `json:"elements,omitempty"`
	// AMF3 is the value after an AVM+ marker (type "avm+-object");
	// FreshTables says it started reference tables of its own.
	AMF3        *AMF3 `json:"amf3,omitempty"`
	FreshTables bool  `json:"fresh_tables,omitempty"`
}

// AMF0Prop is one property; Key is replaced by KeyHex when the key's bytes
// are not valid UTF-8.
type AMF0Prop struct {
	Key    *string `json:"key,omitempty"`
	KeyHex string  `json:"key_hex,omitempty"`
	Value  AMF0    `json:"value"`
}

func markerTypeName(m amf0.Marker) string {
	return strings.ToLower(strings.ReplaceAll(m.Name(), " ", "-"))
}

// markerByTypeName inverts markerTypeName over the markers that carry
// values.
var markerByTypeName = func() map[string]amf0.Marker {
	m := map[string]amf0.Marker{}
	for _, mk := range amf0.MarkerValues {
		if mk.Reserved() || mk == amf0.MarkerObjectEnd {
			continue
		}
		m[markerTypeName(mk)] = mk
	}
	return m
}()

// rawJSON is the JSON of a number, boolean or string; those always
// marshal.
func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func textOrHex(s string) (text *string, hexed string) {
	if utf8.ValidString(s) {
		return &s, ""
	}
	return nil, hex.EncodeToString([]byte(s))
}

// floatJSON returns the JSON value for f, or its bits when JSON has no
// number for it.
func floatJSON(f float64) (json.RawMessage, string) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Sprintf("%016x", math.Float64bits(f))
	}
	if f == 0 && math.Signbit(f) {
		// encoding/json writes "-0", which Python's json and others read
		// as the integer 0, sign lost; "-0.0" is a float everywhere.
		return json.RawMessage("-0.0"), ""
	}
	return rawJSON(f), ""
}

// toJSON converts a decoded value without losing any wire choice.
func toJSON(v amf0.Value) AMF0 {
	out := AMF0{Type: markerTypeName(v.Marker())}
	switch v.Marker() {
	case amf0.MarkerNumber:
		f, _ := v.Number()
		out.Value, out.Bits = floatJSON(f)
	case amf0.MarkerBoolean:
		b, _ := v.BoolByte()
		out.Value = rawJSON(b != 0)
		if b > 1 {
			out.Byte = &b
		}
	case amf0.MarkerString, amf0.MarkerLongString, amf0.MarkerXMLDocument:
		s, ok := v.Str()
		if !ok {
			s, _ = v.XML()
		}
		if t, h := textOrHex(s); t != nil {
			out.Value = rawJSON(*t)
		} else {
			out.Hex = h
		}
	case amf0.MarkerDate:
		ms, tz, _ := v.DateMillis()
		out.Value, out.Bits = floatJSON(ms)
		out.TZ = &tz
	case amf0.MarkerReference:
		i, _ := v.RefIndex()
		out.Index = &i
	case amf0.MarkerAVMPlus:
		inner, _ := v.AMF3()
		j := amf3JSON(inner)
		out.AMF3, out.FreshTables = &j, v.FreshTables()
	case amf0.MarkerStrictArray:
		elems := make([]AMF0, 0, v.Len())
		for _, e := range v.Elems() {
			elems = append(elems, toJSON(e))
		}
		out.Elements = &elems
	case amf0.MarkerObject, amf0.MarkerECMAArray, amf0.MarkerTypedObject:
		if v.Marker() == amf0.MarkerECMAArray {
			n, _ := v.ECMACount()
			out.Count = &n
		}
		if v.Marker() == amf0.MarkerTypedObject {
			class, _ := v.ClassName()
			out.Class, out.ClassHex = textOrHex(class)
		}
		props := make([]AMF0Prop, 0, len(v.Props()))
		for _, p := range v.Props() {
			jp := AMF0Prop{Value: toJSON(p.Value)}
			jp.Key, jp.KeyHex = textOrHex(p.Key)
			props = append(props, jp)
		}
		out.Properties = &props
	}
	return out
}

// jsonPath names a place in the JSON document for error messages.
type jsonPath string

func (p jsonPath) errorf(format string, args ...any) error {
	return fmt.Errorf("json %s: %s", p, fmt.Sprintf(format, args...))
}

func (p jsonPath) str(text *string, hexed string, what string) (string, error) {
	switch {
	case text != nil && hexed != "":
		return "", p.errorf("%s has both text and hex", what)
	case text != nil:
		return *text, nil
	case hexed != "":
		b, err := hex.DecodeString(hexed)
		if err != nil {
			return "", p.errorf("%s hex: %v", what, err)
		}
		return string(b), nil
	}
	return "", p.errorf("%s missing", what)
}

func (p jsonPath) float(a *AMF0) (float64, error) {
	if a.Bits != "" {
		if len(a.Value) > 0 {
			return 0, p.errorf("value and bits both given: bits stands in for a number JSON cannot hold; give one of them")
		}
		bits, err := strconv.ParseUint(a.Bits, 16, 64)
		if err != nil || len(a.Bits) != 16 {
			return 0, p.errorf("bits %q: want exactly 16 hex digits, the float64's bits", a.Bits)
		}
		return math.Float64frombits(bits), nil
	}
	var f float64
	if err := json.Unmarshal(a.Value, &f); err != nil || len(a.Value) == 0 {
		return 0, p.errorf("value: want a number")
	}
	return f, nil
}

// onlyFields refuses a field the type does not use: encode would
// otherwise drop it without a word, and a reader of the document would
// think it took effect.
func (p jsonPath) onlyFields(a *AMF0, mk amf0.Marker) error {
	uses := map[amf0.Marker]string{
		amf0.MarkerNumber: "value bits", amf0.MarkerBoolean: "value byte",
		amf0.MarkerString: "value hex", amf0.MarkerLongString: "value hex", amf0.MarkerXMLDocument: "value hex",
		amf0.MarkerDate: "value bits tz", amf0.MarkerReference: "index", amf0.MarkerStrictArray: "elements",
		amf0.MarkerObject: "properties", amf0.MarkerECMAArray: "properties count", amf0.MarkerTypedObject: "properties class class_hex",
		amf0.MarkerAVMPlus: "amf3 fresh_tables",
	}[mk]
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"value", len(a.Value) > 0 && string(a.Value) != "null"}, {"bits", a.Bits != ""}, {"byte", a.Byte != nil}, {"hex", a.Hex != ""},
		{"tz", a.TZ != nil}, {"count", a.Count != nil}, {"index", a.Index != nil}, {"class", a.Class != nil},
		{"class_hex", a.ClassHex != ""}, {"properties", a.Properties != nil}, {"elements", a.Elements != nil},
		{"amf3", a.AMF3 != nil}, {"fresh_tables", a.FreshTables},
	} {
		if f.set && !slices.Contains(strings.Fields(uses), f.name) {
			return p.errorf("field %s does not belong to type %s", f.name, a.Type)
		}
	}
	return nil
}

func (p jsonPath) props(a *AMF0, depth int) ([]amf0.Property, error) {
	if a.Properties == nil {
		return nil, p.errorf("properties missing")
	}
	props := make([]amf0.Property, 0, len(*a.Properties))
	for i, jp := range *a.Properties {
		pp := jsonPath(fmt.Sprintf("%s.properties[%d]", p, i))
		key, err := pp.str(jp.Key, jp.KeyHex, "key")
		if err != nil {
			return nil, err
		}
		val, err := (pp + ".value").fromJSON(&jp.Value, depth+1)
		if err != nil {
			return nil, err
		}
		props = append(props, amf0.Prop(key, val))
	}
	return props, nil
}

// fromJSON builds the value a JSON form describes; encoding it gives the
// bytes it was decoded from.
// fromJSON builds the value a describes. depth counts the complex values
// around it: past the nesting decode accepts (amf0.DefaultMaxDepth), a
// document is refused, so that encode writes nothing decode would refuse
// to read back.
func (p jsonPath) fromJSON(a *AMF0, depth int) (amf0.Value, error) {
	mk, ok := markerByTypeName[a.Type]
	if !ok {
		return amf0.Value{}, p.errorf("unknown AMF0 type %q", a.Type)
	}
	if err := p.onlyFields(a, mk); err != nil {
		return amf0.Value{}, err
	}
	if complexMarker(mk) && depth >= amf0.DefaultMaxDepth {
		return amf0.Value{}, p.errorf("nested more than %d complex values deep, the limit decode applies", amf0.DefaultMaxDepth)
	}
	switch mk {
	case amf0.MarkerNumber:
		f, err := p.float(a)
		return amf0.Number(f), err
	case amf0.MarkerBoolean:
		if a.Byte != nil {
			// decode writes both; they must agree (any byte but 0 is true).
			var b bool
			if len(a.Value) > 0 && (json.Unmarshal(a.Value, &b) != nil || b != (*a.Byte != 0)) {
				return amf0.Value{}, p.errorf("value %s contradicts byte %d (a boolean byte is true unless 0)", a.Value, *a.Byte)
			}
			return amf0.BoolByte(*a.Byte), nil
		}
		var b bool
		if err := json.Unmarshal(a.Value, &b); err != nil || len(a.Value) == 0 {
			return amf0.Value{}, p.errorf("value: want true or false")
		}
		return amf0.Bool(b), nil
	case amf0.MarkerString, amf0.MarkerLongString, amf0.MarkerXMLDocument:
		var text *string
		if len(a.Value) > 0 {
			var s string
			if err := json.Unmarshal(a.Value, &s); err != nil {
				return amf0.Value{}, p.errorf("value: want a string")
			}
			text = &s
		}
		s, err := p.str(text, a.Hex, "value")
		if err != nil {
			return amf0.Value{}, err
		}
		switch mk {
		case amf0.MarkerString:
			// The String builder would switch a long text to the long-string
			// marker; a document that says "string" means marker 0x02.
			if len(s) > 0xFFFF {
				return amf0.Value{}, p.errorf("a string of %d bytes does not fit marker 0x02's u16 length; use type long-string", len(s))
			}
			return amf0.String(s), nil
		case amf0.MarkerLongString:
			return amf0.LongString(s), nil
		}
		return amf0.XMLDocument(s), nil
	case amf0.MarkerDate:
		ms, err := p.float(a)
		var tz int16
		if a.TZ != nil {
			tz = *a.TZ
		}
		return amf0.DateMillis(ms, tz), err
	case amf0.MarkerNull:
		return amf0.Null(), nil
	case amf0.MarkerUndefined:
		return amf0.Undefined(), nil
	case amf0.MarkerUnsupported:
		return amf0.Unsupported(), nil
	case amf0.MarkerReference:
		if a.Index == nil {
			return amf0.Value{}, p.errorf("index missing")
		}
		return amf0.Reference(*a.Index), nil
	case amf0.MarkerStrictArray:
		if a.Elements == nil {
			return amf0.Value{}, p.errorf("elements missing")
		}
		elems := make([]amf0.Value, 0, len(*a.Elements))
		for i := range *a.Elements {
			e, err := jsonPath(fmt.Sprintf("%s.elements[%d]", p, i)).fromJSON(&(*a.Elements)[i], depth+1)
			if err != nil {
				return amf0.Value{}, err
			}
			elems = append(elems, e)
		}
		return amf0.StrictArray(elems...), nil
	case amf0.MarkerObject:
		props, err := p.props(a, depth)
		return amf0.Object(props...), err
	case amf0.MarkerECMAArray:
		props, err := p.props(a, depth)
		if err != nil {
			return amf0.Value{}, err
		}
		if a.Count == nil {
			return amf0.ECMAArray(props...), nil
		}
		return amf0.ECMAArrayCount(*a.Count, props...), nil
	case amf0.MarkerTypedObject:
		class, err := p.str(a.Class, a.ClassHex, "class")
		if err != nil {
			return amf0.Value{}, err
		}
		props, err := p.props(a, depth)
		return amf0.TypedObject(class, props...), err
	case amf0.MarkerAVMPlus:
		if a.AMF3 == nil {
			return amf0.Value{}, p.errorf("amf3 missing")
		}
		inner, err := (p + ".amf3").fromJSON3(a.AMF3, depth)
		v := amf0.AMF3(inner)
		if a.FreshTables {
			v = v.WithFreshTables()
		}
		return v, err
	}
	return amf0.Value{}, p.errorf("AMF0 type %q cannot be encoded", a.Type)
}

// valuesToJSON converts a sequence of values.
func valuesToJSON(vals []amf0.Value) []AMF0 {
	out := make([]AMF0, 0, len(vals))
	for _, v := range vals {
		out = append(out, toJSON(v))
	}
	return out
}

func complexMarker(mk amf0.Marker) bool {
	switch mk {
	case amf0.MarkerObject, amf0.MarkerECMAArray, amf0.MarkerStrictArray, amf0.MarkerTypedObject:
		return true
	}
	return false
}
