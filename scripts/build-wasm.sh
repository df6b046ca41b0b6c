#!/usr/bin/env bash
# Builds the heap lab and the Go front end in WebAssembly, into build/wasm (or BUILD_DIR):
#   gotimers-lab.js   the simulator (wasm/CMakeLists.txt, Debian's Emscripten; the wasm inside,
#                     about 2 MB)
#   gofront.wasm      the Go front end (src/gofront, GOOS=js GOARCH=wasm, Debian's Go 1.19,
#                     offline in GOPATH mode; about 10 MB), with Go's wasm_exec.js to run it
#   stdlib.bundle     the types of the library packages the VM provides, which gofront.wasm
#                     reads instead of GOROOT (`gofront -stdlib-bundle`)
# The lab page (scripts/build-site.sh) and the tests (tests/browser/lab-wasm.test.js,
# gofront-wasm.test.js) load them. Usage: build-wasm.sh [BUILD_DIR]   (about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/wasm}
# Emscripten's JavaScript optimizer needs acorn, which Debian installs (node-acorn) where a
# Node.js from elsewhere does not look.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
emcmake cmake -S wasm -B "$dir" -G Ninja >/dev/null
cmake --build "$dir"
go=/usr/lib/go-1.19/bin/go
goenv=(env GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off CGO_ENABLED=0
       GOCACHE="$PWD/$dir/gocache")
"${goenv[@]}" GOOS=js GOARCH=wasm "$go" build -o "$dir/gofront.wasm" ./src/gofront
"${goenv[@]}" "$go" build -o "$dir/gofront-native" ./src/gofront
"$dir/gofront-native" -stdlib-bundle "$dir/stdlib.bundle"
cp "$("$go" env GOROOT)/misc/wasm/wasm_exec.js" "$dir/wasm_exec.js"
