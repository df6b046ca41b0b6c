// A zero time.Timer (var t time.Timer) has no runtime timer: Stop and Reset panic with Go's
// message, and a Timer made by NewTimer or AfterFunc works through a struct field too.
package main

import (
	"fmt"
	"time"
)

type holder struct {
	name string
	t    *time.Timer
}

func try(name string, f func()) {
	defer func() { fmt.Println(name+":", recover()) }()
	f()
}

func main() {
	var t time.Timer
	try("Stop", func() { t.Stop() })
	try("Reset", func() { t.Reset(time.Second) })
	h := holder{"a", time.NewTimer(time.Hour)}
	fmt.Println("Stop of a pending timer:", h.t.Stop(), "again:", h.t.Stop())
	fmt.Println("Reset of a stopped timer:", h.t.Reset(time.Millisecond))
	<-h.t.C
	fmt.Println("fired")
	f := time.AfterFunc(time.Hour, func() {})
	fmt.Println("AfterFunc Stop:", f.Stop(), "Reset:", f.Reset(time.Hour), "Stop:", f.Stop())
}
