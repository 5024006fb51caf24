#!/usr/bin/env bash
# The run command: install what is missing, build the release site, migrate, seed the demo
# pavilion into an empty SQLite database, and serve it on http://127.0.0.1:3000/ with the
# demo's live video and audience running.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/ensure-tools.sh build
# The demo takes payments through the built-in test provider (every page says TEST MODE);
# a real deployment sets Stripe's keys instead.
export PAVILION_PAYMENTS_PROVIDER="${PAVILION_PAYMENTS_PROVIDER:-test}"
# The demo comes alive: nginx-rtmp and a broadcaster on the live stream, recorded replays,
# a simulated audience in the room — all marked as demo, all stopped with the server.
export PAVILION_DEMO_LIVE="${PAVILION_DEMO_LIVE:-true}"
# The end-to-end suite serves the demo from its own quicker build (PAVILION_PROJECT=e2e: the
# same site, the server without link-time optimisation); anyone else gets the release one.
exec cargo leptos serve --release --project "${PAVILION_PROJECT:-pavilion}"
