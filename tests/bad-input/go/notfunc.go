package main

import "time"

func main() {
	d := time.Second
	d()
}
