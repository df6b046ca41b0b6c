// externs_test.go: the whitelist names real Go 1.19 API, and docs/go-ir.md documents
// exactly the whitelist and every opcode.
package main

import (
	"bytes"
	"go/importer"
	"go/token"
	"go/types"
	"os"
	"sort"
	"strings"
	"testing"
)

// lookupExtern finds a whitelist name in Go 1.19's export data and returns the full name
// of what it found ("" if nothing).
func lookupExtern(imp types.Importer, name string) string {
	if strings.HasPrefix(name, "(") {
		end := strings.Index(name, ").")
		recv, method := name[1:end], name[end+2:]
		recv = strings.TrimPrefix(recv, "*")
		recv = strings.TrimSuffix(recv, "[T]")
		dot := strings.LastIndex(recv, ".")
		pkg, err := imp.Import(recv[:dot])
		if err != nil {
			return ""
		}
		tn, ok := pkg.Scope().Lookup(recv[dot+1:]).(*types.TypeName)
		if !ok {
			return ""
		}
		named := tn.Type().(*types.Named)
		for i := 0; i < named.NumMethods(); i++ {
			if m := named.Method(i); m.Name() == method {
				return m.Origin().FullName()
			}
		}
		return ""
	}
	dot := strings.LastIndex(name, ".")
	pkg, err := imp.Import(name[:dot])
	if err != nil {
		return ""
	}
	switch obj := pkg.Scope().Lookup(name[dot+1:]).(type) {
	case *types.Func:
		return obj.FullName()
	case *types.Var:
		return "var " + obj.Pkg().Path() + "." + obj.Name()
	case *types.TypeName:
		if _, ok := obj.Type().Underlying().(*types.Struct); ok {
			return "struct " + obj.Pkg().Path() + "." + obj.Name()
		}
	}
	return ""
}

func TestExternsExistInGo119(t *testing.T) {
	imp := importer.ForCompiler(token.NewFileSet(), "gc", nil)
	for _, p := range sortedExternPackages() {
		for _, name := range externFuncs[p] {
			if !strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(name, "("), "*"), p+".") {
				t.Errorf("%s is listed under package %s", name, p)
			}
			if got := lookupExtern(imp, name); got != name {
				t.Errorf("%s: Go 1.19 has %q", name, got)
			}
		}
	}
	for _, name := range externGlobals {
		if got := lookupExtern(imp, name); got != "var "+name {
			t.Errorf("%s: Go 1.19 has %q", name, got)
		}
	}
	for _, name := range nativeTypes {
		if got := lookupExtern(imp, name); got != "struct "+name {
			t.Errorf("%s: Go 1.19 has %q", name, got)
		}
	}
}

func readDoc(t *testing.T) string {
	data, err := os.ReadFile("../../docs/go-ir.md")
	if err != nil {
		t.Fatalf("docs/go-ir.md: %v", err)
	}
	return string(data)
}

func TestDocListsTheExterns(t *testing.T) {
	var table bytes.Buffer
	printExternTable(&table)
	if !strings.Contains(readDoc(t), table.String()) {
		t.Errorf("docs/go-ir.md does not contain the table gofront -externs prints:\n%s", table.String())
	}
}

func TestDocListsEveryOpcode(t *testing.T) {
	doc := readDoc(t)
	var ops []string
	for op := range opFields {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		if !strings.Contains(doc, "| `"+op+"` |") {
			t.Errorf("docs/go-ir.md has no row for opcode %s", op)
		}
	}
	// And the lowering emits no opcode the validator does not know.
	for _, op := range binOps {
		if _, ok := opFields[op]; !ok {
			t.Errorf("binary opcode %s is not in opFields", op)
		}
	}
	for _, op := range unOps {
		if _, ok := opFields[op]; !ok {
			t.Errorf("unary opcode %s is not in opFields", op)
		}
	}
	for _, op := range builtins {
		if _, ok := opFields[op]; !ok {
			t.Errorf("builtin opcode %s is not in opFields", op)
		}
	}
}
