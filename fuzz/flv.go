package fuzz

import (
	"bytes"
	"errors"
	"fmt"

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
	return nil
}
