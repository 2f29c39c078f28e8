#!/usr/bin/env bash
# Install, build, and run every test: unit tests and properties, end-to-end runs of the CLI
# against every built-in target and the faulty/hostile servers in targets/faulty/, then the
# libFuzzer targets' bounded smoke campaigns (the `fuzz` preset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh default
ctest --preset default -j2
scripts/fuzz-smoke.sh
