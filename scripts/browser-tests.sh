#!/usr/bin/env bash
# The player's browser tests: headless Debian Chromium driven by playwright-core (pinned by
# tests/browser/package-lock.json), and the WebAssembly heap lab against the same binary
# (GOTIMERS_WASM, default build/wasm/gotimers-lab.js: scripts/build-wasm.sh).
# Usage: browser-tests.sh [path/to/gotimers]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/debug/gotimers}")
cd tests/browser
[ -d node_modules/playwright-core ] && [ -d node_modules/speedscope ] || npm ci --no-audit --no-fund --loglevel=error
GOTIMERS_BIN="$bin" node --test --test-reporter=spec
