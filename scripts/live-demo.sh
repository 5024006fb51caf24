#!/usr/bin/env bash
# The live demo: starts nginx with the RTMP module (configured by `server media-config`) and
# pushes a generated test pattern with ffmpeg into the demo's live stream, so the stream page
# of a running `make run` plays real live video. Ctrl-C stops both; the recording then
# becomes the stream's replay.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh build

bin="$CARGO_TARGET_DIR/release/server"
[ -x "$bin" ] || cargo leptos build --release --project pavilion
live="${PAVILION_LIVE_DIR:-data/live}"
mkdir -p "$live/hls" "$live/rec"
# When nginx starts as root its workers run as nobody, and they write these two folders.
chmod 777 "$live/hls" "$live/rec"
live="$(cd "$live" && pwd)"
"$bin" media-config > "$live/nginx.conf"
nginx -c "$live/nginx.conf" -p "$live" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null || true' EXIT

read -r slug key < <("$bin" streams live-demo "$@")
rtmp="${PAVILION_RTMP_URL:-rtmp://127.0.0.1:1935/live}"
site="${PAVILION_PUBLIC_URL:-http://127.0.0.1:3000}"
printf '\n\033[1;32mLive now:\033[0m %s/en/streams/%s  (Ctrl-C to stop)\n\n' "$site" "$slug"
sleep 1
ffmpeg -hide_banner -loglevel warning -re \
  -f lavfi -i "testsrc2=size=1280x720:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100" \
  -c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p -g 30 -keyint_min 30 -b:v 2500k \
  -c:a aac -b:a 128k -f flv "$rtmp/$slug?key=$key"
