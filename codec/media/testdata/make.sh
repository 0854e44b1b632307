#!/bin/sh
# Regenerates libmedia-eflv.hex: an Enhanced RTMP FLV written by a third
# party, libmedia's FLV tag writers (@libmedia/avformat 1.3.1, npm), with
# ModEx nanosecond timestamp offsets and OneTrack multitrack headers (see
# libmedia-eflv.mjs). Installs Node.js and npm (Debian) when missing;
# needs root for that and the npm registry.
set -eu
cd "$(dirname "$0")"
command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp libmedia-eflv.mjs "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --silent @libmedia/avformat@1.3.1 && node libmedia-eflv.mjs out.flv)
{
	echo "# Enhanced FLV from libmedia's FLV tag writers (@libmedia/avformat 1.3.1):"
	echo "# HEVC and Opus, 3 tags each in 4 forms (plain, ModEx nano offset, OneTrack"
	echo "# multitrack, both); timestamps of 1001, 2002 and 3003 ticks at 90 kHz."
	echo "# Written by make.sh from libmedia-eflv.mjs."
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print("\n".join(d[i:i+32].hex() for i in range(0, len(d), 32)))' "$tmp/out.flv"
} > libmedia-eflv.hex
wc -l libmedia-eflv.hex
