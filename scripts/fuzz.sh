#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang++ with ASan + UBSan) and runs each for
# FUZZ_SECONDS (default 60), seeded with the regression inputs and the target's own seed
# corpus (fuzz/corpus/<target>/, else the shipped scenarios), with its own dictionary
# (fuzz/<target>.dict, else fuzz/scenario.dict).
# A crash leaves its input in build/fuzz/artifacts/ and fails the script: copy it to
# fuzz/regressions/<target>/ (replayed by tests/unit/test_fuzz_regressions.cpp) and fix it.
# Then it runs the Go front end's native fuzz test (src/gofront/fuzz_test.go, FuzzLower) for
# FUZZ_SECONDS with go test -fuzz in GOPATH mode, offline; a failing input is written to
# src/gofront/testdata/fuzz/FuzzLower/, which plain go test replays.
# FUZZ_RUNS=N (the test command sets it): a reproducible pass instead, so that CI cannot
# fail on a finding that depends on luck: each libFuzzer target starts from its seeds alone
# (a fresh corpus) with -seed=FUZZ_SEED (default 1) and stops after N inputs, and FuzzLower
# replays its seeds and testdata (go test without -fuzz: Go's fuzzer takes no seed). Same
# tree, same result. Exploring for new findings is the timed mode's job, run in sessions.
# FUZZ_JOBS (default 2): build jobs and Go fuzz workers. GOTIMERS_BUILD_LOCK=FILE: build
# under flock FILE (a machine shared with other builds).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs="${FUZZ_SECONDS:-60}"
lock=()
[ -n "${GOTIMERS_BUILD_LOCK:-}" ] && lock=(flock "$GOTIMERS_BUILD_LOCK")
cmake --preset fuzz -G Ninja >/dev/null
"${lock[@]}" cmake --build build/fuzz --target gotimers_fuzz -j "${FUZZ_JOBS:-2}"
mkdir -p build/fuzz/artifacts
status=0
for bin in build/fuzz/fuzz/fuzz_*; do
  target="${bin##*/fuzz_}"
  corpus="build/fuzz/corpus/$target"
  [ -n "${FUZZ_RUNS:-}" ] && corpus="build/fuzz/corpus-runs/$target" && rm -rf "$corpus"
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
  maxlen=8192
  [ "$target" = ir_load ] && maxlen=32768 # the seeds are whole programs' IR (2-16 KB)
  bound=(-max_total_time="$secs")
  what="for ${secs}s"
  if [ -n "${FUZZ_RUNS:-}" ]; then
    bound=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
    what="for $FUZZ_RUNS inputs, seed ${FUZZ_SEED:-1}"
  fi
  echo "fuzz: $target $what"
  if ! UBSAN_OPTIONS=print_stacktrace=1 "$bin" "$corpus" -dict="$dict" "${bound[@]}" -timeout=20 \
      -rss_limit_mb=2048 -max_len="$maxlen" -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$target-" >"$log" 2>&1; then
    echo "fuzz: $target FOUND A CRASH (see $log and build/fuzz/artifacts/)"
    tail -40 "$log"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "$log" | sed "s/^/fuzz: $target: /" || true
done

go=/usr/lib/go-1.19/bin/go
log=build/fuzz/gofront-FuzzLower.log
gofuzz=(-run '^$' -fuzz '^FuzzLower$' -fuzztime "${secs}s" -parallel "${FUZZ_JOBS:-2}")
what="for ${secs}s"
if [ -n "${FUZZ_RUNS:-}" ]; then
  gofuzz=(-run '^FuzzLower$' -v)
  what="replaying its seeds and testdata"
fi
echo "fuzz: gofront FuzzLower $what"
if ! (cd src/gofront && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off \
    CGO_ENABLED=0 GOCACHE="$root/build/fuzz/gocache" "$go" test "${gofuzz[@]}" .) >"$log" 2>&1; then
  echo "fuzz: gofront FuzzLower FOUND A FAILURE (see $log; its input is in src/gofront/testdata/fuzz/FuzzLower/)"
  tail -40 "$log"
  status=1
fi
grep -E "^fuzz: elapsed|^--- PASS|^ok" "$log" | tail -1 | sed "s/^/fuzz: gofront: /" || true
exit $status
