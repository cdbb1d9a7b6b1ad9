package postgres

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/paymentstest"
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

// BenchmarkPaymentCreateEvents times payments.Store.Create in PostgreSQL at
// 32 concurrent writers, with the payment's created event recorded in the
// same statement (events) and with event recording switched off
// (no-events), to show what the transactional outbox costs. On a shared
// machine compare the CPU per creation (client-cpu-µs/op and
// server-cpu-µs/op), which is steadier than wall-clock time:
//
//	go test -run '^$' -bench PaymentCreateEvents -benchtime 5000x -count 5 ./postgres
func BenchmarkPaymentCreateEvents(b *testing.B) {
	const writers = 32
	for _, bc := range []struct {
		name     string
		noEvents bool
	}{{"events", false}, {"no-events", true}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			td := newMigratedDB(b)
			db, err := Open(ctx, td.AppURL, Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = int32(writers) }})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(db.Close)
			db.noEvents = bc.noEvents
			s := db.Payments()
			// Open all the pool's connections before measuring.
			var held []*pgxpool.Conn
			for range writers {
				c, err := db.Pool().Acquire(ctx)
				if err != nil {
					b.Fatal(err)
				}
				held = append(held, c)
			}
			for _, c := range held {
				c.Release()
			}
			cpu := startCPU(b, td)
			b.SetParallelism((writers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					p := paymentstest.NewPayment(councilA, t0)
					if err := s.Create(ctx, councilA, p); err != nil {
						b.Error(err)
						return
					}
				}
			})
			if client, server := cpu.perOp(b.N); server > 0 {
				b.ReportMetric(float64(client.Microseconds()), "client-cpu-µs/op")
				b.ReportMetric(float64(server.Microseconds()), "server-cpu-µs/op")
			}
			// What the log's rows and indexes take on disk per creation:
			// unlike the CPU, this does not vary from run to run.
			var logBytes int64
			if err := cpu.super.QueryRow(ctx, `SELECT pg_total_relation_size('councilkit.events')`).Scan(&logBytes); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(logBytes)/float64(b.N), "log-B/op")
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
