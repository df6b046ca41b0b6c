#!/usr/bin/env bash
# Builds the heap lab's static site into one folder any static host can serve (GitHub Pages,
# `python3 -m http.server`), which also works opened from disk: index.html (the lab page,
# viz/lab.html, with the player inside) and gotimers-lab.js (the simulator in WebAssembly,
# wasm/). Usage: build-site.sh [DIR]   (default build/site)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/site}
bash scripts/build-viz.sh
bash scripts/build-wasm.sh
mkdir -p "$dir"
cp viz/dist-lab/lab.html "$dir/index.html"
cp build/wasm/gotimers-lab.js "$dir/gotimers-lab.js"
echo "site: $dir/index.html ($(du -sh "$dir" | cut -f1))"
