#!/usr/bin/env bash
# Starts the pier desktop console from a build directory (`make run`).
# Today there is no Pier broker or keeper to start yet, so pier opens unconnected; the sandbox
# cluster joins this script when pier-broker and pier-keeper exist.
set -euo pipefail
build_dir=${1:-build}
pier="$build_dir/bin/pier"
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
exec "$pier" "$@"
