// The human summary of one run: how it ended, timer activity, threads, and lock contention.
// A view computed from the run's metrics (the same counters the event log carries).
#pragma once
#include <string>

#include "go/program.h"

namespace gotimers::metrics {

// Percentile p (0-100) of values (nearest-rank); 0 for none.
int64_t percentile(std::vector<int64_t> values, double p);

std::string exitKindName(rt::ExitKind k);
// The timers part of the summary: a row per kind of timer the program used (started, reset,
// fired, stopped, re-armed, pending at exit, which add up), the pending ones against the heaps,
// then firing lateness and dropped sends when there are any.
std::string formatTimerTable(const go::ProgramResult& r);
// The run summary `gotimers run` prints after the program's output. expectedEnding: the
// scenario expected the deadlock or panic it ended with ("ended: deadlock ... (expected)").
std::string formatSummary(const go::ProgramResult& r, bool expectedEnding = false);
// Compact lock table; locks never acquired are omitted.
std::string formatLockTable(const go::ProgramResult& r);

}  // namespace gotimers::metrics
