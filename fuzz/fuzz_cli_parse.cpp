// libFuzzer target: the command line, parsed and validated without running a command.
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gotimers::fuzz::cliParse(data, size);
  return 0;
}
