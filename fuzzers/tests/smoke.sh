#!/usr/bin/env bash
# Bounded, deterministic smoke campaign of one fuzzer over its committed corpus:
#   smoke.sh FUZZER CORPUS_DIR [RUNS]
# The committed corpus is read only: new inputs go to a temporary directory.
set -euo pipefail
fuzzer="$1" corpus="$2" runs="${3:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/new"
# -max_total_time bounds the wall time even if an input is slow; -timeout bounds one input.
status=0
"$fuzzer" -runs="$runs" -seed=1 -max_total_time=60 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/new" "$corpus" >"$work/log" 2>&1 || status=$?
grep -E "^(#[0-9]+ +(INITED|DONE)|stat::(number_of_executed_units|average_exec_per_sec|new_units_added))" "$work/log" || true
if [ "$status" -ne 0 ]; then
  echo "smoke: $(basename "$fuzzer") exited $status"
  sed -n '/^wsh fuzz/,/^  got:/p' "$work/log"
  tail -40 "$work/log"
  exit 1
fi
