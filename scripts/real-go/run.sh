#!/usr/bin/env bash
# Real Go, old timers against new, on this machine: the CL 34784 benchmarks
# (timers_test.go) built with two Go installations and run at GOMAXPROCS 1, 2 and 4.
#   run.sh [--fast-wake] OLD_GOROOT NEW_GOROOT [go test -bench regexp]
# e.g. run.sh /opt/go1.9 /opt/go1.10 (build them with build-go.sh). Prints each toolchain's
# medians over 3 runs and the change from OLD to NEW, as the calibration table of
# docs/cost-model.md does for the simulator. Takes about 2 minutes per toolchain.
# With REFERENCE=FILE in the environment it also writes the medians, the two Go versions and
# the machine as a reference file for `gotimers calibrate --reference FILE`
# (docs/cost-model.md, "Calibrating against your own machine").
# --fast-wake keeps every CPU busy with a SCHED_IDLE loop meanwhile (lib.sh), for a
# machine whose threads wake in a few microseconds.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
[ "$fast" -eq 0 ] || shift
[ $# -ge 2 ] || { echo "usage: $0 [--fast-wake] OLD_GOROOT NEW_GOROOT [bench regexp]" >&2; exit 2; }
mkdir -p "$work/src/realgo"
cp "$here/timers_test.go" "$work/src/realgo/"
for root in "$1" "$2"; do
  name=$(basename "$root")
  (cd "$work/src/realgo" && GOPATH=$work GO111MODULE=off GOROOT=$root "$root/bin/go" test -c \
    -o "$work/$name.test" .)
  fast_wake_start
  "$work/$name.test" -test.run '^$' -test.bench "${3:-.}" -test.cpu 1,2,4 -test.benchtime 1s \
    -test.count 3 | tee "$work/$name.txt"
  fast_wake_stop
done
python3 - "$work/$(basename "$1").txt" "$work/$(basename "$2").txt" "${REFERENCE:-}" \
  "$("$1/bin/go" version)" "$("$2/bin/go" version)" "$fast" <<'PY'
import json, os, platform, re, statistics, sys
def load(path):
    runs = {}
    for line in open(path):
        m = re.match(r'Benchmark(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op', line)
        if m:
            runs.setdefault((m.group(1), int(m.group(2) or 1)), []).append(float(m.group(3)))
    return {k: statistics.median(v) for k, v in runs.items()}
old, new = load(sys.argv[1]), load(sys.argv[2])
print(f"{'benchmark':24}{'P':>3}{'old µs/op':>12}{'new µs/op':>12}{'change':>9}")
for (name, p) in sorted(old, key=lambda k: (k[0], k[1])):
    if (name, p) in new:
        o, n = old[(name, p)], new[(name, p)]
        print(f"{name:24}{p:>3}{o / 1e3:>12.1f}{n / 1e3:>12.1f}{(n - o) * 100 / o:>+8.0f}%")
out, old_version, new_version, fast = sys.argv[3:7]
if out:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "unknown")
    ns = {}
    for (name, p), v in sorted(old.items()):
        if (name, p) in new:
            b = ns.setdefault(name, {"old": {}, "new": {}})
            b["old"][str(p)] = v
            b["new"][str(p)] = new[(name, p)]
    ref = {"schema": "gotimers-reference", "version": 1,
           "machine": f"{platform.system()} {platform.release()} {platform.machine()}, "
                      f"{os.cpu_count()} CPUs ({cpu})" + (", --fast-wake" if fast == "1" else ""),
           "old": old_version, "new": new_version,
           "source": "scripts/real-go/run.sh: medians of 3 runs of 1 s", "ns_per_op": ns}
    with open(out + ".tmp", "w") as f:
        json.dump(ref, f, indent=2)
        f.write("\n")
    os.replace(out + ".tmp", out)
    print(f"reference written to {out}")
PY
