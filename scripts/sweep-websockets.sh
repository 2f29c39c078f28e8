#!/usr/bin/env bash
# The README's websockets sweep (section "Sweeping versions"): Python `websockets` from 8.0 to the
# newest, every release, on the UTF-8 cases, each version in its own venv of the python3 on PATH
# (in the sweep cache); then a bisection over the same range. Reports in build/reports/sweep/.
# Needs python3 with venv and pip, and PyPI. About 10 minutes on 2 cores; installs are cached.
# Usage: scripts/sweep-websockets.sh [NEWEST]   (default: the newest release PyPI lists)
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/default/harness/cli/wsharness
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
CASES='8.1/vector/surrogate/surrogate-d800,8.1/fail-fast/*,8.1/invalid-fragmented/*,5.5.1/close-reason/overlong'
NEWEST=${1:-$(timeout 60 python3 -m pip index versions websockets 2>/dev/null | sed -n 's/^websockets (\(.*\))$/\1/p')}
OUT=build/reports/sweep
mkdir -p "$OUT"
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
run "pypi:websockets@8.0..$NEWEST" --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/websockets.json" --html "$OUT/websockets.html"
run "pypi:websockets@8.0..$NEWEST" --bisect --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/websockets-bisect.json"
