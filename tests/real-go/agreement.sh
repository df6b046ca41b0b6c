#!/usr/bin/env bash
# The table of docs/real-go.md: every shipped Go scenario with a recording of real Go
# GOVERSION, run on every era option, compared with that recording (compare.sh). A cell is
# "same" (output and exit status equal real Go's), "differs" (with the first differing
# line in the list below the table), or "known" (tests/real-go/known-differences.txt).
# Only the eras of the recorded Go version are expected to agree; the others show where
# the eras' behaviour differs from it.
#   tests/real-go/agreement.sh GOTIMERS [GOVERSION] > table.md
set -euo pipefail
gotimers=$1
version=${2:-go1.19}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
eras=$("$gotimers" eras | awk '$1 ~ /^go1/ {print $1}')
for era in $eras; do
  RESULTS="$work/results" tests/real-go/compare.sh "$gotimers" "$version" "$era" \
    >"$work/log.$era" 2>&1 || true
done
printf '| scenario |'
for era in $eras; do printf ' `%s` |' "$era"; done
printf '\n|---|'
for _ in $eras; do printf -- '---|'; done
printf '\n'
for prog in $(awk '{print $2}' "$work/results" | sort -u); do
  printf '| `%s` |' "${prog#scenarios/}"
  for era in $eras; do
    printf ' %s |' "$(awk -v p="$prog" -v e="$era" '$2 == p && $3 == e {print $4}' "$work/results")"
  done
  printf '\n'
done
