#!/bin/sh
# Regenerates the loopback RTMP capture in this directory: a real encoder
# (ffmpeg's RTMP client) publishing two seconds of a generated test source
# (lavfi testsrc + sine, tiny and low bitrate) to ffmpeg's own RTMP server
# (-listen 1) on 127.0.0.1, captured with dumpcap. It writes:
#
#   ffmpeg-publish.c2s.bin  client-to-server bytes: C0 C1 C2, then chunks
#   ffmpeg-publish.s2c.bin  server-to-client bytes: S0 S1 S2, then chunks
#   ffmpeg-publish.txt      what tshark makes of it: RTMP messages per
#                           direction, and the tool versions
#
# Needs (Debian): ffmpeg tshark (for dumpcap), run as root or with capture
# rights on lo. The bytes differ run to run (random handshake, timing);
# the tests only rely on the files being a real session and on the counts
# tshark reports for them.
set -eu
cd "$(dirname "$0")"
PORT=1935
URL="rtmp://127.0.0.1:$PORT/live/test"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dumpcap -q -i lo -f "tcp port $PORT" -w "$tmp/cap.pcapng" &
cap=$!
sleep 2

ffmpeg -nostdin -loglevel error -listen 1 -i "$URL" -c copy -f flv "$tmp/received.flv" &
server=$!
# Wait until the server listens (ffmpeg can take a while to start).
for _ in $(seq 1 50); do
	ss -ltn | grep -q ":$PORT " && break
	sleep 0.2
done

ffmpeg -nostdin -loglevel error \
	-f lavfi -i "testsrc=size=64x48:rate=10" \
	-f lavfi -i "sine=frequency=440:sample_rate=8000" \
	-t 2 -c:v libx264 -preset ultrafast -tune zerolatency -b:v 16k -g 10 \
	-c:a aac -b:a 12k -ac 1 \
	-f flv "$URL"

# The server may report an I/O error: the client resets the connection
# while the server still writes, so the server's last message is often
# cut short on the wire. The tests expect and check that.
wait "$server" || true
sleep 1
kill "$cap"
wait "$cap" || true

# The one TCP stream, as raw bytes per direction. tshark prints the
# client's segments at the left margin and the server's indented by a tab.
tshark -r "$tmp/cap.pcapng" -q -z follow,tcp,raw,0 > "$tmp/follow.txt"
awk '/^====/ {n++; next} n==1 && /^[0-9a-f]+$/ {print}' "$tmp/follow.txt" | tr -d '\n' | xxd -r -p > ffmpeg-publish.c2s.bin
awk '/^====/ {n++; next} n==1 && /^\t[0-9a-f]+$/ {sub(/^\t/, ""); print}' "$tmp/follow.txt" | tr -d '\n' | xxd -r -p > ffmpeg-publish.s2c.bin

# RTMP messages per direction as tshark's RTMPT dissector counts them: one
# message header (rtmpt.header.format) per message it reassembled. Not
# rtmpt.header.typeid: a message begun by a fmt 3 header has no type field,
# and ffmpeg sends some.
count() {
	tshark -r "$tmp/cap.pcapng" -d "tcp.port==$PORT,rtmpt" -Y "tcp.$1 == $PORT" \
		-T fields -e rtmpt.header.format -E occurrence=a -E aggregator=, |
		tr ',' '\n' | grep -c .
}
{
	echo "# Written by capture.sh; read by TestRealCapture."
	echo "# $(ffmpeg -version | head -1)"
	echo "# $(tshark --version | head -1)"
	echo "client-to-server-bytes: $(wc -c < ffmpeg-publish.c2s.bin)"
	echo "server-to-client-bytes: $(wc -c < ffmpeg-publish.s2c.bin)"
	echo "client-to-server-messages: $(count dstport)"
	echo "server-to-client-messages: $(count srcport)"
} > ffmpeg-publish.txt
cat ffmpeg-publish.txt
