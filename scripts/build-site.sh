#!/usr/bin/env bash
# Builds the heap lab's static site into one folder any static host can serve (GitHub Pages,
# `python3 -m http.server`), which also works opened from disk: index.html (the lab page,
# viz/lab.html, with the player inside), gotimers-lab.js (the simulator in WebAssembly,
# wasm/), and for Go programs gofront.js (the Go front end's wasm and the standard library's
# types, base64, loaded on first use) with Go's wasm_exec.js.
# Usage: build-site.sh [DIR]   (default build/site)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/site}
bash scripts/build-viz.sh
bash scripts/build-wasm.sh
mkdir -p "$dir"
cp viz/dist-lab/lab.html "$dir/index.html"
cp build/wasm/gotimers-lab.js build/wasm/wasm_exec.js "$dir/"
{
  printf 'window.gotimersGofront = {\n  wasm: "'
  base64 -w0 build/wasm/gofront.wasm
  printf '",\n  bundle: "'
  base64 -w0 build/wasm/stdlib.bundle
  printf '"\n};\n'
} >"$dir/gofront.js.tmp"
mv "$dir/gofront.js.tmp" "$dir/gofront.js"
echo "site: $dir/index.html ($(du -sh "$dir" | cut -f1))"
