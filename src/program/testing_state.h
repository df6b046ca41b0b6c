// The state of `go test` inside the VM (vm_testing.cpp drives it, externs_testing.cpp is
// package testing's API): one TObj per testing.T or testing.B, one TestRun per run.
//
// TObj mirrors testing.common plus B's fields (testing/testing.go and benchmark.go of Go
// 1.19). Invariants: `output` holds the decorated lines (`    file:line: msg`) and the
// reports of failed subtests, indented as flushToParent writes them; a failure propagates to
// every ancestor at once (common.Fail); `duration` counts virtual ns only while timerOn.
// The *testing.T/*testing.B the program gets is `self`: a pointer to the opaque struct Box
// whose Box::nat (and its embedded common's) is this TObj; B.N is also written to that
// Box's N slot.
#pragma once
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "program/ir.h"
#include "runtime/task.h"

namespace gotimers::program {

struct TObj : RefCounted {
  std::string name;
  TObj* parent = nullptr;  // the parent outlives its subtests (it waits for them)
  int level = 0;
  bool failed = false, skipped = false, finished = false, hasSub = false, bench = false;
  std::string output;
  std::vector<Value> cleanups;          // run last first when the test ends
  std::set<const Func*> helpers;        // functions that called t.Helper()
  std::map<std::string, int> subNames;  // for Go's unique subtest names (#01, #02, ...)
  Value self;
  int64_t start = 0, elapsed = 0;
  // testing.B
  int64_t N = 0, duration = 0, timerStart = 0, previousN = 0, previousDuration = 0;
  bool timerOn = false, showAllocs = false;
  int parallelism = 1;
  std::map<std::string, double> extra;  // ReportMetric, sorted as Go sorts extra keys
  int32_t nSlot = -1;                   // the N field's slot in self's Box

  void fail() {
    for (TObj* t = this; t; t = t->parent)
      t->failed = true;
  }
};

// testing.PB: goroutines of one RunParallel take grain iterations at a time from the shared
// counter until b.N are handed out (PB.Next, benchmark.go).
struct PBShared : RefCounted {
  uint64_t n = 0;
};
struct PBObj : RefCounted {
  Ref<PBShared> global;
  uint64_t grain = 1, bN = 0, cache = 0;
};

// -run / -bench as testing/match.go (Go 1.19) reads them: split at top-level '|' into
// alternatives and at top-level '/' into one regexp per name level (splitRegexp). A name
// "A/b/c" matches when every level the pattern has matches its element; it matches
// partially when the pattern has more levels than the name (only its subtests can run).
struct NameFilter {
  std::vector<std::vector<std::regex>> alternatives;
  // Throws std::regex_error on a bad element.
  static NameFilter parse(const std::string& pattern);
  bool matches(const std::string& fullName, bool* partial) const;
};

struct TestRun {
  NameFilter run, bench;
  bool runAny = false, benchAny = false;
  int maxLen = 0, extLen = 0;
  bool labelsPrinted = false;
  TObj root;  // the parent of the top-level tests and benchmarks (testing.M's context)
};

}  // namespace gotimers::program

namespace gotimers::program {

class VM;
struct G;
// A *testing.T (bench false) or *testing.B named name, child of parent.
Ref<TObj> newTObj(VM& vm, bool bench, std::string name, TObj* parent);
// tRunner: runs f(t) in a new goroutine and waits for it, then its cleanups; a failed test's
// report goes to its parent's output (or stdout at the top). Returns !t.failed.
rt::Task<bool> runTest(VM& vm, Ref<TObj> t, Value f);
// B.Run's run1 + processBench: N=1 first, then launch's b.N growth; prints the result line.
rt::Task<bool> runBenchmark(VM& vm, Ref<TObj> b, Value f);
// B.RunParallel: GOMAXPROCS*parallelism goroutines share b.N through PB.Next.
rt::Task<void> runParallel(VM& vm, G& g, TObj* b, Value body);
// The unique subtest name (spaces as _, #01 for repeats), as testing's rewrite does.
std::string subName(TObj* parent, const std::string& name);

}  // namespace gotimers::program
