// The human summary of one run: how it ended, timer activity, threads, and lock contention.
// A view computed from the run's metrics (the same counters the event log carries).
#pragma once
#include <string>

#include "go/program.h"

namespace gotimers::metrics {

// Percentile p (0-100) of values (nearest-rank); 0 for none.
int64_t percentile(std::vector<int64_t> values, double p);

std::string exitKindName(rt::ExitKind k);
std::string formatSummary(const go::ProgramResult& r);
// Compact lock table; locks never acquired are omitted.
std::string formatLockTable(const go::ProgramResult& r);

}  // namespace gotimers::metrics
