// libFuzzer target: the cost-model reader (--cost-model FILE).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::costModel(data, size);
  return 0;
}
