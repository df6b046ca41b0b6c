// program.go: building the SSA program and lowering it to the IR's top level: which
// functions are emitted and in what order, the externs, globals, selectors, method sets
// of runtime types, and the lists of tests and benchmarks.
package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// irVersion is the IR format version; docs/go-ir.md describes it.
const irVersion = 1

// lowering holds the state of one program's lowering.
type lowering struct {
	src  *source
	fset *token.FileSet
	prog *ssa.Program
	upkg *ssa.Package
	pkg  *types.Package

	types  *typeTable
	consts *constPool
	u      *unsupported

	curPos token.Pos // the position of what is being lowered, for unsupportedHere

	funcIdx map[*ssa.Function]int
	funcs   []*ssa.Function
	funcOut []Obj

	externIdx  map[*ssa.Function]int
	externName map[string]int // externs known only by name (unsupported method-set entries)
	externs    Arr

	globalIdx map[*ssa.Global]int
	globals   Arr

	selIdx map[string]int
	sels   Arr

	rtSeen  typeutil.Map // runtime types already visited
	rtQueue []types.Type // runtime types whose method sets are still to be built

	fileIdx map[string]int

	callStarts map[token.Pos]token.Pos // '(' of a call -> start of the called expression
	callNames  map[token.Pos]string    // '(' of a call -> what its result is assigned to
}

// buildSSA builds the SSA form of the checked package. Imported packages are created from
// their export data only: their functions have no bodies and become externs.
func buildSSA(src *source, sanity bool) (*ssa.Program, *ssa.Package) {
	mode := ssa.InstantiateGenerics
	if sanity {
		mode |= ssa.SanityCheckFunctions
	}
	prog := ssa.NewProgram(src.fset, mode)
	created := map[*types.Package]bool{}
	var createAll func(pkgs []*types.Package)
	createAll = func(pkgs []*types.Package) {
		for _, p := range pkgs {
			if !created[p] {
				created[p] = true
				prog.CreatePackage(p, nil, nil, true)
				createAll(p.Imports())
			}
		}
	}
	createAll(src.pkg.Imports())
	upkg := prog.CreatePackage(src.pkg, src.files, src.info, false)
	upkg.Build()
	return prog, upkg
}

// lower turns the checked package into the IR. It returns a userError for the first
// unsupported construct in source order, whether found in the syntax or while lowering.
func lower(src *source, sanity bool) (out Obj, err error) {
	u := &unsupported{fset: src.fset}
	checkSyntax(src, u)
	if len(u.found) > 0 {
		// go/ssa may fail on what checkSyntax found (a blank label); the finding is
		// reported either way.
		defer func() {
			if r := recover(); r != nil {
				out, err = nil, u.err()
			}
		}()
	}
	return lowerSSA(src, u, sanity)
}

// lowerSSA builds the SSA form and lowers it.
func lowerSSA(src *source, u *unsupported, sanity bool) (Obj, error) {
	prog, upkg := buildSSA(src, sanity)
	lw := &lowering{
		src: src, fset: src.fset, prog: prog, upkg: upkg, pkg: src.pkg, u: u,
		funcIdx: map[*ssa.Function]int{}, externIdx: map[*ssa.Function]int{},
		externName: map[string]int{}, globalIdx: map[*ssa.Global]int{},
		selIdx: map[string]int{}, fileIdx: map[string]int{},
	}
	lw.rtSeen.SetHasher(typeutil.MakeHasher())
	for i, p := range src.paths {
		lw.fileIdx[p] = i
	}
	lw.types = newTypeTable(lw)
	lw.consts = newConstPool(lw)

	// The package's globals, in source order.
	var gs []*ssa.Global
	for _, m := range upkg.Members {
		if g, ok := m.(*ssa.Global); ok {
			gs = append(gs, g)
		}
	}
	sort.Slice(gs, func(i, j int) bool { return memberLess(gs[i].Pos(), gs[i].Name(), gs[j].Pos(), gs[j].Name()) })
	for _, g := range gs {
		lw.global(g)
	}

	// The package initializer first, then every declared function and method in source order.
	initFn := lw.fnIndex(upkg.Func("init"))
	for _, f := range src.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name != "_" {
				if fn := prog.FuncValue(src.info.Defs[fd.Name].(*types.Func)); fn != nil && !isGeneric(fn) {
					lw.fnIndex(fn)
				}
			}
		}
	}
	lw.drain()

	mainFn := -1
	if src.pkg.Name() == "main" {
		if fn := upkg.Func("main"); fn != nil {
			mainFn = lw.funcIdx[fn]
		}
	}
	tests, benchmarks := lw.testFuncs()
	if err := u.err(); err != nil {
		return nil, err
	}

	files := Arr{}
	for _, p := range src.paths {
		files = append(files, p)
	}
	funcs := Arr{}
	for _, f := range lw.funcOut {
		funcs = append(funcs, f)
	}
	out := Obj{}.
		add("format", "gotimers-ir").
		add("version", irVersion).
		add("go", "go1.19").
		add("minGo", minGoMinor(src.files)).
		add("package", src.pkg.Name()).
		add("files", files).
		add("types", lw.types.finish()).
		add("selectors", lw.sels).
		add("consts", lw.consts.entries).
		add("globals", lw.globals).
		add("funcs", funcs).
		add("externs", lw.externs).
		add("init", initFn).
		add("main", mainFn).
		add("tests", tests).
		add("benchmarks", benchmarks)
	return out, nil
}

func memberLess(pi token.Pos, ni string, pj token.Pos, nj string) bool {
	if pi != pj {
		return pi < pj
	}
	return ni < nj
}

// isGeneric reports a function with type parameters that is not an instance: it is never
// emitted; its instances are.
func isGeneric(fn *ssa.Function) bool {
	return fn.TypeParams().Len() > 0 && len(fn.TypeArgs()) == 0
}

// drain lowers queued functions and builds method sets of runtime types until neither
// adds anything.
func (lw *lowering) drain() {
	for done := 0; done < len(lw.funcs) || len(lw.rtQueue) > 0; {
		for done < len(lw.funcs) {
			fn := lw.funcs[done]
			lw.funcOut[done] = lowerFunc(lw, fn)
			done++
		}
		for len(lw.rtQueue) > 0 {
			T := lw.rtQueue[0]
			lw.rtQueue = lw.rtQueue[1:]
			lw.methodSet(T)
		}
	}
}

// fnIndex returns the index of a function with a body, queueing it (and its anonymous
// functions, which follow it) for lowering if it is new.
func (lw *lowering) fnIndex(fn *ssa.Function) int {
	if i, ok := lw.funcIdx[fn]; ok {
		return i
	}
	if fn.Blocks == nil {
		panic("fnIndex of a function without body: " + fn.String())
	}
	i := len(lw.funcs)
	lw.funcIdx[fn] = i
	lw.funcs = append(lw.funcs, fn)
	lw.funcOut = append(lw.funcOut, nil)
	for _, a := range fn.AnonFuncs {
		lw.fnIndex(a)
	}
	return i
}

// externFuncName is the whitelist name of a library function: types.Func.FullName of
// its generic origin.
func externFuncName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil {
		return obj.Origin().FullName()
	}
	return fn.String()
}

// extern returns the index of a library function the VM provides.
func (lw *lowering) extern(fn *ssa.Function) int {
	if i, ok := lw.externIdx[fn]; ok {
		return i
	}
	i := len(lw.externs)
	lw.externIdx[fn] = i
	lw.externs = append(lw.externs, nil)
	lw.externs[i] = Obj{}.add("name", externFuncName(fn)).add("type", lw.types.sig(fn.Signature))
	return i
}

// unsupportedExtern returns the index of an extern the VM does not provide, listed only
// so that a method set is complete; calling it is a run-time error.
func (lw *lowering) unsupportedExtern(name string) int {
	if i, ok := lw.externName[name]; ok {
		return i
	}
	i := len(lw.externs)
	lw.externName[name] = i
	lw.externs = append(lw.externs, Obj{}.add("name", name).add("unsupported", true))
	return i
}

// global returns the index of a global variable: the package's own, or a library
// variable the VM provides.
func (lw *lowering) global(g *ssa.Global) int {
	if i, ok := lw.globalIdx[g]; ok {
		return i
	}
	elem := g.Type().(*types.Pointer).Elem()
	o := Obj{}
	if g.Pkg == lw.upkg {
		if g.Pos().IsValid() {
			lw.curPos = g.Pos() // for a type of the variable the simulator does not support
		}
		o = o.add("name", g.Pkg.Pkg.Path()+"."+g.Name()).add("type", lw.types.idx(elem)).add("pos", lw.pos(g.Pos()))
	} else {
		name := g.Pkg.Pkg.Path() + "." + g.Name()
		if !externGlobalSet[name] {
			lw.unsupportedHere("variable %s", name) // before any complaint about its type
		}
		o = o.add("name", name).add("type", lw.types.idx(elem)).add("extern", true)
	}
	i := len(lw.globals)
	lw.globalIdx[g] = i
	lw.globals = append(lw.globals, o)
	return i
}

// selector returns the index of a method name: exported names stand alone, unexported
// ones are qualified by their package path, as Go's method identity is.
func (lw *lowering) selector(m *types.Func) int {
	key, pkg := m.Name(), ""
	if !m.Exported() && m.Pkg() != nil {
		pkg = m.Pkg().Path()
		key = pkg + "." + m.Name()
	}
	if i, ok := lw.selIdx[key]; ok {
		return i
	}
	i := len(lw.sels)
	lw.selIdx[key] = i
	o := Obj{}.add("name", m.Name())
	if pkg != "" {
		o = o.add("pkg", pkg)
	}
	lw.sels = append(lw.sels, o)
	return i
}

// needRuntimeType records that values of type T are put in interfaces: T and the types
// reachable from it by value or pointer get their method sets, so that the VM can
// dispatch interface calls, check type assertions and let fmt call String and Error.
func (lw *lowering) needRuntimeType(T types.Type) {
	if lw.rtSeen.At(T) != nil {
		return
	}
	lw.rtSeen.Set(T, true)
	if !types.IsInterface(T) && lw.prog.MethodSets.MethodSet(T).Len() > 0 {
		lw.rtQueue = append(lw.rtQueue, T)
	}
	if n, ok := T.(*types.Named); ok {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct && n.Obj().Pkg() != nil && n.Obj().Pkg() != lw.pkg {
			return // an opaque library struct
		}
		T = n.Underlying() // its components, not the unnamed type itself
	}
	switch t := T.(type) {
	case *types.Pointer:
		lw.needRuntimeType(t.Elem())
	case *types.Slice:
		lw.needRuntimeType(t.Elem())
	case *types.Array:
		lw.needRuntimeType(t.Elem())
	case *types.Map:
		lw.needRuntimeType(t.Key())
		lw.needRuntimeType(t.Elem())
	case *types.Chan:
		lw.needRuntimeType(t.Elem())
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			lw.needRuntimeType(t.Field(i).Type())
		}
	}
}

// methodSet builds the method set of runtime type T: one entry per method, sorted as Go
// sorts them, naming the function (a user method or a wrapper) or the extern to call.
func (lw *lowering) methodSet(T types.Type) {
	e := lw.types.entries[lw.types.idx(T)]
	e.hasMset = true
	mset := lw.prog.MethodSets.MethodSet(T)
	ms := Arr{}
	for i := 0; i < mset.Len(); i++ {
		sel := mset.At(i)
		obj := sel.Obj().(*types.Func)
		entry := Obj{}.add("sel", lw.selector(obj))
		if obj.Pkg() == lw.pkg || isInterfaceMethod(obj) {
			// The program's method, or a method promoted from an embedded interface
			// (context.Context in a struct): the wrapper invokes it.
			fn := lw.prog.MethodValue(sel)
			entry = entry.add("type", lw.types.methodSig(obj.Type().(*types.Signature))).add("func", lw.fnIndex(fn))
		} else {
			name := obj.Origin().FullName()
			switch {
			case externFuncSet[name]:
				fn := lw.prog.MethodValue(sel)
				entry = entry.add("type", lw.types.methodSig(obj.Type().(*types.Signature)))
				if fn.Blocks != nil {
					entry = entry.add("func", lw.fnIndex(fn))
				} else {
					entry = entry.add("extern", lw.extern(fn))
				}
			case !obj.Exported():
				continue // no interface outside its package can name it
			default:
				entry = entry.add("extern", lw.unsupportedExtern(name))
			}
		}
		ms = append(ms, entry)
	}
	e.methods = ms
}

// pos is a position as the IR writes it: [file index, line, column], [-1,0,0] for none.
func (lw *lowering) pos(p token.Pos) Pos {
	if !p.IsValid() {
		return Pos{-1, 0, 0}
	}
	position := lw.fset.Position(p)
	fi, ok := lw.fileIdx[position.Filename]
	if !ok {
		return Pos{-1, 0, 0}
	}
	return Pos{fi, position.Line, position.Column}
}

// inUserFile reports a position in one of the program's files (library positions come
// from export data).
func (lw *lowering) inUserFile(p token.Pos) bool {
	if !p.IsValid() {
		return false
	}
	_, ok := lw.fileIdx[lw.fset.Position(p).Filename]
	return ok
}

// unsupportedAt reports an unsupported construct at p.
func (lw *lowering) unsupportedAt(p token.Pos, format string, args ...interface{}) {
	lw.u.add(p, format, args...)
}

// timerMakers are the library functions whose result is a timer the animations show: a call
// of one assigned to a variable names that timer (callName).
var timerMakers = map[string]bool{"time.NewTimer": true, "time.AfterFunc": true, "time.NewTicker": true}

// callName is the source text of what the result of the call whose '(' is lparen is assigned
// to (`t := time.NewTimer(d)`: "t"; `p.ts[0] = ...`: "p.ts[0]"; `var t = ...`: "t"), "" if the
// call is not the whole right-hand side of an assignment or declaration of one name, or if
// that text does not name one timer (namesOneTimer).
func (lw *lowering) callName(lparen token.Pos) string {
	if lw.callNames == nil {
		lw.callNames = map[token.Pos]string{}
		record := func(lhs []ast.Expr, rhs []ast.Expr) {
			if len(lhs) != len(rhs) {
				return
			}
			for i, r := range rhs {
				for p, ok := r.(*ast.ParenExpr); ok; p, ok = r.(*ast.ParenExpr) {
					r = p.X
				}
				if c, ok := r.(*ast.CallExpr); ok {
					if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
						continue
					}
					if !namesOneTimer(lhs[i]) {
						continue
					}
					lw.callNames[c.Lparen] = types.ExprString(lhs[i])
				}
			}
		}
		for _, f := range lw.src.files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch s := n.(type) {
				case *ast.AssignStmt:
					record(s.Lhs, s.Rhs)
				case *ast.ValueSpec:
					lhs := make([]ast.Expr, len(s.Names))
					for i, id := range s.Names {
						lhs[i] = id
					}
					record(lhs, s.Values)
				}
				return true
			})
		}
	}
	return lw.callNames[lparen]
}

// namesOneTimer reports whether the text of e names one timer: an index that is not a
// literal (`ts[i]`, assigned in a loop) names each element alike, and the timer's id says
// more (t7, not ts[i]#7).
func namesOneTimer(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if ix, isIndex := n.(*ast.IndexExpr); isIndex {
			if _, lit := ix.Index.(*ast.BasicLit); !lit {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// callStart maps the position go/ssa gives a call (its '(') to the start of the call
// expression, where a message about the callee belongs.
func (lw *lowering) callStart(lparen token.Pos) token.Pos {
	if lw.callStarts == nil {
		lw.callStarts = map[token.Pos]token.Pos{}
		for _, f := range lw.src.files {
			ast.Inspect(f, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					lw.callStarts[c.Lparen] = c.Fun.Pos()
				}
				return true
			})
		}
	}
	if p, ok := lw.callStarts[lparen]; ok {
		return p
	}
	if lparen.IsValid() {
		return lparen
	}
	return lw.curPos
}

// unsupportedHere reports an unsupported construct at the position being lowered.
func (lw *lowering) unsupportedHere(format string, args ...interface{}) {
	lw.u.add(lw.curPos, format, args...)
}

// testFuncs lists TestXxx(*testing.T) and BenchmarkXxx(*testing.B) functions of the
// _test.go files in source order, as go test finds them.
func (lw *lowering) testFuncs() (Arr, Arr) {
	tests, benchmarks := Arr{}, Arr{}
	for i, f := range lw.src.files {
		if !strings.HasSuffix(lw.src.paths[i], "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Type.TypeParams != nil {
				continue
			}
			name := fd.Name.Name
			obj, _ := lw.src.info.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			fn := lw.prog.FuncValue(obj)
			var list *Arr
			switch {
			case isTestName(name, "Test") && isTestSig(obj, "T"):
				list = &tests
			case isTestName(name, "Benchmark") && isTestSig(obj, "B"):
				list = &benchmarks
			default:
				continue
			}
			*list = append(*list, Obj{}.add("name", name).add("func", lw.funcIdx[fn]).add("pos", lw.pos(fd.Name.Pos())))
		}
	}
	return tests, benchmarks
}

// isTestName is go test's rule: the prefix, then nothing or a character that is not a
// lower-case letter.
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

// isTestSig reports func(*testing.<typ>) with no results.
func isTestSig(obj *types.Func, typ string) bool {
	sig := obj.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	p, ok := sig.Params().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == typ
}
