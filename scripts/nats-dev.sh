#!/usr/bin/env bash
# Starts a local NATS server with JetStream for the runtime's NatsEventLog (npm run nats:dev).
# Debian/Ubuntu: apt-get install nats-server. Store in .tmp/nats (gitignored); Ctrl-C stops it.
#   NATS_PORT   client port (default 4222, or a free port when 4222 is taken)
#   NATS_STORE  JetStream store directory (default .tmp/nats)
set -euo pipefail
bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
if [ ! -x "$bin" ]; then
  echo "nats-server not found: apt-get install nats-server" >&2
  exit 1
fi
# Debian's nats-server package runs a system service on 4222 without JetStream: when that port is taken and no
# NATS_PORT was asked for, take a free one and say which.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${NATS_PORT:-4222}"
if [ -z "${NATS_PORT:-}" ] && port_busy "$port"; then
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  echo "port 4222 is taken (Debian's nats-server service? systemctl disable --now nats-server); using $port" >&2
fi
store="${NATS_STORE:-.tmp/nats}"
mkdir -p "$store"
echo "NATS JetStream on nats://127.0.0.1:$port (store: $store)"
exec "$bin" -js -a 127.0.0.1 -p "$port" -sd "$store"
