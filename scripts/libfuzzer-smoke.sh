#!/usr/bin/env bash
# CI entry point for the fuzzers: configure + build the `libfuzzer` preset, run its CTest checks
# (bounded smoke campaigns, the planted-bug test, regressions, corpus and build-script checks).
# Installs nothing: scripts/install-deps.sh must have run. Exit code is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
start="$(date +%s)"
scripts/build.sh libfuzzer
ctest --preset libfuzzer
echo "libfuzzer-smoke: passed in $(( $(date +%s) - start )) s"
