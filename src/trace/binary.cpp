#include "trace/binary.h"

#include <fmt/format.h>

#include <cstring>

namespace gotimers::trace {

namespace {
inline uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline char* putVarint(char* p, uint64_t v) {
  if (v < 0x80) {  // most values: ids, phases, small deltas
    *p = static_cast<char>(v);
    return p + 1;
  }
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}
// The argument indexes each kind records (those kindArgName names), built once.
struct ArgTable {
  unsigned char n[static_cast<size_t>(Kind::NumKinds)] = {};
  unsigned char index[static_cast<size_t>(Kind::NumKinds)][6] = {};
  ArgTable() {
    for (size_t k = 0; k < static_cast<size_t>(Kind::NumKinds); k++)
      for (int i = 0; i < 6; i++)
        if (kindArgName(static_cast<Kind>(k), i)[0] != '\0')
          index[k][n[k]++] = static_cast<unsigned char>(i);
  }
};
const ArgTable& argTable() {
  static const ArgTable t;
  return t;
}
}  // namespace

RecordEncoder::RecordEncoder() {
  const ArgTable& t = argTable();
  std::memcpy(nargs_, t.n, sizeof nargs_);
  std::memcpy(args_, t.index, sizeof args_);
}

char* RecordEncoder::write(char* p, const Event& e) {
  const auto k = static_cast<size_t>(e.kind);
  *p++ = static_cast<char>(k | (e.text.empty() ? 0 : 0x80));
  p = putVarint(p, zigzag(e.t - lastT_));
  lastT_ = e.t;
  p = putVarint(p, static_cast<uint64_t>(e.p + 1));
  p = putVarint(p, static_cast<uint64_t>(static_cast<int64_t>(e.m) + 1));
  p = putVarint(p, zigzag(e.g));
  for (unsigned i = 0; i < nargs_[k]; i++)
    p = putVarint(p, zigzag(e.a[args_[k][i]]));
  if (!e.text.empty()) {
    p = putVarint(p, e.text.size());
    std::memcpy(p, e.text.data(), e.text.size());
    p += e.text.size();
  }
  return p;
}

bool isBinaryTrace(std::istream& in) {
  char head[kBinaryMagic.size()];
  const auto start = in.tellg();
  in.read(head, static_cast<std::streamsize>(sizeof head));
  const bool yes = in.gcount() == static_cast<std::streamsize>(sizeof head) &&
                   std::string_view(head, sizeof head) == kBinaryMagic;
  in.clear();
  in.seekg(start);
  return yes;
}

BinaryTraceText::BinaryTraceText(std::istream& in, std::string name)
    : src_(in.rdbuf()), name_(std::move(name)) {}

bool BinaryTraceText::fail(const std::string& why) {
  if (err_.empty()) err_ = fmt::format("{}: byte {}: {}", name_, offset_, why);
  ended_ = true;
  return false;
}

bool BinaryTraceText::varint(uint64_t* v, const char* what) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const int c = src_->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      return fail(fmt::format("the record ends inside its {} (a truncated file?)", what));
    }
    offset_++;
    x |= static_cast<uint64_t>(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *v = x;
      return true;
    }
  }
  return fail(fmt::format("{}: a varint longer than 10 bytes (a corrupt file?)", what));
}

bool BinaryTraceText::nextLine() {
  line_.clear();
  if (ended_) return false;
  if (!headerDone_) {
    headerDone_ = true;
    for (char c : kBinaryMagic) {
      if (src_->sbumpc() != static_cast<unsigned char>(c)) {
        return fail(fmt::format("not a gotimers binary trace (expected it to begin with \"{}\\n\")",
                                kBinaryMagic.substr(0, kBinaryMagic.size() - 1)));
      }
      offset_++;
    }
    for (int c; (c = src_->sbumpc()) != std::char_traits<char>::eof();) {
      offset_++;
      line_ += static_cast<char>(c);
      if (c == '\n') return true;
    }
    return fail("the header line has no end (a truncated file?)");
  }
  const int kindByte = src_->sbumpc();
  if (kindByte == std::char_traits<char>::eof()) {
    ended_ = true;
    return false;
  }
  const uint64_t recordAt = offset_++;
  const auto k = static_cast<size_t>(kindByte & 0x7f);
  if (k >= static_cast<size_t>(Kind::NumKinds)) {
    offset_ = recordAt;
    return fail(fmt::format("record {}: unknown event kind {} (expected 0-{})", records_ + 1, k,
                            static_cast<int>(Kind::NumKinds) - 1));
  }
  Event e{};
  e.kind = static_cast<Kind>(k);
  uint64_t v;
  if (!varint(&v, "time")) return false;
  if (__builtin_add_overflow(lastT_, unzigzag(v), &e.t)) {
    return fail(fmt::format("record {}: the time overflows (a corrupt file?)", records_ + 1));
  }
  lastT_ = e.t;
  if (!varint(&v, "P")) return false;
  if (v > 32768) return fail(fmt::format("record {}: P {} is out of range", records_ + 1, v));
  e.p = static_cast<int16_t>(static_cast<int64_t>(v) - 1);
  if (!varint(&v, "M")) return false;
  if (v > (1u << 31)) return fail(fmt::format("record {}: M {} is out of range", records_ + 1, v));
  e.m = static_cast<int32_t>(static_cast<int64_t>(v) - 1);
  if (!varint(&v, "G")) return false;
  e.g = unzigzag(v);
  const ArgTable& t = argTable();
  for (unsigned i = 0; i < t.n[k]; i++) {
    if (!varint(&v, kindArgName(e.kind, t.index[k][i]))) return false;
    e.a[t.index[k][i]] = unzigzag(v);
  }
  if (kindByte & 0x80) {
    if (!varint(&v, "text length")) return false;
    if (v > (1u << 30))
      return fail(fmt::format("record {}: a text of {} bytes (a corrupt file?)", records_ + 1, v));
    e.text.resize(v);
    const auto got = src_->sgetn(e.text.data(), static_cast<std::streamsize>(v));
    offset_ += static_cast<uint64_t>(got);
    if (static_cast<uint64_t>(got) != v) {
      return fail(fmt::format("record {}: the file ends inside its text (a truncated file?)",
                              records_ + 1));
    }
  }
  records_++;
  line_.resize(LineFormat::kMaxPlainLine + LineFormat::textBytes(e));
  line_.resize(static_cast<size_t>(format_.write(line_.data(), e) - line_.data()));
  return true;
}

BinaryTraceText::int_type BinaryTraceText::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (!nextLine()) return traits_type::eof();
  setg(line_.data(), line_.data(), line_.data() + line_.size());
  return traits_type::to_int_type(*gptr());
}

}  // namespace gotimers::trace
