#!/usr/bin/env bash
# Builds the animation player template viz/dist/index.html (npm ci + vite build), which the
# next cmake build embeds into gotimers. Skips the build when dist is newer than its sources.
set -euo pipefail
cd "$(dirname "$0")/../viz"
if [ -f dist/index.html ] && [ -z "$(find index.html vite.config.js package-lock.json src -newer dist/index.html)" ]; then
  exit 0
fi
# npm ci rejects the lockfile npm 11 writes here (it leaves out the optional per-platform
# rollup packages), so install the locked versions with npm install.
[ -d node_modules ] || npm install --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn
