#!/usr/bin/env bash
# Python targets: one venv per pinned set (targets/python/.venv-*/, gitignored), each installed
# with `pip install --require-hashes` from requirements-*.txt (pip-compile --generate-hashes from
# requirements-*.in). Several websockets versions cannot share one venv, hence one venv per set:
#   .venv-latest        websockets (newest), aiohttp, tornado, uvicorn + wsproto
#   .venv-websockets10  websockets 10.0 exactly (an sdist on 3.11: built with the backend pinned in
#                       requirements-websockets10-build.txt, installed first)
# Idempotent: a venv whose stamp is newer than its requirements files is left alone (no network).
# Interpreter: CPython 3.11 (pyenv's python3 first on PATH, else Debian's python3 with venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# CPython 3.11 with venv and ensurepip: pyenv's (first on PATH) or Debian's, whose venv support
# is the separate package python3-venv.
usable() { "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }
python=""
for p in python3.11 python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && usable "$p"; then
    python="$(command -v "$p")"
    break
  fi
done
if [ -z "$python" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "targets/python: no CPython 3.11 with venv; run as root or: apt-get install python3 python3-venv" >&2
    exit 2
  fi
  echo "targets/python: apt-get install python3 python3-venv"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv
  python=/usr/bin/python3
  usable "$python" || { echo "targets/python: /usr/bin/python3 is not CPython 3.11 with venv" >&2; exit 2; }
fi

for set in latest websockets10; do
  venv="$here/.venv-$set" req="$here/requirements-$set.txt" build="$here/requirements-$set-build.txt"
  if [ "$venv/.installed" -nt "$req" ] && { [ ! -e "$build" ] || [ "$venv/.installed" -nt "$build" ]; } &&
    [ -x "$venv/bin/python" ]; then
    echo "targets/python: .venv-$set present"
    continue
  fi
  echo "targets/python: installing .venv-$set (requirements-$set.txt, hashes checked)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input --require-hashes)
  if [ -e "$build" ]; then
    # An sdist in the set (websockets 10.0) builds with the pinned backend, not whatever is newest.
    "${pip[@]}" -r "$build"
    "${pip[@]}" --no-build-isolation -r "$req"
  else
    "${pip[@]}" -r "$req"
  fi
  touch "$venv/.installed"
done
