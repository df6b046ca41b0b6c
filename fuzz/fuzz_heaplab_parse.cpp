// libFuzzer target: the heap-lab operation parser, and the lab on every era for what parses.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::heaplabParse(data, size);
  return 0;
}
