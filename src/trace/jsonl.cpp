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

void appendInt(std::string& out, int64_t v) {
  fmt::format_int f(v);
  out.append(f.data(), f.size());
}
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

JsonlSink::JsonlSink(std::string path, const nlohmann::json& header, uint32_t cats,
                     bool heapSnapshots)
    : path_(std::move(path)), tmp_(path_ + ".tmp"), cats_(cats), snapshots_(heapSnapshots) {
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_)
    throw std::runtime_error(fmt::format("{}: cannot write: {}", tmp_, std::strerror(errno)));
  buf_.reserve(kBufferBytes + 4096);
  buf_ = header.dump();
  buf_ += '\n';
}

JsonlSink::~JsonlSink() {
  if (f_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

void JsonlSink::flushBuffer() {
  if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
    writeError_ = true;
  buf_.clear();
}

void JsonlSink::onEvent(const Event& e) {
  if (!(static_cast<uint32_t>(kindCat(e.kind)) & cats_)) return;
  lines_++;
  std::string& b = buf_;
  b += "{\"t\":";
  appendInt(b, e.t);
  b += ",\"ev\":\"";
  b += kindName(e.kind);
  b += '"';
  if (e.p >= 0) {
    b += ",\"P\":";
    appendInt(b, e.p);
  }
  if (e.m >= 0) {
    b += ",\"M\":";
    appendInt(b, e.m);
  }
  if (e.g != 0) {
    b += ",\"G\":";
    appendInt(b, e.g);
  }
  for (int i = 0; i < 6; i++) {
    const char* name = kindArgName(e.kind, i);
    if (name[0] == '\0') continue;
    b += ",\"";
    b += name;
    b += "\":";
    appendInt(b, e.a[i]);
  }
  if (e.kind == Kind::HeapSnapshot) {
    b += ",\"timers\":";
    b += e.text;  // already a JSON array
  } else if (!e.text.empty()) {
    b += ",\"text\":";
    b += nlohmann::json(e.text).dump();
  }
  b += "}\n";
  if (b.size() >= kBufferBytes) flushBuffer();
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
