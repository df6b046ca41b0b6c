#!/usr/bin/env bash
# Every test: install what is missing, build the test suite under AddressSanitizer +
# UndefinedBehaviorSanitizer (preset asan: optimised, so the suite runs faster than a -O0 debug
# build while every memory error and UB still stops it) and run all of it: the unit and
# ported-Go tests, every shipped scenario on every era, the trace checks, the bad-input corpus;
# then the player's browser tests in headless Chromium; then a bounded fuzz pass
# (scripts/fuzz.sh: each libFuzzer target for FUZZ_SECONDS, 45 here).
# Every simulation in the tests runs with --check (tests/unit/main.cpp, tests/CMakeLists.txt).
# Local iteration: GOTIMERS_TEST_PRESET=debug (no sanitizers), GOTIMERS_SKIP_FUZZ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh
preset="${GOTIMERS_TEST_PRESET:-asan}"
cmake --preset "$preset" -G Ninja >/dev/null
cmake --build "build/$preset"
ctest --preset "$preset" -j "$(nproc)"
bash scripts/browser-tests.sh "build/$preset/gotimers"
if [ "${GOTIMERS_SKIP_FUZZ:-0}" != "1" ]; then
  FUZZ_SECONDS="${FUZZ_SECONDS:-45}" bash scripts/fuzz.sh
fi
