#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang++ with ASan + UBSan) and runs each for
# FUZZ_SECONDS (default 60), seeded with the shipped scenarios and the regression inputs.
# A crash leaves its input in build/fuzz/artifacts/ and fails the script: copy it to
# fuzz/regressions/<target>/ (replayed by tests/unit/test_fuzz_regressions.cpp) and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${FUZZ_SECONDS:-60}"
cmake --preset fuzz -G Ninja >/dev/null
cmake --build build/fuzz --target gotimers_fuzz
mkdir -p build/fuzz/artifacts
status=0
for bin in build/fuzz/fuzz/fuzz_*; do
  target="${bin##*/fuzz_}"
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  find scenarios -name '*.json' ! -name 'scenario.schema.json' -exec cp {} "$corpus/" \;
  cp fuzz/regressions/"$target"/* "$corpus/" 2>/dev/null || true
  log="build/fuzz/$target.log"
  echo "fuzz: $target for ${secs}s"
  if ! "$bin" "$corpus" -dict=fuzz/scenario.dict -max_total_time="$secs" -timeout=20 \
      -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$target-" >"$log" 2>&1; then
    echo "fuzz: $target FOUND A CRASH (see $log and build/fuzz/artifacts/)"
    tail -40 "$log"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "$log" | sed "s/^/fuzz: $target: /" || true
done
exit $status
