package main

func main() {
	block := make(chan int)
	for {
		go func() { <-block }()
	}
}
