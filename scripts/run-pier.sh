#!/usr/bin/env bash
# Starts the pier desktop console from a build directory (`make run`), with the local sandbox:
# as much of a Pier cluster as exists so far. Today that is one pier-broker on 127.0.0.1:9092
# (or the next free port) with its data under ~/.local/share/pier/sandbox, which pier connects to
# (as "Sandbox"); the broker is stopped (SIGTERM, a clean shutdown) when pier exits. pier-keeper
# joins when it exists.
set -euo pipefail
build_dir=${1:-build}
pier="$build_dir/bin/pier"
broker="$build_dir/broker-core/pier-broker"
if [[ ! -x "$pier" ]]; then
  echo "run-pier: $pier is missing; was the build configured with PIER_BUILD_APP=OFF?" >&2
  exit 1
fi
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run-pier: no display (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "          Run it from a desktop session, or headless: xvfb-run -a make run" >&2
  exit 1
fi
shift || true

sandbox="${XDG_DATA_HOME:-$HOME/.local/share}/pier/sandbox"
mkdir -p "$sandbox"
port=9092
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
cat >"$sandbox/server.properties" <<PROPS
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$sandbox/kafka-logs
num.partitions=3
# A single-node sandbox, as in Kafka's quickstart: __consumer_offsets with one replica, and a
# new consumer group's first rebalance without the 3 s wait for more members.
offsets.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
PROPS
"$broker" "$sandbox/server.properties" --log-file "$sandbox/pier-broker.log" &
broker_pid=$!
trap 'kill -TERM "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null || true' EXIT
echo "run-pier: sandbox pier-broker on 127.0.0.1:$port (log: $sandbox/pier-broker.log)"
"$pier" --bootstrap "127.0.0.1:$port" --connection-name Sandbox "$@"
