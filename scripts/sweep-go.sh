#!/usr/bin/env bash
# The README's Go sweeps (section "Sweeping versions"): every tagged release of gorilla/websocket,
# coder/websocket and gobwas/ws that the Go module proxy lists, on the UTF-8 cases, each built on
# its own around targets/go/<library>/main.go (in the sweep cache), then a bisection of each.
# Reports in build/reports/sweep/. Needs Go (PATH or /usr/local/go/bin) and the Go module proxy.
# A few minutes on 2 cores; builds are cached.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/default/harness/cli/wsharness
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
CASES='8.1/vector/surrogate/surrogate-d800,8.1/fail-fast/*,8.1/invalid-fragmented/*,5.5.1/close-reason/overlong'
OUT=build/reports/sweep
mkdir -p "$OUT"
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
for m in github.com/gorilla/websocket@v1.4.0 github.com/coder/websocket@v1.8.12 github.com/gobwas/ws@v1.0.2; do
  name=$(echo "$m" | cut -d/ -f2)  # gorilla, coder, gobwas
  run "go:$m..latest" --cases "$CASES" --timeout-ms 500 --json "$OUT/go-$name.json" --html "$OUT/go-$name.html"
  run "go:$m..latest" --bisect --cases "$CASES" --timeout-ms 500 --json "$OUT/go-$name-bisect.json"
done
