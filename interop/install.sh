#!/bin/sh
# Installs the real RTMP software the interop tests and capture scripts run
# (Debian packages): FFmpeg (with ffprobe), rtmpdump (librtmp), GStreamer
# with its rtmp2 and librtmp elements and the encoders its publishers use
# (x264enc, lamemp3enc), nginx with the RTMP module, python3. Installs only what is
# missing; needs root.
set -eu
export DEBIAN_FRONTEND=noninteractive
need=""
command -v ffmpeg >/dev/null || need="$need ffmpeg"
command -v rtmpdump >/dev/null || need="$need rtmpdump"
command -v gst-launch-1.0 >/dev/null && gst-inspect-1.0 x264enc >/dev/null 2>&1 && gst-inspect-1.0 rtmp2sink >/dev/null 2>&1 ||
	need="$need gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav"
command -v nginx >/dev/null && [ -e /usr/lib/nginx/modules/ngx_rtmp_module.so ] || need="$need nginx libnginx-mod-rtmp"
command -v python3 >/dev/null || need="$need python3"
[ -z "$need" ] && exit 0
# Keep the nginx package from starting a system service.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need
