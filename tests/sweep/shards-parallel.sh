#!/usr/bin/env bash
# sweep --shard with GNU parallel, as docs/compare.md's recipe runs it (there over ssh, here on
# this machine): 3 shards in parallel, then `sweep merge`, which must give byte for byte the
# results file of the same sweep without --shard. Usage: shards-parallel.sh GOTIMERS WORKDIR
set -euo pipefail
gotimers=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work"
grid=(sleep stop --eras go1.9,go1.13,go1.14 --procs 1..3 --seeds 1,2 -j 1)
parallel --will-cite --halt now,fail=1 "$gotimers" sweep "${grid[@]}" --shard {}/3 --out shard{}.jsonl \
  '>' shard{}.txt ::: 1 2 3
"$gotimers" sweep merge -o merged.jsonl shard3.jsonl shard1.jsonl shard2.jsonl
"$gotimers" sweep "${grid[@]}" --out whole.jsonl >/dev/null
test "$(wc -l <whole.jsonl)" -eq 36
cmp merged.jsonl whole.jsonl
# compare --from reads the merged file as it reads any sweep's
"$gotimers" compare stop --from merged.jsonl --seed 2 --metrics threads >compare.txt
grep -q "GOMAXPROCS=3" compare.txt
echo "3 shards run by GNU parallel merge into the unsharded sweep's file (36 runs)"
