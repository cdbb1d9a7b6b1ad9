//go:build unix

package admissions_test

import "syscall"

// cpuNanos returns the CPU time (user and system) the process has used,
// which on a shared machine is a steadier measure than wall time.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
