#!/usr/bin/env bash
# Install, build, and run every test: unit tests and properties, end-to-end runs of the CLI
# against every built-in target and the faulty/hostile servers in targets/faulty/, the unit tests
# again under ASan/UBSan, then the libFuzzer targets' bounded smoke campaigns (the `libfuzzer` preset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The `ci` preset: the release build with warnings as errors (main builds with none).
scripts/build.sh ci
ctest --preset ci -j2 --no-tests=error
# The unit tests and properties again under ASan/UBSan (g++, the `debug` preset; only their
# executables are built: the e2e runs stay on the release build).
cmake --preset debug >/dev/null
cmake --build --preset debug-unit
ctest --preset debug -L unit -j2 --no-tests=error
scripts/libfuzzer-smoke.sh
