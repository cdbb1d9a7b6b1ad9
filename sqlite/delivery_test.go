package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// recordEvents records evs in the events table in one write transaction
// of council c, as the stores record a change's events (the DB's
// afterRecord hook, which enqueues the deliveries, included), and returns
// their records.
func recordEvents(ctx context.Context, db *DB, c councilkit.Council, evs ...events.Event) ([]events.Record, error) {
	var rs []events.Record
	err := db.write(ctx, c, func(t *tx) error {
		if err := t.appendEvents(evs...); err != nil {
			return err
		}
		rs = append([]events.Record(nil), t.recorded...)
		return nil
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
		case <-time.After(20 * time.Millisecond):
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

// startDelivery runs db.Deliver until the test ends (or the returned
// function is called), and checks that it returns ctx's error.
func startDelivery(t testing.TB, db *DB) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- db.Deliver(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Deliver = %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// fastDelivery is a DeliveryConfig with waits short enough for tests.
func fastDelivery() DeliveryConfig {
	return DeliveryConfig{RetryBase: 10 * time.Millisecond, RetryCap: 100 * time.Millisecond, PollInterval: 20 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)}
}

// countRows counts through the reader pool, which sees every table
// (River's included).
func countRows(t testing.TB, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestDeliverConcurrentWritersInOrderPerRecord: every event is delivered,
// once, to each subscriber that wants it, in order per record, while
// several goroutines record events about a few records of two councils;
// a handler that fails or panics is retried, and the record's later
// events wait for it. No write fails with SQLITE_BUSY meanwhile, though
// River's client writes through the same file.
func TestDeliverConcurrentWritersInOrderPerRecord(t *testing.T) {
	t.Parallel()
	all := newSink(func(r events.Record, call int) error {
		switch {
		case r.Seq%5 == 0 && call == 1:
			return errors.New("receiver returned 503")
		case r.Seq%7 == 0 && call == 1:
			panic("handler bug")
		}
		return nil
	})
	failures := newSink(nil)
	db := openMigrated(t, Config{
		Subscribers: []events.Subscriber{
			{Name: "all", Handler: all},
			{Name: "failures", Types: []events.Type{events.PaymentFailed}, Handler: failures},
		},
		Delivery: fastDelivery(),
	})
	startDelivery(t, db)

	const writers, each, subjects = 3, 5, 3
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
	if n := failures.count(); n != len(failed) {
		t.Fatalf("the failures subscriber handled %d events, want the %d of its type", n, len(failed))
	}
	if n := all.count(); n != len(ids) {
		t.Fatalf("handled %d deliveries of %d events: a duplicate without a crash", n, len(ids))
	}
	deadline := time.Now().Add(5 * time.Second)
	for countRows(t, db, `SELECT count(*) FROM deliveries`) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("deliveries still owed after every event was handled")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// River kept each failed attempt's error, the panic's included.
	if n := countRows(t, db, `SELECT count(*) FROM river_job WHERE CAST(errors AS TEXT) LIKE '%handler bug%'`); n == 0 {
		t.Fatal("no job recorded the handler's panic as a failed attempt")
	}
}

// The stores' changes are delivered: a payment created through
// DB.Payments reaches the subscriber with the event ID the log holds.
func TestDeliverStoresChanges(t *testing.T) {
	t.Parallel()
	h := newSink(nil)
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: fastDelivery()})
	startDelivery(t, db)
	ctx := context.Background()
	p := paymentstest.NewPayment(councilA, t0)
	p.Status, p.CapturedAt = payments.StatusSuccess, t0
	if err := db.Payments().Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	logged, err := db.Events().Subject(ctx, councilA, p.ID)
	if err != nil || len(logged) != 2 {
		t.Fatalf("log: %v, %v", logged, err)
	}
	h.waitFor(t, []string{logged[0].Event.ID, logged[1].Event.ID}, 10*time.Second)
	h.inOrder(t)
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, r := range h.handled {
		if r.Seq != logged[i].Seq || r.Event.ID != logged[i].Event.ID || r.Event.Type != logged[i].Event.Type {
			t.Errorf("delivery %d: %d %s %s, log holds %d %s %s", i, r.Seq, r.Event.ID, r.Event.Type, logged[i].Seq, logged[i].Event.ID, logged[i].Event.Type)
		}
	}
}

// A change that is rolled back enqueues nothing: the job and the owed row
// go with it.
func TestDeliveryRolledBackWithTheChange(t *testing.T) {
	t.Parallel()
	h := newSink(nil)
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: fastDelivery()})
	ctx := context.Background()
	boom := errors.New("boom")
	e := newEvent(t, councilA, events.PaymentCreated, "p1")
	err := db.write(ctx, councilA, func(t *tx) error {
		if err := t.appendEvents(e); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("write = %v", err)
	}
	if n := countRows(t, db, `SELECT count(*) FROM river_job`) + countRows(t, db, `SELECT count(*) FROM deliveries`); n != 0 {
		t.Fatalf("%d jobs and owed rows left by a rolled-back change", n)
	}
}

// A duplicate enqueue of the same events (the hook called twice) makes no
// second job and no second delivery.
func TestDeliveryUniquePerSubscriberAndEvent(t *testing.T) {
	t.Parallel()
	h := newSink(nil)
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: fastDelivery()})
	rs := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p1"), newEvent(t, councilA, events.PaymentSucceeded, "p1"))
	ctx := context.Background()
	again := func() error {
		return db.write(ctx, councilA, func(t *tx) error { return db.afterRecord(ctx, t.tx, rs) })
	}
	if err := again(); err != nil {
		t.Fatalf("enqueueing again: %v", err)
	}
	if n := countRows(t, db, `SELECT count(*) FROM river_job`); n != 2 {
		t.Fatalf("%d jobs for 2 events and one subscriber", n)
	}
	if n := countRows(t, db, `SELECT count(*) FROM deliveries`); n != 2 {
		t.Fatalf("%d owed deliveries, want 2", n)
	}
	startDelivery(t, db)
	h.waitFor(t, []string{rs[0].Event.ID, rs[1].Event.ID}, 10*time.Second)
	// And once delivered, enqueueing again is still harmless.
	if err := again(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := h.count(); n != 2 {
		t.Fatalf("handled %d deliveries of 2 events", n)
	}
}

// After MaxAttempts failures River gives up, but the event stays owed and
// holds back its record's later events; Redeliver sends it again.
func TestDeliveryGiveUpKeepsTheEventOwed(t *testing.T) {
	t.Parallel()
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
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: cfg})
	startDelivery(t, db)
	first := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p1"))[0]
	other := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p2"))[0]
	h.waitFor(t, []string{other.Event.ID}, 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for countRows(t, db, `SELECT count(*) FROM river_job WHERE state = 'discarded'`) == 0 {
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
	if n := countRows(t, db, `SELECT count(*) FROM deliveries`); n != 2 {
		t.Fatalf("%d deliveries owed, want 2: the given-up event and the one behind it", n)
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	if n, err := db.Redeliver(context.Background(), councilB, "s"); err != nil || n != 0 {
		t.Fatalf("Redeliver for another council = %d, %v; want 0", n, err)
	}
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

func TestOpenRefusesBadDeliveryConfig(t *testing.T) {
	t.Parallel()
	h := events.HandlerFunc(func(context.Context, events.Record) error { return nil })
	ok := []events.Subscriber{{Name: "s", Handler: h}}
	path := t.TempDir() + "/x.db"
	for name, cfg := range map[string]Config{
		"no handler":        {Subscribers: []events.Subscriber{{Name: "s"}}},
		"duplicate":         {Subscribers: []events.Subscriber{{Name: "s", Handler: h}, {Name: "s", Handler: h}}},
		"negative":          {Subscribers: ok, Delivery: DeliveryConfig{Workers: -1}},
		"cap below base":    {Subscribers: ok, Delivery: DeliveryConfig{RetryBase: time.Hour, RetryCap: time.Second}},
		"rescue before end": {Subscribers: ok, Delivery: DeliveryConfig{Timeout: time.Minute, RescueAfter: time.Second}},
		"too many attempts": {Subscribers: ok, Delivery: DeliveryConfig{MaxAttempts: 40000}},
	} {
		if db, err := Open(context.Background(), path, cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: Open = %v, want ErrConfig", name, err)
			if db != nil {
				db.Close()
			}
		}
	}
	db := openMigrated(t)
	if err := db.Deliver(context.Background()); !errors.Is(err, ErrNoDelivery) {
		t.Errorf("Deliver without subscribers = %v", err)
	}
	if _, err := db.Redeliver(context.Background(), councilA, "s"); !errors.Is(err, ErrNoDelivery) {
		t.Errorf("Redeliver without subscribers = %v", err)
	}
}

// Migrate runs River's migrations too, and running it again, or from
// several handles on the file at once (as two processes starting would),
// is harmless.
func TestMigrateRunsRiverMigrationsOnceFromManyHandles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := t.TempDir() + "/m.db"
	var dbs []*DB
	for range 3 {
		db, err := Open(ctx, path, Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		dbs = append(dbs, db)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(dbs))
	for _, db := range dbs {
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
	if n := countRows(t, dbs[0], `SELECT count(*) FROM river_migration`); n < 6 {
		t.Fatalf("River's migrations not applied: %d recorded", n)
	}
	if err := dbs[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// A handler that hangs is cut off at Delivery.Timeout and counted as a
// failed attempt; recording events meanwhile is not held up, and the
// event is delivered on a later attempt.
func TestDeliveryHungHandlerTimesOutAndIsRetried(t *testing.T) {
	t.Parallel()
	h := newSink(nil)
	hung := make(chan struct{})
	var (
		once  sync.Once
		mu    sync.Mutex
		calls = map[string]int{}
	)
	cfg := fastDelivery()
	cfg.Timeout = 200 * time.Millisecond
	cfg.RescueAfter = time.Second
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		mu.Lock()
		calls[r.Event.ID]++
		n := calls[r.Event.ID]
		mu.Unlock()
		if n == 1 && r.Event.Subject == "stuck" {
			once.Do(func() { close(hung) })
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Second):
				return nil
			}
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
	if n := countRows(t, db, `SELECT count(*) FROM river_job WHERE CAST(errors AS TEXT) LIKE '%deadline exceeded%'`); n != 1 {
		t.Fatalf("%d jobs recorded a timeout, want 1", n)
	}
}

// Stopping Deliver and closing the file part way through a backlog loses
// nothing: reopened, the file still owes the rest, and a new Deliver
// delivers every event, in order per record.
func TestDeliveryResumesAfterReopen(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/reopen.db"
	slow := newSink(func(events.Record, int) error { time.Sleep(5 * time.Millisecond); return nil })
	cfg := fastDelivery()
	cfg.Workers = 4
	db := openPath(t, path, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: slow}}, Delivery: cfg})
	var ids []string
	for i := range 40 {
		e := newEvent(t, councilA, events.PaymentCreated, fmt.Sprintf("p%d", i%5))
		mustRecord(t, db, councilA, e)
		ids = append(ids, e.ID)
	}
	stop := startDelivery(t, db)
	deadline := time.Now().Add(10 * time.Second)
	for slow.count() < 10 {
		if time.Now().After(deadline) {
			t.Fatal("nothing delivered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	if n := countRows(t, db, `SELECT count(*) FROM river_job WHERE state = 'running'`); n != 0 {
		t.Errorf("%d deliveries left running by a clean stop", n)
	}
	db.Close()
	first := slow.count()
	if first >= len(ids) {
		t.Fatalf("all %d delivered before the stop: the test needs a slower handler", first)
	}

	db = openPath(t, path, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: slow}}, Delivery: cfg})
	if n := countRows(t, db, `SELECT count(*) FROM deliveries`); n != len(ids)-first {
		t.Fatalf("reopened, the file owes %d deliveries; %d of %d were made", n, first, len(ids))
	}
	startDelivery(t, db)
	slow.waitFor(t, ids, 30*time.Second)
	slow.inOrder(t)
	if n := slow.count(); n != len(ids) {
		t.Fatalf("%d deliveries of %d events after a clean stop", n, len(ids))
	}
}

// Example of the error text a delivery job keeps: the subscriber and the
// event, not the event's content.
func TestDeliveryErrorNamesSubscriberAndEvent(t *testing.T) {
	t.Parallel()
	db := openMigrated(t, Config{Subscribers: []events.Subscriber{{Name: "webhook", Handler: events.HandlerFunc(func(context.Context, events.Record) error {
		return errors.New("503")
	})}}, Delivery: DeliveryConfig{MaxAttempts: 1, Logger: slog.New(slog.DiscardHandler), PollInterval: 20 * time.Millisecond}})
	startDelivery(t, db)
	r := mustRecord(t, db, councilA, newEvent(t, councilA, events.PaymentCreated, "p1"))[0]
	deadline := time.Now().Add(10 * time.Second)
	var errs string
	for {
		err := db.r.QueryRowContext(context.Background(), `SELECT CAST(errors AS TEXT) FROM river_job WHERE state = 'discarded'`).Scan(&errs)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the failed delivery was not discarded: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(errs, "subscriber webhook, event "+r.Event.ID+": 503") {
		t.Fatalf("job errors %s", errs)
	}
}
