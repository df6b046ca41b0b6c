// `gotimers trace stats FILE`: a summary of a JSON Lines trace — what the run was (from the
// header), how many events of each kind, and the figures a reader looks for first: timer
// activity and lateness, heap operations and peak lengths, lock contention, goroutines and
// threads. Computed from the trace file alone (per-run metrics of live runs are
// src/metrics' business).
#pragma once
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/histogram.h"

namespace gotimers::metrics {

struct TraceStats {
  nlohmann::json header;
  uint64_t events = 0;
  int64_t firstT = 0, lastT = 0;
  std::map<std::string, uint64_t> byKind;
  sim::Histogram lateness;  // timer.fire late, ns
  struct Lock {
    uint64_t acquisitions = 0, contended = 0;
    sim::Histogram waits;  // contended acquisitions only
    int64_t holdTotal = 0;
  };
  std::map<int64_t, Lock> locks;             // by lock id
  std::map<int64_t, std::string> lockNames;  // from lock.name (schema version 3)
  std::map<int64_t, int64_t> heapPeak;       // heap id -> peak length
  int64_t liveTimersPeak = 0;
};

// Reads a trace; on a line that is not JSON, sets *err to "NAME:LINE: ..." and returns false.
bool readTraceStats(std::istream& in, const std::string& name, TraceStats* out, std::string* err);
std::string formatTraceStats(const TraceStats& s);
nlohmann::json traceStatsJson(const TraceStats& s);

}  // namespace gotimers::metrics
