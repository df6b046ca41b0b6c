// checkerbugs.go: Go 1.19's type checker panics on a few programs instead of reporting an
// error (go build and go vet then crash too: "internal compiler error: panic: 0 not an
// Int"). typeCheck turns such a panic into the message a fixed checker gives, so that
// gofront still answers with a position and exit 2. A panic it does not recognize is left
// to run's recovery (an internal error, exit 3).
package main

import (
	"go/ast"
	"go/token"
	"go/types"
)

// typeCheck runs the checker on files; ds collects its messages.
func typeCheck(checker *types.Checker, fset *token.FileSet, files []*ast.File, info *types.Info, ds *[]diag) {
	defer func() {
		if r := recover(); r != nil {
			found := checkerPanicCauses(fset, files, info)
			if len(found) == 0 {
				panic(r)
			}
			*ds = append(*ds, found...)
		}
	}()
	_ = checker.Files(files)
}

// checkerPanicCauses finds what Go 1.19's checker panics on: a constant shift count of a
// typed non-integer type (1 << float32(0): Checker.shift calls constant.Uint64Val on the
// float). The operands were recorded before the checker reached the shift.
func checkerPanicCauses(fset *token.FileSet, files []*ast.File, info *types.Info) []diag {
	var ds []diag
	check := func(count ast.Expr) {
		tv, ok := info.Types[count]
		if !ok || tv.Value == nil || tv.Type == nil {
			return
		}
		b, ok := tv.Type.Underlying().(*types.Basic)
		if !ok || b.Info()&(types.IsInteger|types.IsUntyped) != 0 {
			return
		}
		ds = append(ds, diag{pos: fset.Position(count.Pos()),
			msg: "invalid operation: shift count " + types.ExprString(count) + " (constant " + tv.Value.String() +
				" of type " + tv.Type.String() + ") must be integer"})
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op == token.SHL || n.Op == token.SHR {
					check(n.Y)
				}
			case *ast.AssignStmt:
				if (n.Tok == token.SHL_ASSIGN || n.Tok == token.SHR_ASSIGN) && len(n.Rhs) == 1 {
					check(n.Rhs[0])
				}
			}
			return true
		})
	}
	return ds
}
