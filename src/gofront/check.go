// check.go: what go build rejects that go/types accepts (a missing func main, a function
// without a body), and the constructs the simulator does not support that are best found
// in the syntax tree (package unsafe, package reflect, complex numbers). Lowering finds
// the rest (calls to library functions the simulator does not provide).
package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// checkBuild reports what go build would reject after type-checking succeeded. (A
// package main of only _test.go files needs no func main: go test does not link one.)
func checkBuild(src *source) error {
	var ds []diag
	hasMain, onlyTests := false, true
	for i, f := range src.files {
		if !strings.HasSuffix(src.paths[i], "_test.go") {
			onlyTests = false
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Body == nil {
				ds = append(ds, diag{pos: src.fset.Position(fd.Name.Pos()), msg: "missing function body"})
			}
			if fd.Recv == nil && fd.Name.Name == "main" {
				hasMain = true
			}
			if fd.Recv == nil && strings.HasSuffix(src.paths[i], "_test.go") {
				if d, bad := checkTestSignature(src.fset, fd); bad {
					ds = append(ds, d)
				}
			}
		}
	}
	if src.pkg.Name() == "main" && !hasMain && !onlyTests {
		ds = append(ds, diag{pos: src.fset.Position(src.files[0].Name.Pos()), msg: "function main is undeclared in the main package"})
	}
	if src.pkg.Name() != "main" && !src.isTest {
		ds = append(ds, diag{pos: src.fset.Position(src.files[0].Name.Pos()),
			msg: "package " + src.pkg.Name() + " is not a main package and has no _test.go files: nothing to run"})
	}
	if len(ds) > 0 {
		return goErrors(ds)
	}
	return nil
}

// checkTestSignature is go test's check of the functions its name rules select in a
// _test.go file (cmd/go/internal/load/test.go, Go 1.19): TestXxx must take *testing.T,
// BenchmarkXxx *testing.B, FuzzXxx *testing.F, TestMain *testing.M (or *testing.T: then it
// is a test), with no results and no type parameters. go test refuses the package
// otherwise, at the func keyword.
func checkTestSignature(fset *token.FileSet, fd *ast.FuncDecl) (diag, bool) {
	name := fd.Name.Name
	var arg string
	switch {
	case name == "TestMain":
		if isTestFuncSyntax(fd, "T") {
			return diag{}, false
		}
		arg = "M"
	case isTestName(name, "Test"):
		arg = "T"
	case isTestName(name, "Benchmark"):
		arg = "B"
	case isTestName(name, "Fuzz"):
		arg = "F"
	default:
		return diag{}, false
	}
	why := ""
	if !isTestFuncSyntax(fd, arg) {
		why = "must be: func " + name + "(" + strings.ToLower(arg) + " *testing." + arg + ")"
	}
	if fd.Type.TypeParams.NumFields() > 0 {
		why = "test functions cannot have type parameters"
	}
	if why == "" {
		return diag{}, false
	}
	return diag{pos: fset.Position(fd.Pos()), msg: "wrong signature for " + name + ", " + why}, true
}

// isTestFuncSyntax is go test's isTestFunc: one parameter of type *X or *pkg.X (go test
// does not resolve the import), no results.
func isTestFuncSyntax(fd *ast.FuncDecl, arg string) bool {
	t := fd.Type
	if t.Results != nil && len(t.Results.List) > 0 || t.Params.List == nil ||
		len(t.Params.List) != 1 || len(t.Params.List[0].Names) > 1 {
		return false
	}
	ptr, ok := t.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	if id, ok := ptr.X.(*ast.Ident); ok && id.Name == arg {
		return true
	}
	if sel, ok := ptr.X.(*ast.SelectorExpr); ok && sel.Sel.Name == arg {
		return true
	}
	return false
}

// checkSyntax finds unsupported constructs in the syntax tree: any use of package
// unsafe or reflect, any value of a complex type (reported where it first appears: a
// declaration, a conversion, a complex constant given to a variable), and a TestMain.
func checkSyntax(src *source, u *unsupported) {
	info := src.info
	for i, f := range src.files {
		if strings.HasSuffix(src.paths[i], "_test.go") {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "TestMain" {
					if obj, ok := info.Defs[fd.Name].(*types.Func); ok && isTestSig(obj, "M") {
						u.add(fd.Name.Pos(), "TestMain (the simulator runs tests and benchmarks itself)")
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.LabeledStmt:
				if n.Label.Name == "_" {
					u.add(n.Pos(), "the blank label _ (go/ssa cannot build it)")
				}
			case *ast.SelectorExpr:
				// A method expression (time.Time.Year) of a library method the VM does not
				// provide: go/ssa calls it through a thunk, so lowering would report it only
				// at a call, as "call to".
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodExpr {
					if m, ok := sel.Obj().(*types.Func); ok && m.Pkg() != nil && m.Pkg() != src.pkg &&
						!isInterfaceMethod(m) && !externFuncSet[m.Origin().FullName()] {
						u.add(n.Pos(), "use of %s", m.Origin().FullName())
					}
				}
				if id, ok := n.X.(*ast.Ident); ok {
					if pn, ok := info.Uses[id].(*types.PkgName); ok {
						if reportPkgUse(u, n.Pos(), pn.Imported().Path(), n.Sel.Name) {
							return false
						}
					}
				}
			case *ast.Ident:
				// An object of unsafe or reflect used through a dot import.
				if obj := info.Uses[n]; obj != nil && obj.Pkg() != nil && obj.Pkg() != src.pkg {
					if _, isPkg := obj.(*types.PkgName); !isPkg {
						reportPkgUse(u, n.Pos(), obj.Pkg().Path(), n.Name)
					}
				}
			}
			return true
		})
		checkComplex(f, info, u)
	}
}

// checkComplex reports the first value of a complex type in f: a variable, parameter,
// result or field declared with one (before its uses), or an expression of one. A constant
// expression is folded, so only its final type matters: real(2i) is a float constant, and
// const declarations are skipped (a complex constant is reported where a value takes it).
func checkComplex(f *ast.File, info *types.Info, u *unsupported) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				return false
			}
		case *ast.Ident:
			if v, ok := info.Defs[n].(*types.Var); ok && isComplex(v.Type()) {
				u.add(n.Pos(), "complex numbers")
				return false
			}
		}
		if e, ok := n.(ast.Expr); ok {
			if tv, ok := info.Types[e]; ok && tv.Type != nil && !tv.IsType() {
				if isComplex(tv.Type) {
					u.add(e.Pos(), "complex numbers")
					return false
				}
				if tv.Value != nil {
					return false
				}
			}
		}
		return true
	})
}

// reportPkgUse reports a use of package unsafe or reflect; it returns whether it did.
func reportPkgUse(u *unsupported, pos token.Pos, path, name string) bool {
	switch path {
	case "unsafe":
		u.add(pos, "unsafe.%s", name)
		return true
	case "reflect":
		u.add(pos, "reflect")
		return true
	}
	return false
}

func isComplex(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsComplex != 0
}
