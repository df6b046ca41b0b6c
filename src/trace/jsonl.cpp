#include "trace/jsonl.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gotimers::trace {

JsonlSink::JsonlSink(std::string path, const nlohmann::json& header)
    : path_(std::move(path)), tmp_(path_ + ".tmp") {
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_)
    throw std::runtime_error(fmt::format("{}: cannot write: {}", tmp_, std::strerror(errno)));
  std::string h = header.dump() + "\n";
  std::fwrite(h.data(), 1, h.size(), f_);
}

JsonlSink::~JsonlSink() {
  if (f_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

void JsonlSink::onEvent(const Event& e) {
  line_.clear();
  fmt::format_to(std::back_inserter(line_), R"({{"t":{},"ev":"{}")", e.t, kindName(e.kind));
  if (e.p >= 0) fmt::format_to(std::back_inserter(line_), R"(,"P":{})", e.p);
  if (e.m >= 0) fmt::format_to(std::back_inserter(line_), R"(,"M":{})", e.m);
  if (e.g != 0) fmt::format_to(std::back_inserter(line_), R"(,"G":{})", e.g);
  for (int i = 0; i < 6; i++) {
    const char* name = kindArgName(e.kind, i);
    if (name[0] == '\0') continue;
    fmt::format_to(std::back_inserter(line_), R"(,"{}":{})", name, e.a[i]);
  }
  if (!e.text.empty()) line_ += ",\"text\":" + nlohmann::json(e.text).dump();
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), f_);
}

bool JsonlSink::finish(std::string* err) {
  bool ok = std::fflush(f_) == 0 && !std::ferror(f_);
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
