#include "sim/format_duration.h"

#include "sim/time.h"

namespace gotimers::sim {

namespace {
// fmtFrac / fmtInt of Go's time/time.go, writing right to left into buf.
int fmtFrac(char* buf, int w, uint64_t v, int prec, uint64_t* nv) {
  bool print = false;
  for (int i = 0; i < prec; i++) {
    int digit = static_cast<int>(v % 10);
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  *nv = v;
  return w;
}
int fmtInt(char* buf, int w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
  } else {
    while (v > 0) {
      buf[--w] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  }
  return w;
}
}  // namespace

std::string formatDuration(int64_t d) {
  // A port of time.Duration.String (go/src/time/time.go).
  char buf[32];
  int w = sizeof(buf);
  uint64_t u = static_cast<uint64_t>(d);
  bool neg = d < 0;
  if (neg) u = -u;
  if (u < static_cast<uint64_t>(Second)) {
    int prec = 0;
    w--;
    buf[w] = 's';
    w--;
    if (u == 0) return "0s";
    if (u < static_cast<uint64_t>(Microsecond)) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < static_cast<uint64_t>(Millisecond)) {
      prec = 3;
      // U+00B5 'µ' micro sign in UTF-8 is 0xC2 0xB5.
      w--;
      buf[w] = '\xC2';
      buf[w + 1] = '\xB5';
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    w = fmtFrac(buf, w, u, prec, &u);
    w = fmtInt(buf, w, u);
  } else {
    w--;
    buf[w] = 's';
    w = fmtFrac(buf, w, u, 9, &u);
    w = fmtInt(buf, w, u % 60);
    u /= 60;
    if (u > 0) {
      w--;
      buf[w] = 'm';
      w = fmtInt(buf, w, u % 60);
      u /= 60;
      if (u > 0) {
        w--;
        buf[w] = 'h';
        w = fmtInt(buf, w, u);
      }
    }
  }
  if (neg) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - w);
}

}  // namespace gotimers::sim
