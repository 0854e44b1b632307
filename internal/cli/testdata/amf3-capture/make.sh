#!/bin/bash
# Makes capture.hex: one client->server TCP direction carrying AMF3 that
# nobody in this project encoded. librtmp 2.4 (Debian python3-librtmp)
# does the handshake, its own AMF0 connect (type 0x14) and all chunking;
# @astronautlabs/amf 0.0.6 (npm) encodes every AMF0 and AMF3 value of a
# type 0x11 command ("echo", 2, null, AMF3 {foo: 123, bar: "hello"}, AMF3
# "amf3-string") and a type 0x0F data message ("onTextData", AMF3 {text,
# n, big}); client.py only adds the format byte 0 and picks the types,
# chunk streams and message stream. No Flash Player or other sender of
# 0x11/0x0F is packaged for Debian or npm (checked: node-media-server,
# medooze, ffmpeg, GStreamer rtmp2, nginx-rtmp, librtmp only receive them).
# Reruns differ in the tcUrl's port and librtmp's C1 timestamp; the AMF3
# messages come out the same.
set -e
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3-librtmp >/dev/null
command -v npm >/dev/null || apt-get install -y -qq nodejs npm >/dev/null
(cd "$work" && npm i --silent @astronautlabs/amf@0.0.6 reflect-metadata@0.1.14 >/dev/null)
export NODE_DIR=$work
timeout 20 node "$here/gen-payloads.js" > "$work/payloads.json"
timeout 20 node "$here/rec-server.js" "$work/capture.bin" "$work/port" & srv=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
timeout 20 /usr/bin/python3 "$here/client.py" "$(cat "$work/port")" "$work/payloads.json"
sleep 0.5
kill "$srv" 2>/dev/null || true
wait "$srv" 2>/dev/null || true
{
	echo "# layer: session"
	echo "# source: internal/cli/testdata/amf3-capture/make.sh (librtmp 2.4 + @astronautlabs/amf 0.0.6)"
	xxd -p "$work/capture.bin"
} > "$here/capture.hex"
