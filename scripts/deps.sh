#!/usr/bin/env bash
# Installs the Debian packages gotimers needs, only those missing. Run as root (or with sudo).
set -euo pipefail
pkgs=(build-essential cmake ninja-build git libcli11-dev nlohmann-json3-dev doctest-dev libfmt-dev
      libbenchmark-dev clang libclang-rt-14-dev)  # clang + its runtime: libFuzzer (fuzz/)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gotimers: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
