// context.WithTimeout: the work is cancelled when the deadline passes.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func work(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	fmt.Println("fast:", work(ctx, 10*time.Millisecond))
	err := work(ctx, time.Second)
	fmt.Println("slow:", err, errors.Is(err, context.DeadlineExceeded))
}
