#!/usr/bin/env bash
# Shows the fuzzer finds a planted bug from nothing, within a bounded number of runs:
#   planted_bug.sh PLANTED_FUZZER CLEAN_FUZZER RUNS
# PLANTED_FUZZER is fuzz_websocketpp linked with the glue built with WSH_PLANT_BUG_1002 (every
# close 1007 it sends becomes 1002). It starts from an empty corpus with a fixed seed and must
# abort with the oracle's wrong-code report; the saved input must reproduce with the planted
# binary and pass with the clean one (so the finding is the planted bug, nothing else).
set -euo pipefail
planted="$1" clean="$2" runs="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"

set +e
"$planted" -runs="$runs" -seed=1 -max_total_time=120 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1
status=$?
set -e
crash="$(ls "$work"/crash-* 2>/dev/null | head -1 || true)"
if [ "$status" -eq 0 ] || [ -z "$crash" ]; then
  echo "planted bug NOT found in $runs runs (exit $status)"; tail -20 "$work/log"; exit 1
fi
grep -q "closed with 1002, expected 1007" "$work/log" || { echo "fuzzer stopped, but not on the planted bug:"; tail -40 "$work/log"; exit 1; }
executed="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$work/log" | grep -Eo '[0-9]+$' || echo '?')"
echo "planted bug found after $executed executions (limit $runs); report:"
sed -n '/^wsh fuzz/,/^  got:/p' "$work/log"

"$planted" -runs=1 "$crash" >/dev/null 2>&1 && { echo "saved input does not reproduce with the planted build"; exit 1; }
"$clean" -runs=1 "$crash" >"$work/clean.log" 2>&1 || { echo "saved input fails the clean build too:"; tail -20 "$work/clean.log"; exit 1; }
echo "saved input reproduces with the planted build and passes with the clean one"
