#!/usr/bin/env bash
# Benchmark, not a test: exec/s of each fuzzer on its committed corpus, same seed and duration,
# one process each, run one after the other (fuzzers/README.md, "Benchmark").
#   fuzzers/bench_exec_rate.sh [SECONDS]   (default 30; needs the libfuzzer preset built)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "| fuzzer | exec/s | runs in ${seconds}s |"
echo "|---|---|---|"
for f in fuzz_websocketpp_parser fuzz_websocketpp_server_only fuzz_websocketpp fuzz_beast fuzz_utf8_differential; do
  mkdir -p "$work/$f"
  corpus="corpus/$f"
  [ "$f" = fuzz_websocketpp_server_only ] && corpus=corpus/fuzz_websocketpp  # the same inputs
  build/libfuzzer/fuzzers/$f -seed=1 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/$f" "$corpus" >"$work/$f.log" 2>&1 || true
  rate="$(grep -Eo 'average_exec_per_sec: +[0-9]+' "$work/$f.log" | grep -Eo '[0-9]+$' || echo '?')"
  runs="$(grep -Eo 'number_of_executed_units: +[0-9]+' "$work/$f.log" | grep -Eo '[0-9]+$' || echo '?')"
  echo "| $f | $rate | $runs |"
done
