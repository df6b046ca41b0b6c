// validate_test.go: a structural check of an IR document against the opcode table
// (opFields, which docs/go-ir.md must list in full): every operand is a register the
// function has or a constant-pool entry, every index names an existing type, function,
// extern, selector, global or block, every instruction has a position, and each register
// is defined once (phi registers by moves only).
package main

import (
	"testing"
)

// fieldKind says what an instruction field holds.
type fieldKind int

const (
	fOperand    fieldKind = iota // a register or -1-k for constant k
	fOptOperand                  // an operand or null
	fOperands                    // a list of operands
	fType                        // a type index
	fFunc                        // a function index
	fExtern                      // an extern index
	fSel                         // a selector index
	fBlock                       // a block index
	fMoves                       // a list of [dst, src] moves
	fInt                         // a plain integer (field number, tuple index)
	fBool                        // a boolean
	fStates                      // select states
	fCall                        // the call of go / defer
	fName                        // a non-empty string (a timer's name)
)

// opFields lists, for every opcode, its fields besides op, dst and pos, and whether it
// defines a register (dst: 1 always, 2 when it has a result).
var opFields = map[string]struct {
	dst    int
	fields map[string]fieldKind
}{
	"alloc": {1, map[string]fieldKind{"type": fType, "heap": fBool}},
	"add":   {1, binFields}, "sub": {1, binFields}, "mul": {1, binFields}, "div": {1, binFields},
	"rem": {1, binFields}, "and": {1, binFields}, "or": {1, binFields}, "xor": {1, binFields},
	"andnot": {1, binFields}, "shl": {1, binFields}, "shr": {1, binFields}, "eq": {1, binFields},
	"ne": {1, binFields}, "lt": {1, binFields}, "le": {1, binFields}, "gt": {1, binFields},
	"ge":  {1, binFields},
	"not": {1, unFields}, "neg": {1, unFields}, "compl": {1, unFields}, "load": {1, unFields},
	"recv":        {1, map[string]fieldKind{"x": fOperand, "commaok": fBool}},
	"call":        {2, map[string]fieldKind{"fn": fFunc, "args": fOperands}},
	"callext":     {2, map[string]fieldKind{"ext": fExtern, "args": fOperands, "as": fName}},
	"callclosure": {2, map[string]fieldKind{"callee": fOperand, "args": fOperands}},
	"invoke":      {2, map[string]fieldKind{"recv": fOperand, "sel": fSel, "iface": fType, "args": fOperands}},
	"len":         {1, argFields}, "cap": {1, argFields}, "append": {1, argFields}, "copy": {1, argFields},
	"delete": {0, argFields}, "close": {0, argFields}, "recover": {1, argFields},
	"print": {0, argFields}, "println": {0, argFields}, "wrapnilchk": {1, argFields},
	"callpanic":       {0, argFields},
	"go":              {0, map[string]fieldKind{"call": fCall}},
	"defer":           {0, map[string]fieldKind{"call": fCall}},
	"rundefers":       {0, map[string]fieldKind{}},
	"changetype":      {1, unFields},
	"changeiface":     {1, unFields},
	"slicetoarrayptr": {1, unFields},
	"convert":         {1, map[string]fieldKind{"x": fOperand, "from": fType}},
	"makeiface":       {1, map[string]fieldKind{"x": fOperand, "type": fType}},
	"makeclosure":     {1, map[string]fieldKind{"fn": fFunc, "bindings": fOperands}},
	"makemap":         {1, map[string]fieldKind{"reserve": fOptOperand}},
	"makechan":        {1, map[string]fieldKind{"size": fOperand}},
	"makeslice":       {1, map[string]fieldKind{"len": fOperand, "cap": fOperand}},
	"slice":           {1, map[string]fieldKind{"x": fOperand, "low": fOptOperand, "high": fOptOperand, "max": fOptOperand}},
	"fieldaddr":       {1, map[string]fieldKind{"x": fOperand, "field": fInt}},
	"field":           {1, map[string]fieldKind{"x": fOperand, "field": fInt}},
	"indexaddr":       {1, map[string]fieldKind{"x": fOperand, "index": fOperand}},
	"index":           {1, map[string]fieldKind{"x": fOperand, "index": fOperand}},
	"lookup":          {1, map[string]fieldKind{"x": fOperand, "key": fOperand, "commaok": fBool}},
	"select":          {1, map[string]fieldKind{"blocking": fBool, "states": fStates}},
	"range":           {1, map[string]fieldKind{"x": fOperand}},
	"next":            {1, map[string]fieldKind{"iter": fOperand, "string": fBool}},
	"typeassert":      {1, map[string]fieldKind{"x": fOperand, "type": fType, "commaok": fBool}},
	"extract":         {1, map[string]fieldKind{"x": fOperand, "index": fInt}},
	"jump":            {0, map[string]fieldKind{"to": fBlock, "moves": fMoves}},
	"if":              {0, map[string]fieldKind{"cond": fOperand, "then": fBlock, "else": fBlock, "then_moves": fMoves, "else_moves": fMoves}},
	"return":          {0, map[string]fieldKind{"results": fOperands}},
	"panic":           {0, map[string]fieldKind{"x": fOperand}},
	"send":            {0, map[string]fieldKind{"chan": fOperand, "x": fOperand}},
	"store":           {0, map[string]fieldKind{"addr": fOperand, "val": fOperand}},
	"mapupdate":       {0, map[string]fieldKind{"map": fOperand, "key": fOperand, "val": fOperand}},
}

var (
	binFields = map[string]fieldKind{"x": fOperand, "y": fOperand}
	unFields  = map[string]fieldKind{"x": fOperand}
	argFields = map[string]fieldKind{"args": fOperands}
)

// optionalFields may be absent.
var optionalFields = map[string]bool{"moves": true, "then_moves": true, "else_moves": true, "as": true}

// terminators end a block, and only they.
var terminators = map[string]bool{"jump": true, "if": true, "return": true, "panic": true}

func validateIR(t *testing.T, name string, ir map[string]interface{}) {
	t.Helper()
	nTypes := len(arr(ir["types"]))
	nFuncs := len(arr(ir["funcs"]))
	nExterns := len(arr(ir["externs"]))
	nSels := len(arr(ir["selectors"]))
	nGlobals := len(arr(ir["globals"]))
	nFiles := len(arr(ir["files"]))
	consts := arr(ir["consts"])
	errs := 0
	fail := func(format string, args ...interface{}) {
		errs++
		if errs <= 10 {
			t.Errorf(name+": "+format, args...)
		}
	}
	inRange := func(what string, v interface{}, n int) {
		if i := num(v); i < 0 || i >= n {
			fail("%s %v out of range [0,%d)", what, v, n)
		}
	}
	for i, ty := range arr(ir["types"]) {
		to := obj(ty)
		for _, k := range []string{"elem", "key", "underlying"} {
			if to[k] != nil {
				inRange("type "+k, to[k], nTypes)
			}
		}
		for _, k := range []string{"params", "results", "elems"} {
			for _, x := range arr(to[k]) {
				inRange("type "+k, x, nTypes)
			}
		}
		for _, f := range arr(to["fields"]) {
			inRange("field type", obj(f)["type"], nTypes)
		}
		for _, m := range arr(to["methods"]) { // an interface's methods
			inRange("interface method selector", obj(m)["sel"], nSels)
			inRange("interface method type", obj(m)["type"], nTypes)
		}
		for _, m := range arr(to["methodset"]) {
			mo := obj(m)
			inRange("method selector", mo["sel"], nSels)
			if mo["func"] != nil {
				inRange("method func", mo["func"], nFuncs)
			} else {
				inRange("method extern", mo["extern"], nExterns)
			}
		}
		if str(to["kind"]) == "" || str(to["string"]) == "" {
			fail("type %d lacks a kind or a string: %v", i, to)
		}
	}
	for i, c := range consts {
		co := obj(c)
		inRange("constant type", co["type"], nTypes)
		kinds := 0
		for _, k := range []string{"int", "float", "str", "bytes", "bool", "nil", "zero", "func", "extern", "global"} {
			if _, ok := co[k]; ok {
				kinds++
			}
		}
		if kinds != 1 {
			fail("constant %d has %d value kinds: %v", i, kinds, co)
		}
		if co["func"] != nil {
			inRange("constant func", co["func"], nFuncs)
		}
		if co["extern"] != nil {
			inRange("constant extern", co["extern"], nExterns)
		}
		if co["global"] != nil {
			inRange("constant global", co["global"], nGlobals)
		}
	}
	for _, g := range arr(ir["globals"]) {
		inRange("global type", obj(g)["type"], nTypes)
	}
	for _, e := range arr(ir["externs"]) {
		eo := obj(e)
		if eo["unsupported"] == nil {
			inRange("extern type", eo["type"], nTypes)
		}
	}
	for _, k := range []string{"tests", "benchmarks"} {
		for _, e := range arr(ir[k]) {
			inRange(k, obj(e)["func"], nFuncs)
		}
	}
	if num(ir["main"]) != -1 {
		inRange("main", ir["main"], nFuncs)
	}
	inRange("init", ir["init"], nFuncs)

	for _, f := range arr(ir["funcs"]) {
		fo := obj(f)
		fname := str(fo["name"])
		regs := arr(fo["regs"])
		for _, r := range regs {
			inRange(fname+" register type", r, nTypes)
		}
		inRange(fname+" type", fo["type"], nTypes)
		blocks := arr(fo["blocks"])
		if rb := num(fo["recover"]); rb != -1 && (rb < 0 || rb >= len(blocks)) {
			fail("%s: recover block %d", fname, rb)
		}
		defined := map[int]int{}
		for i := 0; i < len(arr(fo["params"]))+len(arr(fo["free"])); i++ {
			defined[i]++
		}
		moved := map[int]bool{}
		var used []int
		operand := func(where string, v interface{}) {
			n := num(v)
			switch {
			case n >= 0 && n < len(regs):
				used = append(used, n)
			case n < 0 && -1-n < len(consts):
			default:
				fail("%s: %s operand %v out of range", fname, where, v)
			}
		}
		var checkInstr func(in map[string]interface{}, nested bool)
		checkInstr = func(in map[string]interface{}, nested bool) {
			op := str(in["op"])
			spec, ok := opFields[op]
			if !ok {
				fail("%s: unknown opcode %q", fname, op)
				return
			}
			for k, v := range in {
				switch k {
				case "op":
					continue
				case "pos":
					p := arr(v)
					if nested || len(p) != 3 || num(p[0]) < -1 || num(p[0]) >= nFiles ||
						(num(p[0]) >= 0 && (num(p[1]) < 1 || num(p[2]) < 1)) {
						fail("%s: %s has position %v", fname, op, v)
					}
					continue
				case "dst":
					if spec.dst == 0 || nested {
						fail("%s: %s has a dst", fname, op)
					}
					inRange(fname+" dst", v, len(regs))
					defined[num(v)]++
					continue
				}
				kind, ok := spec.fields[k]
				if !ok {
					fail("%s: %s has an unknown field %q", fname, op, k)
					continue
				}
				switch kind {
				case fOperand:
					operand(op+"."+k, v)
				case fOptOperand:
					if v != nil {
						operand(op+"."+k, v)
					}
				case fOperands:
					for _, x := range arr(v) {
						operand(op+"."+k, x)
					}
				case fType:
					inRange(op+"."+k, v, nTypes)
				case fFunc:
					inRange(op+"."+k, v, nFuncs)
				case fExtern:
					inRange(op+"."+k, v, nExterns)
				case fSel:
					inRange(op+"."+k, v, nSels)
				case fBlock:
					inRange(op+"."+k, v, len(blocks))
				case fMoves:
					for _, m := range arr(v) {
						mv := arr(m)
						if len(mv) != 2 {
							fail("%s: bad move %v", fname, m)
							continue
						}
						inRange(fname+" move dst", mv[0], len(regs))
						moved[num(mv[0])] = true
						operand("move", mv[1])
					}
				case fInt:
					if num(v) < 0 {
						fail("%s: %s.%s = %v", fname, op, k, v)
					}
				case fBool:
					if _, ok := v.(bool); !ok {
						fail("%s: %s.%s = %v, want a bool", fname, op, k, v)
					}
				case fName:
					if n, ok := v.(string); !ok || n == "" {
						fail("%s: %s.%s = %v, want a non-empty string", fname, op, k, v)
					}
				case fStates:
					for _, s := range arr(v) {
						so := obj(s)
						operand("select chan", so["chan"])
						if str(so["dir"]) == "send" {
							operand("select send", so["send"])
						} else if str(so["dir"]) != "recv" {
							fail("%s: select state %v", fname, so)
						}
					}
				case fCall:
					c := obj(v)
					switch str(c["op"]) {
					case "call", "callext", "callclosure", "invoke", "len", "cap", "append", "copy",
						"delete", "close", "recover", "print", "println", "callpanic":
						checkInstr(c, true)
					default:
						fail("%s: %s of %v", fname, op, c["op"])
					}
				}
			}
			for k := range spec.fields {
				if _, ok := in[k]; !ok && !optionalFields[k] {
					fail("%s: %s lacks %q", fname, op, k)
				}
			}
			if !nested {
				if _, ok := in["pos"]; !ok {
					fail("%s: %s has no position", fname, op)
				}
				if _, ok := in["dst"]; !ok && spec.dst == 1 {
					fail("%s: %s has no dst", fname, op)
				}
			}
		}
		for bi, b := range blocks {
			ins := arr(obj(b)["instrs"])
			if len(ins) == 0 {
				fail("%s: block %d is empty", fname, bi)
				continue
			}
			for i, in := range ins {
				io := obj(in)
				checkInstr(io, false)
				if terminators[str(io["op"])] != (i == len(ins)-1) {
					fail("%s: block %d: %s at %d of %d", fname, bi, io["op"], i, len(ins))
				}
			}
		}
		for r, n := range defined {
			if n > 1 || (n == 1 && moved[r]) {
				fail("%s: register %d defined %d times (moved: %v)", fname, r, n, moved[r])
			}
		}
		for _, r := range used {
			if defined[r] == 0 && !moved[r] {
				fail("%s: register %d used but never defined", fname, r)
			}
		}
	}
}
