package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// waitBlocked waits until a backend of the test database is waiting for a
// lock with a statement containing stmt, and returns its pid. It also
// reports whether that backend's transaction has written anything yet
// (has a transaction ID) and holds a lock on table hold.
func waitBlocked(t *testing.T, super *pgx.Conn, dbname, stmt, hold string) uint32 {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var pid uint32
		var wrote, holds bool
		err := super.QueryRow(ctx, `SELECT a.pid, a.backend_xid IS NOT NULL,
				EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation = $3::regclass
					AND l.mode = 'RowExclusiveLock')
			FROM pg_stat_activity a
			WHERE a.datname = $1 AND a.wait_event_type = 'Lock' AND position($2 in a.query) > 0`, dbname, stmt, hold).Scan(&pid, &wrote, &holds)
		if err == nil {
			if !wrote || !holds {
				t.Fatalf("the blocked backend has written %v, holds a write lock on %s %v: the fault is not between the statements", wrote, hold, holds)
			}
			return pid
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no backend blocked in %q", stmt)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEventsAtomicWithChangeKilledBetween kills the writing backend (with
// pg_terminate_backend from another connection) between the statement that
// makes a change and the one that records its events, and the other way
// round, and shows that neither the change nor the events are stored. The
// write is held at the right place by a lock on the next statement's table
// that the test holds; the test checks that the backend has already
// written (it has a transaction ID and a write lock on the table of the
// statement before) when it is killed.
func TestEventsAtomicWithChangeKilledBetween(t *testing.T) {
	t.Parallel()
	t1 := t0.Add(time.Minute)
	for _, tc := range []struct {
		name string
		// lock is the table the test locks, stmt the start of the
		// statement that waits for it, wrote the table written before it.
		lock, stmt, wrote string
		// setup stores the record; change changes it; check verifies
		// that nothing of the change is stored and returns the record's
		// council and ID.
		setup  func(t *testing.T, db *DB) (councilkit.Council, string)
		change func(ctx context.Context, db *DB, c councilkit.Council, id string) error
		check  func(t *testing.T, db *DB, c councilkit.Council, id string)
		events []events.Type // the record's events, unchanged
	}{
		{
			name: "payment change, then its event", lock: "councilkit.events", stmt: "INSERT INTO councilkit.events", wrote: "councilkit.payments",
			setup: func(t *testing.T, db *DB) (councilkit.Council, string) {
				p := paymentstest.NewPayment(councilA, t0)
				if err := db.Payments().Create(context.Background(), councilA, p); err != nil {
					t.Fatal(err)
				}
				return councilA, p.ID
			},
			change: func(ctx context.Context, db *DB, c councilkit.Council, id string) error {
				_, err := payments.Modify(ctx, db.Payments(), c, id, func(p *payments.Payment) error {
					_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t1)
					return err
				})
				return err
			},
			check: func(t *testing.T, db *DB, c councilkit.Council, id string) {
				if p, err := db.Payments().Get(context.Background(), c, id); err != nil || p.Status != payments.StatusCreated || p.Version != 1 || len(p.Events) != 1 {
					t.Errorf("the payment changed without its event: %v, %v", p, err)
				}
			},
			events: []events.Type{events.PaymentCreated},
		},
		{
			name: "payment event, then its refund", lock: "councilkit.payment_refunds", stmt: "INSERT INTO councilkit.payment_refunds", wrote: "councilkit.events",
			setup: func(t *testing.T, db *DB) (councilkit.Council, string) {
				p := paymentstest.NewPayment(councilA, t0)
				p.Status, p.CapturedAt = payments.StatusSuccess, t0
				if err := db.Payments().Create(context.Background(), councilA, p); err != nil {
					t.Fatal(err)
				}
				return councilA, p.ID
			},
			change: func(ctx context.Context, db *DB, c councilkit.Council, id string) error {
				_, err := payments.Modify(ctx, db.Payments(), c, id, func(p *payments.Payment) error {
					_, err := p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSuccess}, "webhook", t1)
					return err
				})
				return err
			},
			check: func(t *testing.T, db *DB, c councilkit.Council, id string) {
				if p, err := db.Payments().Get(context.Background(), c, id); err != nil || len(p.Refunds) != 0 || p.Version != 1 {
					t.Errorf("the refund or the payment's change was stored: %v, %v", p, err)
				}
			},
			events: []events.Type{events.PaymentCreated, events.PaymentSucceeded},
		},
		{
			name: "planning transition, then its event", lock: "councilkit.events", stmt: "INSERT INTO councilkit.events", wrote: "councilkit.planning_applications",
			setup: func(t *testing.T, db *DB) (councilkit.Council, string) {
				a := planningtest.NewApplication(councilA, "a1")
				_ = a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: t0})
				if err := db.Planning().Create(context.Background(), councilA, a); err != nil {
					t.Fatal(err)
				}
				return councilA, "a1"
			},
			change: func(ctx context.Context, db *DB, c councilkit.Council, id string) error {
				_, err := planning.Modify(ctx, db.Planning(), c, id, func(a *planning.Application) error {
					return a.Lifecycle.Move(planning.Transition{To: planning.StateInvalid, By: "officer-1", At: t1})
				})
				return err
			},
			check: func(t *testing.T, db *DB, c councilkit.Council, id string) {
				if a, err := db.Planning().Get(context.Background(), c, id); err != nil || a.Lifecycle.State != planning.StateSubmitted || a.Version != 1 {
					t.Errorf("the application changed without its event: %v, %v", a, err)
				}
			},
			events: []events.Type{events.PlanningApplicationSubmitted},
		},
		{
			name: "admissions date, then its event", lock: "councilkit.events", stmt: "INSERT INTO councilkit.events", wrote: "councilkit.admissions_applications",
			setup: func(t *testing.T, db *DB) (councilkit.Council, string) {
				a := admissionstest.NewApplication(councilA, "a1")
				a.Received = calendar.Date{}
				if err := db.Admissions().Create(context.Background(), councilA, a); err != nil {
					t.Fatal(err)
				}
				return councilA, "a1"
			},
			change: func(ctx context.Context, db *DB, c councilkit.Council, id string) error {
				_, err := admissions.Modify(ctx, db.Admissions(), c, id, func(a *admissions.Application) error {
					a.Received = calendar.MustParseDate("2026-10-01")
					return nil
				})
				return err
			},
			check: func(t *testing.T, db *DB, c councilkit.Council, id string) {
				if a, err := db.Admissions().Get(context.Background(), c, id); err != nil || !a.Received.IsZero() || a.Version != 1 {
					t.Errorf("the application changed without its event: %v, %v", a, err)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			td := newMigratedDB(t)
			db := openMigrated(t, td)
			c, id := tc.setup(t, db)
			locker, watcher := superConn(t, td), superConn(t, td)
			lockTx, err := locker.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lockTx.Exec(ctx, `LOCK TABLE `+tc.lock+` IN EXCLUSIVE MODE`); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- tc.change(ctx, db, c, id) }()
			pid := waitBlocked(t, watcher, td.Name, tc.stmt, tc.wrote)
			terminate(t, watcher, pid)
			if err := lockTx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-done; !errors.Is(err, ErrRetryable) {
				t.Errorf("the killed change returned %v, want an error matching ErrRetryable", err)
			}
			tc.check(t, db, c, id)
			rs, err := db.Events().Subject(ctx, c, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventTypes(rs); !slices.Equal(got, tc.events) {
				t.Errorf("events = %v, want %v: an event was stored without its change", got, tc.events)
			}
			var n int
			if err := watcher.QueryRow(ctx, `SELECT count(*) FROM councilkit.events WHERE subject = $1`, id).Scan(&n); err != nil || n != len(tc.events) {
				t.Errorf("the superuser sees %d events (%v), want %d", n, err, len(tc.events))
			}
		})
	}
}

func eventTypes(rs []events.Record) []events.Type {
	var out []events.Type
	for _, r := range rs {
		out = append(out, r.Event.Type)
	}
	return out
}

// testEvent is an event for council c about subject.
func testEvent(t *testing.T, c councilkit.Council, subject string) events.Event {
	t.Helper()
	e, err := events.New(c, events.PaymentCreated, subject, t0, events.Actor{Kind: events.ActorSystem, ID: "test"}, events.Payment{PaymentID: subject})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// recordIn records evs in tx as the stores do.
func recordIn(ctx context.Context, tx pgx.Tx, c councilkit.Council, evs ...events.Event) error {
	b := &pgx.Batch{}
	var pos []int64
	if err := queueEventLog(b, c, evs, &pos); err != nil {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

// A reader that continues from the last position it read never skips an
// event whose transaction commits late. Transaction B takes its ID first;
// transaction A takes its ID after it and records its event first; B then
// records its event and commits while A is still in flight. With positions
// taken from a sequence when the event row is inserted, A's event would
// have the lower position, B's would be read first, and a reader
// continuing after B's would never see A's, whether or not it held back
// events of transactions younger than one in flight.
func TestEventLogNeverSkipsLateCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	log := db.Events()

	bHasID, aRecorded, bCommitted := make(chan struct{}), make(chan struct{}), make(chan struct{})
	bDone, aDone := make(chan error, 1), make(chan error, 1)
	go func() {
		bDone <- db.InCouncil(ctx, councilB, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_current_xact_id()`); err != nil {
				return err
			}
			close(bHasID)
			<-aRecorded
			return recordIn(ctx, tx, councilB, testEvent(t, councilB, "b"))
		})
	}()
	<-bHasID
	go func() {
		aDone <- db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			if err := recordIn(ctx, tx, councilA, testEvent(t, councilA, "a")); err != nil {
				return err
			}
			close(aRecorded)
			<-bCommitted
			return nil
		})
	}()
	if err := <-bDone; err != nil {
		t.Fatal(err)
	}
	// B has committed; A is in flight.
	var got []string
	var after int64
	readAll := func(want int) {
		for deadline := time.Now().Add(30 * time.Second); len(got) < want && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			rs, err := log.Since(ctx, after, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				got = append(got, r.Event.Subject)
				after = r.Seq
			}
		}
	}
	readAll(1)
	close(bCommitted)
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	readAll(2)
	if !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("a reader continuing from its last position read %v, want [b a]", got)
	}
}

// Many writers and a reader that continues from the last position it
// read: the reader sees every committed event exactly once.
func TestEventLogConcurrentReaderMissesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.Payments()
	const writers, each = 8, 5
	stop := make(chan struct{})
	seen := map[string]int{}
	var read sync.WaitGroup
	var readErr error
	read.Go(func() {
		var after int64
		for {
			select {
			case <-stop:
				// One last read once every writer has finished.
				rs, err := db.Events().Since(ctx, after, 0)
				readErr = err
				for _, r := range rs {
					seen[r.Event.ID]++
				}
				return
			default:
			}
			rs, err := db.Events().Since(ctx, after, 3)
			if err != nil {
				readErr = err
				return
			}
			for _, r := range rs {
				if r.Seq <= after {
					readErr = fmt.Errorf("position %d after %d", r.Seq, after)
					return
				}
				seen[r.Event.ID]++
				after = r.Seq
			}
		}
	})
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				p := paymentstest.NewPayment(councilA, t0)
				if err := s.Create(ctx, councilA, p); err != nil {
					t.Error(err)
					return
				}
				if _, err := payments.Modify(ctx, s, councilA, p.ID, func(p *payments.Payment) error {
					_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t0.Add(time.Minute))
					return err
				}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// Wait until the log has let every event through, then stop the
	// reader.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if rs, _ := db.Events().Since(ctx, 0, 0); len(rs) == 2*writers*each {
			break
		}
	}
	close(stop)
	read.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}
	if len(seen) != 2*writers*each {
		t.Errorf("the reader saw %d events, want %d", len(seen), 2*writers*each)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s read %d times", id, n)
		}
	}
}

// The afterRecord hook runs inside the write transaction with the records
// just inserted, and its error rolls the change back.
func TestAfterRecordHook(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	var (
		mu   sync.Mutex
		got  []events.Record
		fail bool
	)
	db.afterRecord = func(ctx context.Context, tx pgx.Tx, rs []events.Record) error {
		mu.Lock()
		defer mu.Unlock()
		// The rows are visible to the transaction.
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.events WHERE pos = ANY($1)`, positions(rs)).Scan(&n); err != nil || n != len(rs) {
			return fmt.Errorf("hook sees %d of its %d events: %v", n, len(rs), err)
		}
		if fail {
			return errors.New("hook failed")
		}
		got = append(got, rs...)
		return nil
	}
	s := db.Payments()
	p := paymentstest.NewPayment(councilA, t0)
	p.Status, p.CapturedAt = payments.StatusSuccess, t0
	if err := s.Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Events().Subject(ctx, councilA, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(stored) != 2 || got[0].Seq != stored[0].Seq || got[1].Seq != stored[1].Seq ||
		got[0].Event.ID != stored[0].Event.ID || got[1].Event.Type != events.PaymentSucceeded {
		t.Errorf("hook got %+v, log holds %+v", got, stored)
	}
	a := planningtest.NewApplication(councilA, "a1")
	_ = a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: t0})
	if err := db.Planning().Create(ctx, councilA, a); err != nil || len(got) != 3 {
		t.Errorf("planning Create: %v; hook calls %d", err, len(got))
	}
	if err := db.Admissions().Create(ctx, councilA, admissionstest.NewApplication(councilA, "s1")); err != nil || len(got) != 4 {
		t.Errorf("admissions Create: %v; hook calls %d", err, len(got))
	}
	mu.Lock()
	fail = true
	mu.Unlock()
	q := paymentstest.NewPayment(councilA, t0)
	if err := s.Create(ctx, councilA, q); err == nil {
		t.Error("Create succeeded though the hook failed")
	}
	if _, err := s.Get(ctx, councilA, q.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the payment was stored though the hook failed: %v", err)
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, func(p *payments.Payment) error {
		_, err := p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSuccess}, "webhook", t0)
		return err
	}); err == nil {
		t.Error("Update succeeded though the hook failed")
	}
	if cur, _ := s.Get(ctx, councilA, p.ID); len(cur.Refunds) != 0 {
		t.Error("the refund was stored though the hook failed")
	}
}

func positions(rs []events.Record) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}

// An application role that does not own the tables, as the package
// documentation recommends, reads other councils' events only through
// councilkit.events_since, once it is granted EXECUTE on it; its own
// statements see only its council's events, whatever it sets.
func TestEventLogNonOwnerRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	roles := newTestRoles(t)
	role := roles.create(`LOGIN NOSUPERUSER NOBYPASSRLS`)
	td := newMigratedDB(t) // dropped before the role
	owner := openMigrated(t, td)
	for _, c := range []councilkit.Council{councilA, councilB} {
		if err := owner.Payments().Create(ctx, c, paymentstest.NewPayment(c, t0)); err != nil {
			t.Fatal(err)
		}
	}
	super := superConn(t, td)
	if _, err := super.Exec(ctx, `GRANT USAGE ON SCHEMA councilkit TO `+role+`;
		GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA councilkit TO `+role); err != nil {
		t.Fatal(err)
	}
	app, err := Open(ctx, appURL(shared.admin, role, td.Name), Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.Events().Since(ctx, 0, 0); pgCode(err) != "42501" {
		t.Errorf("Since without EXECUTE on events_since: %v, want permission denied", err)
	}
	if _, err := super.Exec(ctx, `GRANT EXECUTE ON FUNCTION councilkit.events_since(bigint, integer) TO `+role); err != nil {
		t.Fatal(err)
	}
	var rs []events.Record
	for deadline := time.Now().Add(30 * time.Second); len(rs) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if rs, err = app.Events().Since(ctx, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if len(rs) != 2 || rs[0].Event.Council == rs[1].Event.Council {
		t.Errorf("Since as the application role = %d events, want both councils' 2", len(rs))
	}
	// Its own statements see only its council's events, even with the
	// setting events_since uses.
	if err := app.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT set_config('councilkit.reading_log', 'on', true)`).Scan(new(string)); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.events`).Scan(&n); err != nil {
			return err
		}
		if n != 1 {
			t.Errorf("council A's transaction sees %d events, want its 1", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// And it records events through the stores.
	p := paymentstest.NewPayment(councilB, t0)
	if err := app.Payments().Create(ctx, councilB, p); err != nil {
		t.Fatal(err)
	}
	if got, err := app.Events().Subject(ctx, councilB, p.ID); err != nil || len(got) != 1 {
		t.Errorf("Subject = %v, %v", eventTypes(got), err)
	}
	if got, err := app.Events().Subject(ctx, councilA, p.ID); err != nil || len(got) != 0 {
		t.Errorf("council A sees council B's event: %v, %v", eventTypes(got), err)
	}
}

// Import records each imported application's submission in its
// transaction, in more than one batch for a large import, with distinct
// positions in order.
func TestAdmissionsImportRecordsEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	n := importEventBatch + 3
	apps := make([]admissions.Application, n)
	for i := range apps {
		apps[i] = *admissionstest.NewApplication(councilA, fmt.Sprintf("imp-%05d", i))
	}
	apps[7].Received = calendar.Date{} // a draft: no event
	if err := db.Admissions().Import(ctx, councilA, apps); err != nil {
		t.Fatal(err)
	}
	var rs []events.Record
	for deadline := time.Now().Add(30 * time.Second); len(rs) < n-1 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var err error
		if rs, err = db.Events().Since(ctx, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if len(rs) != n-1 {
		t.Fatalf("Import recorded %d events, want %d", len(rs), n-1)
	}
	seen := map[string]bool{}
	for i, r := range rs {
		if i > 0 && r.Seq <= rs[i-1].Seq {
			t.Fatalf("position %d after %d", r.Seq, rs[i-1].Seq)
		}
		if r.Event.Type != events.SchoolApplicationSubmitted || r.Event.Council != councilA || seen[r.Event.Subject] {
			t.Fatalf("event %d: %s %v %s", i, r.Event.Type.Short(), r.Event.Council, r.Event.Subject)
		}
		seen[r.Event.Subject] = true
	}
	if seen["imp-00007"] {
		t.Error("the draft recorded a submission")
	}
	// A failed import records nothing.
	again := []admissions.Application{*admissionstest.NewApplication(councilA, "new-1"), apps[0]}
	if err := db.Admissions().Import(ctx, councilA, again); !errors.Is(err, admissions.ErrDuplicate) {
		t.Fatalf("Import of a stored ID: %v", err)
	}
	if got, _ := db.Events().Subject(ctx, councilA, "new-1"); len(got) != 0 {
		t.Errorf("a failed Import recorded %v", eventTypes(got))
	}
}

// TestCreatePaymentEventForms creates payments whose creation records from
// one event to more than maxEventRows (a payment created already paid,
// with refunds the provider has already made, records payment.created,
// payment.succeeded and one payment.refunded for each), so that Create
// sends its events both as rows of parameters and as arrays, and checks
// that the log holds each creation's events in ChangeEvents' order, at the
// positions the afterRecord hook was given, each event's data as recorded.
func TestCreatePaymentEventForms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	var hooked []events.Record
	db.afterRecord = func(ctx context.Context, tx pgx.Tx, rs []events.Record) error {
		hooked = append(hooked, rs...)
		return nil
	}
	s := db.Payments()
	for refunds := -1; refunds <= maxEventRows+1; refunds++ {
		hooked = nil
		p := paymentstest.NewPayment(councilA, t0)
		want := []events.Type{events.PaymentCreated}
		if refunds >= 0 {
			p.Status, p.CapturedAt = payments.StatusSuccess, t0
			want = append(want, events.PaymentSucceeded)
		}
		for i := range max(refunds, 0) {
			at := t0.Add(time.Duration(i+1) * time.Minute)
			p.Refunds = append(p.Refunds, payments.Refund{ID: uuid.NewString(), ProviderID: fmt.Sprintf("rf-%d", i),
				Amount: payments.Pence(100), Status: payments.RefundSuccess, AvailableBefore: payments.Pence(4500 - 100*int64(i)),
				CreatedAt: at, UpdatedAt: at})
			want = append(want, events.PaymentRefunded)
		}
		if err := s.Create(ctx, councilA, p); err != nil {
			t.Fatalf("%d events: %v", len(want), err)
		}
		stored, err := db.Events().Subject(ctx, councilA, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != len(want) || len(hooked) != len(want) {
			t.Fatalf("%d events: log holds %d, hook given %d", len(want), len(stored), len(hooked))
		}
		for i, r := range stored {
			h := hooked[i]
			if r.Event.Type != want[i] || r.Seq != h.Seq || r.Event.ID != h.Event.ID || string(r.Event.Data) != string(h.Event.Data) ||
				!r.Event.Time.Equal(h.Event.Time) {
				t.Errorf("%d events: event %d is %s at %d (%s), hook was given %s at %d (%s)", len(want), i,
					r.Event.Type.Short(), r.Seq, r.Event.ID, h.Event.Type.Short(), h.Seq, h.Event.ID)
			}
			if i > 0 && r.Seq != stored[i-1].Seq+1 {
				t.Errorf("%d events: event %d at %d, after %d", len(want), i, r.Seq, stored[i-1].Seq)
			}
		}
	}
}
