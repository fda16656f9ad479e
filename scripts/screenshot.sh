#!/usr/bin/env bash
# Takes a screenshot of the pier main window on a private Xvfb display.
#
#   scripts/screenshot.sh <out.png> [pier args...]
#   e.g. scripts/screenshot.sh /tmp/welcome-zh_CN.png --lang zh_CN
#
# PIER_BIN overrides the binary (default: build/bin/pier next to this script's repository);
# SCREEN_SIZE overrides the virtual screen (default 1280x800), SETTLE_SECONDS the wait before the
# shot (default 1.5). Only the processes this script
# starts are stopped.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <out.png> [pier args...]" >&2
  exit 2
fi
out=$1
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
pier_bin=${PIER_BIN:-$repo/build/bin/pier}
screen_size=${SCREEN_SIZE:-1280x800}

for tool in Xvfb xwininfo xwd convert; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 1; }
done
[[ -x $pier_bin ]] || { echo "$0: $pier_bin is not built (set PIER_BIN)" >&2; exit 1; }

display=""
for n in $(seq 97 140); do
  if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then
    display=$n
    break
  fi
done
[[ -n $display ]] || { echo "$0: no free X display number in 97..140" >&2; exit 1; }

xvfb_pid=""
pier_pid=""
cleanup() {
  set +e
  for pid in $pier_pid $xvfb_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  return 0
}
trap cleanup EXIT

Xvfb ":$display" -screen 0 "${screen_size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
  [[ -S /tmp/.X11-unix/X$display ]] && break
  sleep 0.1
done
[[ -S /tmp/.X11-unix/X$display ]] || { echo "$0: Xvfb did not start on :$display" >&2; exit 1; }
export DISPLAY=":$display"

QT_QPA_PLATFORM=xcb "$pier_bin" "$@" &
pier_pid=$!

# Wait until a top-level window titled "Pier" or "... – Pier" is mapped; its geometry line reads
#   0x400007 "Pier": ("pier" "pier")  768x480+0+0  +0+0
geometry=""
for _ in $(seq 100); do
  if ! kill -0 "$pier_pid" 2>/dev/null; then
    echo "$0: pier exited before showing a window" >&2
    exit 1
  fi
  line=$(xwininfo -root -tree 2>/dev/null | grep -E '"([^"]* – )?Pier": \(' | head -n 1 || true)
  if [[ $line =~ ([0-9]+)x([0-9]+)\+-?[0-9]+\+-?[0-9]+\ +\+(-?[0-9]+)\+(-?[0-9]+) ]]; then
    geometry="${BASH_REMATCH[1]}x${BASH_REMATCH[2]}+${BASH_REMATCH[3]}+${BASH_REMATCH[4]}"
    break
  fi
  sleep 0.1
done
[[ -n $geometry ]] || { echo "$0: no pier window appeared" >&2; exit 1; }
sleep "${SETTLE_SECONDS:-1.5}"  # let the first frames paint (and first answers arrive)

mkdir -p "$(dirname "$out")"
xwd -root -silent | convert xwd:- -crop "$geometry" +repage "png:$out"
echo "$out ($geometry on :$display)"
