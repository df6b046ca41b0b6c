// libFuzzer target: the sweep results reader (compare --from FILE).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::sweepResults(data, size);
  return 0;
}
