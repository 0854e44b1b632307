package chunk

import "testing"

// TestHeaderSizesAgree holds the Format table's size column to the
// generated message header layouts the decoder reads through.
func TestHeaderSizesAgree(t *testing.T) {
	for f, want := range map[Format]int{Format0: messageHeader0Len, Format1: messageHeader1Len, Format2: messageHeader2Len, Format3: 0} {
		if got := f.MessageHeaderSize(); got != want || messageHeaderLen(f) != want {
			t.Errorf("%v.MessageHeaderSize() = %d, messageHeaderLen %d, the layout is %d bytes", f, got, messageHeaderLen(f), want)
		}
		h := Header{Format: f, Form: BasicHeader2, Extended: true}
		if got := h.HeaderLen(); got != 2+want+extendedTimestampLen {
			t.Errorf("%v with a 2-byte basic header and an extended timestamp: HeaderLen %d, want %d", f, got, 2+want+extendedTimestampLen)
		}
	}
}
