// The VM's flat instruction loop: one call runs a goroutine's frames until the frame stack
// drops to stopDepth (vm.h).
#include <fmt/format.h>

#include <cmath>

#include "program/vm.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"
#include "program/vm_simple.h"
#include "runtime/chan.h"

namespace gotimers::program {

namespace {

const char* kNilDeref = "runtime error: invalid memory address or nil pointer dereference";

int64_t lenOf(const Value& v, TK k) {
  switch (v.k) {
    case VK::Str:
      return static_cast<int64_t>(strOf(v).size());
    case VK::Slice:
      return v.b;
    case VK::Agg:
      return static_cast<int64_t>(v.as<Box>()->v.size());
    case VK::Ptr:
      if (k == TK::Pointer) {
        Box* b = v.a < 0 ? v.as<Box>() : v.as<Box>()->v[static_cast<size_t>(v.a)].as<Box>();
        return static_cast<int64_t>(b->v.size());
      }
      return 0;
    case VK::Map:
      return v.as<MapObj>()->live;
    case VK::Chan:
      return rt::chanlen(rt::Runtime::current(), v.as<rt::hchan>());
    default:
      return 0;
  }
}

// Go's growslice capacity rule (runtime/slice.go@go1.18+, without size-class rounding).
int64_t growCap(int64_t oldCap, int64_t newLen) {
  int64_t newcap = oldCap;
  int64_t doublecap = newcap + newcap;
  if (newLen > doublecap) return newLen;
  const int64_t threshold = 256;
  if (oldCap < threshold) return doublecap;
  while (0 < newcap && newcap < newLen)
    newcap += (newcap + 3 * threshold) / 4;
  return newcap <= 0 ? newLen : newcap;
}

}  // namespace

rt::Task<void> VM::exec(G& g, size_t stopDepth) {
  rt::Runtime& rtm = rt::Runtime::current();
  const int64_t epoch = epochNs();
  std::vector<Value> argbuf;
  int64_t sinceCharge = 0;
  auto charge = [&]() {
    pending_ += sinceCharge;
    sinceCharge = 0;
    chargeBatch();
  };
  for (;;) {
    std::string caught;
    int32_t caughtType = -1;
    try {
      for (;;) {
        if (g.frames.size() <= stopDepth) co_return;
        Frame& fr = g.frames.back();
        if (fr.mode == Frame::Panicking) {
          // unwind: run this frame's deferred calls, last first; then recover or pop it
          if (fr.defers && !fr.defers->empty()) {
            CallRec c = std::move(fr.defers->back());
            fr.defers->pop_back();
            if (pushCall(g, c, -1)) g.frames.back().deferCall = true;
            continue;
          }
          if (g.recovered) {
            g.panicking = false;
            g.recovered = false;
            g.panicVal = Value();
            fr.mode = Frame::Normal;
            fr.pc = fr.fn->recoverPc;
            continue;
          }
          bool stop = fr.stop;
          g.regs.resize(static_cast<size_t>(fr.base));
          g.frames.pop_back();
          if (g.frames.size() <= stopDepth || stop) {
            if (g.goexit && g.frames.size() == 0 && g.nested == 0) co_return;  // Goexit done
            if (g.nested > 0 || stopDepth > 0 || stop) {
              Value v = g.panicVal;
              g.panicking = false;
              throw rt::GoPanic(panicText(g, v));  // rethrown by the handler below
            }
            co_return;  // the goroutine dies of it (goroutine() reports)
          }
          g.frames.back().mode = Frame::Panicking;
          continue;
        }
        if (SimpleStop stop = runSimple(g, sinceCharge); stop != SimpleStop::Full) {
          if (stop == SimpleStop::Checkpoint && g.nested == 0 && rtm.behind()) {
            co_await rtm.checkpoint();
          }
          continue;
        }
        const Func& fn = *fr.fn;
        Value* R = g.regs.data() + fr.base;
        const Instr& in = fn.code[static_cast<size_t>(fr.pc)];
        sinceCharge++;
        auto V = [&](int32_t o) -> const Value& {
          return o >= 0 ? R[o] : p_.consts[static_cast<size_t>(-1 - o)];
        };
        auto panicRT = [&](std::string msg, int32_t t = -1) {
          runtimePanic(g, t >= 0 ? t : p_.tRuntimeError, std::move(msg));
        };
        switch (in.op) {
          case Op::Jump:
            fr.pc = in.aux;
            if (sinceCharge >= kBatch) {
              charge();
              if (g.nested == 0 && (rtm.behind() || rtm.stepBudgetSpent())) {
                co_await rtm.checkpoint(true);
              }
            }
            continue;
          case Op::If:
            fr.pc = V(in.x).i ? in.aux : in.aux2;
            if (sinceCharge >= kBatch) {
              charge();
              if (g.nested == 0 && (rtm.behind() || rtm.stepBudgetSpent())) {
                co_await rtm.checkpoint(true);
              }
            }
            continue;
          // Move, BinI64, Not, Neg, Compl, ConvertNum, Extract and the first half of a fused
          // pair (MoveJump, BinI64If) never reach here: they cannot fail, so VM::runSimple
          // (called above) always runs them.
          case Op::Bin:
            if (const char* e = binOp(in, V(in.x), V(in.y), R[in.dst])) {
              panicRT(e);
              continue;
            }
            break;
          case Op::ConvertStr: {
            const Value& x = V(in.x);
            if (in.rk == TK::String && isInteger(in.nk)) {
              R[in.dst] = makeStr(encodeRune(isUnsigned(in.nk) && x.i < 0 ? -1 : x.i));
            } else if (in.rk == TK::String && in.nk == TK::Slice) {
              std::string s;
              if (x.k == VK::Slice) {
                auto* b = x.as<Box>();
                for (int32_t i = 0; i < x.b; i++) {
                  int64_t e = b->v[static_cast<size_t>(x.a + i)].i;
                  if (in.aux == 1) {
                    s += encodeRune(e);
                  } else {
                    s += static_cast<char>(e);
                  }
                }
              }
              R[in.dst] = makeStr(std::move(s));
            } else if (in.rk == TK::Slice && in.nk == TK::String) {
              const std::string& s = strOf(x);
              auto* b = new Box();
              if (in.aux == 1) {
                for (size_t i = 0; i < s.size();) {
                  size_t n;
                  b->v.push_back(Value::Int(decodeRune(s, i, &n)));
                  b->recount();
                  i += n;
                }
              } else {
                for (char c : s)
                  b->v.push_back(Value::Int(static_cast<uint8_t>(c)));
                b->recount();
              }
              auto n = static_cast<int32_t>(b->v.size());
              Value sl = Value::Obj(VK::Slice, b, 0, n);
              sl.i = n;
              R[in.dst] = std::move(sl);
            } else {
              R[in.dst] = x;
            }
            break;
          }
          case Op::Alloc:
            R[in.dst] = newVar(p_, in.aux);
            break;
          case Op::Load:
            if (!loadOp(V(in.x), R[in.dst])) {
              panicRT(kNilDeref);
              continue;
            }
            break;
          case Op::Store:
            if (!storeOp(V(in.x), V(in.y))) {
              panicRT(kNilDeref);
              continue;
            }
            break;
          case Op::FieldAddr: {
            Box* b = pointee(V(in.x));
            if (!b) {
              panicRT(kNilDeref);
              continue;
            }
            if (static_cast<size_t>(in.aux) >= b->v.size())
              throw rt::GoThrow("gotimers: field index");
            R[in.dst] = ptrTo(b, in.aux);
            break;
          }
          case Op::Field: {
            const Value& x = V(in.x);
            auto* b = x.as<Box>();
            if (!b || static_cast<size_t>(in.aux) >= b->v.size())
              throw rt::GoThrow("gotimers: field of a non-struct");
            R[in.dst] = b->v[static_cast<size_t>(in.aux)];
            break;
          }
          case Op::IndexAddr: {
            const Value& x = V(in.x);
            int64_t i = V(in.y).i, n = 0;
            if (!indexAddrOp(in, x, i, R[in.dst], &n)) {
              if (in.nk != TK::Slice && !pointee(x)) {
                panicRT(kNilDeref);
              } else {
                panicRT(fmt::format("runtime error: index out of range [{}] with length {}", i, n),
                        p_.tBoundsError);
              }
              continue;
            }
            break;
          }
          case Op::Index: {
            const Value& x = V(in.x);
            int64_t i = V(in.y).i;
            if (x.k == VK::Str || in.nk == TK::String) {
              const std::string& s = strOf(x);
              if (i < 0 || i >= static_cast<int64_t>(s.size())) {
                panicRT(fmt::format("runtime error: index out of range [{}] with length {}", i,
                                    s.size()),
                        p_.tBoundsError);
                continue;
              }
              R[in.dst] = Value::Int(static_cast<uint8_t>(s[static_cast<size_t>(i)]));
              break;
            }
            auto* b = x.as<Box>();
            auto n = static_cast<int64_t>(b->v.size());
            if (i < 0 || i >= n) {
              panicRT(fmt::format("runtime error: index out of range [{}] with length {}", i, n),
                      p_.tBoundsError);
              continue;
            }
            R[in.dst] = b->v[static_cast<size_t>(i)];
            break;
          }
          case Op::Slice: {
            const Value& x = V(in.x);
            int64_t len, cap;
            if (in.nk == TK::String) {
              len = cap = static_cast<int64_t>(strOf(x).size());
            } else if (in.nk == TK::Slice) {
              len = x.k == VK::Slice ? x.b : 0;
              cap = x.k == VK::Slice ? x.i : 0;
            } else {
              Box* b = pointee(x);
              if (!b) {
                panicRT(kNilDeref);
                continue;
              }
              len = cap = static_cast<int64_t>(b->v.size());
            }
            int64_t lo = in.y == INT32_MIN ? 0 : V(in.y).i;
            int64_t hi = in.z == INT32_MIN ? len : V(in.z).i;
            int64_t mx = in.w == INT32_MIN ? cap : V(in.w).i;
            if (in.nk == TK::String) mx = len;
            if (mx < 0 || mx > cap) {
              panicRT(
                  fmt::format("runtime error: slice bounds out of range [::{}] with capacity {}",
                              mx, cap),
                  p_.tBoundsError);
              continue;
            }
            if (hi < 0 || hi > mx) {
              panicRT(
                  in.nk == TK::String
                      ? fmt::format("runtime error: slice bounds out of range [:{}] with length {}",
                                    hi, len)
                      : fmt::format(
                            "runtime error: slice bounds out of range [:{}] with capacity {}", hi,
                            cap),
                  p_.tBoundsError);
              continue;
            }
            if (lo < 0 || lo > hi) {
              panicRT(fmt::format("runtime error: slice bounds out of range [{}:{}]", lo, hi),
                      p_.tBoundsError);
              continue;
            }
            if (in.nk == TK::String) {
              R[in.dst] =
                  makeStr(strOf(x).substr(static_cast<size_t>(lo), static_cast<size_t>(hi - lo)));
              break;
            }
            Box* b = in.nk == TK::Slice ? x.as<Box>() : pointee(x);
            int64_t off = in.nk == TK::Slice ? x.a : 0;
            if (!b) {
              R[in.dst] = Value();
              break;
            }
            Value s = Value::Obj(VK::Slice, b, static_cast<int32_t>(off + lo),
                                 static_cast<int32_t>(hi - lo));
            s.i = mx - lo;
            R[in.dst] = std::move(s);
            break;
          }
          case Op::Len:
          case Op::Cap: {
            const Value& x = V(fn.args[static_cast<size_t>(in.argOff)]);
            int64_t n;
            if (in.op == Op::Cap && x.k == VK::Slice) {
              n = x.i;
            } else if (in.op == Op::Cap && x.k == VK::Chan) {
              n = rt::chancap(rtm, x.as<rt::hchan>());
            } else {
              n = lenOf(x, in.nk);
            }
            R[in.dst] = Value::Int(n);
            break;
          }
          case Op::Append: {
            const Value& s = V(fn.args[static_cast<size_t>(in.argOff)]);
            const Value& t = V(fn.args[static_cast<size_t>(in.argOff + 1)]);
            std::vector<Value> add;
            if (t.k == VK::Str) {
              for (char c : strOf(t))
                add.push_back(Value::Int(static_cast<uint8_t>(c)));
            } else if (t.k == VK::Slice) {
              auto* tb = t.as<Box>();
              for (int32_t i = 0; i < t.b; i++)
                add.push_back(clone(tb->v[static_cast<size_t>(t.a + i)]));
            }
            int64_t len = s.k == VK::Slice ? s.b : 0, cap = s.k == VK::Slice ? s.i : 0;
            int64_t nl = len + static_cast<int64_t>(add.size());
            if (add.empty()) {
              R[in.dst] = s;
              break;
            }
            Value out;
            if (nl <= cap) {
              auto* b = s.as<Box>();
              for (size_t i = 0; i < add.size(); i++)
                b->v[static_cast<size_t>(s.a + len) + i] = std::move(add[i]);
              out = Value::Obj(VK::Slice, b, s.a, static_cast<int32_t>(nl));
              out.i = cap;
            } else {
              int64_t nc = growCap(cap, nl);
              auto* b = new Box(static_cast<size_t>(nc));
              if (s.k == VK::Slice) {
                auto* sb = s.as<Box>();
                for (int64_t i = 0; i < len; i++)
                  b->v[static_cast<size_t>(i)] = clone(sb->v[static_cast<size_t>(s.a + i)]);
              }
              for (size_t i = 0; i < add.size(); i++)
                b->v[static_cast<size_t>(len) + i] = std::move(add[i]);
              // the zero value of the element for the spare capacity
              if (nc > nl) {
                Value z = add.empty() ? Value() : (add[0].k == VK::Int ? Value::Int(0) : Value());
                (void)z;
                const Value& proto = b->v[static_cast<size_t>(nl - 1)];
                for (int64_t i = nl; i < nc; i++) {
                  Value& e = b->v[static_cast<size_t>(i)];
                  if (proto.k == VK::Int)
                    e = Value::Int(0);
                  else if (proto.k == VK::Float)
                    e = Value::Float(0);
                  else if (proto.k == VK::Str)
                    e = makeStr("");
                }
              }
              out = Value::Obj(VK::Slice, b, 0, static_cast<int32_t>(nl));
              out.i = nc;
            }
            R[in.dst] = std::move(out);
            break;
          }
          case Op::Copy: {
            const Value& d = V(fn.args[static_cast<size_t>(in.argOff)]);
            const Value& s = V(fn.args[static_cast<size_t>(in.argOff + 1)]);
            int64_t n = 0;
            if (d.k == VK::Slice) {
              auto* db = d.as<Box>();
              if (s.k == VK::Str) {
                const std::string& str = strOf(s);
                n = std::min<int64_t>(d.b, static_cast<int64_t>(str.size()));
                for (int64_t i = 0; i < n; i++)
                  db->v[static_cast<size_t>(d.a + i)] =
                      Value::Int(static_cast<uint8_t>(str[static_cast<size_t>(i)]));
              } else if (s.k == VK::Slice) {
                auto* sb = s.as<Box>();
                n = std::min<int64_t>(d.b, s.b);
                std::vector<Value> tmp;
                for (int64_t i = 0; i < n; i++)
                  tmp.push_back(clone(sb->v[static_cast<size_t>(s.a + i)]));
                for (int64_t i = 0; i < n; i++)
                  assignInto(db->v[static_cast<size_t>(d.a + i)], tmp[static_cast<size_t>(i)]);
              }
            }
            if (in.dst >= 0) R[in.dst] = Value::Int(n);
            break;
          }
          case Op::MakeSlice: {
            int64_t len = V(in.x).i, cap = V(in.y).i;
            if (len < 0 || len > (int64_t{1} << 31)) {
              panicRT("runtime error: makeslice: len out of range");
              continue;
            }
            if (cap < len || cap > (int64_t{1} << 31)) {
              panicRT("runtime error: makeslice: cap out of range");
              continue;
            }
            auto* b = new Box(static_cast<size_t>(cap));
            Value z = p_.zero(in.aux);
            for (auto& e : b->v)
              e = clone(z);
            Value s = Value::Obj(VK::Slice, b, 0, static_cast<int32_t>(len));
            s.i = cap;
            R[in.dst] = std::move(s);
            break;
          }
          case Op::MakeMap:
            R[in.dst] = Value::Obj(VK::Map, new MapObj());
            break;
          case Op::MakeChan: {
            int64_t n = V(in.x).i;
            if (n < 0 || n > (int64_t{1} << 31)) {
              panicRT("makechan: size out of range", p_.tPlainError);
              continue;
            }
            charge();
            Ref<rt::hchan> c = rt::makechan(rtm, static_cast<uint32_t>(n));
            R[in.dst] = Value::Obj(VK::Chan, c.get());
            break;
          }
          case Op::MakeClosure: {
            auto* c = new Closure();
            c->fn = in.aux;
            for (int32_t i = 0; i < in.argN; i++)
              c->free.push_back(V(fn.args[static_cast<size_t>(in.argOff + i)]));
            c->recount();
            Value f = Value::Obj(VK::Func, c, in.aux, 0);
            R[in.dst] = std::move(f);
            break;
          }
          case Op::MakeIface: {
            Value v = V(in.x);
            v.t = in.aux;
            R[in.dst] = std::move(v);
            break;
          }
          case Op::TypeAssert: {
            const Value& x = V(in.x);
            const Type& T = p_.types[static_cast<size_t>(in.aux)];
            bool ok;
            std::string missing;
            if (T.base == TK::Interface) {
              ok = x.t >= 0;
              const Type& ti = p_.under(in.aux);
              for (const auto& m : ti.methods) {
                if (!ok) break;
                const Method* have = method(x.t, m.sel);
                if (!have || have->type != m.type) {
                  ok = false;
                  missing = p_.selectors[static_cast<size_t>(m.sel)];
                }
              }
            } else {
              ok = x.t == in.aux;
            }
            Value r;
            if (ok) {
              r = x;
              if (T.base != TK::Interface) r.t = -1;
            } else if (in.aux2) {
              r = T.base == TK::Interface ? Value() : p_.zero(in.aux);
            } else {
              const std::string& from = p_.types[static_cast<size_t>(in.z)].str;
              std::string msg;
              if (x.t < 0) {
                msg = fmt::format("interface conversion: interface is nil, not {}", T.str);
              } else if (T.base == TK::Interface) {
                msg = fmt::format("interface conversion: {} is not {}: missing method {}",
                                  p_.types[static_cast<size_t>(x.t)].str, T.str, missing);
              } else {
                msg = fmt::format("interface conversion: {} is {}, not {}", from,
                                  p_.types[static_cast<size_t>(x.t)].str, T.str);
              }
              runtimePanic(g, p_.tRuntimeError, msg);
              continue;
            }
            if (in.aux2) {
              R[in.dst] = makeTuple({std::move(r), Value::Bool(ok)});
            } else {
              R[in.dst] = std::move(r);
            }
            break;
          }
          case Op::Lookup: {
            const Value& x = V(in.x);
            const Value& k = V(in.y);
            if (in.aux2 == 1) {  // string index
              const std::string& s = strOf(x);
              if (k.i < 0 || k.i >= static_cast<int64_t>(s.size())) {
                panicRT(fmt::format("runtime error: index out of range [{}] with length {}", k.i,
                                    s.size()),
                        p_.tBoundsError);
                continue;
              }
              R[in.dst] = Value::Int(static_cast<uint8_t>(s[static_cast<size_t>(k.i)]));
              break;
            }
            Value* found = x.k == VK::Map ? x.as<MapObj>()->find(k) : nullptr;
            Value v = found ? *found : p_.zero(in.z);
            if (in.aux) {
              R[in.dst] = makeTuple({std::move(v), Value::Bool(found != nullptr)});
            } else {
              R[in.dst] = std::move(v);
            }
            break;
          }
          case Op::MapUpdate: {
            const Value& m = V(in.x);
            if (m.k != VK::Map) {
              panicRT("assignment to entry in nil map", p_.tPlainError);
              continue;
            }
            m.as<MapObj>()->put(V(in.y), clone(V(in.z)));
            break;
          }
          case Op::Delete: {
            const Value& m = V(fn.args[static_cast<size_t>(in.argOff)]);
            if (m.k == VK::Map)
              m.as<MapObj>()->erase(V(fn.args[static_cast<size_t>(in.argOff + 1)]));
            break;
          }
          case Op::Range: {
            const Value& x = V(in.x);
            if (in.nk == TK::String) {
              auto* it = new StrIter();
              it->s = x;
              R[in.dst] = Value::Obj(VK::Native, it);
            } else {
              auto* it = new MapIter();
              if (x.k == VK::Map) {
                it->m = Ref<MapObj>(x.as<MapObj>());
                it->m->iterators++;
                it->n = it->m->entries.size();
                if (it->n > 0) it->start = mapRng().uintn(static_cast<uint32_t>(it->n));
              }
              R[in.dst] = Value::Obj(VK::Native, it);
            }
            break;
          }
          case Op::Next: {
            const Value& itv = V(in.x);
            if (in.aux == 1) {
              auto* it = itv.as<StrIter>();
              const std::string& s = strOf(it->s);
              if (it->i >= s.size()) {
                R[in.dst] = makeTuple({Value::Bool(false), Value::Int(0), Value::Int(0)});
                break;
              }
              size_t n;
              int32_t r = decodeRune(s, it->i, &n);
              R[in.dst] = makeTuple(
                  {Value::Bool(true), Value::Int(static_cast<int64_t>(it->i)), Value::Int(r)});
              it->i += n;
              break;
            }
            auto* it = itv.as<MapIter>();
            bool found = false;
            while (it->m && it->j < it->n) {
              size_t idx = (it->start + it->j++) % it->n;
              auto& e = it->m->entries[idx];
              if (!e.live) continue;
              R[in.dst] = makeTuple({Value::Bool(true), e.key, e.val});
              found = true;
              break;
            }
            if (!found) R[in.dst] = makeTuple({Value::Bool(false), Value(), Value()});
            break;
          }
          case Op::Call: {
            const Func& callee = p_.funcs[static_cast<size_t>(in.aux)];
            argbuf.clear();
            for (int32_t i = 0; i < in.argN; i++)
              argbuf.push_back(V(fn.args[static_cast<size_t>(in.argOff + i)]));
            fr.pc++;
            pushFrame(g, callee, argbuf.data(), in.argN, nullptr, 0, in.dst);
            continue;
          }
          case Op::CallClosure:
          case Op::Invoke:
          case Op::CallExt: {
            // the callee, and the arguments in argbuf (no allocation once argbuf has grown)
            Value fnv;
            argbuf.clear();
            int32_t ext = -1;
            const Func* callee = nullptr;  // a program function: pushed directly
            const Closure* cl = nullptr;
            if (in.op == Op::CallExt) {
              fnv.k = VK::Func;
              fnv.a = in.aux;
              fnv.b = 1;
              ext = in.aux;
            } else {
              fnv = V(in.x);
              if (in.op == Op::Invoke) {
                if (fnv.t < 0) {
                  panicRT(kNilDeref);
                  continue;
                }
                const Method* m = method(fnv.t, in.aux);
                if (m && (m->ext >= 0 || m->func >= 0)) {  // the receiver goes first
                  if (m->func >= 0)
                    callee = &p_.funcs[static_cast<size_t>(m->func)];
                  else
                    ext = m->ext;
                  Value self = fnv;
                  self.t = -1;
                  argbuf.push_back(std::move(self));
                }
              } else if (fnv.k != VK::Func) {
                panicRT(kNilDeref);
                continue;
              } else if (fnv.b == 1) {
                ext = fnv.a;  // an extern used as a func value
              } else {
                callee = &p_.funcs[static_cast<size_t>(fnv.a)];
                cl = fnv.as<Closure>();
              }
            }
            for (int32_t i = 0; i < in.argN; i++)
              argbuf.push_back(V(fn.args[static_cast<size_t>(in.argOff + i)]));
            if (ext >= 0) {
              const Extern& x = p_.externs[static_cast<size_t>(ext)];
              if (!x.impl) {
                throw rt::GoThrow(fmt::format("{}: gotimers: {} is not implemented yet",
                                              p_.where(in.pos), x.name));
              }
              charge();
              if (in.op == Op::CallExt && in.aux2 >= 0 && rtm.tracing())
                rtm.nameNextTimer(p_.timerNames[static_cast<size_t>(in.aux2)]);
              ExternCtx ctx{*this,  g, argbuf.data(), static_cast<int32_t>(argbuf.size()), ext,
                            in.pos, {}};
              ctx.fnv = &fnv;
              if (x.impl->afn) {
                if (g.nested > 0) throw rt::GoThrow("gotimers: a method called by fmt blocked");
                co_await x.impl->afn(ctx);
              } else {
                x.impl->fn(ctx);
                if (g.nested == 0 && rtm.behind()) co_await rtm.checkpoint();
              }
              Frame& f2 = g.frames.back();
              if (in.dst >= 0)
                g.regs[static_cast<size_t>(f2.base + in.dst)] = std::move(ctx.result);
              f2.pc++;
              continue;
            }
            if (callee) {
              fr.pc++;
              pushFrame(g, *callee, argbuf.data(), static_cast<int32_t>(argbuf.size()),
                        cl ? cl->free.data() : nullptr,
                        cl ? static_cast<int32_t>(cl->free.size()) : 0, in.dst);
              continue;
            }
            // a native method of a VM-made type, or none (pushCall panics as Go does)
            CallRec c;
            c.pos = in.pos;
            c.fn = std::move(fnv);
            if (in.op == Op::Invoke) {
              c.builtin = Op::Invoke;
              c.sel = in.aux;
            }
            c.args.assign(argbuf.begin(), argbuf.end());
            fr.pc++;
            pushCall(g, c, in.dst);
            continue;
          }
          case Op::Return: {
            Value res;
            if (in.argN == 1) {
              res = V(fn.args[static_cast<size_t>(in.argOff)]);
            } else if (in.argN > 1) {
              std::vector<Value> rs;
              for (int32_t i = 0; i < in.argN; i++)
                rs.push_back(V(fn.args[static_cast<size_t>(in.argOff + i)]));
              res = makeTuple(std::move(rs));
            }
            int32_t dst = fr.dst;
            bool stop = fr.stop;
            g.regs.resize(static_cast<size_t>(fr.base));
            g.frames.pop_back();
            if (stop) {
              g.syncResult = std::move(res);
              co_return;
            }
            if (g.frames.size() > stopDepth && dst >= 0) {
              Frame& caller = g.frames.back();
              g.regs[static_cast<size_t>(caller.base + dst)] = std::move(res);
            }
            continue;
          }
          case Op::Go:
          case Op::Defer: {
            const Instr& c = p_.deferred[static_cast<size_t>(in.aux)];
            CallRec rec;
            rec.pos = in.pos;
            switch (c.op) {
              case Op::Call:
                rec.fn.k = VK::Func;
                rec.fn.a = c.aux;
                break;
              case Op::CallExt:
                rec.fn.k = VK::Func;
                rec.fn.a = c.aux;
                rec.fn.b = 1;
                break;
              case Op::CallClosure:
                rec.fn = V(c.x);
                break;
              case Op::Invoke:
                rec.builtin = Op::Invoke;
                rec.fn = V(c.x);
                rec.sel = c.aux;
                break;
              default:
                rec.builtin = c.op;
            }
            for (int32_t i = 0; i < c.argN; i++)
              rec.args.push_back(V(fn.args[static_cast<size_t>(c.argOff + i)]));
            if (in.op == Op::Defer) {
              if (!fr.defers) fr.defers = std::make_unique<std::vector<CallRec>>();
              fr.defers->push_back(std::move(rec));
            } else {
              std::string label;
              if (c.op == Op::Call) label = p_.funcs[static_cast<size_t>(c.aux)].goname;
              if (c.op == Op::CallClosure && rec.fn.k == VK::Func && rec.fn.b == 0) {
                label = p_.funcs[static_cast<size_t>(rec.fn.a)].goname;
              }
              if (c.op == Op::CallExt) label = p_.externs[static_cast<size_t>(c.aux)].name;
              pending_ += sinceCharge;
              sinceCharge = 0;
              startGoroutine(std::move(rec), std::move(label));
              fr.pc++;
              co_await rtm.checkpoint();
              continue;
            }
            break;
          }
          case Op::RunDefers:
            if (fr.defers && !fr.defers->empty()) {
              CallRec c = std::move(fr.defers->back());
              fr.defers->pop_back();
              pushCall(g, c, -1);
              continue;
            }
            break;
          case Op::Recover: {
            Value r;
            if (g.panicking && !g.recovered && !g.goexit && fr.deferCall) {
              r = g.panicVal;
              g.recovered = true;
            }
            if (in.dst >= 0) R[in.dst] = std::move(r);
            break;
          }
          case Op::Panic:
            fr.pc++;
            startPanic(g, V(in.x));
            continue;
          case Op::CallPanic:
            fr.pc++;
            startPanic(g, V(fn.args[static_cast<size_t>(in.argOff)]));
            continue;
          case Op::WrapNilChk: {
            const Value& p = V(fn.args[static_cast<size_t>(in.argOff)]);
            if (p.k != VK::Ptr) {
              panicRT(fmt::format("value method {}.{} called using nil *{} pointer",
                                  strOf(V(fn.args[static_cast<size_t>(in.argOff + 1)])),
                                  strOf(V(fn.args[static_cast<size_t>(in.argOff + 2)])),
                                  strOf(V(fn.args[static_cast<size_t>(in.argOff + 1)]))));
              continue;
            }
            R[in.dst] = p;
            break;
          }
          case Op::Print:
          case Op::Println: {
            CallRec c;
            c.builtin = in.op;
            for (int32_t i = 0; i < in.argN; i++)
              c.args.push_back(V(fn.args[static_cast<size_t>(in.argOff + i)]));
            pushCall(g, c, -1);
            break;
          }
          case Op::Close: {
            const Value& c = V(fn.args[static_cast<size_t>(in.argOff)]);
            charge();
            if (c.k != VK::Chan) {
              panicRT("close of nil channel", p_.tPlainError);
              continue;
            }
            rt::closechan(rtm, c.as<rt::hchan>());
            break;
          }
          case Op::Send: {
            const Value& c = V(in.x);
            rt::Value v = toChan(V(in.y));
            charge();
            if (g.nested > 0) throw rt::GoThrow("gotimers: a method called by fmt blocked");
            fr.pc++;
            co_await rt::chansend(rtm, c.k == VK::Chan ? c.as<rt::hchan>() : nullptr, std::move(v));
            continue;
          }
          case Op::Recv: {
            rt::hchan* c = V(in.x).k == VK::Chan ? V(in.x).as<rt::hchan>() : nullptr;
            charge();
            if (g.nested > 0) throw rt::GoThrow("gotimers: a method called by fmt blocked");
            int32_t dst = in.dst, elem = in.z;
            bool commaok = in.aux != 0;
            fr.pc++;
            size_t depth = g.frames.size();
            rt::Value out;
            bool ok = co_await rt::chanrecv(rtm, c, &out);
            Frame& f2 = g.frames[depth - 1];
            Value v = fromChan(p_, out, elem, epoch);
            if (dst >= 0) {
              g.regs[static_cast<size_t>(f2.base + dst)] =
                  commaok ? makeTuple({std::move(v), Value::Bool(ok)}) : std::move(v);
            }
            continue;
          }
          case Op::Select: {
            const SelectInfo& si = p_.selects[static_cast<size_t>(in.aux)];
            std::vector<rt::scase> cases(si.states.size());
            for (size_t i = 0; i < si.states.size(); i++) {
              const Value& c = V(si.states[i].chan);
              cases[i].c = c.k == VK::Chan ? c.as<rt::hchan>() : nullptr;
              cases[i].isSend = si.states[i].send;
              if (si.states[i].send) cases[i].sendv = toChan(V(si.states[i].val));
            }
            charge();
            if (g.nested > 0) throw rt::GoThrow("gotimers: a method called by fmt blocked");
            int32_t dst = in.dst;
            fr.pc++;
            size_t depth = g.frames.size();
            int chosen;
            if (cases.empty() && si.blocking) {
              co_await rtm.gopark(nullptr, "select (no cases)");
              chosen = -1;
            } else {
              chosen = co_await rt::selectgo(rtm, cases, si.blocking);
            }
            std::vector<Value> tup{Value::Int(chosen), Value::Bool(false)};
            for (size_t i = 0; i < si.states.size(); i++) {
              if (si.states[i].send) continue;
              if (static_cast<int>(i) == chosen) {
                tup[1] = Value::Bool(cases[i].recvOk);
                tup.push_back(fromChan(p_, cases[i].recvv, si.states[i].val, epoch));
              } else {
                tup.push_back(p_.zero(si.states[i].val));
              }
            }
            Frame& f2 = g.frames[depth - 1];
            if (dst >= 0) g.regs[static_cast<size_t>(f2.base + dst)] = makeTuple(std::move(tup));
            continue;
          }
          case Op::SliceToArrayPtr: {
            const Value& s = V(in.x);
            int64_t n = p_.under(in.aux).len;
            int64_t len = s.k == VK::Slice ? s.b : 0;
            if (len < n) {
              panicRT(
                  fmt::format("runtime error: cannot convert slice with length {} to pointer to "
                              "array with length {}",
                              len, n));
              continue;
            }
            if (s.k != VK::Slice) {
              R[in.dst] = Value();
              break;
            }
            // a fresh view: Go aliases the slice's memory; this increment copies when the
            // slice does not start at its backing array's beginning (documented)
            auto* b = s.as<Box>();
            if (s.a == 0 && static_cast<int64_t>(b->v.size()) == n) {
              R[in.dst] = Value::Obj(VK::Ptr, b, -1);
            } else {
              auto* nb = new Box(static_cast<size_t>(n));
              for (int64_t i = 0; i < n; i++)
                nb->v[static_cast<size_t>(i)] = b->v[static_cast<size_t>(s.a + i)];
              R[in.dst] = Value::Obj(VK::Ptr, nb, -1);
            }
            break;
          }
          default:
            throw rt::GoThrow("gotimers: unknown instruction");
        }
        g.frames.back().pc++;
      }
    } catch (const rt::GoPanic& e) {
      // a panic raised by native code becomes a Go panic of this frame (recoverable, its
      // deferred calls run); one that unwound past stopDepth goes on to the caller
      if (g.frames.size() <= stopDepth) throw;
      caught = e.what();
      caughtType = -1;  // a library's panic(string): the value is that string
      if (caught.rfind("runtime error: ", 0) == 0) caughtType = p_.tRuntimeError;
      for (const char* plain : {"close of nil channel", "close of closed channel",
                                "send on closed channel", "assignment to entry in nil map"}) {
        if (caught == plain) caughtType = p_.tPlainError;
      }
    }
    if (caughtType < 0) {
      Value v = makeStr(caught);
      v.t = p_.tString;
      startPanic(g, std::move(v));
    } else {
      runtimePanic(g, caughtType, caught);
    }
  }
}

}  // namespace gotimers::program
