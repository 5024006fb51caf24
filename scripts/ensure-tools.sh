#!/usr/bin/env bash
# Installs what building and testing Pavilion needs, skipping what is already there:
# the wasm target, cargo-leptos 0.3.10, the wasm-bindgen CLI matching Cargo.lock, npm packages
# (Playwright, binaryen's wasm-opt, sass, hls.js), Debian's Chromium, brotli for size checks, and
# the live-video parts: nginx with the RTMP module, and ffmpeg; coturn for the meeting room.
# Nothing here downloads a prebuilt binary from outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

want_e2e="${1:-all}"

command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
command -v npm >/dev/null || apt_install nodejs npm

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
  # 0.3.11 needs a newer rustc than 1.95; this takes about 20 minutes on two cores, once.
  log "cargo install cargo-leptos 0.3.10"
  cargo install cargo-leptos --locked --version 0.3.10
fi

wbg_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  # Without --locked: the CLI's own lockfile pins a crate the registry no longer has.
  log "cargo install wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# Playwright (no browser download), binaryen's wasm-opt (Debian's is too old and silently
# breaks hydration of release builds), sass and the hls.js player come from npm into
# end2end/node_modules.
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/sass ] \
  || [ ! -d end2end/node_modules/@playwright/test ] || [ ! -f end2end/node_modules/hls.js/dist/hls.light.min.js ] \
  || [ end2end/package-lock.json -nt end2end/node_modules/.stamp ]; then
  log "npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi

# The stream page's player: hls.js's light build, bundled into the site as a public asset
# (not committed; cargo-leptos copies public/ into the site at build time).
if ! cmp -s end2end/node_modules/hls.js/dist/hls.light.min.js public/js/hls.light.min.js; then
  install -D -m 644 end2end/node_modules/hls.js/dist/hls.light.min.js public/js/hls.light.min.js
fi

# Live video for real: RTMP ingest (nginx-rtmp) and the test pattern and replays (ffmpeg);
# the meeting room's TURN relay (coturn), which the journeys' calls go through.
apt_install nginx libnginx-mod-rtmp ffmpeg coturn

if [ "$want_e2e" = all ]; then
  # Noto (Devanagari, Arabic, …) and Noto CJK so screenshots of every locale are legible.
  apt_install chromium brotli fonts-noto-core fonts-noto-cjk
fi
log "tools ready"
