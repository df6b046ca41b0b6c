// The seeds' two animations of the 4-ary timer heap: inserts sift up against the parent
// only (siblings are unordered), and a delete moves the last timer into the hole and sifts
// it.
//
// Ten timers (seconds) 5 20 30 40 50 22 25 35 28 48 are inserted in that order. The heap is
// then [5 20 30 40 50 22 25 35 28 48]: 22, 25, 35 and 28 are the children of 20, 48 a child
// of 30. Stop(20s) moves the last timer, 48, into 20's slot; it is not smaller than its
// parent 5, so it sifts down: the smallest of its four children, 22, takes its place:
// [5 22 30 40 50 48 25 35 28]. That is Go 1.9 (the global heap) and Go 1.10-1.13 (P0's
// bucket). Go 1.14-1.22 delete lazily: Stop only marks the timer timerDeleted, and the heap
// keeps all ten entries (nine live) until the P cleans it. Go 1.23 puts a channel timer in a
// heap only while a goroutine blocks receiving from it, so these ten never enter one.
// `gotimers heap` and `gotimers animate` show the heap; this program prints only what Go
// itself returns.
package main

import (
	"fmt"
	"time"
)

func main() {
	timers := map[int]*time.Timer{}
	for _, s := range []int{5, 20, 30, 40, 50, 22, 25, 35, 28, 48} {
		timers[s] = time.NewTimer(time.Duration(s) * time.Second)
	}
	fmt.Println(len(timers), "timers inserted")
	fmt.Println("Stop of the 20s timer returned", timers[20].Stop(), "(expected true: it had not fired)")
}
