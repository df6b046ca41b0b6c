package notests

// A _test.go file without a TestXxx or BenchmarkXxx function.
func helper() int { return 1 }

var _ = helper
