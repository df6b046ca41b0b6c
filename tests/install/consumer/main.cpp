// Runs one Go-like program on every era the installed gotimers has: a timer of 10ms that
// fires, and one of 1h that is stopped. Prints a line per era: its name, when the first timer
// fired (virtual time) and what Stop returned.
#include <fmt/format.h>

#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"

using namespace gotimers;
using namespace gotimers::go;

int main() {
  for (const auto& era : eras::allEras()) {
    ProgramOptions o;
    o.era = era.name;
    int64_t firedAt = -1;
    bool stopped = false;
    auto res = runProgram(o, [&]() -> Task<void> {
      auto late = co_await time::NewTimer(time::Hour);
      auto t = co_await time::NewTimer(10 * time::Millisecond);
      go::Time v = co_await t->C.Recv();
      firedAt = v.ns;
      stopped = co_await late->Stop();
    });
    if (res.run.kind != rt::ExitKind::Normal) {
      fmt::print("{}: ended abnormally: {}\n", era.name, res.run.report);
      return 1;
    }
    fmt::print("{}: fired at {}ns, Stop returned {}\n", era.name, firedAt, stopped);
  }
  return 0;
}
