// Embedding library types: a context.Context in a struct (its methods are promoted and
// invoked through the interface), a sync.Mutex, a *time.Timer; method values of
// interface methods.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type tracedCtx struct {
	context.Context
	name string
}

func (c tracedCtx) String() string { return "ctx " + c.name }

type guarded struct {
	sync.Mutex
	*time.Timer
	fired int
}

func wait(ctx context.Context) error {
	done := ctx.Done // a method value of an interface method
	<-done()
	return ctx.Err()
}

func main() {
	base, cancel := context.WithCancel(context.Background())
	ctx := tracedCtx{base, "demo"}
	go cancel()
	fmt.Println(ctx, wait(ctx))

	g := &guarded{Timer: time.NewTimer(time.Millisecond)}
	<-g.C
	g.Lock()
	g.fired++
	g.Unlock()
	var l sync.Locker = g
	l.Lock()
	fmt.Println(g.Stop(), g.fired)
	l.Unlock()
}
