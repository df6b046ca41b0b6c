#!/usr/bin/env bash
# The main job: install what is missing, build (release), and compare the eras on a shipped
# contention scenario (GOMAXPROCS 4 goroutines creating and stopping timers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh   # the animation player template, embedded by the build
cmake --preset release -G Ninja >/dev/null
cmake --build build/release --target gotimers
./build/release/gotimers run contention/stop-storm --era all "$@"
