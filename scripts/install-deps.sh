#!/usr/bin/env bash
# Installs what wsharness needs from Debian 12's apt, only what is missing. Idempotent; run as root.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libasio-dev libwebsocketpp-dev
  librapidcheck-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root (apt-get install needs it)" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
