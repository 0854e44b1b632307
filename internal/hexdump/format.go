package hexdump

import "bytes"

const digits = "0123456789abcdef"

// AppendHex appends data as lowercase hex, 16 bytes per line, bytes
// separated by one space, every line (the last one too) ending in "\n".
// Nothing is appended for empty data. Decode reads the result back to data.
func AppendHex(dst, data []byte) []byte {
	for i, b := range data {
		if i%16 != 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, digits[b>>4], digits[b&0x0f])
		if i%16 == 15 || i == len(data)-1 {
			dst = append(dst, '\n')
		}
	}
	return dst
}

// AppendDump appends data in the layout of hexdump -C: an 8-digit offset,
// two groups of eight bytes, the ASCII column between bars, "*" in place of
// rows that repeat the row before, and a last line holding the length.
// Nothing is appended for empty data. Decode reads the result back to data.
func AppendDump(dst, data []byte) []byte {
	starred := false
	for off := 0; off < len(data); off += 16 {
		row := data[off:min(off+16, len(data))]
		if off > 0 && len(row) == 16 && bytes.Equal(row, data[off-16:off]) {
			if !starred {
				dst = append(dst, "*\n"...)
				starred = true
			}
			continue
		}
		starred = false
		dst = appendOffset8(dst, off)
		dst = append(dst, ' ', ' ')
		for k := 0; k < 16; k++ {
			if k < len(row) {
				dst = append(dst, digits[row[k]>>4], digits[row[k]&0x0f], ' ')
			} else {
				dst = append(dst, ' ', ' ', ' ')
			}
			if k == 7 {
				dst = append(dst, ' ')
			}
		}
		dst = append(dst, ' ', '|')
		for _, c := range row {
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			dst = append(dst, c)
		}
		dst = append(dst, '|', '\n')
	}
	if len(data) > 0 {
		dst = appendOffset8(dst, len(data))
		dst = append(dst, '\n')
	}
	return dst
}

func appendOffset8(dst []byte, off int) []byte {
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, digits[(off>>shift)&0x0f])
	}
	return dst
}
