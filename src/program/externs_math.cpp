// Packages math and math/rand for Go programs. math/rand's global source is a SplitMix64
// stream of the run's seed ("rand"), or of the seed rand.Seed gives: deterministic, but
// not the numbers Go's own generator produces (docs/go-programs.md). The range functions
// follow math/rand/rand.go (Int63n's rejection loop, Float64's retry, Perm, Shuffle).
#include <cmath>

#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

namespace {

double F(ExternCtx& c, int i) {
  return c.arg(i).f;
}
void fl(ExternCtx& c, double v) {
  c.result = Value::Float(v);
}

template <double (*Fn)(double)>
void Unary(ExternCtx& c) {
  fl(c, Fn(F(c, 0)));
}
double dabs(double x) {
  return std::fabs(x);
}
double dsqrt(double x) {
  return std::sqrt(x);
}
double dfloor(double x) {
  return std::floor(x);
}
double dceil(double x) {
  return std::ceil(x);
}
double dtrunc(double x) {
  return std::trunc(x);
}
double dround(double x) {
  return std::round(x);
}
double dlog(double x) {
  return std::log(x);
}
double dexp(double x) {
  return std::exp(x);
}
void Max(ExternCtx& c) {
  double x = F(c, 0), y = F(c, 1);
  if (std::isinf(x) && x > 0) return fl(c, x);
  if (std::isinf(y) && y > 0) return fl(c, y);
  if (std::isnan(x) || std::isnan(y)) return fl(c, NAN);
  if (x == 0 && x == y) return fl(c, std::signbit(x) ? y : x);
  fl(c, x > y ? x : y);
}
void Min(ExternCtx& c) {
  double x = F(c, 0), y = F(c, 1);
  if (std::isinf(x) && x < 0) return fl(c, x);
  if (std::isinf(y) && y < 0) return fl(c, y);
  if (std::isnan(x) || std::isnan(y)) return fl(c, NAN);
  if (x == 0 && x == y) return fl(c, std::signbit(x) ? x : y);
  fl(c, x < y ? x : y);
}
void Pow(ExternCtx& c) {
  fl(c, std::pow(F(c, 0), F(c, 1)));
}
void Mod(ExternCtx& c) {
  fl(c, std::fmod(F(c, 0), F(c, 1)));
}
void Inf(ExternCtx& c) {
  fl(c, c.i(0) >= 0 ? INFINITY : -INFINITY);
}
void IsInf(ExternCtx& c) {
  double f = F(c, 0);
  int64_t s = c.i(1);
  c.result = Value::Bool((s >= 0 && f == INFINITY) || (s <= 0 && f == -INFINITY));
}
void IsNaN(ExternCtx& c) {
  c.result = Value::Bool(std::isnan(F(c, 0)));
}
void NaN(ExternCtx& c) {
  fl(c, NAN);
}

// math/rand
sim::Rng& src(ExternCtx& c) {
  if (c.vm.rand) return *c.vm.rand;
  return rt::Runtime::current().rng().get("rand");
}
int64_t int63(ExternCtx& c) {
  return static_cast<int64_t>(src(c).next64() >> 1);
}
int64_t int63n(ExternCtx& c, int64_t n) {
  if ((n & (n - 1)) == 0) return int63(c) & (n - 1);
  int64_t max = static_cast<int64_t>((uint64_t{1} << 63) - 1 -
                                     (uint64_t{1} << 63) % static_cast<uint64_t>(n));
  int64_t v = int63(c);
  while (v > max)
    v = int63(c);
  return v % n;
}
void Seed(ExternCtx& c) {
  c.vm.rand.emplace(static_cast<uint64_t>(c.i(0)) ^ sim::hashName("math/rand"));
}
void Int(ExternCtx& c) {
  c.result = Value::Int(int63(c));
}
void Int63(ExternCtx& c) {
  c.result = Value::Int(int63(c));
}
void Intn(ExternCtx& c) {
  if (c.i(0) <= 0) go::Panic("invalid argument to Intn");
  c.result = Value::Int(int63n(c, c.i(0)));
}
void Int63n(ExternCtx& c) {
  if (c.i(0) <= 0) go::Panic("invalid argument to Int63n");
  c.result = Value::Int(int63n(c, c.i(0)));
}
void Float64(ExternCtx& c) {
  double f;
  do {
    f = static_cast<double>(int63(c)) / 9223372036854775808.0;
  } while (f == 1);
  fl(c, f);
}
void Perm(ExternCtx& c) {
  int64_t n = c.i(0);
  if (n < 0) go::Panic("invalid argument to Perm");
  std::vector<Value> m(static_cast<size_t>(n), Value::Int(0));
  for (int64_t i = 0; i < n; i++) {
    int64_t j = int63n(c, i + 1);
    m[static_cast<size_t>(i)] = m[static_cast<size_t>(j)];
    m[static_cast<size_t>(j)] = Value::Int(i);
  }
  c.result = makeSlice(std::move(m));
}
void Shuffle(ExternCtx& c) {
  int64_t n = c.i(0);
  if (n < 0) go::Panic("invalid argument to Shuffle");
  for (int64_t i = n - 1; i > 0; i--) {
    int64_t j = int63n(c, i + 1);
    CallRec call;
    call.fn = c.arg(1);
    call.pos = c.pos;
    call.args = {Value::Int(i), Value::Int(j)};
    c.vm.callSync(c.g, std::move(call));
  }
}

}  // namespace

void registerMathExterns(ExternTable& t) {
  t["math.Abs"] = {Unary<dabs>, nullptr};
  t["math.Sqrt"] = {Unary<dsqrt>, nullptr};
  t["math.Floor"] = {Unary<dfloor>, nullptr};
  t["math.Ceil"] = {Unary<dceil>, nullptr};
  t["math.Trunc"] = {Unary<dtrunc>, nullptr};
  t["math.Round"] = {Unary<dround>, nullptr};
  t["math.Log"] = {Unary<dlog>, nullptr};
  t["math.Exp"] = {Unary<dexp>, nullptr};
  t["math.Max"] = {Max, nullptr};
  t["math.Min"] = {Min, nullptr};
  t["math.Pow"] = {Pow, nullptr};
  t["math.Mod"] = {Mod, nullptr};
  t["math.Inf"] = {Inf, nullptr};
  t["math.IsInf"] = {IsInf, nullptr};
  t["math.IsNaN"] = {IsNaN, nullptr};
  t["math.NaN"] = {NaN, nullptr};
  t["math/rand.Seed"] = {Seed, nullptr};
  t["math/rand.Int"] = {Int, nullptr};
  t["math/rand.Intn"] = {Intn, nullptr};
  t["math/rand.Int63"] = {Int63, nullptr};
  t["math/rand.Int63n"] = {Int63n, nullptr};
  t["math/rand.Float64"] = {Float64, nullptr};
  t["math/rand.Perm"] = {Perm, nullptr};
  t["math/rand.Shuffle"] = {Shuffle, nullptr};
}

}  // namespace gotimers::program
