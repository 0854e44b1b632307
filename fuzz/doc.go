// Package fuzz holds the properties every decoder of rtmpcodec must keep, as
// plain functions over a byte slice. The native fuzz targets (Fuzz* in this
// package's tests, run with `go test -fuzz`) and the go-fuzz entry points
// (files with the gofuzz build tag) both call them, so the two fuzzers check
// exactly the same thing:
//
//  1. no panic, no hang, bounded allocation on any input;
//  2. byte-exact: whatever decodes re-encodes to the bytes it consumed;
//  3. the chunk Reader gives the same messages and errors whole, byte by
//     byte and in random splits;
//  4. values built from fuzz input encode, decode and compare equal.
//
// Each property function returns nil when the property holds and an error
// describing the violation otherwise.
//
// Names: the native target FuzzX has the go-fuzz entry point FuzzGoX (in a
// gofuzz_*.go file under the gofuzz build tag), so both kinds build side by
// side and `make gofuzz TARGET=FuzzGoX` finds the entry.
package fuzz
