// gotimers sweep merge: the shards of one sweep (sweep --shard K/N, each on a machine of its
// own) back into the results file the unsharded sweep would have written, byte for byte.
//
// Shard K/N holds the grid runs whose grid-order index i has i % N == K - 1, in grid order
// (metrics/sweep.h), so run i of the merged file is line i / N of shard i % N + 1. Every line
// carries its shard's index, count and the grid's size; the merge checks that each shard of
// 1..N is given once and is complete, that the interleaved runs form one grid (scenarios x eras
// x GOMAXPROCS x seeds in the order the sweep listed them) and that each scenario's runs share
// one inputs hash, then writes the lines without their shard tags.
#pragma once
#include <string>
#include <vector>

namespace gotimers::metrics {

// The merged results file's text; throws SweepError naming the file (and line) at fault.
std::string mergeShards(const std::vector<std::string>& paths);

}  // namespace gotimers::metrics
