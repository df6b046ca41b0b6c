package main

func main() {
	n := 65
	println(string(n))
}
