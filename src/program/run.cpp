#include "program/run.h"

#include "program/vm.h"

namespace gotimers::program {

go::ProgramResult runGoProgram(const Program& p, const go::ProgramOptions& opts) {
  VM vm(p);
  go::ProgramResult res = go::runProgram(opts, [&vm]() { return vm.mainBody(); });
  if (vm.exitCode) {
    res.run.kind = rt::ExitKind::Normal;
    res.run.exitCode = *vm.exitCode;
    res.run.report.clear();
  }
  return res;
}

}  // namespace gotimers::program
