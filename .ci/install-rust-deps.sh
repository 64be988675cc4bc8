#!/usr/bin/env bash
# Installs the Debian-packaged Rust crates the conformance oracle (test/conformance/rust) builds against, offline,
# through the source replacement in test/conformance/rust/.cargo/config.toml. Idempotent: installs only what is
# missing, and does nothing (not even `apt-get update`) when everything is present. Run as root on CI.
set -euo pipefail

packages=(
  librust-serde-dev
  librust-serde-derive-dev
  librust-serde-json-dev
  librust-chrono-dev
  librust-uuid-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-rust-deps: missing ${missing[*]}; run as root (or with sudo)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1 && [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ]]; then
  echo "install-rust-deps: cargo not found (PATH, \$CARGO_HOME/bin, ~/.cargo/bin): install a Rust toolchain (rustup, or apt-get install cargo)" >&2
  # CI must run the conformance suites; locally they skip with a loud message instead.
  [[ -n "${CI:-}" ]] && exit 1
fi

for crate in serde serde_derive serde_json chrono uuid; do
  if ! compgen -G "/usr/share/cargo/registry/${crate}-[0-9]*" >/dev/null; then
    echo "install-rust-deps: /usr/share/cargo/registry has no ${crate} after installing ${packages[*]}" >&2
    exit 1
  fi
done
echo "install-rust-deps: Debian crates present in /usr/share/cargo/registry"
