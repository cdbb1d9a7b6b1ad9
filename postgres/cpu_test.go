package postgres

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// cpuMeter measures the CPU time a benchmark costs on both sides of the
// connection: this process (getrusage) and the PostgreSQL backends serving
// the test database (/proc/<pid>/schedstat, Linux only). On a
// machine shared with other work, CPU per operation is a steadier figure
// than operations per wall-clock second.
type cpuMeter struct {
	super  *pgx.Conn
	self   time.Duration
	server time.Duration
}

func startCPU(b *testing.B, td testDB) *cpuMeter {
	m := &cpuMeter{super: superConn(b, td)}
	m.self, m.server = selfCPU(), m.backendsCPU()
	return m
}

// perOp returns the client's and the server's CPU time per operation, or
// zeros if they cannot be measured.
func (m *cpuMeter) perOp(n int) (client, server time.Duration) {
	s := m.backendsCPU()
	if s == 0 || n == 0 {
		return 0, 0
	}
	return (selfCPU() - m.self) / time.Duration(n), (s - m.server) / time.Duration(n)
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendsCPU sums the CPU time of the backends connected to the test
// database (the pool's connections live for the whole benchmark).
func (m *cpuMeter) backendsCPU() time.Duration {
	rows, err := m.super.Query(context.Background(),
		`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)
	if err != nil {
		return 0
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return 0
	}
	t, ok := pidsCPU(pids)
	if !ok {
		return 0
	}
	return t + 1 // non-zero: measured
}

// pidsCPU sums the CPU time of the processes pids (PostgreSQL backends),
// and reports whether it could read every one's. It reads the scheduler's
// count of nanoseconds on a CPU (/proc/<pid>/schedstat), which is exact,
// where the utime and stime of /proc/<pid>/stat count in ticks of 10ms.
func pidsCPU(pids []int32) (time.Duration, bool) {
	var total time.Duration
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(int(pid)) + "/schedstat")
		if err != nil {
			return 0, false
		}
		f := strings.Fields(string(b))
		if len(f) < 1 {
			return 0, false
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, false
		}
		total += time.Duration(ns)
	}
	return total, true
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
