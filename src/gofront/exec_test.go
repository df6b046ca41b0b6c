// exec_test.go: a small reference interpreter of the IR, enough to run the programs in
// testdata/exec (integers, strings, structs, slices, closures, methods, defer, panic and
// recover, println) and compare what they print with what Go prints. It checks the IR's
// meaning, not just its shape: operand encoding, the phi moves on edges, closures sharing
// captured variables, multiple results, recover blocks. The C++ VM is the real thing;
// this is its executable specification for the instructions it covers.
package main

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// The interpreter's values: int64 (every integer type, normalised to its width), bool,
// string, pointer, *sliceVal, *structVal, *closure, tuple, iface, nil.
type (
	cell    struct{ v interface{} }
	pointer interface {
		load() interface{}
		store(interface{})
	}
	cellPtr struct{ c *cell }
	elemPtr struct {
		s []interface{}
		i int
	}
	sliceVal struct {
		a             []interface{}
		off, len, cap int
	}
	structVal struct{ f []interface{} }
	closure   struct {
		fn   int
		free []interface{}
	}
	tuple []interface{}
	iface struct {
		t int
		v interface{}
	}
	goPanic struct{ v interface{} }
)

func (p cellPtr) load() interface{}   { return p.c.v }
func (p cellPtr) store(v interface{}) { p.c.v = v }
func (p elemPtr) load() interface{}   { return p.s[p.i] }
func (p elemPtr) store(v interface{}) { p.s[p.i] = v }

type interp struct {
	t       *testing.T
	ir      map[string]interface{}
	types   []map[string]interface{}
	consts  []interface{}
	globals []*cell
	out     strings.Builder
	panics  []*goPanic // panics being unwound; recover clears the innermost
	steps   int
}

// kind resolves named types to the kind of their underlying type.
func (in *interp) kind(ti int) string {
	for {
		t := in.types[ti]
		if str(t["kind"]) != "named" {
			return str(t["kind"])
		}
		ti = num(t["underlying"])
	}
}

func (in *interp) underlying(ti int) map[string]interface{} {
	for str(in.types[ti]["kind"]) == "named" {
		ti = num(in.types[ti]["underlying"])
	}
	return in.types[ti]
}

// zero is the zero value of type ti.
func (in *interp) zero(ti int) interface{} {
	u := in.underlying(ti)
	switch k := str(u["kind"]); {
	case k == "bool":
		return false
	case k == "string":
		return ""
	case strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint"):
		return int64(0)
	case k == "struct":
		s := &structVal{}
		for _, f := range arr(u["fields"]) {
			s.f = append(s.f, in.zero(num(obj(f)["type"])))
		}
		return s
	case k == "array":
		a := make([]interface{}, num(u["len"]))
		for i := range a {
			a[i] = in.zero(num(u["elem"]))
		}
		return &sliceVal{a: a, len: len(a), cap: len(a)}
	}
	return nil
}

// copyVal gives aggregates value semantics.
func copyVal(v interface{}) interface{} {
	switch v := v.(type) {
	case *structVal:
		c := &structVal{f: make([]interface{}, len(v.f))}
		for i, x := range v.f {
			c.f[i] = copyVal(x)
		}
		return c
	}
	return v
}

// norm wraps an integer to the width and signedness of kind.
func norm(v int64, kind string) int64 {
	switch kind {
	case "int8":
		return int64(int8(v))
	case "int16":
		return int64(int16(v))
	case "int32":
		return int64(int32(v))
	case "uint8":
		return int64(uint8(v))
	case "uint16":
		return int64(uint16(v))
	case "uint32":
		return int64(uint32(v))
	}
	return v
}

func newInterp(t *testing.T, ir map[string]interface{}) *interp {
	in := &interp{t: t, ir: ir}
	for _, ty := range arr(ir["types"]) {
		in.types = append(in.types, obj(ty))
	}
	for _, g := range arr(ir["globals"]) {
		in.globals = append(in.globals, &cell{in.zero(num(obj(g)["type"]))})
	}
	for _, c := range arr(ir["consts"]) {
		co := obj(c)
		var v interface{}
		switch {
		case co["int"] != nil:
			n, ok := new(big.Int).SetString(co["int"].(fmt.Stringer).String(), 10)
			if !ok {
				t.Fatalf("constant %v", co)
			}
			v = int64(n.Uint64()) // two's complement bits for every width
			if n.Sign() < 0 {
				v = n.Int64()
			}
		case co["str"] != nil:
			v = str(co["str"])
		case co["bool"] != nil:
			v = co["bool"].(bool)
		case co["func"] != nil:
			v = &closure{fn: num(co["func"])}
		case co["global"] != nil:
			v = cellPtr{in.globals[num(co["global"])]}
		case co["nil"] != nil:
			v = nil
		case co["zero"] != nil:
			v = in.zero(num(co["type"]))
		default:
			t.Fatalf("the reference interpreter has no constants like %v", co)
		}
		in.consts = append(in.consts, v)
	}
	return in
}

// frame is one call's registers.
type frame struct {
	f      map[string]interface{}
	regs   []interface{}
	defers []func()
}

func (fr *frame) get(in *interp, op interface{}) interface{} {
	n := num(op)
	if n < 0 {
		return copyVal(in.consts[-1-n])
	}
	return fr.regs[n]
}

func (in *interp) call(fi int, args []interface{}, free []interface{}) (result interface{}) {
	f := obj(arr(in.ir["funcs"])[fi])
	fr := &frame{f: f, regs: make([]interface{}, len(arr(f["regs"])))}
	copy(fr.regs, args)
	copy(fr.regs[len(args):], free)
	block := 0
	for {
		var done bool
		block, result, done = in.runBlocks(fr, block)
		if done {
			return result
		}
	}
}

// runBlocks runs from block b until the function returns (done) or a recovered panic
// continues at the recover block.
func (in *interp) runBlocks(fr *frame, b int) (next int, result interface{}, done bool) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		p, ok := r.(*goPanic)
		if !ok {
			panic(r)
		}
		in.panics = append(in.panics, p)
		in.runDefers(fr)
		if in.panics[len(in.panics)-1] == p { // not recovered
			in.panics = in.panics[:len(in.panics)-1]
			panic(p)
		}
		next, done = num(fr.f["recover"]), false
	}()
	blocks := arr(fr.f["blocks"])
	for {
		for _, x := range arr(obj(blocks[b])["instrs"]) {
			i := obj(x)
			if in.steps++; in.steps > 1e7 {
				in.t.Fatal("the reference interpreter ran 1e7 instructions")
			}
			switch str(i["op"]) {
			case "jump":
				in.moves(fr, i["moves"])
				b = num(i["to"])
			case "if":
				if fr.get(in, i["cond"]).(bool) {
					in.moves(fr, i["then_moves"])
					b = num(i["then"])
				} else {
					in.moves(fr, i["else_moves"])
					b = num(i["else"])
				}
			case "return":
				var res tuple
				for _, r := range arr(i["results"]) {
					res = append(res, fr.get(in, r))
				}
				if len(res) == 1 {
					return 0, res[0], true
				}
				return 0, res, true
			case "panic":
				panic(&goPanic{fr.get(in, i["x"])})
			default:
				in.exec(fr, i)
				continue
			}
			break
		}
	}
}

func (in *interp) runDefers(fr *frame) {
	for len(fr.defers) > 0 {
		d := fr.defers[len(fr.defers)-1]
		fr.defers = fr.defers[:len(fr.defers)-1]
		d()
	}
}

// moves performs an edge's copies in order, as the IR specifies.
func (in *interp) moves(fr *frame, ms interface{}) {
	for _, m := range arr(ms) {
		mv := arr(m)
		fr.regs[num(mv[0])] = fr.get(in, mv[1])
	}
}

func (in *interp) regKind(fr *frame, op interface{}) string {
	n := num(op)
	if n < 0 {
		return in.kind(num(obj(arr(in.ir["consts"])[-1-n])["type"]))
	}
	return in.kind(num(arr(fr.f["regs"])[n]))
}

// prepareCall returns a function that performs the call described by c.
func (in *interp) prepareCall(fr *frame, c map[string]interface{}) func() interface{} {
	var args []interface{}
	for _, a := range arr(c["args"]) {
		args = append(args, fr.get(in, a))
	}
	switch op := str(c["op"]); op {
	case "call":
		fi := num(c["fn"])
		return func() interface{} { return in.call(fi, args, nil) }
	case "callclosure":
		cl := fr.get(in, c["callee"]).(*closure)
		return func() interface{} { return in.call(cl.fn, args, cl.free) }
	case "println", "print":
		kinds := []string{}
		for _, a := range arr(c["args"]) {
			kinds = append(kinds, in.regKind(fr, a))
		}
		return func() interface{} {
			for j, a := range args {
				if j > 0 && op == "println" {
					in.out.WriteByte(' ')
				}
				if strings.HasPrefix(kinds[j], "uint") {
					fmt.Fprint(&in.out, uint64(a.(int64)))
				} else {
					fmt.Fprint(&in.out, a)
				}
			}
			if op == "println" {
				in.out.WriteByte('\n')
			}
			return nil
		}
	case "callpanic":
		return func() interface{} { panic(&goPanic{args[0]}) }
	case "recover":
		return func() interface{} {
			if n := len(in.panics); n > 0 && in.panics[n-1] != nil {
				p := in.panics[n-1]
				in.panics[n-1] = nil
				return p.v
			}
			return nil
		}
	case "len":
		return func() interface{} {
			switch v := args[0].(type) {
			case string:
				return int64(len(v))
			case *sliceVal:
				return int64(v.len)
			case nil:
				return int64(0)
			}
			panic("len")
		}
	case "append":
		return func() interface{} {
			s, _ := args[0].(*sliceVal)
			if s == nil {
				s = &sliceVal{}
			}
			add := args[1].(*sliceVal)
			out := &sliceVal{a: make([]interface{}, s.len+add.len), len: s.len + add.len, cap: s.len + add.len}
			copy(out.a, s.a[s.off:s.off+s.len])
			copy(out.a[s.len:], add.a[add.off:add.off+add.len])
			return out
		}
	}
	in.t.Fatalf("the reference interpreter cannot call %v", c)
	return nil
}

func (in *interp) exec(fr *frame, i map[string]interface{}) {
	op := str(i["op"])
	set := func(v interface{}) { fr.regs[num(i["dst"])] = v }
	x := func() interface{} { return fr.get(in, i["x"]) }
	switch op {
	case "alloc":
		set(cellPtr{&cell{in.zero(num(i["type"]))}})
	case "load":
		set(copyVal(x().(pointer).load()))
	case "store":
		fr.get(in, i["addr"]).(pointer).store(copyVal(fr.get(in, i["val"])))
	case "fieldaddr":
		s := x().(pointer).load().(*structVal)
		set(elemPtr{s.f, num(i["field"])})
	case "field":
		set(copyVal(x().(*structVal).f[num(i["field"])]))
	case "indexaddr":
		var s *sliceVal
		switch v := x().(type) {
		case *sliceVal:
			s = v
		case pointer: // *array
			s = v.load().(*sliceVal)
		}
		k := int(fr.get(in, i["index"]).(int64))
		if k < 0 || k >= s.len {
			panic(&goPanic{"index out of range"})
		}
		set(elemPtr{s.a, s.off + k})
	case "index":
		s := x().(string)
		set(int64(s[fr.get(in, i["index"]).(int64)]))
	case "slice":
		lo, hi := int64(0), int64(-1)
		if i["low"] != nil {
			lo = fr.get(in, i["low"]).(int64)
		}
		if i["high"] != nil {
			hi = fr.get(in, i["high"]).(int64)
		}
		switch v := x().(type) {
		case string:
			if hi < 0 {
				hi = int64(len(v))
			}
			set(v[lo:hi])
		case pointer: // *array
			a := v.load().(*sliceVal)
			if hi < 0 {
				hi = int64(a.len)
			}
			set(&sliceVal{a: a.a, off: int(lo), len: int(hi - lo), cap: a.cap - int(lo)})
		case *sliceVal:
			if hi < 0 {
				hi = int64(v.len)
			}
			set(&sliceVal{a: v.a, off: v.off + int(lo), len: int(hi - lo), cap: v.cap - int(lo)})
		}
	case "makeclosure":
		var free []interface{}
		for _, b := range arr(i["bindings"]) {
			free = append(free, fr.get(in, b))
		}
		set(&closure{fn: num(i["fn"]), free: free})
	case "makeiface":
		set(iface{num(i["type"]), x()})
	case "changetype", "changeiface":
		set(x())
	case "typeassert": // to a concrete type, without comma-ok
		v, ok := x().(iface)
		if !ok || v.t != num(i["type"]) || i["commaok"] == true {
			in.t.Fatalf("the reference interpreter has no type assertion like %v", i)
		}
		set(v.v)
	case "convert":
		v := x()
		if n, ok := v.(int64); ok {
			v = norm(n, in.kind(num(arr(fr.f["regs"])[num(i["dst"])])))
		}
		set(v)
	case "extract":
		set(x().(tuple)[num(i["index"])])
	case "not":
		set(!x().(bool))
	case "neg":
		set(norm(-x().(int64), in.regKind(fr, i["x"])))
	case "compl":
		set(norm(^x().(int64), in.regKind(fr, i["x"])))
	case "defer":
		call := in.prepareCall(fr, obj(i["call"]))
		fr.defers = append(fr.defers, func() { call() })
	case "rundefers":
		in.runDefers(fr)
	case "call", "callclosure", "println", "print", "recover", "len", "append":
		r := in.prepareCall(fr, i)()
		if i["dst"] != nil {
			set(r)
		}
	default:
		set(in.binop(op, fr, i))
	}
}

func (in *interp) binop(op string, fr *frame, i map[string]interface{}) interface{} {
	a, b := fr.get(in, i["x"]), fr.get(in, i["y"])
	if op == "eq" || op == "ne" {
		return (a == b) == (op == "eq")
	}
	if s, ok := a.(string); ok {
		t := b.(string)
		switch op {
		case "add":
			return s + t
		case "lt":
			return s < t
		case "le":
			return s <= t
		case "gt":
			return s > t
		case "ge":
			return s >= t
		}
	}
	k := in.regKind(fr, i["x"])
	x, y := a.(int64), b.(int64)
	unsigned := strings.HasPrefix(k, "uint")
	ux, uy := uint64(x), uint64(y)
	var r int64
	switch op {
	case "add":
		r = x + y
	case "sub":
		r = x - y
	case "mul":
		r = x * y
	case "div", "rem":
		if y == 0 {
			panic(&goPanic{"integer divide by zero"})
		}
		switch {
		case unsigned && op == "div":
			r = int64(ux / uy)
		case unsigned:
			r = int64(ux % uy)
		case op == "div":
			r = x / y
		default:
			r = x % y
		}
	case "and":
		r = x & y
	case "or":
		r = x | y
	case "xor":
		r = x ^ y
	case "andnot":
		r = x &^ y
	case "shl":
		r = x << uy
	case "shr":
		if unsigned {
			r = int64(ux >> uy)
		} else {
			r = x >> uy
		}
	case "lt", "le", "gt", "ge":
		c := 0
		switch {
		case unsigned && ux < uy, !unsigned && x < y:
			c = -1
		case x != y:
			c = 1
		}
		return map[string]bool{"lt": c < 0, "le": c <= 0, "gt": c > 0, "ge": c >= 0}[op]
	default:
		in.t.Fatalf("the reference interpreter has no opcode %q", op)
	}
	return norm(r, k)
}

// execCases are the programs of testdata/exec and what Go 1.19 prints for them.
var execCases = map[string]string{
	"testdata/exec/closure.go": "11 12\n101\n0\n1\n4\n",
	"testdata/exec/phis.go":    "55 12586269025\n2 3 1\n3 1 2\n21 43\n111 45 10\n",
	"testdata/exec/calls.go": "9 2 9\n7 14\ntrue false\n321\n-3 -136 -4 -1 16 -20 16\n" +
		"4 true false\ngotimers 8 true ti 111\ndeferred\n",
}

func TestExecute(t *testing.T) {
	for path, want := range execCases {
		ir := irOf(t, path)
		in := newInterp(t, ir)
		in.call(num(ir["init"]), nil, nil)
		in.call(num(ir["main"]), nil, nil)
		if got := in.out.String(); got != want {
			t.Errorf("%s printed\n%s\nwant (as Go prints)\n%s", path, got, want)
		}
	}
}
