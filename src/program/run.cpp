#include "program/run.h"

#include "program/vm.h"

namespace gotimers::program {

go::ProgramResult runGoProgram(const Program& p, const go::ProgramOptions& opts,
                               const VMOptions& vo, std::string* errText,
                               std::vector<BenchResult>* bench) {
  VM vm(p, vo);
  go::ProgramResult res = go::runProgram(opts, [&vm]() { return vm.mainBody(); });
  if (vm.exitCode) {
    res.run.kind = rt::ExitKind::Normal;
    res.run.exitCode = *vm.exitCode;
    res.run.report.clear();
  }
  if (errText) *errText = vm.errText;
  if (bench) *bench = std::move(vm.benchResults);
  return res;
}

}  // namespace gotimers::program
