#include "eras/registry.h"

#include "eras/go1_13/go1_13.h"
#include "eras/go1_9/go1_9.h"

namespace gotimers::eras {

const std::vector<EraInfo>& allEras() {
  static const std::vector<EraInfo> eras = {
      {"go1.9", "Go <= 1.9: one global 4-ary heap, one lock, one timerproc goroutine", makeGo19},
      {"go1.13", "Go 1.10-1.13: 64 per-P timer buckets, each with its own lock, heap and timerproc",
       makeGo113},
  };
  return eras;
}

const EraInfo* findEra(const std::string& name) {
  for (const auto& e : allEras()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::string eraNames() {
  std::string out;
  for (const auto& e : allEras()) {
    if (!out.empty()) out += ", ";
    out += e.name;
  }
  return out;
}

}  // namespace gotimers::eras
