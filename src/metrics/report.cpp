#include "metrics/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "eras/registry.h"
#include "metrics/chart.h"
#include "metrics/format.h"
#include "metrics/text.h"

namespace gotimers::metrics {

using json = nlohmann::json;

namespace {

json num(std::optional<double> v) {
  return v ? json(*v) : json(nullptr);
}

// What the eras' timer structures are, for the verdicts: by the Go version whose rules an era
// follows (eras/registry.cpp).
std::string structureOf(const std::string& era) {
  const eras::EraInfo* e = eras::findEra(era);
  int minor = e ? e->goMinor : 0;
  if (minor <= 9) return "one heap, one lock";
  if (minor <= 13) return "64 buckets, a lock each";
  if (minor <= 22) return "a heap and lock per P";
  return "a heap per P, a lock per timer";
}

// A share as a percentage people read: "0%", "<0.1%", "0.4%", "12%", "61%".
std::string percent(double share) {
  double pct = share * 100;
  if (pct == 0) return "0%";
  if (pct < 0.1) return "<0.1%";
  if (pct < 10) return fmt::format("{:.1f}%", pct);
  return fmt::format("{:.0f}%", pct);
}

std::string ratioText(double r) {
  if (r >= 100) return fmt::format("{:.0f}x", r);
  if (r >= 10) return fmt::format("{:.1f}x", r);
  return fmt::format("{:.2f}x", r);
}

const json* point(const json& data, const std::string& era, int p) {
  for (const auto& pt : data["points"])
    if (pt["era"] == era && pt["gomaxprocs"] == p) return &pt;
  return nullptr;
}

std::optional<double> at(const json* pt, const json::json_pointer& ptr) {
  if (!pt || !pt->contains(ptr) || (*pt)[ptr].is_null()) return std::nullopt;
  return (*pt)[ptr].get<double>();
}

std::string headlineMetric(const ReportInput& in) {
  bool bench = false, fired = false;
  for (const auto& r : in.runs) {
    bench = bench || r.value("ns_per_op").has_value();
    fired = fired || r.value("timers_fired").value_or(0) > 0;
  }
  if (bench) return defaultChartMetric(in.scenarioName, in.runs);  // a latency benchmark: lateness
  return fired ? "lateness_p99_ns" : "virtual_time_ns";
}

// "go1.9 915µs, go1.13 184µs, ..." over the eras at GOMAXPROCS p, for one value per point.
template <typename F>
std::string perEra(const json& data, int p, F text) {
  std::string out;
  for (const auto& e : data["eras"]) {
    const json* pt = point(data, e.get<std::string>(), p);
    if (!pt) continue;
    out += (out.empty() ? "" : ", ") + e.get<std::string>() + " " + text(*pt);
  }
  return out;
}

void addSentences(json& data) {
  const int pMin = data["gomaxprocs"].front().get<int>();
  const int pMax = data["gomaxprocs"].back().get<int>();
  const std::string metric = data["headline"]["metric"];
  const Unit unit = metricDefs()[static_cast<size_t>(metricIndex(metric))].unit;
  auto fmtv = [&](std::optional<double> v) { return formatValue(v, unit); };
  json sentences = json::array();
  auto say = [&](const char* chart, std::string text) {
    sentences.push_back({{"chart", chart}, {"text", std::move(text)}});
  };
  const auto hl = json::json_pointer("/headline/median");
  // the headline: the slowest and fastest era at the most Ps, and how each scales
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& e : data["eras"])
    if (auto v = at(point(data, e, pMax), hl)) ranked.emplace_back(*v, e.get<std::string>());
  std::sort(ranked.begin(), ranked.end());
  const std::string label = data["headline"]["label"];
  if (ranked.size() >= 2 && ranked.front().first > 0) {
    auto [fast, fastEra] = ranked.front();
    auto [slow, slowEra] = ranked.back();
    say("headline", metric == "ns_per_op"
                        ? fmt::format("At {} Ps {} needs {} per op, {} {}'s {}.", pMax, slowEra,
                                      fmtv(slow), ratioText(slow / fast), fastEra, fmtv(fast))
                        : fmt::format("At {} Ps {}'s {} is {}, {} {}'s {}.", pMax, slowEra, label,
                                      fmtv(slow), ratioText(slow / fast), fastEra, fmtv(fast)));
  }
  if (pMax > pMin) {
    std::string growth = perEra(data, pMax, [&](const json& pt) {
      auto hi = at(&pt, hl);
      auto lo = at(point(data, pt["era"], pMin), hl);
      return hi && lo && *lo > 0 ? ratioText(*hi / *lo) : std::string("-");
    });
    say("headline",
        fmt::format("From {} to {} Ps the {} changes by: {}.", pMin, pMax, label, growth));
  }
  // the locks
  const auto share = json::json_pointer("/lock_wait_share");
  std::string worstEra;
  double worst = -1;
  for (const auto& e : data["eras"])
    if (auto s = at(point(data, e, pMax), share); s && *s > worst) {
      worst = *s;
      worstEra = e;
    }
  if (!worstEra.empty()) {
    const json* w = point(data, worstEra, pMax);
    std::string others;
    for (const auto& e : data["eras"]) {
      if (e == worstEra) continue;
      auto s = at(point(data, e, pMax), share);
      others += fmt::format("{}{} {}", others.empty() ? "" : ", ", e.get<std::string>(),
                            s ? percent(*s) : "-");
    }
    say("locks",
        fmt::format("At {} Ps {} loses {} of its Ps' time waiting for timer locks ({:.0f} of "
                    "{:.0f} acquisitions slept on the futex){}{}.",
                    pMax, worstEra, percent(worst),
                    at(w, json::json_pointer("/lock_phases/futex_sleep")).value_or(0),
                    at(w, json::json_pointer("/lock_acquisitions")).value_or(0),
                    others.empty() ? "" : "; ", others));
  }
  // threads
  say("threads", fmt::format("At {} Ps the Ms went to sleep / were switched back in: {}.", pMax,
                             perEra(data, pMax, [](const json& pt) {
                               return fmt::format("{:.0f} / {:.0f}",
                                                  pt["threads"]["thread_sleeps"].get<double>(),
                                                  pt["threads"]["context_switches"].get<double>());
                             })));
  // lateness
  bool anyLate = false;
  for (const auto& pt : data["points"])
    anyLate = anyLate || !pt["lateness"].is_null();
  if (anyLate) {
    say("lateness", fmt::format("At {} Ps the median timer fires late by: {}.", pMax,
                                perEra(data, pMax, [](const json& pt) {
                                  return pt["lateness"].is_null()
                                             ? std::string("- (none fired)")
                                             : formatValue(pt["lateness"]["p50"].get<double>(),
                                                           Unit::Ns);
                                })));
  } else {
    say("lateness",
        "No timer fired in these runs (each was stopped or is still pending at exit), so there "
        "is no lateness to chart.");
  }
  data["sentences"] = std::move(sentences);
}

void addVerdicts(json& data) {
  const int pMin = data["gomaxprocs"].front().get<int>();
  const int pMax = data["gomaxprocs"].back().get<int>();
  const auto hl = json::json_pointer("/headline/median");
  json verdicts = json::array();
  for (const auto& e : data["eras"]) {
    const std::string era = e;
    const json* pt = point(data, era, pMax);
    if (!pt) continue;
    double share = at(pt, json::json_pointer("/lock_wait_share")).value_or(0);
    double futex = at(pt, json::json_pointer("/lock_phases/futex_sleep")).value_or(0);
    auto hi = at(pt, hl);
    auto lo = at(point(data, era, pMin), hl);
    std::string verdict, why;
    if (share >= 0.05) {
      verdict = "collapses";
      why = fmt::format("{} of P time in timer-lock waits at {} Ps ({:.0f} futex sleeps)",
                        percent(share), pMax, futex);
    } else if (data["headline"]["metric"] == "ns_per_op" && hi && lo && *lo > 0 &&
               *hi > 1.5 * *lo) {
      verdict = "slows";
      why = fmt::format("{} per op from {} to {} Ps, {} of P time in timer-lock waits",
                        ratioText(*hi / *lo), pMin, pMax, percent(share));
    } else {
      verdict = "scales";
      why = share == 0
                ? fmt::format("no timer-lock waits at {} Ps", pMax)
                : fmt::format("{} of P time in timer-lock waits at {} Ps", percent(share), pMax);
    }
    verdicts.push_back({{"era", era},
                        {"verdict", verdict},
                        {"text", fmt::format("{}: {}; {}", verdict, why, structureOf(era))}});
  }
  data["verdicts"] = std::move(verdicts);
}

void addCaveats(json& data, const ReportInput& in) {
  json caveats = json::array();
  caveats.push_back(
      "All times are virtual: nanoseconds of the simulated machine under the cost model "
      "(docs/cost-model.md). They compare the eras; they do not predict your hardware.");
  caveats.push_back(fmt::format(
      "The simulated machine has {} hardware threads{} (--ncpu; the default 4 is the machine "
      "CL 34784's figures imply): figures published for an 8-, 12- or 32-thread machine need "
      "--ncpu set to match.",
      in.cpuThreads,
      in.cpuThreads >= 2 ? fmt::format(" on {} cores", (in.cpuThreads + 1) / 2) : std::string()));
  bool lazy = false;
  for (const auto& e : in.eras) {
    const eras::EraInfo* info = eras::findEra(e);
    lazy = lazy || (info && info->goMinor >= 23 && e != "go1.23@asynctimerchan=1");
  }
  bool anyLate = false;
  for (const auto& pt : data["points"])
    anyLate = anyLate || !pt["lateness"].is_null();
  if (lazy && (anyLate || data["headline"]["metric"] == "lateness_p99_ns")) {
    caveats.push_back(
        "On go1.23 a channel timer (NewTimer, After, a ticker) is in a heap only while a "
        "receiver waits, so its lateness is taken when the receiver arrives, not when it was "
        "due: where the scenario's timers are channel timers, go1.23's lateness is not like for "
        "like with the other eras'.");
  }
  bool seedsDiffer = false;
  for (const auto& pt : data["points"])
    seedsDiffer = seedsDiffer || pt["headline"]["min"] != pt["headline"]["max"];
  if (in.noisePct > 0) {
    caveats.push_back(fmt::format(
        "The noise model is on (--noise {}; the default is 10): each thread's pace per time "
        "slice and each charge vary by up to {}%, seeded (docs/cost-model.md, \"Noise\").",
        in.noisePct, in.noisePct));
  } else if (in.seeds.size() == 1) {
    caveats.push_back(
        "One seed per point: the bands are empty. --seeds 1..5 runs more; without noise (--noise "
        "0) the seeds change only what scheduling races change.");
  } else if (!seedsDiffer) {
    caveats.push_back(fmt::format(
        "The {} seeds gave identical {}: without noise (--noise 0) the cost model has no "
        "jitter, so the bands are empty.",
        in.seeds.size(), data["headline"]["label"].get<std::string>()));
  }
  data["caveats"] = std::move(caveats);
}

}  // namespace

json reportData(const ReportInput& in) {
  const std::string metric = headlineMetric(in);
  const MetricDef& def = metricDefs()[static_cast<size_t>(metricIndex(metric))];
  json data = {
      {"schema", "gotimers-report"},
      {"version", kReportSchemaVersion},
      {"scenario", {{"name", in.scenarioName}, {"id", in.scenarioId}}},
      {"eras", in.eras},
      {"gomaxprocs", in.procs},
      {"seeds", in.seeds},
      {"headline", {{"metric", metric}, {"unit", unitName(def.unit)}, {"label", def.axisLabel()}}}};
  json points = json::array();
  for (const auto& era : in.eras) {
    for (int p : in.procs) {
      // the point's medians over its seeds (metrics/format.h)
      auto value = [&](std::string_view m) {
        return pointValue(in.runs, era, p, static_cast<size_t>(metricIndex(m)));
      };
      auto med = [&](std::string_view m) { return value(m).median; };
      PointValue hv = value(metric);
      if (hv.runs == 0) continue;
      json pt = {{"era", era}, {"gomaxprocs", p}, {"runs", hv.runs}};
      pt["headline"] = {{"median", num(hv.median)}, {"min", num(hv.min)}, {"max", num(hv.max)}};
      pt["lock_phases"] = {{"cas", num(med("timer_locks_cas"))},
                           {"active_spin", num(med("timer_locks_active_spin"))},
                           {"passive_spin", num(med("timer_locks_passive_spin"))},
                           {"futex_sleep", num(med("timer_locks_futex_sleep"))}};
      pt["lock_acquisitions"] = num(med("timer_locks_acquisitions"));
      pt["lock_wait_ns"] = num(med("timer_locks_wait_total_ns"));
      pt["virtual_time_ns"] = num(med("virtual_time_ns"));
      // the share of the Ps' time (virtual time x GOMAXPROCS) the Ms spent waiting, per run
      std::vector<double> shares;
      for (const auto& r : in.runs) {
        if (r.key.era != era || r.key.procs != p || r.skipped()) continue;
        auto w = r.value("timer_locks_wait_total_ns");
        auto t = r.value("virtual_time_ns");
        if (w && t && *t > 0) shares.push_back(*w / (*t * p));
      }
      pt["lock_wait_share"] = num(medianOf(std::move(shares)));
      pt["threads"] = {{"thread_sleeps", num(med("thread_sleeps"))},
                       {"context_switches", num(med("context_switches"))},
                       {"p_handoffs", num(med("p_handoffs"))},
                       {"wakeps", num(med("wakeps"))}};
      if (med("timers_fired").value_or(0) > 0 && med("lateness_p50_ns")) {
        pt["lateness"] = {{"p50", num(med("lateness_p50_ns"))},
                          {"p99", num(med("lateness_p99_ns"))},
                          {"max", num(med("lateness_max_ns"))}};
      } else {
        pt["lateness"] = nullptr;
      }
      points.push_back(std::move(pt));
    }
  }
  data["points"] = std::move(points);
  addSentences(data);
  addVerdicts(data);
  addCaveats(data, in);
  json runs = json::array();
  for (const auto& r : in.runs)
    runs.push_back(toJson(r));
  data["runs"] = std::move(runs);
  return data;
}

namespace {

// A table of eras x GOMAXPROCS, one formatted value per cell, right-aligned.
// A table of eras x GOMAXPROCS under a title line, one formatted value per cell, right-aligned;
// GOMAXPROCS columns that do not fit `width` go on to a further table (the era column again).
std::string eraTable(const json& data, const std::string& title, size_t width,
                     const std::function<std::string(const json*)>& cell) {
  std::vector<std::string> head = {"era"};
  for (const auto& p : data["gomaxprocs"])
    head.push_back(fmt::format("P={}", p.get<int>()));
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : data["eras"]) {
    std::vector<std::string> row = {e.get<std::string>()};
    for (const auto& p : data["gomaxprocs"])
      row.push_back(cell(point(data, e, p.get<int>())));
    rows.push_back(std::move(row));
  }
  std::vector<size_t> w(head.size());
  for (size_t c = 0; c < head.size(); c++) {
    w[c] = displayWidth(head[c]);
    for (const auto& r : rows)
      w[c] = std::max(w[c], displayWidth(r[c]));
  }
  std::string out;
  for (const auto& l : wrapWords(title, width))
    out += l + "\n";
  for (size_t first = 1; first < head.size();) {
    size_t last = first, used = w[0] + 2 + w[first];
    while (last + 1 < head.size() && used + 2 + w[last + 1] <= width)
      used += 2 + w[++last];
    auto line = [&](const std::vector<std::string>& r) {
      std::string l = pad(r[0], w[0], false);
      for (size_t c = first; c <= last; c++)
        l += "  " + pad(r[c], w[c], true);
      return l + "\n";
    };
    out += (first > 1 ? "\n" : "") + line(head);
    for (const auto& r : rows)
      out += line(r);
    first = last + 1;
  }
  return out;
}

std::string headlineCell(const json& data, const json* pt) {
  const Unit unit =
      metricDefs()[static_cast<size_t>(metricIndex(data["headline"]["metric"].get<std::string>()))]
          .unit;
  auto v = at(pt, json::json_pointer("/headline/median"));
  auto lo = at(pt, json::json_pointer("/headline/min"));
  auto hi = at(pt, json::json_pointer("/headline/max"));
  double spread = v && lo && hi && *v > 0 ? std::max(*hi - *v, *v - *lo) / *v : 0;
  return medianText(v, spread, unit);
}

std::string shareCell(const json* pt) {
  auto s = at(pt, json::json_pointer("/lock_wait_share"));
  return s ? percent(*s) : "-";
}

}  // namespace

std::string reportSummary(const json& data, size_t width) {
  std::string out;
  for (const auto& l :
       wrapWords(fmt::format("{} ({}): {} eras x GOMAXPROCS {}, {} seed{}",
                             data["scenario"]["name"].get<std::string>(),
                             data["scenario"]["id"].get<std::string>(), data["eras"].size(),
                             fmt::join(data["gomaxprocs"].get<std::vector<int>>(), ","),
                             data["seeds"].size(), data["seeds"].size() == 1 ? "" : "s"),
                 width))
    out += l + "\n";
  out += "\n";
  std::string seeds =
      data["seeds"].size() == 1
          ? ""
          : fmt::format(", the median of {} seeds (± the farthest from it)", data["seeds"].size());
  out += eraTable(data, data["headline"]["label"].get<std::string>() + seeds, width,
                  [&](const json* pt) { return headlineCell(data, pt); });
  out += "\n" + eraTable(data, "share of P time spent waiting for timer locks", width, shareCell);
  out += "\n";
  size_t eraW = 0;
  for (const auto& v : data["verdicts"])
    eraW = std::max(eraW, v["era"].get<std::string>().size());
  for (const auto& v : data["verdicts"]) {
    std::string era = v["era"];
    auto lines = wrapWords(v["text"].get<std::string>(), width > eraW + 22 ? width - eraW - 2 : 20);
    for (size_t i = 0; i < lines.size(); i++)
      out += pad(i == 0 ? era : "", eraW + 2, false) + lines[i] + "\n";
  }
  return out;
}

std::string reportMarkdown(const json& data) {
  std::string out = fmt::format("# {} ({}) on {}\n\n", data["scenario"]["name"].get<std::string>(),
                                data["scenario"]["id"].get<std::string>(),
                                fmt::join(data["eras"].get<std::vector<std::string>>(), ", "));
  for (const auto& s : data["sentences"])
    out += s["text"].get<std::string>() + "\n";
  auto mdTable = [&](const std::string& title,
                     const std::function<std::string(const json*)>& cell) {
    std::string t = fmt::format("\n## {}\n\n| era |", title);
    for (const auto& p : data["gomaxprocs"])
      t += fmt::format(" GOMAXPROCS={} |", p.get<int>());
    t += "\n|---|";
    for (size_t i = 0; i < data["gomaxprocs"].size(); i++)
      t += "---:|";
    t += "\n";
    for (const auto& e : data["eras"]) {
      t += fmt::format("| {} |", e.get<std::string>());
      for (const auto& p : data["gomaxprocs"])
        t += " " + cell(point(data, e, p.get<int>())) + " |";
      t += "\n";
    }
    return t;
  };
  std::string label = data["headline"]["label"];
  if (!label.empty())
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  out += mdTable(label, [&](const json* pt) { return headlineCell(data, pt); });
  out += mdTable("Time waiting for timer locks", shareCell);
  out += mdTable("Thread sleeps / context switches", [](const json* pt) {
    if (!pt) return std::string("-");
    return fmt::format("{:.0f} / {:.0f}", (*pt)["threads"]["thread_sleeps"].get<double>(),
                       (*pt)["threads"]["context_switches"].get<double>());
  });
  out += "\n## Verdicts\n\n";
  for (const auto& v : data["verdicts"])
    out += fmt::format("- **{}** {}\n", v["era"].get<std::string>(), v["text"].get<std::string>());
  out += "\n## Caveats\n\n";
  for (const auto& c : data["caveats"])
    out += "- " + c.get<std::string>() + "\n";
  return out;
}

}  // namespace gotimers::metrics
