package main

func main() {
	n := 1
	n = n
	println(n)
}
