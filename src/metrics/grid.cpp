#include "metrics/grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "eras/registry.h"
#include "metrics/summary.h"
#include "program/run.h"
#include "sim/fingerprint.h"

namespace gotimers::metrics {

std::string inputsHash(const ScenarioInput& s, const RunSettings& set) {
  sim::Fingerprint f;
  f.add(s.scenario.text);
  for (const auto& [name, v] : s.scenario.params) {
    f.add(name);
    f.add(v.dump());
  }
  rt::CostModel cost = set.cost.value_or(rt::CostModel{});
  for (const auto& [name, v] : cost.fields()) {
    f.add(name);
    f.add(static_cast<uint64_t>(*v));
  }
  f.add(static_cast<uint64_t>(set.timeLimit.value_or(-1)));
  f.add(set.eventLimit.value_or(0));
  return fmt::format("{:016x}", f.value());
}

scenario::ScenarioResult runInput(const ScenarioInput& s, const scenario::RunOptions& opts,
                                  std::string* errText, std::vector<program::BenchResult>* bench) {
  if (s.ir.empty()) return scenario::runScenario(s.scenario, opts);
  scenario::ScenarioResult res;
  go::ProgramOptions po = scenario::programOptions(s.scenario, opts);
  res.gomaxprocs = po.config.gomaxprocs;
  res.seed = po.config.seed;
  res.program = program::runGoProgram(program::loadProgram(s.ir), po, s.vm, errText, bench);
  return res;
}

namespace {

// A Go program run with --bench that printed exactly one benchmark line: its ns/op and b.N
// are the run's ns_per_op and bench_n, and its ReportMetric figures the metrics of the same
// name ("avg-late-ns": avg_late_ns). With several benchmarks the run has no one figure.
void takeBenchResult(const std::vector<program::BenchResult>& bench, RunMetrics* m) {
  if (bench.size() != 1) return;
  const program::BenchResult& b = bench[0];
  auto set = [m](const std::string& name, double v) {
    if (int i = metricIndex(name); i >= 0) m->values[static_cast<size_t>(i)] = v;
  };
  set("ns_per_op", b.nsPerOp);
  set("bench_n", static_cast<double>(b.n));
  for (const auto& [unit, v] : b.extra) {
    std::string name = unit;
    std::replace(name.begin(), name.end(), '-', '_');
    if (name == "avg_late_ns" || name == "max_late_ns") set(name, v);
  }
}

}  // namespace

RunMetrics runPoint(const ScenarioInput& s, const RunKey& key, const RunSettings& set) {
  const eras::EraInfo* info = eras::findEra(key.era);
  if (info && info->goMinor < s.scenario.minGoMinor) return skippedRun(key);
  Collector c;
  c.goMinor = info ? info->goMinor : 14;
  scenario::RunOptions opts;
  opts.era = key.era;
  opts.procs = key.procs;
  opts.seed = key.seed;
  opts.timeLimit = set.timeLimit;
  opts.eventLimit = set.eventLimit;
  opts.cost = set.cost;
  opts.limits = set.limits;
  opts.check = opts.check || set.check;
  opts.sink = &c;
  try {
    std::vector<program::BenchResult> bench;
    RunMetrics m = summarize(key, c, runInput(s, opts, nullptr, &bench));
    takeBenchResult(bench, &m);
    return m;
  } catch (const std::exception& e) {
    RunMetrics m = skippedRun(key);
    m.exit = std::string("error: ") + e.what();
    m.exitCode = 2;
    return m;
  }
}

bool interruptedRun(const RunMetrics& m) {
  return m.exit == metrics::exitKindName(rt::ExitKind::Interrupted);
}

bool parseIntList(const std::string& arg, int64_t lo, int64_t hi, std::vector<int64_t>* out,
                  std::string* err) {
  out->clear();
  size_t pos = 0;
  auto number = [&](int64_t* v) {
    size_t start = pos;
    while (pos < arg.size() && std::isdigit(static_cast<unsigned char>(arg[pos])))
      pos++;
    if (pos == start || pos - start > 12) {
      *err = fmt::format("expected a number at position {} of \"{}\"", start + 1, arg);
      return false;
    }
    *v = std::stoll(arg.substr(start, pos - start));
    if (*v < lo || *v > hi) {
      *err = fmt::format("{} at position {} of \"{}\" is out of range (expected {} to {})", *v,
                         start + 1, arg, lo, hi);
      return false;
    }
    return true;
  };
  for (;;) {
    int64_t a, b;
    if (!number(&a)) return false;
    b = a;
    if (arg.compare(pos, 2, "..") == 0) {
      pos += 2;
      size_t at = pos;
      if (!number(&b)) return false;
      if (b < a) {
        *err = fmt::format("range {}..{} at position {} of \"{}\" is empty (expected LOW..HIGH)", a,
                           b, at + 1, arg);
        return false;
      }
    }
    for (int64_t v = a; v <= b; v++)
      if (std::find(out->begin(), out->end(), v) == out->end()) out->push_back(v);
    if (pos == arg.size()) return true;
    if (arg[pos] != ',') {
      *err = fmt::format("expected ',' or '..' at position {} of \"{}\"", pos + 1, arg);
      return false;
    }
    pos++;
  }
}

int defaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void runParallel(size_t n, int jobs, const std::function<RunMetrics(size_t)>& work,
                 const std::function<void(size_t, RunMetrics&&)>& done) {
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;
  bool stop = false;
  std::deque<std::pair<size_t, RunMetrics>> finished;
  std::exception_ptr failure;
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::lock_guard<std::mutex> g(mu);
        if (stop || next >= n) return;
        i = next++;
      }
      RunMetrics r;
      try {
        r = work(i);
      } catch (...) {
        std::lock_guard<std::mutex> g(mu);
        if (!failure) failure = std::current_exception();
        stop = true;
        cv.notify_all();
        return;
      }
      std::lock_guard<std::mutex> g(mu);
      finished.emplace_back(i, std::move(r));
      cv.notify_all();
    }
  };
  size_t threads = std::min<size_t>(n, static_cast<size_t>(std::max(jobs, 1)));
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; t++)
    pool.emplace_back(worker);
  size_t handled = 0;
  try {
    while (handled < n) {
      std::pair<size_t, RunMetrics> item;
      {
        std::unique_lock<std::mutex> g(mu);
        cv.wait(g, [&] { return !finished.empty() || failure; });
        if (finished.empty()) break;  // a worker failed and nothing is left to hand over
        item = std::move(finished.front());
        finished.pop_front();
      }
      handled++;
      done(item.first, std::move(item.second));
    }
  } catch (...) {
    {
      std::lock_guard<std::mutex> g(mu);
      stop = true;
    }
    for (auto& t : pool)
      t.join();
    throw;
  }
  for (auto& t : pool)
    t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace gotimers::metrics
