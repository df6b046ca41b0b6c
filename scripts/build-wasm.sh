#!/usr/bin/env bash
# Builds the heap lab in WebAssembly (wasm/CMakeLists.txt) with Debian's Emscripten:
# build/wasm/gotimers-lab.js, one file with the wasm inside (about 2 MB), which the lab page
# (scripts/build-site.sh) and the tests (tests/browser/lab-wasm.test.js) load.
# Usage: build-wasm.sh [BUILD_DIR]   (default build/wasm; about a minute on two cores)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/wasm}
# Emscripten's JavaScript optimizer needs acorn, which Debian installs (node-acorn) where a
# Node.js from elsewhere does not look.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
emcmake cmake -S wasm -B "$dir" -G Ninja >/dev/null
cmake --build "$dir"
