package main

import "time"

func (d time.Duration) Twice() time.Duration { return 2 * d }

func main() {}
