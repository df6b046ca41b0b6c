// The eras gotimers can run, by name ("go1.9", "go1.13", ...), with their version options.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/timer_backend.h"

namespace gotimers::eras {

using EraFactory = std::function<std::unique_ptr<rt::TimerBackend>(rt::Runtime&)>;

struct EraInfo {
  std::string name;     // what --era takes
  std::string summary;  // one line for --help and `gotimers eras`
  int goMinor;          // the Go 1.N whose rules it follows (its runtime's goMinor())
  EraFactory make;
};

const std::vector<EraInfo>& allEras();
// The factory for name, or nullptr.
const EraInfo* findEra(const std::string& name);
// "go1.9, go1.13, ..." for error messages.
std::string eraNames();

}  // namespace gotimers::eras
