// Helpers of the Go-program tests (test_program_run.cpp, test_program_lib.cpp): the
// programs in tests/programs/, loaded through gofront and run on the VM.
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "program/gofront.h"
#include "program/ir.h"
#include "program/run.h"

namespace gotimers {

inline std::string programPath(const std::string& name) {
  return std::string(GOTIMERS_SOURCE_DIR) + "/tests/programs/" + name;
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline program::Program load(const std::string& name) {
  program::FrontendResult fe = program::runFrontend(GOTIMERS_GOFRONT, programPath(name));
  REQUIRE_MESSAGE(fe.status == 0, fe.errors);
  return program::loadProgram(fe.ir);
}

inline go::ProgramResult runOn(const program::Program& p, const std::string& era, int procs = 1,
                               uint64_t seed = 1, const program::VMOptions& vo = {},
                               std::string* errText = nullptr) {
  go::ProgramOptions po;
  po.era = era;
  po.config.gomaxprocs = procs;
  po.config.seed = seed;
  po.config.timeLimit = 10 * Minute;
  return program::runGoProgram(p, po, vo, errText);
}

}  // namespace gotimers
