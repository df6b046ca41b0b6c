#!/usr/bin/env bash
# Peak RSS of `for { time.Sleep(time.Millisecond) }` (tests/programs/runaway/sleep.go) run to
# a short and a long event limit on every era option: constant memory per run means the two
# peaks are within a few percent (issue #21 asks for 10%). Usage:
#   scripts/bench-memory-flat.sh [GOTIMERS] [SHORT_EVENTS] [LONG_EVENTS]
# (defaults: build/release/gotimers, 1000000, 100000000). Prints one line per era: the peak
# RSS of each run (getrusage of the child), their ratio, and the long run's wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/release/gotimers}"
short="${2:-1000000}"
long="${3:-100000000}"
python3 - "$bin" "$short" "$long" <<'PY'
import resource, subprocess, sys, time
bin, short, long_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
eras = subprocess.run([bin, "eras"], capture_output=True, text=True, check=True).stdout
names = [l.split()[0] for l in eras.splitlines() if l.startswith("go1.")]
def peak(era, events):
    # a fresh process per run; ru_maxrss of RUSAGE_CHILDREN is the largest child so far, so
    # each measurement runs in its own python child
    code = ("import resource,subprocess,sys,time;t=time.time();"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,time.time()-t)")
    out = subprocess.run([sys.executable, "-c", code, bin, "run", "tests/programs/runaway/sleep.go",
                          "--era", era, "--event-limit", str(events), "--time-limit", "10000h",
                          "--wall-limit", "0"], capture_output=True, text=True, check=True).stdout
    kb, secs = out.split()
    return int(kb), float(secs)
print(f"{'era':<26} {'RSS ' + format(short, '.0e'):>12} {'RSS ' + format(long_, '.0e'):>12} {'ratio':>7} {'long run':>9}")
for era in names:
    a, _ = peak(era, short)
    b, secs = peak(era, long_)
    print(f"{era:<26} {a/1024:>10.1f}MB {b/1024:>10.1f}MB {b/a:>7.3f} {secs:>8.1f}s")
PY
