// `gotimers trace check FILE`: validates a JSON Lines trace against its schema
// (docs/trace-schema.md). The schema of each event is the kind table of trace/event.cpp, so
// the checker and the writer cannot drift apart.
//
// Checked: the header's fields and version; every line is one JSON object ending in a
// newline; t is a non-negative integer, non-decreasing from line to line; ev is a known kind
// of a category the header lists; the event has exactly that kind's fields (t, ev, optional
// P/M/G, its named arguments, text for print, timers for heap.snapshot), all integers; and a
// few cross-line rules that hold in every run: a lock is released only by the acquirer after
// an acquire, a sift step moves between a parent and its child in the 4-ary heap, lock phases
// and timer statuses are in range, lateness and waits are never negative, a heap snapshot's
// length matches its timers.
#pragma once
#include <istream>
#include <string>
#include <vector>

namespace gotimers::trace {

struct CheckResult {
  uint64_t lines = 0;               // lines read, header included
  uint64_t errorCount = 0;          // every error found
  std::vector<std::string> errors;  // the first few, each "NAME:LINE: what"
  bool ok() const { return errorCount == 0; }
};

CheckResult checkTrace(std::istream& in, const std::string& name, size_t maxErrors = 20);

}  // namespace gotimers::trace
