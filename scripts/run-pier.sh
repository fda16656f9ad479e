#!/usr/bin/env bash
# Starts the pier desktop console from a build directory (`make run`), with the local sandbox:
# as much of a Pier cluster as exists so far. Today that is a 3-node pier-keeper ensemble (ZAB,
# client ports 2181.. or the next free ones) and one pier-broker on 127.0.0.1:9092 (or the next
# free port) keeping its metadata in that ensemble under /pier, all with their data under
# ~/.local/share/pier/sandbox. pier connects to the broker (as "Sandbox"); everything is stopped
# (SIGTERM, clean shutdowns) when pier exits. PIER_SANDBOX_KEEPERS=0 runs the broker alone with
# its metadata in a local file instead.
set -euo pipefail
build_dir=${1:-build}
pier="$build_dir/bin/pier"
broker="$build_dir/broker-core/pier-broker"
keeper="$build_dir/broker-core/pier-keeper"
keepers=${PIER_SANDBOX_KEEPERS:-3}
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
pids=()
stop_all() {
  # The broker first (it closes its ZooKeeper session), then the keepers; only our own PIDs.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT

taken=" "
free_port() {  # the first port from $1 up that nothing listens on and we did not hand out
  local port=$1
  while [[ "$taken" == *" $port "* ]] || (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  taken+="$port "
  echo "$port"
}

zk_connect=""
if ((keepers > 0)); then
  declare -a client_ports servers
  for ((i = 1; i <= keepers; i++)); do
    client_ports[i]=$(free_port $((2180 + i)))
    servers[i]="server.$i=127.0.0.1:$(free_port $((2887 + i))):$(free_port $((3887 + i)))"
  done
  for ((i = 1; i <= keepers; i++)); do
    dir="$sandbox/keeper-$i"
    mkdir -p "$dir/data"
    echo "$i" >"$dir/data/myid"
    {
      echo "tickTime=2000"
      echo "initLimit=10"
      echo "syncLimit=5"
      echo "dataDir=$dir/data"
      echo "clientPort=${client_ports[i]}"
      echo "clientPortAddress=127.0.0.1"
      echo "4lw.commands.whitelist=*"
      echo "autopurge.purgeInterval=1"
      printf '%s\n' "${servers[@]:1}"
    } >"$dir/zoo.cfg"
    "$keeper" "$dir/zoo.cfg" --log-file "$dir/pier-keeper.log" &
    pids+=($!)
    zk_connect+="${zk_connect:+,}127.0.0.1:${client_ports[i]}"
  done
  # Until one of them leads and all serve (bounded: 30 s).
  for ((t = 0; t < 300; t++)); do
    serving=0
    for ((i = 1; i <= keepers; i++)); do
      reply=$( (exec 3<>"/dev/tcp/127.0.0.1/${client_ports[i]}" && printf srvr >&3 && cat <&3) 2>/dev/null || true)
      [[ "$reply" == *"Mode: leader"* || "$reply" == *"Mode: follower"* ]] && serving=$((serving + 1))
    done
    ((serving == keepers)) && break
    sleep 0.1
  done
  if ((serving != keepers)); then
    echo "run-pier: the pier-keeper ensemble did not start serving; see $sandbox/keeper-*/pier-keeper.log" >&2
    exit 1
  fi
  echo "run-pier: sandbox pier-keeper ensemble on $zk_connect"
fi

port=$(free_port 9092)
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
[[ -n "$zk_connect" ]] && echo "zookeeper.connect=$zk_connect/pier" >>"$sandbox/server.properties"
"$broker" "$sandbox/server.properties" --log-file "$sandbox/pier-broker.log" &
pids+=($!)
echo "run-pier: sandbox pier-broker on 127.0.0.1:$port (log: $sandbox/pier-broker.log)"
"$pier" --bootstrap "127.0.0.1:$port" --connection-name Sandbox "$@"
