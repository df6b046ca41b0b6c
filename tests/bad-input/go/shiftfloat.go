package main

func main() {
	println((0) << float32(0))
}
