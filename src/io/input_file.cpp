#include "io/input_file.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace gotimers::io {

std::string regularFileProblem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return "no such file";
    return std::strerror(errno);
  }
  if (S_ISREG(st.st_mode)) return "";
  const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  return fmt::format("is {} (expected a regular file)", kind);
}

bool readRegularFile(const std::string& path, std::string* out, std::string* why, size_t maxBytes) {
  *why = regularFileProblem(path);
  if (!why->empty()) return false;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    *why = std::strerror(errno);
    return false;
  }
  auto size = static_cast<size_t>(in.tellg());
  if (size > maxBytes) {
    *why =
        fmt::format("is {} bytes, more than the {} bytes an input file may have", size, maxBytes);
    return false;
  }
  out->resize(size);
  in.seekg(0);
  if (size > 0 && !in.read(out->data(), static_cast<std::streamsize>(size))) {
    *why = std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace gotimers::io
