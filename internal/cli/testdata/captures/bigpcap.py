#!/usr/bin/env python3
"""Writes a large pcap for timing the capture analyser: the packets of
nginx-publish-play.pcap repeated COPIES times (default 1500: about 104 MB),
each copy's client ports moved and its timestamps a second later, so every
copy is new connections. Usage: bigpcap.py OUT.pcap [COPIES]"""
import struct
import sys
import os

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nginx-publish-play.pcap")
raw = open(src, "rb").read()
header, packets, off = raw[:24], [], 24
while off + 16 <= len(raw):
    sec, usec, caplen, _ = struct.unpack("<IIII", raw[off:off + 16])
    packets.append((sec, usec, raw[off + 16:off + 16 + caplen]))
    off += 16 + caplen
copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
with open(sys.argv[1], "wb") as out:
    out.write(header)
    for c in range(copies):
        for sec, usec, data in packets:
            data = bytearray(data)
            for port_at in (34, 36):  # Ethernet 14 + IPv4 20: the TCP ports
                port = struct.unpack(">H", data[port_at:port_at + 2])[0]
                if port != 1935:
                    data[port_at:port_at + 2] = struct.pack(">H", (port + c * 7) & 0xFFFF)
            out.write(struct.pack("<IIII", sec + c, usec, len(data), len(data)))
            out.write(data)
