package main

func external() int

func main() {
	println(external())
}
