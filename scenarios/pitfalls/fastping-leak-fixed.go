// The fix for fastping-leak (from the seeds): defer Stop for both tickers, and the reader
// also selects on p.done.
//
// run() stops its timeout and interval tickers on every return path (the two defers), and
// the network reader returns once p.done is closed instead of blocking on its send. A
// second after run() returns, no timer is left in the heaps and only main is alive, on
// every Go version.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var (
	count    = flag.Int("Count", 3, "replies to wait for")
	timeout  = flag.Duration("Timeout", time.Second, "give up after this long")
	interval = flag.Duration("Interval", 100*time.Millisecond, "time between two pings")
	rtt      = flag.Duration("Rtt", 70*time.Millisecond, "time between two replies")
)

var start = time.Now()

// at is the time since the program started, truncated to 10ms.
func at() time.Duration { return time.Since(start).Truncate(10 * time.Millisecond) }

type Pinger struct {
	Count       int
	Timeout     time.Duration
	Interval    time.Duration
	PacketsRecv int
	done        chan bool
}

// run is go-fastping's run() with the fix, the network replaced by recv.
func (p *Pinger) run(recv <-chan int) {
	timeout := time.NewTicker(p.Timeout)
	defer timeout.Stop()
	interval := time.NewTicker(p.Interval)
	defer interval.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-timeout.C:
			close(p.done)
			return
		case <-interval.C:
			fmt.Println("sendICMP at", at())
		case <-recv:
			fmt.Println("reply", p.PacketsRecv, "at", at())
			p.PacketsRecv++
		}
		if p.Count > 0 && p.PacketsRecv >= p.Count {
			close(p.done)
			return
		}
	}
}

func main() {
	flag.Parse()
	p := &Pinger{Count: *count, Timeout: *timeout, Interval: *interval, done: make(chan bool)}
	recv := make(chan int)
	go func() { // the network reader: returns once run() is done
		for {
			time.Sleep(*rtt)
			select {
			case recv <- 1:
			case <-p.done:
				return
			}
		}
	}()
	go p.run(recv)

	_, ok := <-p.done
	fmt.Println("run returned; the receive from the closed done channel gave ok =", ok)
	time.Sleep(time.Second)
	n := runtime.NumGoroutine()
	if n == 1 {
		fmt.Println("a second later: only main is alive, and both tickers are stopped")
	} else {
		fmt.Println("a second later:", n, "goroutines (expected 1)")
	}
}
