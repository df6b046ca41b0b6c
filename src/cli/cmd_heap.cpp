// gotimers heap: the heap lab. Replays operations on one era's timer heap and prints the
// heap after each one, as an array and as a tree (or JSON with --json).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "eras/registry.h"
#include "heaplab/lab.h"

namespace gotimers::cli {

namespace {

struct HeapArgs {
  std::string era = "go1.9";
  std::string ops;
  int procs = 0;  // 0: enough for every @Pk
  bool json = false;
};

int heap(const HeapArgs& a) {
  if (!eras::findEra(a.era)) {
    return badInput(fmt::format("--era {}: unknown era '{}' (expected one of: {})", a.era, a.era,
                                eras::eraNames()));
  }
  heaplab::ParseResult parsed = heaplab::parseOps(a.ops);
  if (parsed.error) return badInput("--ops: " + parsed.error->format());
  heaplab::LabOutcome out = heaplab::runLab(parsed.ops, a.era, a.procs);
  if (out.error) return badInput("--ops: " + out.error->format());
  const heaplab::LabResult& r = *out.result;
  if (a.json) {
    std::cout << heaplab::labJson(r).dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("== heap lab on {}{} ==\n", r.era,
                           r.procs > 1 ? fmt::format(", GOMAXPROCS={}", r.procs) : "");
  for (size_t i = 0; i < r.steps.size(); i++) {
    const heaplab::LabStep& s = r.steps[i];
    std::cout << fmt::format("{}. {}{}\n", i + 1, s.op.text,
                             s.result.empty() ? "" : "   -> " + s.result);
    for (const heaplab::HeapSnap& h : s.heaps) {
      std::cout << "   " << heaplab::formatArray(h) << "\n";
      std::string tree = heaplab::formatTree(h);
      size_t b = 0;
      while (b < tree.size()) {
        size_t e = tree.find('\n', b);
        std::cout << "     " << tree.substr(b, e - b) << "\n";
        b = e + 1;
      }
    }
  }
  return 0;
}

}  // namespace

void addHeapCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<HeapArgs>();
  auto* c = app.add_subcommand(
      "heap", "The heap lab: replay timer operations on an era's heap, print it after each");
  c->add_option("--era", args->era, "Era whose heap code runs (go1.9, go1.13, go1.14, ...)");
  c->add_option("--ops", args->ops,
                "Operations separated by ';': add NAME=WHEN ...; del NAME; reset NAME=WHEN; "
                "pop; run NOW (NAME=WHEN@P2 or del NAME@P2: that call on P2)")
      ->required();
  c->add_option("--procs", args->procs,
                "GOMAXPROCS of the lab (default: enough for every @Pk, at least 1)")
      ->check(CLI::Range(1, heaplab::kMaxProcs));
  c->add_flag("--json", args->json, "Print the heap after each operation as JSON");
  c->callback([args, &st] {
    // Nothing may escape as an uncaught exception: a failure of the simulated runtime (a
    // Go throw in an era, an abnormal end of the lab program) is reported, exit status 2.
    try {
      st.exit = heap(*args);
    } catch (const std::exception& e) {
      st.exit = badInput(
          fmt::format("heap --era {}: the simulated runtime failed: {}", args->era, e.what()));
    }
  });
}

}  // namespace gotimers::cli
