package main

func main() {
	var cs []chan int
	for {
		cs = append(cs, make(chan int, 4))
	}
}
