#!/usr/bin/env bash
# Quick start, step 1: install everything eventspec and its tests need, then generate from schema/.
#   - Debian packages (as root, only the missing ones): the serde crates the conformance oracle builds against,
#     nats-server for the JetStream sink tests, python3-jsonschema for the cross-language schema check;
#   - npm dependencies (npm ci);
#   - npm run gen.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(nats-server python3-jsonschema)
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # Debian's nats-server package enables a system service on 127.0.0.1:4222 without JetStream; the tests and
    # `npm run nats:dev` start their own servers, so the one this script just installed is switched off.
    if [[ " ${missing[*]} " == *" nats-server "* ]] && [[ -d /run/systemd/system ]]; then
      systemctl disable --now nats-server >/dev/null 2>&1 || true
    fi
  else
    echo "setup: missing Debian packages ${missing[*]} (run as root to install them); the tests that need them will say so" >&2
  fi
fi
if [[ $(id -u) -eq 0 ]]; then
  bash .ci/install-rust-deps.sh
fi

npm ci --no-audit --no-fund
npm run gen
