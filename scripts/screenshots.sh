#!/usr/bin/env bash
# Regenerates the console screenshots in docs/screenshots/ (English and Simplified Chinese) from a
# demo pier-broker this script starts on loopback with sample topics and traffic:
#
#   scripts/screenshots.sh [build-dir]
#   SHOTS="topic-configs produce-templates" scripts/screenshots.sh [build-dir]   (only these)
#
# Each page is shot with scripts/screenshot.sh on a private Xvfb display. The broker, the
# traffic loop and pier's own data (a temporary XDG_DATA_HOME) are this script's and are removed
# at the end; only processes it started are stopped.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
broker_bin="$build/broker-core/pier-broker"
pierctl="$build/broker-core/pierctl"
out="$repo/docs/screenshots"
for tool in kcat "$broker_bin" "$pierctl"; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d)
broker_pid=""
traffic_pid=""
reader_pid=""
shot_pids=""  # dialog_shot's pier and Xvfb while it runs
cleanup() {
  set +e
  exec 3>&- 2>/dev/null  # the lag reader's stdin: it leaves its group and exits
  for pid in $shot_pids $reader_pid $traffic_pid $broker_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT

port=19192
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
bootstrap="127.0.0.1:$port"
printf 'broker.id=0\nbroker.rack=eu-west-1a\nlisteners=PLAINTEXT://%s\nlog.dirs=%s/logs\ngroup.initial.rebalance.delay.ms=0\n' \
  "$bootstrap" "$work" >"$work/server.properties"
"$broker_bin" "$work/server.properties" --log-file "$work/broker.log" &
broker_pid=$!
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

"$pierctl" topics --bootstrap-server "$bootstrap" --create --topic orders --partitions 6 >/dev/null
"$pierctl" topics --bootstrap-server "$bootstrap" --create --topic payments.v1 --partitions 3 >/dev/null
"$pierctl" topics --bootstrap-server "$bootstrap" --create --topic audit-log --partitions 1 \
  --config cleanup.policy=compact >/dev/null
for i in $(seq 0 499); do
  printf 'order-%d\t{"id":%d,"customer":"c%d","amount":%d.%02d,"items":["book","pen"],"currency":"EUR"}\n' \
    $((i % 41)) "$i" $((i * 7 % 97)) $((i * 13 % 200)) $((i % 100))
done | kcat -b "$bootstrap" -t orders -P -K $'\t' -H source=web -H trace-id=4bf92f3577b34da6 
for i in $(seq 0 199); do printf 'pay-%d\t{"order":%d,"status":"settled"}\n' "$i" "$i"; done |
  kcat -b "$bootstrap" -t payments.v1 -P -K $'\t'
for i in $(seq 0 49); do printf 'user-%d\tlogin\n' $((i % 9)); done | kcat -b "$bootstrap" -t audit-log -P -K $'\t'

# A consumer group that read part of "orders" and stays a member: lag for the groups page.
# (it stays until its stdin closes: a fifo this script holds open on fd 3)
mkfifo "$work/hold"
/usr/bin/python3 "$repo/tests/integration/clients/confluent_lag_reader.py" "$bootstrap" orders billing 300 \
  <"$work/hold" >"$work/reader.log" 2>&1 &
reader_pid=$!
exec 3>"$work/hold"
for _ in $(seq 100); do grep -q consumed "$work/reader.log" 2>/dev/null && break; sleep 0.2; done

# Traffic for the charts: bounded (400 rounds, a few minutes at most; stopped at the end). A
# console consumer in group "dashboards" reads and commits part of it each round: consume rates.
(for i in $(seq 1 400); do
   n=$(( (i % 7 + 3) * 15 ))
   seq 1 "$n" | kcat -b "$bootstrap" -t orders -P 2>/dev/null
   seq 1 $(( n / 3 + 5 )) | kcat -b "$bootstrap" -t payments.v1 -P 2>/dev/null
   "$pierctl" console-consumer --bootstrap-server "$bootstrap" --topic payments.v1 --group dashboards --from-beginning \
     --max-messages $(( n / 4 + 3 )) --timeout-ms 2000 >/dev/null 2>&1
   sleep 0.4
 done) &
traffic_pid=$!

export XDG_DATA_HOME="$work/pier-data"
export SCREEN_SIZE=${SCREEN_SIZE:-1600x1000}
# Two saved Produce templates (the table as settings/produce_templates.cpp makes it).
mkdir -p "$XDG_DATA_HOME/Pier/pier"
/usr/bin/python3 - "$XDG_DATA_HOME/Pier/pier/pier.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE IF NOT EXISTS produce_template (name TEXT PRIMARY KEY NOT NULL, topic TEXT NOT NULL,"
           " partition INTEGER NOT NULL, key_format TEXT, key_text TEXT, value_format TEXT, value_text TEXT,"
           " headers TEXT, repeat INTEGER NOT NULL)")
db.execute("INSERT OR REPLACE INTO produce_template VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
           ("order created", "orders", -1, "text", "order-42", "json",
            '{"id": 42, "customer": "c7", "amount": 19.90, "currency": "EUR"}',
            '[["source","web"],["trace-id","4bf92f3577b34da6"]]', 10))
db.execute("INSERT OR REPLACE INTO produce_template VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
           ("payment settled", "payments.v1", 0, "text", "pay-1", "json", '{"order": 1, "status": "settled"}',
            "[]", 1))
db.commit()
PY
wanted() { [[ -z ${SHOTS:-} || " $SHOTS " == *" $1 "* ]]; }
shot() {  # shot <name> <lang> <settle seconds> [pier args...]
  local name=$1 lang=$2 settle=$3
  shift 3
  wanted "$name" || return 0
  SETTLE_SECONDS=$settle PIER_BIN="$build/bin/pier" "$repo/scripts/screenshot.sh" "$out/$name-$lang.png" \
    --lang "$lang" --bootstrap "$bootstrap" --connection-name Sandbox "$@"
}
# dialog_shot <name> <lang> <settle seconds> [pier args...]: the main window with the dialog that
# --dialog opens over it. Xvfb's root image leaves such a dialog black, so the two windows are
# captured one by one (xwd -id) and composed at the dialog's place.
dialog_shot() {
  local name=$1 lang=$2 settle=$3 display="" xvfb="" pier="" main="" dialog="" line tree
  shift 3
  wanted "$name" || return 0
  for n in $(seq 141 180); do
    [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]] && { display=$n; break; }
  done
  [[ -n $display ]] || { echo "$0: no free X display number in 141..180" >&2; return 1; }
  Xvfb ":$display" -screen 0 2000x1400x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [[ -S /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
  DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$build/bin/pier" --lang "$lang" --bootstrap "$bootstrap" \
    --connection-name Sandbox "$@" 2>/dev/null &
  pier=$!
  shot_pids="$pier $xvfb"
  for _ in $(seq 150); do
    tree=$(DISPLAY=":$display" xwininfo -root -tree 2>/dev/null | grep '("pier" "pier")' || true)
    main=$(grep -E ' – Pier"|"Pier"' <<<"$tree" | awk '{print $1}' | head -n 1 || true)
    dialog=$(grep -vE ' – Pier"|"Pier"' <<<"$tree" | awk '{print $1}' | head -n 1 || true)
    [[ -n $main && -n $dialog ]] && break
    sleep 0.1
  done
  sleep "$settle"
  if [[ -n $main && -n $dialog ]]; then
    line=$(DISPLAY=":$display" xwininfo -id "$dialog")
    local x y
    x=$(sed -n 's/.*Absolute upper-left X: *//p' <<<"$line")
    y=$(sed -n 's/.*Absolute upper-left Y: *//p' <<<"$line")
    DISPLAY=":$display" xwd -id "$main" -silent | convert xwd:- "$work/main.png"
    DISPLAY=":$display" xwd -id "$dialog" -silent | convert xwd:- "$work/dialog.png"
    convert "$work/main.png" "$work/dialog.png" -geometry "+$x+$y" -composite \
      "png:$out/$name-$lang.png"
    echo "$out/$name-$lang.png"
  else
    echo "$0: $name-$lang: no dialog appeared" >&2
  fi
  kill "$pier" "$xvfb" 2>/dev/null || true
  wait "$pier" "$xvfb" 2>/dev/null || true
  shot_pids=""
}
for lang in en zh_CN; do
  shot overview "$lang" 3 --page overview
  shot topics "$lang" 3 --page topics --topic orders
  shot groups "$lang" 8 --page groups --group billing --refresh-seconds 1
  shot messages "$lang" 4 --page messages --topic orders
  shot charts "$lang" 30 --page charts --refresh-seconds 1
  dialog_shot topic-configs "$lang" 4 --page topics --topic audit-log --dialog configs
  dialog_shot produce-templates "$lang" 3 --page topics --topic orders --dialog produce --template "order created"
done
# Not connected: the welcome page; and a log segment of the demo broker in the hex view.
wanted welcome && SETTLE_SECONDS=2 PIER_BIN="$build/bin/pier" "$repo/scripts/screenshot.sh" "$out/welcome-en.png" --lang en
wanted hex-view && SETTLE_SECONDS=2 PIER_BIN="$build/bin/pier" "$repo/scripts/screenshot.sh" "$out/hex-view-en.png" --lang en \
  "$work/logs/orders-0/00000000000000000000.log"
exit 0
