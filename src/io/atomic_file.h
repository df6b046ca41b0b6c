// Atomic output files: every file gotimers writes (traces, charts, animations, sweep results)
// is written to PATH.tmp and renamed to PATH only when complete, so an interrupted run leaves
// either nothing or a whole file, never a partial one.
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace gotimers::io {

// Writes content to path atomically. Returns false and sets *err ("PATH: cannot write: why")
// on failure, leaving no PATH.tmp behind and any existing PATH untouched.
bool writeFileAtomic(const std::string& path, std::string_view content, std::string* err);

// A file written in pieces (an animation streamed frame by frame): PATH.tmp from open() on,
// renamed to PATH by commit(). Invariant: PATH.tmp exists exactly while the writer is open;
// a writer destroyed without commit() removes it, so PATH is whole or untouched.
class AtomicWriter {
 public:
  AtomicWriter() = default;
  ~AtomicWriter();
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;
  // Creates PATH.tmp (replacing a stale one a killed run left); false and *err on failure.
  bool open(const std::string& path, std::string* err);
  // Appends; an error is kept and reported by commit().
  void write(std::string_view data);
  // Closes PATH.tmp and renames it to PATH; false and *err ("PATH: cannot write: why") if any
  // write failed, removing PATH.tmp.
  bool commit(std::string* err);
  // Closes and removes PATH.tmp (an interrupted or failed encoding).
  void abandon();

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
  int errno_ = 0;  // the first write error
};

}  // namespace gotimers::io
