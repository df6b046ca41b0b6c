package main

import "time"

func main() {
	if time.Now == nil {
		println("no clock")
	}
}
