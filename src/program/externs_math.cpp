// Packages math and math/rand for Go programs. math/rand's global source is a SplitMix64
// stream of the run's seed ("rand"), or of the seed rand.Seed gives; rand.NewSource(s) is a
// stream of its own, the one rand.Seed(s) starts, and rand.New draws from it: deterministic,
// but not the numbers Go's own generator produces (docs/go-programs.md). The range
// functions follow math/rand/rand.go (Int63n's rejection loop, Float64's retry, Perm,
// Shuffle).
#include <fmt/format.h>

#include <cmath>
#include <tuple>

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

// math/rand: the global source, and the sources rand.NewSource makes (*rand.rngSource, a
// VM-made type whose Int63/Seed/Uint64 are native methods) with the *rand.Rand over one
sim::Rng& src(ExternCtx& c) {
  if (c.vm.rand) return *c.vm.rand;
  return rt::Runtime::current().rng().get("rand");
}
sim::Rng seeded(int64_t seed) {
  return sim::Rng(static_cast<uint64_t>(seed) ^ sim::hashName("math/rand"));
}
int64_t int63(sim::Rng& r) {
  return static_cast<int64_t>(r.next64() >> 1);
}
int64_t int63n(sim::Rng& r, int64_t n) {
  if ((n & (n - 1)) == 0) return int63(r) & (n - 1);
  int64_t max = static_cast<int64_t>((uint64_t{1} << 63) - 1 -
                                     (uint64_t{1} << 63) % static_cast<uint64_t>(n));
  int64_t v = int63(r);
  while (v > max)
    v = int63(r);
  return v % n;
}

// The functions of math/rand over one generator: the package's (args from 0) or a *Rand's
// (args from 1, after the receiver).
template <sim::Rng& (*R)(ExternCtx&), int A>
struct RandFns {
  static void Int(ExternCtx& c) { c.result = Value::Int(int63(R(c))); }
  static void Int63(ExternCtx& c) { c.result = Value::Int(int63(R(c))); }
  static void Intn(ExternCtx& c) {
    if (c.i(A) <= 0) go::Panic("invalid argument to Intn");
    c.result = Value::Int(int63n(R(c), c.i(A)));
  }
  static void Int63n(ExternCtx& c) {
    if (c.i(A) <= 0) go::Panic("invalid argument to Int63n");
    c.result = Value::Int(int63n(R(c), c.i(A)));
  }
  static void Float64(ExternCtx& c) {
    double f;
    do {
      f = static_cast<double>(int63(R(c))) / 9223372036854775808.0;
    } while (f == 1);
    fl(c, f);
  }
  static void Perm(ExternCtx& c) {
    int64_t n = c.i(A);
    if (n < 0) go::Panic("invalid argument to Perm");
    std::vector<Value> m(static_cast<size_t>(n), Value::Int(0));
    for (int64_t i = 0; i < n; i++) {
      int64_t j = int63n(R(c), i + 1);
      m[static_cast<size_t>(i)] = m[static_cast<size_t>(j)];
      m[static_cast<size_t>(j)] = Value::Int(i);
    }
    c.result = makeSlice(std::move(m));
  }
  static void Shuffle(ExternCtx& c) {
    int64_t n = c.i(A);
    if (n < 0) go::Panic("invalid argument to Shuffle");
    for (int64_t i = n - 1; i > 0; i--) {
      int64_t j = int63n(R(c), i + 1);
      CallRec call;
      call.fn = c.arg(A + 1);
      call.pos = c.pos;
      call.args = {Value::Int(i), Value::Int(j)};
      c.vm.callSync(c.g, std::move(call));
    }
  }
};

// rand.NewSource's source (its own stream: rand.New(rand.NewSource(s)) draws what the
// package's functions draw after rand.Seed(s)), and a *rand.Rand's state: its source
struct RandSource : RefCounted {
  sim::Rng rng;
};
struct RandObj : RefCounted {
  Ref<RandSource> src;  // null: the zero Rand, or rand.New(nil) (Go panics at first use)
};
RandSource* sourceOf(const Value& v) {
  return v.k == VK::Native ? static_cast<RandSource*>(v.r) : nullptr;
}
sim::Rng& randOf(ExternCtx& c) {
  RandObj* r = natOf<RandObj>(c.arg(0));
  if (!r->src) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  return r->src->rng;
}
void Seed(ExternCtx& c) {
  c.vm.rand.emplace(seeded(c.i(0)));
}
// (*Rand).Seed: Go's reseeds the source
void RSeed(ExternCtx& c) {
  randOf(c) = seeded(c.i(1));
}
void NewSource(ExternCtx& c) {
  auto* o = new RandSource();
  o->rng = seeded(c.i(0));
  Value v = Value::Obj(VK::Native, o);
  v.t = c.vm.prog().tRandSource;
  c.result = v;
}
void New(ExternCtx& c) {
  const Value& s = c.arg(0);
  const Program& p = c.vm.prog();
  if (!s.isNil() && s.t != p.tRandSource) {
    throw rt::GoThrow(fmt::format(
        "{}: gotimers: rand.New of a {} is not supported (of rand.NewSource's sources it is)",
        p.where(c.pos), s.t >= 0 ? p.types[static_cast<size_t>(s.t)].str : "Source"));
  }
  const Type& ft = p.types[static_cast<size_t>(p.externs[static_cast<size_t>(c.ext)].type)];
  Value ptr = newVar(p, p.types[static_cast<size_t>(ft.results[0])].elem);
  natOf<RandObj>(ptr)->src = Ref<RandSource>(s.isNil() ? nullptr : sourceOf(s));
  c.result = ptr;
}

}  // namespace

Value randSourceMethod(NativeMethod m, const Value& recv, const std::vector<Value>& args) {
  RandSource* o = sourceOf(recv);
  switch (m) {
    case NativeMethod::RandInt63:
      return Value::Int(int63(o->rng));
    case NativeMethod::RandUint64:
      return Value::Int(static_cast<int64_t>(o->rng.next64()));
    case NativeMethod::RandSeed:
      o->rng = seeded(args.empty() ? 0 : args[0].i);
      return Value();
    default:
      throw rt::GoThrow("gotimers: unknown native method");
  }
}

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
  using Pkg = RandFns<src, 0>;
  using Rnd = RandFns<randOf, 1>;
  const std::tuple<const char*, ExternSync, ExternSync> rs[] = {
      {"Seed", Seed, RSeed},
      {"Int", Pkg::Int, Rnd::Int},
      {"Intn", Pkg::Intn, Rnd::Intn},
      {"Int63", Pkg::Int63, Rnd::Int63},
      {"Int63n", Pkg::Int63n, Rnd::Int63n},
      {"Float64", Pkg::Float64, Rnd::Float64},
      {"Perm", Pkg::Perm, Rnd::Perm},
      {"Shuffle", Pkg::Shuffle, Rnd::Shuffle}};
  for (const auto& [n, pkg, rnd] : rs) {
    t[std::string("math/rand.") + n] = {pkg, nullptr};
    t[std::string("(*math/rand.Rand).") + n] = {rnd, nullptr};
  }
  t["math/rand.New"] = {New, nullptr};
  t["math/rand.NewSource"] = {NewSource, nullptr};
}

}  // namespace gotimers::program
