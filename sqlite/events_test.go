package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

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

func eventTypes(rs []events.Record) []events.Type {
	out := make([]events.Type, len(rs))
	for i, r := range rs {
		out[i] = r.Event.Type
	}
	return out
}

func seqs(rs []events.Record) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}

// logLen is the number of events in db's log.
func logLen(t *testing.T, db *DB) int {
	t.Helper()
	rs, err := db.Events().Since(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(rs)
}

// TestAfterRecordHook: the hook is called inside the write transaction,
// after the events' rows are inserted (it sees them through the
// transaction) and with their records as the log then holds them; an
// error from it rolls the whole change back, events and all, for every
// kind of write that records events.
func TestAfterRecordHook(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	var (
		mu   sync.Mutex
		got  []events.Record
		fail bool
	)
	db.afterRecord = func(ctx context.Context, tx *sql.Tx, rs []events.Record) error {
		mu.Lock()
		defer mu.Unlock()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE seq >= ? AND seq <= ?`,
			rs[0].Seq, rs[len(rs)-1].Seq).Scan(&n); err != nil || n != len(rs) {
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
	if len(got) != 2 || len(stored) != 2 || !slices.Equal(seqs(got), seqs(stored)) ||
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
	if err := db.Admissions().Import(ctx, councilA, []admissions.Application{
		*admissionstest.NewApplication(councilA, "i1"), *admissionstest.NewApplication(councilA, "i2"),
	}); err != nil || len(got) != 6 {
		t.Errorf("admissions Import: %v; hook calls %d", err, len(got))
	}
	before := logLen(t, db)

	mu.Lock()
	fail = true
	mu.Unlock()
	q := paymentstest.NewPayment(councilA, t0)
	if err := s.Create(ctx, councilA, q); err == nil {
		t.Error("payment Create succeeded though the hook failed")
	}
	if _, err := s.Get(ctx, councilA, q.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the payment was stored though the hook failed: %v", err)
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, func(p *payments.Payment) error {
		_, err := p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSuccess}, "webhook", t0)
		return err
	}); err == nil {
		t.Error("payment Update succeeded though the hook failed")
	}
	if cur, _ := s.Get(ctx, councilA, p.ID); cur == nil || len(cur.Refunds) != 0 || cur.Version != 1 {
		t.Error("the refund was stored though the hook failed")
	}
	b := planningtest.NewApplication(councilA, "a2")
	_ = b.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: t0})
	if err := db.Planning().Create(ctx, councilA, b); err == nil {
		t.Error("planning Create succeeded though the hook failed")
	}
	if _, err := db.Planning().Get(ctx, councilA, "a2"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("the application was stored though the hook failed: %v", err)
	}
	if err := db.Admissions().Import(ctx, councilA, []admissions.Application{*admissionstest.NewApplication(councilA, "i3")}); err == nil {
		t.Error("admissions Import succeeded though the hook failed")
	}
	if _, err := db.Admissions().Get(ctx, councilA, "i3"); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("the imported application was stored though the hook failed: %v", err)
	}
	if n := logLen(t, db); n != before {
		t.Errorf("the log holds %d events after refused changes, want %d", n, before)
	}
	// A change that records no event does not call the hook, so it goes
	// through.
	if _, err := s.MarkWebhookSeen(ctx, councilA, "msg-1"); err != nil {
		t.Errorf("MarkWebhookSeen with a failing hook: %v", err)
	}
}

// TestEventInsertFailureRollsBackChange: when SQLite refuses to insert a
// change's event (here a temporary trigger on the writer connection makes
// every insert into events fail), the change is rolled back with it and
// the store returns the error; once inserts work again, so do the writes.
func TestEventInsertFailureRollsBackChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.Payments()
	p := paymentstest.NewPayment(councilA, t0)
	if err := s.Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	// The DB has one writer connection, which it keeps, so the temporary
	// trigger applies to every write that follows.
	if _, err := db.w.ExecContext(ctx, `CREATE TEMP TRIGGER refuse_events BEFORE INSERT ON main.events
		BEGIN SELECT RAISE(ABORT, 'injected event failure'); END`); err != nil {
		t.Fatal(err)
	}
	q := paymentstest.NewPayment(councilA, t0)
	if err := s.Create(ctx, councilA, q); err == nil {
		t.Error("payment Create succeeded though its event was refused")
	}
	if _, err := s.Get(ctx, councilA, q.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the payment was stored without its event: %v", err)
	}
	paid := func(p *payments.Payment) error {
		_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t0.Add(time.Minute))
		return err
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, paid); err == nil {
		t.Error("payment Update succeeded though its event was refused")
	}
	if cur, _ := s.Get(ctx, councilA, p.ID); cur == nil || cur.Status != payments.StatusCreated || len(cur.Events) != 1 {
		t.Errorf("the payment was changed without its event: %+v", cur)
	}
	a := planningtest.NewApplication(councilA, "a1")
	_ = a.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: t0})
	if err := db.Planning().Create(ctx, councilA, a); err == nil {
		t.Error("planning Create succeeded though its event was refused")
	}
	if err := db.Admissions().Create(ctx, councilA, admissionstest.NewApplication(councilA, "s1")); err == nil {
		t.Error("admissions Create succeeded though its event was refused")
	}
	if _, err := db.Admissions().Get(ctx, councilA, "s1"); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("the application was stored without its event: %v", err)
	}
	if n := logLen(t, db); n != 1 {
		t.Errorf("the log holds %d events, want 1", n)
	}

	if _, err := db.w.ExecContext(ctx, `DROP TRIGGER temp.refuse_events`); err != nil {
		t.Fatal(err)
	}
	if _, err := payments.Modify(ctx, s, councilA, p.ID, paid); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.Events().Subject(ctx, councilA, p.ID); !slices.Equal(eventTypes(rs), []events.Type{events.PaymentCreated, events.PaymentSucceeded}) {
		t.Errorf("events after the fault is cleared: %v", eventTypes(rs))
	}
}

// TestEventLogReads: Since pages through every council's events in
// position order; Subject returns only the named council's; an event reads
// back as the exact envelope that was recorded.
func TestEventLogReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	var recorded []events.Record
	db.afterRecord = func(_ context.Context, _ *sql.Tx, rs []events.Record) error {
		recorded = append(recorded, rs...) // writes are serialised
		return nil
	}
	s := db.Payments()
	officer := events.WithActor(ctx, events.Actor{Kind: events.ActorOfficer, ID: "officer-7"})
	var ids []string
	for i := range 5 {
		c := councilA
		if i%2 == 1 {
			c = councilB
		}
		p := paymentstest.NewPayment(c, t0.Add(time.Duration(i)*time.Second))
		if err := s.Create(officer, c, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	dup := paymentstest.NewPayment(councilA, t0)
	dup.ID = ids[0]
	if err := s.Create(officer, councilA, dup); !errors.Is(err, payments.ErrDuplicate) {
		t.Fatalf("duplicate Create: %v", err)
	}
	// Council B stores a payment with council A's first ID.
	twin := paymentstest.NewPayment(councilB, t0)
	twin.ID = ids[0]
	if err := s.Create(officer, councilB, twin); err != nil {
		t.Fatal(err)
	}
	l := db.Events()
	all, err := l.Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 || len(recorded) != 6 {
		t.Fatalf("the log holds %d events, the hook saw %d; want 6 (one refused duplicate)", len(all), len(recorded))
	}
	for i, r := range all {
		if r.Seq != recorded[i].Seq || r.Event.ID != recorded[i].Event.ID {
			t.Errorf("event %d: log %d %s, recorded %d %s", i, r.Seq, r.Event.ID, recorded[i].Seq, recorded[i].Event.ID)
		}
		if i > 0 && r.Seq <= all[i-1].Seq {
			t.Errorf("position %d after %d", r.Seq, all[i-1].Seq)
		}
		got, _ := json.Marshal(r.Event)
		want, _ := json.Marshal(recorded[i].Event)
		if !bytes.Equal(got, want) {
			t.Errorf("event %d reads back as\n%s\nnot as recorded\n%s", i, got, want)
		}
	}
	for _, tc := range []struct {
		after int64
		limit int
		want  []int64
	}{
		{0, 2, seqs(all[:2])},
		{all[1].Seq, 3, seqs(all[2:5])},
		{all[4].Seq, 0, seqs(all[5:])},
		{all[5].Seq, 0, nil},
		{-5, 1, seqs(all[:1])},
		{0, -1, seqs(all)},
	} {
		rs, err := l.Since(ctx, tc.after, tc.limit)
		if err != nil || !slices.Equal(seqs(rs), tc.want) {
			t.Errorf("Since(%d, %d) = %v, %v; want %v", tc.after, tc.limit, seqs(rs), err, tc.want)
		}
	}
	a, err := l.Subject(ctx, councilA, ids[0])
	if err != nil || len(a) != 1 || a[0].Event.Council != councilA || a[0].Seq != all[0].Seq {
		t.Errorf("council A's events about %s: %+v, %v", ids[0], a, err)
	}
	b, err := l.Subject(ctx, councilB, ids[0])
	if err != nil || len(b) != 1 || b[0].Event.Council != councilB || b[0].Seq != all[5].Seq {
		t.Errorf("council B's events about %s: %+v, %v", ids[0], b, err)
	}
	if rs, err := l.Subject(ctx, councilA, ids[1]); err != nil || len(rs) != 0 {
		t.Errorf("council A reads council B's payment's events: %+v, %v", rs, err)
	}
	if _, err := l.Subject(ctx, councilkit.Council{}, ids[0]); err == nil {
		t.Error("Subject without a council succeeded")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.Since(cancelled, 0, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Since with a cancelled context: %v", err)
	}
}

// TestAdmissionsImportRecordsEvents: Import records one submission per
// application with a Received date, none for a draft, in the same
// transaction; an Import refused part way records nothing.
func TestAdmissionsImportRecordsEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.Admissions()
	apps := make([]admissions.Application, 5)
	for i := range apps {
		apps[i] = *admissionstest.NewApplication(councilA, fmt.Sprint("imp-", i))
	}
	draft := admissionstest.NewApplication(councilA, "draft")
	draft.Received = calendar.Date{}
	apps = append(apps, *draft)
	if err := s.Import(ctx, councilA, apps); err != nil {
		t.Fatal(err)
	}
	all, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("Import of 5 applications and a draft recorded %v", eventTypes(all))
	}
	for i, r := range all {
		if r.Event.Type != events.SchoolApplicationSubmitted || r.Event.Subject != apps[i].ID {
			t.Errorf("event %d: %s about %s", i, r.Event.Type.Short(), r.Event.Subject)
		}
	}
	dup := []admissions.Application{*admissionstest.NewApplication(councilA, "new"), apps[0]}
	if err := s.Import(ctx, councilA, dup); !errors.Is(err, admissions.ErrDuplicate) {
		t.Errorf("Import with a stored ID: %v", err)
	}
	if n := logLen(t, db); n != 5 {
		t.Errorf("a refused Import left %d events, want 5", n)
	}
	// The draft's Update that gives it a date records its submission.
	d, err := s.Get(ctx, councilA, "draft")
	if err != nil {
		t.Fatal(err)
	}
	d.Received = apps[0].Received
	if err := s.Update(ctx, councilA, d); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.Events().Subject(ctx, councilA, "draft"); !slices.Equal(eventTypes(rs), []events.Type{events.SchoolApplicationSubmitted}) {
		t.Errorf("the draft's events: %v", eventTypes(rs))
	}
}

// TestEventLogConcurrentReaderMissesNothing: a reader that follows the log
// with Since from the last position it read, while writers record events,
// ends up with every event exactly once, in position order: a position is
// never handed out below one a reader has already seen.
func TestEventLogConcurrentReaderMissesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	s := db.Payments()
	const writers, each = 4, 10
	var (
		wg   sync.WaitGroup
		done = make(chan struct{})
	)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				c := councilA
				if (w+i)%2 == 1 {
					c = councilB
				}
				if err := s.Create(ctx, c, paymentstest.NewPayment(c, t0)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	var (
		seen []events.Record
		last int64
	)
	for finished := false; ; {
		select {
		case <-done:
			finished = true
		default:
		}
		rs, err := db.Events().Since(ctx, last, 7)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, rs...)
		if len(rs) > 0 {
			last = rs[len(rs)-1].Seq
		}
		if finished && len(rs) == 0 {
			break
		}
	}
	all, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*each || !slices.Equal(seqs(seen), seqs(all)) {
		t.Errorf("the reader saw %d events %v; the log holds %d %v", len(seen), seqs(seen), len(all), seqs(all))
	}
}
