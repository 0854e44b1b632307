#!/usr/bin/env python3
"""Writes what tshark's RTMPT dissector shows of each message it reassembles,
one line per message, from `tshark -T pdml` on standard input:

    frame srcport dstport fmt csid timestamp delta length type stream name number

fields tshark does not show for the message's first header (a fmt 1 header
has no stream ID, fmt 2 no length or type, fmt 3 none of them) are "-".
name is the body's first AMF string (a command's or data message's name),
number the first AMF number after it (a command's transaction ID), "-" when
there is none; a name with a space or a non-printing byte is written as a
JSON string. capture_test.go compares these with the analyser's lines.
Usage: tshark -r F.pcap -d tcp.port==1935,rtmpt -Y rtmpt -T pdml | tshark-messages.py
"""
import json
import sys
import xml.etree.ElementTree as ET

HEADER = ["rtmpt.header.format", "rtmpt.header.csid", "rtmpt.header.timestamp",
          "rtmpt.header.timestampdelta", "rtmpt.header.bodysize", "rtmpt.header.typeid",
          "rtmpt.header.streamid"]


def first(node, name):
    for f in node.iter("field"):
        if f.get("name") == name:
            return f
    return None


def word(s):
    if s is None:
        return "-"
    if s == "" or any(c <= " " or c == "\x7f" for c in s):
        return json.dumps(s)
    return s


for _, pkt in ET.iterparse(sys.stdin.buffer, events=("end",)):
    if pkt.tag != "packet":
        continue
    frame = first(pkt, "frame.number").get("show")
    tcp = [p for p in pkt.findall("proto") if p.get("name") == "tcp"][0]
    src, dst = first(tcp, "tcp.srcport").get("show"), first(tcp, "tcp.dstport").get("show")
    for proto in pkt.findall("proto"):
        if proto.get("name") != "rtmpt":
            continue
        header = next((c for c in proto if c.get("show") == "RTMP Header"), None)
        if header is None:
            continue  # the handshake
        body = next((c for c in proto if c.get("show") == "RTMP Body"), None)
        vals = []
        for name in HEADER:
            f = first(header, name)
            vals.append("-" if f is None else f.get("show"))
        name = number = None
        if body is not None:
            s = first(body, "amf.string")
            name = None if s is None else s.get("show")
            if name is not None:
                n = first(body, "amf.number")
                number = None if n is None else n.get("show")
        print(frame, src, dst, *vals, word(name), word(number))
    pkt.clear()
