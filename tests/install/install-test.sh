#!/usr/bin/env bash
# cmake --install into a fresh prefix, then use it as a user would (docs/install.md):
# - the installed command runs a shipped scenario and a Go program from another directory,
#   and finds its scenarios and Go front end in the prefix (also after the prefix is moved);
# - a separate CMake project finds the core with find_package(gotimers), builds and runs.
# Usage: install-test.sh BUILD_DIR WORK_DIR CXX BUILD_TYPE [EXTRA_CXX_FLAGS]
set -euo pipefail
build=$1
work=$2
cxx=$3
type=$4
flags=${5:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work/run"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
mv "$work/prefix" "$work/moved"   # installed trees can move: everything is found relative to bin/
prefix=$work/moved
cd "$work/run"
first=$("$prefix/bin/gotimers" scenarios show stop-drain-idiom | head -n 1)
[ "$first" = "// $prefix/share/gotimers/scenarios/pitfalls/stop-drain-idiom.go" ] || {
  echo "scenarios are not the installed ones: $first"; exit 1; }
"$prefix/bin/gotimers" run timer-basics --era go1.14 -q >/dev/null
cp "$src/scenarios/pitfalls/stop-drain-idiom.go" prog.go
"$prefix/bin/gotimers" run prog.go --era go1.9 -q >out.txt || true   # Go's exit status 2: it deadlocks
grep -q "received the expiry; now the same idiom again" out.txt
test -x "$prefix/libexec/gotimers/gofront"
test -f "$prefix/share/doc/gotimers/README.md"
test -f "$prefix/include/gotimers/go/program.h"

cmake -S "$src/tests/install/consumer" -B "$work/consumer" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer" >consumer.txt
cat consumer.txt
n=$(grep -c "fired at 10[0-9]\{6\}ns, Stop returned true" consumer.txt)
want=$("$prefix/bin/gotimers" eras | wc -l)
[ "$n" -eq "$want" ] || { echo "expected $want eras to fire at 10ms and stop the 1h timer"; exit 1; }
echo "installed, moved, and used by find_package(gotimers): $n eras"
