package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	c := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			total += n
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("total", total)
	go func() {
		for i := 0; i < 3; i++ {
			c <- i
		}
		close(c)
	}()
	for v := range c {
		fmt.Println("got", v)
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		close(done)
	}()
	select {
	case <-done:
		fmt.Println("done first")
	case <-time.After(time.Second):
		fmt.Println("timeout")
	}
	t := time.NewTimer(50 * time.Millisecond)
	if !t.Stop() {
		<-t.C
	}
	fmt.Println("stopped before firing")
	t.Reset(20 * time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	if !t.Stop() {
		<-t.C
		fmt.Println("drained")
	}
	fired := make(chan bool)
	time.AfterFunc(5*time.Millisecond, func() { fired <- true })
	fmt.Println("afterfunc", <-fired)
	tk := time.NewTicker(10 * time.Millisecond)
	n := 0
	for range tk.C {
		n++
		if n == 3 {
			tk.Stop()
			break
		}
	}
	fmt.Println("ticks", n)
	start := time.Now()
	time.Sleep(1500 * time.Millisecond)
	fmt.Println("slept", time.Since(start).Round(100*time.Millisecond))
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	fmt.Println(time.Duration(1500)*time.Millisecond, 90*time.Second)
}
