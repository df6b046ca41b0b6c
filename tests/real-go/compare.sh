#!/usr/bin/env bash
# The recorded oracle, checked: runs every shipped Go scenario that has a recording under
# tests/real-go/GOVERSION/ on gotimers' ERA and compares what it printed, and its exit
# status, with what real Go printed. Fails (exit 1) on any difference not listed in
# tests/real-go/known-differences.txt (each line: a scenario path, the eras it applies to
# or "*", and the reason). Both outputs are compared after one normalization, which the
# README beside this file explains: gotimers' run header ("== ... ==") and its "ended:"
# line are dropped, and a goroutine's traceback frames (the lines after
# "goroutine N [state]:" up to the blank line) are compared by their header only.
#   tests/real-go/compare.sh GOTIMERS [GOVERSION] [ERA]   (defaults: go1.19 go1.14@go1.16)
# With RESULTS=FILE in the environment it also appends "RESULT PROG ERA same|differs|known|
# skipped" lines to FILE (tests/real-go/agreement.sh makes the docs' table from them).
set -euo pipefail
gotimers=$1
version=${2:-go1.19}
era=${3:-go1.14@go1.16}
cd "$(dirname "$0")/../.."
dir=tests/real-go/$version
known=tests/real-go/known-differences.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# drops tracebacks' frames: after "goroutine N [...]:" skip lines until a blank line
frames() { awk '/^goroutine [0-9]+ \[.*\]:$/ {print; skip=1; next} skip && /^$/ {skip=0} !skip'; }

checked=0 failed=0 skipped=0
while IFS= read -r out; do
  rel=${out#"$dir"/}
  prog=scenarios/${rel%.out}.go
  reason=$(awk -v p="${rel%.out}.go" -v e="$era" \
    '$1 == p && ($2 == "*" || index("," $2 ",", "," e ",")) {$1 = $2 = ""; print substr($0, 3)}' \
    "$known")
  if [ -n "$reason" ]; then
    echo "known difference: $prog on $era: $reason"
    echo "RESULT $prog $era known" >>"${RESULTS:-/dev/null}"
    skipped=$((skipped + 1))
    continue
  fi
  if ! head -n1 "$out" | grep -q ' exit='; then
    echo "skip $prog: $(head -n1 "$out")"
    echo "RESULT $prog $era skipped" >>"${RESULTS:-/dev/null}"
    skipped=$((skipped + 1))
    continue
  fi
  want_exit=$(head -n1 "$out" | sed 's/.* exit=\([0-9a-z]*\).*/\1/')
  tail -n +2 "$out" | frames >"$work/want"
  set +e
  "$gotimers" run "$prog" --era "$era" -q >"$work/raw" 2>&1
  got_exit=$?
  set -e
  # a program whose build constraint (//go:build go1.15) the era's Go version does not meet:
  # that release would not build it, so there is nothing to compare
  if [ "$got_exit" = 0 ] && skip=$(grep -m1 '^skipped: needs Go ' "$work/raw"); then
    echo "skip $prog on $era: $skip"
    echo "RESULT $prog $era skipped" >>"${RESULTS:-/dev/null}"
    continue
  fi
  { grep -v -e '^== .* ==$' -e '^ended: ' "$work/raw" || true; } | frames |
    awk '{a[NR]=$0} END {n=NR; while (n > 0 && a[n] == "") n--; for (i=1; i<=n; i++) print a[i]}' \
      >"$work/got"
  awk '{a[NR]=$0} END {n=NR; while (n > 0 && a[n] == "") n--; for (i=1; i<=n; i++) print a[i]}' \
    "$work/want" >"$work/want2"
  checked=$((checked + 1))
  if [ "$got_exit" != "$want_exit" ] || ! cmp -s "$work/got" "$work/want2"; then
    failed=$((failed + 1))
    echo "DIFFERS: $prog on $era (exit $got_exit, real Go $want_exit)"
    diff "$work/want2" "$work/got" | head -20 || true
    echo "RESULT $prog $era differs" >>"${RESULTS:-/dev/null}"
  else
    echo "RESULT $prog $era same" >>"${RESULTS:-/dev/null}"
  fi
done < <(find "$dir" -name '*.out' | sort)
echo "$((checked - failed)) passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
