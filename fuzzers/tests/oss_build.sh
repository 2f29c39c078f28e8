#!/usr/bin/env bash
# Exercises fuzzers/oss-fuzz/build.sh as OSS-Fuzz would call it, with the local clang, no Docker:
#   oss_build.sh WORK_DIR
# Builds the parser-level targets (the whole-server ones share the same CMake path and are
# built by the libfuzzer preset already), checks $OUT's layout and runs each binary on its seeds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export WORK="$1"
export OUT="$WORK/out"
export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export WSH_FUZZERS="fuzz_utf8_differential fuzz_websocketpp_parser" WSH_JOBS=2
rm -rf "$OUT"
mkdir -p "$OUT"
"$here/../oss-fuzz/build.sh"

for f in $WSH_FUZZERS; do
  [ -x "$OUT/$f" ] || { echo "missing $OUT/$f"; exit 1; }
  [ -s "$OUT/${f}_seed_corpus.zip" ] || { echo "missing $OUT/${f}_seed_corpus.zip"; exit 1; }
  seeds="$WORK/seeds/$f"
  rm -rf "$seeds" && mkdir -p "$seeds"
  unzip -q "$OUT/${f}_seed_corpus.zip" -d "$seeds"
  "$OUT/$f" -runs=200 -seed=1 -max_total_time=30 "$seeds" >"$WORK/$f.log" 2>&1 || { tail -20 "$WORK/$f.log"; exit 1; }
  echo "$f: built by build.sh, $(ls "$seeds" | wc -l) seeds from its zip, ran clean"
done
