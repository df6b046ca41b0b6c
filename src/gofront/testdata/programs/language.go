// A tour of the language the VM runs: control flow, composite types, methods, interfaces,
// embedding, method values and expressions, go/defer of every call kind, select forms.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	n     = flag.Int("n", 3, "iterations")
	delay = flag.Duration("delay", time.Millisecond, "delay")
	total = initTotal()
	table = map[string]int{"a": 1, "b": 2}
)

func initTotal() int { return len(names) * 2 }

var names = []string{"x", "y"}

func init() { total++ }
func init() { total *= 2 }

type shape interface {
	area() float64
	fmt.Stringer
}

type rect struct{ w, h float64 }

func (r rect) area() float64    { return r.w * r.h }
func (r rect) String() string   { return "rect " + strconv.FormatFloat(r.area(), 'f', 1, 64) }
func (r *rect) scale(k float64) { r.w *= k; r.h *= k }

type named struct {
	rect
	name string
}

type errNotFound struct{ key string }

func (e *errNotFound) Error() string { return "not found: " + e.key }

func find(k string) (int, error) {
	if v, ok := table[k]; ok {
		return v, nil
	}
	return 0, &errNotFound{k}
}

func variadic(prefix string, xs ...int) string {
	parts := make([]string, 0, len(xs))
	for _, x := range xs {
		parts = append(parts, strconv.Itoa(x))
	}
	return prefix + strings.Join(parts, ",")
}

func fib(k int) int {
	if k < 2 {
		return k
	}
	return fib(k-1) + fib(k-2)
}

func gotoLoop() int {
	i := 0
again:
	i++
	if i < 5 {
		goto again
	}
	return i
}

func main() {
	flag.Parse()
	fmt.Println(total, *n, *delay, variadic("v:", 1, 2, 3), fib(10), gotoLoop())

	var shapes []shape
	r := rect{2, 3}
	r.scale(2)
	shapes = append(shapes, r, named{rect{1, 1}, "unit"})
	for _, s := range shapes {
		fmt.Printf("%v %.1f %T\n", s, s.area(), s)
	}
	area := r.area         // method value
	scale := (*rect).scale // method expression
	scale(&r, 0.5)
	fmt.Println(area(), r.area())

	if _, err := find("zz"); err != nil {
		var nf *errNotFound
		fmt.Println(err, errors.As(err, &nf), nf.key)
	}

	grid := [2][3]int{{1, 2, 3}, {4, 5, 6}}
	sum := 0
outer:
	for i := range grid {
		for j := range grid[i] {
			if grid[i][j] == 5 {
				continue outer
			}
			sum += grid[i][j]
		}
	}
	p := struct {
		x, y int
	}{1, 2}
	q := p
	fmt.Println(sum, p == q, grid[1][:2], len(grid))

	switch x := sum % 4; {
	case x == 0:
		fmt.Println("zero")
		fallthrough
	case x == 1:
		fmt.Println("one")
	default:
		fmt.Println("other")
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	results := make(chan string, 10)
	done := make(chan struct{})
	wg.Add(3)
	go func() {
		defer wg.Done()
		mu.Lock()
		defer mu.Unlock()
		results <- "closure"
	}()
	go fmt.Sprint("extern") // go of an extern call
	var st fmt.Stringer = r
	go func(s fmt.Stringer) { defer wg.Done(); results <- s.String() }(st)
	go r.scale(1) // go of a static method call
	go func() {
		defer wg.Done()
		defer close(done) // defer of a builtin
		var nilc chan int
		select {
		case v := <-nilc:
			fmt.Println("impossible", v)
		case results <- "select-send":
		default:
		}
	}()
	wg.Wait()
	<-done
	close(results)
	var got []string
	for s := range results {
		got = append(got, s)
	}
	fmt.Println(len(got))

	b := []byte("héllo")
	rs := []rune(string(b))
	fmt.Println(len(b), len(rs), string(rs[1]), string(b[1:3]), strings.ToUpper("go"))
	m := map[[2]int]string{{1, 2}: "pair"}
	delete(m, [2]int{3, 4})
	fmt.Println(m[[2]int{1, 2}], len(m))
	println("to stderr")
	if *n < 0 {
		os.Exit(3)
	}
}
