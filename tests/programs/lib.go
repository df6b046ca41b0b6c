// The library of the VM's second increment: strings, strconv, sort (with callbacks),
// math, errors.As, fmt.Fprint*, sync.RWMutex/Cond/Once, atomic.Value, context.
package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type myErr struct{ code int }

func (e *myErr) Error() string { return "code " + strconv.Itoa(e.code) }

func main() {
	// strings
	fmt.Println(strings.Split("a,b,,c", ","), len(strings.Split("", ",")), strings.SplitN("a,b,c", ",", 2))
	fmt.Println(strings.Fields("  x y\tz\n"), strings.Join([]string{"p", "q"}, "-"), strings.Repeat("ab", 3))
	fmt.Println(strings.Replace("aaaa", "a", "b", 2), strings.ReplaceAll("x.y.z", ".", ""), strings.Count("cheese", "e"), strings.Count("five", ""))
	fmt.Println(strings.TrimSpace("  hi  "), strings.Trim("xxhixx", "x"), strings.TrimLeft("aab", "a"), strings.TrimRight("baa", "a"))
	fmt.Println(strings.TrimPrefix("prefix-x", "prefix-"), strings.TrimSuffix("x.go", ".go"), strings.Index("chicken", "ken"), strings.LastIndex("go gopher", "go"))
	fmt.Println(strings.HasPrefix("golang", "go"), strings.HasSuffix("golang", "ng"), strings.Contains("seafood", "foo"), strings.ContainsRune("abc", 'b'), strings.EqualFold("Go", "GO"))
	fmt.Println(strings.ToUpper("hello"), strings.ToLower("HeLLo"), strings.IndexByte("golang", 'l'))
	var sb strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(os.Stdout, "%d;", i)
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(',')
	}
	sb.WriteRune('é')
	fmt.Println(sb.String(), sb.Len())
	// strconv
	n, err := strconv.Atoi("-42")
	fmt.Println(n, err)
	_, err = strconv.Atoi("4x2")
	fmt.Println(err)
	i64, err := strconv.ParseInt("0x1f", 0, 64)
	fmt.Println(i64, err)
	_, err = strconv.ParseInt("300", 10, 8)
	fmt.Println(err)
	u, _ := strconv.ParseUint("255", 10, 8)
	f, _ := strconv.ParseFloat("1.5e3", 64)
	b, err := strconv.ParseBool("maybe")
	fmt.Println(u, f, b, err)
	fmt.Println(strconv.FormatInt(-255, 16), strconv.FormatUint(8, 2), strconv.FormatFloat(3.14159, 'f', 2, 64), strconv.FormatFloat(0.000001, 'g', -1, 64), strconv.FormatBool(true), strconv.Quote("a\"b\n"))
	// sort
	xs := []int{5, 2, 8, 1, 9}
	sort.Ints(xs)
	ss := []string{"pear", "apple", "fig"}
	sort.Strings(ss)
	fs := []float64{2.5, -1, 0}
	sort.Float64s(fs)
	fmt.Println(xs, ss, fs)
	type person struct {
		name string
		age  int
	}
	people := []person{{"ann", 31}, {"bob", 25}, {"cy", 40}, {"dee", 25}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].age < people[j].age })
	fmt.Println(people)
	sort.Slice(people, func(i, j int) bool { return people[i].name > people[j].name })
	fmt.Println(people)
	idx := sort.Search(len(xs), func(i int) bool { return xs[i] >= 6 })
	fmt.Println(idx)
	// math
	fmt.Println(math.Sqrt(2), math.Floor(-1.5), math.Ceil(1.2), math.Max(3, 7), math.Min(3, 7), math.Abs(-2), math.Pow(2, 10), math.Inf(1), math.IsNaN(math.NaN()))
	// errors.As, wrapping
	var e error = fmt.Errorf("wrapped: %w", &myErr{7})
	var me *myErr
	fmt.Println(errors.As(e, &me), me.code, e)
	// sync
	var once sync.Once
	var rw sync.RWMutex
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := false
	var wg sync.WaitGroup
	var av atomic.Value
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			once.Do(func() { fmt.Println("once") })
			rw.RLock()
			rw.RUnlock()
			mu.Lock()
			for !ready {
				cond.Wait()
			}
			mu.Unlock()
		}(i)
	}
	time.Sleep(time.Millisecond)
	mu.Lock()
	ready = true
	cond.Broadcast()
	mu.Unlock()
	wg.Wait()
	rw.Lock()
	av.Store("stored")
	rw.Unlock()
	fmt.Println(av.Load())
	// context
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	vctx := context.WithValue(ctx, "k", "v")
	child, cancelChild := context.WithCancel(vctx)
	start := time.Now()
	select {
	case <-child.Done():
		fmt.Println("child done:", child.Err(), time.Since(start).Round(10*time.Millisecond), vctx.Value("k"))
	case <-time.After(time.Second):
		fmt.Println("timeout did not fire")
	}
	cancelChild()
	c2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	<-c2.Done()
	fmt.Println(c2.Err(), errors.Is(ctx.Err(), context.DeadlineExceeded), context.TODO().Err())
	_, has := context.Background().Deadline()
	fmt.Println(has)
	fmt.Fprintln(os.Stderr, "to stderr")
}
