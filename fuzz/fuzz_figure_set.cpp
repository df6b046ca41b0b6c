// libFuzzer target: the calibration figure-set reader (calibrate --set FILE).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::figureSet(data, size);
  return 0;
}
