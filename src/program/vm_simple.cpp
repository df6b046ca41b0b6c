// The instruction loop's fast path (vm_simple.h): simple instructions in a plain function,
// whose locals the compiler keeps in registers (the full loop, VM::exec, is a coroutine:
// its locals live in the coroutine frame).
#include "program/vm_simple.h"

#include <cstring>
#include <new>

#include "program/vm.h"
#include "runtime/runtime.h"

namespace gotimers::program {

VM::SimpleStop VM::runSimple(G& g, int64_t& sinceCharge) {
  Frame* fr = &g.frames.back();
  const Instr* code = fr->fn->code.data();
  const std::vector<int32_t>& operands = fr->fn->args;
  Value* R = g.regs.data() + fr->base;
  const Value* K = p_.consts.data();
  int32_t pc = fr->pc;
  int64_t& n = sinceCharge;
  bool called = false;  // a library call ran: the caller's references into g may be stale
  auto V = [&](int32_t o) -> const Value& { return o >= 0 ? R[o] : K[-1 - o]; };
  for (;;) {
    const Instr& in = code[pc];
    switch (in.op) {
      case Op::Move:
        R[in.dst] = V(in.x);
        break;
      // Fused pairs (ir.h): the first half, then the second as its own case would run it
      // (a branch that would reach a batch's end leaves it to the full loop at pc).
      case Op::MoveJump:
        R[in.dst] = V(in.x);
        n++;
        pc++;
        if (n + 1 >= kBatch) goto out;
        n++;
        pc = code[pc].aux;
        continue;
      case Op::BinI64If: {
        binI64(in, V(in.x).i, V(in.y).i, R[in.dst]);
        n++;
        pc++;
        if (n + 1 >= kBatch) goto out;
        n++;
        pc = R[in.dst].i ? code[pc].aux : code[pc].aux2;
        continue;
      }
      case Op::Bin:
        if (binOp(in, V(in.x), V(in.y), R[in.dst])) goto out;  // a panic: the full loop's
        break;
      case Op::BinI64:
        binI64(in, V(in.x).i, V(in.y).i, R[in.dst]);
        break;
      case Op::Not:
        R[in.dst] = Value::Bool(!V(in.x).i);
        break;
      case Op::Neg:
        R[in.dst] = negOp(in, V(in.x));
        break;
      case Op::Compl:
        R[in.dst] = Value::Int(wrapInt(in.nk, ~V(in.x).i));
        break;
      case Op::ConvertNum:
        R[in.dst] = convertNum(in, V(in.x));
        break;
      case Op::Load:
        if (!loadOp(V(in.x), R[in.dst])) goto out;
        break;
      case Op::Store:
        if (!storeOp(V(in.x), V(in.y))) goto out;
        break;
      case Op::FieldAddr: {
        Box* b = pointee(V(in.x));
        if (!b || static_cast<size_t>(in.aux) >= b->v.size()) goto out;
        R[in.dst] = ptrTo(b, in.aux);
        break;
      }
      case Op::Field: {
        auto* b = V(in.x).as<Box>();
        if (!b || static_cast<size_t>(in.aux) >= b->v.size()) goto out;
        R[in.dst] = b->v[static_cast<size_t>(in.aux)];
        break;
      }
      case Op::IndexAddr: {
        int64_t len = 0;
        if (!indexAddrOp(in, V(in.x), V(in.y).i, R[in.dst], &len)) goto out;
        break;
      }
      case Op::Extract:
        R[in.dst] = V(in.x).as<Box>()->v[static_cast<size_t>(in.aux)];
        break;
      // a branch that would reach a batch's end is the full loop's: it charges the batch
      case Op::Jump:
        if (n + 1 >= kBatch) goto out;
        n++;
        pc = in.aux;
        continue;
      case Op::If:
        if (n + 1 >= kBatch) goto out;
        n++;
        pc = V(in.x).i ? in.aux : in.aux2;
        continue;
      case Op::CallExt: {
        // a synchronous library function with up to kArgs arguments, as the full loop calls
        // it: the batch so far (this call included) charged first, the frame's pc at the
        // call while it runs (its panics and the frames it may push see it there)
        constexpr int32_t kArgs = 4;
        const Extern& x = p_.externs[static_cast<size_t>(in.aux)];
        if (!x.impl || !x.impl->fn || in.argN > kArgs) goto out;
        // The arguments are borrowed: bitwise copies of the registers and constants, with no
        // reference counted, never destroyed. The extern cannot change the caller's registers
        // (results go to ctx.result; program code it runs through callSync has frames of its
        // own), so what they refer to outlives the call.
        alignas(Value) unsigned char argBytes[kArgs * sizeof(Value)];
        for (int32_t i = 0; i < in.argN; i++)
          std::memcpy(argBytes + i * sizeof(Value),
                      static_cast<const void*>(&V(operands[static_cast<size_t>(in.argOff + i)])),
                      sizeof(Value));
        fr->pc = pc;
        pending_ += n + 1;
        n = 0;
        chargeBatch();
        if (in.aux2 >= 0 && rt::Runtime::current().tracing())  // a timer named by the source
          rt::Runtime::current().nameNextTimer(p_.timerNames[static_cast<size_t>(in.aux2)]);
        ExternCtx ctx{*this,   g,      std::launder(reinterpret_cast<const Value*>(argBytes)),
                      in.argN, in.aux, in.pos,
                      {}};
        x.impl->fn(ctx);
        // the extern may have run program code (callSync): frames and registers may have moved
        fr = &g.frames.back();
        R = g.regs.data() + fr->base;
        if (in.dst >= 0) R[in.dst] = std::move(ctx.result);
        fr->pc = ++pc;
        called = true;
        if (g.nested == 0 && rt::Runtime::current().behind()) return SimpleStop::Checkpoint;
        continue;
      }
      default:
        goto out;
    }
    n++;
    pc++;
  }
out:
  fr->pc = pc;
  return called ? SimpleStop::Restart : SimpleStop::Full;
}

}  // namespace gotimers::program
