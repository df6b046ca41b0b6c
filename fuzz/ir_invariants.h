// What the VM assumes of a loaded Go program (src/program/ir.h's invariants), checked after
// loadProgram accepted a document: every index into the program's tables is in range, every
// jump target is an offset of its function's code, and every instruction that produces a
// value has a register to put it in. The fuzz target ir_load throws std::logic_error (a
// crash for libFuzzer) when the loader let through a document that breaks one, since the
// VM would then read or write out of bounds.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "program/ir.h"

namespace gotimers::fuzz {

class IrInvariants {
 public:
  explicit IrInvariants(const program::Program& p) : p_(p) {}

  void check() {
    const auto nt = size(p_.types);
    for (size_t i = 0; i < p_.types.size(); i++) {
      const program::Type& t = p_.types[i];
      where_ = fmt::format("type {}", i);
      optIn("elem", t.elem, nt);
      const bool hasElem = t.kind == program::TK::Array || t.kind == program::TK::Slice ||
                           t.kind == program::TK::Pointer || t.kind == program::TK::Chan ||
                           t.kind == program::TK::Map;
      if (hasElem) in("elem", t.elem, nt);
      if (t.kind == program::TK::Map) in("key", t.key, nt);
      optIn("key", t.key, nt);
      optIn("underlying", t.underlying, nt);
      for (int32_t x : t.params)
        in("param type", x, nt);
      for (int32_t x : t.results)
        in("result type", x, nt);
      for (int32_t x : t.elems)
        in("tuple type", x, nt);
      for (const auto& f : t.fields)
        in("field type", f.type, nt);
      for (const auto& m : t.methods) {
        in("method selector", m.sel, size(p_.selectors));
        in("method type", m.type, nt);
      }
      for (const auto& m : t.methodset) {
        in("methodset selector", m.sel, size(p_.selectors));
        optIn("methodset type", m.type, nt);
        if (m.func < 0 && m.ext < 0 && m.native < 0) fail("a methodset entry without a target");
        optIn("methodset func", m.func, size(p_.funcs));
        optIn("methodset extern", m.ext, size(p_.externs));
      }
    }
    where_ = "constants";
    for (int32_t t : p_.constTypes)
      in("constant type", t, nt);
    if (p_.constTypes.size() != p_.consts.size()) fail("a constant without a type");
    for (const auto& g : p_.globals)
      in("global type", g.type, nt);
    for (const auto& e : p_.externs)
      optIn("extern type", e.type, nt);
    where_ = "program";
    optIn("init", p_.init, size(p_.funcs));
    if (p_.main >= size(p_.funcs)) fail("main out of range");
    for (const auto* list : {&p_.tests, &p_.benchmarks}) {
      for (const auto& t : *list)
        in("test func", t.func, size(p_.funcs));
    }
    for (const auto& pos : p_.positions) {
      if (pos.file >= size(p_.files)) fail("a position's file");
    }
    for (const auto& f : p_.funcs)
      checkFunc(f);
  }

 private:
  static int32_t size(const auto& v) { return static_cast<int32_t>(v.size()); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::logic_error("loaded IR breaks an invariant: " + what + " in " + where_);
  }
  void in(const char* what, int32_t x, int32_t n) const {
    if (x < 0 || x >= n) fail(fmt::format("{} {} not in [0,{})", what, x, n));
  }
  void optIn(const char* what, int32_t x, int32_t n) const {
    if (x != -1) in(what, x, n);
  }

  void operand(const program::Func& f, int32_t o) const {
    if (o >= 0 ? o >= f.nregs : -1 - static_cast<int64_t>(o) >= size(p_.consts)) {
      fail(fmt::format("operand {}", o));
    }
  }
  void optOperand(const program::Func& f, int32_t o) const {
    if (o != INT32_MIN) operand(f, o);
  }

  void checkFunc(const program::Func& f) {
    where_ = f.name;
    in("func type", f.type, size(p_.types));
    if (f.nregs != size(f.regTypes)) fail("nregs");
    for (int32_t t : f.regTypes)
      in("register type", t, size(p_.types));
    optIn("recover pc", f.recoverPc, size(f.code));
    if (f.code.empty()) fail("no code");
    for (int32_t a : f.args)
      operand(f, a);
    for (const auto& in : f.code)
      checkInstr(f, in, false);
    // a fused pair's second half follows it (ir.h)
    for (size_t k = 0; k < f.code.size(); k++) {
      const program::Op op = f.code[k].op;
      if (op != program::Op::BinI64If && op != program::Op::MoveJump) continue;
      const program::Op next = op == program::Op::BinI64If ? program::Op::If : program::Op::Jump;
      if (k + 1 == f.code.size() || f.code[k + 1].op != next)
        fail("a fused pair without its second half");
      if (op == program::Op::BinI64If && f.code[k + 1].x != f.code[k].dst)
        fail("a fused If tests another register");
    }
  }

  // in: one instruction of f; deferred: the call of a go or defer.
  void checkInstr(const program::Func& f, const program::Instr& in, bool deferred) {
    using program::Op;
    const int32_t nt = size(p_.types);
    if (in.pos < 0 || in.pos >= size(p_.positions)) fail("instruction position");
    if (in.dst != -1) this->in("dst", in.dst, f.nregs);
    if (in.argN < 0 || in.argOff < 0 || in.argOff + in.argN > size(f.args)) fail("arguments");
    switch (in.op) {
      case Op::Bin:
      case Op::BinI64:
      case Op::BinI64If:
      case Op::IndexAddr:
      case Op::Index:
      case Op::MakeSlice:
        operand(f, in.x);
        operand(f, in.y);
        break;
      case Op::Send:
      case Op::Store:
        operand(f, in.x);
        operand(f, in.y);
        break;
      case Op::MapUpdate:
        operand(f, in.x);
        operand(f, in.y);
        operand(f, in.z);
        break;
      case Op::Lookup:
        operand(f, in.x);
        operand(f, in.y);
        break;
      case Op::Not:
      case Op::Neg:
      case Op::Compl:
      case Op::Load:
      case Op::Move:
      case Op::MoveJump:
      case Op::ConvertNum:
      case Op::ConvertStr:
      case Op::SliceToArrayPtr:
      case Op::Recv:
      case Op::CallClosure:
      case Op::Invoke:
      case Op::MakeChan:
      case Op::Range:
      case Op::Next:
      case Op::Extract:
      case Op::Panic:
      case Op::Field:
      case Op::FieldAddr:
      case Op::If:
        operand(f, in.x);
        break;
      case Op::TypeAssert:
      case Op::MakeIface:
        operand(f, in.x);
        this->in("type", in.aux, nt);
        break;
      case Op::Slice:
        operand(f, in.x);
        optOperand(f, in.y);
        optOperand(f, in.z);
        optOperand(f, in.w);
        break;
      case Op::MakeMap:
        optOperand(f, in.x);
        break;
      default:
        break;
    }
    switch (in.op) {
      case Op::Call:
      case Op::MakeClosure:
        this->in("function", in.aux, size(p_.funcs));
        break;
      case Op::CallExt:
        this->in("extern", in.aux, size(p_.externs));
        break;
      case Op::Invoke:
        this->in("selector", in.aux, size(p_.selectors));
        break;
      case Op::Alloc:
        this->in("alloc type", in.aux, nt);
        break;
      case Op::Jump:
        this->in("jump target", in.aux, size(f.code));
        break;
      case Op::If:
        this->in("then target", in.aux, size(f.code));
        this->in("else target", in.aux2, size(f.code));
        break;
      case Op::Go:
      case Op::Defer:
        if (deferred) fail("go or defer inside go or defer");
        this->in("deferred call", in.aux, size(p_.deferred));
        checkInstr(f, p_.deferred[static_cast<size_t>(in.aux)], true);
        break;
      case Op::Select: {
        this->in("select", in.aux, size(p_.selects));
        const program::SelectInfo& si = p_.selects[static_cast<size_t>(in.aux)];
        optIn("select tuple type", si.tupleType, nt);
        for (const auto& st : si.states) {
          operand(f, st.chan);
          if (st.send) operand(f, st.val);
        }
        break;
      }
      default:
        break;
    }
    if (producesValue(in.op) && in.dst < 0 && !deferred) fail("a value without a register");
  }

  // Instructions the VM always writes a register for (R[in.dst]).
  static bool producesValue(program::Op op) {
    using program::Op;
    switch (op) {
      case Op::Alloc:
      case Op::Bin:
      case Op::BinI64:
      case Op::BinI64If:
      case Op::Not:
      case Op::Neg:
      case Op::Compl:
      case Op::Load:
      case Op::Move:
      case Op::MoveJump:
      case Op::ConvertNum:
      case Op::ConvertStr:
      case Op::SliceToArrayPtr:
      case Op::MakeIface:
      case Op::MakeClosure:
      case Op::MakeMap:
      case Op::MakeChan:
      case Op::MakeSlice:
      case Op::Slice:
      case Op::FieldAddr:
      case Op::Field:
      case Op::IndexAddr:
      case Op::Index:
      case Op::Lookup:
      case Op::Range:
      case Op::Next:
      case Op::TypeAssert:
      case Op::Extract:
      case Op::Len:
      case Op::Cap:
      case Op::Append:
      case Op::WrapNilChk:
        return true;
      default:
        return false;
    }
  }

  const program::Program& p_;
  std::string where_;
};

}  // namespace gotimers::fuzz
