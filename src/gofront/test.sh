#!/bin/sh
# Checks and tests the Go front end offline, in GOPATH mode, with Debian's Go 1.19 and
# golang.org/x/tools from /usr/share/gocode: gofmt, go vet (also as GOOS=js), go build, go test.
# Exits non-zero on any failure. GO (default /usr/lib/go-1.19/bin/go) and GOCACHE may be set.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
GO=${GO:-/usr/lib/go-1.19/bin/go}
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off CGO_ENABLED=0
export GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/gotimers-gofront-gocache}"

unformatted=$("$(dirname "$GO")/gofmt" -l "$here"/*.go)
if [ -n "$unformatted" ]; then
    echo "gofmt: not formatted: $unformatted" >&2
    exit 1
fi
cd "$here" # GOPATH mode takes a local package as ./, not as an absolute path
"$GO" vet .
GOOS=js GOARCH=wasm "$GO" vet . # the lab page's build (main_js.go)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$GO" build -o "$out/gofront" .
"$GO" test -count=1 .
