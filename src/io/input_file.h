// Reading input files the way every reader of gotimers must: only a regular file is read
// (a directory, a FIFO, a device or a socket is refused by kind, so nothing hangs on a pipe
// or reads /dev/zero forever), and the size is bounded. Messages name the file and say what
// was expected.
#pragma once
#include <cstddef>
#include <string>

namespace gotimers::io {

// The largest input file any reader accepts (scenarios, cost models, references, traces,
// sweep results, Go programs).
inline constexpr size_t kMaxInputBytes = size_t{1} << 30;

// "" if path names a regular file; else why not, for the caller to put after the file's
// name: "no such file", "is a directory (expected a regular file)", "is a FIFO (expected a
// regular file)", ...
std::string regularFileProblem(const std::string& path);

// Reads the whole regular file into *out. On failure returns false and sets *why to the
// reason (regularFileProblem's, the system's error, or "is N bytes, more than the N bytes
// an input file may have"), for the caller to put after the file's name.
bool readRegularFile(const std::string& path, std::string* out, std::string* why,
                     size_t maxBytes = kMaxInputBytes);

}  // namespace gotimers::io
