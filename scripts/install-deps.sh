#!/usr/bin/env bash
# Installs what wsharness needs from Debian 12's apt, only what is missing. Idempotent; run as root.
#   scripts/install-deps.sh          everything: the CLI, the tests, the fuzzers and every target
#   scripts/install-deps.sh --main   only what the main job builds and runs (scripts/conformance.sh:
#                                    the CLI with its in-process websocketpp target)
set -euo pipefail

main_only=false
case "${1:-}" in
  "") ;;
  --main) main_only=true ;;
  *) echo "install-deps: unknown option '$1' (usage: install-deps.sh [--main])" >&2; exit 2 ;;
esac

# The CLI: compiler and build tools, Asio + websocketpp (the in-process target), JSON, CLI11,
# zlib (permessage-deflate), RapidCheck (`wsharness fuzz`), libpcap (`wsharness explain`),
# OpenSSL (wss::// targets).
packages=(
  g++ cmake make pkg-config
  libasio-dev libwebsocketpp-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev
  librapidcheck-dev libpcap0.8-dev libssl-dev
)
if ! $main_only; then
  # Unit and end-to-end tests (GoogleTest); the headless browser for the HTML matrix test
  # (tests/e2e/e2e_html_browser_test.cpp); tcpdump for the capture tests.
  packages+=(libgtest-dev libgmock-dev chromium tcpdump)
  # openssl makes the TLS target's test certificates (targets/tls/install.sh).
  packages+=(openssl)
  # Dump tools the explain tests feed to --raw (xxd, hexdump -C), and Google Benchmark (bench/).
  packages+=(xxd bsdextrautils libbenchmark-dev)
  # Fuzzers (fuzzers/, `libfuzzer` preset): clang++ with libFuzzer and the sanitizer runtimes,
  # zip/unzip for the OSS-Fuzz build script's seed archives.
  packages+=(clang clang-14 libclang-rt-14-dev zip unzip)
  # Boost.Beast's headers (the beast target and fuzz_beast): any installed Boost that has them
  # will do. Debian's default is libboost-dev (1.74); a machine with libboost1.81-dev installed
  # must keep it, since apt refuses libboost-dev beside it.
  [ -e /usr/include/boost/beast.hpp ] || packages+=(libboost-dev)
  # Built-in targets (targets/): Python websockets, libwebsockets, and Tomcat 10.1 with a JDK to
  # compile its endpoint. Node.js for the ws targets: a machine that already has node/npm (e.g.
  # NodeSource's nodejs, which bundles npm) keeps them.
  packages+=(python3-websockets libwebsockets-dev libtomcat10-java openjdk-17-jdk-headless)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

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

$main_only && exit 0

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
