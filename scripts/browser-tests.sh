#!/usr/bin/env bash
# The player's browser tests: headless Debian Chromium driven by playwright-core (pinned by
# tests/browser/package-lock.json). Usage: browser-tests.sh [path/to/gotimers]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/debug/gotimers}")
cd tests/browser
[ -d node_modules/playwright-core ] && [ -d node_modules/speedscope ] || npm ci --no-audit --no-fund --loglevel=error
GOTIMERS_BIN="$bin" node --test --test-reporter=spec
