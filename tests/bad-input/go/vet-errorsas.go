package main

import (
	"context"
	"errors"
	"fmt"
)

func main() {
	var err error = context.Canceled
	var target error
	fmt.Println(errors.As(err, target))
}
