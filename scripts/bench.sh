#!/usr/bin/env bash
# Benchmarks (on demand, never in CI): release wasm/JS/CSS sizes (raw and brotli), and the
# product page's throughput and latency with the server pinned to one core and wrk on the other.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh build
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk brotli >/dev/null; }

cargo leptos build --release >/dev/null
echo "== release bundle (what a browser downloads before the islands are interactive)"
for f in target/site/pkg/pavilion.wasm target/site/pkg/pavilion.js target/site/pkg/pavilion.css; do
  printf '%-40s raw %8d B   brotli %7d B\n' "$f" "$(stat -c %s "$f")" "$(brotli -c -q 11 "$f" | wc -c)"
done

dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
export DATABASE_URL="sqlite://$dir/bench.db" PAVILION_ADDR=127.0.0.1:3200 LEPTOS_SITE_ROOT=target/site RUST_LOG=warn
taskset -c 0 "$CARGO_TARGET_DIR/release/server" serve &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:3200/healthz >/dev/null && break; sleep 0.2; done
url=http://127.0.0.1:3200/en/products/tellicherry-black-pepper-extra-bold
curl -fs "$url" >/dev/null
echo "== product page, server on one core (taskset -c 0), wrk on the other"
taskset -c 1 wrk -t1 -c32 -d5s "$url" >/dev/null
taskset -c 1 wrk -t1 -c32 -d15s --latency "$url"
echo "== product page at low concurrency (latency)"
taskset -c 1 wrk -t1 -c4 -d10s --latency "$url"
echo "== server resident memory: $(ps -o rss= -p "$pid") KiB"
