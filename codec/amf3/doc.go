// Package amf3 decodes, encodes and builds AMF3 values (Adobe's AMF 3
// specification, January 2013) without losing a wire choice: what a
// Decoder reads, an Encoder writes back byte for byte.
//
// AMF3 reaches RTMP through AMF0: marker 0x11 in an AMF0 payload switches
// one value to AMF3 (package amf0 decodes it with this package, see
// amf0.Value.AMF3), as in commands and data of types 0x11 and 0x0F and
// shared objects of type 0x10. A bare AMF3 payload decodes with Decode.
//
//	vals, err := amf3.Decode(payload)
//	obj := vals[0]
//	symbol, ok := obj.Get("symbol").Str()
//
// # What a value keeps
//
// AMF3 has three reference tables (strings, complex values, traits) and
// variable-length U29 integers, and writers differ in how they use both.
// A decoded Value keeps how many bytes each U29 took, whether each string,
// complex value and traits block came inline or as a reference and with
// which index, the header bits the specification leaves unused, double bit
// patterns, the fixed-vector and weak-keys bytes, and the order of every
// member. A reference reads as the value it names (Str, Members, Elems,
// Get, ToGo) and still writes back as the reference; cycles are legal, and
// String prints them with back-links rather than expanding them.
//
// Builders (String, Integer, Object, Array, ...) write the shortest forms;
// WithHeaderLen, the *Ref builders and WithHeader build the others. The
// Encoder checks every reference it writes against the tables as written.
//
// # Externalizable objects
//
// An externalizable class writes a payload only it can read. The classes
// in ValueClasses (Flex's ArrayCollection, ArrayList and ObjectProxy) hold
// one AMF3 value; any other class's payload is kept as bytes to the end of
// the input (Opaque), since nothing on the wire says where it ends.
//
// # Errors and limits
//
// Every decode error is a *wire.Error with Layer "amf3", the offset of the
// offending byte, the field and what was expected; counts are compared
// with the bytes left before anything is sized from them. Limits bound
// nesting, values per payload and string lengths.
package amf3
