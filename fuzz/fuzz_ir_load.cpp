// libFuzzer target: the Go program loader (the IR gofront writes, docs/go-ir.md).
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::irLoad(data, size);
  return 0;
}
