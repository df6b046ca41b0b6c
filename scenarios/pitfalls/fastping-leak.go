// Pitfall (from the seeds): the tatsushid/go-fastping Ticker leak.
//
// run() returns on three paths (done, timeout, enough replies) and stops neither of its two
// tickers, so both stay in the timer heaps, firing every Interval, for the life of the
// program (Go <= 1.22 never frees a running ticker). And the network reader that feeds recv
// has no way to learn that run() is gone: it blocks forever on its next send, a leaked
// goroutine. A second after run() returns, two goroutines are alive: main and the reader.
// `gotimers run` shows the two tickers in the heaps and the reader in its leak report.
//
// Go 1.23 collects the unreferenced tickers (they are in a heap only while run() selects on
// them); the blocked reader still leaks. fastping-leak-fixed.go adds the cure.
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

// run is go-fastping's run(), with the network replaced by recv.
func (p *Pinger) run(recv <-chan int) {
	timeout := time.NewTicker(p.Timeout)
	interval := time.NewTicker(p.Interval)
	for {
		select {
		case <-p.done: // exits without stopping the tickers
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
			close(p.done) // exits without stopping the tickers
			return
		}
	}
}

func main() {
	flag.Parse()
	p := &Pinger{Count: *count, Timeout: *timeout, Interval: *interval, done: make(chan bool)}
	recv := make(chan int)
	go func() { // the network reader: never looks at p.done
		for {
			time.Sleep(*rtt)
			recv <- 1
		}
	}()
	go p.run(recv)

	_, ok := <-p.done
	fmt.Println("run returned; the receive from the closed done channel gave ok =", ok)
	time.Sleep(time.Second)
	n := runtime.NumGoroutine()
	if n == 2 {
		fmt.Println("a second later: 2 goroutines, main and the reader blocked forever on its send")
	} else {
		fmt.Println("a second later:", n, "goroutines (expected 2)")
	}
}
