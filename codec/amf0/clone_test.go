package amf0_test

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestCloneOutlivesDecoder: values cloned from a decode stay whole after
// the Decoder decodes another payload into the same arenas and the input
// is overwritten (issue 15: a stream name kept past the next read aliased
// the Reader's buffer and read "ssssssss"), and encode to the bytes they
// came from. References, dates, odd booleans and ECMA counts included.
func TestCloneOutlivesDecoder(t *testing.T) {
	inputs := [][]byte{
		testkit.Hex(t, connect310),
		onMetaData(t),
		// An object, a reference to it, a strict array holding a date and
		// an odd boolean, an ECMA array with a wrong count.
		testkit.Hex(t, "03 0001 61 02 0003 616263 0000 09  07 0000  0a 00000002 0b 4000000000000000 0001 01 07  08 00000009 0001 6b 05 0000 09"),
	}
	var d amf0.Decoder
	for _, in := range inputs {
		payload := bytes.Clone(in)
		vals, err := d.Decode(payload)
		if err != nil {
			t.Fatal(err)
		}
		clones, err := amf0.CloneAll(vals)
		if err != nil {
			t.Fatal(err)
		}
		one, err := vals[0].Clone()
		if err != nil {
			t.Fatal(err)
		}
		// Reuse the arenas and the input.
		if _, err := d.Decode(testkit.Hex(t, "03 0001 78 02 0001 79 0000 09 03 0001 7a 00 0000000000000000 0000 09")); err != nil {
			t.Fatal(err)
		}
		for i := range payload {
			payload[i] = 's'
		}
		out, err := amf0.AppendPayload(nil, clones...)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("clones encode to\n %x\nwant\n %x (%v)", out, in, err)
		}
		first, _ := amf0.AppendPayload(nil, one)
		if !bytes.Equal(first, in[:len(first)]) {
			t.Fatalf("Clone of the first value encodes to %x", first)
		}
	}
}

// TestCloneAllocations: a tree clones in three allocations however large
// (onMetaData: 60-odd properties, nested arrays).
func TestCloneAllocations(t *testing.T) {
	var d amf0.Decoder
	vals, err := d.Decode(onMetaData(t))
	if err != nil {
		t.Fatal(err)
	}
	allocs := testkit.AllocsPerRun(t, 20, func() {
		if _, err := amf0.CloneAll(vals); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 3 {
		t.Errorf("%v allocations", allocs)
	}
}

func TestCloneCyclic(t *testing.T) {
	elems := make([]amf0.Value, 1)
	cyclic := amf0.StrictArray(elems...)
	elems[0] = cyclic
	if _, err := cyclic.Clone(); !errors.Is(err, wire.ErrLimit) {
		t.Errorf("cyclic value: %v", err)
	}
}

// TestCloneKeepsReferencesShared: references that fan out (each object
// naming the one before twice, 40 levels) clone in linear size, still
// sharing what they shared, and write back the same bytes. Before, the
// copy expanded every reference: 2^40 objects.
func TestCloneKeepsReferencesShared(t *testing.T) {
	b := testkit.Hex(t, "0a 00000029 03 0001 61 05 0000 09")
	for i := 0; i < 40; i++ {
		b = append(b, testkit.Hex(t, "03 0001 6c 07 0000 0001 72 07 0000 0000 09")...)
		b[len(b)-10] = byte(i + 1)
		b[len(b)-4] = byte(i + 1)
	}
	var d amf0.Decoder
	vals, err := d.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	c, err := amf0.CloneAll(vals)
	if err != nil {
		t.Fatal(err)
	}
	out, err := amf0.AppendPayload(nil, c...)
	if err != nil || !bytes.Equal(out, b) {
		t.Fatalf("clone writes %x, %v; want %x", out, err, b)
	}
	last := c[0].Elems()[40]
	if l, r := last.Get("l"), last.Get("r"); l.Kind() != amf0.KindReference || r.Kind() != amf0.KindReference {
		t.Fatalf("clone lost the references: %v", last)
	}
}

// TestDecodeValuesOwnTheirStorage: amf0.Decode borrows a pooled Decoder;
// what it returns must not share that Decoder's storage, whoever decodes
// next, on any goroutine.
func TestDecodeValuesOwnTheirStorage(t *testing.T) {
	first, err := amf0.Decode(testkit.Hex(t, "02 0001 61 03 0001 6b 02 0001 76 0000 09 07 0000"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(first)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if _, err := amf0.Decode(testkit.Hex(t, "03 0001 7a 02 0002 7a7a 0001 79 0a 00000001 05 0000 09 02 0001 7a")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if got := fmt.Sprint(first); got != want {
		t.Fatalf("values from Decode changed after later decodes: %s, want %s", got, want)
	}
}

// TestAppendToClonesLeavesThemWhole: the slices CloneAll and Decode return
// end at their last value. The copies of nested elements and reference
// targets are stored right after the top-level values; a slice with spare
// capacity let append(clones, more...) overwrite them, and a reference
// then resolved to whatever was appended (found by libFuzzer through
// FuzzAMF0Decode: "a reference resolves to a reference").
func TestAppendToClonesLeavesThemWhole(t *testing.T) {
	// A strict array holding an object and a reference to it, a number,
	// an object, a reference to the first object.
	payload := testkit.Hex(t, "0a 00000002 03 0000 09 07 0001  00 08004f0a00000002  03 0000 09  07 0001")
	var d amf0.Decoder
	vals, err := d.Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	cloned, err := amf0.CloneAll(vals)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := amf0.Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]amf0.Value{"CloneAll": cloned, "Decode": decoded} {
		if cap(got) != len(got) {
			t.Errorf("%s: %d values with capacity %d", name, len(got), cap(got))
		}
		_ = append(got, amf0.Reference(0), amf0.Reference(0), amf0.Reference(0), amf0.Reference(0))
		b, err := amf0.AppendPayload(nil, got...)
		if err != nil || !bytes.Equal(b, payload) {
			t.Errorf("%s: after an append to the slice, encodes to % x (%v), want % x", name, b, err, payload)
		}
		for i, v := range got {
			if _, ok := v.RefIndex(); !ok {
				continue
			}
			if target, ok := v.Resolve(); !ok || target.Kind() != amf0.KindObject {
				t.Errorf("%s: value %d resolves to %v, want the object", name, i, target.Kind())
			}
		}
		if inner, ok := got[0].Index(1); !ok {
			t.Errorf("%s: the array lost its reference", name)
		} else if target, _ := inner.Resolve(); target.Kind() != amf0.KindObject {
			t.Errorf("%s: the array's reference resolves to %v, want the object", name, target.Kind())
		}
	}
}
