// externs.go: the library the simulator provides natively. A call to a library function
// or method is lowered to an extern call only if it is listed here; any other is reported
// as "unsupported: call to NAME" at the call. The same goes for library variables
// (os.Args, context.Canceled, ...) and for library struct types a program may hold by
// value (sync.WaitGroup, time.Timer, ...), which the VM implements natively.
//
// Names are those of types.Func.FullName: "time.NewTimer", "(*time.Timer).Stop",
// "(time.Duration).String", "(*sync/atomic.Pointer[T]).Load". docs/go-ir.md lists the
// same table (gofront -externs prints it); a test checks that the two agree and that every
// name exists in Go 1.19.
package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// externFuncs: package path -> the functions and methods of it the VM provides.
var externFuncs = map[string][]string{
	"time": {
		"time.Sleep", "time.Now", "time.Since", "time.Until",
		"time.NewTimer", "time.AfterFunc", "time.After", "time.Tick", "time.NewTicker",
		"time.ParseDuration", "time.Unix", "time.UnixMilli", "time.UnixMicro",
		"(*time.Timer).Stop", "(*time.Timer).Reset",
		"(*time.Ticker).Stop", "(*time.Ticker).Reset",
		"(time.Duration).String", "(time.Duration).Nanoseconds", "(time.Duration).Microseconds",
		"(time.Duration).Milliseconds", "(time.Duration).Seconds", "(time.Duration).Minutes",
		"(time.Duration).Hours", "(time.Duration).Truncate", "(time.Duration).Round",
		"(time.Duration).Abs",
		"(time.Time).Add", "(time.Time).Sub", "(time.Time).Before", "(time.Time).After",
		"(time.Time).Equal", "(time.Time).IsZero", "(time.Time).Round", "(time.Time).Truncate",
		"(time.Time).String", "(time.Time).Unix", "(time.Time).UnixNano", "(time.Time).UnixMilli",
		"(time.Time).UnixMicro",
	},
	"fmt": {
		"fmt.Print", "fmt.Println", "fmt.Printf", "fmt.Sprint", "fmt.Sprintln", "fmt.Sprintf",
		"fmt.Errorf", "fmt.Fprint", "fmt.Fprintln", "fmt.Fprintf",
	},
	"os": {"os.Exit"},
	"errors": {
		"errors.New", "errors.Is", "errors.As", "errors.Unwrap",
	},
	"context": {
		"context.Background", "context.TODO", "context.WithCancel", "context.WithTimeout",
		"context.WithDeadline", "context.WithValue",
	},
	"sync": {
		"(*sync.WaitGroup).Add", "(*sync.WaitGroup).Done", "(*sync.WaitGroup).Wait",
		"(*sync.Mutex).Lock", "(*sync.Mutex).Unlock", "(*sync.Mutex).TryLock",
		"(*sync.RWMutex).Lock", "(*sync.RWMutex).Unlock", "(*sync.RWMutex).RLock",
		"(*sync.RWMutex).RUnlock", "(*sync.RWMutex).TryLock", "(*sync.RWMutex).TryRLock",
		"(*sync.Once).Do",
		"sync.NewCond", "(*sync.Cond).Wait", "(*sync.Cond).Signal", "(*sync.Cond).Broadcast",
	},
	"sync/atomic": {
		"sync/atomic.AddInt32", "sync/atomic.AddInt64", "sync/atomic.AddUint32", "sync/atomic.AddUint64",
		"sync/atomic.LoadInt32", "sync/atomic.LoadInt64", "sync/atomic.LoadUint32", "sync/atomic.LoadUint64",
		"sync/atomic.StoreInt32", "sync/atomic.StoreInt64", "sync/atomic.StoreUint32", "sync/atomic.StoreUint64",
		"sync/atomic.SwapInt32", "sync/atomic.SwapInt64", "sync/atomic.SwapUint32", "sync/atomic.SwapUint64",
		"sync/atomic.CompareAndSwapInt32", "sync/atomic.CompareAndSwapInt64",
		"sync/atomic.CompareAndSwapUint32", "sync/atomic.CompareAndSwapUint64",
		"(*sync/atomic.Int32).Load", "(*sync/atomic.Int32).Store", "(*sync/atomic.Int32).Add",
		"(*sync/atomic.Int32).Swap", "(*sync/atomic.Int32).CompareAndSwap",
		"(*sync/atomic.Int64).Load", "(*sync/atomic.Int64).Store", "(*sync/atomic.Int64).Add",
		"(*sync/atomic.Int64).Swap", "(*sync/atomic.Int64).CompareAndSwap",
		"(*sync/atomic.Uint32).Load", "(*sync/atomic.Uint32).Store", "(*sync/atomic.Uint32).Add",
		"(*sync/atomic.Uint32).Swap", "(*sync/atomic.Uint32).CompareAndSwap",
		"(*sync/atomic.Uint64).Load", "(*sync/atomic.Uint64).Store", "(*sync/atomic.Uint64).Add",
		"(*sync/atomic.Uint64).Swap", "(*sync/atomic.Uint64).CompareAndSwap",
		"(*sync/atomic.Bool).Load", "(*sync/atomic.Bool).Store", "(*sync/atomic.Bool).Swap",
		"(*sync/atomic.Bool).CompareAndSwap",
		"(*sync/atomic.Value).Load", "(*sync/atomic.Value).Store", "(*sync/atomic.Value).Swap",
		"(*sync/atomic.Value).CompareAndSwap",
		"(*sync/atomic.Pointer[T]).Load", "(*sync/atomic.Pointer[T]).Store",
		"(*sync/atomic.Pointer[T]).Swap", "(*sync/atomic.Pointer[T]).CompareAndSwap",
	},
	"runtime": {
		"runtime.GOMAXPROCS", "runtime.NumGoroutine", "runtime.Gosched", "runtime.NumCPU",
		"runtime.GC", "runtime.Goexit",
	},
	"flag": {
		"flag.Int", "flag.Int64", "flag.Uint", "flag.Float64", "flag.Bool", "flag.String", "flag.Duration",
		"flag.IntVar", "flag.Int64Var", "flag.UintVar", "flag.Float64Var", "flag.BoolVar",
		"flag.StringVar", "flag.DurationVar",
		"flag.Parse", "flag.Parsed", "flag.Args", "flag.Arg", "flag.NArg",
	},
	"strings": {
		"strings.Contains", "strings.ContainsRune", "strings.HasPrefix", "strings.HasSuffix",
		"strings.Index", "strings.IndexByte", "strings.LastIndex", "strings.Split", "strings.SplitN",
		"strings.Fields", "strings.Join", "strings.Repeat", "strings.Replace", "strings.ReplaceAll",
		"strings.ToLower", "strings.ToUpper", "strings.TrimSpace", "strings.Trim", "strings.TrimLeft",
		"strings.TrimRight", "strings.TrimPrefix", "strings.TrimSuffix", "strings.Count",
		"strings.EqualFold",
		"(*strings.Builder).WriteString", "(*strings.Builder).WriteByte", "(*strings.Builder).WriteRune",
		"(*strings.Builder).String", "(*strings.Builder).Len", "(*strings.Builder).Reset",
		"(*strings.Builder).Grow",
	},
	"strconv": {
		"strconv.Itoa", "strconv.Atoi", "strconv.FormatInt", "strconv.FormatUint", "strconv.FormatFloat",
		"strconv.FormatBool", "strconv.ParseInt", "strconv.ParseUint", "strconv.ParseFloat",
		"strconv.ParseBool", "strconv.Quote",
	},
	"math": {
		"math.Abs", "math.Sqrt", "math.Floor", "math.Ceil", "math.Trunc", "math.Round", "math.Max",
		"math.Min", "math.Pow", "math.Log", "math.Exp", "math.Mod", "math.Inf", "math.IsInf",
		"math.IsNaN", "math.NaN",
	},
	"math/rand": {
		"math/rand.Seed", "math/rand.Int", "math/rand.Intn", "math/rand.Int63", "math/rand.Int63n",
		"math/rand.Float64", "math/rand.Perm", "math/rand.Shuffle", "math/rand.New",
		"math/rand.NewSource",
		"(*math/rand.Rand).Seed", "(*math/rand.Rand).Int", "(*math/rand.Rand).Intn",
		"(*math/rand.Rand).Int63", "(*math/rand.Rand).Int63n", "(*math/rand.Rand).Float64",
		"(*math/rand.Rand).Perm", "(*math/rand.Rand).Shuffle",
	},
	"sort": {
		"sort.Ints", "sort.Float64s", "sort.Strings", "sort.Slice", "sort.SliceStable", "sort.Search",
	},
	"testing": {
		"(*testing.common).Error", "(*testing.common).Errorf", "(*testing.common).Fatal",
		"(*testing.common).Fatalf", "(*testing.common).Fail", "(*testing.common).FailNow",
		"(*testing.common).Failed", "(*testing.common).Log", "(*testing.common).Logf",
		"(*testing.common).Skip", "(*testing.common).Skipf", "(*testing.common).SkipNow",
		"(*testing.common).Skipped", "(*testing.common).Helper", "(*testing.common).Cleanup",
		"(*testing.common).Name",
		"(*testing.T).Run", "(*testing.T).Parallel",
		"(*testing.B).Run", "(*testing.B).ResetTimer", "(*testing.B).StartTimer", "(*testing.B).StopTimer",
		"(*testing.B).RunParallel", "(*testing.B).ReportMetric", "(*testing.B).ReportAllocs",
		"(*testing.B).SetParallelism", "(*testing.B).SetBytes",
		"(*testing.PB).Next",
		"testing.Short", "testing.Verbose",
	},
}

// externGlobals are the library variables a program may use; the VM initialises them.
var externGlobals = []string{
	"os.Args", "os.Stdout", "os.Stderr",
	"context.Canceled", "context.DeadlineExceeded",
}

// nativeTypes are the library struct types a program may hold, which the VM implements
// natively (zero value, fields the program reads, methods above). Library named types
// that are not structs (time.Duration, time.Month, context.CancelFunc) and library
// interfaces (error, fmt.Stringer, context.Context, testing.TB) need no entry: the IR
// describes them completely.
var nativeTypes = []string{
	"time.Time", "time.Timer", "time.Ticker",
	"sync.WaitGroup", "sync.Mutex", "sync.RWMutex", "sync.Once", "sync.Cond",
	"sync/atomic.Int32", "sync/atomic.Int64", "sync/atomic.Uint32", "sync/atomic.Uint64",
	"sync/atomic.Bool", "sync/atomic.Value", "sync/atomic.Pointer",
	"testing.T", "testing.B", "testing.PB", "testing.common",
	"strings.Builder", "os.File", "math/rand.Rand",
}

var (
	externFuncSet   = map[string]bool{}
	externGlobalSet = map[string]bool{}
	nativeTypeSet   = map[string]bool{}
)

func init() {
	for _, names := range externFuncs {
		for _, n := range names {
			externFuncSet[n] = true
		}
	}
	for _, n := range externGlobals {
		externGlobalSet[n] = true
	}
	for _, n := range nativeTypes {
		nativeTypeSet[n] = true
	}
}

// sortedExternPackages lists the packages of externFuncs in order.
func sortedExternPackages() []string {
	var pkgs []string
	for p := range externFuncs {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs
}

// printExternTable writes the whitelist as the Markdown table of docs/go-ir.md.
func printExternTable(w io.Writer) {
	fmt.Fprintln(w, "| package | functions and methods the VM provides |")
	fmt.Fprintln(w, "|---|---|")
	for _, p := range sortedExternPackages() {
		names := append([]string(nil), externFuncs[p]...)
		for i, n := range names {
			names[i] = "`" + n + "`"
		}
		fmt.Fprintf(w, "| `%s` | %s |\n", p, strings.Join(names, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| library variables | "+ticked(externGlobals)+" |")
	fmt.Fprintln(w, "|---|---|")
	fmt.Fprintln(w, "| native struct types | "+ticked(nativeTypes)+" |")
}

func ticked(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, ", ")
}
