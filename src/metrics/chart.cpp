#include "metrics/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "metrics/format.h"

namespace gotimers::metrics {

namespace {

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
constexpr const char* kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                   "#E69F00", "#56B4E9", "#000000", "#999999"};
constexpr size_t kNumColors = sizeof(kColors) / sizeof(kColors[0]);

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double niceNum(double x, bool round) {
  double e = std::floor(std::log10(x));
  double f = x / std::pow(10, e);
  double nf;
  if (round) {
    nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
  } else {
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  }
  return nf * std::pow(10, e);
}

// The display unit of an axis: values are divided by `div` and the label gets `suffix`.
struct AxisUnit {
  double div = 1;
  std::string suffix;
};

AxisUnit axisUnit(Unit u, double maxAbs) {
  switch (u) {
    case Unit::Ns:
    case Unit::NsPerOp: {
      std::string per = u == Unit::NsPerOp ? "/op" : "";
      if (maxAbs >= 1e9) return {1e9, "s" + per};
      if (maxAbs >= 1e6) return {1e6, "ms" + per};
      if (maxAbs >= 1e3) return {1e3, "µs" + per};
      return {1, "ns" + per};
    }
    case Unit::Count:
      if (maxAbs >= 1e9) return {1e9, "billions"};
      if (maxAbs >= 1e6) return {1e6, "millions"};
      if (maxAbs >= 1e4) return {1e3, "thousands"};
      return {1, "count"};
    case Unit::Ratio:
      return {1, "ratio"};
  }
  return {};
}

// A tick label with as many decimals as the tick step needs.
std::string tickLabel(double v, double step) {
  int dec = step > 0 ? std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9))) : 0;
  if (std::fabs(v) < step * 1e-6) v = 0;
  std::string s = fmt::format("{:.{}f}", v, std::min(dec, 6));
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

struct Scale {
  double lo, hi;  // domain (after log transform when log)
  double p0, p1;  // pixel range
  bool log;
  double logBase;
  double t(double v) const { return log ? std::log(v) / std::log(logBase) : v; }
  double px(double v) const { return p0 + (t(v) - lo) / (hi - lo) * (p1 - p0); }
};

}  // namespace

std::vector<double> niceTicks(double lo, double hi, int target) {
  if (!(hi > lo)) {
    double d = lo == 0 ? 1 : std::fabs(lo) * 0.5;
    lo -= d;
    hi += d;
  }
  double range = niceNum(hi - lo, false);
  double step = niceNum(range / std::max(target - 1, 1), true);
  // k * step, rounded to the step's decimals so that 3 * 0.2 prints and compares as 0.6
  double scale = std::pow(10, std::max(0.0, 1 - std::floor(std::log10(step))));
  std::vector<double> ticks;
  for (double k = std::floor(lo / step); k <= std::ceil(hi / step); k++)
    ticks.push_back(std::round(k * step * scale) / scale + 0.0);
  return ticks;
}

namespace {
// With logY, the x values of s's points a log scale cannot draw (a value <= 0), and whether it
// draws any point at all.
struct LogYGaps {
  std::vector<std::string> xs;
  bool drawsNone = false;
};
LogYGaps logYGaps(const ChartSpec& spec, const ChartSeries& s) {
  LogYGaps g;
  if (!spec.logY) return g;
  size_t drawn = 0;
  for (const auto& [x, y] : s.points) {
    if (!y || (spec.logX && x <= 0)) continue;
    if (*y <= 0) {
      g.xs.push_back(tickLabel(x, 1));
    } else {
      drawn++;
    }
  }
  g.drawsNone = !g.xs.empty() && drawn == 0;
  return g;
}
}  // namespace

std::vector<std::string> logYOmissions(const ChartSpec& spec) {
  std::vector<std::string> out;
  for (const auto& s : spec.series) {
    LogYGaps g = logYGaps(spec, s);
    if (g.xs.empty()) continue;
    out.push_back(g.drawsNone
                      ? fmt::format("{} (every point)", s.name)
                      : fmt::format("{} at {} {}", s.name, spec.xLabel, fmt::join(g.xs, ", ")));
  }
  return out;
}

std::string defaultChartMetric(const std::string& scenarioName,
                               const std::vector<RunMetrics>& runs) {
  bool bench = !runs.empty(), late = false, goLate = !runs.empty();
  for (const auto& r : runs) {
    bench = bench && (r.skipped() || r.value("ns_per_op").has_value());
    late = late || r.value("lateness_p99_ns").has_value();
    goLate = goLate && (r.skipped() || r.value("avg_late_ns").has_value());
  }
  // Go's own latency benchmarks (compare --bench) report ns/op 0 and their lateness
  if (goLate) return "avg_late_ns";
  bool latency =
      scenarioName.size() >= 7 && scenarioName.compare(scenarioName.size() - 7, 7, "Latency") == 0;
  if (bench && !(latency && late)) return "ns_per_op";
  return "lateness_p99_ns";
}

std::string renderSvg(const ChartSpec& spec) {
  const double W = spec.width, H = spec.height;
  const double left = 84, right = 170, top = 74, bottom = 64;
  const double x0 = left, x1 = W - right, y0 = H - bottom, y1 = top;

  // data extents
  std::set<double> xs;
  double ymin = INFINITY, ymax = -INFINITY;
  for (const auto& s : spec.series) {
    for (const auto& [x, y] : s.points) {
      if (spec.logX && x <= 0) continue;
      xs.insert(x);
      if (!y || (spec.logY && *y <= 0)) continue;
      ymin = std::min(ymin, *y);
      ymax = std::max(ymax, *y);
    }
    for (const auto& r : s.range) {  // the band over seeds must fit too
      if (!r || (spec.logY && r->first <= 0)) continue;
      ymin = std::min(ymin, r->first);
      ymax = std::max(ymax, r->second);
    }
  }
  if (xs.empty()) xs.insert(spec.logX ? 1 : 0);
  if (!(ymax >= ymin)) {
    ymin = spec.logY ? 1 : 0;
    ymax = spec.logY ? 10 : 1;
  }
  AxisUnit yu = axisUnit(spec.yUnit, std::max(std::fabs(ymin), std::fabs(ymax)));

  // y scale and ticks (in display units)
  std::vector<double> yticks;
  double ystep = 0;
  Scale ys{};
  if (spec.logY) {
    double lo = std::floor(std::log10(ymin / yu.div)), hi = std::ceil(std::log10(ymax / yu.div));
    if (hi <= lo) hi = lo + 1;
    for (double e = lo; e <= hi + 1e-9; e++) {
      yticks.push_back(std::pow(10, e));
      if (hi - lo <= 2 && e < hi) {
        yticks.push_back(2 * std::pow(10, e));
        yticks.push_back(5 * std::pow(10, e));
      }
    }
    std::sort(yticks.begin(), yticks.end());
    ys = {lo, hi, y0, y1, true, 10};
  } else {
    yticks = niceTicks(std::min(0.0, ymin / yu.div), ymax / yu.div, 6);
    ystep = yticks.size() > 1 ? yticks[1] - yticks[0] : 1;
    ys = {yticks.front(), yticks.back(), y0, y1, false, 10};
  }

  // x scale and ticks: the data's x values when few, nice ticks otherwise
  std::vector<double> xticks;
  double xlo = *xs.begin(), xhi = *xs.rbegin();
  const double pad = 18;  // keeps end markers off the frame
  Scale xsc{};
  if (spec.logX) {
    xticks.assign(xs.begin(), xs.end());
    double lo = std::log2(xlo), hi = std::log2(xhi);
    if (hi <= lo) {
      lo -= 1;
      hi += 1;
    }
    xsc = {lo, hi, x0 + pad, x1 - pad, true, 2};
  } else {
    if (xs.size() <= 16) {
      xticks.assign(xs.begin(), xs.end());
    } else {
      xticks = niceTicks(xlo, xhi, 8);
      xlo = std::min(xlo, xticks.front());
      xhi = std::max(xhi, xticks.back());
    }
    if (xhi <= xlo) {
      xlo -= 1;
      xhi += 1;
    }
    xsc = {xlo, xhi, x0 + pad, x1 - pad, false, 10};
  }
  double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1;

  std::string o;
  o += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"Helvetica, Arial, sans-serif\" "
      "role=\"img\" aria-label=\"{2}\">\n",
      spec.width, spec.height, esc(spec.title));
  o += fmt::format("<title>{}</title>\n", esc(spec.title));
  o +=
      fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", spec.width, spec.height);
  // shrink a long title to fit (about 0.6 em per character in Helvetica bold)
  double titleSize =
      std::clamp((W - x0 - 16) / (0.6 * static_cast<double>(spec.title.size())), 12.0, 19.0);
  o += fmt::format(
      "<text class=\"title\" x=\"{}\" y=\"30\" font-size=\"{:.0f}\" font-weight=\"bold\" "
      "fill=\"#222\">{}</text>\n",
      x0, titleSize, esc(spec.title));
  if (!spec.subtitle.empty()) {
    o += fmt::format(
        "<text class=\"subtitle\" x=\"{}\" y=\"52\" font-size=\"13\" fill=\"#555\">{}</text>\n", x0,
        esc(spec.subtitle));
  }
  // a log scale cannot draw values <= 0: say which are left out, rather than drop them silently
  std::vector<std::string> omitted = logYOmissions(spec);
  if (!omitted.empty()) {
    o += fmt::format(
        "<text class=\"omitted\" x=\"{}\" y=\"68\" font-size=\"12\" fill=\"#b00\">log "
        "scale: values &lt;= 0 not drawn: {}</text>\n",
        x0, esc(fmt::format("{}", fmt::join(omitted, "; "))));
  }

  // y axis: grid lines, ticks, labels
  o += "<g class=\"y-axis\" font-size=\"12\" fill=\"#333\">\n";
  for (double v : yticks) {
    double y = ys.px(v);
    if (y < y1 - 0.5 || y > y0 + 0.5) continue;
    std::string label = spec.logY ? tickLabel(v, v) : tickLabel(v, ystep);
    o += fmt::format(
        "<g class=\"tick\"><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
        "stroke=\"#e3e3e3\"/><text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text></g>\n",
        x0, y, x1, y, x0 - 8, y + 4, label);
  }
  std::string ylabel = spec.yLabel + " (" + yu.suffix + (spec.logY ? ", log scale" : "") + ")";
  o += fmt::format(
      "<text class=\"axis-label\" transform=\"translate(22,{:.1f}) rotate(-90)\" "
      "text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">{}</text>\n",
      (y0 + y1) / 2, esc(ylabel));
  o += "</g>\n";

  // x axis
  o += "<g class=\"x-axis\" font-size=\"12\" fill=\"#333\">\n";
  for (double v : xticks) {
    double x = xsc.px(v);
    o += fmt::format(
        "<g class=\"tick\"><line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
        "stroke=\"#333\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" "
        "text-anchor=\"middle\">{4}</text></g>\n",
        x, y0, y0 + 5, y0 + 20, tickLabel(v, spec.logX ? 1 : xstep));
  }
  o += fmt::format(
      "<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
      "font-size=\"13\" fill=\"#222\">{}</text>\n",
      (x0 + x1) / 2, H - 18, esc(spec.xLabel + (spec.logX ? " (log scale)" : "")));
  o += "</g>\n";
  // frame: the axes themselves
  o += fmt::format(
      "<path class=\"frame\" d=\"M{0:.1f},{1:.1f} V{2:.1f} H{3:.1f}\" fill=\"none\" "
      "stroke=\"#333\"/>\n",
      x0, y1, y0, x1);

  // series
  auto marker = [](size_t i, double x, double y, const char* color) {
    switch (i % 4) {
      case 0:
        return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\" fill=\"{}\"", x, y,
                           color);
      case 1:
        return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"8\" height=\"8\" fill=\"{}\"",
                           x - 4, y - 4, color);
      case 2:
        return fmt::format("<path d=\"M{:.1f},{:.1f} l5,9 h-10 z\" fill=\"{}\"", x, y - 5.5, color);
      default:
        return fmt::format("<path d=\"M{:.1f},{:.1f} l5,5 l-5,5 l-5,-5 z\" fill=\"{}\"", x, y - 5,
                           color);
    }
  };
  for (size_t si = 0; si < spec.series.size(); si++) {
    const ChartSeries& s = spec.series[si];
    const char* color = kColors[si % kNumColors];
    o += fmt::format("<g class=\"series\" data-name=\"{}\">\n", esc(s.name));
    std::string pts, marks;
    // the band over seeds: a polygon along the highest values and back along the lowest,
    // drawn only where some point's seeds differ
    bool band = false;
    std::string upper, lower;
    for (size_t pi = 0; pi < s.range.size() && pi < s.points.size(); pi++) {
      const auto& r = s.range[pi];
      double x = s.points[pi].first;
      if (!r || (spec.logX && x <= 0) || (spec.logY && r->first <= 0)) continue;
      band = band || r->second > r->first;
      double px = xsc.px(x);
      upper +=
          fmt::format("{}{:.1f},{:.1f}", upper.empty() ? "" : " ", px, ys.px(r->second / yu.div));
      lower = fmt::format("{:.1f},{:.1f}", px, ys.px(r->first / yu.div)) +
              (lower.empty() ? "" : " ") + lower;
    }
    if (band) {
      o += fmt::format(
          "<polygon class=\"band\" points=\"{} {}\" fill=\"{}\" fill-opacity=\"0.15\" "
          "stroke=\"none\"><title>{}: lowest to highest seed</title></polygon>\n",
          upper, lower, color, esc(s.name));
    }
    for (const auto& [x, y] : s.points) {
      if (!y || (spec.logX && x <= 0) || (spec.logY && *y <= 0)) continue;
      double px = xsc.px(x), py = ys.px(*y / yu.div);
      pts += fmt::format("{}{:.1f},{:.1f}", pts.empty() ? "" : " ", px, py);
      marks += marker(si, px, py, color) + fmt::format("><title>{}, {} {}: {}</title></{}>\n",
                                                       esc(s.name), esc(spec.xLabel),
                                                       tickLabel(x, 1), formatValue(*y, spec.yUnit),
                                                       si % 4 == 0   ? "circle"
                                                       : si % 4 == 1 ? "rect"
                                                                     : "path");
    }
    o += fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
        "stroke-linejoin=\"round\"/>\n",
        pts, color);
    o += marks + "</g>\n";
  }

  // legend, right of the plot
  o += "<g class=\"legend\" font-size=\"13\" fill=\"#222\">\n";
  double ly = y1 + 8;
  for (size_t si = 0; si < spec.series.size(); si++) {
    const char* color = kColors[si % kNumColors];
    double y = ly + 24.0 * static_cast<double>(si);
    double lx = x1 + 18;
    std::string m = marker(si, lx + 14, y, color) + "/>";
    o += fmt::format(
        "<g class=\"legend-entry\"><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
        "stroke=\"{}\" stroke-width=\"2.5\"/>{}<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text></g>\n",
        lx, y, lx + 28, y, color, m, lx + 36, y + 4.5,
        esc(spec.series[si].name +
            (logYGaps(spec, spec.series[si]).drawsNone ? " (not drawn)" : "")));
  }
  o += "</g>\n</svg>\n";
  return o;
}

ChartSpec compareChart(const std::string& scenarioName, const std::string& scenarioId,
                       const std::vector<uint64_t>& seeds, const std::vector<std::string>& eras,
                       const std::vector<int>& procs, const std::vector<RunMetrics>& runs,
                       const std::string& metric, bool logY) {
  int mi = metricIndex(metric);
  const MetricDef& d = metricDefs().at(static_cast<size_t>(mi < 0 ? 0 : mi));
  ChartSpec c;
  c.title = fmt::format("{} — {}, by GOMAXPROCS", scenarioName, d.axisLabel());
  c.subtitle =
      fmt::format("{} · metric {} · {} · simulated (virtual time)", scenarioId, d.name,
                  seeds.size() == 1 ? fmt::format("seed {}", seeds.front())
                                    : fmt::format("median of seeds {}", fmt::join(seeds, ",")));
  c.xLabel = "GOMAXPROCS";
  c.yLabel = d.axisLabel();
  c.yUnit = d.unit;
  c.logY = logY;
  bool pow2 = !procs.empty();
  int lo = procs.empty() ? 1 : procs.front(), hi = lo;
  for (int p : procs) {
    pow2 = pow2 && p > 0 && (p & (p - 1)) == 0;
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  }
  c.logX = pow2 && hi >= 8 * lo;
  for (const auto& e : eras) {
    ChartSeries s{e, {}, {}};
    for (int p : procs) {
      PointValue pv;  // the median over the point's seeds, and their range
      if (mi >= 0) pv = pointValue(runs, e, p, static_cast<size_t>(mi));
      s.points.emplace_back(p, pv.median);
      s.range.push_back(pv.min && pv.max ? std::optional(std::pair(*pv.min, *pv.max))
                                         : std::nullopt);
    }
    c.series.push_back(std::move(s));
  }
  return c;
}

std::string renderHtml(const ChartSpec& spec, const std::string& note) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  esc(spec.title) +
                  "</title>\n<style>\n"
                  "body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; }\n"
                  "table { border-collapse: collapse; margin-top: 16px; font-size: 14px; }\n"
                  "th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }\n"
                  "th { background: #f3f3f3; }\n"
                  "p.note { color: #555; max-width: 900px; }\n"
                  "figure { margin: 0; }\n"
                  "</style>\n</head>\n<body>\n<figure>\n";
  o += renderSvg(spec);
  o += "</figure>\n";
  if (!note.empty()) o += "<p class=\"note\">" + esc(note) + "</p>\n";
  // the plotted numbers: one row per x, one column per series
  std::set<double> xs;
  for (const auto& s : spec.series)
    for (const auto& pt : s.points)
      xs.insert(pt.first);
  o += "<table class=\"data\">\n<thead><tr><th>" + esc(spec.xLabel) + "</th>";
  for (const auto& s : spec.series)
    o += "<th>" + esc(s.name) + "</th>";
  o += "</tr></thead>\n<tbody>\n";
  for (double x : xs) {
    o += "<tr><th>" + tickLabel(x, 1) + "</th>";
    for (const auto& s : spec.series) {
      std::optional<double> y;
      for (const auto& pt : s.points)
        if (pt.first == x) y = pt.second;
      o += "<td>" + esc(formatValue(y, spec.yUnit)) + "</td>";
    }
    o += "</tr>\n";
  }
  o += "</tbody>\n</table>\n</body>\n</html>\n";
  return o;
}

}  // namespace gotimers::metrics
