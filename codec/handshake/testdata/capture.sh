#!/bin/sh
# Regenerates the handshake fixtures in this directory from real peers on
# 127.0.0.1, installing what it needs (Debian: ffmpeg, rtmpdump, GStreamer,
# nginx with libnginx-mod-rtmp, python3). Run as root. It writes, as hex
# with a '#' header saying what made it:
#
#   ffmpeg-c0c1.hex         FFmpeg's C0+C1 (rtmp_handshake: digest, offset-8 layout)
#   librtmp-c0c1.hex        rtmpdump's C0+C1 (plain: no RTMPE, no SWF verification)
#   gst-rtmp2-c0c1.hex      GStreamer rtmp2src's C0+C1
#   nginx-play.c2s.hex      FFmpeg playing from nginx-rtmp through a recording
#   nginx-play.s2c.hex      relay: each direction's first bytes (the handshake,
#                           connect, play and nginx's answers)
#   librtmp-play.c2s.hex    the same with rtmpdump (librtmp) playing
#   librtmp-play.s2c.hex
#
# Each C0+C1 is what a listener that never answers receives; the nginx
# session is real end to end. FFmpeg's C1 is the same on every run; the
# others differ run to run (random bytes, time).
set -eu
cd "$(dirname "$0")"
sh ../../../interop/install.sh
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# hexfile NAME SOURCE-FILE HEADER...: the bytes as hex, 32 per line.
hexfile() {
	name=$1 src=$2
	shift 2
	{
		for line in "$@"; do echo "# $line"; done
		echo "# Written by capture.sh."
		python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print("\n".join(d[i:i+32].hex() for i in range(0, len(d), 32)))' "$src"
	} > "$name"
}

# grab PORT OUT: listen on PORT, save the first 1537 bytes a client sends.
grab() {
	python3 - "$1" "$2" <<'PY' &
import socket, sys
srv = socket.create_server(("127.0.0.1", int(sys.argv[1])))
srv.settimeout(30)
c = srv.accept()[0]
c.settimeout(30)
data = b""
while len(data) < 1537:
    b = c.recv(1537 - len(data))
    if not b:
        break
    data += b
open(sys.argv[2], "wb").write(data)
PY
	pids="$pids $!"
	sleep 1
}

grab 19350 "$tmp/ffmpeg.bin"
timeout 10 ffmpeg -nostdin -loglevel quiet -i rtmp://127.0.0.1:19350/app/stream -f null - || true
hexfile ffmpeg-c0c1.hex "$tmp/ffmpeg.bin" "C0+C1 from $(ffmpeg -version | head -1)" "layer: handshake"

grab 19351 "$tmp/librtmp.bin"
timeout 10 rtmpdump -q -r rtmp://127.0.0.1:19351/app/stream -o /dev/null || true
hexfile librtmp-c0c1.hex "$tmp/librtmp.bin" "C0+C1 from rtmpdump $(dpkg-query -W -f '${Version}' rtmpdump) (librtmp)" "layer: handshake"

grab 19352 "$tmp/gst.bin"
timeout 10 gst-launch-1.0 -q rtmp2src location=rtmp://127.0.0.1:19352/app/stream ! fakesink || true
hexfile gst-rtmp2-c0c1.hex "$tmp/gst.bin" "C0+C1 from GStreamer rtmp2src $(gst-launch-1.0 --version | sed -n 2p)" "layer: handshake"

# nginx-rtmp on 19353, and a relay on 19354 in front of it that records
# each direction's first 8 KiB. The players play a stream nobody publishes:
# the handshake, connect and play happen, then they wait until timeout.
cat > "$tmp/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
pid $tmp/nginx.pid;
error_log $tmp/nginx.log info;
events {}
rtmp { server { listen 127.0.0.1:19353; application live { live on; } } }
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
pids="$pids $!"

# relay NAME: relays one connection from 19354 to nginx, writing
# $tmp/NAME.c2s.bin and $tmp/NAME.s2c.bin.
relay() {
	python3 - "$tmp/$1" <<'PY' &
import socket, sys, threading
srv = socket.create_server(("127.0.0.1", 19354))
srv.settimeout(30)
c = srv.accept()[0]
srv.close()
s = socket.create_connection(("127.0.0.1", 19353))
def pump(a, b, path):
    got = b""
    while True:
        try:
            d = a.recv(65536)
        except OSError:
            break
        if not d:
            break
        got += d
        try:
            b.sendall(d)
        except OSError:
            break
    open(path, "wb").write(got[:8192])
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass
t = threading.Thread(target=pump, args=(s, c, sys.argv[1] + ".s2c.bin"))
t.start()
pump(c, s, sys.argv[1] + ".c2s.bin")
t.join()
PY
	relay_pid=$!
	sleep 1
}

relay ffmpeg
timeout 5 ffmpeg -nostdin -loglevel quiet -i rtmp://127.0.0.1:19354/live/stream -f null - || true
wait "$relay_pid" || true
hexfile nginx-play.c2s.hex "$tmp/ffmpeg.c2s.bin" "FFmpeg playing from nginx-rtmp, client to server, first bytes: $(ffmpeg -version | head -1)" "layer: session"
hexfile nginx-play.s2c.hex "$tmp/ffmpeg.s2c.bin" "nginx-rtmp answering FFmpeg, server to client, first bytes: nginx $(dpkg-query -W -f '${Version}' libnginx-mod-rtmp) (libnginx-mod-rtmp)" "layer: session"

relay librtmp
timeout 5 rtmpdump -q -r rtmp://127.0.0.1:19354/live/stream -o /dev/null || true
wait "$relay_pid" || true
hexfile librtmp-play.c2s.hex "$tmp/librtmp.c2s.bin" "rtmpdump playing from nginx-rtmp, client to server, first bytes: rtmpdump $(dpkg-query -W -f '${Version}' rtmpdump) (librtmp)" "layer: session"
hexfile librtmp-play.s2c.hex "$tmp/librtmp.s2c.bin" "nginx-rtmp answering rtmpdump, server to client, first bytes: nginx $(dpkg-query -W -f '${Version}' libnginx-mod-rtmp) (libnginx-mod-rtmp)" "layer: session"
ls -l ./*.hex
