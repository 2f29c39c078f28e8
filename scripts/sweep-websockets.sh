#!/usr/bin/env bash
# The README's websockets sweep (section "Sweeping versions"): Python `websockets` from 8.0 to the
# newest, every release, on the UTF-8 cases, each version in its own venv (in the sweep cache).
# websockets before 10.0 does not run on Python 3.10 or newer (asyncio's `loop` arguments are
# gone), so the sweep runs twice: every release on Python 3.9 ($PY39; releases that need a newer
# Python fail to install and are marked so), and 10.0 to the newest on the python3 on PATH; then a
# bisection over the latter. Reports in build/reports/sweep/. Needs PyPI, python3 and a Python 3.9
# (pyenv's by default). About 10 minutes on 2 cores; installs are cached.
# Usage: scripts/sweep-websockets.sh [NEWEST]   (default: the newest release PyPI lists)
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/default/harness/cli/wsharness
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
CASES='8.1/vector/surrogate/surrogate-d800,8.1/fail-fast/*,8.1/invalid-fragmented/*,5.5.1/close-reason/overlong'
NEWEST=${1:-latest}
PY39=${PY39:-$(ls -d "$(pyenv root 2>/dev/null || echo ~/.pyenv)"/versions/3.9.*/bin/python3 2>/dev/null | tail -1)}
[ -x "$PY39" ] || { echo "sweep-websockets.sh: no Python 3.9 (set PY39=/path/to/python3.9)" >&2; exit 2; }
OUT=build/reports/sweep
mkdir -p "$OUT"
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
run "pypi:websockets@8.0..$NEWEST" --interpreter "$PY39" --cases "$CASES" --timeout-ms 500 --startup-timeout-ms 5000 \
  --json "$OUT/websockets-py39.json" --html "$OUT/websockets-py39.html"
run "pypi:websockets@10.0..$NEWEST" --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/websockets.json" --html "$OUT/websockets.html"
run "pypi:websockets@10.0..$NEWEST" --bisect --cases "$CASES" --timeout-ms 500 \
  --json "$OUT/websockets-bisect.json"
