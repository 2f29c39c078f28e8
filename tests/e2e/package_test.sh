#!/usr/bin/env bash
# Embedding and packaging, end to end: `cmake --install` into a clean prefix, the out-of-tree
# example (examples/in_process_server/) built against it with find_package(wsharness) and run
# (the catalogue over loopback TCP, the fuzz target over the seed corpus); then `cpack -G DEB`,
# the package unpacked into a clean root and its wsharness run.
#   package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1" src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/examples/in_process_server" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/example" -j2 >/dev/null
out="$("$work/example/catalogue")"
echo "$out" | tail -1
grep -q "480 cases, .* 0 fail" <<<"$out" || { echo "package_test: the example's catalogue run failed" >&2; exit 1; }
"$work/example/fuzz_my_server" "$src"/corpus/fuzz_websocketpp/*
echo "package_test: example fuzz target ran $(ls "$src"/corpus/fuzz_websocketpp | wc -l) seeds"

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/deb" >/dev/null
deb="$(ls "$work"/deb/wsharness_*_amd64.deb)"
# Captured first: with pipefail, `grep -q` quitting early would fail the pipeline by SIGPIPE.
control="$(dpkg-deb -I "$deb")"
grep -q "Depends:.*libpcap" <<<"$control" || { echo "package_test: no runtime dependencies declared" >&2; exit 1; }
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/wsharness" --version
set +e
"$work/root/usr/bin/wsharness" conformance --target websocketpp --cases '8.1/zero-length/*' --quiet
rc=$?
set -e
[ "$rc" -eq 0 ] || { echo "package_test: the packaged wsharness exited $rc" >&2; exit 1; }
echo "package_test: $(basename "$deb") installs and runs"
