#!/usr/bin/env bash
# The README's tungstenite sweep (section "Sweeping versions"): tokio-tungstenite (tungstenite's
# async wrapper, released in step with it), the last patch of every minor from 0.14 (the first on
# tokio 1) to the newest, on the UTF-8 cases, each built on its own around
# targets/rust/src/bin/tokio_tungstenite_echo.rs (in the sweep cache; one shared target
# directory), then a bisection over every release. Reports in build/reports/sweep/. Needs cargo
# and crates.io. About 10 minutes on 2 cores the first time; builds are cached.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/default/harness/cli/wsharness
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
CASES='8.1/vector/surrogate/surrogate-d800,8.1/fail-fast/*,8.1/invalid-fragmented/*,5.5.1/close-reason/overlong'
OUT=build/reports/sweep
mkdir -p "$OUT"
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
run "crates:tokio-tungstenite@0.14.0..latest" --per-minor --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/tokio-tungstenite.json" --html "$OUT/tokio-tungstenite.html"
run "crates:tokio-tungstenite@0.14.0..latest" --bisect --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/tokio-tungstenite-bisect.json"
