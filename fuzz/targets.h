// The bodies of the libFuzzer targets, shared with the regression test that replays every
// input a fuzzer once crashed on (tests/unit/test_fuzz_regressions.cpp), so a fixed crash
// stays fixed in the ordinary test suite too.
//
// Contract of every target: for any input bytes, return normally. Bad input must end in a
// ScenarioError, a heap-lab ParseError or an IR LoadError (a message), a runaway program in a
// limit; anything else that escapes (another exception, a sanitizer report, a crash, a
// hang) is a bug.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "eras/registry.h"
#include "fuzz/ir_invariants.h"
#include "heaplab/lab.h"
#include "heaplab/ops.h"
#include "program/ir.h"
#include "scenario/duration.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace gotimers::fuzz {

// The scenario loader and the duration parser on arbitrary text.
inline void scenarioLoad(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string err;
  (void)scenario::parseDuration(text, &err);
  try {
    scenario::Scenario s = scenario::parseScenario("fuzz.json", text);
    (void)s.where("/main/0");
  } catch (const scenario::ScenarioError&) {
  }
}

// Loads the input and, if it is a valid scenario, runs it with --check and small limits on
// an era picked from the input's length (so every era gets inputs).
inline void scenarioRun(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  scenario::Scenario s;
  try {
    s = scenario::parseScenario("fuzz.json", text);
  } catch (const scenario::ScenarioError&) {
    return;
  }
  static const char* const kEras[] = {"go1.9", "go1.13", "go1.14@go1.14", "go1.14@go1.15",
                                      "go1.14"};
  scenario::RunOptions o;
  o.era = kEras[size % 5];
  o.check = true;
  o.timeLimit = 10 * Second;
  o.eventLimit = 20'000;
  o.limits = [](rt::RunConfig& c) {
    c.goroutineLimit = 200;
    c.timerLimit = 2'000;
    c.memoryLimit = 16 << 20;
    c.spinLimit = 10'000;
    c.wallLimitMs = 5'000;
    c.gomaxprocs = c.gomaxprocs > 8 ? 8 : c.gomaxprocs;
  };
  (void)scenario::runScenario(s, o);
}

// The heap-lab operation parser (`gotimers heap --ops TEXT`) on arbitrary text. Text that
// parses is run on every era's heap lab with --check (the era's heap checks after every heap
// operation and event) and the recorder's self-check; only inputs of at most 32 operations
// and 64 timers run, so no input runs long. A lab error (no such timer, pop on an empty heap,
// time going back) is an answer; a failed check, an abnormal end of the lab program or a
// recorder mismatch throws, which the fuzzer reports as a crash.
inline void heaplabParse(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  heaplab::ParseResult parsed = heaplab::parseOps(text);
  if (parsed.error) {
    if (!parsed.ops.empty() || parsed.error->pos > size)
      throw std::logic_error("parseOps: an error with operations, or past the end of the text");
    (void)parsed.error->format();
    return;
  }
  size_t timers = 0;
  for (const heaplab::Op& op : parsed.ops)
    timers += op.timers.size();
  if (parsed.ops.size() > 32 || timers > 64) return;
  rt::RunConfig::checkByDefault = true;  // runLab's runs are checked, as with --check
  for (const eras::EraInfo& era : eras::allEras()) {
    heaplab::LabOutcome out = heaplab::runLab(parsed.ops, era.name);
    if (out.error) {
      (void)out.error->format();
      continue;
    }
    if (out.result->mismatches != 0)
      throw std::logic_error("heap lab recorder: frames differ from the heap on " + era.name);
  }
}

// The Go program loader (src/program/ir_load.cpp) on arbitrary text as an IR document
// (docs/go-ir.md): it loads, or is refused with a LoadError ("malformed IR: ...", or an
// extern not yet in the VM). A program that loads is not run (the VM trusts the types the
// front end checked, which the loader does not re-check), but it must meet every invariant
// the VM relies on for indices (fuzz/ir_invariants.h), and every position must print.
inline void irLoad(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  program::Program p;
  try {
    p = program::loadProgram(text);
  } catch (const program::LoadError&) {
    return;
  }
  IrInvariants(p).check();
  for (size_t i = 0; i < p.positions.size(); i++)
    (void)p.where(static_cast<int32_t>(i));
}

}  // namespace gotimers::fuzz
