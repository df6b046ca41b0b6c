// gotimers trace stats|check FILE...: summarise or validate JSON Lines traces written by
// `gotimers run --trace` (schema docs/trace-schema.md).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "io/input_file.h"
#include "metrics/trace_stats.h"
#include "trace/check.h"

namespace gotimers::cli {

namespace {

struct TraceArgs {
  std::vector<std::string> files;
  bool json = false;
  size_t maxErrors = 20;
};

int check(const TraceArgs& a) {
  int status = 0;
  for (const auto& f : a.files) {
    if (std::string why = io::regularFileProblem(f); !why.empty())
      return badInput(fmt::format("{}: cannot read the trace: {}", f, why));
    std::ifstream in(f, std::ios::binary);
    if (!in) return badInput(fmt::format("{}: cannot read the trace", f));
    trace::CheckResult r = trace::checkTrace(in, f, a.maxErrors);
    for (const auto& e : r.errors)
      std::cout << e << "\n";
    if (r.ok()) {
      std::cout << fmt::format("{}: ok ({} events)\n", f, r.lines > 0 ? r.lines - 1 : 0);
    } else {
      std::cout << fmt::format("{}: {} error(s) in {} lines\n", f, r.errorCount, r.lines);
      status = 1;
    }
  }
  return status;
}

int stats(const TraceArgs& a) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& f : a.files) {
    if (std::string why = io::regularFileProblem(f); !why.empty())
      return badInput(fmt::format("{}: cannot read the trace: {}", f, why));
    std::ifstream in(f, std::ios::binary);
    if (!in) return badInput(fmt::format("{}: cannot read the trace", f));
    metrics::TraceStats s;
    std::string err;
    if (!metrics::readTraceStats(in, f, &s, &err)) return badInput(err);
    if (a.json) {
      auto j = metrics::traceStatsJson(s);
      j["file"] = f;
      all.push_back(j);
    } else {
      std::cout << f << ": " << metrics::formatTraceStats(s) << "\n";
    }
  }
  if (a.json) std::cout << all.dump(2) << "\n";
  return 0;
}

}  // namespace

void addTraceCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<TraceArgs>();
  auto* c = app.add_subcommand("trace", "Summarise or validate JSON traces (run --trace FILE)");
  c->require_subcommand(1);
  c->footer(
      "Examples:\n"
      "  gotimers run stop-storm --era go1.13 --trace ss.jsonl && gotimers trace stats ss.jsonl\n"
      "  gotimers trace check ss.jsonl\n"
      "Exit status: 0 ok, 1 a trace is not valid, 2 a file cannot be read.");
  auto* s = c->add_subcommand("stats", "Summarise traces: events by kind, timers, heaps, locks");
  s->add_option("files", args->files, "Trace files (JSON Lines)")->required();
  s->add_flag("--json", args->json, "Print the summaries as JSON");
  s->callback([args, &st] { st.exit = stats(*args); });
  auto* k = c->add_subcommand("check", "Validate traces against the schema (docs/trace-schema.md)");
  k->add_option("files", args->files, "Trace files (JSON Lines)")->required();
  k->add_option("--max-errors", args->maxErrors, "Errors to list per file")
      ->capture_default_str()
      ->check(CLI::Range(size_t{0}, size_t{1} << 20));
  k->callback([args, &st] { st.exit = check(*args); });
}

}  // namespace gotimers::cli
