#!/usr/bin/env bash
# Install, build, and run every test: unit tests, properties, and end-to-end runs of the CLI
# against the real websocketpp target and the faulty servers in targets/faulty/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh default
ctest --preset default -j2
