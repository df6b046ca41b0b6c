package main

import "fmt"

func main() {
	var d int = "one"
	fmt.Println(d, undefinedName)
}
