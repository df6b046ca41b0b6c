package main

func main() {
	for {
		println("x")
