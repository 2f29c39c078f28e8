#!/usr/bin/env bash
# Builds the Rust echo servers (tokio-tungstenite, fastwebsockets, axum) with
# `cargo build --release --locked`: every crate version pinned by Cargo.lock. Build output stays in
# targets/rust/target/ (gitignored). The first run downloads the crates from crates.io into
# cargo's own cache; later runs build offline. Idempotent: with the binaries newer than their
# sources it does nothing.
set -euo pipefail
cd "$(dirname "$0")"

programs=(tokio_tungstenite_echo fastwebsockets_echo axum_echo)
sources=(Cargo.toml Cargo.lock build.rs install.sh)
for p in "${programs[@]}"; do sources+=("src/bin/$p.rs"); done

up_to_date() {
  for p in "${programs[@]}"; do
    for s in "${sources[@]}"; do [ "target/release/$p" -nt "$s" ] || return 1; done
  done
}
if up_to_date; then
  echo "targets/rust: ${programs[*]} built"
  exit 0
fi

# rustup's cargo (the CI image has it in ~/.cargo/bin). Debian 12's cargo (1.65) is too old for
# these crates, so there is no apt fallback.
export PATH="$PATH:$HOME/.cargo/bin"
if ! command -v cargo >/dev/null; then
  echo "targets/rust: the program cargo is missing: install Rust with rustup (the CI image has it in ~/.cargo/bin)" >&2
  exit 2
fi

export CARGO_TARGET_DIR="$PWD/target"
# Two shared cores: two jobs at most.
if ! cargo build --release --locked --offline -j2 --quiet 2>/dev/null; then
  echo "targets/rust: fetching the pinned crates and building (a minute or two)"
  cargo build --release --locked -j2 --quiet
fi
touch "${programs[@]/#/target/release/}"
echo "targets/rust: built ${programs[*]} into targets/rust/target/release"
