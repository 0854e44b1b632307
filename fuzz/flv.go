package fuzz

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// FLVRoundTrip is the byte-exact property of the FLV file codec: a file
// decodes and writes back as exactly its bytes, or fails with an flv
// *wire.Error inside the input; decoding twice into one File (its tag
// storage reused) gives the same.
func FLVRoundTrip(data []byte) error {
	var f flv.File
	for range 2 {
		err := f.DecodeAll(data)
		if err != nil {
			var we *wire.Error
			if !errors.As(err, &we) || we.Layer != "flv" || we.Offset < 0 || we.Offset > int64(len(data)) {
				return fmt.Errorf("error %v", err)
			}
			continue
		}
		out, err := f.Append(nil)
		if err != nil || !bytes.Equal(out, data) {
			return fmt.Errorf("re-encodes as %x (%v), input %x", out, err, data)
		}
	}
	if f.DecodeAll(data) != nil {
		return nil
	}
	if err := checkEnums(&f); err != nil {
		return err
	}
	// The header's own layout reads the file's first bytes as the file
	// decoder did.
	var h flv.FileHeader
	if n := f.Header.Size(); n < flv.FileHeaderLen || h.DecodeAll(data[:n]) != nil || !cmp.Equal(h, f.Header) {
		return fmt.Errorf("FileHeader.DecodeAll of the first %d bytes gives %+v, the file %+v", n, h, f.Header)
	}
	return flvRewrite(&f)
}

// flvRewrite writes f's tags again through a Writer, as a recorder would:
// the file it writes decodes to the same tags (types, timestamps,
// payloads), with canonical back pointers and stream IDs.
func flvRewrite(f *flv.File) error {
	var buf bytes.Buffer
	w, err := flv.NewWriter(&buf, f.Header.TypeFlags&flv.FlagAudio != 0, f.Header.TypeFlags&flv.FlagVideo != 0)
	if err != nil {
		return err
	}
	for _, t := range f.Tags {
		if err := w.WriteTag(t.Header.Type, t.Timestamp(), t.Payload); err != nil {
			var we *wire.Error
			if !errors.As(err, &we) || we.Layer != "flv" {
				return fmt.Errorf("WriteTag: %v", err)
			}
			return nil
		}
	}
	var back flv.File
	if err := back.DecodeAll(buf.Bytes()); err != nil {
		return fmt.Errorf("a file the Writer wrote does not decode: %v", err)
	}
	if len(back.Tags) != len(f.Tags) {
		return fmt.Errorf("the Writer's file holds %d tags, wrote %d", len(back.Tags), len(f.Tags))
	}
	for i := range f.Tags {
		a, b := &f.Tags[i], &back.Tags[i]
		if a.Header.Type != b.Header.Type || a.Timestamp() != b.Timestamp() || !bytes.Equal(a.Payload, b.Payload) || !b.BackPointerValid() {
			return fmt.Errorf("tag %d written as %+v, read back as %+v", i, a, b)
		}
	}
	return nil
}
