package main

import "time"

func main() {
	t, ok := time.NewTimer(time.Second)
	_, _ = t, ok
}
