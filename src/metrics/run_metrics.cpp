#include "metrics/run_metrics.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "eras/registry.h"
#include "metrics/summary.h"

namespace gotimers::metrics {

using json = nlohmann::json;

const char* unitName(Unit u) {
  switch (u) {
    case Unit::Count:
      return "count";
    case Unit::Ns:
      return "ns";
    case Unit::NsPerOp:
      return "ns/op";
    case Unit::Ratio:
      return "ratio";
  }
  return "?";
}

namespace {

// The lock rows, once for the timer locks together and once for sched.lock.
void addLockDefs(std::vector<MetricDef>& d, const std::string& p, const std::string& what) {
  const std::string g = p;
  d.push_back({p + "_acquisitions", Unit::Count, g, what + ": acquisitions"});
  d.push_back({p + "_contended", Unit::Count, g, what + ": acquisitions that had to wait"});
  d.push_back({p + "_cas", Unit::Count, g, what + ": acquired by the first CAS"});
  d.push_back({p + "_active_spin", Unit::Count, g, what + ": acquired while spinning (procyield)"});
  d.push_back({p + "_passive_spin", Unit::Count, g, what + ": acquired after osyield"});
  d.push_back({p + "_futex_sleep", Unit::Count, g, what + ": acquired after a futex sleep"});
  d.push_back({p + "_futex_wakes", Unit::Count, g, what + ": futexwakeup calls by unlock"});
  d.push_back({p + "_wait_total_ns", Unit::Ns, g, what + ": total wait of contended acquisitions"});
  d.push_back({p + "_wait_p50_ns", Unit::Ns, g, what + ": median wait (contended)"});
  d.push_back({p + "_wait_p99_ns", Unit::Ns, g, what + ": 99th percentile wait (contended)"});
  d.push_back({p + "_wait_max_ns", Unit::Ns, g, what + ": longest wait"});
  d.push_back({p + "_hold_total_ns", Unit::Ns, g, what + ": total time held"});
}

std::vector<MetricDef> makeDefs() {
  std::vector<MetricDef> d = {
      {"ns_per_op", Unit::NsPerOp, "benchmark",
       "virtual ns per benchmark op: (b.StopTimer - b.ResetTimer) / b.N (a Go benchmark run "
       "with --bench: its ns/op)",
       "virtual time per benchmark op"},
      {"bench_n", Unit::Count, "benchmark", "b.N: benchmark ops in the timed region"},
      {"avg_late_ns", Unit::Ns, "benchmark",
       "a Go benchmark's avg-late-ns (b.ReportMetric of Go's latency benchmarks)",
       "average lateness"},
      {"max_late_ns", Unit::Ns, "benchmark",
       "a Go benchmark's max-late-ns (b.ReportMetric of Go's latency benchmarks)",
       "maximum lateness"},
      {"virtual_time_ns", Unit::Ns, "run", "virtual time when the program ended"},
      {"timers_started", Unit::Count, "timers",
       "timers started: NewTimer, After, AfterFunc, NewTicker, Tick and Sleep calls"},
      {"timers_stopped", Unit::Count, "timers", "Stop calls (Timer.Stop, Ticker.Stop)"},
      {"timers_reset", Unit::Count, "timers", "Reset calls (Timer.Reset, Ticker.Reset)"},
      {"timers_fired", Unit::Count, "timers", "timers that ran their f"},
      {"timer_sends_dropped", Unit::Count, "timers", "sendTime found the channel buffer full"},
      {"timers_live_at_exit", Unit::Count, "timers",
       "timers still in a heap and due to fire at exit (deleted ones not counted)"},
      {"timers_pending_at_exit", Unit::Count, "timers",
       "timers started or reset that no fire, Stop or Reset ended (go1.23: also channel "
       "timers outside the heaps)"},
      {"lateness_mean_ns", Unit::Ns, "lateness", "firing lateness (f starts - when): mean"},
      {"lateness_p50_ns", Unit::Ns, "lateness", "firing lateness: median"},
      {"lateness_p99_ns", Unit::Ns, "lateness", "firing lateness: 99th percentile"},
      {"lateness_max_ns", Unit::Ns, "lateness", "firing lateness: maximum"},
      {"heap_pushes", Unit::Count, "heap", "timers pushed onto a heap"},
      {"heap_removes", Unit::Count, "heap", "timers removed from a heap (pop or delete)"},
      {"heap_sift_levels", Unit::Count, "heap", "siftup/siftdown levels moved"},
      {"heap_sift_levels_per_op", Unit::Ratio, "heap", "sift levels per push or remove"},
      {"heaps_used", Unit::Count, "heap", "heaps that ever held a timer"},
      {"heap_peak_max", Unit::Count, "heap", "largest size any one heap reached"},
      {"heap_peak_total", Unit::Count, "heap", "most timers in all heaps at once"},
      {"heap_final_total", Unit::Count, "heap",
       "timers in all heaps at exit, go1.14's deleted ones included"},
      {"deleted_in_heap_peak", Unit::Count, "heap",
       "go1.14+: most timers deleted but still in a heap (timerDeleted) at once"},
      {"deleted_in_heap_final", Unit::Count, "heap",
       "go1.14+: timers deleted but still in a heap at exit"},
      {"timerproc_wakeups", Unit::Count, "threads", "go1.9-go1.13: timerproc wakeups"},
      {"threads", Unit::Count, "threads", "threads (Ms) created, m0 included"},
      {"thread_sleeps", Unit::Count, "threads", "an M went to sleep (futex, notetsleepg, netpoll)"},
      {"threads_asleep_peak", Unit::Count, "threads", "most Ms asleep at once"},
      {"context_switches", Unit::Count, "threads", "an M switched back in after sleeping"},
      {"p_handoffs", Unit::Count, "threads", "handoffp calls"},
      {"wakeps", Unit::Count, "threads", "wakep calls that started an M"},
      {"netpoll_breaks", Unit::Count, "threads", "go1.14+: netpollBreak calls"},
      {"timer_steals", Unit::Count, "threads", "go1.14+: findrunnable ran another P's timers"},
      {"goroutine_steals", Unit::Count, "threads", "runqsteal successes"},
      {"goroutines_created", Unit::Count, "goroutines", "goroutines created (timerprocs included)"},
      {"goroutines_leaked", Unit::Count, "goroutines", "user goroutines still blocked at exit"},
      {"timer_cpu_ns", Unit::Ns, "cpu", "go1.14+: virtual CPU time in timer code, all Ps"},
      {"timer_cpu_max_p_ns", Unit::Ns, "cpu", "go1.14+: virtual CPU time in timer code, busiest P"},
  };
  addLockDefs(d, "timer_locks", "timer locks (all heaps' locks together)");
  addLockDefs(d, "sched_lock", "sched.lock");
  return d;
}

// The lock group a lock belongs to: sched.lock, or a timer heap's lock.
bool isSchedLock(const std::string& name) {
  return name == "sched.lock";
}

void putLockGroup(RunMetrics& m, const std::string& prefix, const std::vector<LockMetrics>& ls,
                  const sim::Histogram& waits) {
  LockMetrics sum;
  for (const auto& l : ls) {
    sum.acquisitions += l.acquisitions;
    sum.contended += l.contended;
    for (size_t i = 0; i < 4; i++)
      sum.byPhase[i] += l.byPhase[i];
    sum.futexWakes += l.futexWakes;
    sum.holdTotal += l.holdTotal;
  }
  auto set = [&](const std::string& n, double v) { m.values[metricIndex(prefix + n)] = v; };
  set("_acquisitions", double(sum.acquisitions));
  set("_contended", double(sum.contended));
  set("_cas", double(sum.byPhase[0]));
  set("_active_spin", double(sum.byPhase[1]));
  set("_passive_spin", double(sum.byPhase[2]));
  set("_futex_sleep", double(sum.byPhase[3]));
  set("_futex_wakes", double(sum.futexWakes));
  set("_wait_total_ns", double(waits.sum()));
  set("_wait_p50_ns", double(waits.percentile(50)));
  set("_wait_p99_ns", double(waits.percentile(99)));
  set("_wait_max_ns", double(waits.max()));
  set("_hold_total_ns", double(sum.holdTotal));
}

}  // namespace

std::string MetricDef::axisLabel() const {
  if (!label.empty()) return label;
  std::string h = help;
  if (h.rfind("go1.", 0) == 0) {
    auto colon = h.find(": ");
    if (colon != std::string::npos) h = h.substr(colon + 2);
  }
  return h;
}

const std::vector<MetricDef>& metricDefs() {
  static const std::vector<MetricDef> defs = makeDefs();
  return defs;
}

int metricIndex(std::string_view name) {
  const auto& d = metricDefs();
  for (size_t i = 0; i < d.size(); i++)
    if (d[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> metricNames() {
  std::vector<std::string> names;
  for (const auto& d : metricDefs())
    names.push_back(d.name);
  return names;
}

std::vector<std::string> metricGroups() {
  std::vector<std::string> groups;
  for (const auto& d : metricDefs())
    if (std::find(groups.begin(), groups.end(), d.group) == groups.end()) groups.push_back(d.group);
  return groups;
}

std::optional<double> RunMetrics::value(std::string_view name) const {
  int i = metricIndex(name);
  if (i < 0 || static_cast<size_t>(i) >= values.size()) return std::nullopt;
  return values[static_cast<size_t>(i)];
}

RunMetrics skippedRun(const RunKey& key) {
  RunMetrics m;
  m.key = key;
  m.exit = "skipped";
  m.values.assign(metricDefs().size(), std::nullopt);
  return m;
}

RunMetrics summarize(const RunKey& key, const Collector& c, const scenario::ScenarioResult& r) {
  const go::ProgramResult& p = r.program;
  const rt::Metrics& k = p.metrics;
  RunMetrics m;
  m.key = key;
  m.exit = metrics::exitKindName(p.run.kind);
  m.exitCode = r.exitCode();
  m.values.assign(metricDefs().size(), std::nullopt);
  auto set = [&](std::string_view n, double v) {
    int i = metricIndex(n);
    if (i < 0) throw std::logic_error(fmt::format("no metric named {}", n));
    m.values[static_cast<size_t>(i)] = v;
  };
  const eras::EraInfo* era = eras::findEra(key.era);
  const bool perP = era && era->goMinor >= 14;

  if (r.bench.complete()) {
    set("ns_per_op", r.bench.nsPerOp());
    set("bench_n", double(r.bench.n));
  }
  set("virtual_time_ns", double(p.run.endTime));
  // package time's calls (rt::TimerOps), the same on every era for the same program: not the
  // runtime's addtimer/deltimer calls (go1.9-go1.13's Reset is one of each)
  double started = 0, stops = 0, resets = 0, pending = 0;
  for (size_t kind = 0; kind < rt::kTimerKinds; kind++) {
    const rt::TimerOps& o = k.timerOps[kind];
    started += double(o.started);
    stops += double(o.stopCalls);
    resets += double(o.resets);
    pending += double(o.pending(static_cast<rt::TimerKind>(kind)));
  }
  set("timers_started", started);
  set("timers_stopped", stops);
  set("timers_reset", resets);
  set("timers_pending_at_exit", pending);
  set("timers_fired", double(c.lateness.count()));
  set("timer_sends_dropped", double(k.chanDrops));
  set("timers_live_at_exit", double(p.liveTimers));

  const auto& lat = c.lateness;
  set("lateness_mean_ns", lat.empty() ? 0 : double(lat.sum()) / double(lat.count()));
  set("lateness_p50_ns", double(lat.percentile(50)));
  set("lateness_p99_ns", double(lat.percentile(99)));
  set("lateness_max_ns", double(lat.max()));

  uint64_t pushes = 0, removes = 0, sifts = 0;
  int64_t peakMax = 0, used = 0;
  for (size_t i = 0; i < c.heaps.size(); i++) {
    const HeapSeen& h = c.heaps[i];
    pushes += h.pushes;
    removes += h.removes;
    sifts += h.siftSteps;
    peakMax = std::max(peakMax, h.peak);
    if (h.pushes == 0) continue;
    used++;
    m.heaps.push_back({static_cast<int>(i), h.pushes, h.removes, h.siftSteps, h.peak, h.size});
  }
  set("heap_pushes", double(pushes));
  set("heap_removes", double(removes));
  set("heap_sift_levels", double(sifts));
  set("heap_sift_levels_per_op",
      pushes + removes == 0 ? 0 : double(sifts) / double(pushes + removes));
  set("heaps_used", double(used));
  set("heap_peak_max", double(peakMax));
  set("heap_peak_total", double(c.heapTotalPeak));
  set("heap_final_total", double(c.heapTotal));
  set("deleted_in_heap_peak", double(c.deletedInHeapPeak));
  set("deleted_in_heap_final", double(c.deletedInHeap));

  set("timerproc_wakeups", double(k.timerprocWakeups));
  set("threads", double(k.threadsCreated + 1));
  set("thread_sleeps", double(k.mSleeps));
  set("threads_asleep_peak", double(c.asleepPeak));
  set("context_switches", double(k.contextSwitches));
  set("p_handoffs", double(k.handoffs));
  set("wakeps", double(k.wakeps));
  set("netpoll_breaks", double(k.netpollBreaks));
  set("timer_steals", double(k.timerSteals));
  set("goroutine_steals", double(k.goroutineSteals));
  set("goroutines_created", double(k.goroutinesCreated));
  set("goroutines_leaked", double(p.leakedGoroutines));

  if (perP) {
    int64_t total = 0, busiest = 0;
    for (int64_t v : k.timerCodeNsPerP) {
      int64_t x = std::max<int64_t>(v, 0);
      total += x;
      busiest = std::max(busiest, x);
      m.timerCpuPerP.push_back(x);
    }
    set("timer_cpu_ns", double(total));
    set("timer_cpu_max_p_ns", double(busiest));
  }

  std::vector<LockMetrics> timerLocks, schedLocks;
  sim::Histogram timerWaits, schedWaits;
  for (size_t i = 0; i < p.locks.size(); i++) {
    LockMetrics l;
    l.name = p.locks[i].name;
    if (i < c.locks.size()) {
      const LockSeen& s = c.locks[i];
      l.acquisitions = s.acquisitions;
      l.contended = s.contended;
      l.byPhase = s.byPhase;
      l.futexWakes = s.futexWakes;
      l.waitTotal = s.waitTotal();
      l.waitP50 = s.waits.percentile(50);
      l.waitP99 = s.waits.percentile(99);
      l.waitMax = s.waitMax();
      l.holdTotal = s.holdTotal;
      l.holdMax = s.holdMax;
      auto& w = isSchedLock(l.name) ? schedWaits : timerWaits;
      w.merge(s.waits);
    }
    (isSchedLock(l.name) ? schedLocks : timerLocks).push_back(l);
    m.locks.push_back(std::move(l));
  }
  putLockGroup(m, "timer_locks", timerLocks, timerWaits);
  putLockGroup(m, "sched_lock", schedLocks, schedWaits);
  return m;
}

std::vector<std::string> crossCheck(const Collector& c, const go::ProgramResult& r) {
  std::vector<std::string> out;
  auto eq = [&](const std::string& what, auto events, auto counter) {
    if (static_cast<int64_t>(events) != static_cast<int64_t>(counter)) {
      out.push_back(fmt::format("{}: events {}, counter {}", what, events, counter));
    }
  };
  const rt::Metrics& k = r.metrics;
  using K = trace::Kind;
  auto n = [&](K kind) { return c.count[static_cast<size_t>(kind)]; };
  uint64_t pushes = 0, removes = 0, sifts = 0;
  for (const auto& h : c.heaps) {
    pushes += h.pushes;
    removes += h.removes;
    sifts += h.siftSteps;
  }
  eq("heap pushes", pushes, k.heapPushes);
  eq("heap removes", removes, k.heapRemoves);
  eq("sift steps", sifts, k.siftSteps);
  // liveTimers counts timers that can still fire; go1.14's deleted ones still fill a slot
  eq("live timers in heaps at exit", c.heapTotal - c.deletedInHeap, r.liveTimers);
  eq("timers fired", c.lateness.count(), k.timersFired);
  if (c.lateness != k.lateness) out.push_back("lateness samples differ");
  eq("timer adds", n(K::TimerAdd), k.timerAdds);
  eq("timer dels", n(K::TimerDel), k.timerDels);
  eq("timer resets", n(K::TimerReset), k.timerResets);
  eq("dropped sends", n(K::ChanDrop), k.chanDrops);
  eq("threads created", n(K::MCreate), k.threadsCreated);
  eq("M sleeps", n(K::MSleep) + c.futexLockSleeps, k.mSleeps);
  eq("context switches", n(K::MWake) + n(K::NetpollWake) + c.futexLockSleeps, k.contextSwitches);
  eq("handoffs", n(K::Handoff), k.handoffs);
  eq("wakeps", n(K::Wakep), k.wakeps);
  eq("netpoll breaks", n(K::NetpollBreak), k.netpollBreaks);
  eq("timer steals", c.timerSteals, k.timerSteals);
  eq("goroutine steals", c.goroutineSteals, k.goroutineSteals);
  eq("goroutines created", n(K::GoCreate), k.goroutinesCreated);
  for (size_t i = 0; i < r.locks.size(); i++) {
    const rt::LockStats& s = r.locks[i].stats;
    LockSeen none;
    const LockSeen& e = i < c.locks.size() ? c.locks[i] : none;
    const std::string& name = r.locks[i].name;
    eq(name + " acquisitions", e.acquisitions, s.acquisitions);
    eq(name + " contended", e.contended, s.contended);
    for (size_t ph = 0; ph < 4; ph++)
      eq(fmt::format("{} phase {}", name, rt::lockPhaseName(static_cast<rt::LockPhase>(ph))),
         e.byPhase[ph], s.byPhase[ph]);
    eq(name + " futex wakes", e.futexWakes, s.futexWakes);
    eq(name + " wait total", e.waitTotal(), s.waitTotal());
    eq(name + " wait max", e.waitMax(), s.waitMax());
    eq(name + " hold total", e.holdTotal, s.holdTotal);
    if (e.waits != s.waits) out.push_back(name + ": wait samples differ");
  }
  return out;
}

namespace {

// Integral values print as JSON integers, the rest as doubles.
json number(double v) {
  if (v > -9.0e15 && v < 9.0e15 && v == static_cast<double>(static_cast<int64_t>(v))) {
    return static_cast<int64_t>(v);
  }
  return v;
}

// The member field of the object j, at JSON path at: a string, or an integer from lo to hi
// (default: T's range). Throws naming the path and what was expected.
std::string needString(const json& j, const std::string& at, const char* field) {
  auto it = j.find(field);
  if (it == j.end())
    throw std::runtime_error(
        fmt::format("{}missing field \"{}\"", at.empty() ? "" : "at " + at + ": ", field));
  if (!it->is_string())
    throw std::runtime_error(
        fmt::format("at {}/{}: expected a string, found {}", at, field, it->type_name()));
  return it->get<std::string>();
}

template <typename T>
T need(const json& j, const std::string& at, const char* field,
       T lo = std::numeric_limits<T>::min(), T hi = std::numeric_limits<T>::max()) {
  auto it = j.find(field);
  if (it == j.end())
    throw std::runtime_error(
        fmt::format("{}missing field \"{}\"", at.empty() ? "" : "at " + at + ": ", field));
  bool fits = false;
  T v{};
  if (it->is_number_unsigned()) {
    fits = std::in_range<T>(it->get<uint64_t>());
    if (fits) v = static_cast<T>(it->get<uint64_t>());
  } else if (it->is_number_integer()) {
    fits = std::in_range<T>(it->get<int64_t>());
    if (fits) v = static_cast<T>(it->get<int64_t>());
  }
  if (!fits || v < lo || v > hi) {
    throw std::runtime_error(fmt::format("at {}/{}: expected an integer from {} to {}, found {}",
                                         at, field, lo, hi,
                                         it->is_number() ? it->dump() : it->type_name()));
  }
  return v;
}

// The member field of j that must be an array (absent: empty).
const json& arrayOf(const json& j, const char* field, const char* what) {
  static const json kEmpty = json::array();
  auto it = j.find(field);
  if (it == j.end()) return kEmpty;
  if (!it->is_array())
    throw std::runtime_error(
        fmt::format("at /{}: expected an array of {}, found {}", field, what, it->type_name()));
  return *it;
}

// Element i of the array named field, which must be an object; *at is its JSON path.
const json& objectAt(const json& arr, size_t i, const char* field, std::string* at) {
  *at = fmt::format("/{}/{}", field, i);
  const json& o = arr[i];
  if (!o.is_object())
    throw std::runtime_error(
        fmt::format("at {}: expected an object, found {}", *at, o.type_name()));
  return o;
}

}  // namespace

json toJson(const RunMetrics& m) {
  json j;
  j["scenario"] = m.key.scenario;
  j["era"] = m.key.era;
  j["gomaxprocs"] = m.key.procs;
  j["seed"] = m.key.seed;
  j["exit"] = m.exit;
  j["exit_code"] = m.exitCode;
  if (!m.inputs.empty()) j["inputs"] = m.inputs;
  json vals = json::object();
  const auto& defs = metricDefs();
  for (size_t i = 0; i < defs.size(); i++) {
    const auto& v = i < m.values.size() ? m.values[i] : std::nullopt;
    vals[defs[i].name] = v ? number(*v) : json(nullptr);
  }
  j["metrics"] = std::move(vals);
  json locks = json::array();
  for (const auto& l : m.locks) {
    locks.push_back({{"name", l.name},
                     {"acquisitions", l.acquisitions},
                     {"contended", l.contended},
                     {"cas", l.byPhase[0]},
                     {"active_spin", l.byPhase[1]},
                     {"passive_spin", l.byPhase[2]},
                     {"futex_sleep", l.byPhase[3]},
                     {"futex_wakes", l.futexWakes},
                     {"wait_total_ns", l.waitTotal},
                     {"wait_p50_ns", l.waitP50},
                     {"wait_p99_ns", l.waitP99},
                     {"wait_max_ns", l.waitMax},
                     {"hold_total_ns", l.holdTotal},
                     {"hold_max_ns", l.holdMax}});
  }
  j["locks"] = std::move(locks);
  json heaps = json::array();
  for (const auto& h : m.heaps) {
    heaps.push_back({{"id", h.id},
                     {"pushes", h.pushes},
                     {"removes", h.removes},
                     {"sift_levels", h.siftSteps},
                     {"peak", h.peak},
                     {"final", h.final}});
  }
  j["heaps"] = std::move(heaps);
  j["timer_cpu_per_p_ns"] = m.timerCpuPerP;
  return j;
}

RunMetrics fromJson(const json& j) {
  if (!j.is_object())
    throw std::runtime_error(fmt::format("expected a JSON object, found {}", j.type_name()));
  RunMetrics m;
  m.key.scenario = needString(j, "", "scenario");
  m.key.era = needString(j, "", "era");
  m.key.procs = need<int>(j, "", "gomaxprocs", 1, 256);
  m.key.seed = need<uint64_t>(j, "", "seed");
  m.exit = needString(j, "", "exit");
  m.exitCode = need<int>(j, "", "exit_code", 0, 255);
  if (j.contains("inputs")) m.inputs = needString(j, "", "inputs");
  auto vals = j.find("metrics");
  if (vals == j.end()) throw std::runtime_error("missing field \"metrics\"");
  if (!vals->is_object()) {
    throw std::runtime_error(
        fmt::format("at /metrics: expected an object of metrics, found {}", vals->type_name()));
  }
  const auto& defs = metricDefs();
  m.values.assign(defs.size(), std::nullopt);
  for (size_t i = 0; i < defs.size(); i++) {
    auto it = vals->find(defs[i].name);
    if (it == vals->end() || it->is_null()) continue;
    if (!it->is_number()) {
      throw std::runtime_error(fmt::format("at /metrics/{}: expected a number or null, found {}",
                                           defs[i].name, it->type_name()));
    }
    m.values[i] = it->get<double>();
  }
  const json& locks = arrayOf(j, "locks", "locks");
  for (size_t i = 0; i < locks.size(); i++) {
    std::string at;
    const json& l = objectAt(locks, i, "locks", &at);
    LockMetrics x;
    x.name = needString(l, at, "name");
    x.acquisitions = need<uint64_t>(l, at, "acquisitions");
    x.contended = need<uint64_t>(l, at, "contended");
    x.byPhase = {need<uint64_t>(l, at, "cas"), need<uint64_t>(l, at, "active_spin"),
                 need<uint64_t>(l, at, "passive_spin"), need<uint64_t>(l, at, "futex_sleep")};
    x.futexWakes = need<uint64_t>(l, at, "futex_wakes");
    x.waitTotal = need<int64_t>(l, at, "wait_total_ns");
    x.waitP50 = need<int64_t>(l, at, "wait_p50_ns");
    x.waitP99 = need<int64_t>(l, at, "wait_p99_ns");
    x.waitMax = need<int64_t>(l, at, "wait_max_ns");
    x.holdTotal = need<int64_t>(l, at, "hold_total_ns");
    x.holdMax = need<int64_t>(l, at, "hold_max_ns");
    m.locks.push_back(std::move(x));
  }
  const json& heaps = arrayOf(j, "heaps", "heaps");
  for (size_t i = 0; i < heaps.size(); i++) {
    std::string at;
    const json& h = objectAt(heaps, i, "heaps", &at);
    m.heaps.push_back({need<int>(h, at, "id"), need<uint64_t>(h, at, "pushes"),
                       need<uint64_t>(h, at, "removes"), need<uint64_t>(h, at, "sift_levels"),
                       need<int64_t>(h, at, "peak"), need<int64_t>(h, at, "final")});
  }
  const json& cpu = arrayOf(j, "timer_cpu_per_p_ns", "integers");
  for (size_t i = 0; i < cpu.size(); i++) {
    const json& v = cpu[i];
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() && !std::in_range<int64_t>(v.get<uint64_t>()))) {
      throw std::runtime_error(
          fmt::format("at /timer_cpu_per_p_ns/{}: expected an integer from {} to {}, found {}", i,
                      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                      v.is_number() ? v.dump() : v.type_name()));
    }
    m.timerCpuPerP.push_back(v.get<int64_t>());
  }
  return m;
}

}  // namespace gotimers::metrics
