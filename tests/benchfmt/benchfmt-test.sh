#!/usr/bin/env bash
# compare --benchfmt writes Go's benchmark format: check the files with Go's own parser.
# Usage: benchfmt-test.sh GOTIMERS GO WORKDIR
set -euo pipefail
gotimers=$1
go=$2
work=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
"$gotimers" compare stop --eras go1.9,go1.14 --procs 1,4 --seeds 1..3 -j 2 \
  --benchfmt "$work/bf" >/dev/null
cd "$src"   # GOPATH mode takes a local file as it is
GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off CGO_ENABLED=0 \
  GOCACHE="$work/gocache" "$go" run tests/benchfmt/check.go "$work/bf/go1.9.txt" "$work/bf/go1.14.txt"
