// Running a Go program (its IR) on one era: runProgram with the VM as the main goroutine.
#pragma once
#include "go/program.h"
#include "program/ir.h"
#include "program/vm.h"

namespace gotimers::program {

// Runs p on opts' era. os.Exit(n) ends the run normally with exit status n; a panic or a
// deadlock ends it as for any program (go::runProgram).
// vo gives os.Args and the go-test selection; the program's stderr (os.Stderr, flag's
// messages) goes to *errText when given, and the benchmarks' results to *bench.
go::ProgramResult runGoProgram(const Program& p, const go::ProgramOptions& opts,
                               const VMOptions& vo = {}, std::string* errText = nullptr,
                               std::vector<BenchResult>* bench = nullptr);

}  // namespace gotimers::program
