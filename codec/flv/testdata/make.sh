#!/bin/sh
# Regenerates ffmpeg-1s.hex: one second of a tiny test source (H.264 video
# 32x24 at 5 fps, AAC audio at 8 kHz) as FFmpeg's FLV muxer writes it, as
# hex with a '#' header. Installs FFmpeg (Debian) when missing; needs root.
set -eu
cd "$(dirname "$0")"
sh ../../../interop/install.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc=size=32x24:rate=5" \
	-f lavfi -i "sine=frequency=440:sample_rate=8000" -t 1 \
	-c:v libx264 -preset ultrafast -g 5 -c:a aac -b:a 8k -ac 1 \
	-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -f flv "$tmp/out.flv"
{
	echo "# One second of testsrc (H.264 32x24, 5 fps) and a sine (AAC, 8 kHz) in FLV,"
	echo "# from $(ffmpeg -version | head -1). Written by make.sh."
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print("\n".join(d[i:i+32].hex() for i in range(0, len(d), 32)))' "$tmp/out.flv"
} > ffmpeg-1s.hex
wc -l ffmpeg-1s.hex
