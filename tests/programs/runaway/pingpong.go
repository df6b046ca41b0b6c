package main

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		for {
			v := <-a
			b <- v + 1
		}
	}()
	for i := 0; ; i++ {
		a <- i
		<-b
	}
}
