// The test runner: every simulation in the tests runs with --check (RunConfig::check).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "runtime/runtime.h"

int main(int argc, char** argv) {
  gotimers::rt::RunConfig::checkByDefault = true;
  doctest::Context ctx;
  ctx.applyCommandLine(argc, argv);
  return ctx.run();
}
