#!/bin/sh
# Regenerates the packet captures in this directory: real RTMP sessions on
# 127.0.0.1, recorded with dumpcap, a few seconds of tiny video each, and
# what tshark's RTMPT dissector makes of them (*.tshark.txt: one line per
# frame with RTMP, "frame direction formats types", the reference the
# tests compare message counts with; *.tshark-messages.txt: one line per
# message, what its first header shows and a command's name and
# transaction ID, written by tshark-messages.py from tshark's PDML, which
# the tests compare message by message).
#
#   nginx-publish-play.pcapng  FFmpeg publishes to nginx-rtmp (chunk size
#                              4096 both ways) while rtmpdump (librtmp)
#                              plays the stream: two connections
#   nginx-publish-play.pcap    the same packets as classic pcap
#   nginx-midsession.pcap      the publisher's connection without its
#                              first packets: it starts after the
#                              handshake and the connect
#   nginx-midmedia.pcap        the same connection from later on: after
#                              its Set Chunk Size 4096, starting inside
#                              a message
#   gst-publish.pcap           GStreamer publishing to nginx-rtmp: rtmpsink
#                              (librtmp, chunk size 128) then rtmp2sink
#                              (chunk size 1000)
#   connect-frame.tshark-x.txt the publisher's connect frame as tshark -x
#                              prints it (Ethernet, IP, TCP, RTMP)
#   nginx-publish-play.directions.txt  per connection and direction, the
#                              length and SHA-256 of the bytes tshark's
#                              "follow tcp" reassembles
#
# Installs what it needs (Debian: FFmpeg, rtmpdump, GStreamer, nginx with
# the RTMP module, tshark); needs root for that and for capturing on lo. Every
# process runs under timeout and is stopped by its PID.
set -eu
cd "$(dirname "$0")"
sh ../../../../interop/install.sh
export DEBIAN_FRONTEND=noninteractive
if ! command -v dumpcap >/dev/null || ! command -v tshark >/dev/null; then
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends tshark
fi
if ! command -v python3 >/dev/null; then
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends python3
fi
PORT=1935
# tshark dissects RTMP on port 1935 by itself; say so anyway.
decode_as="tcp.port==$PORT,rtmpt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# wait_listening returns once nginx listens on $PORT (and dumpcap has had a
# moment to start).
wait_listening() {
	for _ in $(seq 1 50); do
		ss -ltn | grep -q ":$PORT " && break
		sleep 0.2
	done
	sleep 1
}

cat > "$tmp/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
pid $tmp/nginx.pid;
error_log $tmp/error.log info;
events {}
rtmp { server { listen 127.0.0.1:$PORT; chunk_size 4096; application live { live on; } } }
CONF
timeout 60 nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx=$!
timeout 60 dumpcap -q -i lo -f "tcp port $PORT" -w "$tmp/cap.pcapng" &
cap=$!
wait_listening

timeout 30 ffmpeg -nostdin -loglevel error -re \
	-f lavfi -i "testsrc=size=64x48:rate=10" \
	-f lavfi -i "sine=frequency=440:sample_rate=8000" \
	-t 3 -c:v libx264 -preset ultrafast -tune zerolatency -b:v 16k -g 10 \
	-c:a aac -b:a 12k -ac 1 -f flv "rtmp://127.0.0.1:$PORT/live/cam" &
pub=$!
sleep 1
timeout 3 rtmpdump -q -r "rtmp://127.0.0.1:$PORT/live/cam" --live -o "$tmp/played.flv" || true
wait "$pub" || true
sleep 1
kill "$cap" "$nginx" 2>/dev/null || true
wait "$cap" "$nginx" 2>/dev/null || true

cp "$tmp/cap.pcapng" nginx-publish-play.pcapng
chmod 644 nginx-publish-play.pcapng
tshark -r nginx-publish-play.pcapng -F pcap -w nginx-publish-play.pcap
# The publisher's connection (tcp.stream 0) from the packet after its
# connect on: no SYN, no handshake, no connect.
first=$(tshark -r nginx-publish-play.pcap -d "$decode_as" -Y 'tcp.stream == 0 && amf.string == "connect"' -T fields -e frame.number | head -1)
tshark -r nginx-publish-play.pcap -d "$decode_as" -Y "tcp.stream == 0 && frame.number > $first" -w nginx-midsession.pcap

# The publisher's connection from its fifth media-sized segment on: after
# its Set Chunk Size 4096, starting inside a message.
mid=$(tshark -r nginx-publish-play.pcap -d "$decode_as" -Y 'tcp.stream == 0 && tcp.srcport != 1935 && tcp.len > 300' -T fields -e frame.number | sed -n 5p)
tshark -r nginx-publish-play.pcap -d "$decode_as" -Y "tcp.stream == 0 && frame.number >= $mid" -w nginx-midmedia.pcap
# The publisher's connect frame as tshark -x prints it, to paste.
tshark -r nginx-publish-play.pcap -d "$decode_as" -x -Y "frame.number == $first" > connect-frame.tshark-x.txt
for f in nginx-publish-play.pcap nginx-midsession.pcap nginx-midmedia.pcap; do
	# One line per frame with RTMP in it: frame, source and destination
	# port, then the header format of each message tshark reassembled
	# there (one per message, "0,1,3": see the old capture.sh in
	# codec/chunk/testdata) and the type IDs the headers carry.
	tshark -r "$f" -d "$decode_as" -Y rtmpt -T fields -E occurrence=a -E separator=' ' \
		-e frame.number -e tcp.srcport -e tcp.dstport -e rtmpt.header.format -e rtmpt.header.typeid > "${f%.pcap}.tshark.txt"
	tshark -r "$f" -d "$decode_as" -Y rtmpt -T pdml | python3 tshark-messages.py > "${f%.pcap}.tshark-messages.txt"
done
# Each connection's two byte streams as tshark follows them: the client's
# segments at the left margin, the server's indented by a tab.
for conn in 0 1; do
	tshark -r nginx-publish-play.pcap -d "$decode_as" -q -z "follow,tcp,raw,$conn" > "$tmp/follow.txt"
	for dir in c2s s2c; do
		pat='/^[0-9a-f]+$/'
		[ "$dir" = s2c ] && pat='/^\t[0-9a-f]+$/'
		bytes=$(awk "/^====/ {n++; next} n==1 && $pat {sub(/^\t/, \"\"); print}" "$tmp/follow.txt" | tr -d '\n' | xxd -r -p | tee "$tmp/d" | wc -c)
		echo "$((conn + 1)) $dir $bytes $(sha256sum < "$tmp/d" | cut -d' ' -f1)"
	done
done > nginx-publish-play.directions.txt
# GStreamer publishing to nginx-rtmp, one publisher after the other:
# rtmpsink (librtmp: chunk size 128 throughout) and rtmp2sink (chunk size
# 1000), H.264 and MP3, one second each.
timeout 60 nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx=$!
timeout 60 dumpcap -q -i lo -f "tcp port $PORT" -w "$tmp/gst.pcapng" &
cap=$!
wait_listening
for sink in "rtmpsink location=rtmp://127.0.0.1:$PORT/live/gst1" "rtmp2sink chunk-size=1000 location=rtmp://127.0.0.1:$PORT/live/gst2"; do
	# shellcheck disable=SC2086
	timeout 30 gst-launch-1.0 -q -e flvmux name=m streamable=true ! $sink \
		videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48,framerate=10/1 ! x264enc key-int-max=10 speed-preset=ultrafast ! h264parse ! m. \
		audiotestsrc num-buffers=40 ! audioconvert ! lamemp3enc ! mpegaudioparse ! m. || true
done
sleep 1
kill "$cap" "$nginx" 2>/dev/null || true
wait "$cap" "$nginx" 2>/dev/null || true
tshark -r "$tmp/gst.pcapng" -F pcap -w gst-publish.pcap
tshark -r gst-publish.pcap -d "$decode_as" -Y rtmpt -T fields -E occurrence=a -E separator=' ' \
	-e frame.number -e tcp.srcport -e tcp.dstport -e rtmpt.header.format -e rtmpt.header.typeid > gst-publish.tshark.txt
tshark -r gst-publish.pcap -d "$decode_as" -Y rtmpt -T pdml | python3 tshark-messages.py > gst-publish.tshark-messages.txt
{
	echo "# $(tshark --version | head -1)"
	echo "# $(ffmpeg -version | head -1)"
	echo "# $(dpkg-query -W -f='nginx ${Version}, libnginx-mod-rtmp ' nginx)$(dpkg-query -W -f='${Version}' libnginx-mod-rtmp)"
	echo "# rtmpdump $(dpkg-query -W -f='${Version}' rtmpdump)"
	echo "# $(gst-launch-1.0 --version | sed -n 2p)"
} > versions.txt
ls -l
