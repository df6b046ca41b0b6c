package main

func main() {
	var b int8 = 1
	println(b << 8)
}
