// The JSON Lines trace (--trace FILE): a header line, then one event per line in emission
// order (each M's events are in its virtual-time order). Written to FILE.tmp and renamed to
// FILE by finish(), so an interrupted run never leaves a partial FILE.
#pragma once
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "trace/event.h"

namespace gotimers::trace {

inline constexpr int kTraceSchemaVersion = 1;

class JsonlSink : public Sink {
 public:
  // Opens FILE.tmp and writes the header; throws std::runtime_error if it cannot.
  JsonlSink(std::string path, const nlohmann::json& header);
  ~JsonlSink() override;
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;
  void onEvent(const Event& e) override;
  // Closes and renames FILE.tmp to FILE; returns false (and removes the temporary) on error.
  bool finish(std::string* err);

 private:
  std::string path_;
  std::string tmp_;
  std::FILE* f_ = nullptr;
  std::string line_;
};

}  // namespace gotimers::trace
