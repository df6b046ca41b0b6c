// Shared helpers for the unit tests: running a Go-like program and reading its results.
//
// Note on assertions inside goroutine bodies: use CHECK or CHECK_MESSAGE, never REQUIRE (it
// throws doctest's own exception type through the simulated goroutine), and no INFO or CAPTURE
// whose scope spans a co_await (doctest keeps them on one per-thread stack, which the
// goroutines that run while this one is suspended push and pop out of order).
#pragma once
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "go/program.h"
#include "go/time.h"

namespace gotimers::testing {

inline go::ProgramOptions options(int gomaxprocs = 1, uint64_t seed = 1,
                                  const std::string& era = "go1.9") {
  go::ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = gomaxprocs;
  o.config.seed = seed;
  return o;
}

inline go::ProgramResult run(const go::ProgramOptions& o,
                             const std::function<rt::Task<void>()>& body) {
  return go::runProgram(o, body);
}

// A goroutine body from a lambda coroutine, as Go writes `go func() { ... }()`:
//     co_await go::Go(closure([c]() -> Task<void> { ... }));
// A coroutine lambda's frame reads its captures through the closure object, which for a lambda
// called in place (`Go([c]() -> Task<void> {...}())`) dies at the end of the full expression
// while the goroutine runs on. closure(f) takes the lambda by value into its own frame, so the
// captures live as long as the goroutine.
template <typename F>
rt::Task<void> closure(F f) {
  co_await f();
}

// The whole content of a file ("" if it cannot be read).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory under the system's temporary directory (one per test process and tag),
// removed with its content when the object goes.
struct TempDir {
  std::filesystem::path dir;
  explicit TempDir(const std::string& tag)
      : dir(std::filesystem::temp_directory_path() /
            ("gotimers_" + tag + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempDir() { std::filesystem::remove_all(dir); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // The path of `name` inside; with text, the file is written first.
  std::string file(const std::string& name, const std::string& text = "") const {
    std::string p = (dir / name).string();
    if (!text.empty()) std::ofstream(p) << text;
    return p;
  }
};

// Runs the gotimers binary in the source tree with args, its stdout to the file `out` (empty:
// discarded) and its stderr discarded. Returns the exit status, or -1 if it did not exit.
inline int runCli(const std::string& args, const std::string& out = "") {
  std::string cmd = std::string("cd '") + GOTIMERS_SOURCE_DIR + "' && '" + GOTIMERS_CLI + "' " +
                    args + " >'" + (out.empty() ? "/dev/null" : out) + "' 2>/dev/null";
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline bool contains(const std::string& s, const std::string& sub) {
  return s.find(sub) != std::string::npos;
}

inline size_t count(const std::string& s, const std::string& sub) {
  size_t n = 0;
  for (size_t pos = s.find(sub); pos != std::string::npos; pos = s.find(sub, pos + sub.size()))
    n++;
  return n;
}

// The stats of the lock named name in the running program (nullptr if there is none).
inline const rt::LockStats* lockStats(const std::string& name) {
  for (const rt::mutex* l : go::RT().locks()) {
    if (go::RT().lockName(*l) == name) return &go::RT().lockStats(*l);
  }
  return nullptr;
}

}  // namespace gotimers::testing
