// Package flag over the arguments after `gotimers run flags.go --`.
package main

import (
	"flag"
	"fmt"
	"time"
)

var (
	n     = flag.Int("n", 3, "how many timers")
	big   = flag.Int64("big", 1<<40, "an int64")
	u     = flag.Uint("u", 0, "a uint")
	ratio = flag.Float64("ratio", 0.5, "a float")
	name  = flag.String("name", "gopher", "who to greet")
	d     = flag.Duration("d", 10*time.Millisecond, "timer `delay`")
	v     = flag.Bool("v", false, "verbose")
	level int
)

func main() {
	flag.IntVar(&level, "level", 1, "log level\non two lines")
	flag.Parse()
	fmt.Println(flag.Parsed(), *n, *big, *u, *ratio, *name, *d, *v, level)
	fmt.Println(flag.NArg(), flag.Args(), flag.Arg(0), flag.Arg(5) == "")
	start := time.Now()
	for i := 0; i < *n; i++ {
		<-time.After(*d)
	}
	fmt.Println(time.Since(start) >= time.Duration(*n)**d)
}
