#include "cli/common.h"

#include <fmt/format.h>

#include <csignal>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/scenario_paths.h"
#include "eras/registry.h"
#include "metrics/grid.h"
#include "runtime/cost_model.h"
#include "scenario/cost_file.h"
#include "scenario/duration.h"
#include "scenario/trace_header.h"
#include "sim/rng.h"
#include "trace/header.h"

namespace gotimers::cli {

int badInput(const std::string& msg) {
  std::cerr << "gotimers: " << msg << "\n";
  return 2;
}

namespace {
// A positive integer flag value, with a message that says so.
const CLI::Validator kPositive(
    [](std::string& v) -> std::string {
      size_t used = 0;
      long long n = 0;
      try {
        n = std::stoll(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != v.size() || n < 1)
        return fmt::format("found {}, expected a positive integer", v);
      return "";
    },
    "N>0");
// A seed: a whole number from 0 to 2^64-1 (std::stoull would take "-1" as 2^64-1).
const CLI::Validator kSeed(
    [](std::string& v) -> std::string {
      size_t used = 0;
      try {
        if (!v.empty() && v[0] != '-' && v[0] != '+') (void)std::stoull(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != v.size())
        return fmt::format("found {}, expected a whole number from 0 to 18446744073709551615", v);
      return "";
    },
    "SEED");
}  // namespace

void addCostOptions(CLI::App* c, ScenarioArgs& a) {
  c->add_option("--cost-model", a.costModel,
                "FILE: a JSON object of cost-model fields to override, e.g. {\"wake_latency\": "
                "2000} (docs/cost-model.md)");
  c->add_option("--ncpu", a.ncpu,
                "Hardware threads of the simulated machine, Go's ncpu (default 4; the cost "
                "model's cpu_threads, overriding --cost-model's)")
      ->check(CLI::Range(rt::CostModel::range("cpu_threads").min,
                         rt::CostModel::range("cpu_threads").max));
  c->add_option("--noise", a.noise,
                "PCT: jitter every charge and wake-up latency by up to PCT percent, seeded "
                "(the cost model's noise_pct, overriding --cost-model's; default 10, 0 for none)")
      ->check(
          CLI::Range(rt::CostModel::range("noise_pct").min, rt::CostModel::range("noise_pct").max));
}

void addScenarioOptions(CLI::App* c, ScenarioArgs& a) {
  c->add_option("scenario", a.scenario, "Scenario file, or the name of a shipped scenario")
      ->required();
  c->add_option("--procs", a.procs, "GOMAXPROCS (default: the scenario's)")
      ->check(CLI::Range(1, 256));
  c->add_option("--seed", a.seed, "Seed for select, scheduling and scenario randomness")
      ->check(kSeed);
  c->add_option("--set", a.sets, "Override a scenario parameter: NAME=VALUE (repeatable)");
  c->add_option("--time-limit", a.timeLimit, "Virtual-time limit, e.g. 10m (default 24h)");
  c->add_option("--event-limit", a.eventLimit, "Maximum simulation events (default 500000000)")
      ->check(kPositive);
  addCostOptions(c, a);
  c->add_option("--goroutine-limit", a.goroutineLimit, "Maximum live goroutines (default 1000000)")
      ->check(kPositive);
  c->add_option("--timer-limit", a.timerLimit,
                "Maximum timers in the timer heaps (default 10000000)")
      ->check(kPositive);
  c->add_option("--memory-limit", a.memoryLimit,
                "Memory budget of the simulated program, e.g. 512MiB (default 4GiB)");
  c->add_option("--wall-limit", a.wallLimit,
                "Wall-clock limit per run, e.g. 30m; 0 = none (default 10m)");
  c->add_option("--spin-limit", a.spinLimit,
                "Iterations of a loop that never blocks before it is stopped (default 1000000)")
      ->check(kPositive);
  c->add_flag("--check", a.check,
              "Verify the timer heaps after every heap operation and the runtime's "
              "bookkeeping after every event (slower)");
}

std::optional<int64_t> parseByteSize(const std::string& s, std::string* err) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i == 0) {
    *err = "expected a size like 512MiB, 4GiB or 1000000 (bytes)";
    return std::nullopt;
  }
  static const std::pair<const char*, int64_t> units[] = {{"", 1},
                                                          {"B", 1},
                                                          {"KB", 1000},
                                                          {"MB", 1000 * 1000},
                                                          {"GB", 1000'000'000},
                                                          {"KiB", 1 << 10},
                                                          {"MiB", 1 << 20},
                                                          {"GiB", int64_t{1} << 30}};
  std::string unit = s.substr(i);
  for (auto& [name, mul] : units) {
    if (unit != name) continue;
    int64_t v = 0;
    bool overflow = false;
    for (size_t k = 0; k < i && !overflow; k++)
      overflow = __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s[k] - '0', &v);
    if (overflow || __builtin_mul_overflow(v, mul, &v)) {
      *err = "too large";
      return std::nullopt;
    }
    if (v <= 0) {
      *err = "expected a positive size";
      return std::nullopt;
    }
    return v;
  }
  *err = fmt::format("unknown unit \"{}\" (expected B, KB, MB, GB, KiB, MiB or GiB)", unit);
  return std::nullopt;
}

namespace {
std::atomic<int> gSignal{0};
// SIGINT (Ctrl-C) and SIGTERM (kill, a job scheduler's stop) stop runs the same way.
extern "C" void onStopSignal(int sig) {
  gSignal.store(sig);
  std::signal(sig, SIG_DFL);  // a second one ends the process at once
}
}  // namespace

const std::atomic<int>* interruptFlag() {
  static bool installed = false;
  if (!installed) {
    installed = true;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
  }
  return &gSignal;
}

int interruptExitStatus(int status) {
  return status == 130 && gSignal.load() == SIGTERM ? 128 + SIGTERM : status;
}

bool interrupted() {
  return gSignal.load() != 0;
}

bool reportInterrupted(const std::vector<metrics::RunMetrics>& runs, const std::string& what) {
  size_t stopped = 0;
  for (const auto& r : runs)
    stopped += metrics::interruptedRun(r) ? 1 : 0;
  if (stopped == 0) return false;
  std::cerr << fmt::format(
      "gotimers: {} interrupted ({}): {} of {} runs did not finish; "
      "nothing was written\n",
      what, rt::signalName(gSignal.load()), stopped, runs.size());
  return true;
}

std::optional<scenario::Scenario> loadScenarioArgs(const ScenarioArgs& a) {
  if (isUnnamedGoSource(a.scenario)) {
    badInput(fmt::format(
        "{}: Go source in a file not named .go: a Go program is a .go file or a directory of "
        "them (any other file is read as a JSON scenario)",
        a.scenario));
    return std::nullopt;
  }
  try {
    scenario::Scenario s = scenario::loadScenario(resolveScenario(a.scenario));
    for (const auto& kv : a.sets)
      scenario::setParam(s, kv);
    return s;
  } catch (const scenario::ScenarioError& e) {
    badInput(e.what());
    return std::nullopt;
  }
}

rt::CostModel commandCostModel() {
  rt::CostModel c;
  c.noise_pct = rt::kCommandNoisePct;
  return c;
}

bool runOptionsFromArgs(const ScenarioArgs& a, scenario::RunOptions* opts) {
  opts->procs = a.procs;
  opts->seed = a.seed;
  opts->eventLimit = a.eventLimit;
  opts->cost = commandCostModel();
  if (!a.costModel.empty()) {
    try {
      opts->cost = scenario::loadCostModel(a.costModel, commandCostModel());
    } catch (const scenario::ScenarioError& e) {
      badInput(fmt::format("--cost-model: {}", e.what()));
      return false;
    }
  }
  if (a.ncpu) opts->cost->cpu_threads = *a.ncpu;
  if (a.noise) opts->cost->noise_pct = *a.noise;
  if (!a.timeLimit.empty()) {
    std::string err;
    auto d = scenario::parseDuration(a.timeLimit, &err);
    if (!d || *d <= 0) {
      badInput(fmt::format("--time-limit {}: {}", a.timeLimit,
                           err.empty() ? "expected a positive duration" : err));
      return false;
    }
    opts->timeLimit = *d;
  }
  std::optional<int64_t> memory;
  if (!a.memoryLimit.empty()) {
    std::string err;
    memory = parseByteSize(a.memoryLimit, &err);
    if (!memory) {
      badInput(fmt::format("--memory-limit {}: {}", a.memoryLimit, err));
      return false;
    }
  }
  std::optional<int64_t> wallMs;
  if (!a.wallLimit.empty()) {
    std::string err;
    auto d =
        a.wallLimit == "0" ? std::optional<int64_t>(0) : scenario::parseDuration(a.wallLimit, &err);
    if (!d || *d < 0) {
      badInput(fmt::format("--wall-limit {}: {}", a.wallLimit,
                           err.empty() ? "expected a duration (0 = none)" : err));
      return false;
    }
    wallMs = *d / Millisecond;
    if (*d > 0 && *wallMs == 0) wallMs = 1;
  }
  opts->check = a.check;
  const std::atomic<int>* flag = interruptFlag();
  opts->limits = [a, memory, wallMs, flag](rt::RunConfig& c) {
    if (a.goroutineLimit) c.goroutineLimit = *a.goroutineLimit;
    if (a.timerLimit) c.timerLimit = *a.timerLimit;
    if (memory) c.memoryLimit = *memory;
    if (wallMs) c.wallLimitMs = *wallMs;
    if (a.spinLimit) c.spinLimit = *a.spinLimit;
    c.interrupt = flag;
  };
  return true;
}

bool parseEraList(const std::string& arg, std::vector<std::string>* out) {
  out->clear();
  if (arg == "all") {
    for (const auto& e : eras::allEras())
      out->push_back(e.name);
    return true;
  }
  std::stringstream ss(arg);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (!eras::findEra(name)) {
      badInput(fmt::format("--era {}: unknown era '{}' (expected one of: {}, all)", arg, name,
                           eras::eraNames()));
      return false;
    }
    out->push_back(name);
  }
  if (out->empty()) {
    badInput(fmt::format("--era: expected an era name (one of: {}, all)", eras::eraNames()));
    return false;
  }
  return true;
}

nlohmann::json traceHeader(const scenario::Scenario& s, const std::string& era, int procs,
                           uint64_t seed, const rt::CostModel* inForce, uint32_t categories) {
  trace::HeaderInfo h = scenario::traceHeaderInfo(s, era, procs, seed);
  if (inForce) h.cost = inForce->values();
  h.categories = categories;
  return trace::makeHeader(h);
}

}  // namespace gotimers::cli
