// How an era shows itself to viewers (the heap lab and the animations, src/heaplab): the
// names of its heaps and timer states, what each state change means, and where in that Go
// version's code each heap step happens. The era code says it (TimerBackend's view
// methods), so that a viewer knows no era: it shows the events and asks the era for words.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace gotimers::rt {

// The Go code of an era's timer heap: its sift functions and the fragments of the lines a
// viewer points at (gotimers::heaplab::lineOf finds the line of a function containing one).
// time.go@go1.9..go1.22: siftupTimer / siftdownTimer on t []*timer; time.go@go1.23rc1:
// (*timers).siftUp / siftDown on heap []timerWhen.
struct HeapCode {
  const char* siftUp;     // the sift-up function
  const char* siftDown;   // the sift-down function
  const char* pushSift;   // the line of an add that calls the sift-up
  const char* upSwap;     // sift-up: the parent moves down into the hole
  const char* downSwap;   // sift-down: the earliest child moves up into the hole
  const char* upAtRoot;   // sift-up: the loop ends at the root
  const char* upStops;    // sift-up: the parent is not later
  const char* downStops;  // sift-down: no child is earlier
  const char* downLeaf;   // sift-down: there is no child
};

// A timer as a viewer shows it at one moment: the era's word for its state ("" in the eras
// without a status field), the heap key to show, and the new when that waits to be applied.
struct TimerLook {
  std::string status;
  int64_t key = 0;
  std::optional<int64_t> nextwhen;
};

// A state change told in the era's words: what it means (a sentence's tail, "" if nothing
// to add), and the fragments of the changing function's line that makes it (the first
// found wins).
struct StateStory {
  std::string why;
  std::string at;
  std::string orAt;
};

// How a viewer words package time's calls and the runtime's running of timers on an era (the
// heap lab's operation narrations, after "add a=20: ", "del b: ", ...). startMany and run are
// format strings of one argument: the number of timers, the time.
struct CallWords {
  const char* startOne;   // a timer is started
  const char* startMany;  // {} timers are started, in order
  const char* stop;       // Stop
  const char* reset;      // Reset
  const char* pop;        // time advances to the earliest timer
  const char* run;        // time advances to {}
};

}  // namespace gotimers::rt
