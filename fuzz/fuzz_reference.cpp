// libFuzzer target: the calibration reference reader (calibrate --reference FILE).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::reference(data, size);
  return 0;
}
