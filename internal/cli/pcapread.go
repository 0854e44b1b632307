package cli

import (
	"bufio"
	byteorder "encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	gplayers "github.com/google/gopacket/layers"
)

// The capture readers are written here rather than taken from gopacket's
// pcapgo: pcapgo sizes a packet's buffer from the capture length and snap
// length in the file before it has read them (a 100-byte file can ask for
// 4 GiB), and a capture is untrusted input like any other. These readers
// refuse a length past what capture tools write, with the offset.

// maxCaptureLen is the longest packet a capture may hold: tcpdump's and
// Wireshark's MAXIMUM_SNAPLEN.
const maxCaptureLen = 262144

// maxBlockLen bounds a pcapng block: a largest packet with its 28-byte
// header and room for options.
const maxBlockLen = maxCaptureLen + 64<<10

// capturedPacket is one packet: its bytes (valid until the next packet is
// read), when and on which link.
type capturedPacket struct {
	data []byte
	at   time.Time
	link gplayers.LinkType
}

type packetReader interface {
	next() (capturedPacket, error)
}

// newPacketReader reads a pcap or pcapng file's header from r.
func newPacketReader(r *bufio.Reader) (packetReader, error) {
	head, err := r.Peek(4)
	if err != nil {
		return nil, err
	}
	if captureFormat(head) == "pcapng" {
		return &pcapngReader{r: r}, nil
	}
	return newPcapReader(r)
}

// pcapReader reads classic pcap: a 24-byte file header, then a 16-byte
// record header before each packet.
type pcapReader struct {
	r     *bufio.Reader
	order byteorder.ByteOrder
	nano  bool
	link  gplayers.LinkType
	off   int64
	hdr   [16]byte
	buf   []byte
}

func newPcapReader(r *bufio.Reader) (*pcapReader, error) {
	var h [24]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, fmt.Errorf("pcap: file header: %w", truncated(err))
	}
	p := &pcapReader{r: r, off: 24}
	switch byteorder.LittleEndian.Uint32(h[:]) {
	case 0xa1b2c3d4:
		p.order = byteorder.LittleEndian
	case 0xd4c3b2a1:
		p.order = byteorder.BigEndian
	case 0xa1b23c4d:
		p.order, p.nano = byteorder.LittleEndian, true
	case 0x4d3cb2a1:
		p.order, p.nano = byteorder.BigEndian, true
	default:
		return nil, fmt.Errorf("pcap: magic number %x at offset 0: expected a pcap file's (a1b2c3d4 or a1b23c4d, either byte order)", h[:4])
	}
	// The link type is the low 16 bits; the FCS bits above it say nothing
	// this reader needs.
	p.link = gplayers.LinkType(p.order.Uint32(h[20:]) & 0xFFFF)
	return p, nil
}

func (p *pcapReader) next() (capturedPacket, error) {
	if _, err := io.ReadFull(p.r, p.hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return capturedPacket{}, io.EOF
		}
		return capturedPacket{}, fmt.Errorf("pcap: record header at offset %d: %w", p.off, truncated(err))
	}
	sec, frac := p.order.Uint32(p.hdr[0:]), p.order.Uint32(p.hdr[4:])
	caplen := p.order.Uint32(p.hdr[8:])
	if caplen > maxCaptureLen {
		return capturedPacket{}, fmt.Errorf("pcap: record at offset %d: capture length %d: expected at most %d, the largest snap length capture tools write", p.off, caplen, maxCaptureLen)
	}
	// One buffer for every packet: each is done with (its bytes copied by
	// the reassembly where it keeps them) before the next is read.
	if cap(p.buf) < int(caplen) {
		p.buf = make([]byte, caplen)
	}
	data := p.buf[:caplen]
	if _, err := io.ReadFull(p.r, data); err != nil {
		return capturedPacket{}, fmt.Errorf("pcap: packet at offset %d: %d bytes: %w", p.off+16, caplen, truncated(err))
	}
	p.off += 16 + int64(caplen)
	ns := int64(frac) * 1000
	if p.nano {
		ns = int64(frac)
	}
	return capturedPacket{data: data, at: time.Unix(int64(sec), ns), link: p.link}, nil
}

// pcapngReader reads pcapng blocks: section headers (byte order),
// interface descriptions (link type, timestamp resolution), enhanced and
// simple packet blocks; other blocks are skipped by their length.
type pcapngReader struct {
	r     *bufio.Reader
	order byteorder.ByteOrder
	off   int64
	ifs   []ngInterface
	block []byte
}

type ngInterface struct {
	link    gplayers.LinkType
	snaplen uint32
	unit    float64 // seconds per timestamp tick
}

func (p *pcapngReader) next() (capturedPacket, error) {
	for {
		typ, body, err := p.readBlock()
		if err != nil {
			return capturedPacket{}, err
		}
		switch typ {
		case 1: // interface description
			if len(body) < 8 {
				return capturedPacket{}, p.bad("interface description block shorter than 8 bytes")
			}
			p.ifs = append(p.ifs, ngInterface{link: gplayers.LinkType(p.order.Uint16(body)), snaplen: p.order.Uint32(body[4:]), unit: p.tsResolution(body[8:])})
		case 6: // enhanced packet
			if len(body) < 20 {
				return capturedPacket{}, p.bad("enhanced packet block shorter than 20 bytes")
			}
			id, caplen := p.order.Uint32(body), p.order.Uint32(body[12:])
			if int(id) >= len(p.ifs) || uint64(caplen) > uint64(len(body)-20) {
				return capturedPacket{}, p.bad(fmt.Sprintf("enhanced packet block: interface %d of %d, capture length %d in a %d-byte block", id, len(p.ifs), caplen, len(body)+12))
			}
			intf := p.ifs[id]
			ticks := uint64(p.order.Uint32(body[4:]))<<32 | uint64(p.order.Uint32(body[8:]))
			sec, frac := math.Modf(float64(ticks) * intf.unit)
			return capturedPacket{data: body[20 : 20+caplen], at: time.Unix(int64(sec), int64(frac*1e9)), link: intf.link}, nil
		case 3: // simple packet: no timestamp, interface 0
			if len(body) < 4 || len(p.ifs) == 0 {
				return capturedPacket{}, p.bad("simple packet block without an interface or a length")
			}
			n := min(uint64(p.order.Uint32(body)), uint64(len(body)-4))
			if s := p.ifs[0].snaplen; s > 0 {
				n = min(n, uint64(s))
			}
			return capturedPacket{data: body[4 : 4+n], link: p.ifs[0].link}, nil
		}
	}
}

// readBlock reads one block; a section header sets the byte order and
// starts a new list of interfaces.
func (p *pcapngReader) readBlock() (uint32, []byte, error) {
	var h [12]byte
	if _, err := io.ReadFull(p.r, h[:8]); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		return 0, nil, fmt.Errorf("pcapng: block header at offset %d: %w", p.off, truncated(err))
	}
	typ := byteorder.LittleEndian.Uint32(h[:])
	if typ == 0x0a0d0d0a {
		if _, err := io.ReadFull(p.r, h[8:12]); err != nil {
			return 0, nil, fmt.Errorf("pcapng: section header at offset %d: %w", p.off, truncated(err))
		}
		switch byteorder.LittleEndian.Uint32(h[8:]) {
		case 0x1a2b3c4d:
			p.order = byteorder.LittleEndian
		case 0x4d3c2b1a:
			p.order = byteorder.BigEndian
		default:
			return 0, nil, p.bad(fmt.Sprintf("section header byte-order magic %x", h[8:12]))
		}
		p.ifs = p.ifs[:0]
	} else if p.order == nil {
		return 0, nil, p.bad("a block before the first section header")
	}
	typ = p.order.Uint32(h[:])
	total := p.order.Uint32(h[4:])
	if total < 12 || total%4 != 0 || total > maxBlockLen {
		return 0, nil, p.bad(fmt.Sprintf("block total length %d: expected a multiple of 4 from 12 to %d", total, maxBlockLen))
	}
	read := 8
	if typ == 0x0a0d0d0a {
		read = 12
		if total < 28 {
			return 0, nil, p.bad(fmt.Sprintf("section header block of %d bytes: expected at least 28", total))
		}
	}
	if cap(p.block) < int(total) {
		p.block = make([]byte, total)
	}
	rest := p.block[:int(total)-read]
	if _, err := io.ReadFull(p.r, rest); err != nil {
		return 0, nil, fmt.Errorf("pcapng: block at offset %d: %d bytes: %w", p.off, total, truncated(err))
	}
	if p.order.Uint32(rest[len(rest)-4:]) != total {
		return 0, nil, p.bad(fmt.Sprintf("trailing block length %d differs from the leading %d", p.order.Uint32(rest[len(rest)-4:]), total))
	}
	p.off += int64(total)
	return typ, rest[:len(rest)-4], nil
}

// tsResolution reads if_tsresol from an interface's options: 10^-n or
// 2^-n seconds per tick, microseconds without it.
func (p *pcapngReader) tsResolution(opts []byte) float64 {
	for len(opts) >= 4 {
		code, n := p.order.Uint16(opts), int(p.order.Uint16(opts[2:]))
		if code == 0 || 4+n > len(opts) {
			break
		}
		if code == 9 && n >= 1 {
			v := opts[4]
			if v&0x80 != 0 {
				return math.Pow(2, -float64(v&0x7f))
			}
			return math.Pow(10, -float64(v))
		}
		opts = opts[4+(n+3)&^3:]
	}
	return 1e-6
}

func (p *pcapngReader) bad(what string) error {
	return fmt.Errorf("pcapng: block at offset %d: %s", p.off, what)
}

// truncated names a read cut short as such.
func truncated(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
