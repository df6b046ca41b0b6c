// libFuzzer target: load and run a scenario with --check and small limits.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::scenarioRun(data, size);
  return 0;
}
