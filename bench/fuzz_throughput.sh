#!/usr/bin/env bash
# Benchmark: generated sequences per second of `wsharness fuzz` against the in-process
# websocketpp target (and the reference server for comparison), with 1 and 2 jobs. Not a test:
# the numbers depend on the machine. Each line: target, jobs, sequences, seconds, sequences/s,
# distinct failures (websocketpp's two known bugs show up as a few keys; their shrinking and the
# deadlines of its no-close bug are included in the time).
#   bench/fuzz_throughput.sh [RUNS]        (default 5000; build first: scripts/build.sh default)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5000}"
B=build/default/harness/cli/wsharness
F=build/default/targets/faulty
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-22s %4s %8s %8s %10s %9s\n' target jobs runs seconds 'runs/s' failures
for jobs in 1 2; do
  for t in websocketpp reference_server; do
    if [ "$t" = websocketpp ]; then server=(--target websocketpp); else server=(--command "$F/reference_server --port {port}"); fi
    "$B" fuzz "${server[@]}" --runs "$runs" --seed 1 --jobs "$jobs" --out "$out/$t" --json "$out/$t.json" >/dev/null || true
    python3 - "$out/$t.json" "$t" "$jobs" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<22} {sys.argv[3]:>4} {d['runs']:>8} {d['duration_ms']/1000:>8.1f} {d['runs_per_second']:>10.0f} {len(d['failures']):>9}")
PY
  done
done
