package admissions_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

var national = sync.OnceValues(func() (*admissions.Scheme, []admissions.Application) {
	return admissionstest.Generate(admissionstest.NationalSecondary())
})

// BenchmarkNationalRound allocates England's whole secondary round:
// 620,000 children, 3,500 schools, six preferences each. Run it alone:
//
//	go test -run '^$' -bench NationalRound -benchtime 3x ./admissions
func BenchmarkNationalRound(b *testing.B) {
	s, apps := national()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	var res *admissions.Result
	cpu := cpuNanos()
	for b.Loop() {
		var err error
		res, err = admissions.Allocate(s, apps)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCPU(b, cpu, len(apps))
	// What the result keeps alive beyond the applications (which the
	// caller holds anyway), and the applications themselves.
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "result-MiB")
	b.ReportMetric(float64(before.HeapAlloc)/(1<<20), "apps-MiB")
	runtime.KeepAlive(res)
	placed := 0
	for i := range res.Outcomes {
		if res.Outcomes[i].Basis != admissions.Unplaced {
			placed++
		}
	}
	b.ReportMetric(float64(placed)/float64(len(apps))*100, "%placed")
	refused := 0
	for _, sr := range res.Schools {
		refused += sr.Waiting
	}
	b.ReportMetric(float64(refused), "refusals")
}

// BenchmarkNationalMatch times the matching alone on the national round,
// ranked beforehand.
func BenchmarkNationalMatch(b *testing.B) {
	s, apps := national()
	rd, err := admissions.NewRound(s, apps)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuNanos()
	for b.Loop() {
		rd.Offers()
	}
	reportCPU(b, cpu, len(apps))
}

// BenchmarkNationalRank times the ranking of every preference (NewRound).
func BenchmarkNationalRank(b *testing.B) {
	s, apps := national()
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuNanos()
	for b.Loop() {
		if _, err := admissions.NewRound(s, apps); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu, len(apps))
}

// reportCPU reports wall and CPU time per applicant and CPU time per run.
func reportCPU(b *testing.B, cpuStart int64, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/applicant")
	if cpu := cpuNanos() - cpuStart; cpuStart > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
