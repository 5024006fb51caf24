#!/usr/bin/env bash
# Benchmarks (on demand, never in CI): release wasm/JS/CSS sizes (raw and brotli), and the
# product page's throughput and latency with the server pinned to one core and wrk on the other,
# the flash sale through the checkout API (latency, orders made, durable orders per second), and
# the live room (10,000 viewers on one server core: delivery latency, reach, memory, and the
# control room's update latency while it runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh build
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk brotli >/dev/null; }

cargo leptos build --release --project pavilion >/dev/null
echo "== release bundle (what a browser downloads before the islands are interactive)"
for f in target/site/pkg/pavilion.wasm target/site/pkg/pavilion.js target/site/pkg/pavilion.css; do
  printf '%-40s raw %8d B   brotli %7d B\n' "$f" "$(stat -c %s "$f")" "$(brotli -c -q 11 "$f" | wc -c)"
done

# Ten thousand viewers and their server need a file descriptor each.
ulimit -n "$(ulimit -Hn)"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
export DATABASE_URL="sqlite://$dir/bench.db" PAVILION_ADDR=127.0.0.1:3200 LEPTOS_SITE_ROOT=target/site RUST_LOG=warn PAVILION_PAYMENTS_PROVIDER=test
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

# Search folds up to 200 candidates per query off the async threads; the costliest queries
# are the shortest that are allowed (two letters, one ideograph), which match the most.
echo "== search, the costliest queries (server on one core, wrk -c4 on the other)"
for q in "/en/search?q=er" "/en/search?q=an" "/zh/search?q=%E8%8C%B6" "/hi/search?q=%E0%A4%95%E0%A4%BE" \
  "/en/search?q=tellicherry+black+pepper+extra+bold+malabar+garbled"; do
  printf -- '-- %s\n' "$q"
  taskset -c 1 wrk -t1 -c4 -d5s --latency "http://127.0.0.1:3200$q" | grep -E 'Requests/sec|^ +(50|99)%'
done

echo "== flash sale: 10,000 buyers for 100 units (checkout API, SQLite, server on one core)"
product=tellicherry-black-pepper-extra-bold
python3 -c "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);c.execute(\"UPDATE products SET stock=100, moq=1, max_per_order=5 WHERE slug=?\",(sys.argv[2],));c.commit()" "$dir/bench.db" "$product"
cargo build --release -q -p server --example flash_sale
flash="$CARGO_TARGET_DIR/release/examples/flash_sale"
taskset -c 1 "$flash" http://127.0.0.1:3200 "$product" 10000 64
echo "== durable orders/s on one hot product (stock for everyone)"
python3 -c "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);c.execute(\"UPDATE products SET stock=1000000 WHERE slug=?\",(sys.argv[2],));c.commit()" "$dir/bench.db" "$product"
taskset -c 1 "$flash" http://127.0.0.1:3200 "$product" 20000 64
echo "== server resident memory after the sale: $(ps -o rss= -p "$pid") KiB"

echo "== live room: 10,000 viewers in one room, 10 messages/s (server on one core, client on the other)"
cargo build --release -q -p server --example live_load
load="$CARGO_TARGET_DIR/release/examples/live_load"
stream=pepper-grading-live-from-the-kochi-warehouse
# The booth's team keeps the stream's control room open through the first run: its update
# latency is timed from each message sent to the first pulse that counts it.
PAVILION_PASSWORD="correct horse battery staple" "$CARGO_TARGET_DIR/release/server" admin create-exhibitor \
  --email bench-host@example.com --name "Bench Host" --booth malabar-coast-spice-co >/dev/null
CONTROL_EMAIL=bench-host@example.com CONTROL_PASSWORD="correct horse battery staple" SERVER_PID=$pid \
  taskset -c 1 "$load" http://127.0.0.1:3200 "$stream" 10000 10 30
echo "== live room again, with 100 more viewers that stop reading (cut off; the others' p99 holds)"
SERVER_PID=$pid taskset -c 1 "$load" http://127.0.0.1:3200 "$stream" 10000 10 30 100
