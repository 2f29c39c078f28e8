#!/usr/bin/env bash
# The README's ws sweep (section "Sweeping versions"): the last patch of every minor of Node.js
# `ws`, 1.0 to the newest, on the UTF-8 cases, each version installed on its own (no optional
# utf-8-validate) into the sweep cache. Then a bisection over every release in between, to name
# the exact version of each change. Reports in build/reports/sweep/. Needs node, npm and the
# npm registry. About 10 minutes on 2 cores; installs are cached for the next run.
# Usage: scripts/sweep-ws.sh [NEWEST]   (default: the newest release the registry lists)
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/default/harness/cli/wsharness
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
CASES='8.1/vector/surrogate/surrogate-d800,8.1/fail-fast/*,8.1/invalid-fragmented/*,5.5.1/close-reason/overlong'
NEWEST=${1:-latest}
OUT=build/reports/sweep
mkdir -p "$OUT"
# Findings (exit 1) are the point here: only a set-up error (exit 2) stops the script.
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
run "npm:ws@1.0.0..$NEWEST" --per-minor --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/ws-per-minor.json" --html "$OUT/ws-per-minor.html"
run "npm:ws@1.0.0..$NEWEST" --bisect --max-versions 400 --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/ws-bisect.json"
