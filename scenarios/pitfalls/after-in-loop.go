// Pitfall (from the seeds): time.After inside a for-select loop.
//
// Every iteration makes a new timer. With a busy channel the timeout never fires, and each
// timer stays in the timer heap for its full minute: Go <= 1.22 frees a timer only once it
// fires or is stopped, and nothing can stop a time.After timer. After N messages about N
// timers are live (`gotimers run` prints the count in its summary). See
// after-in-loop-fixed.go for the cure.
//
// Go 1.23 changed that: a channel timer is in a heap only while a select blocks on it, and
// an unreferenced one is collected, so the heap stays small.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var (
	n          = flag.Int("N", 1000, "messages")
	every      = flag.Duration("Every", time.Millisecond, "the producer's pause between messages")
	gomaxprocs = flag.Int("gomaxprocs", 2, "GOMAXPROCS (0 keeps the runtime's)")
)

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	ch := make(chan int)
	go func() {
		for i := 0; i < *n; i++ {
			ch <- i
			time.Sleep(*every)
		}
	}()
	received := 0
	for i := 0; i < *n; i++ {
		select {
		case <-ch:
			received++
		case <-time.After(time.Minute):
			fmt.Println("timed out")
			return
		}
	}
	fmt.Println(received, "messages received; none of the", *n, "time.After timeouts fired")
	fmt.Println("each of those timers stays in a timer heap until its minute is up (Go <= 1.22)")
}
