#!/usr/bin/env bash
# Builds the Go echo servers (gorilla, coder-websocket, gobwas) into targets/go/bin/, from the
# module versions pinned in go.mod and checked against go.sum. The modules go to a module cache
# inside this folder (.gomodcache/, gitignored): the first run fetches them from the Go module
# proxy, every later run builds offline (GOPROXY=off). Idempotent: with the binaries newer than
# their sources it does nothing.
set -euo pipefail
cd "$(dirname "$0")"

programs=(gorilla coder-websocket gobwas)
sources=(go.mod go.sum install.sh)
for p in "${programs[@]}"; do sources+=("$p/main.go"); done

up_to_date() {
  for p in "${programs[@]}"; do
    for s in "${sources[@]}"; do [ "bin/$p" -nt "$s" ] || return 1; done
  done
}
if up_to_date; then
  echo "targets/go: ${programs[*]} built"
  exit 0
fi

# go.mod's `go` line (gobwas/ws 1.5.0 needs 1.26) is the oldest Go that builds these; Debian 12's
# golang-go (1.19) is too old, so there is no apt fallback.
need=$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)
export PATH="$PATH:/usr/local/go/bin"  # where the official Go tarball (and the CI image) puts it
if ! command -v go >/dev/null; then
  echo "targets/go: the program go is missing: install Go >= $need (the CI image has it in /usr/local/go)" >&2
  exit 2
fi
have=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  echo "targets/go: go $have is older than go.mod's $need: install Go >= $need (the CI image has it in /usr/local/go)" >&2
  exit 2
fi

export GOMODCACHE="$PWD/.gomodcache"
export GOFLAGS="-mod=readonly -modcacherw -buildvcs=false"
export GOTOOLCHAIN=local
# Offline when the cache already holds every pinned module; else fetch them (checked against go.sum).
if GOPROXY=off go mod download 2>/dev/null; then
  export GOPROXY=off
else
  echo "targets/go: fetching the pinned modules"
  go mod download
fi
mkdir -p bin
for p in "${programs[@]}"; do
  go build -trimpath -o "bin/$p" "./$p"
done
echo "targets/go: built ${programs[*]} into targets/go/bin"
