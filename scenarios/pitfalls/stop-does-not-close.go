// Pitfall (from the seeds): Stop does not close the channel.
//
// Timer.Stop only prevents the timer from firing. It does not close t.C ("to prevent a read
// from the channel succeeding incorrectly"), so a goroutine that waits on t.C after Stop
// waits forever. Here that goroutine is main and nothing else is alive, so Go reports
//
//	fatal error: all goroutines are asleep - deadlock!
//
// and exits with status 2, on every Go version. This program is meant to deadlock.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(time.Second)
	fmt.Println("Stop returned", t.Stop(), "(expected true: the timer had not fired)")
	fmt.Println("stopped; now waiting on t.C, which will never receive")
	<-t.C // fatal error: all goroutines are asleep - deadlock!
}
