// The Perfetto / Chrome trace export, checked event by event against the Trace Event
// Format's rules (the format document "Trace Event Format", Google, and what Perfetto's JSON
// importer requires): a single JSON object with traceEvents and displayTimeUnit; every event
// has a known ph and that ph's required fields; complete slices nest strictly per (pid, tid);
// async b/e pair up per (pid, cat, id, name) without overlap; each flow id has one start and
// one end, not before it, each inside a slice of its row; counters carry numeric series;
// every process and row that has events is named and sorted by metadata.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "trace_helpers.h"

using namespace gotimers;
using namespace gotimers::testing;
using nlohmann::json;

namespace {

struct Stats {
  size_t slices = 0, asyncPairs = 0, flows = 0, counters = 0, instants = 0, rows = 0;
  std::set<std::string> rowNames;
};

// Returns the rule violations found (empty if the file obeys every rule).
std::vector<std::string> validate(const json& doc, Stats* st) {
  std::vector<std::string> bad;
  auto fail = [&](size_t i, const std::string& what) {
    if (bad.size() < 20) bad.push_back("traceEvents[" + std::to_string(i) + "]: " + what);
  };
  if (!doc.is_object()) return {"not a JSON object"};
  if (doc.value("displayTimeUnit", "") != "ns") bad.push_back("displayTimeUnit must be \"ns\"");
  if (!doc.contains("traceEvents") || !doc["traceEvents"].is_array())
    return {"traceEvents must be an array"};
  const json& evs = doc["traceEvents"];
  using Row = std::pair<int64_t, int64_t>;
  struct Sl {  // in integer ns: the file's µs have exactly 3 decimals
    int64_t ts, end;
    size_t i;
  };
  auto ns = [](double us) { return static_cast<int64_t>(std::llround(us * 1000.0)); };
  std::map<Row, std::vector<Sl>> slices;
  std::map<Row, std::vector<std::pair<double, size_t>>> beStack;  // B/E (not used by us)
  std::map<std::tuple<int64_t, std::string, std::string, std::string>,
           std::vector<std::pair<char, double>>>
      async;
  std::map<std::string, std::vector<std::pair<char, size_t>>> flows;
  std::set<int64_t> pidsUsed, pidsNamed, pidsSorted;
  std::set<Row> rowsUsed, rowsNamed, rowsSorted;
  for (size_t i = 0; i < evs.size(); i++) {
    const json& e = evs[i];
    if (!e.is_object()) {
      fail(i, "not an object");
      continue;
    }
    std::string ph = e.value("ph", "");
    if (!e.contains("pid") || !e["pid"].is_number_integer()) fail(i, "pid must be an integer");
    if (!e.contains("name") || !e["name"].is_string()) fail(i, "name must be a string");
    int64_t pid = e.value("pid", int64_t{-1});
    bool needTid = ph != "C";
    if (needTid && (!e.contains("tid") || !e["tid"].is_number_integer()))
      fail(i, "tid must be an integer");
    int64_t tid = e.value("tid", int64_t{0});
    if (ph != "M") {
      if (!e.contains("ts") || !e["ts"].is_number() || e["ts"].get<double>() < 0)
        fail(i, "ts must be a non-negative number (µs)");
      pidsUsed.insert(pid);
      if (needTid) rowsUsed.insert({pid, tid});
    }
    double ts = e.value("ts", 0.0);
    if (e.contains("args") && !e["args"].is_object()) fail(i, "args must be an object");
    if (ph == "X") {
      if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0)
        fail(i, "X: dur must be a non-negative number");
      slices[{pid, tid}].push_back({ns(ts), ns(ts) + ns(e.value("dur", 0.0)), i});
      st->slices++;
    } else if (ph == "B" || ph == "E") {
      fail(i, "B/E are not used by gotimers' exporter");
    } else if (ph == "b" || ph == "e") {
      if (!e.contains("cat") || !e.contains("id")) fail(i, "async: cat and id are required");
      async[{pid, e.value("cat", ""), e["id"].dump(), e.value("name", "")}].push_back({ph[0], ts});
    } else if (ph == "s" || ph == "f") {
      if (!e.contains("id")) fail(i, "flow: id is required");
      if (ph == "f" && e.value("bp", "") != "e") fail(i, "flow end: bp must be \"e\"");
      flows[e["id"].dump()].push_back({ph[0], i});
    } else if (ph == "C") {
      bool ok = e.contains("args") && e["args"].is_object() && !e["args"].empty();
      if (ok)
        for (auto& [k, v] : e["args"].items())
          ok = ok && v.is_number();
      if (!ok) fail(i, "C: args must hold numeric series");
      st->counters++;
    } else if (ph == "i") {
      std::string s = e.value("s", "");
      if (s != "t" && s != "p" && s != "g") fail(i, "i: s must be t, p or g");
      st->instants++;
    } else if (ph == "M") {
      std::string n = e.value("name", "");
      const json& a = e.contains("args") ? e["args"] : json::object();
      if (n == "process_name" && a.contains("name") && a["name"].is_string()) {
        pidsNamed.insert(pid);
      } else if (n == "process_sort_index" && a.contains("sort_index") &&
                 a["sort_index"].is_number_integer()) {
        pidsSorted.insert(pid);
      } else if (n == "thread_name" && a.contains("name") && a["name"].is_string()) {
        rowsNamed.insert({pid, tid});
        st->rowNames.insert(a["name"].get<std::string>());
      } else if (n == "thread_sort_index" && a.contains("sort_index") &&
                 a["sort_index"].is_number_integer()) {
        rowsSorted.insert({pid, tid});
      } else {
        fail(i, "M: unknown metadata or bad args: " + n);
      }
    } else {
      fail(i, "unknown ph \"" + ph + "\"");
    }
  }
  // strict nesting per row: sorted by (start, longest first), each slice lies inside the
  // innermost open slice or starts after it ends
  for (auto& [row, list] : slices) {
    std::stable_sort(list.begin(), list.end(), [](const Sl& a, const Sl& b) {
      return a.ts != b.ts ? a.ts < b.ts : a.end > b.end;
    });
    std::vector<int64_t> stack;
    for (const Sl& s : list) {
      while (!stack.empty() && stack.back() <= s.ts)
        stack.pop_back();
      if (!stack.empty() && s.end > stack.back())
        fail(s.i, "X slice overlaps its enclosing slice without nesting");
      stack.push_back(s.end);
    }
  }
  // async: per key, alternating b then e, not going back in time
  for (auto& [key, list] : async) {
    std::stable_sort(list.begin(), list.end(),
                     [](auto& a, auto& b) { return a.second < b.second; });
    // a b and an e at the same ts: the e of the previous lifetime comes first
    char expect = 'b';
    double last = -1;
    std::vector<std::pair<char, double>> ordered;
    for (size_t i = 0; i < list.size();) {
      size_t j = i;
      while (j < list.size() && list[j].second == list[i].second)
        j++;
      for (char want : {'e', 'b', 'e', 'b'})
        for (size_t k = i; k < j; k++)
          if (list[k].first == want && list[k].second >= 0) {
            ordered.push_back(list[k]);
            list[k].second = -1;
          }
      i = j;
    }
    for (auto& [ph, ts] : ordered) {
      if (ph != expect) {
        bad.push_back("async " + std::get<3>(key) + ": unpaired " + std::string(1, ph));
        break;
      }
      expect = ph == 'b' ? 'e' : 'b';
      last = ts;
      if (ph == 'e') st->asyncPairs++;
    }
    (void)last;
    if (expect != 'b') bad.push_back("async " + std::get<3>(key) + ": begin without end");
  }
  // flows: one s and one f, f not before s, each inside a slice of its own row
  auto inSlice = [&](size_t i) {
    const json& e = evs[i];
    auto it = slices.find({e["pid"].get<int64_t>(), e["tid"].get<int64_t>()});
    if (it == slices.end()) return false;
    int64_t ts = ns(e["ts"].get<double>());
    // the slices are sorted by start: look at the last ones starting at or before ts
    const auto& v = it->second;
    auto up =
        std::upper_bound(v.begin(), v.end(), ts, [](int64_t x, const Sl& s) { return x < s.ts; });
    for (int n = 0; up != v.begin() && n < 64; n++) {
      --up;
      if (up->ts <= ts && ts <= up->end) return true;
    }
    return false;
  };
  for (auto& [id, list] : flows) {
    if (list.size() != 2 || list[0].first != 's' || list[1].first != 'f') {
      bad.push_back("flow " + id + ": expected one s then one f");
      continue;
    }
    if (evs[list[1].second]["ts"].get<double>() < evs[list[0].second]["ts"].get<double>())
      bad.push_back("flow " + id + ": ends before it starts");
    if (!inSlice(list[0].second) || !inSlice(list[1].second))
      bad.push_back("flow " + id + ": an end is not inside a slice of its row");
    st->flows++;
  }
  for (int64_t pid : pidsUsed)
    if (!pidsNamed.count(pid) || !pidsSorted.count(pid))
      bad.push_back("process " + std::to_string(pid) + ": no process_name/sort_index");
  for (const Row& r : rowsUsed)
    if (!rowsNamed.count(r) || !rowsSorted.count(r))
      bad.push_back("row " + std::to_string(r.second) + ": no thread_name/sort_index");
  st->rows = rowsUsed.size();
  return bad;
}

// Parses an export, checks every format rule (each broken rule printed), returns the stats.
Stats checkFormat(PerfettoText& file) {
  Stats st;
  auto bad = validate(json::parse(file.json()), &st);
  for (const auto& b : bad)
    MESSAGE(b);
  CHECK(bad.empty());
  return st;
}

}  // namespace

TEST_CASE(
    "perfetto: the export of every shipped scenario, all eras side by side, obeys the format") {
  for (const auto& path : shippedScenarios()) {
    if (path.find("/benchmarks/") != std::string::npos) continue;  // stop-storm stands for them
    auto s = scenario::loadScenario(path);
    shrink(s);
    CAPTURE(path);
    PerfettoText file;
    auto eraList = erasFor(s);
    for (const auto& era : eraList)
      runTraced(s, era, "", &file);
    CHECK(checkFormat(file).slices > 0);
  }
}

// The benchmark scenarios are the largest (100k+ events per era); stop-storm stands for them
// here, on the three era families side by side, at a quarter of its default size.
TEST_CASE("perfetto: stop-storm, three eras side by side, obeys the format") {
  for (const auto& path : shippedScenarios()) {
    if (path.find("stop-storm") == std::string::npos) continue;
    CAPTURE(path);
    auto s = scenario::loadScenario(path);
    scenario::setParam(s, "N=250");
    scenario::setParam(s, "Garbage=500");
    PerfettoText file;
    for (const char* era : {"go1.9", "go1.13", "go1.14"})
      runTraced(s, era, "", &file);
    checkFormat(file);
  }
}

// The export is streamed: what it holds back (slices and lock-waiter changes not yet
// written) follows what is open at once, not the length of the run.
TEST_CASE("perfetto: a run 8 times longer holds back no more than a short one") {
  auto held = [](const std::string& era, int n) {
    auto s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                    "/scenarios/contention/stop-storm.json");
    scenario::setParam(s, "N=" + std::to_string(n));
    scenario::setParam(s, "Garbage=500");
    PerfettoText file;
    size_t most = 0;
    runTraced(s, era, "", &file, trace::kAllCats, false, &most);
    CHECK(checkFormat(file).slices > static_cast<size_t>(n));
    return most;
  };
  for (std::string era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    CAPTURE(era);
    size_t small = held(era, 250), large = held(era, 2000);
    MESSAGE(era, ": held back at most ", small, " (N=250) and ", large, " (N=2000)");
    CHECK(small > 0);
    CHECK(large <= small + small / 2);
  }
}

TEST_CASE("perfetto: timer-basics shows rows per P, timerprocs and locks, lifetimes and flows") {
  auto s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                  "/scenarios/teaching/timer-basics.json");
  PerfettoText file;
  runTraced(s, "go1.13", "", &file);
  runTraced(s, "go1.14", "", &file);
  Stats st = checkFormat(file);
  json doc = json::parse(file.json());
  CHECK(st.rowNames.count("P0") == 1);
  CHECK(st.rowNames.count("lock sched.lock") == 1);
  bool timerproc = false;
  for (const auto& n : st.rowNames)
    timerproc = timerproc || n.rfind("timerproc[", 0) == 0;
  CHECK(timerproc);
  CHECK(st.flows > 0);       // timers that fired: armed -> fired arrows
  CHECK(st.asyncPairs > 0);  // timer lifetimes
  CHECK(st.counters > 0);
  // two processes, named after the eras
  std::set<std::string> procs;
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "process_name") procs.insert(e["args"]["name"]);
  CHECK(procs == std::set<std::string>{"timer-basics on go1.13", "timer-basics on go1.14"});
}

TEST_CASE("perfetto: the validator catches broken nesting, unpaired async and bad flows") {
  auto base = [] {
    return json::parse(R"({"displayTimeUnit":"ns","traceEvents":[
      {"ph":"M","pid":1,"tid":0,"name":"process_name","args":{"name":"p"}},
      {"ph":"M","pid":1,"tid":0,"name":"process_sort_index","args":{"sort_index":1}},
      {"ph":"M","pid":1,"tid":10,"name":"thread_name","args":{"name":"P0"}},
      {"ph":"M","pid":1,"tid":10,"name":"thread_sort_index","args":{"sort_index":0}},
      {"ph":"X","pid":1,"tid":10,"ts":1.0,"dur":5.0,"name":"a","args":{}},
      {"ph":"X","pid":1,"tid":10,"ts":2.0,"dur":1.0,"name":"b","args":{}}]})");
  };
  Stats st;
  CHECK(validate(base(), &st).empty());
  auto d = base();
  d["traceEvents"].push_back(
      json::parse(R"({"ph":"X","pid":1,"tid":10,"ts":5.5,"dur":1.0,"name":"c"})"));
  CHECK(validate(d, &st).size() == 1);  // 5.5..6.5 crosses a's end at 6
  d = base();
  d["traceEvents"].push_back(
      json::parse(R"({"ph":"b","cat":"timer","id":"0x1","pid":1,"tid":10,"ts":1.0,"name":"t"})"));
  CHECK(validate(d, &st).size() == 1);
  d = base();
  d["traceEvents"].push_back(
      json::parse(R"({"ph":"s","id":7,"pid":1,"tid":10,"ts":1.5,"name":"f"})"));
  d["traceEvents"].push_back(
      json::parse(R"({"ph":"f","bp":"e","id":7,"pid":1,"tid":11,"ts":2.5,"name":"f"})"));
  CHECK(validate(d, &st).size() >= 1);  // f on a row with no slice (and no name)
  d = base();
  d["traceEvents"].push_back(
      json::parse(R"({"ph":"X","pid":1,"tid":12,"ts":1.0,"dur":1.0,"name":"x"})"));
  CHECK(validate(d, &st).size() == 1);  // unnamed row
}
