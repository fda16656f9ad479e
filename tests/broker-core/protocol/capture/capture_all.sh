#!/usr/bin/env bash
# Re-captures the golden request frames in ../testdata/golden/<client>/ from real clients:
# kcat (librdkafka), kafka-python and confluent-kafka, each against its own pier_capture on a
# free loopback port. Review the diff of testdata/golden before committing.
#
#   capture_all.sh <build-dir>/tests/broker-core/protocol/capture/pier_capture [out-dir]
#
# Needs kcat and, for /usr/bin/python3 (the system one: python3-kafka, python3-confluent-kafka),
# kafka-python and confluent-kafka. Every client run is bounded by `timeout`, every capture by
# --seconds; only processes started here are stopped.
set -u

CAPTURE=${1:?usage: capture_all.sh <pier_capture> [out-dir]}
OUT=${2:-$(cd "$(dirname "$0")/.." && pwd)/testdata/golden}
PY=/usr/bin/python3
CLIENT_SECONDS=20
TMP=$(mktemp -d)
CAPTURE_PID=

cleanup() {
  if [ -n "$CAPTURE_PID" ]; then kill "$CAPTURE_PID" 2>/dev/null; wait "$CAPTURE_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# start_capture <client> [api,api]: a pier_capture writing to $OUT/<client>; sets PORT.
start_capture() {
  rm -f "$TMP/port"
  "$CAPTURE" --out "$OUT/$1" --port-file "$TMP/port" --seconds 60 ${2:+--apis "$2"} \
    2>>"$TMP/$1.log" &
  CAPTURE_PID=$!
  for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
  PORT=$(cat "$TMP/port")
  BROKER=127.0.0.1:$PORT
}

stop_capture() {
  kill "$CAPTURE_PID" 2>/dev/null
  wait "$CAPTURE_PID" 2>/dev/null
  CAPTURE_PID=
}

# run <what> <command...>: bounded client run, reports the outcome without stopping the script.
run() {
  local what=$1
  shift
  if timeout -k 2 "$CLIENT_SECONDS" "$@" >"$TMP/out" 2>&1; then
    echo "ok      $what"
  else
    echo "FAILED  $what (exit $?)"
    sed 's/^/        /' "$TMP/out" | tail -5
  fi
}


rm -rf "$OUT/kcat" "$OUT/kafka-python" "$OUT/confluent-kafka"
mkdir -p "$OUT"

if command -v kcat >/dev/null; then
  start_capture kcat
  run "kcat producer" sh -c "printf 'golden-1\ngolden-2\ngolden-3\n' | kcat -P -b $BROKER -t golden"
  run "kcat metadata" kcat -L -b "$BROKER"
  run "kcat consumer" kcat -C -b "$BROKER" -t golden -o beginning -e -q
  stop_capture
  # Compressed produce requests: only Produce is new, so keep only those.
  for codec in gzip snappy lz4 zstd; do
    start_capture kcat Produce
    run "kcat producer -z $codec" sh -c \
      "printf 'golden-1\ngolden-2\ngolden-3\n' | kcat -P -z $codec -b $BROKER -t golden"
    stop_capture
  done
else
  echo "SKIPPED kcat: not installed"
fi

start_capture kafka-python
kafka_python_producer() {
  run "kafka-python producer $*" "$PY" - "$BROKER" "$@" <<'PYEOF'
import sys
from kafka import KafkaProducer
extra = {"compression_type": sys.argv[2]} if len(sys.argv) > 2 else {}
p = KafkaProducer(bootstrap_servers=sys.argv[1], client_id="pier-golden", **extra)
for i in range(3):
    p.send("golden", key=b"k%d" % i, value=b"golden-%d" % i)
p.flush(10)
p.close(5)
PYEOF
}
kafka_python_producer
stop_capture
start_capture kafka-python Produce
kafka_python_producer gzip
stop_capture

start_capture confluent-kafka
run "confluent-kafka producer" "$PY" - "$BROKER" <<'PYEOF'
import sys
from confluent_kafka import Producer
p = Producer({"bootstrap.servers": sys.argv[1], "client.id": "pier-golden"})
for i in range(3):
    p.produce("golden", key=b"k%d" % i, value=b"golden-%d" % i)
left = p.flush(10)
sys.exit(1 if left else 0)
PYEOF
stop_capture
# Idempotent producer: InitProducerId, and Produce with producer id and sequence numbers.
start_capture confluent-kafka InitProducerId,Produce
run "confluent-kafka idempotent producer" "$PY" - "$BROKER" <<'PYEOF'
import sys
from confluent_kafka import Producer
p = Producer({"bootstrap.servers": sys.argv[1], "client.id": "pier-golden",
              "enable.idempotence": True, "compression.type": "lz4"})
for i in range(3):
    p.produce("golden", key=b"k%d" % i, value=b"golden-%d" % i)
sys.exit(1 if p.flush(10) else 0)
PYEOF
stop_capture
start_capture confluent-kafka Metadata
run "confluent-kafka admin list_topics" "$PY" - "$BROKER" <<'PYEOF'
import sys
from confluent_kafka.admin import AdminClient
md = AdminClient({"bootstrap.servers": sys.argv[1]}).list_topics(timeout=10)
print(sorted(md.topics))
PYEOF
stop_capture

echo
for dir in "$OUT"/*/; do
  echo "$(basename "$dir"): $(ls "$dir" | tr '\n' ' ')"
done
du -sh "$OUT"
