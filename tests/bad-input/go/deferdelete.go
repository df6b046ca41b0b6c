package main

import "fmt"

func main() {
	pending := map[string]int{"t1": 1, "t2": 2}
	func() {
		defer delete(pending, "t1")
	}()
	fmt.Println(len(pending))
}
