package main

import "os"

func main() {
	f := os.Stdout.Close
	f()
}
