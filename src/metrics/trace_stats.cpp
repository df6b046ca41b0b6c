#include "metrics/trace_stats.h"
#include "sim/format_duration.h"

#include <fmt/format.h>

#include <cstdint>
#include <utility>

#include "io/json_line.h"
#include "metrics/summary.h"
#include "runtime/value.h"

namespace gotimers::metrics {

using nlohmann::json;

bool readTraceStats(std::istream& in, const std::string& name, TraceStats* out, std::string* err) {
  TraceStats& s = *out;
  std::map<int64_t, int64_t> heapLen;
  int64_t live = 0;
  std::string line;
  uint64_t ln = 0;
  while (std::getline(in, line)) {
    ln++;
    json e;
    if (auto bad = io::parseJsonLine(line, name, ln, "trace line", &e)) {
      *err = bad->message;
      return false;
    }
    if (!e.is_object()) {
      *err = fmt::format("{}:{}: expected a JSON object ({} line), found {}", name, ln,
                         ln == 1 ? "the header" : "an event", e.type_name());
      return false;
    }
    if (ln == 1) {
      // the fields the summary prints: absent is fine, present they must have their type
      for (auto [key, type] : {std::pair{"scenario", json::value_t::object},
                               {"era", json::value_t::string},
                               {"tool", json::value_t::string},
                               {"categories", json::value_t::string},
                               {"gomaxprocs", json::value_t::number_integer},
                               {"seed", json::value_t::number_integer},
                               {"version", json::value_t::number_integer}}) {
        auto it = e.find(key);
        if (it == e.end()) continue;
        bool ok = it->type() == type ||
                  (type == json::value_t::number_integer && it->is_number_unsigned());
        if (!ok) {
          *err = fmt::format("{}:1: header: \"{}\": expected {}, found {}", name, key,
                             type == json::value_t::object   ? "an object"
                             : type == json::value_t::string ? "a string"
                                                             : "an integer",
                             it->type_name());
          return false;
        }
      }
      if (auto sc = e.find("scenario"); sc != e.end()) {
        if (auto n = sc->find("name"); n != sc->end() && !n->is_string()) {
          *err = fmt::format("{}:1: header: \"scenario.name\": expected a string, found {}", name,
                             n->type_name());
          return false;
        }
      }
      s.header = std::move(e);
      continue;
    }
    // A field of the event: absent gives the default; present, it must have the type.
    std::string bad;
    auto integer = [&](const char* key) -> int64_t {
      auto it = e.find(key);
      if (it == e.end()) return 0;
      if (!it->is_number_integer()) {
        if (bad.empty())
          bad = fmt::format("\"{}\": expected an integer, found {}", key, it->type_name());
        return 0;
      }
      if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{INT64_MAX}) {
        if (bad.empty())
          bad = fmt::format("\"{}\": expected an integer up to {}, found {}", key, INT64_MAX,
                            it->dump());
        return 0;
      }
      return it->get<int64_t>();
    };
    std::string ev;
    if (auto it = e.find("ev"); it != e.end()) {
      if (!it->is_string()) {
        *err = fmt::format("{}:{}: \"ev\": expected a string, found {}", name, ln, it->type_name());
        return false;
      }
      ev = it->get<std::string>();
    }
    int64_t t = integer("t");
    if (s.events == 0) s.firstT = t;
    s.lastT = std::max(s.lastT, t);
    s.events++;
    s.byKind[ev]++;
    if (ev == "timer.fire") {
      s.lateness.add(integer("late"));
    } else if (ev == "lock.acquire") {
      auto& l = s.locks[integer("lock")];
      l.acquisitions++;
      if (integer("phase") != 0) {
        l.contended++;
        l.waits.add(integer("wait"));
      }
    } else if (ev == "lock.name") {
      auto it = e.find("name");
      if (it == e.end() || !it->is_string()) {
        if (bad.empty()) bad = "\"name\": expected a string";
      } else {
        s.lockNames[integer("lock")] = it->get<std::string>();
      }
    } else if (ev == "lock.release") {
      int64_t& total = s.locks[integer("lock")].holdTotal;
      if (__builtin_add_overflow(total, integer("hold"), &total) && bad.empty())
        bad = fmt::format("\"hold\": the lock's total hold time passes {} ns", INT64_MAX);
    } else if (ev == "heap.push" || ev == "heap.pop" || ev == "heap.remove") {
      int64_t h = integer("heap");
      int64_t d = ev == "heap.push" ? 1 : -1;
      int64_t& n = heapLen[h];
      n += d;
      live += d;
      s.heapPeak[h] = std::max(s.heapPeak[h], n);
      s.liveTimersPeak = std::max(s.liveTimersPeak, live);
    }
    if (!bad.empty()) {
      *err = fmt::format("{}:{}: {}", name, ln, bad);
      return false;
    }
  }
  if (ln == 0) {
    *err = fmt::format("{}: empty file: expected a header line", name);
    return false;
  }
  return true;
}

namespace {
uint64_t count(const TraceStats& s, const char* k) {
  auto it = s.byKind.find(k);
  return it == s.byKind.end() ? 0 : it->second;
}
// The lock's name as `run` prints it, or "lock N" in a trace without lock.name (version 2).
std::string lockName(const TraceStats& s, int64_t id) {
  auto it = s.lockNames.find(id);
  return it != s.lockNames.end() ? it->second : fmt::format("lock {}", id);
}
}  // namespace

std::string formatTraceStats(const TraceStats& s) {
  using sim::formatDuration;
  const json& h = s.header;
  std::string out;
  std::string scen = h.contains("scenario") ? h["scenario"].value("name", "?") : "?";
  auto integer = [&h](const char* key) {  // as written (readTraceStats checked the types)
    auto it = h.find(key);
    return it == h.end() ? std::string("0") : it->dump();
  };
  out += fmt::format("trace of {} on {}, GOMAXPROCS={}, seed {} (schema v{}, {}; categories {})\n",
                     scen, h.value("era", "?"), integer("gomaxprocs"), integer("seed"),
                     integer("version"), h.value("tool", "?"), h.value("categories", "all"));
  out += fmt::format("{} events from {} to {}\n", s.events, formatDuration(s.firstT),
                     formatDuration(s.lastT));
  std::string late = s.lateness.count() == 0
                         ? ""
                         : fmt::format(" (lateness p50 {}, p99 {}, max {})",
                                       formatDuration(s.lateness.percentile(50)),
                                       formatDuration(s.lateness.percentile(99)),
                                       formatDuration(s.lateness.max()));
  out += fmt::format("timers: {} added, {} stopped, {} reset, {} fired{}, {} dropped sends\n",
                     count(s, "timer.add"), count(s, "timer.del"), count(s, "timer.reset"),
                     count(s, "timer.fire"), late, count(s, "chan.drop"));
  int64_t peak = 0;
  for (auto& [id, n] : s.heapPeak)
    peak = std::max(peak, n);
  out += fmt::format(
      "heaps: {} pushes, {} pops, {} removals, {} sift steps; {} heaps, largest peak {}, peak "
      "timers in all heaps {}\n",
      count(s, "heap.push"), count(s, "heap.pop"), count(s, "heap.remove"), count(s, "heap.sift"),
      s.heapPeak.size(), peak, s.liveTimersPeak);
  // threads as `run` counts them: m0 and every m.create (a trace with no scheduler events
  // cannot count them)
  const std::string cats = "," + h.value("categories", std::string("all")) + ",";
  const bool sched = cats == ",all," || cats.find(",sched,") != std::string::npos;
  std::string threads = sched ? fmt::format("{} created (m0 included)", count(s, "m.create") + 1)
                              : "not traced (--trace-filter without sched)";
  out += fmt::format(
      "goroutines: {} created, {} parks, {} readies; threads: {}, {} steals, "
      "{} timerproc wakes, {} netpoll breaks\n",
      count(s, "go.create"), count(s, "go.park"), count(s, "go.ready"), threads,
      count(s, "sched.steal"), count(s, "timerproc.wake"), count(s, "netpoll.break"));
  if (!s.locks.empty()) {
    size_t nameW = 4;
    for (auto& [id, l] : s.locks)
      nameW = std::max(nameW, lockName(s, id).size());
    out += fmt::format("  {:<{}} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12}\n", "lock", nameW,
                       "acquired", "contended", "wait p50", "wait p99", "wait max", "held total");
    for (auto& [id, l] : s.locks) {
      out += fmt::format("  {:<{}} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12}\n", lockName(s, id),
                         nameW, l.acquisitions, l.contended, formatDuration(l.waits.percentile(50)),
                         formatDuration(l.waits.percentile(99)), formatDuration(l.waits.max()),
                         formatDuration(l.holdTotal));
    }
  }
  out += "events by kind:\n";
  for (auto& [k, n] : s.byKind)
    out += fmt::format("  {:<16} {:>10}\n", k, n);
  return out;
}

json traceStatsJson(const TraceStats& s) {
  json j;
  j["header"] = s.header;
  j["events"] = s.events;
  j["first_t"] = s.firstT;
  j["last_t"] = s.lastT;
  j["by_kind"] = s.byKind;
  j["lateness"] = {{"p50", s.lateness.percentile(50)},
                   {"p99", s.lateness.percentile(99)},
                   {"max", s.lateness.max()}};
  json locks = json::object();
  for (auto& [id, l] : s.locks) {
    locks[std::to_string(id)] = {{"name", lockName(s, id)},
                                 {"acquisitions", l.acquisitions},
                                 {"contended", l.contended},
                                 {"wait_p50", l.waits.percentile(50)},
                                 {"wait_p99", l.waits.percentile(99)},
                                 {"wait_max", l.waits.max()},
                                 {"hold_total", l.holdTotal}};
  }
  j["locks"] = locks;
  json heaps = json::object();
  for (auto& [id, n] : s.heapPeak)
    heaps[std::to_string(id)] = n;
  j["heap_peak"] = heaps;
  j["live_timers_peak"] = s.liveTimersPeak;
  return j;
}

}  // namespace gotimers::metrics
