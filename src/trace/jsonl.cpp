#include "trace/jsonl.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gotimers::trace {

namespace {
constexpr size_t kBufferBytes = 1 << 16;
constexpr Cat kCats[] = {Cat::Heap,  Cat::Lock, Cat::Status, Cat::Sched,
                         Cat::Timer, Cat::Chan, Cat::Proc,   Cat::User};

}  // namespace

const char* catName(Cat c) {
  switch (c) {
    case Cat::Heap:
      return "heap";
    case Cat::Lock:
      return "lock";
    case Cat::Status:
      return "status";
    case Cat::Sched:
      return "sched";
    case Cat::Timer:
      return "timer";
    case Cat::Chan:
      return "chan";
    case Cat::Proc:
      return "proc";
    case Cat::User:
      return "user";
  }
  return "?";
}

bool parseCatList(const std::string& list, uint32_t* mask, std::string* err) {
  if (list.empty() || list == "all") {
    *mask = kAllCats;
    return true;
  }
  uint32_t m = 0;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string word = list.substr(pos, comma - pos);
    bool found = false;
    for (Cat c : kCats) {
      if (word == catName(c)) {
        m |= static_cast<uint32_t>(c);
        found = true;
      }
    }
    if (!found) {
      *err = fmt::format(
          "unknown category '{}' at position {} (expected a comma-separated list of: "
          "heap, lock, status, sched, timer, chan, proc, user; or all)",
          word, pos + 1);
      return false;
    }
    pos = comma + 1;
  }
  *mask = m;
  return true;
}

std::string catListName(uint32_t mask) {
  if ((mask & kAllCats) == kAllCats) return "all";
  std::string out;
  for (Cat c : kCats) {
    if (!(mask & static_cast<uint32_t>(c))) continue;
    if (!out.empty()) out += ',';
    out += catName(c);
  }
  return out;
}

TraceFormat traceFormatFor(const std::string& path) {
  const std::string_view ext = ".gtb";
  return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0
             ? TraceFormat::Binary
             : TraceFormat::Jsonl;
}

JsonlSink::JsonlSink(std::string path, const nlohmann::json& header, uint32_t cats,
                     bool heapSnapshots, TraceFormat format)
    : path_(std::move(path)),
      tmp_(path_ + ".tmp"),
      cats_(cats),
      snapshots_(heapSnapshots),
      binary_(format == TraceFormat::Binary) {
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_)
    throw std::runtime_error(fmt::format("{}: cannot write: {}", tmp_, std::strerror(errno)));
  std::setvbuf(f_, nullptr, _IONBF, 0);  // buf_ is the buffer: no second copy in stdio
  cap_ = kBufferBytes + LineFormat::kMaxPlainLine;
  buf_ = std::make_unique<char[]>(cap_);
  const std::string h = (binary_ ? std::string(kBinaryMagic) : "") + header.dump() + '\n';
  reserve(h.size());
  std::memcpy(buf_.get() + len_, h.data(), h.size());
  len_ += h.size();
  if (len_ >= kBufferBytes) flushBuffer();
}

JsonlSink::~JsonlSink() {
  if (f_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

void JsonlSink::flushBuffer() {
  if (len_ > 0 && std::fwrite(buf_.get(), 1, len_, f_) != len_) writeError_ = true;
  len_ = 0;
}

void JsonlSink::reserve(size_t n) {
  if (len_ + n <= cap_) return;
  flushBuffer();
  if (n <= cap_) return;
  cap_ = n;
  buf_ = std::make_unique<char[]>(cap_);
}

void JsonlSink::onEvent(const Event& e) {
  if (!(static_cast<uint32_t>(kindCat(e.kind)) & cats_)) return;
  lines_++;
  lastT_ = e.t;
  if (!e.text.empty()) reserve(LineFormat::kMaxPlainLine + LineFormat::textBytes(e));
  char* end = binary_ ? records_.write(buf_.get() + len_, e) : format_.write(buf_.get() + len_, e);
  len_ = static_cast<size_t>(end - buf_.get());
  if (len_ >= kBufferBytes) flushBuffer();
}

void JsonlSink::onLockRegistered(int id, const std::string& name) {
  Event e{};
  e.t = lastT_;
  e.kind = Kind::LockName;
  e.p = -1;
  e.m = -1;
  e.a[0] = id;
  e.text = name;
  onEvent(e);
}

bool JsonlSink::finish(std::string* err) {
  flushBuffer();
  bool ok = !writeError_ && std::fflush(f_) == 0 && !std::ferror(f_);
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (ok && std::rename(tmp_.c_str(), path_.c_str()) != 0) ok = false;
  if (!ok) {
    if (err) *err = fmt::format("{}: cannot write: {}", path_, std::strerror(errno));
    std::remove(tmp_.c_str());
  }
  return ok;
}

}  // namespace gotimers::trace
