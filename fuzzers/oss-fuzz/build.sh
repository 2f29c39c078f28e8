#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script (their build.sh contract): builds the fuzz targets
# with the engine's toolchain and flags and puts them, with seed corpora, in $OUT.
#   honours: $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT, and $WORK for the build tree
#   optional: WSH_FUZZERS="fuzz_x fuzz_y" (default: all), WSH_JOBS (default: nproc)
# Run locally with clang (no Docker): see fuzzers/README.md; fuzzers/tests/oss_build.sh does.
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="${WORK:-$src/build/oss-fuzz}/wsharness"
fuzzers="${WSH_FUZZERS:-fuzz_websocketpp fuzz_beast fuzz_websocketpp_parser fuzz_utf8_differential}"

# CMAKE_CXX_FLAGS carries $CXXFLAGS (sanitizers, -fsanitize=fuzzer-no-link) to every object and
# link; only fuzz targets get $LIB_FUZZING_ENGINE. No tests or tools: they need more packages.
cmake -S "$src" -B "$build" -G "Unix Makefiles" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_BUILD_TYPE= \
  -DWSH_FUZZ=ON -DWSH_FUZZ_TOOLS=OFF -DWSH_BUILD_TESTS=OFF \
  -DWSH_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" >/dev/null
# shellcheck disable=SC2086  # $fuzzers is a list of target names
cmake --build "$build" -j"${WSH_JOBS:-$(nproc)}" --target $fuzzers

for f in $fuzzers; do
  cp "$build/fuzzers/$f" "$OUT/"
  # <fuzzer>_seed_corpus.zip next to the binary is how OSS-Fuzz and ClusterFuzzLite find seeds.
  rm -f "$OUT/${f}_seed_corpus.zip"
  (cd "$src/corpus/$f" && zip -q -r "$OUT/${f}_seed_corpus.zip" .)
done
echo "oss-fuzz build: $fuzzers -> $OUT"
