#!/usr/bin/env bash
# Fuzzes the parsers that take outside bytes (fuzz/fuzz_targets: checkout JSON, payment
# webhooks, translation imports, request preferences, live-room frames, form fields) with
# cargo-fuzz and libFuzzer on the nightly toolchain (panics, hangs and runaway memory; no
# AddressSanitizer, as the project forbids `unsafe`), each for FUZZ_SECONDS (60 by default).
# The corpus grows in the cargo cache between runs; a crash stops the run and leaves its input
# under $CARGO_TARGET_DIR/../fuzz/artifacts: turn it into a unit test in app/src/fuzzing.rs.
# On demand, never in CI (CI's smoke is that file's unit test, over generated inputs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
seconds="${FUZZ_SECONDS:-60}"

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

work="$(dirname "$CARGO_TARGET_DIR")/fuzz"
mkdir -p "$work"
targets="${*:-$(cargo +nightly fuzz list --fuzz-dir fuzz)}"
fuzz() { CARGO_TARGET_DIR="$work/target" cargo +nightly fuzz "$1" --dev --sanitizer none --fuzz-dir fuzz "${@:2}"; }
echo "== building the targets (nightly, dev profile)"
fuzz build
for target in $targets; do
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  rm -f "$work/artifacts/$target"/*
  echo "== $target: ${seconds} s"
  status=0
  fuzz run "$target" "$work/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 \
    > "$work/$target.log" 2>&1 || status=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$target.log" || true
  if [ "$status" != 0 ] || ls "$work/artifacts/$target"/* >/dev/null 2>&1; then
    tail -40 "$work/$target.log" >&2
    echo "$target failed; its input: $(ls "$work/artifacts/$target"/* 2>/dev/null)" >&2
    exit 1
  fi
done
echo "== every target ran ${seconds} s without a crash"
