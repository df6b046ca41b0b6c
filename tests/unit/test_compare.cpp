// The comparison views: the compare table, CSV and JSON, the SVG/HTML chart, and value
// formatting. Built from hand-made RunMetrics so the expected text follows from the inputs.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <regex>
#include <sstream>
#include <tuple>

#include "metrics/chart.h"
#include "metrics/format.h"
#include "metrics/run_metrics.h"

using namespace gotimers;
using metrics::RunMetrics;
using metrics::Unit;

namespace {

RunMetrics run(const std::string& era, int procs, double nsPerOp, double threads) {
  RunMetrics m;
  m.key = {"benchmarks/x", era, procs, 1};
  m.exit = "normal exit";
  m.values.assign(metrics::metricDefs().size(), std::nullopt);
  m.values[metrics::metricIndex("ns_per_op")] = nsPerOp;
  m.values[metrics::metricIndex("threads")] = threads;
  m.values[metrics::metricIndex("heap_pushes")] = 0;
  return m;
}

std::vector<RunMetrics> grid() {
  return {run("go1.9", 1, 2000, 1), run("go1.9", 4, 8e6, 5), run("go1.14", 1, 1000, 2),
          run("go1.14", 4, 40000, 6)};
}

size_t count(const std::string& s, const std::string& sub) {
  size_t n = 0;
  for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size()))
    n++;
  return n;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string l;
  while (std::getline(ss, l))
    out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("formatValue: durations, counts, ratios, none") {
  CHECK(metrics::formatValue(0, Unit::Ns) == "0s");
  CHECK(metrics::formatValue(999, Unit::Ns) == "999ns");
  CHECK(metrics::formatValue(45.25, Unit::NsPerOp) == "45.2ns");
  CHECK(metrics::formatValue(45300, Unit::NsPerOp) == "45.3µs");
  CHECK(metrics::formatValue(1.2e6, Unit::Ns) == "1.2ms");
  CHECK(metrics::formatValue(14.54e6, Unit::Ns) == "14.5ms");
  CHECK(metrics::formatValue(3.5e9, Unit::Ns) == "3.5s");
  CHECK(metrics::formatValue(12345, Unit::Count) == "12345");
  CHECK(metrics::formatValue(12.5e6, Unit::Count) == "12.5M");
  CHECK(metrics::formatValue(1.5, Unit::Ratio) == "1.50");
  CHECK(metrics::formatValue(std::nullopt, Unit::Count) == "-");
}

TEST_CASE("compare table: rows are metrics, columns GOMAXPROCS x era, ratios to the first era") {
  auto runs = grid();
  std::string t = metrics::compareTable("X (benchmarks/x)", {"go1.9", "go1.14"}, {1, 4}, runs);
  auto ls = lines(t);
  REQUIRE(ls.size() >= 4);
  CHECK(ls[0].find("X (benchmarks/x)") == 0);
  CHECK(ls[1].find("ratios are to go1.9") != std::string::npos);
  // header: the GOMAXPROCS groups in order, then the eras under each
  CHECK(ls[2].find("GOMAXPROCS=1") < ls[2].find("GOMAXPROCS=4"));
  CHECK(count(ls[3], "go1.9") == 2);
  CHECK(count(ls[3], "go1.14") == 2);
  // the ns_per_op row: 2µs, 1µs (0.50x), 8ms, 40µs (0.0050x)
  std::string row;
  for (const auto& l : ls)
    if (l.find("  ns_per_op") == 0) row = l;
  REQUIRE_FALSE(row.empty());
  CHECK(std::regex_search(row, std::regex(R"(2µs\s+1µs 0\.50x\s+\|\s+8ms\s+40µs 0\.0050x)")));
  // threads: 1 -> 2 is 2.00x
  bool threads = false;
  for (const auto& l : ls)
    threads = threads || std::regex_search(l, std::regex(R"(^  threads\s+\|\s+1\s+2 2\.00x)"));
  CHECK(threads);
  // groups are headed, all-zero rows are left out and counted
  CHECK(t.find("\nbenchmark\n") != std::string::npos);
  CHECK(t.find("heap_pushes") == std::string::npos);
  CHECK(t.find(fmt::format("({} metrics that are zero", metrics::metricDefs().size() - 2)) !=
        std::string::npos);
  // every row has the same column separators
  for (size_t i = 3; i < ls.size(); i++) {
    if (ls[i].find('|') == std::string::npos) continue;
    CHECK(ls[i].find('|') == ls[3].find('|'));
  }
}

// Rows of a table that start with "  NAME " (the metric rows), in order.
std::vector<std::string> rowsOf(const std::string& t, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& l : lines(t))
    if (l.rfind("  " + name + " ", 0) == 0) out.push_back(l);
  return out;
}

size_t widest(const std::string& t) {
  size_t w = 0;
  for (const auto& l : lines(t)) {
    size_t n = 0;
    for (unsigned char ch : l)
      n += (ch & 0xC0) != 0x80;
    w = std::max(w, n);
  }
  return w;
}

TEST_CASE("compare table: the long layout is a table per GOMAXPROCS with the wide one's cells") {
  std::vector<RunMetrics> runs;
  std::vector<std::string> eras = {"go1.9", "go1.13", "go1.14", "go1.23"};
  std::vector<int> procs = {1, 2, 4, 8, 16};
  for (const auto& e : eras)
    for (int p : procs)
      runs.push_back(run(e, p, 1000.0 * p * (1 + (&e - &eras[0])), p + 1));
  metrics::TableOptions opt;
  opt.layout = metrics::Layout::Wide;
  std::string wide = metrics::compareTable("X", eras, procs, runs, opt);
  REQUIRE(widest(wide) > 100);
  opt.layout = metrics::Layout::Long;
  opt.width = 100;
  std::string lng = metrics::compareTable("X", eras, procs, runs, opt);
  CHECK(widest(lng) <= 100);
  // one table per GOMAXPROCS, in order, each with every row
  size_t at = 0;
  for (int p : procs) {
    size_t next = lng.find(fmt::format("GOMAXPROCS={}\n", p), at);
    REQUIRE(next != std::string::npos);
    at = next;
  }
  CHECK(rowsOf(lng, "ns_per_op").size() == procs.size());
  CHECK(rowsOf(lng, "threads").size() == procs.size());
  // the same cells: the long rows' cells, joined, are the wide row's
  auto cellsOf = [](const std::vector<std::string>& rs) {
    std::string all;
    for (const auto& r : rs) {
      std::regex sep(R"(\s*\|\s*|\s{2,})");
      std::string body = r.substr(r.find('|'));
      all += std::regex_replace(body, sep, ";");
    }
    return all;
  };
  CHECK(cellsOf(rowsOf(lng, "ns_per_op")) == cellsOf(rowsOf(wide, "ns_per_op")));
  CHECK(cellsOf(rowsOf(lng, "threads")) == cellsOf(rowsOf(wide, "threads")));
  // auto: wide when it fits, long when it does not
  opt.layout = metrics::Layout::Auto;
  opt.width = widest(wide);
  CHECK(metrics::compareTable("X", eras, procs, runs, opt) == wide);
  opt.width = widest(wide) - 1;
  std::string narrow = metrics::compareTable("X", eras, procs, runs, opt);
  CHECK(narrow != wide);
  CHECK(narrow == metrics::compareTable("X", eras, procs, runs,
                                        {{}, metrics::Layout::Long, widest(wide) - 1}));
}

TEST_CASE("compare table: eras that do not fit are split, the title shortened") {
  std::vector<std::string> eras = {"go1.9",
                                   "go1.13",
                                   "go1.14",
                                   "go1.14@go1.14",
                                   "go1.14@go1.15",
                                   "go1.14@go1.16",
                                   "go1.23",
                                   "go1.23@asynctimerchan=1",
                                   "go1.23@asynctimerchan=2"};
  std::vector<RunMetrics> runs;
  for (const auto& e : eras)
    runs.push_back(run(e, 4, 123456, 7));
  metrics::TableOptions opt{{"ns_per_op", "threads"}, metrics::Layout::Long, 80};
  std::string t = metrics::compareTable("X (x)", eras, {4}, runs, opt);
  CHECK(widest(t) <= 80);
  CHECK(lines(t)[0] == "X (x): 9 eras x GOMAXPROCS 4");
  auto ns = rowsOf(t, "ns_per_op");
  CHECK(ns.size() >= 2);
  std::vector<std::string> heads;  // the era headings, in order, over all the tables
  for (const auto& l : lines(t)) {
    if (l.rfind("metric ", 0) != 0) continue;
    std::istringstream in(l.substr(l.find('|') + 1));
    for (std::string w; in >> w;)
      heads.push_back(w);
  }
  CHECK(heads == eras);
  size_t cells = 0;
  for (const auto& r : ns)
    cells += count(r, "123µs");
  CHECK(cells == eras.size());
}

TEST_CASE("compare table: --metrics in any order shows each group heading once") {
  auto runs = grid();
  metrics::TableOptions opt;
  opt.metrics = {"threads", "ns_per_op", "context_switches", "bench_n", "wakeps"};
  std::string t = metrics::compareTable("X", {"go1.9", "go1.14"}, {1, 4}, runs, opt);
  CHECK(count(t, "\nthreads\n") == 1);
  CHECK(count(t, "\nbenchmark\n") == 1);
  // threads' rows together, in the order asked, then benchmark's
  auto ls = lines(t);
  std::vector<std::string> order;
  for (const auto& l : ls)
    if (l.rfind("  ", 0) == 0 && std::isalpha(static_cast<unsigned char>(l[2])))
      order.push_back(l.substr(2, l.find(' ', 2) - 2));
  CHECK(order ==
        std::vector<std::string>{"threads", "context_switches", "wakeps", "ns_per_op", "bench_n"});
}

TEST_CASE("compare table: --metrics picks rows in order; missing and skipped runs") {
  auto runs = grid();
  runs.pop_back();  // go1.14 at 4 Ps missing
  RunMetrics sk = metrics::skippedRun({"benchmarks/x", "go1.13", 1, 1});
  runs.push_back(sk);
  metrics::TableOptions opt;
  opt.metrics = {"threads", "ns_per_op", "heap_pushes"};
  std::string t = metrics::compareTable("X", {"go1.9", "go1.13", "go1.14"}, {1, 4}, runs, opt);
  CHECK(t.find("threads") < t.find("ns_per_op"));
  CHECK(t.find("ns_per_op") < t.find("heap_pushes"));
  CHECK(t.find("skipped") != std::string::npos);
  CHECK(t.find("metrics that are zero") == std::string::npos);
  for (const auto& l : lines(t)) {
    if (l.find("  ns_per_op") != 0) continue;
    CHECK(l.size() > 0);
    CHECK(std::regex_search(l, std::regex(R"(8ms\s+-\s+-$)")));  // go1.13, go1.14 at 4 Ps
  }
}

TEST_CASE("CSV: one row per run, a column per metric, empty cells for undefined values") {
  auto runs = grid();
  runs[0].key.scenario = "a,b";  // quoted
  std::string csv = metrics::toCsv(runs);
  auto ls = lines(csv);
  REQUIRE(ls.size() == 5);
  std::vector<std::string> header;
  std::stringstream hs(ls[0]);
  for (std::string f; std::getline(hs, f, ',');)
    header.push_back(f);
  REQUIRE(header.size() == 6 + metrics::metricDefs().size());
  CHECK(header[0] == "scenario");
  CHECK(header[2] == "gomaxprocs");
  CHECK(header[6] == "ns_per_op");
  CHECK(header.back() == metrics::metricDefs().back().name);
  CHECK(ls[1].find("\"a,b\",go1.9,1,1,normal exit,0,2000,") == 0);
  CHECK(ls[2].find("benchmarks/x,go1.9,4,1,normal exit,0,8000000,") == 0);
  // ns_per_op, bench_n (undefined: empty), ... threads
  CHECK(ls[3].find(",0,1000,,") != std::string::npos);
  size_t commas = count(ls[3], ",");
  CHECK(commas == header.size() - 1);
}

TEST_CASE("compare JSON: schema, metric definitions with units, runs") {
  auto runs = grid();
  auto j = metrics::toCompareJson(runs, {{"scenario", "benchmarks/x"}, {"gomaxprocs", {1, 4}}});
  CHECK(j["schema"] == "gotimers-compare");
  CHECK(j["version"] == metrics::kCompareSchemaVersion);
  CHECK(j["scenario"] == "benchmarks/x");
  REQUIRE(j["metrics"].size() == metrics::metricDefs().size());
  CHECK(j["metrics"][0]["name"] == "ns_per_op");
  CHECK(j["metrics"][0]["unit"] == "ns/op");
  REQUIRE(j["runs"].size() == 4);
  CHECK(j["runs"][1]["era"] == "go1.9");
  CHECK(j["runs"][1]["gomaxprocs"] == 4);
  CHECK(j["runs"][1]["metrics"]["ns_per_op"] == 8000000);
  CHECK(j["runs"][1]["metrics"]["bench_n"].is_null());
  // a round trip through text gives the same runs back
  auto back = metrics::fromJson(nlohmann::json::parse(j["runs"][3].dump()));
  CHECK(*back.value("ns_per_op") == 40000);
}

TEST_CASE("niceTicks: round steps covering the range") {
  auto t = metrics::niceTicks(0, 14.5, 6);
  REQUIRE(t.size() >= 3);
  CHECK(t.front() <= 0);
  CHECK(t.back() >= 14.5);
  double step = t[1] - t[0];
  for (size_t i = 1; i < t.size(); i++)
    CHECK(t[i] - t[i - 1] == doctest::Approx(step));
  double mant = step / std::pow(10, std::floor(std::log10(step)));
  CHECK((mant == doctest::Approx(1) || mant == doctest::Approx(2) || mant == doctest::Approx(2.5) ||
         mant == doctest::Approx(5)));
  CHECK(metrics::niceTicks(0, 1, 6) == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1});
  CHECK(metrics::niceTicks(5, 5).size() >= 2);  // a flat series still gets an axis
}

TEST_CASE("chart: title, axes with units, one polyline per era, legend in era order") {
  auto runs = grid();
  auto spec = metrics::compareChart("BenchmarkX", "benchmarks/x", {1}, {"go1.9", "go1.14"}, {1, 4},
                                    runs, "ns_per_op", false);
  CHECK_FALSE(spec.logX);  // 1..4 spans less than 8x
  std::string svg = metrics::renderSvg(spec);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(count(svg, "<g") == count(svg, "</g>"));
  CHECK(std::regex_search(svg, std::regex("class=\"title\"[^>]*>BenchmarkX — virtual time per "
                                          "benchmark op, by GOMAXPROCS</text>")));
  CHECK(svg.find("class=\"subtitle\"") != std::string::npos);
  // the y axis is in ms (largest value 8ms), the x axis is GOMAXPROCS with a tick per value
  CHECK(svg.find(">virtual time per benchmark op (ms/op)</text>") != std::string::npos);
  CHECK(svg.find(">GOMAXPROCS</text>") != std::string::npos);
  auto xAxis = svg.substr(svg.find("<g class=\"x-axis\""));
  xAxis = xAxis.substr(0, xAxis.find("<text class=\"axis-label\""));
  CHECK(count(xAxis, "class=\"tick\"") == 2);
  CHECK(xAxis.find(">1</text>") != std::string::npos);
  CHECK(xAxis.find(">4</text>") != std::string::npos);
  CHECK(count(svg, "<g class=\"series\"") == 2);
  CHECK(count(svg, "<polyline") == 2);
  CHECK(svg.find("data-name=\"go1.9\"") < svg.find("data-name=\"go1.14\""));
  // each polyline has one point per GOMAXPROCS
  std::smatch m;
  std::string rest = svg;
  while (std::regex_search(rest, m, std::regex("<polyline points=\"([^\"]*)\""))) {
    CHECK(count(m[1].str(), ",") == 2);
    rest = m.suffix();
  }
  auto legend = svg.substr(svg.find("<g class=\"legend\""));
  CHECK(count(legend, "class=\"legend-entry\"") == 2);
  CHECK(legend.find(">go1.9</text>") < legend.find(">go1.14</text>"));
  // tooltips carry the formatted values
  CHECK(svg.find("<title>go1.14, GOMAXPROCS 4: 40µs</title>") != std::string::npos);
}

TEST_CASE("chart: log scales, missing points, HTML with a data table") {
  auto runs = grid();
  runs.pop_back();  // go1.14 at 8 Ps: no value
  runs.push_back(run("go1.9", 8, 9e6, 9));
  auto spec = metrics::compareChart("BenchmarkX", "benchmarks/x", {1}, {"go1.9", "go1.14"},
                                    {1, 4, 8}, runs, "ns_per_op", true);
  CHECK(spec.logX);  // powers of two spanning 8x
  std::string svg = metrics::renderSvg(spec);
  CHECK(svg.find("(ms/op, log scale)") != std::string::npos);
  CHECK(svg.find("GOMAXPROCS (log scale)") != std::string::npos);
  CHECK(count(svg, "<polyline") == 2);
  std::smatch m;
  REQUIRE(std::regex_search(svg, m,
                            std::regex("data-name=\"go1.14\">\\n<polyline points=\"([^\"]*)\"")));
  CHECK(count(m[1].str(), ",") == 1);  // only GOMAXPROCS=1 has a value
  // decades on the log axis: 0.001 .. 10 ms covers 1µs .. 9ms
  auto yAxis = svg.substr(svg.find("<g class=\"y-axis\""));
  CHECK(yAxis.find(">0.001</text>") != std::string::npos);
  CHECK(yAxis.find(">10</text>") != std::string::npos);

  std::string html = metrics::renderHtml(spec, "ns_per_op (ns/op): what it is.");
  CHECK(html.find("<!DOCTYPE html>") == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<p class=\"note\">ns_per_op (ns/op): what it is.</p>") != std::string::npos);
  auto table = html.substr(html.find("<table"));
  CHECK(count(table, "<tr>") == 4);  // header + GOMAXPROCS 1, 4, 8
  CHECK(table.find("<th>go1.9</th><th>go1.14</th>") != std::string::npos);
  CHECK(table.find("<tr><th>8</th><td>9ms</td><td>-</td></tr>") != std::string::npos);
}

TEST_CASE(
    "chart: a log scale says which values <= 0 it leaves out, never drops a series silently") {
  // lock waits: go1.9 waits at 4 Ps only, go1.14 never
  std::vector<RunMetrics> runs;
  for (auto [era, p, wait] : {std::tuple{"go1.9", 1, 0.0},
                              {"go1.9", 4, 5e5},
                              {"go1.9", 8, 9e5},
                              {"go1.14", 1, 0.0},
                              {"go1.14", 4, 0.0},
                              {"go1.14", 8, 0.0}}) {
    RunMetrics r = run(era, p, 1000, 1);
    r.values[metrics::metricIndex("timer_locks_wait_total_ns")] = wait;
    runs.push_back(r);
  }
  auto spec = metrics::compareChart("BenchmarkX", "benchmarks/x", {1}, {"go1.9", "go1.14"},
                                    {1, 4, 8}, runs, "timer_locks_wait_total_ns", true);
  CHECK(metrics::logYOmissions(spec) ==
        std::vector<std::string>{"go1.9 at GOMAXPROCS 1", "go1.14 (every point)"});
  std::string svg = metrics::renderSvg(spec);
  CHECK(svg.find("log scale: values &lt;= 0 not drawn: go1.9 at GOMAXPROCS 1; go1.14 (every "
                 "point)") != std::string::npos);
  CHECK(svg.find(">go1.14 (not drawn)</text>") != std::string::npos);
  CHECK(svg.find(">go1.9</text>") != std::string::npos);  // drawn: no mark
  // a linear scale draws zeros: nothing to say
  spec.logY = false;
  CHECK(metrics::logYOmissions(spec).empty());
  CHECK(metrics::renderSvg(spec).find("not drawn") == std::string::npos);
}

TEST_CASE("chart: a latency benchmark charts lateness by default, other benchmarks ns/op") {
  std::vector<RunMetrics> runs = grid();
  CHECK(metrics::defaultChartMetric("BenchmarkStop", runs) == "ns_per_op");
  // no lateness measured: ns/op even for a ...Latency name
  CHECK(metrics::defaultChartMetric("BenchmarkParallelTimerLatency", runs) == "ns_per_op");
  for (auto& r : runs)
    r.values[metrics::metricIndex("lateness_p99_ns")] = 1e6;
  CHECK(metrics::defaultChartMetric("BenchmarkParallelTimerLatency", runs) == "lateness_p99_ns");
  CHECK(metrics::defaultChartMetric("BenchmarkStaggeredTickerLatency", runs) == "lateness_p99_ns");
  CHECK(metrics::defaultChartMetric("BenchmarkStop", runs) == "ns_per_op");
  // Go's own latency benchmark (compare --bench): ns/op 0, its avg-late-ns reported
  std::vector<RunMetrics> goRuns = runs;
  for (auto& r : goRuns)
    r.values[metrics::metricIndex("avg_late_ns")] = 7e6;
  CHECK(metrics::defaultChartMetric("go1.16", goRuns) == "avg_late_ns");
  // not a benchmark: lateness
  for (auto& r : runs)
    r.values[metrics::metricIndex("ns_per_op")] = std::nullopt;
  CHECK(metrics::defaultChartMetric("after-in-loop", runs) == "lateness_p99_ns");
}

TEST_CASE("compare table: several seeds per point show the median, ± the farthest seed") {
  // go1.9 at 4 Ps: 4, 5, 9 ms (median 5ms, farthest 9ms: +80%); go1.14: 40µs each seed
  std::vector<RunMetrics> runs;
  double slow[] = {4e6, 5e6, 9e6};
  for (uint64_t seed = 1; seed <= 3; seed++) {
    RunMetrics a = run("go1.9", 4, slow[seed - 1], 5), b = run("go1.14", 4, 40000, 6);
    a.key.seed = b.key.seed = seed;
    runs.push_back(a);
    runs.push_back(b);
  }
  auto pv = metrics::pointValue(runs, "go1.9", 4, metrics::metricIndex("ns_per_op"));
  CHECK(pv.runs == 3);
  CHECK(*pv.median == 5e6);
  CHECK(pv.spread == doctest::Approx(0.8));
  CHECK(metrics::pointValue(runs, "go1.14", 4, metrics::metricIndex("ns_per_op")).spread == 0);
  std::string t = metrics::compareTable("X", {"go1.9", "go1.14"}, {4}, runs);
  CHECK(lines(t)[1].find("3 seeds: medians") != std::string::npos);
  // the ratio is of the medians: 40µs / 5ms
  CHECK(std::regex_search(t, std::regex(R"(  ns_per_op +\| +5ms ±80% +40µs 0\.0080x)")));
  // an even number of seeds: the mean of the middle two
  runs.pop_back();
  runs.pop_back();
  CHECK(*metrics::pointValue(runs, "go1.9", 4, metrics::metricIndex("ns_per_op")).median == 4.5e6);
  // the chart draws the median too
  auto spec = metrics::compareChart("X", "x", {1, 2, 3}, {"go1.9", "go1.14"}, {4}, runs,
                                    "ns_per_op", false);
  CHECK(spec.series[0].points[0].second == 4.5e6);
  CHECK(spec.subtitle.find("median of seeds 1,2,3") != std::string::npos);
}

TEST_CASE("sweep table: GOMAXPROCS columns that do not fit go on to a further table") {
  std::vector<RunMetrics> runs;
  std::vector<int> procs;
  for (int p = 1; p <= 16; p++) {
    procs.push_back(p);
    for (const char* e : {"go1.9", "go1.14"}) {
      RunMetrics r = run(e, p, 1234567.0 * p, 2);
      r.key.scenario = "stop";
      runs.push_back(r);
    }
  }
  std::string t = metrics::sweepTable(runs, {"stop"}, {"go1.9", "go1.14"}, procs, "ns_per_op", 60);
  CHECK(widest(t) <= 60);
  for (int p = 1; p <= 16; p++)  // each GOMAXPROCS heads one column
    CHECK(count(t, fmt::format(" P={} ", p)) + count(t, fmt::format(" P={}\n", p)) == 1);
  CHECK(count(t, "scenario  era") > 1);
  CHECK(count(t, "\nstop      go1.9 ") == count(t, "scenario  era"));
  // wide enough: one table
  CHECK(count(metrics::sweepTable(runs, {"stop"}, {"go1.9", "go1.14"}, procs, "ns_per_op", 400),
              "scenario  era") == 1);
}

TEST_CASE("chart and sweep table over several seeds: a band from the lowest to the highest seed") {
  // go1.9: 4, 5, 9 ms at 4 Ps and 1ms at 1 P; go1.14: the same 40µs for every seed
  std::vector<RunMetrics> runs;
  double slow[] = {4e6, 5e6, 9e6};
  for (uint64_t seed = 1; seed <= 3; seed++) {
    for (RunMetrics r : {run("go1.9", 4, slow[seed - 1], 5), run("go1.9", 1, 1e6, 1),
                         run("go1.14", 4, 40000, 6), run("go1.14", 1, 40000, 1)}) {
      r.key.seed = seed;
      r.key.scenario = "stop";
      runs.push_back(r);
    }
  }
  auto spec = metrics::compareChart("X", "x", {1, 2, 3}, {"go1.9", "go1.14"}, {1, 4}, runs,
                                    "ns_per_op", false);
  REQUIRE(spec.series[0].range.size() == 2);
  CHECK(spec.series[0].range[1] == std::pair(4e6, 9e6));
  std::string svg = metrics::renderSvg(spec);
  CHECK(count(svg, "<polygon class=\"band\"") == 1);  // go1.14's seeds agree: no band
  CHECK(svg.find("go1.9: lowest to highest seed") != std::string::npos);
  // the y axis reaches the highest seed, not just the median: a tick at 8ms or above
  CHECK(std::regex_search(svg, std::regex(R"(>(8|9|10)</text>)")));
  // the sweep table: medians with the spread, as compare's
  std::string t = metrics::sweepTable(runs, {"stop"}, {"go1.9", "go1.14"}, {1, 4}, "ns_per_op");
  CHECK(std::regex_search(t, std::regex(R"(stop +go1\.9 +1ms +5ms ±80%)")));
  CHECK(std::regex_search(t, std::regex(R"(stop +go1\.14 +40µs +40µs\n)")));
}

TEST_CASE("benchfmt: Go's benchmark lines per era, GOMAXPROCS then seed, with config lines") {
  std::vector<RunMetrics> runs;
  for (uint64_t seed : {2, 1})
    for (int p : {4, 1}) {
      RunMetrics r = run("go1.9", p, 1000.0 * p + double(seed), 1);
      r.key.seed = seed;
      r.values[metrics::metricIndex("bench_n")] = p;
      r.values[metrics::metricIndex("timer_locks_wait_total_ns")] = 8.0 * p;
      runs.push_back(r);
    }
  runs.push_back(run("go1.14", 1, 500, 1));  // another era: not in go1.9's file
  std::string t = metrics::toBenchfmt(runs, "go1.9", "BenchmarkStop");
  CHECK(t ==
        "goos: linux\ngoarch: gotimers\npkg: time\nera: go1.9\n"
        "BenchmarkStop-1\t1\t1001 ns/op\t8.00 lock-wait-ns/op\n"
        "BenchmarkStop-1\t1\t1002 ns/op\t8.00 lock-wait-ns/op\n"
        "BenchmarkStop-4\t4\t4001 ns/op\t8.00 lock-wait-ns/op\n"
        "BenchmarkStop-4\t4\t4002 ns/op\t8.00 lock-wait-ns/op\n");
  // a name that is not a benchmark's gets the prefix, spaces become _
  CHECK(metrics::toBenchfmt(runs, "go1.9", "stop storm").find("\nBenchmarkstop_storm-1\t") !=
        std::string::npos);
  // no benchmark region: nothing to write
  RunMetrics plain = run("go1.9", 1, 0, 1);
  plain.values[metrics::metricIndex("ns_per_op")] = std::nullopt;
  CHECK(metrics::toBenchfmt({plain}, "go1.9", "X").empty());
}
