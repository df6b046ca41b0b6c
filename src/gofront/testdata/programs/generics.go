// Generic functions and types are instantiated for each set of type arguments.
package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

type number interface {
	~int | ~int64 | ~float64
}

func sum[T number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type stack[T any] struct{ items []T }

func (s *stack[T]) push(x T) { s.items = append(s.items, x) }

func (s *stack[T]) pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x, true
}

func mapOf[K comparable, V any](k K, v V) map[K]V { return map[K]V{k: v} }

func main() {
	fmt.Println(sum(1, 2, 3), sum(1.5, 2.5), sum(time.Second, time.Millisecond))
	var s stack[string]
	s.push("a")
	s.push("b")
	x, ok := s.pop()
	fmt.Println(x, ok, len(s.items))
	fmt.Println(mapOf("k", 1)["k"])
	var p atomic.Pointer[string]
	p.Store(&x)
	fmt.Println(*p.Load())
}
