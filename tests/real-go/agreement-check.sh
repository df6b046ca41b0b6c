#!/usr/bin/env bash
# Every shipped Go scenario on every era option, checked against the table docs/real-go.md
# shows: agreement.sh makes the table anew (each program run on each era and compared with
# what real Go GOVERSION printed) and it must be the documented one, cell for cell. So a
# program that stops running on some era, or whose output there changes, fails here until
# the change is understood and the table (and its explanation) updated.
#   tests/real-go/agreement-check.sh GOTIMERS [GOVERSION]   (default go1.19)
set -euo pipefail
gotimers=$1
version=${2:-go1.19}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tests/real-go/agreement.sh "$gotimers" "$version" >"$work/now.md"
# the documented table: the first one in docs/real-go.md (its header names the scenario column)
awk '/^\| scenario \|/ {t=1} t && /^\|/ {print; next} t {exit}' docs/real-go.md >"$work/docs.md"
if ! cmp -s "$work/docs.md" "$work/now.md"; then
  echo "the runs no longer give docs/real-go.md's table (< documented, > now):"
  diff "$work/docs.md" "$work/now.md" || true
  exit 1
fi
echo "$(($(wc -l <"$work/now.md") - 2)) Go scenarios x $("$gotimers" eras | grep -c '^go1') era options: as documented"
