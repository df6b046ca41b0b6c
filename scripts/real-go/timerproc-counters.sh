#!/usr/bin/env bash
# How often real Go's timerproc sleeps and wakes in the CL 34784 benchmarks, to set beside
# the simulator's timerproc_wakeups metric (docs/cost-model.md, "Real Go").
#   timerproc-counters.sh [--fast-wake] GOROOT
# GOROOT: a Go 1.9 to 1.13 installation (build-go.sh), left untouched: it is copied to a
# temporary directory whose runtime/time.go gets four counters (an experiment's, not Go's)
# in timerproc: notetsleepg returns (wakes), those of sleeps shorter than 1 s (short),
# those of them that timed out (timeouts, Linux's 50-µs timer slack included) and timers
# fired. Prints, per benchmark and GOMAXPROCS (1, 2, 4), the counts per benchmark op
# (1000 timer operations) of one 1-s run. About 3 minutes.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
[ "$fast" -eq 0 ] || shift
[ $# -eq 1 ] || { echo "usage: $0 [--fast-wake] GOROOT" >&2; exit 2; }
cp -a "$1" "$work/goroot"
python3 - "$work/goroot/src/runtime/time.go" <<'PY'
import re, sys
path = sys.argv[1]
src = open(path).read()
def sub(pattern, repl):
    global src
    src, n = re.subn(pattern, repl, src, count=1, flags=re.M)
    if n != 1:
        sys.exit(f"{path}: no match for {pattern!r}: not a Go 1.9-1.13 timerproc")
if re.search(r'^import "unsafe"$', src, flags=re.M):  # Go 1.9
    sub(r'^import "unsafe"$', 'import (\n\t"runtime/internal/atomic"\n\t"unsafe"\n)')
else:  # Go 1.10-1.13
    sub(r'^import \(\n', 'import (\n\t"runtime/internal/atomic"\n')
sub(r'^func timerproc\(', '// Counters of timerproc-counters.sh (not Go\'s).\n'
    'var TPWakes, TPShortSleeps, TPShortTimeouts, TPFired uint64\n\nfunc timerproc(')
sub(r'^(\t+)seq := t\.seq\n', r'\g<0>\1atomic.Xadd64(&TPFired, 1)\n')
sub(r'^(\t+)notetsleepg\((&\w+\.waitnote), delta\)\n',
    r'\1short := delta < 1e9\n\1if short {\n\1\tatomic.Xadd64(&TPShortSleeps, 1)\n\1}\n'
    r'\1ok := notetsleepg(\2, delta)\n\1atomic.Xadd64(&TPWakes, 1)\n'
    r'\1if short && !ok {\n\1\tatomic.Xadd64(&TPShortTimeouts, 1)\n\1}\n')
open(path, 'w').write(src)
PY
export GOROOT=$work/goroot GOPATH=$work GO111MODULE=off
"$GOROOT/bin/go" install -a runtime time
mkdir -p "$work/src/realgo"
cp "$here/timers_test.go" "$work/src/realgo/"
cat > "$work/src/realgo/counters_test.go" <<'GO'
package realgo

import (
	"fmt"
	"runtime"
	"testing"
)

func counted(b *testing.B, name string, bench func(*testing.B)) {
	w, s, t, f := runtime.TPWakes, runtime.TPShortSleeps, runtime.TPShortTimeouts, runtime.TPFired
	bench(b)
	n := float64(b.N)
	if b.N > 1 { // the testing package's first, 1-op probe is not reported
		fmt.Printf("TPCOUNT %-22s %2d %6d %10.2f %8.3f %9.3f %8.1f\n", name, runtime.GOMAXPROCS(0), b.N,
			float64(runtime.TPWakes-w)/n, float64(runtime.TPShortSleeps-s)/n,
			float64(runtime.TPShortTimeouts-t)/n, float64(runtime.TPFired-f)/n)
	}
}

func BenchmarkCountedAfterFunc(b *testing.B) { counted(b, "AfterFunc", BenchmarkAfterFunc) }
func BenchmarkCountedAfter(b *testing.B)     { counted(b, "After", BenchmarkAfter) }
func BenchmarkCountedStop(b *testing.B)      { counted(b, "Stop", BenchmarkStop) }
func BenchmarkCountedSimultaneousAfterFunc(b *testing.B) {
	counted(b, "SimultaneousAfterFunc", BenchmarkSimultaneousAfterFunc)
}
func BenchmarkCountedStartStop(b *testing.B) { counted(b, "StartStop", BenchmarkStartStop) }
func BenchmarkCountedReset(b *testing.B)     { counted(b, "Reset", BenchmarkReset) }
func BenchmarkCountedSleep(b *testing.B)     { counted(b, "Sleep", BenchmarkSleep) }
GO
(cd "$work/src/realgo" && "$GOROOT/bin/go" test -c -o "$work/counters.test" .)
fast_wake_start
printf '%-22s %2s %6s %10s %8s %9s %8s\n' benchmark P N wakes/op short/op timeouts/op fired/op
# A report may follow the testing package's "BenchmarkX-P <tab>" on the same line. The last
# report of each (benchmark, P) is the run the testing package kept.
"$work/counters.test" -test.run '^$' -test.bench '^BenchmarkCounted' -test.cpu 1,2,4 \
  -test.benchtime 1s | grep -o 'TPCOUNT .*' | cut -c9- |
  awk '{key = $1 " " $2; if (!(key in row)) order[n++] = key; row[key] = $0}
       END {for (i = 0; i < n; i++) print row[order[i]]}'
