package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// recordEvents writes evs to councilkit.events in one transaction of
// council c and calls db.afterRecord with them, as the stores do when they
// record a change's events. It returns the records.
func recordEvents(ctx context.Context, db *DB, c councilkit.Council, evs ...events.Event) ([]events.Record, error) {
	var rs []events.Record
	err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		args, err := eventArgs(evs)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, insertEventsLogSQL(`$1`, 2, ``, 0), append([]any{c.String()}, args...)...)
		if err != nil {
			return err
		}
		pos, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		slices.Sort(pos)
		rs = make([]events.Record, len(evs))
		for i, e := range evs {
			rs[i] = events.Record{Seq: pos[i], Event: e}
		}
		return db.runAfterRecord(ctx, tx, evs, pos)
	})
	return rs, err
}

func mustRecord(t testing.TB, db *DB, c councilkit.Council, evs ...events.Event) []events.Record {
	t.Helper()
	rs, err := recordEvents(context.Background(), db, c, evs...)
	if err != nil {
		t.Fatalf("recording events: %v", err)
	}
	return rs
}

func newEvent(t testing.TB, c councilkit.Council, typ events.Type, subject string) events.Event {
	t.Helper()
	e, err := events.New(c, typ, subject, t0, events.Actor{Kind: events.ActorSystem}, events.Payment{PaymentID: subject})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sink is a handler that records what it handled, in order, and can be
// told to fail or panic.
type sink struct {
	mu      sync.Mutex
	handled []events.Record
	calls   map[string]int
	fail    func(r events.Record, call int) error
	changed chan struct{}
}

func newSink(fail func(r events.Record, call int) error) *sink {
	return &sink{calls: map[string]int{}, fail: fail, changed: make(chan struct{}, 1)}
}

func (s *sink) Handle(_ context.Context, r events.Record) error {
	s.mu.Lock()
	s.calls[r.Event.ID]++
	call := s.calls[r.Event.ID]
	s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(r, call); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.handled = append(s.handled, r)
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return nil
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.handled)
}

// waitFor waits until every one of ids has been handled.
func (s *sink) waitFor(t testing.TB, ids []string, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		seen := map[string]bool{}
		for _, r := range s.handled {
			seen[r.Event.ID] = true
		}
		missing := 0
		for _, id := range ids {
			if !seen[id] {
				missing++
			}
		}
		s.mu.Unlock()
		if missing == 0 {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("%d of %d events not delivered after %v", missing, len(ids), timeout)
		case <-s.changed:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// inOrder checks that each record's events were handled in the order
// they were recorded, and none twice.
func (s *sink) inOrder(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	last := map[string]int64{}
	for _, r := range s.handled {
		k := r.Event.Council.String() + "/" + r.Event.Subject
		if r.Seq <= last[k] {
			t.Fatalf("record %s: event %d handled after event %d", k, r.Seq, last[k])
		}
		last[k] = r.Seq
	}
}

// startDelivery runs db.Deliver until the test ends.
func startDelivery(t testing.TB, db *DB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- db.Deliver(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Deliver = %v", err)
		}
	})
}

// fastDelivery is a DeliveryConfig with waits short enough for tests.
func fastDelivery() DeliveryConfig {
	return DeliveryConfig{RetryBase: 10 * time.Millisecond, RetryCap: 100 * time.Millisecond, PollInterval: 20 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)}
}

func countRows(t testing.TB, td testDB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := superConn(t, td).QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Every event is delivered, once, to each subscriber that wants it, in
// order per record while many records are written concurrently; a handler
// that fails or panics is retried and the record's later events wait.
func TestDeliverInOrderPerRecordManyWriters(t *testing.T) {
	td := newMigratedDB(t)
	all := newSink(func(r events.Record, call int) error {
		switch {
		case r.Seq%5 == 0 && call == 1:
			return errors.New("receiver returned 503")
		case r.Seq%11 == 0 && call == 1:
			panic("handler bug")
		}
		return nil
	})
	failures := newSink(nil)
	db := openMigrated(t, td, Config{
		Subscribers: []events.Subscriber{
			{Name: "all", Handler: all},
			{Name: "failures", Types: []events.Type{events.PaymentFailed}, Handler: failures},
		},
		Delivery: fastDelivery(),
	})
	startDelivery(t, db)

	const writers, each, subjects = 4, 30, 6
	var (
		mu          sync.Mutex
		ids, failed []string
		wg          sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				c := councilA
				if i%3 == 0 {
					c = councilB
				}
				typ := events.PaymentCreated
				if i%4 == 0 {
					typ = events.PaymentFailed
				}
				e := newEvent(t, c, typ, fmt.Sprintf("pay-%d", (w+i)%subjects))
				if _, err := recordEvents(context.Background(), db, c, e); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids = append(ids, e.ID)
				if typ == events.PaymentFailed {
					failed = append(failed, e.ID)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	all.waitFor(t, ids, 30*time.Second)
	failures.waitFor(t, failed, 10*time.Second)
	all.inOrder(t)
	failures.inOrder(t)
	if n := len(failures.handled); n != len(failed) {
		t.Fatalf("the failures subscriber handled %d events, want the %d of its type", n, len(failed))
	}
	if n := len(all.handled); n != len(ids) {
		t.Fatalf("handled %d deliveries of %d events: a duplicate without a crash", n, len(ids))
	}
	// A delivery's owed row goes in the worker's own transaction just
	// after its handler returns: give the last ones a moment.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n := countRows(t, td, `SELECT count(*) FROM councilkit.deliveries`)
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still owed after every event was handled", n)
		}
	}
	// River kept each failed attempt's error, the panic's included.
	if n := countRows(t, td, `SELECT count(*) FROM councilkit_river.river_job WHERE errors::text LIKE '%handler bug%'`); n == 0 {
		t.Fatal("no job recorded the handler's panic as a failed attempt")
	}
}

// A duplicate enqueue of the same events (the hook called twice) makes no
// second job and no second delivery.
func TestDeliveryUniquePerSubscriberAndEvent(t *testing.T) {
	td := newMigratedDB(t)
	h := newSink(nil)
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: fastDelivery()})
	rs := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p1"), newEvent(t, councilA, events.PaymentSucceeded, "p1"))
	ctx := context.Background()
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error { return db.afterRecord(ctx, tx, rs) }); err != nil {
		t.Fatalf("enqueueing again: %v", err)
	}
	if n := countRows(t, td, `SELECT count(*) FROM councilkit_river.river_job`); n != 2 {
		t.Fatalf("%d jobs for 2 events and one subscriber", n)
	}
	if n := countRows(t, td, `SELECT count(*) FROM councilkit.deliveries`); n != 2 {
		t.Fatalf("%d owed deliveries, want 2", n)
	}
	startDelivery(t, db)
	h.waitFor(t, []string{rs[0].Event.ID, rs[1].Event.ID}, 10*time.Second)
	// And once delivered, enqueueing again is still harmless.
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error { return db.afterRecord(ctx, tx, rs) }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.handled) != 2 {
		t.Fatalf("handled %d deliveries of 2 events", len(h.handled))
	}
}

// After MaxAttempts failures River gives up, but the event stays owed and
// holds back its record's later events; Redeliver sends it again.
func TestDeliveryGiveUpKeepsTheEventOwed(t *testing.T) {
	td := newMigratedDB(t)
	var mu sync.Mutex
	broken := true
	h := newSink(func(r events.Record, call int) error {
		mu.Lock()
		defer mu.Unlock()
		if broken && r.Event.Subject == "p1" {
			return errors.New("receiver down")
		}
		return nil
	})
	cfg := fastDelivery()
	cfg.MaxAttempts = 2
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: cfg})
	startDelivery(t, db)
	first := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p1"))[0]
	other := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p2"))[0]
	h.waitFor(t, []string{other.Event.ID}, 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for countRows(t, td, `SELECT count(*) FROM councilkit_river.river_job WHERE state = 'discarded'`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("River did not give up after MaxAttempts")
		}
		time.Sleep(20 * time.Millisecond)
	}
	later := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentSucceeded, "p1"))[0]
	time.Sleep(300 * time.Millisecond)
	h.mu.Lock()
	for _, r := range h.handled {
		if r.Event.Subject == "p1" {
			t.Fatalf("event %d of p1 delivered while an earlier one is owed", r.Seq)
		}
	}
	h.mu.Unlock()
	if n := countRows(t, td, `SELECT count(*) FROM councilkit.deliveries`); n != 2 {
		t.Fatalf("%d deliveries owed, want 2: the given-up event and the one behind it", n)
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	n, err := db.Redeliver(context.Background(), councilA, "s")
	if err != nil || n != 2 {
		t.Fatalf("Redeliver = %d, %v; want 2", n, err)
	}
	h.waitFor(t, []string{first.Event.ID, later.Event.ID}, 10*time.Second)
	h.inOrder(t)
	if _, err := db.Redeliver(context.Background(), councilA, "nobody"); err == nil {
		t.Fatal("Redeliver for an unknown subscriber succeeded")
	}
}

// Stopping Deliver part way through a backlog finishes the deliveries it
// had fetched: none is left "running" for River to rescue RescueAfter
// later (an abrupt stop did that, and cancelled the handlers mid-send),
// and a new Deliver delivers the rest, in order per record.
func TestDeliveryCleanStopLeavesNothingRunning(t *testing.T) {
	td := newMigratedDB(t)
	slow := newSink(nil)
	var cancelled atomic.Int32
	h := events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		select {
		case <-time.After(20 * time.Millisecond):
			return slow.Handle(ctx, r)
		case <-ctx.Done():
			cancelled.Add(1)
			return ctx.Err()
		}
	})
	cfg := fastDelivery()
	cfg.Workers = 4
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: cfg})
	var ids []string
	for i := range 60 {
		e := newEvent(t, councilA, events.PaymentCreated, fmt.Sprintf("p%d", i%5))
		mustRecord(t, db, councilA, e)
		ids = append(ids, e.ID)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- db.Deliver(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for slow.count() < 10 {
		if time.Now().After(deadline) {
			t.Fatal("nothing delivered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Deliver = %v", err)
	}
	if n := countRows(t, td, `SELECT count(*) FROM councilkit_river.river_job WHERE state = 'running'`); n != 0 {
		t.Errorf("%d deliveries left running by a clean stop", n)
	}
	if n := cancelled.Load(); n != 0 {
		t.Errorf("%d handlers cancelled mid-delivery by a clean stop", n)
	}
	if first := slow.count(); first >= len(ids) {
		t.Fatalf("all %d delivered before the stop: the test needs a slower handler", first)
	}
	startDelivery(t, db)
	slow.waitFor(t, ids, 30*time.Second)
	slow.inOrder(t)
}

func TestOpenRefusesBadDeliveryConfig(t *testing.T) {
	h := events.HandlerFunc(func(context.Context, events.Record) error { return nil })
	ok := []events.Subscriber{{Name: "s", Handler: h}}
	for name, cfg := range map[string]Config{
		"no handler":        {Subscribers: []events.Subscriber{{Name: "s"}}},
		"duplicate":         {Subscribers: []events.Subscriber{{Name: "s", Handler: h}, {Name: "s", Handler: h}}},
		"negative":          {Subscribers: ok, Delivery: DeliveryConfig{Workers: -1}},
		"cap below base":    {Subscribers: ok, Delivery: DeliveryConfig{RetryBase: time.Hour, RetryCap: time.Second}},
		"rescue before end": {Subscribers: ok, Delivery: DeliveryConfig{Timeout: time.Minute, RescueAfter: time.Second}},
		"too many attempts": {Subscribers: ok, Delivery: DeliveryConfig{MaxAttempts: 40000}},
	} {
		if _, err := Open(context.Background(), "postgres://127.0.0.1:1/x", cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: Open = %v, want ErrConfig", name, err)
		}
	}
	db := &DB{}
	if err := db.Deliver(context.Background()); !errors.Is(err, ErrNoDelivery) {
		t.Errorf("Deliver without subscribers = %v", err)
	}
}

// Migrate runs River's migrations too, and running it again, or from two
// processes at once, is harmless.
func TestMigrateRunsRiverMigrationsIdempotently(t *testing.T) {
	td := newTestDB(t)
	ctx := context.Background()
	db, err := Open(ctx, td.AppURL, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- db.Migrate(ctx) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	if n := countRows(t, td, `SELECT count(*) FROM councilkit_river.river_migration`); n < 6 {
		t.Fatalf("River's migrations not applied: %d recorded", n)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// A handler that hangs is cut off at Delivery.Timeout and counted as a
// failed attempt; recording events meanwhile is not held up, and the
// event is delivered on a later attempt.
func TestDeliveryHungHandlerTimesOutAndIsRetried(t *testing.T) {
	td := newMigratedDB(t)
	h := newSink(nil)
	hung := make(chan struct{})
	var once sync.Once
	slow := events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		if r.Event.Subject == "stuck" {
			once.Do(func() { close(hung) })
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Second):
				return nil
			}
		}
		return nil
	})
	cfg := fastDelivery()
	cfg.Timeout = 200 * time.Millisecond
	cfg.RescueAfter = time.Second
	calls := map[string]int{}
	var mu sync.Mutex
	db := openMigrated(t, td, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		mu.Lock()
		calls[r.Event.ID]++
		n := calls[r.Event.ID]
		mu.Unlock()
		if n == 1 && r.Event.Subject == "stuck" {
			return slow.Handle(ctx, r)
		}
		return h.Handle(ctx, r)
	})}}, Delivery: cfg})
	startDelivery(t, db)
	stuck := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "stuck"))[0]
	<-hung
	start := time.Now()
	other := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "other"))[0]
	if d := time.Since(start); d > time.Second {
		t.Errorf("recording an event took %v while a handler hung", d)
	}
	h.waitFor(t, []string{other.Event.ID, stuck.Event.ID}, 10*time.Second)
	mu.Lock()
	defer mu.Unlock()
	if calls[stuck.Event.ID] < 2 {
		t.Fatalf("the hung delivery was attempted %d times", calls[stuck.Event.ID])
	}
	if n := countRows(t, td, `SELECT count(*) FROM councilkit_river.river_job WHERE errors::text LIKE '%deadline exceeded%'`); n != 1 {
		t.Fatalf("%d jobs recorded a timeout, want 1", n)
	}
}
