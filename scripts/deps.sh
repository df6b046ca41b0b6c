#!/usr/bin/env bash
# Installs the Debian packages gotimers needs, only those missing. Run as root (or with sudo).
set -euo pipefail
pkgs=(build-essential cmake ninja-build git libcli11-dev nlohmann-json3-dev doctest-dev libfmt-dev
      libbenchmark-dev libboost-context-dev libmimalloc-dev pkg-config libcairo2-dev libgif-dev fonts-dejavu-core
      chromium  # cairo + giflib: GIF animations; chromium: the player's browser tests
      parallel  # GNU parallel: the sharded-sweep test runs its shards with it
      clang-19 libclang-rt-19-dev  # the compiler (every preset), its sanitizer and libFuzzer runtimes
      golang-1.19-go golang-golang-x-tools-dev  # the Go front end (src/gofront): go/types, go/ssa
      emscripten)  # the heap lab in WebAssembly (wasm/): the lab page
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gotimers: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The animation player (viz/) and its browser tests are npm projects pinned by lockfiles; they
# use the machine's Node.js and npm.
if ! command -v npm >/dev/null; then
  echo "gotimers: installing nodejs npm"
  DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq nodejs npm >/dev/null
fi
