// libFuzzer target: the trace readers (trace check and trace stats).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::traceRead(data, size);
  return 0;
}
