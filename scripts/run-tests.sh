#!/usr/bin/env bash
# Every test: install what is missing, build the debug preset and run the whole suite, then
# the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
# Set GOTIMERS_SKIP_ASAN=1 to run only the debug suite (faster, for local iteration).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh
cmake --preset debug -G Ninja >/dev/null
cmake --build build/debug
ctest --preset debug
bash scripts/browser-tests.sh build/debug/gotimers
if [ "${GOTIMERS_SKIP_ASAN:-0}" != "1" ]; then
  cmake --preset asan -G Ninja >/dev/null
  cmake --build build/asan
  ctest --preset asan
fi
