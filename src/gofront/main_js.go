//go:build js

// The front end in the lab page (GOOS=js GOARCH=wasm, run by Go's wasm_exec.js): the same
// parsing, type-checking, vet checks and lowering as the command, on files held in memory,
// with the standard library's types from a bundle (stdlib.go) instead of GOROOT. It sets
// two JavaScript functions and waits:
//
//	gofrontInit(bundle)     the bytes `gofront -stdlib-bundle` wrote (a Uint8Array); returns
//	                        "" or what went wrong
//	gofrontCompile(files)   {name: source, ...} -> a JSON text: {"ok": true, "ir": IR} with
//	                        the IR `gofront NAME...` writes, or {"ok": false, "error": TEXT}
//	                        with its messages (file:line:col: ...)
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"runtime/debug"
	"sort"
	"syscall/js"
)

func main() {
	js.Global().Set("gofrontInit", js.FuncOf(jsInit))
	js.Global().Set("gofrontCompile", js.FuncOf(jsCompile))
	select {}
}

func jsInit(_ js.Value, args []js.Value) any {
	if len(args) != 1 {
		return "gofrontInit: expected the bundle"
	}
	data := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(data, args[0])
	b, err := readStdlibBundle(data)
	if err != nil {
		return fmt.Sprintf("gofrontInit: %v", err)
	}
	stdImporter = func(*token.FileSet) types.Importer { return b }
	return ""
}

type jsAnswer struct {
	OK    bool            `json:"ok"`
	IR    json.RawMessage `json:"ir,omitempty"`
	Error string          `json:"error,omitempty"`
}

func jsCompile(_ js.Value, args []js.Value) (out any) {
	answer := func(a jsAnswer) string {
		b, _ := json.Marshal(a)
		return string(b)
	}
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("gofront: internal error: %v", r)
			if os.Getenv("GOFRONT_DEBUG") != "" {
				msg += "\n" + string(debug.Stack())
			}
			out = answer(jsAnswer{Error: msg})
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeObject {
		return answer(jsAnswer{Error: "gofrontCompile: expected {name: source, ...}"})
	}
	keys := js.Global().Get("Object").Call("keys", args[0])
	files := map[string][]byte{}
	var paths []string
	for i := 0; i < keys.Length(); i++ {
		name := keys.Index(i).String()
		files[name] = []byte(args[0].Get(name).String())
		paths = append(paths, name)
	}
	sort.Strings(paths)
	src, err := loadFiles(paths, func(p string) ([]byte, error) { return files[p], nil })
	var ir Obj
	if err == nil {
		ir, err = compileSource(src, options{vet: true})
	}
	if err != nil {
		if ue, ok := err.(*userError); ok {
			return answer(jsAnswer{Error: ue.Error()})
		}
		return answer(jsAnswer{Error: "gofront: " + err.Error()})
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, ir, false); err != nil {
		return answer(jsAnswer{Error: "gofront: " + err.Error()})
	}
	return answer(jsAnswer{OK: true, IR: buf.Bytes()})
}
