package postgres

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
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

// settlePayments readies td for a benchmark of payment creations: it
// stores n payments, with their events, and has the server gather the
// tables' statistics (ANALYZE), as autovacuum keeps them in a live
// database. Without it, a connection's first statements plan against
// empty tables that have no statistics, and the plans the server keeps
// for them (a lookup by ID through the wrong index, reading every
// payment) stay with the connection after the tables have grown: which
// of the benchmark's connections got such plans, and so what it measured,
// depended on which ran first.
func settlePayments(b *testing.B, td testDB, n int) {
	b.Helper()
	ctx := context.Background()
	db := openMigrated(b, td)
	s := db.Payments()
	for range n {
		if err := s.Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	if _, err := superConn(b, td).Exec(ctx, `ANALYZE councilkit.payments, councilkit.payment_events,
			councilkit.payment_refunds, councilkit.events`); err != nil {
		b.Fatal(err)
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
//
// The two run one after the other, seconds apart, so on a machine whose
// load changes they are best compared with BenchmarkPaymentCreateEventsPaired.
// log-row-B and log-index-B/op are what an event takes in the log's rows
// and indexes.
func BenchmarkPaymentCreateEvents(b *testing.B) {
	const writers = 32
	for _, bc := range []struct {
		name     string
		noEvents bool
	}{{"events", false}, {"no-events", true}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			td := newMigratedDB(b)
			// Both start from a database holding payments recorded
			// with their events: the log's figures below are for the
			// events the benchmark adds.
			settlePayments(b, td, 1000)
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
			var indexBytes0 int64
			if err := cpu.super.QueryRow(ctx, `SELECT pg_indexes_size('councilkit.events')`).Scan(&indexBytes0); err != nil {
				b.Fatal(err)
			}
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
			// What the log's rows and indexes take per creation: unlike the
			// CPU, these hardly vary from run to run.
			var rowBytes float64
			var indexBytes int64
			if err := cpu.super.QueryRow(ctx, `SELECT coalesce(avg(pg_column_size(e.*)), 0)::float8,
					pg_indexes_size('councilkit.events') FROM councilkit.events e`).Scan(&rowBytes, &indexBytes); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(rowBytes, "log-row-B")
			b.ReportMetric(float64(indexBytes-indexBytes0)/float64(b.N), "log-index-B/op")
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

// BenchmarkPaymentCreatedEventArgs times the client's share of recording
// a payment's created event: making the event (payments.ChangeEvents),
// checking it and laying out its columns as PaymentStore.Create does,
// and encoding them as the statement's parameters, as pgx does before
// sending them.
func BenchmarkPaymentCreatedEventArgs(b *testing.B) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, newMigratedDB(b).AppURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(ctx) })
	sd, err := conn.Prepare(ctx, "", insertEventsLogRowsSQL(`$1`, 2, ``, 1))
	if err != nil {
		b.Fatal(err)
	}
	p := paymentstest.NewPayment(councilA, t0)
	p.Version = 1
	actor := events.Actor{Kind: events.ActorSystem, ID: "bench"}
	var eqb pgx.ExtendedQueryBuilder
	args := make([]any, 0, 1+eventRowParams)
	b.ReportAllocs()
	for b.Loop() {
		evs, err := payments.ChangeEvents(councilA, nil, p, actor)
		if err != nil {
			b.Fatal(err)
		}
		if args, err = appendEventLogArgs(append(args[:0], councilA.String()), evs); err != nil {
			b.Fatal(err)
		}
		if err := eqb.Build(conn.TypeMap(), sd, args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPaymentCreateEventsPaired measures the same as
// BenchmarkPaymentCreateEvents, with the two kinds of creation
// interleaved in blocks of a few hundred against one database, so that a
// shared machine's load, which changes from second to second, weighs on
// both alike: two DB handles of 32 connections each, one recording events
// and one not, take turns, after a block each to warm up (every
// connection's first statements are planned afresh) against a database
// that already holds payments (settlePayments). It reports the CPU per creation of each on
// both sides and the overhead of recording events (events-overhead-%,
// client and server CPU together):
//
//	go test -run '^$' -bench PaymentCreateEventsPaired -benchtime 20000x -count 3 ./postgres
func BenchmarkPaymentCreateEventsPaired(b *testing.B) {
	const writers, block = 32, 320
	ctx := context.Background()
	td := newMigratedDB(b)
	settlePayments(b, td, 1000)
	type side struct {
		db     *DB
		pids   []int32
		ops    int
		client time.Duration
		server time.Duration
	}
	open := func(noEvents bool) *side {
		db, err := Open(ctx, td.AppURL, Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = writers }})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(db.Close)
		db.noEvents = noEvents
		s := &side{db: db}
		var held []*pgxpool.Conn
		for range writers {
			c, err := db.Pool().Acquire(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var pid int32
			if err := c.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
				b.Fatal(err)
			}
			held = append(held, c)
			s.pids = append(s.pids, pid)
		}
		for _, c := range held {
			c.Release()
		}
		return s
	}
	sides := []*side{open(false), open(true)}
	run := func(s *side, n int) {
		c0 := selfCPU()
		s0, ok := pidsCPU(s.pids)
		if !ok {
			b.Skip("cannot read the backends' CPU time")
		}
		var wg sync.WaitGroup
		next := make(chan struct{}, n)
		for range n {
			next <- struct{}{}
		}
		close(next)
		store := s.db.Payments()
		for range writers {
			wg.Go(func() {
				for range next {
					if err := store.Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		s.ops += n
		s.client += selfCPU() - c0
		s1, _ := pidsCPU(s.pids)
		s.server += s1 - s0
	}
	for _, s := range sides {
		run(s, block/2)
		*s = side{db: s.db, pids: s.pids}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		for _, s := range sides {
			n := min(block/2, b.N-done)
			run(s, n)
			done += n
		}
	}
	b.StopTimer()
	per := func(d time.Duration, n int) float64 { return float64(d.Microseconds()) / float64(max(n, 1)) }
	ev, no := sides[0], sides[1]
	b.ReportMetric(per(ev.client, ev.ops), "events-client-cpu-µs/op")
	b.ReportMetric(per(ev.server, ev.ops), "events-server-cpu-µs/op")
	b.ReportMetric(per(no.client, no.ops), "no-events-client-cpu-µs/op")
	b.ReportMetric(per(no.server, no.ops), "no-events-server-cpu-µs/op")
	if cpu := per(no.client+no.server, no.ops); cpu > 0 {
		b.ReportMetric(100*(per(ev.client+ev.server, ev.ops)/cpu-1), "events-overhead-%")
	}
}
