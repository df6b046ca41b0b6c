#include "heaplab/ops.h"

#include <fmt/format.h>

namespace gotimers::heaplab {

const char* opKindName(OpKind k) {
  switch (k) {
    case OpKind::Add:
      return "add";
    case OpKind::Del:
      return "del";
    case OpKind::Reset:
      return "reset";
    case OpKind::Pop:
      return "pop";
    case OpKind::Run:
      return "run";
  }
  return "?";
}

namespace {

// An operation's text for a message: at most 40 characters, printable ASCII.
std::string quoted(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < 40; i++) {
    auto c = static_cast<unsigned char>(text[i]);
    out +=
        c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02x}", c);
  }
  return text.size() > 40 ? out + "..." : out;
}

}  // namespace

std::string ParseError::format() const {
  if (op.empty()) return fmt::format("at column {}: {}", pos + 1, message);
  return fmt::format("at column {} (operation {}, `{}`): {}", pos + 1, index, quoted(op), message);
}

namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isNameChar(char c) {
  return isNameStart(c) || isDigit(c);
}

// A cursor over one operation's text [pos, end) of the whole input.
class Cursor {
 public:
  Cursor(std::string_view in, size_t pos, size_t end) : in_(in), pos_(pos), end_(end) {}
  void skipBlanks() {
    while (pos_ < end_ && isBlank(in_[pos_]))
      pos_++;
  }
  bool atEnd() {
    skipBlanks();
    return pos_ >= end_;
  }
  size_t pos() const { return pos_; }
  char peek() const { return pos_ < end_ ? in_[pos_] : '\0'; }
  void advance() { pos_++; }
  // A word of name characters (may be empty).
  std::string_view word() {
    size_t s = pos_;
    while (pos_ < end_ && isNameChar(in_[pos_]))
      pos_++;
    return in_.substr(s, pos_ - s);
  }

 private:
  std::string_view in_;
  size_t pos_, end_;
};

struct OpParser {
  std::string_view in;
  std::string opText;
  std::optional<ParseError> err;

  bool fail(size_t pos, std::string msg) {
    err = ParseError{pos, opText, std::move(msg)};
    return false;
  }

  // A whole number in [0, kMaxWhen], followed by a blank or the end of the operation.
  bool number(Cursor& c, const char* what, int64_t* out) {
    c.skipBlanks();
    size_t start = c.pos();
    if (c.peek() == '-') {
      return fail(start, fmt::format("{} cannot be negative (expected a whole number from 0 to {})",
                                     what, kMaxWhen));
    }
    if (!isDigit(c.peek())) {
      return fail(start, fmt::format("expected {} (a whole number from 0 to {})", what, kMaxWhen));
    }
    int64_t v = 0;
    while (isDigit(c.peek())) {
      v = v * 10 + (c.peek() - '0');
      c.advance();
      if (v > kMaxWhen) {
        return fail(start,
                    fmt::format("{} must be at most {} (lab units of 1 ms)", what, kMaxWhen));
      }
    }
    char next = c.peek();
    if (next == '.' || next == ',' || isNameChar(next)) {
      return fail(c.pos(), fmt::format("unexpected '{}' in {}: expected digits only (whole lab "
                                       "units; separate timers with blanks, operations with ';')",
                                       next, what));
    }
    *out = v;
    return true;
  }

  bool name(Cursor& c, TimerArg* out) {
    c.skipBlanks();
    size_t start = c.pos();
    if (!isNameStart(c.peek())) {
      return fail(start, "expected a timer name (a letter or '_', then letters, digits, '_')");
    }
    std::string_view w = c.word();
    if (w.size() > kMaxName) {
      return fail(start, fmt::format("timer name longer than {} characters", kMaxName));
    }
    out->name = std::string(w);
    out->pos = start;
    return true;
  }

  // An optional placement: "@P2" right after the when (or the name, for del): the operation
  // runs on P 2.
  bool placement(Cursor& c, TimerArg* out, bool assigned) {
    if (c.peek() != '@') return true;
    size_t at = c.pos();
    c.advance();
    if (c.peek() != 'P') {
      std::string example = out->name + (assigned ? fmt::format("={}", out->when) : "") + "@P1";
      return fail(c.pos(), fmt::format("expected P and a P number after '@' (as in {})", example));
    }
    c.advance();
    if (!isDigit(c.peek())) {
      return fail(c.pos(), fmt::format("expected a P number after '@P' (0 to {})", kMaxProcs - 1));
    }
    int v = 0;
    while (isDigit(c.peek())) {
      v = v * 10 + (c.peek() - '0');
      c.advance();
      if (v >= kMaxProcs) {
        return fail(at + 1, fmt::format("P number must be below {} (GOMAXPROCS at most {})",
                                        kMaxProcs, kMaxProcs));
      }
    }
    if (isNameChar(c.peek()) || c.peek() == '.') {
      return fail(c.pos(), fmt::format("unexpected '{}' after @P{}", c.peek(), v));
    }
    out->p = v;
    return true;
  }

  bool assignment(Cursor& c, TimerArg* out) {
    if (!name(c, out)) return false;
    c.skipBlanks();
    if (c.peek() != '=') {
      return fail(c.pos(), fmt::format("expected '=' and a when after {} (as in {}=10)", out->name,
                                       out->name));
    }
    c.advance();
    return number(c, "a when", &out->when) && placement(c, out, true);
  }

  bool parse(size_t begin, size_t end, Op* op) {
    Cursor c(in, begin, end);
    c.skipBlanks();
    op->pos = c.pos();
    size_t kwPos = c.pos();
    std::string_view kw = c.word();
    if (kw == "add") {
      op->kind = OpKind::Add;
      do {
        TimerArg a;
        if (!assignment(c, &a)) return false;
        op->timers.push_back(std::move(a));
      } while (!c.atEnd());
    } else if (kw == "del" || kw == "reset") {
      op->kind = kw == "del" ? OpKind::Del : OpKind::Reset;
      TimerArg a;
      if (kw == "del" ? !(name(c, &a) && placement(c, &a, false)) : !assignment(c, &a))
        return false;
      op->timers.push_back(std::move(a));
    } else if (kw == "pop") {
      op->kind = OpKind::Pop;
    } else if (kw == "run") {
      op->kind = OpKind::Run;
      if (!number(c, "a time NOW", &op->now)) return false;
    } else if (kw.empty()) {
      return fail(kwPos, "expected an operation: add, del, reset, pop or run");
    } else {
      return fail(kwPos, fmt::format("unknown operation `{}`: expected an operation: add, del, "
                                     "reset, pop or run",
                                     quoted(std::string(kw))));
    }
    if (!c.atEnd()) {  // (add reads NAME=WHEN pairs up to the end)
      static const char* const kTakes[] = {"", "one timer NAME", "one NAME=WHEN", "no argument",
                                           "one time NOW"};
      return fail(c.pos(), fmt::format("unexpected text: {} takes {}; expected ';' or the end",
                                       opKindName(op->kind), kTakes[static_cast<int>(op->kind)]));
    }
    return true;
  }
};

}  // namespace

ParseResult parseOps(std::string_view input) {
  ParseResult res;
  size_t begin = 0, timers = 0;
  while (begin <= input.size()) {
    size_t end = input.find(';', begin);
    if (end == std::string_view::npos) end = input.size();
    // trimmed text of this operation
    size_t s = begin, e = end;
    while (s < e && isBlank(input[s]))
      s++;
    while (e > s && isBlank(input[e - 1]))
      e--;
    if (s < e) {
      OpParser p{input, std::string(input.substr(s, e - s)), std::nullopt};
      Op op;
      op.text = p.opText;
      bool ok = p.parse(begin, end, &op);
      if (ok && res.ops.size() == kMaxOps) {
        ok = p.fail(s, fmt::format("more than {} operations (the lab's limit)", kMaxOps));
      }
      timers += op.timers.size();
      if (ok && op.kind == OpKind::Add && timers > kMaxTimers) {
        ok = p.fail(op.timers[op.timers.size() - (timers - kMaxTimers)].pos,
                    fmt::format("more than {} timers added in all (the lab's limit)", kMaxTimers));
      }
      if (!ok) {
        res.error = std::move(p.err);
        res.error->index = res.ops.size() + 1;
        res.ops.clear();
        return res;
      }
      res.ops.push_back(std::move(op));
    }
    begin = end + 1;
  }
  if (res.ops.empty()) {
    res.error = ParseError{0, "",
                           "expected at least one operation (add NAME=WHEN ..., del NAME, reset "
                           "NAME=WHEN, pop or run NOW, separated by ';')"};
  }
  return res;
}

}  // namespace gotimers::heaplab
