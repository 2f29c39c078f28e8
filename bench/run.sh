#!/usr/bin/env bash
# The benchmark table (issue #8; README "Benchmarks"): builds what it needs (presets `default`
# and `fuzz`), then measures the harness against its physical limits, each ratio side by side in
# this one run, and prints one Markdown table: measure | harness | baseline | ratio | goal | met?
#   bench/run.sh [--quick]      (--quick: about 1 minute after the builds; full: about 4 minutes)
# Exit 0 when everything could be measured (a missed goal is a "missed" row, not an error);
# 2 if a build or a measurement failed (named on stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  ""|--quick) ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac
{ scripts/install-deps.sh && scripts/build.sh default && scripts/build.sh libfuzzer; } >/tmp/wsh_bench_build.$$.log 2>&1 || {
  tail -20 /tmp/wsh_bench_build.$$.log >&2
  echo "bench: build failed (log: /tmp/wsh_bench_build.$$.log)" >&2
  exit 2
}
rm -f /tmp/wsh_bench_build.$$.log
PYTHONDONTWRITEBYTECODE=1 exec timeout 1800 python3 bench/measure.py "$@"
