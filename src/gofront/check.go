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

// checkSyntax finds unsupported constructs in the syntax tree: any use of package
// unsafe or reflect, any expression of a complex type, and a TestMain.
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
			if e, ok := n.(ast.Expr); ok {
				if tv, ok := info.Types[e]; ok && tv.Type != nil && !tv.IsType() && isComplex(tv.Type) && tv.Value == nil {
					u.add(e.Pos(), "complex numbers")
					return false
				}
			}
			return true
		})
	}
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
