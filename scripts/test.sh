#!/usr/bin/env bash
# The test command: formatting, clippy for both feature sets, unit and API tests on SQLite
# and PostgreSQL, and Playwright journeys against the release site (on both stores; the
# server built without link-time optimisation, see the `e2e` profile in Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh all

step() { printf '\n\033[1;35m== %s\033[0m\n' "$*"; }

# Incremental caches grow with every build in the shared target directory; when the disk
# runs low they go (they are caches: cargo rebuilds what it needs), so a run never fails
# for want of space.
mkdir -p "$CARGO_TARGET_DIR"
free_kib="$(df -Pk "$CARGO_TARGET_DIR" | awk 'NR == 2 { print $4 }')"
if [ "${free_kib:-0}" -lt $((20 * 1024 * 1024)) ]; then
  echo "less than 20 GiB free beside $CARGO_TARGET_DIR: clearing its incremental caches"
  rm -rf "$CARGO_TARGET_DIR"/debug/incremental "$CARGO_TARGET_DIR"/release/incremental \
    "$CARGO_TARGET_DIR"/*/debug/incremental "$CARGO_TARGET_DIR"/*/release/incremental \
    "$CARGO_TARGET_DIR"/*/*/debug/incremental
fi

pg_dir=""
cleanup() { [ -n "$pg_dir" ] && scripts/pg.sh stop "$pg_dir"; }
trap cleanup EXIT

step "rustfmt"
cargo fmt --all -- --check

# The two clippy runs side by side. The wasm one keeps a target directory of its own (cargo
# holds one directory's lock for a whole build) and prints when the ssr one is done. This
# buys about a minute, not half: the ssr run (`--all-targets`: the app's library and its
# tests at once) already keeps both cores busy most of the time.
step "clippy: ssr (server + app) and hydrate (wasm32), side by side"
hydrate_log="$(mktemp)"
cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
  --locked --target-dir "$CARGO_TARGET_DIR/wasm-check" -- -D warnings > "$hydrate_log" 2>&1 &
hydrate_clippy=$!
ssr_status=0
cargo clippy --workspace --all-targets --locked -- -D warnings || ssr_status=$?
hydrate_status=0
wait "$hydrate_clippy" || hydrate_status=$?
step "clippy: hydrate (wasm32)"
cat "$hydrate_log"
rm -f "$hydrate_log"
if [ "$ssr_status" -ne 0 ] || [ "$hydrate_status" -ne 0 ]; then
  echo "clippy failed (ssr: exit $ssr_status, hydrate: exit $hydrate_status)" >&2
  exit 1
fi

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  step "PostgreSQL: starting a throwaway cluster"
  if out="$(scripts/pg.sh start)"; then
    pg_dir="${out%% *}"
    export TEST_POSTGRES_URL="${out#* }"
  elif [ "${CI:-}" = true ]; then
    echo "no PostgreSQL could be started, and CI=true: failing rather than skipping" >&2
    exit 1
  else
    echo "no PostgreSQL: its tests will be skipped (set TEST_POSTGRES_URL to run them)" >&2
  fi
fi
echo "TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-<none>}"

step "unit and API tests (SQLite and PostgreSQL)"
# One invocation, so the app library is built once for both packages' tests (two would
# resolve features differently and build it twice).
cargo test -p app -p server --features app/ssr --locked

e2e() {
  local label="$1" url="$2"
  step "end-to-end ($label, release site, e2e server)"
  rm -rf end2end/test-results
  # The journeys use the server's own command line (PAVILION_SERVER_BIN) to create curators
  # and to configure the private nginx-rtmp that the live journey starts (on loopback ports
  # of its own, writing into PAVILION_LIVE_DIR, which the server serves HLS from).
  local live="$e2e_dir/live-$label" status=0
  mkdir -p "$live"
  # The meeting room's calls go only through a private coturn on loopback (relay only), as
  # where peers cannot reach each other directly: the journey's video proves the TURN
  # credentials the server hands out, against Debian's coturn.
  local turn_secret
  turn_secret="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port=34780 \
    --min-port=49160 --max-port=49260 --use-auth-secret --static-auth-secret="$turn_secret" \
    --realm=pavilion.test --no-tls --no-dtls --no-cli --allow-loopback-peers --fingerprint \
    --userdb="$e2e_dir/turndb-$label" --pidfile="$e2e_dir/turn-$label.pid" \
    --log-file="$e2e_dir/turn-$label.log" --simple-log > /dev/null 2>&1 &
  local turn=$!
  DATABASE_URL="$url" PAVILION_ADDR=127.0.0.1:3100 PAVILION_BASE_URL=http://127.0.0.1:3100 PAVILION_PAYMENTS_PROVIDER=test \
    PAVILION_SERVER_BIN="$CARGO_TARGET_DIR/e2e/server" \
    PAVILION_LIVE_DIR="$live" PAVILION_RTMP_URL=rtmp://127.0.0.1:19350/live PAVILION_HLS_PORT=18088 \
    PAVILION_TURN_URLS="turn:127.0.0.1:34780?transport=udp" PAVILION_TURN_SECRET="$turn_secret" \
    PAVILION_TURN_ONLY=true \
    cargo leptos end-to-end --release --project e2e || status=$?
  kill "$turn" 2>/dev/null || true
  mkdir -p "target/e2e-artifacts/$label"
  cp -r end2end/test-results/. "target/e2e-artifacts/$label/" 2>/dev/null || true
  # The runner's own report scrolls away behind cargo-leptos's backtrace: the failed journeys
  # and their first error lines come last, where a CI log's tail shows them.
  if [ "$status" -ne 0 ]; then
    echo "end-to-end ($label) failed:" >&2
    local context
    for context in end2end/test-results/*/error-context.md; do
      [ -f "$context" ] || continue
      sed -n 's/^- Name: /  failed: /p' "$context" >&2
      awk '/^# Error details/ { on = 1; next } on && /^```/ { if (++fence == 2) exit; next } on && NF' "$context" |
        head -n 3 | sed 's/^/    /' >&2
    done
  fi
  return "$status"
}

# The demo as the README's run command serves it (demo switched on: nginx-rtmp, the
# broadcaster, recorded replays, the simulated audience), in a process group of its own on
# ports of its own; Ctrl-C (SIGINT to the group) must leave nothing running.
demo_journey() {
  step "end-to-end (the demo, started by the run command)"
  local dir="$e2e_dir/demo" status=0
  mkdir -p "$dir"
  rm -rf end2end/test-results
  setsid env PAVILION_PROJECT=e2e DATABASE_URL="sqlite://$dir/pavilion.db" PAVILION_ADDR=127.0.0.1:3200 \
    PAVILION_LIVE_DIR="$dir/live" PAVILION_MEDIA_DIR="$dir/media" \
    PAVILION_RTMP_URL=rtmp://127.0.0.1:19351/live PAVILION_HLS_PORT=18089 \
    bash scripts/run.sh > "$dir/server.log" 2>&1 &
  local group=$!
  (cd end2end && PAVILION_DEMO_JOURNEY=1 PAVILION_BASE_URL=http://127.0.0.1:3200 \
    npx playwright test --project=hydrated) || status=$?
  kill -INT -- "-$group" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.2; done
  mkdir -p target/e2e-artifacts/demo
  cp -r end2end/test-results/. target/e2e-artifacts/demo/ 2>/dev/null || true
  cp "$dir/server.log" target/e2e-artifacts/demo/ 2>/dev/null || true
  # nginx's master names the live folder on its command line; its workers only hold the
  # ports: both must be gone.
  local port held=""
  for port in 3200 19351 18089; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then held="$held $port"; fi
  done
  if pgrep -f "$dir/live" >/dev/null || [ -n "$held" ]; then
    echo "after Ctrl-C, the demo left processes running (ports still open:${held:- none}):" >&2
    pgrep -af "$dir/live" >&2 || true
    pkill -KILL -f "$dir/live" || true
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    echo "the demo journey failed; its server's log:" >&2
    tail -n 40 "$dir/server.log" >&2
    return "$status"
  fi
}

e2e_dir="$(mktemp -d /tmp/pavilion-e2e.XXXXXX)"
# nginx's workers (user nobody when run as root) must reach the live folders inside.
chmod 755 "$e2e_dir"
e2e sqlite "sqlite://$e2e_dir/pavilion.db"
demo_journey
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS pavilion_e2e" -c "CREATE DATABASE pavilion_e2e" >/dev/null
  e2e postgres "${TEST_POSTGRES_URL%/*}/pavilion_e2e"
fi
rm -rf "$e2e_dir"
step "all tests passed"
