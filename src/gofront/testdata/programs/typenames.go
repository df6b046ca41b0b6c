// %T of assorted types: the types table's "string" must be what Go prints.
package main

import (
	"fmt"
	"time"
)

type T struct{ a int }

type G[X any] struct{ x X }

func main() {
	var vals = []interface{}{
		[]interface{}{}, map[string][]*T{}, struct {
			T
			B string `json:"b"`
		}{}, func(int, ...string) (bool, error) { return false, nil }, make(chan (<-chan int)),
		make(<-chan time.Duration), [3]byte{}, (*interface{ M() int })(nil), struct{}{},
		G[time.Duration]{}, G[T]{}, 'x', uint8(1), func() {}, func(a int) int { return a },
	}
	for _, v := range vals {
		fmt.Printf("%T\n", v)
	}
}
