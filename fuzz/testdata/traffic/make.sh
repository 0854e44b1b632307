#!/bin/sh
# Regenerates the real-traffic fuzz seeds in this directory from the packet
# captures the capture analyser's tests use (internal/cli/testdata/captures,
# recorded by its make.sh on 127.0.0.1 from FFmpeg, librtmp (rtmpdump and
# GStreamer's rtmpsink), GStreamer's rtmp2sink and nginx-rtmp).
#
# One file per connection and direction: the bytes that direction carried
# (handshake, then chunks), as the CLI reassembles them, cut after
# MAXLINES lines of 16 bytes (8 KiB): enough for the handshake, connect,
# createStream, publish or play, metadata, sequence headers and the first
# media messages, while keeping each seed quick to mutate. The fuzz seeds
# (fuzz/seeds_*.go) cut the last message where the 8 KiB end inside it.
set -eu
cd "$(dirname "$0")"
MAXLINES=${MAXLINES:-512}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/rtmpcodec" ../../../cmd/rtmpcodec
caps=../../../internal/cli/testdata/captures
# capture file, connection number, what made the connection
while read -r file conn what; do
	for dir in c2s s2c; do
		out="$(basename "$file" .pcap)-conn$conn-$dir.hex"
		{
			echo "# $what, $dir: connection $conn of $caps/$file,"
			echo "# reassembled by rtmpcodec decode -conn $conn -dir $dir, first $MAXLINES lines"
			"$bin/rtmpcodec" decode -format json -conn "$conn" -dir "$dir" "$caps/$file" |
				"$bin/rtmpcodec" encode | head -n "$MAXLINES"
		} > "$out"
		echo "$out: $(($(grep -vc '^#' "$out") * 16)) bytes at most"
	done
done <<'LIST'
nginx-publish-play.pcap 1 FFmpeg publishing to nginx-rtmp
nginx-publish-play.pcap 2 rtmpdump (librtmp) playing from nginx-rtmp
gst-publish.pcap 1 GStreamer rtmpsink (librtmp) publishing to nginx-rtmp
gst-publish.pcap 2 GStreamer rtmp2sink publishing to nginx-rtmp
LIST
