// TimerCodeClock: charges the virtual CPU time spent in timer code (from construction to
// destruction) to metrics().timerCodeNsPerP of the P running it. Shared by the eras whose
// timer code runs on the scheduler's Ps (go1.14, go1.23).
#pragma once
#include "runtime/runtime.h"

namespace gotimers::eras {

class TimerCodeClock {
 public:
  explicit TimerCodeClock(rt::Runtime& r) : r_(r), pp_(r.curp()), start_(r.nanotime()) {}
  ~TimerCodeClock() {
    if (pp_ && static_cast<size_t>(pp_->id) < r_.metrics().timerCodeNsPerP.size()) {
      r_.metrics().timerCodeNsPerP[pp_->id] += r_.nanotime() - start_;
    }
  }
  TimerCodeClock(const TimerCodeClock&) = delete;
  TimerCodeClock& operator=(const TimerCodeClock&) = delete;

 private:
  rt::Runtime& r_;
  rt::p* pp_;
  Time start_;
};

}  // namespace gotimers::eras
