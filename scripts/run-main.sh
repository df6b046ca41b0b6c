#!/usr/bin/env bash
# The main job: install what is missing, build (release), and tell the timer-lock contention
# story of Go's BenchmarkStop on four eras (go1.9's one lock, go1.13's buckets, go1.14's per-P
# heaps, go1.23's per-timer locks) at GOMAXPROCS 1, 2, 4 and 8, three seeds each: a summary
# that fits 100 columns with a verdict per era, and the report page (docs/report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh   # the animation player and report templates, embedded by the build
cmake --preset release -G Ninja >/dev/null
cmake --build build/release --target gotimers >/dev/null
mkdir -p build/report
./build/release/gotimers report stop --seeds 1..3 -o build/report/stop.html \
  --md build/report/stop.md "$@"
