//go:build !unix

package admissions_test

func cpuNanos() int64 { return 0 }
