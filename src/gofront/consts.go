// consts.go: the constant pool. An operand that is not a register names a pool entry:
// a typed constant (integer, float, string, bool, nil, zero value), a function value,
// an extern function value, or the address of a global. Equal entries are shared.
package main

import (
	"fmt"
	"go/constant"
	"go/types"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
)

type constPool struct {
	lw      *lowering
	entries Arr
	keys    map[string]int
}

func newConstPool(lw *lowering) *constPool {
	return &constPool{lw: lw, keys: map[string]int{}}
}

// intern returns the index of the entry with this key, adding o if it is new.
func (cp *constPool) intern(key string, o func() Obj) int {
	if i, ok := cp.keys[key]; ok {
		return i
	}
	i := len(cp.entries)
	cp.keys[key] = i
	cp.entries = append(cp.entries, nil)
	cp.entries[i] = o()
	return i
}

// constant returns the pool index of an SSA constant.
func (cp *constPool) constant(c *ssa.Const) int {
	ti := cp.lw.types.idx(c.Type())
	under := c.Type().Underlying()
	if c.Value == nil {
		kind := "zero"
		switch u := under.(type) {
		case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
			kind = "nil"
		case *types.Basic:
			if u.Kind() == types.UntypedNil || u.Kind() == types.UnsafePointer {
				kind = "nil"
			}
		}
		return cp.intern(fmt.Sprintf("%d|%s", ti, kind), func() Obj {
			return Obj{}.add("type", ti).add(kind, true)
		})
	}
	b, _ := under.(*types.Basic)
	if b == nil {
		panic(fmt.Sprintf("constant %s of non-basic type %s", c.Value, c.Type()))
	}
	info := b.Info()
	switch {
	case info&types.IsBoolean != 0:
		v := constant.BoolVal(c.Value)
		return cp.intern(fmt.Sprintf("%d|b|%v", ti, v), func() Obj {
			return Obj{}.add("type", ti).add("bool", v)
		})
	case info&types.IsString != 0:
		s := constant.StringVal(c.Value)
		return cp.intern(fmt.Sprintf("%d|s|%s", ti, s), func() Obj {
			o := Obj{}.add("type", ti)
			if utf8.ValidString(s) {
				return o.add("str", s)
			}
			bs := make(Ints, len(s))
			for i := 0; i < len(s); i++ {
				bs[i] = int(s[i])
			}
			return o.add("bytes", bs)
		})
	case info&types.IsInteger != 0:
		// An exact JSON integer: int64 for signed types, uint64 for unsigned ones, and
		// for the untyped shifts go/ssa leaves (see types.go) whichever holds the value.
		// The VM takes its 64-bit two's-complement pattern at the constant's type.
		v := constant.ToInt(c.Value)
		var val interface{}
		i, iExact := constant.Int64Val(v)
		u, uExact := constant.Uint64Val(v)
		switch {
		case info&types.IsUnsigned != 0 && uExact, !iExact && uExact:
			val = u
		case iExact:
			val = i
		default:
			panic(fmt.Sprintf("integer constant %s does not fit 64 bits (type %s)", c.Value, c.Type()))
		}
		return cp.intern(fmt.Sprintf("%d|i|%v", ti, val), func() Obj {
			return Obj{}.add("type", ti).add("int", val)
		})
	case info&types.IsFloat != 0:
		v := constant.ToFloat(c.Value)
		var f float64
		if b.Kind() == types.Float32 {
			f32, _ := constant.Float32Val(v)
			f = float64(f32)
		} else {
			f, _ = constant.Float64Val(v)
		}
		return cp.intern(fmt.Sprintf("%d|f|%v", ti, f), func() Obj {
			return Obj{}.add("type", ti).add("float", Float(f))
		})
	case info&types.IsComplex != 0:
		cp.lw.unsupportedHere("complex numbers")
		return cp.intern(fmt.Sprintf("%d|zero", ti), func() Obj { return Obj{}.add("type", ti).add("zero", true) })
	}
	panic(fmt.Sprintf("constant %s of type %s", c.Value, c.Type()))
}

// funcValue is the entry for function fi used as a value (a closure with no free vars).
func (cp *constPool) funcValue(fi, sig int) int {
	return cp.intern(fmt.Sprintf("fn|%d", fi), func() Obj {
		return Obj{}.add("type", sig).add("func", fi)
	})
}

// externValue is the entry for extern function ei used as a value.
func (cp *constPool) externValue(ei, sig int) int {
	return cp.intern(fmt.Sprintf("ext|%d", ei), func() Obj {
		return Obj{}.add("type", sig).add("extern", ei)
	})
}

// globalAddr is the entry for the address of global gi (its type is *T).
func (cp *constPool) globalAddr(gi, ptrType int) int {
	return cp.intern(fmt.Sprintf("g|%d", gi), func() Obj {
		return Obj{}.add("type", ptrType).add("global", gi)
	})
}
