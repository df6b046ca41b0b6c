#!/usr/bin/env bash
# Every test: install what is missing, build the test suite with the asan preset (ASan +
# UBSan, -O1 -g1) and run all of it under the sanitizers, in parallel: the unit and ported-Go
# tests, every shipped scenario on every era, the trace checks, the bad-input corpus; then the
# player's and the Perfetto export's browser tests in headless Chromium (with the sanitized
# binary) and the WebAssembly heap lab and its page against that binary (scripts/build-site.sh);
# then a bounded, reproducible fuzz pass (scripts/fuzz.sh with FUZZ_RUNS: each libFuzzer
# target for 5000 inputs from its seeds with a fixed seed, and the Go front end's FuzzLower
# corpus; timed exploration is `FUZZ_SECONDS=300 bash scripts/fuzz.sh`). Every
# simulation in the tests runs with --check (tests/unit/main.cpp, tests/CMakeLists.txt).
# GOTIMERS_TEST_PRESET=debug runs the same suite unsanitized (faster to build incrementally);
# GOTIMERS_SKIP_FUZZ=1 skips the fuzz pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build-viz.sh
preset="${GOTIMERS_TEST_PRESET:-asan}"
cmake --preset "$preset" -G Ninja >/dev/null
cmake --build "build/$preset"
ctest --preset "$preset" -j "$(nproc)"
bash scripts/build-site.sh  # the lab page and the simulator in WebAssembly
bash scripts/browser-tests.sh "build/$preset/gotimers"
if [ "${GOTIMERS_SKIP_FUZZ:-0}" != "1" ]; then
  FUZZ_RUNS="${FUZZ_RUNS:-5000}" bash scripts/fuzz.sh
fi
