#!/usr/bin/env bash
# The one list of Debian 12 packages Pier needs. Idempotent: when every package is already
# installed it makes no apt call at all. Works as root or through sudo.
set -euo pipefail

build=(
  cmake ninja-build g++ pkg-config make git python3
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  qt6-translations-l10n libqt6sql6-sqlite libgl-dev
  libqcustomplot-dev qtkeychain-qt6-dev libsqlite3-dev fonts-noto-cjk
  librdkafka-dev libasio-dev zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev
  nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev libssl-dev
  libbenchmark-dev clang-format libzookeeper-mt-dev
)
fuzz=(clang-14 libfuzzer-14-dev libclang-rt-14-dev)
gui_tests=(xvfb xauth x11-apps imagemagick)
clients=(
  kcat python3-kafka python3-confluent-kafka python3-kazoo zookeeper zookeeper-bin
  python3-snappy python3-lz4 python3-zstandard python3-xxhash
)
packages=("${build[@]}" "${fuzz[@]}" "${gui_tests[@]}" "${clients[@]}")

# One dpkg-query for the whole list: unknown packages are simply absent from its output.
declare -A installed=()
while read -r name status; do
  [[ "$status" == "install ok installed" ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  [[ -n "${installed[$p]:-}" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if ((EUID == 0)); then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: missing ${missing[*]} and not root, and sudo is not installed" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
