// The JSON Lines trace (--trace FILE, schema docs/trace-schema.md): a header line, then one
// event per line (or the same events as binary records: trace/binary.h). Fed through an
// OrderedSink, the lines are in virtual-time order. Written to FILE.tmp and renamed to FILE by
// finish(), so an interrupted run never leaves a partial FILE; every line is complete JSON whatever
// way the run ended.
#pragma once
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "trace/binary.h"
#include "trace/event.h"
#include "trace/jsonl_line.h"

namespace gotimers::trace {

// Version 2: events in virtual-time order; go.sched, go.sysblock, go.sysexit, netpoll.wake
// (was m.wake from netpoll) and heap.snapshot added; header gains "categories".
// Version 3 added lock.name, version 4 timer.call (docs/trace-schema.md, Version history).
inline constexpr int kTraceSchemaVersion = 4;
// The oldest version the readers take (versions 3 and 4 only added kinds).
inline constexpr int kTraceSchemaOldestReadable = 2;

// "heap,lock,..." -> a Cat bitmask; "all" or "" is every category. Returns false and sets
// *err (naming the bad word and its position) for an unknown name.
bool parseCatList(const std::string& list, uint32_t* mask, std::string* err);
// The names of the categories in mask, comma-separated ("all" for every category).
std::string catListName(uint32_t mask);
const char* catName(Cat c);

// How --trace FILE is written: JSON Lines, or the binary trace (trace/binary.h) when FILE
// ends in .gtb.
enum class TraceFormat { Jsonl, Binary };
TraceFormat traceFormatFor(const std::string& path);

class JsonlSink : public Sink {
 public:
  // Opens FILE.tmp and writes the header; throws std::runtime_error if it cannot. In the
  // Binary format the same events are written as records (trace/binary.h).
  JsonlSink(std::string path, const nlohmann::json& header, uint32_t cats = kAllCats,
            bool heapSnapshots = false, TraceFormat format = TraceFormat::Jsonl);
  ~JsonlSink() override;
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;
  void onEvent(const Event& e) override;
  // Writes lock.name (with the time of the last event written, so times never go back).
  void onLockRegistered(int id, const std::string& name) override;
  bool wantsHeapSnapshots() const override { return snapshots_; }
  uint32_t wantedCats() const override { return cats_; }
  // Closes and renames FILE.tmp to FILE; returns false (and removes the temporary) on error.
  bool finish(std::string* err);
  uint64_t lines() const { return lines_; }

 private:
  void flushBuffer();
  // Makes room for n more bytes in buf_ (flushing, or growing it for a huge line).
  void reserve(size_t n);
  std::string path_;
  std::string tmp_;
  std::FILE* f_ = nullptr;
  uint32_t cats_;
  bool snapshots_;
  bool writeError_ = false;
  uint64_t lines_ = 0;
  Time lastT_ = 0;  // of the last event written
  LineFormat format_;
  bool binary_;
  RecordEncoder records_;
  // Lines not yet written: buf_[0, len_) of cap_ bytes; flushed at kBufferBytes.
  std::unique_ptr<char[]> buf_;
  size_t len_ = 0;
  size_t cap_ = 0;
};

}  // namespace gotimers::trace
