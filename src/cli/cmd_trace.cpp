// gotimers trace stats|check|convert FILE...: summarise, validate or convert the traces
// written by `gotimers run --trace` (schema docs/trace-schema.md): JSON Lines, or binary
// (FILE.gtb, read as the JSON Lines text it stands for).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "io/atomic_file.h"
#include "io/input_file.h"
#include "metrics/trace_stats.h"
#include "trace/binary.h"
#include "trace/check.h"

namespace gotimers::cli {

namespace {

struct TraceArgs {
  std::vector<std::string> files;
  bool json = false;
  size_t maxErrors = 20;
  std::string out;  // convert -o
};

// A trace file opened for reading: JSON Lines as it is, a binary trace as the JSON Lines text
// it stands for (decoded as it is read).
class TraceInput {
 public:
  // False with *err ("FILE: cannot read the trace: why") if the file cannot be read.
  bool open(const std::string& f, std::string* err) {
    if (std::string why = io::regularFileProblem(f); !why.empty()) {
      *err = fmt::format("{}: cannot read the trace: {}", f, why);
      return false;
    }
    file_.open(f, std::ios::binary);
    if (!file_) {
      *err = fmt::format("{}: cannot read the trace", f);
      return false;
    }
    if (trace::isBinaryTrace(file_)) {
      decoder_ = std::make_unique<trace::BinaryTraceText>(file_, f);
      text_ = std::make_unique<std::istream>(decoder_.get());
    }
    return true;
  }
  bool binary() const { return decoder_ != nullptr; }
  std::istream& text() { return text_ ? *text_ : file_; }
  // What made a binary trace unreadable ("FILE: byte N: ..."), or "".
  std::string decodeError() const { return decoder_ ? decoder_->error() : ""; }

 private:
  std::ifstream file_;
  std::unique_ptr<trace::BinaryTraceText> decoder_;
  std::unique_ptr<std::istream> text_;
};

int check(const TraceArgs& a) {
  int status = 0;
  for (const auto& f : a.files) {
    TraceInput in;
    std::string err;
    if (!in.open(f, &err)) return badInput(err);
    trace::CheckResult r = trace::checkTrace(in.text(), f, a.maxErrors);
    if (std::string bad = in.decodeError(); !bad.empty()) return badInput(bad);
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
    TraceInput in;
    std::string err;
    if (!in.open(f, &err)) return badInput(err);
    metrics::TraceStats s;
    const bool read = metrics::readTraceStats(in.text(), f, &s, &err);
    if (std::string bad = in.decodeError(); !bad.empty()) return badInput(bad);
    if (!read) return badInput(err);
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

// FILE.gtb -> FILE.jsonl (or -o OUT), written whole or not at all.
int convert(const TraceArgs& a) {
  const std::string& f = a.files.front();
  TraceInput in;
  std::string err;
  if (!in.open(f, &err)) return badInput(err);
  if (!in.binary()) {
    return badInput(fmt::format(
        "{}: already JSON Lines (expected a binary trace, written by run --trace FILE.gtb)", f));
  }
  std::string out = a.out;
  if (out.empty()) {
    const std::string ext = ".gtb";
    out = (f.size() > ext.size() && f.compare(f.size() - ext.size(), ext.size(), ext) == 0
               ? f.substr(0, f.size() - ext.size())
               : f) +
          ".jsonl";
  }
  io::AtomicWriter w;
  if (!w.open(out, &err)) return badInput(err);
  std::vector<char> chunk(1 << 20);
  std::istream& text = in.text();
  while (text.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || text.gcount() > 0)
    w.write(std::string_view(chunk.data(), static_cast<size_t>(text.gcount())));
  if (std::string bad = in.decodeError(); !bad.empty()) {
    w.abandon();
    return badInput(bad + fmt::format("; {} was not written", out));
  }
  if (!w.commit(&err)) return badInput(err);
  std::cout << fmt::format("{} -> {}\n", f, out);
  return 0;
}

}  // namespace

void addTraceCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<TraceArgs>();
  auto* c = app.add_subcommand(
      "trace", "Summarise, validate or convert traces (run --trace FILE.jsonl or FILE.gtb)");
  c->require_subcommand(1);
  c->footer(
      "Examples:\n"
      "  gotimers run stop-storm --era go1.13 --trace ss.jsonl && gotimers trace stats ss.jsonl\n"
      "  gotimers trace check ss.jsonl\n"
      "  gotimers run stop-storm --trace ss.gtb && gotimers trace convert ss.gtb  # ss.jsonl\n"
      "Exit status: 0 ok, 1 a trace is not valid, 2 a file cannot be read.");
  auto* s = c->add_subcommand("stats", "Summarise traces: events by kind, timers, heaps, locks");
  s->add_option("files", args->files, "Trace files (JSON Lines or binary .gtb)")->required();
  s->add_flag("--json", args->json, "Print the summaries as JSON");
  s->callback([args, &st] { st.exit = stats(*args); });
  auto* k = c->add_subcommand("check", "Validate traces against the schema (docs/trace-schema.md)");
  k->add_option("files", args->files, "Trace files (JSON Lines or binary .gtb)")->required();
  k->add_option("--max-errors", args->maxErrors, "Errors to list per file")
      ->capture_default_str()
      ->check(CLI::Range(size_t{0}, size_t{1} << 20));
  k->callback([args, &st] { st.exit = check(*args); });
  auto* v = c->add_subcommand(
      "convert", "Turn a binary trace (FILE.gtb) into the JSON Lines trace it stands for");
  v->add_option("file", args->files, "The binary trace")->required()->expected(1);
  v->add_option("-o,--out", args->out, "Write to OUT (default: FILE with .gtb replaced by .jsonl)");
  v->callback([args, &st] { st.exit = convert(*args); });
}

}  // namespace gotimers::cli
