// lower.go: lowering one SSA function to the IR: numbered registers with their types,
// basic blocks of instructions with register or constant-pool operands, phis turned
// into sequential moves on the edges that reach them, and a position on every
// instruction.
package main

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// fnLower is the state of one function's lowering.
type fnLower struct {
	lw       *lowering
	fn       *ssa.Function
	reg      map[ssa.Value]int
	regTypes Ints
	temps    map[int][]int // type index -> temporaries for breaking move cycles
	endPos   token.Pos     // the closing brace, for implicit returns
	blockEnd map[*ssa.BasicBlock]token.Pos
	defPos   token.Pos // the position of last resort
}

// binOps and unOps name Go's operators as the IR's opcodes.
var binOps = map[token.Token]string{
	token.ADD: "add", token.SUB: "sub", token.MUL: "mul", token.QUO: "div", token.REM: "rem",
	token.AND: "and", token.OR: "or", token.XOR: "xor", token.AND_NOT: "andnot",
	token.SHL: "shl", token.SHR: "shr",
	token.EQL: "eq", token.NEQ: "ne", token.LSS: "lt", token.LEQ: "le", token.GTR: "gt", token.GEQ: "ge",
}

var unOps = map[token.Token]string{
	token.NOT: "not", token.SUB: "neg", token.XOR: "compl", token.MUL: "load", token.ARROW: "recv",
}

// builtins are the builtin functions with an opcode of their own (new and make are
// Alloc and Make*, panic is the panic instruction).
var builtins = map[string]string{
	"len": "len", "cap": "cap", "append": "append", "copy": "copy", "delete": "delete",
	"close": "close", "recover": "recover", "print": "print", "println": "println",
	"ssa:wrapnilchk": "wrapnilchk",
	"panic":          "callpanic", // only as the call of go or defer: defer panic(x)
}

func lowerFunc(lw *lowering, fn *ssa.Function) Obj {
	fl := &fnLower{lw: lw, fn: fn, reg: map[ssa.Value]int{}, temps: map[int][]int{}}
	fl.positions()
	lw.curPos = fl.defPos

	// Registers: parameters, free variables, then every value in block order.
	var params, free Arr
	for _, p := range fn.Params {
		fl.newReg(p)
		params = append(params, p.Name())
	}
	for _, fv := range fn.FreeVars {
		fl.newReg(fv)
		free = append(free, fv.Name())
	}
	// A register whose type the simulator does not support is reported at its instruction,
	// after what lowering the instruction itself reports (which names the cause better:
	// "variable os.Stdin" rather than the type of the value loaded from it).
	mark := len(lw.u.found)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok && !isVoid(v.Type()) {
				if p := instr.Pos(); p.IsValid() {
					lw.curPos = p
				}
				fl.newReg(v)
			}
		}
	}
	regFindings := append([]diag(nil), lw.u.found[mark:]...)
	lw.u.found = lw.u.found[:mark]

	blocks := Arr{}
	for _, b := range fn.Blocks {
		blocks = append(blocks, fl.block(b))
	}
	lw.u.found = append(lw.u.found, regFindings...)
	recoverBlock := -1
	if fn.Recover != nil {
		recoverBlock = fn.Recover.Index
	}

	o := Obj{}.add("name", fn.String()).add("goname", goName(fn))
	if fn.Synthetic != "" {
		o = o.add("synthetic", fn.Synthetic)
	}
	lw.curPos = fl.defPos
	o = o.add("pos", lw.pos(fn.Pos())).
		add("type", lw.types.sig(fn.Signature)).
		add("params", nonNil(params)).
		add("free", nonNil(free)).
		add("regs", fl.regTypes).
		add("recover", recoverBlock).
		add("blocks", blocks)
	return o
}

func nonNil(a Arr) Arr {
	if a == nil {
		return Arr{}
	}
	return a
}

// isVoid reports the empty tuple, the type of a call that returns nothing.
func isVoid(t types.Type) bool {
	tu, ok := t.(*types.Tuple)
	return ok && tu.Len() == 0
}

// positions finds the function's closing brace and its position of last resort. (After
// building, go/ssa keeps only the extent of a function's syntax: End is just past the
// closing brace of its body.)
func (fl *fnLower) positions() {
	if s := fl.fn.Syntax(); s != nil && s.End().IsValid() {
		fl.endPos = s.End() - 1
	}
	fl.defPos = fl.fn.Pos()
	if !fl.lw.inUserFile(fl.defPos) {
		fl.defPos, fl.endPos = token.NoPos, token.NoPos // a wrapper of a library method
	}
	if !fl.defPos.IsValid() && fl.fn.Pkg == fl.lw.upkg {
		fl.defPos = fl.lw.src.files[0].Name.Pos() // the package initializer
	}
	if !fl.endPos.IsValid() {
		fl.endPos = fl.defPos
	}
	fl.blockEnd = map[*ssa.BasicBlock]token.Pos{}
}

// blockLastPos is the position of the last instruction of b that has one, else that of
// its immediate dominator: what a block without positions of its own inherits.
func (fl *fnLower) blockLastPos(b *ssa.BasicBlock) token.Pos {
	if p, ok := fl.blockEnd[b]; ok {
		return p
	}
	var p token.Pos
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if p = b.Instrs[i].Pos(); p.IsValid() {
			break
		}
	}
	if !p.IsValid() && b.Idom() != nil {
		p = fl.blockLastPos(b.Idom())
	}
	fl.blockEnd[b] = p
	return p
}

func (fl *fnLower) newReg(v ssa.Value) int {
	r := len(fl.regTypes)
	fl.reg[v] = r
	fl.regTypes = append(fl.regTypes, fl.lw.types.idx(v.Type()))
	return r
}

// temp returns the n-th temporary register of type ti.
func (fl *fnLower) temp(ti, n int) int {
	for len(fl.temps[ti]) <= n {
		r := len(fl.regTypes)
		fl.regTypes = append(fl.regTypes, ti)
		fl.temps[ti] = append(fl.temps[ti], r)
	}
	return fl.temps[ti][n]
}

// op returns an operand: a register (>= 0) or constant-pool entry k as -1-k.
func (fl *fnLower) op(v ssa.Value) int {
	if r, ok := fl.reg[v]; ok {
		return r
	}
	lw := fl.lw
	switch v := v.(type) {
	case *ssa.Const:
		return -1 - lw.consts.constant(v)
	case *ssa.Global:
		return -1 - lw.consts.globalAddr(lw.global(v), lw.types.idx(v.Type()))
	case *ssa.Function:
		sig := lw.types.sig(v.Signature)
		if v.Blocks != nil {
			fl.checkWrapper(v, "use of")
			return -1 - lw.consts.funcValue(lw.fnIndex(v), sig)
		}
		name := externFuncName(v)
		if !externFuncSet[name] {
			lw.unsupportedHere("use of %s", name)
		}
		return -1 - lw.consts.externValue(lw.extern(v), sig)
	}
	panic(fmt.Sprintf("no operand for %T %v", v, v))
}

// optOp is op for an optional operand: nil when absent.
func (fl *fnLower) optOp(v ssa.Value) interface{} {
	if v == nil {
		return nil
	}
	return fl.op(v)
}

func (fl *fnLower) ops(vs []ssa.Value) Ints {
	out := Ints{}
	for _, v := range vs {
		out = append(out, fl.op(v))
	}
	return out
}

// checkWrapper reports a reference to a synthetic wrapper (method value, method expression,
// promoted method) of a library method the VM does not provide.
func (fl *fnLower) checkWrapper(fn *ssa.Function, what string) {
	if fn.Synthetic == "" || fn.Pkg != nil {
		return
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == fl.lw.pkg || isInterfaceMethod(obj) {
		return // the program's own method, or an interface method (the wrapper invokes it)
	}
	if name := obj.Origin().FullName(); !externFuncSet[name] {
		fl.lw.unsupportedHere("%s %s", what, name)
	}
}

// isInterfaceMethod reports an abstract method, one of an interface type.
func isInterfaceMethod(m *types.Func) bool {
	recv := m.Type().(*types.Signature).Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// instrPos is the position the IR gives an instruction: its own, else the closing brace
// for an implicit return, else that of the instruction before it in the block, else after
// it, else that of the block's dominator, else the function's.
func (fl *fnLower) instrPos(b *ssa.BasicBlock, i int, prev token.Pos) token.Pos {
	instr := b.Instrs[i]
	p := instr.Pos()
	if p.IsValid() {
		return p
	}
	switch instr.(type) {
	case *ssa.Return, *ssa.RunDefers:
		if fl.endPos.IsValid() {
			return fl.endPos
		}
	}
	if prev.IsValid() {
		return prev
	}
	for _, next := range b.Instrs[i+1:] {
		if p := next.Pos(); p.IsValid() {
			return p
		}
	}
	if b.Idom() != nil {
		if p := fl.blockLastPos(b.Idom()); p.IsValid() {
			return p
		}
	}
	return fl.defPos
}

func (fl *fnLower) block(b *ssa.BasicBlock) Obj {
	instrs := Arr{}
	var prev token.Pos
	for i, instr := range b.Instrs {
		p := fl.instrPos(b, i, prev)
		prev = p
		fl.lw.curPos = p
		o := fl.instr(b, instr)
		if o == nil {
			continue
		}
		if _, isCall := instr.(*ssa.Call); isCall && len(o) > 0 && o[0].V == "callext" {
			// A library call is at the start of the called expression (time.Unix in
			// time.Unix(0, 0)), where messages about the callee belong: the VM's "not yet in
			// the VM" and its run-time errors, as gofront's "call to".
			if cp := fl.lw.callStart(instr.Pos()); cp.IsValid() {
				p = cp
			}
		}
		instrs = append(instrs, o.add("pos", fl.lw.pos(p)))
	}
	return Obj{}.add("name", b.Comment).add("instrs", instrs)
}

// dst starts an instruction that defines register v.
func (fl *fnLower) dst(op string, v ssa.Value) Obj {
	o := Obj{}.add("op", op)
	if r, ok := fl.reg[v]; ok {
		o = o.add("dst", r)
	}
	return o
}

// instr lowers one instruction; nil means it has no IR form (phis, debug references,
// calls of library package initializers).
func (fl *fnLower) instr(b *ssa.BasicBlock, instr ssa.Instruction) Obj {
	lw := fl.lw
	tt := lw.types
	switch in := instr.(type) {
	case *ssa.Phi, *ssa.DebugRef:
		return nil
	case *ssa.Alloc:
		elem := in.Type().(*types.Pointer).Elem()
		return fl.dst("alloc", in).add("type", tt.idx(elem)).add("heap", in.Heap)
	case *ssa.BinOp:
		return fl.dst(binOps[in.Op], in).add("x", fl.op(in.X)).add("y", fl.op(in.Y))
	case *ssa.UnOp:
		o := fl.dst(unOps[in.Op], in).add("x", fl.op(in.X))
		if in.Op == token.ARROW {
			o = o.add("commaok", in.CommaOk)
		}
		return o
	case *ssa.Call:
		o, ok := fl.call(in.Common())
		if !ok {
			return nil
		}
		if r, ok := fl.reg[in]; ok {
			o = append(Obj{o[0], {"dst", r}}, o[1:]...)
		}
		return o
	case *ssa.Go:
		fl.checkDeferredBuiltin(in.Common(), "go")
		o, ok := fl.call(in.Common())
		if !ok {
			return nil
		}
		return Obj{}.add("op", "go").add("call", o)
	case *ssa.Defer:
		fl.checkDeferredBuiltin(in.Common(), "defer")
		o, ok := fl.call(in.Common())
		if !ok {
			return nil
		}
		return Obj{}.add("op", "defer").add("call", o)
	case *ssa.RunDefers:
		return Obj{}.add("op", "rundefers")
	case *ssa.ChangeType:
		return fl.dst("changetype", in).add("x", fl.op(in.X))
	case *ssa.Convert:
		return fl.dst("convert", in).add("x", fl.op(in.X)).add("from", tt.idx(in.X.Type()))
	case *ssa.ChangeInterface:
		return fl.dst("changeiface", in).add("x", fl.op(in.X))
	case *ssa.SliceToArrayPointer:
		return fl.dst("slicetoarrayptr", in).add("x", fl.op(in.X))
	case *ssa.MakeInterface:
		lw.needRuntimeType(in.X.Type())
		return fl.dst("makeiface", in).add("x", fl.op(in.X)).add("type", tt.idx(in.X.Type()))
	case *ssa.MakeClosure:
		fn := in.Fn.(*ssa.Function)
		fl.checkWrapper(fn, "use of")
		return fl.dst("makeclosure", in).add("fn", lw.fnIndex(fn)).add("bindings", fl.ops(in.Bindings))
	case *ssa.MakeMap:
		return fl.dst("makemap", in).add("reserve", fl.optOp(in.Reserve))
	case *ssa.MakeChan:
		return fl.dst("makechan", in).add("size", fl.op(in.Size))
	case *ssa.MakeSlice:
		return fl.dst("makeslice", in).add("len", fl.op(in.Len)).add("cap", fl.op(in.Cap))
	case *ssa.Slice:
		return fl.dst("slice", in).add("x", fl.op(in.X)).add("low", fl.optOp(in.Low)).
			add("high", fl.optOp(in.High)).add("max", fl.optOp(in.Max))
	case *ssa.FieldAddr:
		tt.accessField(in.X.Type(), in.Field)
		return fl.dst("fieldaddr", in).add("x", fl.op(in.X)).add("field", in.Field)
	case *ssa.Field:
		tt.accessField(in.X.Type(), in.Field)
		return fl.dst("field", in).add("x", fl.op(in.X)).add("field", in.Field)
	case *ssa.IndexAddr:
		return fl.dst("indexaddr", in).add("x", fl.op(in.X)).add("index", fl.op(in.Index))
	case *ssa.Index:
		return fl.dst("index", in).add("x", fl.op(in.X)).add("index", fl.op(in.Index))
	case *ssa.Lookup:
		return fl.dst("lookup", in).add("x", fl.op(in.X)).add("key", fl.op(in.Index)).add("commaok", in.CommaOk)
	case *ssa.Select:
		states := Arr{}
		for _, st := range in.States {
			so := Obj{}
			if st.Dir == types.SendOnly {
				so = so.add("dir", "send").add("chan", fl.op(st.Chan)).add("send", fl.op(st.Send))
			} else {
				so = so.add("dir", "recv").add("chan", fl.op(st.Chan))
			}
			states = append(states, so.add("pos", lw.pos(st.Pos)))
		}
		return fl.dst("select", in).add("blocking", in.Blocking).add("states", states)
	case *ssa.Range:
		return fl.dst("range", in).add("x", fl.op(in.X))
	case *ssa.Next:
		return fl.dst("next", in).add("iter", fl.op(in.Iter)).add("string", in.IsString)
	case *ssa.TypeAssert:
		return fl.dst("typeassert", in).add("x", fl.op(in.X)).add("type", tt.idx(in.AssertedType)).add("commaok", in.CommaOk)
	case *ssa.Extract:
		return fl.dst("extract", in).add("x", fl.op(in.Tuple)).add("index", in.Index)
	case *ssa.Jump:
		o := Obj{}.add("op", "jump").add("to", b.Succs[0].Index)
		if m := fl.edgeMoves(b, 0); len(m) > 0 {
			o = o.add("moves", m)
		}
		return o
	case *ssa.If:
		o := Obj{}.add("op", "if").add("cond", fl.op(in.Cond)).add("then", b.Succs[0].Index).add("else", b.Succs[1].Index)
		if m := fl.edgeMoves(b, 0); len(m) > 0 {
			o = o.add("then_moves", m)
		}
		if m := fl.edgeMoves(b, 1); len(m) > 0 {
			o = o.add("else_moves", m)
		}
		return o
	case *ssa.Return:
		return Obj{}.add("op", "return").add("results", fl.ops(in.Results))
	case *ssa.Panic:
		return Obj{}.add("op", "panic").add("x", fl.op(in.X))
	case *ssa.Send:
		return Obj{}.add("op", "send").add("chan", fl.op(in.Chan)).add("x", fl.op(in.X))
	case *ssa.Store:
		return Obj{}.add("op", "store").add("addr", fl.op(in.Addr)).add("val", fl.op(in.Val))
	case *ssa.MapUpdate:
		return Obj{}.add("op", "mapupdate").add("map", fl.op(in.Map)).add("key", fl.op(in.Key)).add("val", fl.op(in.Value))
	}
	lw.unsupportedHere("%s", strings.TrimPrefix(fmt.Sprintf("%T", instr), "*ssa."))
	return nil
}

// call lowers the call part of a Call, Go or Defer. ok is false for a call that is
// dropped: a library package's initializer, which the VM does not need.
func (fl *fnLower) call(c *ssa.CallCommon) (o Obj, ok bool) {
	lw := fl.lw
	args := fl.ops(c.Args)
	switch v := c.Value.(type) {
	case *ssa.Builtin:
		name := v.Name()
		op, ok := builtins[name]
		if !ok {
			switch name {
			case "real", "imag", "complex":
				lw.unsupportedHere("complex numbers")
			default:
				lw.unsupportedHere("builtin %s", name)
			}
			op = name
		}
		return Obj{}.add("op", op).add("args", args), true
	case *ssa.Function:
		if c.IsInvoke() {
			break
		}
		if v.Blocks != nil {
			saved := lw.curPos
			if p := lw.callStart(c.Pos()); p.IsValid() {
				lw.curPos = p // a message about the callee belongs at the call's start
			}
			fl.checkWrapper(v, "call to")
			lw.curPos = saved
			return Obj{}.add("op", "call").add("fn", lw.fnIndex(v)).add("args", args), true
		}
		if v.Name() == "init" && v.Pkg != nil && v.Pkg != lw.upkg && v.Synthetic == "package initializer" {
			return nil, false
		}
		name := externFuncName(v)
		if !externFuncSet[name] {
			if fl.fn.Synthetic != "" && fl.fn.Pkg == nil {
				// A wrapper of a library method the VM does not provide: its users are
				// reported where they refer to it; a call through an interface fails at
				// run time.
				return Obj{}.add("op", "callext").add("ext", lw.unsupportedExtern(name)).add("args", args), true
			}
			lw.unsupportedAt(lw.callStart(c.Pos()), "call to %s", name)
		}
		fl.checkWriter(c, name)
		o := Obj{}.add("op", "callext").add("ext", lw.extern(v)).add("args", args)
		if timerMakers[name] {
			if as := lw.callName(c.Pos()); as != "" {
				o = o.add("as", as) // the timer's name in the animations
			}
		}
		return o, true
	}
	if c.IsInvoke() {
		return Obj{}.add("op", "invoke").add("recv", fl.op(c.Value)).add("sel", lw.selector(c.Method)).
			add("iface", lw.types.idx(c.Value.Type())).add("args", args), true
	}
	return Obj{}.add("op", "callclosure").add("callee", fl.op(c.Value)).add("args", args), true
}

// checkDeferredBuiltin reports go or defer of a builtin the VM cannot run later: of the
// builtins Go allows there, the VM runs close, panic, print, println and recover, not copy
// and delete.
func (fl *fnLower) checkDeferredBuiltin(c *ssa.CallCommon, stmt string) {
	if b, ok := c.Value.(*ssa.Builtin); ok && (b.Name() == "copy" || b.Name() == "delete") {
		fl.lw.unsupportedHere("%s %s(...) (the simulator runs close, panic, print, println and recover in go and defer, not copy or delete)", stmt, b.Name())
	}
}

// checkWriter reports fmt.Fprint, Fprintf or Fprintln to a writer whose type is known here
// and is not *os.File: the VM writes only to os.Stdout and os.Stderr. (A writer of an
// interface type is checked when the call runs.)
func (fl *fnLower) checkWriter(c *ssa.CallCommon, name string) {
	switch name {
	case "fmt.Fprint", "fmt.Fprintf", "fmt.Fprintln":
	default:
		return
	}
	if len(c.Args) == 0 {
		return
	}
	mi, ok := c.Args[0].(*ssa.MakeInterface)
	if !ok {
		return
	}
	t := types.TypeString(mi.X.Type(), nil)
	if t != "*os.File" {
		fl.lw.unsupportedAt(fl.lw.callStart(c.Pos()), "%s to %s (os.Stdout and os.Stderr are supported)", name, t)
	}
}

// edgeMoves are the moves that set the phis of b.Succs[si] on the edge from b, as a
// sequence of copies [dst, src] to perform in order (a parallel assignment made
// sequential, with temporaries where the phis form a cycle).
func (fl *fnLower) edgeMoves(b *ssa.BasicBlock, si int) Arr {
	succ := b.Succs[si]
	// The k-th edge from b to succ is the k-th occurrence of b in succ.Preds.
	k := 0
	for _, s := range b.Succs[:si] {
		if s == succ {
			k++
		}
	}
	pi := -1
	for i, p := range succ.Preds {
		if p == b {
			if k == 0 {
				pi = i
				break
			}
			k--
		}
	}
	var moves []move
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		moves = append(moves, move{dst: fl.reg[phi], src: fl.op(phi.Edges[pi])})
	}
	return fl.sequentialize(moves)
}

type move struct{ dst, src int }

// sequentialize orders parallel moves into copies; a move runs once no other pending move
// still reads its destination, and a cycle is broken by saving one destination in a
// fresh temporary.
func (fl *fnLower) sequentialize(pending []move) Arr {
	out := Arr{}
	used := map[int]int{} // temporaries used per type on this edge
	p := pending[:0:0]
	for _, m := range pending {
		if m.dst != m.src {
			p = append(p, m)
		}
	}
	pending = p
	for len(pending) > 0 {
		progressed := false
		for i, m := range pending {
			blocked := false
			for j, o := range pending {
				if j != i && o.src == m.dst {
					blocked = true
					break
				}
			}
			if !blocked {
				out = append(out, Ints{m.dst, m.src})
				pending = append(pending[:i:i], pending[i+1:]...)
				progressed = true
				break
			}
		}
		if progressed {
			continue
		}
		d := pending[0].dst
		ti := fl.regTypes[d]
		t := fl.temp(ti, used[ti])
		used[ti]++
		out = append(out, Ints{t, d})
		for j := range pending {
			if pending[j].src == d {
				pending[j].src = t
			}
		}
	}
	return out
}

// goName is the name Go's runtime gives fn in tracebacks: main.main.func1 for main$1,
// main.(*T).M for (*main.T).M, main.init.0 for init#1, main.T.M-fm for a method value,
// main.f[...] for an instance of a generic function.
func goName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		parent := goName(fn.Parent())
		suffix := fn.Name()[strings.LastIndex(fn.Name(), "$")+1:]
		if fn.Parent().Parent() == nil {
			return parent + ".func" + suffix
		}
		return parent + "." + suffix
	}
	if o := fn.Origin(); o != nil && o != fn {
		if fn.Signature.Recv() != nil {
			return goName(o) // methodGoName writes T[...]
		}
		return goName(o) + "[...]"
	}
	if strings.HasSuffix(fn.Name(), "$bound") {
		if obj, ok := fn.Object().(*types.Func); ok {
			return methodGoName(obj.Type().(*types.Signature), obj.Name()) + "-fm"
		}
	}
	if fn.Synthetic != "" && fn.Synthetic != "package initializer" {
		return fn.String() // a wrapper: Go's tracebacks show <autogenerated>
	}
	if fn.Signature.Recv() != nil {
		return methodGoName(fn.Signature, fn.Name())
	}
	name := fn.Name()
	if strings.HasPrefix(name, "init#") {
		n, _ := strconv.Atoi(name[len("init#"):])
		name = "init." + strconv.Itoa(n-1)
	}
	if fn.Pkg != nil {
		return fn.Pkg.Pkg.Path() + "." + name
	}
	return fn.String()
}

// methodGoName is pkg.T.M or pkg.(*T).M.
func methodGoName(sig *types.Signature, name string) string {
	recv := sig.Recv().Type()
	ptr := false
	if p, ok := recv.(*types.Pointer); ok {
		recv, ptr = p.Elem(), true
	}
	n, ok := recv.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return types.TypeString(recv, nil) + "." + name
	}
	t := n.Obj().Name()
	if n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
		t += "[...]"
	}
	if ptr {
		return n.Obj().Pkg().Path() + ".(*" + t + ")." + name
	}
	return n.Obj().Pkg().Path() + "." + t + "." + name
}
