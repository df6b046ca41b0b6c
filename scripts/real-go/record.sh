#!/usr/bin/env bash
# The recorded oracle: what real Go prints for every shipped Go scenario.
#   record.sh [--runs N] [--out DIR] [GOROOT [SCENARIO.go...]]
# Builds each scenarios/**/*.go program (or the SCENARIO.go files given; directories of Go's
# own _test.go files, which go test runs, are left out) with the Go at GOROOT
# (default /usr/lib/go-1.19, Debian's golang-1.19-go; older releases: build-go.sh), runs it
# N times (default 5), one at a time, with its default flags and GOMAXPROCS=1 in the
# environment, and checks that every run printed the same text and ended the same way. It writes, under DIR (default tests/real-go/goMAJOR.MINOR,
# e.g. tests/real-go/go1.19):
#   <path under scenarios/ without .go>.out  first line "# go1.19.8 linux/amd64 exit=0"
#     (the Go version, its GOOS/GOARCH and the exit status; exit=timeout if the program
#     ran past 60 s and was killed), then stdout and stderr as written to one file. Paths
#     in Go's tracebacks are the file's own "./name.go" and "$GOROOT/src/...". A file that
#     printed different things on different runs gets " UNSTABLE (k of N runs gave this)"
#     on its first line, with the most frequent output. A file whose first line is
#     "//go:build go1.N" is recorded as "# go1.9 linux/amd64 skipped: needs go1.15" on
#     older releases (go build ignores build constraints of files named on its command
#     line, so the script checks the line itself).
#   MACHINE  the machine and toolchain the files were recorded with.
# Prints one line per program (stable, UNSTABLE, skipped, build failed) and exits 1 if any
# program was unstable or did not build. tests/real-go/README.md says more.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
usage() { echo "usage: $0 [--runs N] [--out DIR] [GOROOT [SCENARIO.go...]]" >&2; exit 2; }
runs=5 dest=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; dest=$2; shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
goroot=$(cd "${1:-/usr/lib/go-1.19}" && pwd)
[ $# -eq 0 ] || shift
go=$goroot/bin/go
[ -x "$go" ] || { echo "$0: no Go at $goroot (build one with build-go.sh)" >&2; exit 2; }
export GOROOT=$goroot GOPATH=$work/gopath GO111MODULE=off GOFLAGS="" CGO_ENABLED=0
export GOCACHE=${GOCACHE:-$work/gocache}
# GOMAXPROCS=1 is gotimers' default (--procs 1): a program that does not set GOMAXPROCS
# itself runs on one P, on any machine, and its goroutine IDs (Go hands them out from a
# per-P cache) are the same on every run.
export GOMAXPROCS=1
unset GODEBUG GOTRACEBACK
# RECORD_GODEBUG=...: the programs run with that GODEBUG. Needed for Go 1.23's own timer
# channels: a program built in GOPATH mode (no go.mod) gets the GODEBUG defaults of Go 1.20,
# i.e. asynctimerchan=1, so tests/real-go/go1.23/ is recorded with asynctimerchan=0 and
# go1.23-gopath/ without it.
[ -z "${RECORD_GODEBUG:-}" ] || export GODEBUG=$RECORD_GODEBUG
# "go version go1.19.8 linux/amd64" -> go1.19.8, linux/amd64, go1.19, minor 19
read -r _ _ version platform < <("$go" version)
series=$(sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/' <<<"$version")
minor=$(sed -E 's/^go[0-9]+\.([0-9]+).*/\1/' <<<"$series")
dest=${dest:-$root/tests/real-go/$series}

files=()
if [ $# -gt 0 ]; then
  for f in "$@"; do files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
else
  # programs only: a directory with _test.go files (Go's own tests) is a go test package
  while IFS= read -r f; do
    compgen -G "$(dirname "$f")/*_test.go" >/dev/null || files+=("$f")
  done < <(find "$root/scenarios" -name '*.go' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "$0: no scenarios/**/*.go" >&2; exit 2; }

mkdir -p "$dest"
{
  echo "go: $version $platform ($goroot)"
  echo "machine: $(uname -srm), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
  echo "runs: $runs per program, one at a time, default flags, GOMAXPROCS=1 in the environment${GODEBUG:+, GODEBUG=$GODEBUG}"
  echo "recorded: $(date -u +%Y-%m-%d) by scripts/real-go/record.sh"
} >"$dest/MACHINE"

# escape a string for use as a literal in a sed pattern
sedlit() { printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g'; }
build=$work/build
failed=0
for file in "${files[@]}"; do
  case $file in
    "$root"/scenarios/*) rel=${file#"$root"/scenarios/} ;;
    *) echo "$0: $file is not under $root/scenarios" >&2; exit 2 ;;
  esac
  out=$dest/${rel%.go}.out
  mkdir -p "$(dirname "$out")"
  need=$(sed -nE '1s,^//go:build go1\.([0-9]+)$,\1,p' "$file")
  if [ -n "$need" ] && [ "$minor" -lt "$need" ]; then
    echo "# $version $platform skipped: needs go1.$need" >"$out"
    printf '%-9s %s (needs go1.%s)\n' skipped "$rel" "$need"
    continue
  fi
  rm -rf "$build" && mkdir -p "$build"
  name=$(basename "$file")
  cp "$file" "$build/$name"
  normalize="s/$(sedlit "$build/")/.\\//g; s/$(sedlit "$goroot/src/")/\$GOROOT\\/src\\//g"
  if ! (cd "$build" && "$go" build -o prog "$name") >"$build/build.txt" 2>&1; then
    { echo "# $version $platform build failed"; sed "$normalize" "$build/build.txt"; } >"$out"
    printf '%-9s %s\n' 'BUILD' "$rel failed to build:"
    sed "$normalize" "$build/build.txt" | sed 's/^/    /'
    failed=1
    continue
  fi
  for ((i = 1; i <= runs; i++)); do
    rc=0
    (cd "$build" && timeout -s KILL 60 ./prog) >"$build/run$i.txt" 2>&1 || rc=$?
    [ "$rc" -ne 137 ] || rc=timeout
    { echo "exit=$rc"; sed "$normalize" "$build/run$i.txt"; } >"$build/result$i.txt"
  done
  # the most frequent result, and how many runs gave it
  best=1 bestn=0 kinds=0
  for ((i = 1; i <= runs; i++)); do
    n=0 first=0
    for ((j = 1; j <= runs; j++)); do
      if cmp -s "$build/result$i.txt" "$build/result$j.txt"; then
        n=$((n + 1))
        [ "$first" -ne 0 ] || first=$j
      fi
    done
    [ "$first" -ne "$i" ] || kinds=$((kinds + 1))
    if [ "$n" -gt "$bestn" ]; then best=$i bestn=$n; fi
  done
  status=$(head -1 "$build/result$best.txt")
  if [ "$kinds" -eq 1 ]; then
    echo "# $version $platform $status" >"$out"
    printf '%-9s %s (%s)\n' stable "$rel" "$status"
  else
    echo "# $version $platform $status UNSTABLE ($bestn of $runs runs gave this)" >"$out"
    printf '%-9s %s: %d different results in %d runs\n' UNSTABLE "$rel" "$kinds" "$runs"
    for ((i = 1; i <= runs; i++)); do
      cmp -s "$build/result$best.txt" "$build/result$i.txt" ||
        diff "$build/result$best.txt" "$build/result$i.txt" | sed "s/^/    run $i: /" || true
    done
    failed=1
  fi
  tail -n +2 "$build/result$best.txt" >>"$out"
done
echo "written to ${dest#"$root"/}"
exit "$failed"
