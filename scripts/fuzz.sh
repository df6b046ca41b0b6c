#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang++ with ASan + UBSan) and runs each for
# FUZZ_SECONDS (default 60), seeded with the regression inputs and the target's own seed
# corpus (fuzz/corpus/<target>/, else the shipped scenarios), with its own dictionary
# (fuzz/<target>.dict, else fuzz/scenario.dict).
# A crash leaves its input in build/fuzz/artifacts/ and fails the script: copy it to
# fuzz/regressions/<target>/ (replayed by tests/unit/test_fuzz_regressions.cpp) and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${FUZZ_SECONDS:-60}"
cmake --preset fuzz -G Ninja >/dev/null
cmake --build build/fuzz --target gotimers_fuzz -j "${FUZZ_JOBS:-2}"
mkdir -p build/fuzz/artifacts
status=0
for bin in build/fuzz/fuzz/fuzz_*; do
  target="${bin##*/fuzz_}"
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  dict=fuzz/scenario.dict
  [ -f "fuzz/$target.dict" ] && dict="fuzz/$target.dict"
  if [ -d "fuzz/corpus/$target" ]; then
    cp fuzz/corpus/"$target"/* "$corpus/"
  else
    find scenarios -name '*.json' ! -name 'scenario.schema.json' -exec cp {} "$corpus/" \;
  fi
  cp fuzz/regressions/"$target"/* "$corpus/" 2>/dev/null || true
  log="build/fuzz/$target.log"
  echo "fuzz: $target for ${secs}s"
  if ! "$bin" "$corpus" -dict="$dict" -max_total_time="$secs" -timeout=20 \
      -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$target-" >"$log" 2>&1; then
    echo "fuzz: $target FOUND A CRASH (see $log and build/fuzz/artifacts/)"
    tail -40 "$log"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "$log" | sed "s/^/fuzz: $target: /" || true
done
exit $status
