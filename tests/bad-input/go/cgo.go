package main

// int answer() { return 42; }
import "C"

func main() {
	println(C.answer())
}
