// Differential test: every shipped scenario (scenarios/**/*.json) on every registered era.
//
// The eras differ in how timers are implemented, not in what package time promises, so what a
// Go program can observe must agree across them: how it ended (normal exit, deadlock, panic),
// what it printed once virtual-time values are normalised (a timer fires at 100.053ms on one
// era and at 100.081ms on another; both are on time), that no expectation failed, and how
// many goroutines were left blocked. The reference is the default era "go1.14" (the Go
// 1.16-1.22 rules). Anything else that differs must be listed in kKnownDifferences with the
// reason, and every listed difference must actually happen (so the table cannot go stale).
//
// Eras older than a scenario's "minGo" are skipped (Scenario::minGoMinor against
// EraInfo::goMinor), as `gotimers run --era all` skips them. A scenario without minGo that
// calls an API its era lacks (Ticker.Reset before Go 1.15) ends with "... does not exist in
// ..."; such runs are skipped too and reported with MESSAGE, so that a missing minGo is
// visible but does not fail the suite.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include "metrics/summary.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "eras/registry.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace {

namespace fs = std::filesystem;
namespace sc = gotimers::scenario;
namespace eras = gotimers::eras;
namespace rt = gotimers::rt;

constexpr const char* kReferenceEra = "go1.14";
// Bounds one run (the default, 500M, would let a runaway scenario take minutes and GBs).
constexpr uint64_t kEventLimit = 50'000'000;

enum class Aspect { Exit, Output, Failures, Leaked };

const char* aspectName(Aspect a) {
  switch (a) {
    case Aspect::Exit:
      return "exit";
    case Aspect::Output:
      return "output";
    case Aspect::Failures:
      return "expectation failures";
    case Aspect::Leaked:
      return "leaked goroutines";
  }
  return "?";
}

// A documented era difference: on era, scenario (its "name") observes aspect differently
// from the reference era (Failures: some expectation fails on era), for the reason why.
struct KnownDifference {
  const char* scenario;
  const char* era;
  Aspect aspect;
  const char* why;
};

// Go 1.23 changed what a program can observe about timers (reference section 4, Go 1.23
// release notes), and these are exactly those changes; every other run observes the same as
// the reference. The scenarios' own expectations follow Go on each era ("expectOn"), so only
// what they print and how they end differ. asynctimerchan=1 restores the pre-1.23 behaviour:
// no entry names "go1.23@asynctimerchan=1" (a test below checks that).
// Scenarios that use an API an era lacks are not listed here: they carry "minGo" instead
// (e.g. "minGo": "1.15" for Ticker.Reset), and eras older than that are not run.
constexpr const char* kGcWhy =
    "Go 1.23 (asynctimerchan=0 or 2): a channel timer is in a heap only while a receiver "
    "blocks on it, and unreferenced timers and tickers are collected: the heaps stay small";
constexpr const char* kGcWhyFixed =
    "Go 1.23 (asynctimerchan=0 or 2): the reused timer is a zombie in the heap once the select "
    "returned, so it is not a live timer";
const std::vector<KnownDifference> kKnownDifferences = {
    {"after-in-loop", "go1.23", Aspect::Output, kGcWhy},
    {"after-in-loop", "go1.23@asynctimerchan=2", Aspect::Output, kGcWhy},
    {"after-in-loop-fixed", "go1.23", Aspect::Output, kGcWhyFixed},
    {"after-in-loop-fixed", "go1.23@asynctimerchan=2", Aspect::Output, kGcWhyFixed},
    {"tick-in-loop", "go1.23", Aspect::Output, kGcWhy},
    {"tick-in-loop", "go1.23@asynctimerchan=2", Aspect::Output, kGcWhy},
    {"fastping-leak", "go1.23", Aspect::Output, kGcWhy},
    {"fastping-leak", "go1.23@asynctimerchan=2", Aspect::Output, kGcWhy},
    {"reset-earlier", "go1.23", Aspect::Output, kGcWhy},
    {"reset-earlier", "go1.23@asynctimerchan=2", Aspect::Output, kGcWhy},
    {"reset-stale-value", "go1.23", Aspect::Output,
     "Go 1.23 synchronous timer channels: Reset drains the channel and returns true for the "
     "unreceived expiry; no stale value is received after Reset"},
    {"reset-stale-value", "go1.23", Aspect::Exit,
     "Go 1.23: the one-shot timer delivers only its new expiry, so the second receive blocks "
     "forever (deadlock)"},
    {"stop-drain-idiom", "go1.23", Aspect::Output,
     "Go 1.23 synchronous timer channels: Stop returns true after an unreceived expiry, so the "
     "drain receive blocks at once"},
};

// What a Go program can observe about one run.
struct Observed {
  std::string exit;  // metrics::exitKindName: "normal exit", "deadlock", "panic", ...
  std::string output;
  std::vector<std::string> failures;
  int64_t leaked = 0;
  std::string report;
};

bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// Length of a Go duration (time.Duration.String: "1h2m3.5s", "100.053ms", "1.5µs", "0s",
// "-20ns") starting at s[i], or 0. It must not be followed by a letter or digit.
size_t durationAt(const std::string& s, size_t i) {
  size_t j = i;
  if (j < s.size() && s[j] == '-') j++;
  size_t groups = 0;
  for (;;) {
    size_t k = j;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])))
      k++;
    if (k == j) break;
    if (k + 1 < s.size() && s[k] == '.' && std::isdigit(static_cast<unsigned char>(s[k + 1]))) {
      k++;
      while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])))
        k++;
    }
    static const char* const units[] = {"ns", "\xC2\xB5s", "us", "ms", "s", "m", "h"};
    size_t unit = 0;
    for (const char* u : units) {
      size_t n = std::char_traits<char>::length(u);
      if (s.compare(k, n, u) == 0) {
        unit = n;
        break;
      }
    }
    if (unit == 0) break;
    j = k + unit;
    groups++;
  }
  if (groups == 0) return 0;
  if (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) return 0;
  return j - i;
}

// Virtual-time values in a program's output, replaced by "<d>": "T+1.2s" -> "T+<d>",
// "done at 570.255µs" -> "done at <d>". Other numbers (counts, values) stay.
std::string normaliseTimes(const std::string& out) {
  std::string res;
  for (size_t i = 0; i < out.size();) {
    if (i == 0 || !isIdentChar(out[i - 1])) {
      if (size_t n = durationAt(out, i); n > 0) {
        res += "<d>";
        i += n;
        continue;
      }
    }
    res += out[i++];
  }
  return res;
}

Observed observe(const sc::ScenarioResult& r) {
  Observed o;
  o.exit = gotimers::metrics::exitKindName(r.program.run.kind);
  o.output = normaliseTimes(r.program.output);
  o.failures = r.failures;
  o.leaked = r.program.leakedGoroutines;
  o.report = r.program.run.report;
  return o;
}

std::vector<fs::path> scenarioFiles() {
  std::vector<fs::path> files;
  fs::path root = fs::path(GOTIMERS_SOURCE_DIR) / "scenarios";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    // scenarios/*.schema.json (the JSON Schema of scenario files) is not a scenario.
    const std::string fn = e.path().filename().string();
    if (e.is_regular_file() && fn.ends_with(".json") && !fn.ends_with(".schema.json")) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

const KnownDifference* findKnown(const std::vector<KnownDifference>& table,
                                 const std::string& scenario, const std::string& era, Aspect a) {
  for (const auto& k : table) {
    if (scenario == k.scenario && era == k.era && a == k.aspect) return &k;
  }
  return nullptr;
}

bool differs(const Observed& ref, const Observed& o, Aspect a) {
  switch (a) {
    case Aspect::Exit:
      return ref.exit != o.exit;
    case Aspect::Output:
      return ref.output != o.output;
    case Aspect::Failures:
      return !o.failures.empty();  // none, on every era
    case Aspect::Leaked:
      return ref.leaked != o.leaked;
  }
  return true;
}

std::string describe(const Observed& o, Aspect a) {
  switch (a) {
    case Aspect::Exit:
      return o.exit + (o.report.empty() ? "" : " (" + o.report + ")");
    case Aspect::Output:
      return "\n" + o.output;
    case Aspect::Failures: {
      std::string s;
      for (const auto& f : o.failures)
        s += "\n  " + f;
      return s.empty() ? "none" : s;
    }
    case Aspect::Leaked:
      return std::to_string(o.leaked);
  }
  return "?";
}

// Runs s on every era it supports and compares each with the reference era. Returns the
// problems found (undocumented differences, documented ones that did not happen); entries of
// table that applied are added to happened.
std::vector<std::string> compareEras(const sc::Scenario& s,
                                     const std::vector<KnownDifference>& table,
                                     std::set<const KnownDifference*>& happened, size_t* runs) {
  std::vector<std::string> problems;
  std::map<std::string, Observed> obs;  // era name -> what the program observed
  std::vector<std::string> order;
  for (const auto& era : eras::allEras()) {
    if (era.goMinor < s.minGoMinor) continue;  // as `run --era all`: too old for it
    sc::RunOptions ro;
    ro.era = era.name;
    ro.eventLimit = kEventLimit;
    sc::ScenarioResult r = sc::runScenario(s, ro);
    if (runs) (*runs)++;
    Observed o = observe(r);
    if (r.program.run.kind == rt::ExitKind::EventLimit) {
      problems.push_back(fmt::format("{} on {}: hit the test's event limit ({} events): {}", s.name,
                                     era.name, kEventLimit, o.report));
      continue;
    }
    if (o.exit == "fatal error" && o.report.find(" does not exist in ") != std::string::npos) {
      MESSAGE(fmt::format("{} on {}: skipped, the era lacks an API it uses (add \"minGo\"): {}",
                          s.name, era.name, o.report));
      continue;
    }
    obs.emplace(era.name, std::move(o));
    order.push_back(era.name);
  }
  if (obs.empty()) {
    problems.push_back(fmt::format("{}: no era runs it (minGo 1.{})", s.name, s.minGoMinor));
    return problems;
  }
  const std::string refName = obs.count(kReferenceEra) ? kReferenceEra : order.front();
  const Observed& ref = obs.at(refName);
  for (const std::string& eraName : order) {
    const Observed& o = obs.at(eraName);
    for (Aspect a : {Aspect::Exit, Aspect::Output, Aspect::Failures, Aspect::Leaked}) {
      bool diff = differs(ref, o, a);
      const KnownDifference* known = findKnown(table, s.name, eraName, a);
      if (known) {
        happened.insert(known);
        if (!diff) {
          problems.push_back(
              fmt::format("{} on {}: the documented difference in {} did not "
                          "happen (\"{}\"); remove it from the table",
                          s.name, eraName, aspectName(a), known->why));
        }
      } else if (diff) {
        problems.push_back(
            fmt::format("{} on {}: {} differs from {} and no era difference "
                        "explains it.\n{}: {}\n{}: {}",
                        s.name, eraName, aspectName(a), refName, refName, describe(ref, a), eraName,
                        describe(o, a)));
      }
    }
  }
  return problems;
}

}  // namespace

TEST_CASE("differential: virtual-time values in output are normalised, other text is kept") {
  CHECK(normaliseTimes("timer fired; value sent at T+100.053ms\n") ==
        "timer fired; value sent at T+<d>\n");
  CHECK(normaliseTimes("done at 570.255\xC2\xB5s; 8000 idle timers") ==
        "done at <d>; 8000 idle timers");
  CHECK(normaliseTimes("tick 2 sent at T+1h2m3.5s") == "tick 2 sent at T+<d>");
  CHECK(normaliseTimes("slept 0s, then -20ns, then 1.5us") == "slept <d>, then <d>, then <d>");
  // Not durations: counts, words, identifiers with digits, a number with an unknown unit.
  CHECK(normaliseTimes("3 goroutines, go1.9s rules, x2s, 5 mice, 12kB") ==
        "3 goroutines, go1.9s rules, x2s, 5 mice, 12kB");
}

TEST_CASE("differential: every shipped scenario observes the same on every era") {
  const auto files = scenarioFiles();
  REQUIRE(!files.empty());
  REQUIRE(eras::findEra(kReferenceEra) != nullptr);
  std::set<const KnownDifference*> happened;
  std::set<std::string> shipped;
  size_t runs = 0;
  for (const auto& file : files) {
    CAPTURE(file.string());
    sc::Scenario s;
    try {
      s = sc::loadScenario(file.string());
    } catch (const sc::ScenarioError& e) {
      FAIL_CHECK(fmt::format("does not load: {}", e.what()));
      continue;
    }
    shipped.insert(s.name);
    for (const std::string& p : compareEras(s, kKnownDifferences, happened, &runs))
      FAIL_CHECK(p);
  }
  MESSAGE(
      fmt::format("{} scenarios, {} runs on {} eras", files.size(), runs, eras::allEras().size()));
  for (const auto& k : kKnownDifferences) {
    CAPTURE(k.scenario);
    CAPTURE(k.era);
    CHECK_MESSAGE(shipped.count(k.scenario) == 1,
                  "kKnownDifferences names a scenario that is not shipped");
    CHECK_MESSAGE(happened.count(&k) == 1, "a documented difference was never observed");
  }
}

// "with asynctimerchan=1 the go1.14 observations come back": the table documents no difference
// for that option, so every shipped scenario observes on it exactly what it observes on go1.14
// (the test above fails otherwise).
TEST_CASE("differential: go1.23@asynctimerchan=1 has no documented difference") {
  REQUIRE(eras::findEra("go1.23@asynctimerchan=1") != nullptr);
  for (const auto& k : kKnownDifferences)
    CHECK(std::string(k.era) != "go1.23@asynctimerchan=1");
}

// The comparison itself, on a scenario whose result does differ between eras: Go 1.18 made
// Ticker.Reset(d <= 0) panic (CL 361074, #49315); the go1.15 rules accept it.
TEST_CASE("differential: an era difference is reported unless documented, and must happen") {
  const sc::Scenario s = sc::parseScenario("ticker-reset-zero.json", R"({
    "name": "ticker-reset-zero",
    "minGo": "1.15",
    "main": [
      {"op": "NewTicker", "d": "10ms", "as": "tk"},
      {"op": "recover", "body": [{"op": "Ticker.Reset", "ticker": "tk", "d": "0s"}]},
      {"op": "print", "msg": "at {now}"},
      {"op": "Ticker.Stop", "ticker": "tk"}
    ]
  })");
  std::set<const KnownDifference*> happened;
  size_t runs = 0;
  // Undocumented: reported, and only for the go1.15 option (go1.14@go1.14 and older eras are
  // not run: minGo 1.15).
  auto problems = compareEras(s, {}, happened, &runs);
  CHECK(runs == 6);  // go1.14@go1.15, go1.14@go1.16, go1.14 and the three go1.23 options
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("ticker-reset-zero on go1.14@go1.15: output differs") == 0);
  CHECK(problems[0].find("recovered: non-positive interval for Ticker.Reset") != std::string::npos);
  // Documented: accepted, and recorded as having happened.
  const std::vector<KnownDifference> table = {
      {"ticker-reset-zero", "go1.14@go1.15", Aspect::Output,
       "Ticker.Reset(d <= 0) panics from Go 1.18 (CL 361074), not in 1.15"}};
  happened.clear();
  CHECK(compareEras(s, table, happened, nullptr).empty());
  CHECK(happened.size() == 1);
  // Documented but not happening (wrong era): reported.
  const std::vector<KnownDifference> stale = {
      {"ticker-reset-zero", "go1.14@go1.16", Aspect::Output, "wrong era"}};
  happened.clear();
  auto p2 = compareEras(s, stale, happened, nullptr);
  CHECK(p2.size() == 2);  // the stale entry, and the undocumented go1.15 difference
}
