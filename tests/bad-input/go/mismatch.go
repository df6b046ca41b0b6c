package main

import "fmt"

func main() {
	n := 3
	s := "timers: " + n
	fmt.Println(s)
}
