// types.go: the types table. Every distinct Go type the program uses appears once (types
// identical in Go's sense share an index, so the VM compares types by index), with
// its components by index, its size on linux/amd64, and Go's runtime name for it (what
// %T and panic messages print). Library struct types are "opaque": the VM implements
// them natively and the table lists only the fields the program reads.
package main

import (
	"fmt"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// typeEntry is one row of the types table.
type typeEntry struct {
	T        types.Type
	obj      Obj
	opaque   bool
	accessed map[int]bool // opaque struct: the fields the program reads
	methods  Arr          // the method set, when the type is a runtime type
	hasMset  bool
}

type typeTable struct {
	lw      *lowering
	index   typeutil.Map
	entries []*typeEntry
	sizes   types.Sizes
	iter    int // the index of the iterator type, or -1
}

// isIter reports go/ssa's type of a Range iterator, the one type that is not go/types'.
func isIter(T types.Type) bool {
	switch T.(type) {
	case *types.Basic, *types.Named, *types.Pointer, *types.Slice, *types.Array, *types.Map,
		*types.Chan, *types.Struct, *types.Signature, *types.Interface, *types.Tuple, *types.TypeParam, *types.Union:
		return false
	}
	return T.String() == "iter"
}

func newTypeTable(lw *lowering) *typeTable {
	tt := &typeTable{lw: lw, sizes: types.SizesFor("gc", "amd64"), iter: -1}
	tt.index.SetHasher(typeutil.MakeHasher())
	return tt
}

var basicNames = map[types.BasicKind]string{
	types.Bool: "bool", types.Int: "int", types.Int8: "int8", types.Int16: "int16",
	types.Int32: "int32", types.Int64: "int64", types.Uint: "uint", types.Uint8: "uint8",
	types.Uint16: "uint16", types.Uint32: "uint32", types.Uint64: "uint64",
	types.Uintptr: "uintptr", types.Float32: "float32", types.Float64: "float64",
	types.String:      "string",
	types.UntypedBool: "untyped bool", types.UntypedInt: "untyped int",
	types.UntypedRune: "untyped rune", types.UntypedFloat: "untyped float",
	types.UntypedString: "untyped string", types.UntypedNil: "untyped nil",
	types.Invalid: "invalid",
}

// idx returns the index of T, adding it (and its components) if it is new.
func (tt *typeTable) idx(T types.Type) int {
	if isIter(T) {
		// go/ssa's own type of Range iterators, which typeutil cannot hash.
		if tt.iter < 0 {
			tt.iter = len(tt.entries)
			tt.entries = append(tt.entries, &typeEntry{T: T, obj: Obj{}.add("kind", "iter").add("string", "iter")})
		}
		return tt.iter
	}
	if b, ok := T.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 && b.Kind() != types.UntypedNil {
		// go/ssa leaves some non-constant shifts of untyped constants untyped
		// (uint(1 << s)); Go computes them in the default type, with the same bits.
		T = types.Default(T)
	}
	if v := tt.index.At(T); v != nil {
		return v.(int)
	}
	i := len(tt.entries)
	tt.index.Set(T, i)
	e := &typeEntry{T: T}
	tt.entries = append(tt.entries, e)
	e.obj = tt.describe(T, e)
	return i
}

// sig returns the index of a signature with its receiver, if any, as the first parameter:
// the type of the function the VM calls.
func (tt *typeTable) sig(s *types.Signature) int {
	return tt.idx(flatSig(s))
}

// flatSig returns s without a receiver, the receiver moved to the front of the parameters.
func flatSig(s *types.Signature) *types.Signature {
	if s.Recv() == nil && s.TypeParams().Len() == 0 && s.RecvTypeParams().Len() == 0 {
		return s
	}
	var params []*types.Var
	if s.Recv() != nil {
		params = append(params, s.Recv())
	}
	for i := 0; i < s.Params().Len(); i++ {
		params = append(params, s.Params().At(i))
	}
	return types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), s.Results(), s.Variadic())
}

// methodSig returns the index of a method's signature without its receiver.
func (tt *typeTable) methodSig(s *types.Signature) int {
	return tt.idx(types.NewSignatureType(nil, nil, nil, s.Params(), s.Results(), s.Variadic()))
}

func (tt *typeTable) tuple(t *types.Tuple) Ints {
	out := Ints{}
	for i := 0; i < t.Len(); i++ {
		out = append(out, tt.idx(t.At(i).Type()))
	}
	return out
}

func (tt *typeTable) describe(T types.Type, e *typeEntry) Obj {
	o := Obj{}
	switch t := T.(type) {
	case *types.Basic:
		if t.Info()&types.IsComplex != 0 {
			tt.lw.unsupportedHere("complex numbers")
		}
		if t.Kind() == types.UnsafePointer {
			tt.lw.unsupportedHere("unsafe.Pointer")
		}
		name, ok := basicNames[t.Kind()]
		if !ok {
			name = t.Name()
		}
		o = o.add("kind", name)
		if t.Info()&types.IsUntyped == 0 && t.Kind() != types.Invalid && ok {
			o = o.add("size", tt.sizes.Sizeof(t))
		}
	case *types.Named:
		obj := t.Obj()
		if t.TypeParams().Len() > 0 && t.TypeArgs().Len() == 0 {
			tt.lw.unsupportedHere("generics (uninstantiated type %s)", obj.Name())
		}
		o = o.add("kind", "named").add("name", obj.Name()+typeArgs(t))
		pkgPath := ""
		if obj.Pkg() != nil {
			pkgPath = obj.Pkg().Path()
			o = o.add("pkg", pkgPath)
		}
		extern := obj.Pkg() != nil && obj.Pkg() != tt.lw.pkg
		if extern {
			o = o.add("extern", true)
		}
		if _, isStruct := t.Underlying().(*types.Struct); isStruct && extern {
			e.opaque = true
			if !nativeTypeSet[pkgPath+"."+obj.Name()] {
				tt.lw.unsupportedHere("type %s.%s", pkgPath, obj.Name())
			}
			o = o.add("opaque", true)
		} else {
			o = o.add("underlying", tt.idx(t.Underlying()))
		}
		o = o.add("size", tt.sizes.Sizeof(t))
	case *types.Pointer:
		o = o.add("kind", "pointer").add("elem", tt.idx(t.Elem())).add("size", int64(8))
	case *types.Slice:
		o = o.add("kind", "slice").add("elem", tt.idx(t.Elem())).add("size", int64(24))
	case *types.Array:
		o = o.add("kind", "array").add("elem", tt.idx(t.Elem())).add("len", t.Len()).add("size", tt.sizes.Sizeof(t))
	case *types.Map:
		o = o.add("kind", "map").add("key", tt.idx(t.Key())).add("elem", tt.idx(t.Elem())).add("size", int64(8))
	case *types.Chan:
		dir := "both"
		switch t.Dir() {
		case types.SendOnly:
			dir = "send"
		case types.RecvOnly:
			dir = "recv"
		}
		o = o.add("kind", "chan").add("elem", tt.idx(t.Elem())).add("dir", dir).add("size", int64(8))
	case *types.Struct:
		fields := Arr{}
		offsets := tt.sizes.Offsetsof(structFields(t))
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			fo := Obj{}.add("name", f.Name()).add("type", tt.idx(f.Type()))
			if f.Embedded() {
				fo = fo.add("embedded", true)
			}
			if !f.Exported() && f.Pkg() != nil {
				fo = fo.add("pkg", f.Pkg().Path())
			}
			if tag := t.Tag(i); tag != "" {
				fo = fo.add("tag", tag)
			}
			fo = fo.add("offset", offsets[i])
			fields = append(fields, fo)
		}
		o = o.add("kind", "struct").add("fields", fields).add("size", tt.sizes.Sizeof(t))
	case *types.Signature:
		s := flatSig(t)
		o = o.add("kind", "func").add("params", tt.tuple(s.Params())).add("results", tt.tuple(s.Results()))
		if s.Variadic() {
			o = o.add("variadic", true)
		}
		o = o.add("size", int64(8))
	case *types.Interface:
		ms := Arr{}
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			ms = append(ms, Obj{}.add("sel", tt.lw.selector(m)).add("type", tt.methodSig(m.Type().(*types.Signature))))
		}
		o = o.add("kind", "interface").add("methods", ms).add("size", int64(16))
	case *types.Tuple:
		o = o.add("kind", "tuple").add("elems", tt.tuple(t))
	case *types.TypeParam:
		tt.lw.unsupportedHere("generics (type parameter %s)", t.Obj().Name())
		o = o.add("kind", "invalid")
	default:
		tt.lw.unsupportedHere("type %s", T)
		o = o.add("kind", "invalid")
	}
	o = o.add("string", runtimeTypeString(T))
	return o
}

func structFields(t *types.Struct) []*types.Var {
	fs := make([]*types.Var, t.NumFields())
	for i := range fs {
		fs[i] = t.Field(i)
	}
	return fs
}

// accessField records that the program reads field i of an opaque library struct.
func (tt *typeTable) accessField(structPtrOrStruct types.Type, i int) {
	T := structPtrOrStruct
	if p, ok := T.Underlying().(*types.Pointer); ok {
		T = p.Elem()
	}
	e := tt.entries[tt.idx(T)]
	if !e.opaque {
		return
	}
	if e.accessed == nil {
		e.accessed = map[int]bool{}
	}
	if !e.accessed[i] {
		e.accessed[i] = true
		tt.idx(T.Underlying().(*types.Struct).Field(i).Type())
	}
}

// finish returns the table as IR, adding the fields read of opaque types and the method
// sets of runtime types.
func (tt *typeTable) finish() Arr {
	out := make(Arr, len(tt.entries))
	for i, e := range tt.entries {
		o := e.obj
		if e.opaque {
			st := e.T.Underlying().(*types.Struct)
			var idxs []int
			for f := range e.accessed {
				idxs = append(idxs, f)
			}
			sort.Ints(idxs)
			fields := Arr{}
			for _, f := range idxs {
				fv := st.Field(f)
				fields = append(fields, Obj{}.add("index", f).add("name", fv.Name()).add("type", tt.idx(fv.Type())))
			}
			o = o.add("fields", fields)
		}
		if e.hasMset {
			o = o.add("methodset", e.methods)
		}
		out[i] = o
	}
	return out
}

func typeArgs(t *types.Named) string {
	if t.TypeArgs().Len() == 0 {
		return ""
	}
	var parts []string
	for i := 0; i < t.TypeArgs().Len(); i++ {
		parts = append(parts, runtimeTypeString(t.TypeArgs().At(i)))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// runtimeTypeString is T as Go's runtime and reflect name it (%T, panic messages):
// package names rather than paths, "interface {}", "struct { a int }".
func runtimeTypeString(T types.Type) string {
	switch t := T.(type) {
	case *types.Basic:
		if n, ok := basicNames[t.Kind()]; ok {
			return n
		}
		return t.Name()
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return obj.Name()
		}
		return obj.Pkg().Name() + "." + obj.Name() + typeArgs(t)
	case *types.Pointer:
		return "*" + runtimeTypeString(t.Elem())
	case *types.Slice:
		return "[]" + runtimeTypeString(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), runtimeTypeString(t.Elem()))
	case *types.Map:
		return "map[" + runtimeTypeString(t.Key()) + "]" + runtimeTypeString(t.Elem())
	case *types.Chan:
		elem := runtimeTypeString(t.Elem())
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + elem
		case types.RecvOnly:
			return "<-chan " + elem
		}
		if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
			return "chan (" + elem + ")"
		}
		return "chan " + elem
	case *types.Signature:
		return "func" + sigString(t)
	case *types.Interface:
		if t.NumMethods() == 0 {
			return "interface {}"
		}
		var ms []string
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			ms = append(ms, m.Name()+sigString(m.Type().(*types.Signature)))
		}
		return "interface { " + strings.Join(ms, "; ") + " }"
	case *types.Struct:
		if t.NumFields() == 0 {
			return "struct {}"
		}
		var fs []string
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			s := runtimeTypeString(f.Type())
			if !f.Embedded() {
				s = f.Name() + " " + s
			}
			if tag := t.Tag(i); tag != "" {
				s += " " + strconv.Quote(tag)
			}
			fs = append(fs, s)
		}
		return "struct { " + strings.Join(fs, "; ") + " }"
	case *types.Tuple:
		var es []string
		for i := 0; i < t.Len(); i++ {
			es = append(es, runtimeTypeString(t.At(i).Type()))
		}
		return "(" + strings.Join(es, ", ") + ")"
	}
	return T.String()
}

func sigString(s *types.Signature) string {
	var ps []string
	for i := 0; i < s.Params().Len(); i++ {
		p := runtimeTypeString(s.Params().At(i).Type())
		if s.Variadic() && i == s.Params().Len()-1 {
			p = "..." + strings.TrimPrefix(p, "[]")
		}
		ps = append(ps, p)
	}
	out := "(" + strings.Join(ps, ", ") + ")"
	switch s.Results().Len() {
	case 0:
	case 1:
		out += " " + runtimeTypeString(s.Results().At(0).Type())
	default:
		out += " " + runtimeTypeString(s.Results())
	}
	return out
}
