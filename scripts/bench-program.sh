#!/usr/bin/env bash
# Go programs on the simulator against the C++ API and against real Go (issue 20's speed
# targets): runs bench/gotimers_bench_program (Go's StartStop, Reset, Stop, AfterFunc and
# Sleep benchmarks as Go source through gofront and the VM, and the same workloads on the
# C++ API) and real Go 1.19's `go test -bench -cpu 1 time` on this machine, REPS times each,
# and prints the median wall time per benchmark op (one call of the benchmark's body with
# n = 1000) with min-max, and the ratios Go-source / C++ API and Go-source / real Go.
#   scripts/bench-program.sh [BUILD_DIR] [REPS] [ERA]     (defaults: build/release 5 go1.14)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
reps=${2:-5}
era=${3:-go1.14}
go=/usr/lib/go-1.19/bin/go
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/gotimers_bench_program" --benchmark_filter="/$era/" \
  --benchmark_repetitions="$reps" --benchmark_format=json >"$work/sim.json" 2>/dev/null
(cd "$work" && GOCACHE="$work/gocache" GOFLAGS='' "$go" test -tags timetzdata -run XXX -cpu 1 \
  -count "$reps" -bench 'Benchmark(StartStop|Reset|Stop|AfterFunc|Sleep)$' time) >"$work/go.txt"

# median and min-max of a list of numbers (one per line)
stats() { sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.1f %.1f %.1f\n", m, v[1], v[NR]}'; }

printf '%-10s %26s %26s %26s %9s %9s\n' benchmark "Go source (us/op)" "C++ API (us/op)" \
  "real Go 1.19 (us/op)" "src/C++" "src/Go"
for b in StartStop Reset Stop AfterFunc Sleep; do
  # op_us: microseconds per op in Google Benchmark's JSON
  sel() {
    tr -d '\n' <"$work/sim.json" | grep -o "{[^{}]*\"name\": \"$1/$b/$era/[^{}]*}" |
      grep '"run_type": "iteration"' |
      grep -o '"op_us": [0-9.e+-]*' | awk '{print $2}'
  }
  read -r s smin smax < <(sel GoSource | stats)
  read -r c cmin cmax < <(sel CppApi | stats)
  read -r g gmin gmax < <(grep "^Benchmark$b " "$work/go.txt" | awk '{print $3 / 1000}' | stats)
  printf '%-10s %8s (%6s-%6s) %8s (%6s-%6s) %8s (%6s-%6s) %9s %9s\n' "$b" "$s" "$smin" "$smax" \
    "$c" "$cmin" "$cmax" "$g" "$gmin" "$gmax" "$(awk "BEGIN{printf \"%.2f\", $s/$c}")" \
    "$(awk "BEGIN{printf \"%.2f\", $s/$g}")"
done
echo "($reps runs each; era $era at GOMAXPROCS 1; real Go: $("$go" version | cut -d' ' -f3), $(nproc) CPUs)"
