// Atomic output files: every file gotimers writes (traces, charts, animations, sweep results)
// is written to PATH.tmp and renamed to PATH only when complete, so an interrupted run leaves
// either nothing or a whole file, never a partial one.
#pragma once
#include <string>
#include <string_view>

namespace gotimers::io {

// Writes content to path atomically. Returns false and sets *err ("PATH: cannot write: why")
// on failure, leaving no PATH.tmp behind and any existing PATH untouched.
bool writeFileAtomic(const std::string& path, std::string_view content, std::string* err);

}  // namespace gotimers::io
