#!/usr/bin/env bash
# Every test: install what is missing, build the test suite (preset debug) and run all of it,
# in parallel: the unit and
# ported-Go tests, every shipped scenario on every era, the trace checks, the bad-input corpus;
# then the player's browser tests in headless Chromium; then a bounded fuzz pass
# (scripts/fuzz.sh: each libFuzzer target for FUZZ_SECONDS, 20 here).
# Every simulation in the tests runs with --check (tests/unit/main.cpp, tests/CMakeLists.txt).
# GOTIMERS_TEST_PRESET=asan runs the same suite under ASan+UBSan (not in CI for now: with the
# go1.23 eras and the trace/calibration suites it does not fit CI's 30 minutes on 2 cores
# next to the fuzz build). GOTIMERS_SKIP_FUZZ=1 skips the fuzz pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh
preset="${GOTIMERS_TEST_PRESET:-debug}"
cmake --preset "$preset" -G Ninja >/dev/null
cmake --build "build/$preset"
ctest --preset "$preset" -j "$(nproc)"
bash scripts/browser-tests.sh "build/$preset/gotimers"
if [ "${GOTIMERS_SKIP_FUZZ:-0}" != "1" ]; then
  FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash scripts/fuzz.sh
fi
