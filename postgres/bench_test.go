package postgres

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
)

// BenchmarkAdmissionsRound times an allocation round's database work: the
// round's applications loaded (LoadRound) and every child's offer written
// back in bulk (SaveOffers, by COPY). Storing the applications (Import,
// also COPY) is set-up, reported as import-s; the allocation itself is the
// admissions package's and is not timed here. The national case is
// England's secondary round (620,000 children); run it alone:
//
//	go test -run '^$' -bench 'AdmissionsRound/national' -benchtime 1x ./postgres
func BenchmarkAdmissionsRound(b *testing.B) {
	for _, bc := range []struct {
		name string
		cfg  admissionstest.RoundConfig
	}{
		{"local", admissionstest.LocalRound()},
		{"national", admissionstest.NationalSecondary()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			scheme, apps := admissionstest.Generate(bc.cfg)
			db := openMigrated(b, newMigratedDB(b))
			s := db.Admissions()
			c := scheme.Council
			start := time.Now()
			if err := s.Import(ctx, c, apps); err != nil {
				b.Fatal(err)
			}
			importS := time.Since(start).Seconds()
			res, err := admissions.Allocate(scheme, apps)
			if err != nil {
				b.Fatal(err)
			}
			apps = nil
			runtime.GC()
			f := admissions.Filter{SchoolYear: scheme.SchoolYear, EntryYears: []admissions.YearGroup{scheme.EntryYear}}
			var loadS, saveS float64
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				loaded, err := s.LoadRound(ctx, c, f)
				if err != nil || len(loaded) != len(res.Outcomes) {
					b.Fatalf("LoadRound: %d, %v", len(loaded), err)
				}
				t1 := time.Now()
				n, err := s.SaveOffers(ctx, c, res)
				if err != nil || n != int64(len(res.Outcomes)) {
					b.Fatalf("SaveOffers: %d, %v", n, err)
				}
				loadS += t1.Sub(t0).Seconds()
				saveS += time.Since(t1).Seconds()
			}
			b.ReportMetric(importS, "import-s")
			b.ReportMetric(loadS/float64(b.N), "load-s/op")
			b.ReportMetric(saveS/float64(b.N), "save-s/op")
			b.ReportMetric(float64(len(res.Outcomes))*float64(b.N)/saveS, "offers/s")
		})
	}
}

// BenchmarkRecordWithDeliveries times the outbox side of delivery: one
// transaction recording 10 events with their deliveries enqueued for two
// subscribers (20 River jobs and 20 owed rows), against recording the
// same events with no subscribers. Per op is per transaction.
func BenchmarkRecordWithDeliveries(b *testing.B) {
	h := events.HandlerFunc(func(context.Context, events.Record) error { return nil })
	for _, bc := range []struct {
		name string
		subs []events.Subscriber
	}{
		{"no-subscribers", nil},
		{"two-subscribers", []events.Subscriber{{Name: "webhooks", Handler: h}, {Name: "notify", Handler: h}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db := openMigrated(b, newMigratedDB(b), Config{Subscribers: bc.subs})
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				evs := make([]events.Event, 10)
				for i := range evs {
					evs[i] = newEvent(b, councilA, events.PaymentCreated, "pay-bench")
				}
				if _, err := recordEvents(ctx, db, councilA, evs...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
