// Closures capture variables by reference; AfterFunc callbacks, defer and recover.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) inc(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k]++
}

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	x := 0
	inc := func() { x++ }
	inc()
	inc()
	fmt.Println("x =", x)

	var wg sync.WaitGroup
	var fired int32
	c := &counter{n: map[string]int{}}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		time.AfterFunc(time.Duration(i)*time.Millisecond, func() {
			atomic.AddInt32(&fired, 1)
			c.inc("fired")
			wg.Done()
		})
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt32(&fired), c.n["fired"], celsius(21.5))
	_, err := safeDiv(1, 0)
	fmt.Println(err)
	var s fmt.Stringer = celsius(-3)
	switch v := s.(type) {
	case celsius:
		fmt.Printf("%T %v\n", v, v)
	}
	words := []string{"a", "b"}
	for i, w := range words {
		fmt.Print(i, w, " ")
	}
	for k, v := range map[string]int{"k": 1} {
		fmt.Println(k, v)
	}
	for i, r := range "hé" {
		fmt.Println(i, r)
	}
	bs := []byte("\xff\x00")
	fmt.Println(len(bs), "\xfe")
}
