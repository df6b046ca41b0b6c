#!/usr/bin/env bash
# The simulator's own budget (issue 22) in one command: memory per live timer on every era
# (C++ API and Go source) and per parked goroutine, what --trace costs on StartStop (JSON Lines and binary), what
# --perfetto costs on the start-stop scenario (time and peak RSS), and the wall time per
# simulated timer operation as GOMAXPROCS grows. Medians with min-max over REPS runs;
# figures, never assertions.
#   scripts/bench-budget.sh [BUILD_DIR] [REPS]     (defaults: build/release 5)
# Builds the benchmarks and the CLI in BUILD_DIR first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
reps=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for t in gotimers gotimers_bench gotimers_bench_trace gotimers_bench_program_memory; do
  bin="$build/$t"
  [ "$t" = gotimers ] || bin="$build/bench/$t"
  [ -x "$bin" ] || cmake --build "$build" --target "$t"
done

# median, min and max of numbers on stdin (one per line)
stats() { sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.4g %.4g %.4g\n", m, v[1], v[NR]}'; }
# the values of FIELD in Google Benchmark's JSON for the iteration runs named NAME (an
# extended regex; Google Benchmark may append /iterations:1, /process_time, ...)
field() {
  tr -d '\n' <"$1" | grep -Eo "\{[^{}]*\"name\": \"$2(/[^\"]*)?\"[^{}]*\}" | grep '"run_type": "iteration"' |
    grep -o "\"$3\": [0-9.e+-]*" | awk '{print $2}'
}

echo "## Memory per live timer (bytes; counting allocator, 100k timers)"
"$build/bench/gotimers_bench_program_memory" --benchmark_format=json >"$work/mem.json" 2>/dev/null
printf '| era | AfterFunc, C++ API | AfterFunc, Go source | NewTimer (its channel included), C++ API | NewTimer, Go source |\n|---|---:|---:|---:|---:|\n'
for era in go1.9 go1.13 go1.14 go1.23; do
  printf '| %s | %.0f | %.0f | %.0f | %.0f |\n' "$era" "$(field "$work/mem.json" "CppApi/$era" bytes_per_live_timer)" \
    "$(field "$work/mem.json" "GoSource/$era" bytes_per_live_timer)" \
    "$(field "$work/mem.json" "CppApiChan/$era" bytes_per_live_timer)" \
    "$(field "$work/mem.json" "GoSourceChan/$era" bytes_per_live_timer)"
done

echo
echo "## Memory per parked goroutine (bytes; counting allocator, 10k goroutines; C++ API)"
"$build/bench/gotimers_bench" --benchmark_filter='BM_Parked' --benchmark_format=json \
  >"$work/parked.json" 2>/dev/null
printf '| era | blocked in a receive | in time.Sleep (its timer included) |\n|---|---:|---:|\n'
for era in go1.9 go1.13 go1.14 go1.23; do
  i=$("$build/gotimers" eras 2>/dev/null | grep '^go1' | awk '{print $1}' | grep -n -x "$era" | cut -d: -f1)
  i=$((i - 1))
  printf '| %s | %.0f | %.0f |\n' "$era" "$(field "$work/parked.json" "BM_ParkedRecv/$i" bytes_per_parked_goroutine)" \
    "$(field "$work/parked.json" "BM_ParkedSleep/$i" bytes_per_parked_goroutine)"
done

echo
echo "## --trace on StartStop (C++ API, 100k idle timers; CPU time per AfterFunc+Stop pair)"
"$build/bench/gotimers_bench_trace" --benchmark_filter='BM_StartStop(Untraced|Traced|TracedBinary)/' \
  --benchmark_repetitions="$reps" --benchmark_format=json >"$work/trace.json" 2>/dev/null
printf '| era | untraced ns | JSON Lines ns | ratio | binary (.gtb) ns | ratio |\n|---|---:|---:|---:|---:|---:|\n'
n=$("$build/gotimers" eras 2>/dev/null | grep -c '^go1' || true)
for i in $(seq 0 $((n - 1))); do
  label=$(tr -d '\n' <"$work/trace.json" | grep -o "\"name\": \"BM_StartStopUntraced/$i/[^\"]*\"[^{}]*\"label\": \"[^\"]*\"" |
    awk 'NR == 1' | sed 's/.*"label": "\([^ "]*\).*/\1/')
  missing=
  for b in Untraced Traced TracedBinary; do
    [ -n "$(field "$work/trace.json" "BM_StartStop$b/$i/[0-9]*" cpu_time)" ] || missing=$b
  done
  if [ -n "$missing" ]; then
    # a run that stopped (Google Benchmark's error_occurred): say so, keep going
    why=$(tr -d '\n' <"$work/trace.json" | grep -Eo "\"name\": \"BM_StartStop$missing/$i/[^{}]*\"error_message\": \"[^\"]*\"" |
      awk 'NR == 1' | sed 's/.*"error_message": "\([^"]*\)"/\1/' | cut -c1-80)
    printf '| %s | - | - | - | - | did not run: %s |\n' "${label:-$i}" "${why:-no figures}"
    continue
  fi
  read -r u umin umax < <(field "$work/trace.json" "BM_StartStopUntraced/$i/[0-9]*" cpu_time | stats)
  read -r t tmin tmax < <(field "$work/trace.json" "BM_StartStopTraced/$i/[0-9]*" cpu_time | stats)
  read -r b bmin bmax < <(field "$work/trace.json" "BM_StartStopTracedBinary/$i/[0-9]*" cpu_time | stats)
  printf '| %s | %s (%s-%s) | %s (%s-%s) | %.2f | %s (%s-%s) | %.2f |\n' "${label:-$i}" "$u" "$umin" "$umax" \
    "$t" "$tmin" "$tmax" "$(awk "BEGIN{print $t/$u}")" "$b" "$bmin" "$bmax" "$(awk "BEGIN{print $b/$u}")"
done

echo
echo "## --perfetto on scenarios/benchmarks/start-stop.json (Garbage=25000, Ops=25, go1.14)"
run() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$build/gotimers" run scenarios/benchmarks/start-stop.json \
    --era go1.14 --set Garbage=25000 --set Ops=25 -q "$@" >/dev/null 2>&1
  cat "$work/time"
}
: >"$work/plain"
: >"$work/perfetto"
for _ in $(seq "$reps"); do
  run >>"$work/plain"
  run --perfetto "$work/p.json" >>"$work/perfetto"
done
read -r pw pwmin pwmax < <(awk '{print $1}' "$work/plain" | stats)
read -r fw fwmin fwmax < <(awk '{print $1}' "$work/perfetto" | stats)
read -r pm _ _ < <(awk '{print $2 / 1024}' "$work/plain" | stats)
read -r fm _ _ < <(awk '{print $2 / 1024}' "$work/perfetto" | stats)
printf '| | wall s | peak RSS MiB |\n|---|---:|---:|\n'
printf '| untraced | %s (%s-%s) | %s |\n' "$pw" "$pwmin" "$pwmax" "$pm"
printf '| --perfetto | %s (%s-%s) | %s |\n' "$fw" "$fwmin" "$fwmax" "$fm"
printf '| ratio | %.2f | %.2f |\n' "$(awk "BEGIN{print $fw/$pw}")" "$(awk "BEGIN{print $fm/$pm}")"

echo
echo "## Wall time per simulated timer operation over GOMAXPROCS (go1.14, one goroutine per P)"
"$build/bench/gotimers_bench" --benchmark_filter='StartStopProcs' --benchmark_repetitions="$reps" \
  --benchmark_format=json >"$work/procs.json" 2>/dev/null
printf '| GOMAXPROCS | ns/op | vs 1 P |\n|---:|---:|---:|\n'
base=
for p in 1 2 4 8 16 32 64 128 256; do
  read -r m mmin mmax < <(field "$work/procs.json" "BM_StartStopProcs/$p" items_per_second |
    awk '{print 1e9 / $1}' | stats)
  base=${base:-$m}
  printf '| %s | %s (%s-%s) | %.2f |\n' "$p" "$m" "$mmin" "$mmax" "$(awk "BEGIN{print $m/$base}")"
done
echo
echo "($reps runs each; $(nproc) CPUs; $(date -u +%F))"
