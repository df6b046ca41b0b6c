// Pitfall (from the seeds and the Timer.Stop docs, Go 1.9-1.22): the drain idiom
//
//	if !t.Stop() { <-t.C }
//
// is only right while nobody has received from t.C yet.
//
// First use: the timer fired at 10ms and nobody read t.C, so Stop returns false and <-t.C
// takes the stale value: the idiom works, and Reset starts clean. Second use: the program
// has already received the expiry; Stop again returns false, and <-t.C waits for a value
// that will never come: fatal error: all goroutines are asleep - deadlock! (exit status 2).
// This program is meant to deadlock.
//
// Go 1.23 (synchronous timer channels, asynctimerchan=0): the first Stop already returns
// true ("if the program has not received from t.C already and the timer is running, Stop is
// guaranteed to return true"), so there is nothing to drain; the second use deadlocks the
// same way.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	t := time.NewTimer(10 * time.Millisecond)
	time.Sleep(20 * time.Millisecond) // t fired; its value waits in t.C

	// First use: nobody has received from t.C.
	if !t.Stop() {
		v := <-t.C
		fmt.Println("first Stop returned false; drained the stale value, sent at about",
			v.Sub(start).Truncate(10*time.Millisecond))
	} else {
		fmt.Println("first Stop returned true: nothing to drain (Go 1.23+ synchronous timer channels)")
	}
	fmt.Println("Reset returned", t.Reset(10*time.Millisecond), "(expected false: the timer was stopped)")
	<-t.C
	fmt.Println("received the expiry; now the same idiom again")

	// Second use: the expiry was already received, so t.C stays empty.
	if !t.Stop() {
		fmt.Println("Stop returned false again; <-t.C now blocks forever")
		<-t.C // fatal error: all goroutines are asleep - deadlock!
	}
	fmt.Println("never printed")
}
