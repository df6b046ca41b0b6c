#include "metrics/format.h"

#include "metrics/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace gotimers::metrics {

using json = nlohmann::json;

namespace {

// x with 3 significant digits, trailing zeros dropped: 1.2, 12.3, 123.
std::string sig3(double x) {
  double a = std::fabs(x);
  std::string s = fmt::format("{:.{}f}", x, a >= 100 ? 0 : a >= 10 ? 1 : 2);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string duration(double ns) {
  double a = std::fabs(ns);
  if (a == 0) return "0s";
  if (a < 1e3) return sig3(ns) + "ns";
  if (a < 1e6) return sig3(ns / 1e3) + "µs";
  if (a < 1e9) return sig3(ns / 1e6) + "ms";
  return sig3(ns / 1e9) + "s";
}

std::string count(double v) {
  double a = std::fabs(v);
  if (a < 1e6) return v == std::floor(v) ? fmt::format("{:.0f}", v) : sig3(v);
  if (a < 1e9) return sig3(v / 1e6) + "M";
  return sig3(v / 1e9) + "G";
}

std::string ratio(double r) {
  if (r == 0) return "0x";
  if (r < 1e-4) return "<0.0001x";
  if (r < 1) {  // two significant digits, at least two decimals: 0.50x, 0.0072x
    int dec = std::max(2, 1 - static_cast<int>(std::floor(std::log10(r))));
    return fmt::format("{:.{}f}x", r, dec);
  }
  if (r < 10) return fmt::format("{:.2f}x", r);
  if (r < 100) return fmt::format("{:.1f}x", r);
  return fmt::format("{:.0f}x", r);
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  return s;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string plainNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);  // shortest round-trip form
}

}  // namespace

std::optional<double> medianOf(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string medianText(std::optional<double> median, double spread, Unit unit) {
  std::string s = formatValue(median, unit);
  if (spread * 100 >= 0.5) s += fmt::format(" ±{:.0f}%", spread * 100);
  return s;
}

PointValue pointValue(const std::vector<RunMetrics>& runs, const std::string& era, int procs,
                      size_t metric, const std::string* scenario) {
  PointValue pv;
  std::vector<double> v;
  size_t skipped = 0, all = 0;
  for (const auto& r : runs) {
    if (r.key.era != era || r.key.procs != procs) continue;
    if (scenario && r.key.scenario != *scenario) continue;
    all++;
    if (r.skipped()) {
      skipped++;
      continue;
    }
    pv.runs++;
    if (metric < r.values.size() && r.values[metric]) v.push_back(*r.values[metric]);
  }
  pv.skipped = all > 0 && skipped == all;
  if (v.empty()) return pv;
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  pv.min = *lo;
  pv.max = *hi;
  double m = *medianOf(std::move(v));
  pv.median = m;
  if (m != 0) pv.spread = std::max(*pv.max - m, m - *pv.min) / std::fabs(m);
  return pv;
}

std::string formatValue(std::optional<double> v, Unit u) {
  if (!v) return "-";
  switch (u) {
    case Unit::Ns:
    case Unit::NsPerOp:
      return duration(*v);
    case Unit::Count:
      return count(*v);
    case Unit::Ratio:
      return fmt::format("{:.2f}", *v);
  }
  return "?";
}

std::string compareTable(const std::string& scenario, const std::vector<std::string>& eras,
                         const std::vector<int>& procs, const std::vector<RunMetrics>& runs,
                         const TableOptions& opt) {
  const auto& defs = metricDefs();
  // the rows
  std::vector<size_t> rows;
  size_t hidden = 0;
  if (!opt.metrics.empty()) {
    // In the order asked for, except that a group's rows are gathered where the group first
    // appears, so that each group heading is printed once.
    std::vector<std::string> groups;
    for (const auto& name : opt.metrics) {
      int i = metricIndex(name);
      if (i >= 0 && std::find(groups.begin(), groups.end(), defs[i].group) == groups.end())
        groups.push_back(defs[i].group);
    }
    for (const auto& g : groups)
      for (const auto& name : opt.metrics) {
        int i = metricIndex(name);
        if (i >= 0 && defs[i].group == g &&
            std::find(rows.begin(), rows.end(), static_cast<size_t>(i)) == rows.end())
          rows.push_back(static_cast<size_t>(i));
      }
  } else {
    for (size_t i = 0; i < defs.size(); i++) {
      bool any = false;
      for (const auto& r : runs)
        any = any || (i < r.values.size() && r.values[i] && *r.values[i] != 0);
      if (any) {
        rows.push_back(i);
      } else {
        hidden++;
      }
    }
  }
  // the cells: one column per (procs, era); a cell is the median over the point's seeds,
  // with " ±N%" when they spread by half a percent or more
  struct Col {
    int procs;
    const std::string* era;
  };
  std::vector<Col> cols;
  for (int p : procs)
    for (const auto& e : eras)
      cols.push_back({p, &e});
  bool seeds = false;  // several seeds somewhere
  for (const auto& c : cols)
    seeds = seeds || pointValue(runs, *c.era, c.procs, 0).runs > 1;
  std::vector<std::vector<std::string>> cells(rows.size(), std::vector<std::string>(cols.size()));
  for (size_t ri = 0; ri < rows.size(); ri++) {
    size_t mi = rows[ri];
    for (size_t ci = 0; ci < cols.size(); ci++) {
      const Col& c = cols[ci];
      PointValue pv = pointValue(runs, *c.era, c.procs, mi);
      if (pv.skipped) {
        cells[ri][ci] = "skipped";
        continue;
      }
      std::string s = medianText(pv.median, pv.spread, defs[mi].unit);
      std::optional<double> b = pointValue(runs, eras.front(), c.procs, mi).median;
      if (*c.era != eras.front() && pv.median && b && *b > 0) s += " " + ratio(*pv.median / *b);
      cells[ri][ci] = s;
    }
  }
  // widths (count code points so "µ" takes one column)
  size_t nameW = std::string("metric").size();
  for (size_t mi : rows)
    nameW = std::max(nameW, defs[mi].name.size() + 2);
  std::vector<size_t> colW(cols.size());
  for (size_t ci = 0; ci < cols.size(); ci++) {
    colW[ci] = displayWidth(*cols[ci].era);
    for (size_t ri = 0; ri < rows.size(); ri++)
      colW[ci] = std::max(colW[ci], displayWidth(cells[ri][ci]));
  }
  // One table: a metric column, then column groups (a GOMAXPROCS value over its eras).
  auto table = [&](const std::vector<std::vector<size_t>>& groups) {
    std::string h1 = pad("", nameW, false), h2 = pad("metric", nameW, false);
    for (const auto& g : groups) {
      size_t groupW = 0;
      for (size_t ci : g)
        groupW += colW[ci] + 2;
      std::string label = fmt::format("GOMAXPROCS={}", cols[g.front()].procs);
      h1 += " |" + pad(label, groupW - 1, true) + " ";
      h2 += " | ";
      for (size_t k = 0; k < g.size(); k++)
        h2 += (k ? "  " : "") + pad(*cols[g[k]].era, colW[g[k]], true);
      h2 += " ";
    }
    std::string t = rtrim(h1) + "\n" + rtrim(h2) + "\n";
    std::string group;
    for (size_t ri = 0; ri < rows.size(); ri++) {
      const MetricDef& d = defs[rows[ri]];
      if (d.group != group) {
        group = d.group;
        t += group + "\n";
      }
      std::string line = pad("  " + d.name, nameW, false);
      for (const auto& g : groups) {
        line += " | ";
        for (size_t k = 0; k < g.size(); k++)
          line += (k ? "  " : "") + pad(cells[ri][g[k]], colW[g[k]], true);
        line += " ";
      }
      t += rtrim(line) + "\n";
    }
    return t;
  };
  // wide: every column group side by side; long: a table per GOMAXPROCS, its eras split over
  // several tables when they do not fit the width either.
  std::vector<std::vector<size_t>> groups;
  for (size_t ci = 0; ci < cols.size(); ci += eras.size()) {
    groups.emplace_back();
    for (size_t k = 0; k < eras.size(); k++)
      groups.back().push_back(ci + k);
  }
  std::string wide = table(groups);
  size_t wideW = 0;
  for (size_t pos = 0, nl; (nl = wide.find('\n', pos)) != std::string::npos; pos = nl + 1)
    wideW = std::max(wideW, displayWidth(wide.substr(pos, nl - pos)));
  Layout layout = opt.layout;
  if (layout == Layout::Auto) layout = wideW <= opt.width ? Layout::Wide : Layout::Long;
  std::string title =
      fmt::format("{}: {} x GOMAXPROCS {}", scenario, fmt::join(eras, ","), fmt::join(procs, ","));
  if (layout == Layout::Long && displayWidth(title) > opt.width)
    title =
        fmt::format("{}: {} eras x GOMAXPROCS {}", scenario, eras.size(), fmt::join(procs, ","));
  std::set<uint64_t> seedSet;
  for (const auto& r : runs)
    seedSet.insert(r.key.seed);
  std::string out = fmt::format(
      "{}\n({}ratios are to {} at the same GOMAXPROCS)\n", title,
      seeds ? fmt::format("{} seeds: medians, ± the seed farthest from it; ", seedSet.size()) : "",
      eras.front());
  if (layout == Layout::Wide) {
    out += wide;
  } else {
    bool first = true;
    for (const auto& g : groups) {
      std::vector<size_t> part;
      size_t w = nameW + 2;
      for (size_t ci : g) {
        if (!part.empty() && w + 2 + colW[ci] > opt.width) {
          out += (first ? "" : "\n") + table({part});
          first = false;
          part.clear();
          w = nameW + 2;
        }
        part.push_back(ci);
        w += 2 + colW[ci];
      }
      out += (first ? "" : "\n") + table({part});
      first = false;
    }
  }
  if (hidden > 0) {
    out += fmt::format(
        "({} metrics that are zero or undefined in every run are not shown; --metrics picks "
        "any)\n",
        hidden);
  }
  return out;
}

std::string sweepTable(const std::vector<RunMetrics>& runs,
                       const std::vector<std::string>& scenarios,
                       const std::vector<std::string>& eras, const std::vector<int>& procs,
                       const std::string& metric, size_t width) {
  int mi = metricIndex(metric);
  if (mi < 0) return "";
  const MetricDef& d = metricDefs()[static_cast<size_t>(mi)];
  size_t scW = std::string("scenario").size(), erW = std::string("era").size();
  for (const auto& s : scenarios)
    scW = std::max(scW, s.size());
  for (const auto& e : eras)
    erW = std::max(erW, e.size());
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> colW(procs.size());
  for (size_t pi = 0; pi < procs.size(); pi++)
    colW[pi] = fmt::format("P={}", procs[pi]).size();
  for (const auto& s : scenarios) {
    for (const auto& e : eras) {
      std::vector<std::string> row;
      for (size_t pi = 0; pi < procs.size(); pi++) {
        PointValue pv = pointValue(runs, e, procs[pi], static_cast<size_t>(mi), &s);
        row.push_back(pv.skipped ? "skipped" : medianText(pv.median, pv.spread, d.unit));
        colW[pi] = std::max(colW[pi], displayWidth(row.back()));
      }
      cells.push_back(std::move(row));
    }
  }
  // the GOMAXPROCS columns in slices that fit the width, each under the scenario and era columns
  std::string out;
  for (const auto& l :
       wrapWords(fmt::format("{} ({}): {}", d.name, unitName(d.unit), d.help), width))
    out += l + "\n";
  const size_t lead = scW + 2 + erW;
  for (size_t first = 0; first < procs.size();) {
    size_t last = first, used = lead + 2 + colW[first];
    while (last + 1 < procs.size() && used + 2 + colW[last + 1] <= width)
      used += 2 + colW[++last];
    if (first > 0) out += "\n";
    out += fmt::format("{:<{}}  {:<{}}", "scenario", scW, "era", erW);
    for (size_t pi = first; pi <= last; pi++)
      out += "  " + pad(fmt::format("P={}", procs[pi]), colW[pi], true);
    out += "\n";
    size_t row = 0;
    for (const auto& sc : scenarios) {
      for (const auto& e : eras) {
        out += fmt::format("{:<{}}  {:<{}}", sc, scW, e, erW);
        for (size_t pi = first; pi <= last; pi++)
          out += "  " + pad(cells[row][pi], colW[pi], true);
        out += "\n";
        row++;
      }
    }
    first = last + 1;
  }
  return out;
}

std::string toBenchfmt(const std::vector<RunMetrics>& runs, const std::string& era,
                       const std::string& scenarioName) {
  // a benchmark name is one word: Benchmark + the scenario's name without spaces
  std::string name =
      scenarioName.rfind("Benchmark", 0) == 0 ? scenarioName : "Benchmark" + scenarioName;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '/') c = '_';
  std::vector<const RunMetrics*> mine;
  for (const auto& r : runs)
    if (r.key.era == era && r.value("ns_per_op") && r.value("bench_n")) mine.push_back(&r);
  if (mine.empty()) return "";
  std::stable_sort(mine.begin(), mine.end(), [](const RunMetrics* a, const RunMetrics* b) {
    return std::tie(a->key.procs, a->key.seed) < std::tie(b->key.procs, b->key.seed);
  });
  auto number = [](double v) {
    if (v == 0) return std::string("0");
    return std::fabs(v) >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
  };
  std::string out = fmt::format("goos: linux\ngoarch: gotimers\npkg: time\nera: {}\n", era);
  for (const RunMetrics* r : mine) {
    double n = *r->value("bench_n");
    out += fmt::format("{}-{}\t{:.0f}\t{} ns/op", name, r->key.procs, n,
                       number(*r->value("ns_per_op")));
    if (auto w = r->value("timer_locks_wait_total_ns"); w && n > 0)
      out += fmt::format("\t{} lock-wait-ns/op", number(*w / n));
    out += "\n";
  }
  return out;
}

std::string toCsv(const std::vector<RunMetrics>& runs) {
  const auto& defs = metricDefs();
  std::string out = "scenario,era,gomaxprocs,seed,exit,exit_code";
  for (const auto& d : defs)
    out += "," + d.name;
  out += "\n";
  for (const auto& r : runs) {
    out += fmt::format("{},{},{},{},{},{}", csvField(r.key.scenario), csvField(r.key.era),
                       r.key.procs, r.key.seed, csvField(r.exit), r.exitCode);
    for (size_t i = 0; i < defs.size(); i++) {
      out += ",";
      if (i < r.values.size() && r.values[i]) out += plainNumber(*r.values[i]);
    }
    out += "\n";
  }
  return out;
}

json toCompareJson(const std::vector<RunMetrics>& runs, const json& extra) {
  json j = {{"schema", "gotimers-compare"}, {"version", kCompareSchemaVersion}};
  for (auto it = extra.begin(); it != extra.end(); ++it)
    j[it.key()] = it.value();
  json defs = json::array();
  for (const auto& d : metricDefs())
    defs.push_back(
        {{"name", d.name}, {"unit", unitName(d.unit)}, {"group", d.group}, {"help", d.help}});
  j["metrics"] = std::move(defs);
  json rs = json::array();
  for (const auto& r : runs)
    rs.push_back(toJson(r));
  j["runs"] = std::move(rs);
  return j;
}

}  // namespace gotimers::metrics
