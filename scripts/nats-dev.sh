#!/usr/bin/env bash
# Starts a local NATS server with JetStream for the runtime's NatsEventLog (npm run nats:dev).
# Debian/Ubuntu: apt-get install nats-server. Store in .tmp/nats (gitignored); Ctrl-C stops it.
#   NATS_PORT   client port (default 4222)
#   NATS_STORE  JetStream store directory (default .tmp/nats)
set -euo pipefail
bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
if [ ! -x "$bin" ]; then
  echo "nats-server not found: apt-get install nats-server" >&2
  exit 1
fi
port="${NATS_PORT:-4222}"
store="${NATS_STORE:-.tmp/nats}"
mkdir -p "$store"
echo "NATS JetStream on nats://127.0.0.1:$port (store: $store)"
exec "$bin" -js -a 127.0.0.1 -p "$port" -sd "$store"
