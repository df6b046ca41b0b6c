// libFuzzer target: the scenario loader (JSON with comments, validation, durations).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::scenarioLoad(data, size);
  return 0;
}
