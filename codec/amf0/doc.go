// Package amf0 decodes and encodes AMF0 (Action Message Format version 0),
// the value format of RTMP command (0x14), data (0x12) and shared-object
// (0x13) messages. It is complete (every marker 0x00-0x10), lossless,
// allocation-free in steady state, and safe on hostile input.
//
// # Values
//
// A Value is one AMF0 value. Kind says what it holds (a string is
// KindString whether written as String or Long String); Marker says how it
// was written. Typed accessors return (value, ok) and report false for any
// other kind:
//
//	vals, err := d.Decode(payload) // "connect", 1, {app: "live", ...}
//	name, _ := vals[0].Str()
//	app, ok := vals[2].Get("app").Str()
//	for _, p := range vals[2].Props() { ... p.Key, p.Value ... }
//
// Get returns the zero Value (KindInvalid) for a missing key, so lookups
// chain; Lookup adds ok. Props and Elems iterate properties and elements in
// wire order. ToGo converts to map/slice/float64/string/bool/nil/time.Time
// for callers who do not need the exact wire form, and loses it.
//
// # Lossless
//
// Whatever the decoder accepts, encoding the decoded values reproduces the
// input byte for byte. A Value keeps the marker (String or Long String),
// the boolean byte (any non-zero byte is true; 0x02 stays 0x02), the
// float64 bits (NaN payloads, negative zero), the date's time-zone field,
// the ECMA array count as written (even 0 or wrong), property order and
// duplicate keys, a property with an empty key, references as references
// (index kept, not inlined), typed-object class names, null apart from
// undefined, and strings that are not valid UTF-8.
//
// # Decoding and memory
//
// A Decoder owns arenas for the values it decodes and reuses them, so once
// it has decoded a payload of some shape, decoding another of that size
// allocates nothing. Decode reads a whole payload (a sequence of values);
// DecodeValue reads one value and reports its length; Reset and Next read
// values one at a time as parts of one payload, for layouts that mix AMF0
// with other fields.
//
// Decoded values alias. Strings (Str, XML, ClassName, Property.Key) point
// into the input slice without a copy, and Props and Elems point into the
// Decoder's arenas. Both stay valid until the input is modified or the
// Decoder decodes again or is Reset. A string kept beyond that must be
// copied (strings.Clone): otherwise it changes under the holder's feet,
// which breaks map keys among other things. ToGo copies everything it
// returns.
//
// # Building and encoding
//
// Values to send are built with functions named after the markers, and a
// payload is encoded by appending to a caller's slice:
//
//	b, err = amf0.AppendPayload(b[:0],
//		amf0.String("connect"),
//		amf0.Number(1),
//		amf0.Object(
//			amf0.Prop("app", amf0.String("live")),
//			amf0.Prop("tcUrl", amf0.String(url)),
//		),
//	)
//
// Append and AppendPayload allocate only when the slice lacks room; Size
// and PayloadSize give the exact length first. Builders do not copy:
// Object and StrictArray keep the slice they are given, so a caller that
// reuses a []Property (passing it as props...) builds without allocating.
// Encoding refuses what could not be read back (see Value.Append) with a
// *wire.Error.
//
// # Limits
//
// Decoder.MaxDepth (default DefaultMaxDepth, 128, capped at MaxDepthLimit,
// 10000) bounds nesting of complex values. The decoder recurses per level
// and a Go stack overflow kills the process rather than panicking, so
// nesting must be bounded before it reaches the stack. MaxValues (default
// DefaultMaxValues, 2^18) bounds the values in one payload and with it the
// arenas' memory. MaxStringBytes (default DefaultMaxStringBytes, 16 MiB)
// bounds any one string. Counts and lengths read from the wire are checked
// against the bytes left before use, and nothing is sized from them, so a
// 16 MiB payload of nested objects fails at the depth limit after reading
// a few hundred bytes.
//
// # References
//
// A reference (marker 0x07) holds a 16-bit index into the table of complex
// values (objects, typed objects, ECMA arrays, strict arrays) of its
// payload, numbered in the order they start. The decoder accepts an index
// only if that value is complete: an index out of range, or one naming a
// value still being decoded (which would contain itself), is an error. A
// decoded reference keeps its index and knows its target; Resolve returns
// it in one step, which is all it ever takes, so resolving cannot loop.
//
// # Errors
//
// Every decode error is a *wire.Error with Layer "amf0" (or "amf3" for an
// error inside the AMF3 value after an AVM+ marker), Offset counted from
// the start of the caller's input, Field naming the value path and part
// (for example `[2]["app"].length`), and Expected saying what was wanted.
// Test the kind with errors.Is: io.ErrUnexpectedEOF (wire.ErrTruncated)
// whenever the input ends early, wire.ErrLimit for a limit,
// ErrReservedMarker for 0x04 and 0x0E, ErrUnknownMarker for 0x12-0xFF,
// ErrBadReference, and wire.ErrMalformed (which they all wrap) for the
// rest, such as an object-end marker where a value belongs.
//
// # AMF3
//
// Marker 0x11 (AVM+) switches one value to AMF3: the Value has KindAMF3
// and its AMF3() is the amf3.Value; AMF0 resumes after it. The AMF3 values
// of one payload share reference tables unless Decoder.AMF3Scope says
// otherwise.
package amf0
