#!/usr/bin/env bash
# The main job: install, build, and run the conformance catalogue against the built-in
# websocketpp target. Extra arguments go to `wsharness conformance` (e.g. --text-only).
# Exit code is wsharness's: 0 clean, 1 findings, 2 set-up error.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --main
# Only the CLI: the in-process websocketpp target is part of it (no tests, benches or fixtures).
cmake --preset default >/dev/null
cmake --build --preset wsharness
mkdir -p build/reports
exec build/default/harness/cli/wsharness conformance --target websocketpp \
  --json build/reports/websocketpp.json --junit build/reports/websocketpp.xml "$@"
