#!/usr/bin/env bash
# Every test: install what is missing, build the debug preset and run the whole suite, then
# the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
# Then a bounded fuzz pass (scripts/fuzz.sh: each libFuzzer target for FUZZ_SECONDS, 60 by
# default). Set GOTIMERS_SKIP_ASAN=1 / GOTIMERS_SKIP_FUZZ=1 to skip those stages locally.
# Every simulation in the tests runs with --check (tests/unit/main.cpp, tests/CMakeLists.txt).
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
if [ "${GOTIMERS_SKIP_FUZZ:-0}" != "1" ]; then
  bash scripts/fuzz.sh
fi
