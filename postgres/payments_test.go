package postgres

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/payments/sandbox"
)

// TestPaymentStoreConformance runs the payments package's conformance suite
// against PostgreSQL, each subtest in a database of its own.
func TestPaymentStoreConformance(t *testing.T) {
	t.Parallel()
	paymentstest.RunStoreTests(t, func(t *testing.T) payments.Store {
		return openMigrated(t, newMigratedDB(t)).Payments()
	})
}

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

// TestPaymentsCouncilIsolation proves that council A cannot read, count or
// change council B's payments, events, refunds or webhook records, through
// the store with the wrong council or through statements that leave out the
// council filter altogether.
func TestPaymentsCouncilIsolation(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	s := db.Payments()

	pa := paymentstest.NewPayment(councilA, t0)
	pb := paymentstest.NewPayment(councilB, t0)
	pb.Status, pb.CapturedAt = payments.StatusSuccess, t0
	pb.Refunds = []payments.Refund{{ID: uuid.NewString(), Amount: payments.Pence(100), Status: payments.RefundSuccess, AvailableBefore: pb.Amount, CreatedAt: t0, UpdatedAt: t0}}
	for _, p := range []*payments.Payment{pa, pb} {
		if err := s.Create(ctx, p.Council, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MarkWebhookSeen(ctx, councilB, "msg-b"); err != nil {
		t.Fatal(err)
	}

	// Through the store, with the wrong council.
	if _, err := s.Get(ctx, councilA, pb.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Get(A, B's payment): %v, want ErrNotFound", err)
	}
	if _, err := payments.Modify(ctx, s, councilA, pb.ID, func(p *payments.Payment) error { p.Reference = "stolen"; return nil }); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Update(A, B's payment): %v, want ErrNotFound", err)
	}
	if _, err := s.GetByIdempotencyKey(ctx, councilA, pb.IdempotencyKey); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("GetByIdempotencyKey(A, B's key): %v, want ErrNotFound", err)
	}

	// Around the store: statements with no council filter at all.
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		for table, want := range map[string]int{"payments": 1, "payment_events": 1, "payment_refunds": 0, "payment_webhooks": 0} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n); err != nil {
				return err
			}
			if n != want {
				t.Errorf("council A counts %d rows in %s, want its own %d", n, table, want)
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE councilkit.payments SET reference = 'overwritten'`)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			t.Errorf("unfiltered UPDATE in council A changed %d payments, want 1", tag.RowsAffected())
		}
		tag, err = tx.Exec(ctx, `DELETE FROM councilkit.payment_refunds`)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 0 {
			t.Errorf("council A deleted %d of council B's refunds", tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, councilB, pb.ID)
	if err != nil || got.Reference != pb.Reference || len(got.Refunds) != 1 {
		t.Errorf("council B's payment after council A's attempts: %+v, %v", got, err)
	}
	if first, err := s.MarkWebhookSeen(ctx, councilB, "msg-b"); err != nil || first {
		t.Errorf("council B's webhook record: first = %v, %v; want it still there", first, err)
	}
}

// TestPaymentEventsAppendOnly: the history has no UPDATE or DELETE policy,
// so even a statement that tries cannot rewrite it.
func TestPaymentEventsAppendOnly(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	p := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		for _, q := range []string{`UPDATE councilkit.payment_events SET detail = 'rewritten'`, `DELETE FROM councilkit.payment_events`} {
			tag, err := tx.Exec(ctx, q)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("%s affected %d rows, want 0", q, tag.RowsAffected())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := payments.Modify(ctx, db.Payments(), councilA, p.ID, func(p *payments.Payment) error {
		p.Events = p.Events[:0]
		return nil
	}); err == nil {
		t.Error("Update that removed events succeeded")
	}
	got, err := db.Payments().Get(ctx, councilA, p.ID)
	if err != nil || len(got.Events) != 1 || got.Events[0].Kind != payments.EventCreated {
		t.Errorf("events after the attempts: %+v, %v", got.Events, err)
	}
}

// TestRefundConstraint: even an Update whose fn ignores the refund rules
// cannot store refunds worth more than the payment.
func TestRefundConstraint(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	s := openMigrated(t, td).Payments()
	p := paymentstest.NewPayment(councilA, t0) // £45.00
	p.Status, p.CapturedAt = payments.StatusSuccess, t0
	if err := s.Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	refund := func(pence int64, st payments.RefundStatus) func(*payments.Payment) error {
		return func(p *payments.Payment) error {
			p.Refunds = append(p.Refunds, payments.Refund{ID: uuid.NewString(), Amount: payments.Pence(pence), Status: st, CreatedAt: t0, UpdatedAt: t0})
			return nil
		}
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(4000, payments.RefundSuccess)); err != nil {
		t.Fatal(err)
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(501, payments.RefundSubmitted)); !errors.Is(err, payments.ErrRefundExceedsAvailable) {
		t.Fatalf("refunding 1p more than paid: err = %v, want ErrRefundExceedsAvailable", err)
	}
	// A refund in error frees its money: this one does not count.
	if _, err := payments.Modify(ctx, s, councilA, p.ID, refund(4500, payments.RefundError)); err != nil {
		t.Fatalf("a failed refund must not count against the amount: %v", err)
	}
	got, err := payments.Modify(ctx, s, councilA, p.ID, refund(500, payments.RefundSubmitted))
	if err != nil {
		t.Fatalf("refunding exactly the rest: %v", err)
	}
	if got.Refunded() != p.Amount || len(got.Refunds) != 3 {
		t.Errorf("refunded %s in %d refunds, want %s in 3", got.Refunded(), len(got.Refunds), p.Amount)
	}
}

// TestRefundKeyUniqueConstraint: even an Update whose fn ignores the
// idempotency rule cannot give one payment two refunds with the same key,
// while refunds without a key, and the same key on another payment, are
// fine.
func TestRefundKeyUniqueConstraint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t, newMigratedDB(t)).Payments()
	var ps [2]*payments.Payment
	for i := range ps {
		ps[i] = paymentstest.NewPayment(councilA, t0)
		ps[i].Status, ps[i].CapturedAt = payments.StatusSuccess, t0
		if err := s.Create(ctx, ps[i].Council, ps[i]); err != nil {
			t.Fatal(err)
		}
	}
	key := payments.NewIdempotencyKey()
	refund := func(k payments.IdempotencyKey) func(*payments.Payment) error {
		return func(p *payments.Payment) error {
			p.Refunds = append(p.Refunds, payments.Refund{ID: uuid.NewString(), Amount: payments.Pence(100), Status: payments.RefundSubmitted,
				Key: k, CreatedAt: t0, UpdatedAt: t0})
			return nil
		}
	}
	for _, step := range []struct {
		p    *payments.Payment
		key  payments.IdempotencyKey
		want error
	}{
		{ps[0], key, nil},
		{ps[0], key, payments.ErrDuplicate},
		{ps[1], key, nil},
		{ps[0], "", nil},
		{ps[0], "", nil},
	} {
		_, err := payments.Modify(ctx, s, councilA, step.p.ID, refund(step.key))
		if step.want == nil && err != nil || step.want != nil && !errors.Is(err, step.want) {
			t.Errorf("refund with key %q: err = %v, want %v", step.key, err, step.want)
		}
	}
	if got, err := s.Get(ctx, councilA, ps[0].ID); err != nil || len(got.Refunds) != 3 {
		t.Errorf("payment 1 has %d refunds (%v), want 3", len(got.Refunds), err)
	}
}

func newSandboxService(t *testing.T, s payments.Store) (*payments.Service, *sandbox.Provider) {
	clock := councilkit.NewFixedClock(t0)
	prov, err := sandbox.New(clock, "https://sandbox.example/pay/", sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return payments.NewService(s, prov, clock), prov
}

func startRequest(key payments.IdempotencyKey) payments.StartRequest {
	return payments.StartRequest{
		Amount:         payments.Pence(4500),
		Reference:      "GW-2026-0001",
		Description:    "Garden waste collection 2026",
		ReturnURL:      "https://example.gov.uk/paid",
		FundCode:       "GW100",
		IdempotencyKey: key,
	}
}

// TestConcurrentIdempotentStarts: 32 goroutines start payments with 8 keys,
// 4 callers per key. Each key must make exactly one payment, every caller of
// a key must get that payment, and each payment's history must record its
// creation and its provider link exactly once.
func TestConcurrentIdempotentStarts(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td, Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 16 }})
	svc, _ := newSandboxService(t, db.Payments())

	const workers, keys = 32, 8
	keyOf := make([]payments.IdempotencyKey, keys)
	for i := range keyOf {
		keyOf[i] = payments.NewIdempotencyKey()
	}
	got := make([]string, workers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				p, err := svc.Start(ctx, councilA, startRequest(keyOf[w%keys]))
				if errors.Is(err, ErrRetryable) {
					continue
				}
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				got[w] = p.ID
				return
			}
		}()
	}
	close(start)
	wg.Wait()
	for w := range workers {
		if got[w] != got[w%keys] {
			t.Errorf("workers %d and %d used one key but got payments %s and %s", w, w%keys, got[w], got[w%keys])
		}
	}
	list, err := db.Payments().List(ctx, councilA, payments.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != keys {
		t.Fatalf("%d payments stored for %d keys", len(list), keys)
	}
	for _, p := range list {
		counts := map[payments.EventKind]int{}
		for _, e := range p.Events {
			counts[e.Kind]++
		}
		if counts[payments.EventCreated] != 1 || counts[payments.EventProviderLinked] != 1 || p.ProviderID == "" {
			t.Errorf("payment %s: events %v, provider ID %q; want one creation and one provider link", p.ID, counts, p.ProviderID)
		}
	}
}

// TestConcurrentRefunds: 32 goroutines refund £2.00 each from one £45.00
// payment at once. The row lock must let at most 22 through (£44.00), the
// stored refunds must add up to what the callers were told succeeded, and
// every refund must have its events.
func TestConcurrentRefunds(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td, Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 16 }})
	svc, prov := newSandboxService(t, db.Payments())

	p, err := svc.Start(ctx, councilA, startRequest(payments.NewIdempotencyKey()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prov.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	if p, err = svc.Confirm(ctx, councilA, p.ID); err != nil || p.Status != payments.StatusSuccess {
		t.Fatalf("Confirm = %v, %v", p.Status, err)
	}

	const workers = 32
	var (
		mu       sync.Mutex
		refunded payments.Amount
		ok       int
	)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			key := payments.NewIdempotencyKey()
			for {
				r, err := svc.Refund(ctx, councilA, p.ID, payments.RefundRequest{Amount: payments.Pence(200), Key: key, Reason: "Paid twice"})
				switch {
				case errors.Is(err, ErrRetryable):
					continue // same key: safe to retry
				case err == nil:
					mu.Lock()
					refunded = refunded.Add(r.Amount)
					ok++
					mu.Unlock()
				case errors.Is(err, payments.ErrRefundExceedsAvailable), errors.Is(err, payments.ErrNotRefundable),
					errors.Is(err, payments.ErrRefundAvailableMismatch):
				default:
					t.Errorf("Refund: %v", err)
				}
				return
			}
		}()
	}
	close(start)
	wg.Wait()

	got, err := db.Payments().Get(ctx, councilA, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Refunded().Cmp(got.Amount) > 0 {
		t.Fatalf("over-refunded: %s refunded of %s", got.Refunded(), got.Amount)
	}
	if got.Refunded() != refunded {
		t.Errorf("stored refunds total %s, callers were told %s", got.Refunded(), refunded)
	}
	t.Logf("%d of %d concurrent £2.00 refunds succeeded; %s of %s refunded", ok, workers, refunded, got.Amount)
	if ok == 0 || ok > 22 {
		t.Errorf("%d refunds of £2.00 succeeded against £45.00", ok)
	}
	var stored int64
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT refunded_pence FROM councilkit.payments WHERE id = $1`, p.ID).Scan(&stored)
	}); err != nil || stored != refunded.Pence() {
		t.Errorf("refunded_pence = %d (%v), want %d", stored, err, refunded.Pence())
	}
	// No lost event: every refund has the event that reserved it and the
	// event of its outcome.
	events := map[string]int{}
	for _, e := range got.Events {
		if e.Kind == payments.EventRefund {
			events[e.Detail[:36]]++
		}
	}
	for _, r := range got.Refunds {
		if events[r.ID] != 2 {
			t.Errorf("refund %s (%s) has %d events, want 2 (submitted and its outcome)", r.ID, r.Status, events[r.ID])
		}
	}
}

// TestPaymentUpdateKilledConnection: the backend running an Update is
// terminated after the UPDATE was sent but before COMMIT. The caller gets a
// retryable error, the payment is unchanged, and retrying succeeds.
func TestPaymentUpdateKilledConnection(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	s := db.Payments()
	super := superConn(t, td)
	p := paymentstest.NewPayment(councilA, t0)
	if err := s.Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	var killed bool
	_, err := payments.Modify(ctx, s, councilA, p.ID, func(q *payments.Payment) error {
		q.Reference = "changed"
		q.Events = append(q.Events, payments.Event{At: t0, Kind: payments.EventStatus, Detail: "killed"})
		if killed {
			return nil
		}
		killed = true
		// Every client backend of this database but our own superuser
		// one: the one holding the row lock is among them.
		rows, _ := super.Query(ctx, `SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)
		pids, err := pgx.CollectRows(rows, pgx.RowTo[uint32])
		if err != nil {
			return err
		}
		terminate(t, super, pids...)
		return nil
	})
	if !errors.Is(err, ErrRetryable) {
		t.Fatalf("Update on a killed connection: err = %v, want ErrRetryable", err)
	}
	got, err := s.Get(ctx, councilA, p.ID)
	if err != nil || got.Reference != p.Reference || len(got.Events) != 1 || got.Version != 1 {
		t.Fatalf("after the killed Update: %+v, %v; want the payment unchanged", got, err)
	}
	got, err = payments.Modify(ctx, s, councilA, p.ID, func(q *payments.Payment) error {
		q.Reference = "changed"
		return nil
	})
	if err != nil || got.Reference != "changed" || got.Version != 2 {
		t.Errorf("retry: %v, %v", got, err)
	}
}

// benchConns is the pool size for the write benchmarks, 0 for pgxpool's
// default (max(4, GOMAXPROCS)). The 32 writers share the pool: on two cores
// a pool of about twice the cores is fastest (measured: 2, 4, 8 and 16
// connections gave about 2,300, 2,500, 2,350 and 1,550 creations/s), as
// more backends than cores only add context switches and lock contention.
var benchConns = int32(envInt("COUNCILKIT_BENCH_CONNS", 0))

// replayEvery is how often BenchmarkPaymentCreate32 replays a key: every
// fourth creation by default.
var replayEvery = envInt("COUNCILKIT_BENCH_REPLAY_EVERY", 4)

// benchHistory is how many payments the benchmark's councils already have
// when it starts.
var benchHistory = envInt("COUNCILKIT_BENCH_HISTORY", 50_000)

// seedPaymentHistory gives the test database n older payments, each with
// its creation event, spread over two councils, and has PostgreSQL analyse
// the tables, as autovacuum would have done long ago in a running system.
// Without this a benchmark measures a table that grows from nothing with no
// statistics: the plans the connections prepare at the start (including
// the foreign-key checks' plans) then scan the whole table on every call,
// and the figure says more about the empty start than about the store.
func seedPaymentHistory(b *testing.B, td testDB, n int) {
	b.Helper()
	ctx := context.Background()
	super := superConn(b, td)
	_, err := super.Exec(ctx, `
		INSERT INTO councilkit.payments (council, id, reference, description, amount_pence, return_url, language,
			fund_code, delayed_capture, idempotency_key, request_fingerprint, provider, provider_id, next_url, status,
			failure_code, captured_at, created_at, updated_at, version)
		SELECT CASE WHEN g % 2 = 0 THEN $1 ELSE $2 END, gen_random_uuid(), 'OLD-' || g, 'Garden waste collection 2025', 4500,
			'https://example.gov.uk/paid', 'en', 'GW100', false, 'old-key-' || g, 'fp', 'sandbox', 'old-' || g, '', 'success',
			'', $3::timestamptz - g * interval '1 minute', $3::timestamptz - g * interval '1 minute', $3::timestamptz - g * interval '1 minute', 2
		FROM generate_series(1, $4::integer) AS g`, councilA.String(), councilB.String(), t0, n)
	if err != nil {
		b.Fatal(err)
	}
	_, err = super.Exec(ctx, `
		INSERT INTO councilkit.payment_events (council, payment_id, seq, at, kind, from_status, to_status, source, detail)
		SELECT council, id, 0, created_at, 'created', NULL, 'created', '', '' FROM councilkit.payments`)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := super.Exec(ctx, `ANALYZE councilkit.payments, councilkit.payment_events, councilkit.payment_refunds`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPaymentCreate32 measures idempotent payment creations with 32
// concurrent writers: each op creates a payment with a fresh key, and one in
// four also replays an earlier key, which must come back ErrDuplicate and be
// answered from GetByIdempotencyKey, as Service.Start does.
func BenchmarkPaymentCreate32(b *testing.B) {
	td := newTestDB(b)
	ctx := context.Background()
	db := openMigrated(b, td, Config{ConfigurePool: func(c *pgxpool.Config) {
		if benchConns > 0 {
			c.MaxConns = benchConns
		}
	}})
	s := db.Payments()
	seedPaymentHistory(b, td, benchHistory)
	// Open all the pool's connections before measuring.
	var held []*pgxpool.Conn
	for range db.Pool().Config().MaxConns {
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
	b.ReportAllocs()
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	startAt := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var last payments.IdempotencyKey
		for i := 0; pb.Next(); i++ {
			p := paymentstest.NewPayment(councilA, t0)
			if err := s.Create(ctx, p.Council, p); err != nil {
				b.Error(err)
				return
			}
			if replayEvery > 0 && i%replayEvery == replayEvery-1 {
				again := paymentstest.NewPayment(councilA, t0)
				again.IdempotencyKey = last
				if err := s.Create(ctx, again.Council, again); !errors.Is(err, payments.ErrDuplicate) {
					b.Errorf("replayed key: %v", err)
					return
				}
				if _, err := s.GetByIdempotencyKey(ctx, councilA, last); err != nil {
					b.Error(err)
					return
				}
			}
			last = p.IdempotencyKey
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(startAt).Seconds(), "creations/s")
	if client, server := cpu.perOp(b.N); server > 0 {
		// Client and server CPU per creation (the client's includes
		// the Go scheduler's spinning while it waits on the network).
		b.ReportMetric(float64(client.Microseconds()), "client-cpu-µs/op")
		b.ReportMetric(float64(server.Microseconds()), "server-cpu-µs/op")
	}
}

// TestReadsAreConsistentSnapshots: a payment, its events and its refunds
// are read in one snapshot, so a reader never sees events of a change
// whose payment row it does not see (or the reverse), while a writer keeps
// changing the payment. Each change sets the reference to n and appends
// an event with detail n.
func TestReadsAreConsistentSnapshots(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t, newMigratedDB(t)).Payments()
	p := paymentstest.NewPayment(councilA, t0)
	p.Reference = "0"
	p.Events[0].Detail = "0"
	if err := s.Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for n := 1; n <= 150 && !stop.Load(); n++ {
			if _, err := payments.Modify(ctx, s, councilA, p.ID, func(q *payments.Payment) error {
				q.Reference = strconv.Itoa(n)
				q.Events = append(q.Events, payments.Event{At: t0, Kind: payments.EventStatus, Detail: strconv.Itoa(n)})
				return nil
			}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	check := func(what string, got *payments.Payment) bool {
		last := got.Events[len(got.Events)-1].Detail
		if got.Reference != last || len(got.Events) != int(got.Version) {
			t.Errorf("%s saw reference %s and version %d with %d events, the last %s: not one snapshot", what, got.Reference, got.Version, len(got.Events), last)
			return false
		}
		return true
	}
	defer wg.Wait()
	defer stop.Store(true)
	for {
		select {
		case <-done:
			return
		default:
		}
		got, err := s.Get(ctx, councilA, p.ID)
		if err != nil {
			t.Error(err)
			return
		}
		list, err := s.List(ctx, councilA, payments.Filter{})
		if err != nil || len(list) != 1 {
			t.Errorf("List: %d, %v", len(list), err)
			return
		}
		if !check("Get", got) || !check("List", list[0]) {
			return
		}
	}
}
