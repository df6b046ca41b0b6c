#include "io/atomic_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace gotimers::io {

bool writeFileAtomic(const std::string& path, std::string_view content, std::string* err) {
  AtomicWriter w;
  if (!w.open(path, err)) return false;
  w.write(content);
  return w.commit(err);
}

AtomicWriter::~AtomicWriter() {
  abandon();
}

bool AtomicWriter::open(const std::string& path, std::string* err) {
  abandon();
  path_ = path;
  errno_ = 0;
  f_ = std::fopen((path + ".tmp").c_str(), "wb");
  if (!f_) {
    if (err) *err = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

void AtomicWriter::write(std::string_view data) {
  if (!f_ || errno_ != 0 || data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) errno_ = errno ? errno : EIO;
}

bool AtomicWriter::commit(std::string* err) {
  if (!f_) {
    if (err) *err = fmt::format("{}: cannot write: not open", path_);
    return false;
  }
  if (std::fflush(f_) != 0 && errno_ == 0) errno_ = errno;
  if (std::fclose(f_) != 0 && errno_ == 0) errno_ = errno;
  f_ = nullptr;
  std::string tmp = path_ + ".tmp";
  if (errno_ == 0 && std::rename(tmp.c_str(), path_.c_str()) != 0) errno_ = errno;
  if (errno_ != 0) {
    if (err) *err = fmt::format("{}: cannot write: {}", path_, std::strerror(errno_));
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

void AtomicWriter::abandon() {
  if (!f_) return;
  std::fclose(f_);
  f_ = nullptr;
  std::remove((path_ + ".tmp").c_str());
}

}  // namespace gotimers::io
