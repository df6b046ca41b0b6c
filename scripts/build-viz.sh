#!/usr/bin/env bash
# Builds the page templates the next cmake build embeds into gotimers (npm install + vite
# build): the animation player viz/dist/index.html and the report viz/dist-report/report.html;
# and the lab page viz/dist-lab/lab.html (the player inside; scripts/build-site.sh).
# Skips a build when its output is newer than its sources.
set -euo pipefail
cd "$(dirname "$0")/../viz"
# npm ci rejects the lockfile npm 11 writes here (it leaves out the optional per-platform
# rollup packages), so install the locked versions with npm install.
stale() {  # stale OUTPUT SOURCE...: OUTPUT is missing or older than a source
  local out=$1
  shift
  [ ! -f "$out" ] || [ -n "$(find "$@" package-lock.json -newer "$out")" ]
}
if stale dist/index.html index.html vite.config.js src package.json; then
  [ -d node_modules ] || npm install --no-audit --no-fund --loglevel=error
  npx vite build --logLevel warn
fi
if stale dist-report/report.html report.html vite.report.config.js src package.json; then
  [ -d node_modules/@observablehq/plot ] || npm install --no-audit --no-fund --loglevel=error
  npx vite build --config vite.report.config.js --logLevel warn
fi
if stale dist-lab/lab.html lab.html vite.lab.config.js src dist/index.html package.json; then
  [ -d node_modules/gifenc ] || npm install --no-audit --no-fund --loglevel=error
  npx vite build --config vite.lab.config.js --logLevel warn
fi
