#!/usr/bin/env bash
# Installs what wsharness needs from Debian 12's apt, only what is missing. Idempotent; run as root.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libasio-dev libwebsocketpp-dev
  librapidcheck-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev
)
# Headless browser for the HTML matrix test (tests/e2e/e2e_html_browser_test.cpp).
packages+=(chromium)
# Packet captures for `explain` (libpcap) and the test that records a real one (tcpdump).
packages+=(libpcap0.8-dev tcpdump)
# Dump tools the explain tests feed to --raw (xxd, hexdump -C), and Google Benchmark (bench/).
packages+=(xxd bsdextrautils libbenchmark-dev)
# Fuzzers (fuzzers/, `fuzz` preset): clang++ with libFuzzer and the sanitizer runtimes, Beast's
# headers (Debian's Boost 1.74), zip/unzip for the OSS-Fuzz build script's seed archives.
packages+=(clang clang-14 libclang-rt-14-dev libboost-dev zip unzip)
# Built-in targets (targets/): Python websockets, libwebsockets, Boost.Beast (Debian's default
# Boost, 1.74), and Tomcat 10.1 with a JDK to compile its endpoint. Node.js for the ws targets:
# a machine that already has node/npm (e.g. NodeSource's nodejs, which bundles npm) keeps them.
packages+=(python3-websockets libwebsockets-dev libboost-dev libtomcat10-java openjdk-17-jdk-headless)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root (apt-get install needs it)" >&2
    exit 2
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Node.js targets' pinned ws versions (targets/node/package-lock.json). npm records what it
# installed in node_modules/.package-lock.json: newer than the lockfile means nothing to do.
node_dir="$(cd "$(dirname "$0")/../targets/node" && pwd)"
if [ "$node_dir/node_modules/.package-lock.json" -nt "$node_dir/package-lock.json" ]; then
  echo "install-deps: targets/node modules present"
else
  echo "install-deps: npm ci in targets/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Each ecosystem's targets install and build their own pinned servers (targets/<ecosystem>/
# install.sh: idempotent, and offline once it has run).
for script in "$(cd "$(dirname "$0")/.." && pwd)"/targets/*/install.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done
