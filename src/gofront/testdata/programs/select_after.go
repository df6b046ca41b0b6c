// A receive loop with a timeout per message: each iteration's time.After starts a new
// timer, which stays in the heap until it fires.
package main

import (
	"fmt"
	"time"
)

func producer(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		time.Sleep(time.Millisecond)
		ch <- i
	}
}

func main() {
	ch := make(chan int)
	go producer(ch, 5)
	received, timeouts := 0, 0
	for received+timeouts < 6 {
		select {
		case <-time.After(20 * time.Millisecond):
			timeouts++
		case v := <-ch:
			received++
			if v != received-1 {
				panic("out of order")
			}
		}
	}
	fmt.Printf("received %d, timed out %d\n", received, timeouts)
}
