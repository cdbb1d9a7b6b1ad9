package counciltaxtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// recorder is implemented by stores that record events (events.Recorder
// where the events package declares it).
type recorder interface{ EventLog() events.Log }

func eventLog(t *testing.T, s counciltax.Store) events.Log {
	t.Helper()
	r, ok := s.(recorder)
	if !ok || r.EventLog() == nil {
		t.Fatalf("%T does not record events: a Store must have an EventLog method returning its log", s)
	}
	return r.EventLog()
}

// subjectEvents returns council c's events about subject, waiting up to
// 10 seconds for at least want (a log may hold back a committed change's
// events for a while).
func subjectEvents(t *testing.T, l events.Log, c councilkit.Council, subject string, want int) []events.Record {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		rs, err := l.Subject(context.Background(), c, subject)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) >= want || time.Now().After(deadline) {
			return rs
		}
	}
}

// RunStoreTests is the conformance suite every counciltax.Store must
// pass. newStore returns an empty store for each subtest. The subtests are
// named as in paymentstest, planningtest and admissionstest.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) counciltax.Store) {
	ctx := context.Background()
	a, b := CouncilA, CouncilB
	sample := func(id string) *counciltax.BillRecord { return NewBill(a, id) }

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		r := sample("b1")
		if err := s.Create(ctx, a, r); err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 {
			t.Errorf("Version after Create = %d, want 1", r.Version)
		}
		got, err := s.Get(ctx, a, "b1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("Get = %+v\nwant %+v", got, r)
		}
		if got.Bill.Payable != payments.MustParseAmount("1,671.19") || len(got.Bill.Instalments) != 10 {
			t.Errorf("stored bill: payable %s, %d instalments; want £1,671.19 in 10", got.Bill.Payable, len(got.Bill.Instalments))
		}
		// The store keeps its own copy.
		got.Bill.Instalments[0].Amount = payments.Pence(1)
		got.Address.Lines[0] = "changed"
		r.Liable[0].FamilyName = "changed"
		again, _ := s.Get(ctx, a, "b1")
		if again.Bill.Instalments[0].Amount == payments.Pence(1) || again.Address.Lines[0] == "changed" || again.Liable[0].FamilyName == "changed" {
			t.Errorf("store shares memory with callers: %+v", again)
		}
		z := sample("b2")
		z.Council = councilkit.Council{}
		if err := s.Create(ctx, a, z); err != nil || z.Council != a {
			t.Errorf("Create with a zero Council: %v, Council %v", err, z.Council)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, a, sample("b1")); !errors.Is(err, counciltax.ErrDuplicate) {
			t.Errorf("second Create: %v, want ErrDuplicate", err)
		}
		if err := s.Create(ctx, b, NewBill(b, "b1")); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		var ve *councilkit.ValidationError
		if err := s.Create(ctx, a, sample("")); !errors.As(err, &ve) {
			t.Errorf("Create without an ID: %v, want a *councilkit.ValidationError", err)
		}
		noAccount := sample("b1")
		noAccount.Account = ""
		if err := s.Create(ctx, a, noAccount); !errors.As(err, &ve) || ve.Problems[0].Field != "account" {
			t.Errorf("Create without an account: %v", err)
		}
		if err := s.Create(ctx, a, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create of nil: %v", err)
		}
		// A bill that was never computed has no financial year.
		uncomputed := sample("b1")
		uncomputed.Bill = counciltax.Bill{}
		if err := s.Create(ctx, a, uncomputed); !errors.As(err, &ve) || ve.Problems[0].Field != "bill.year" {
			t.Errorf("Create of a bill without a year: %v", err)
		}
		if err := s.Update(ctx, a, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update of nil: %v", err)
		}
		undated := sample("b1")
		undated.IssuedAt = time.Time{}
		if err := s.Create(ctx, a, undated); !errors.Is(err, events.ErrInvalid) {
			t.Errorf("Create without IssuedAt: %v, want events.ErrInvalid", err)
		}
		if _, err := s.Get(ctx, a, "b1"); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("a refused Create stored the bill: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, a, "none"); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if err := s.Update(ctx, a, sample("none")); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, b, "b1"); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		r, _ := s.Get(ctx, a, "b1")
		if err := s.Update(ctx, b, r); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Update of a bill naming another council: %v", err)
		}
		r.Council = councilkit.Council{}
		if err := s.Update(ctx, b, r); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if err := s.Create(ctx, b, sample("b9")); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Create of a bill naming another council: %v", err)
		}
		if _, err := counciltax.Modify(ctx, s, b, "b1", func(*counciltax.BillRecord) error { return nil }); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Modify with another council: %v", err)
		}
		for _, f := range []counciltax.Filter{{}, {Account: "A-100200"}, {Year: 2025}} {
			if list, err := s.List(ctx, b, f); err != nil || len(list) != 0 {
				t.Errorf("List(%+v) with another council: %d, %v", f, len(list), err)
			}
		}
		if got, err := s.Get(ctx, a, "b1"); err != nil || got.Version != 1 {
			t.Errorf("bill lost or changed: %v, %+v", err, got)
		}
		if _, err := s.Get(ctx, a, "b9"); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("a refused Create stored the bill: %v", err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, zero, sample("b1")); !errors.Is(err, counciltax.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "b1"); !errors.Is(err, counciltax.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.List(ctx, zero, counciltax.Filter{}); !errors.Is(err, counciltax.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if err := s.Update(ctx, zero, sample("b1")); !errors.Is(err, counciltax.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if !errors.Is(counciltax.ErrNoCouncil, councilkit.ErrNoCouncil) || !errors.Is(counciltax.ErrNotFound, councilkit.ErrNotFound) ||
			!errors.Is(counciltax.ErrConflict, councilkit.ErrConflict) || !errors.Is(counciltax.ErrDuplicate, councilkit.ErrDuplicate) {
			t.Error("the store errors are not councilkit's")
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Get(ctx, a, "b1")
		second, _ := s.Get(ctx, a, "b1")
		Adjust(t, first, AdjustedAt)
		if err := s.Update(ctx, a, first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 {
			t.Errorf("Version after Update = %d, want 2", first.Version)
		}
		second.Address.Town = "Earl Shilton"
		if err := s.Update(ctx, a, second); !errors.Is(err, counciltax.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, a, "b1")
		if !reflect.DeepEqual(got, first) {
			t.Errorf("after updates: %+v, want %+v", got, first)
		}
	})

	// Update refuses what CheckUpdate refuses, and changes nothing.
	t.Run("UpdateRules", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		adjusted, err := counciltax.Modify(ctx, s, a, "b1", func(r *counciltax.BillRecord) error { Adjust(t, r, AdjustedAt); return nil })
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			change func(r *counciltax.BillRecord)
		}{
			{"account", func(r *counciltax.BillRecord) { r.Account = "A-999" }},
			{"issue time", func(r *counciltax.BillRecord) { r.IssuedAt = r.IssuedAt.Add(time.Hour) }},
			{"adjustment removed", func(r *counciltax.BillRecord) { r.Adjustments = nil }},
			{"adjustment changed", func(r *counciltax.BillRecord) { r.Adjustments[0].Reason = "other" }},
			{"payable changed without an adjustment", func(r *counciltax.BillRecord) { r.Bill.Payable = r.Bill.Payable.Add(payments.Pence(100)) }},
		}
		for _, tt := range tests {
			r, _ := s.Get(ctx, a, "b1")
			tt.change(r)
			var ve *councilkit.ValidationError
			if err := s.Update(ctx, a, r); !errors.As(err, &ve) {
				t.Errorf("%s: Update = %v, want a *councilkit.ValidationError", tt.name, err)
			}
			if r.Version != adjusted.Version {
				t.Errorf("%s: a refused Update changed the caller's Version", tt.name)
			}
		}
		if got, _ := s.Get(ctx, a, "b1"); !reflect.DeepEqual(got, adjusted) {
			t.Errorf("refused Updates changed the bill: %+v", got)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, a, counciltax.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("List: %d, %v", len(list), err)
		}
		list[0].Bill.Lines[0].Name = "changed"
		got, _ := s.Get(ctx, a, "b1")
		if err := s.Update(ctx, a, got); err != nil {
			t.Fatal(err)
		}
		got.Bill.Periods[0].Days = 1
		again, _ := s.Get(ctx, a, "b1")
		if again.Bill.Lines[0].Name == "changed" || again.Bill.Periods[0].Days == 1 {
			t.Errorf("store shares memory with callers of List or Update: %+v", again)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, a, "b1")
		fresh, _ := s.Get(ctx, a, "b1")
		if err := s.Update(ctx, a, fresh); err != nil {
			t.Fatal(err)
		}
		Adjust(t, stale, AdjustedAt)
		if err := s.Update(ctx, a, stale); !errors.Is(err, counciltax.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		if stale.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", stale.Version)
		}
		got, _ := s.Get(ctx, a, "b1")
		if got.Version != 2 || len(got.Adjustments) != 0 {
			t.Errorf("a failed Update changed the bill: %+v", got)
		}
		if err := s.Update(ctx, b, got); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if got.Version != 2 || got.Council != a {
			t.Errorf("a refused Update changed the caller's bill: version %d council %v", got.Version, got.Council)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for _, id := range []string{"c", "a", "b"} {
			if err := s.Create(ctx, a, sample(id)); err != nil {
				t.Fatal(err)
			}
		}
		early := sample("z-early")
		early.IssuedAt = IssuedAt.Add(-time.Hour)
		other := sample("other-account")
		other.Account = "A-555"
		other.IssuedAt = IssuedAt.Add(time.Hour)
		last := sample("0-next-year")
		last.Bill.Year = 2026
		last.IssuedAt = IssuedAt.AddDate(1, 0, 0)
		for _, r := range []*counciltax.BillRecord{early, other, last} {
			if err := s.Create(ctx, a, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Create(ctx, b, NewBill(b, "elsewhere")); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			f    counciltax.Filter
			want []string
		}{
			{counciltax.Filter{}, []string{"z-early", "a", "b", "c", "other-account", "0-next-year"}},
			{counciltax.Filter{Limit: 2}, []string{"z-early", "a"}},
			{counciltax.Filter{Year: 2025}, []string{"z-early", "a", "b", "c", "other-account"}},
			{counciltax.Filter{Year: 2026}, []string{"0-next-year"}},
			{counciltax.Filter{Account: "A-555"}, []string{"other-account"}},
			{counciltax.Filter{Account: "A-100200", Year: 2025, Limit: 3}, []string{"z-early", "a", "b"}},
			{counciltax.Filter{Account: "A-100200", Year: 2027}, nil},
		}
		for _, tt := range tests {
			list, err := s.List(ctx, a, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range list {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("List(%+v) = %v, want %v", tt.f, ids, tt.want)
			}
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("b1")); err != nil {
			t.Fatal(err)
		}
		// Every adjustment made through Modify survives: none is lost to
		// a racing writer, and each records its event.
		const n = 20
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, err := counciltax.Modify(ctx, s, a, "b1", func(r *counciltax.BillRecord) error {
					next := counciltax.Bill{Year: r.Bill.Year, Band: r.Bill.Band, Payable: r.Bill.Payable.Add(payments.Pence(100))}
					r.Adjust(&next, AdjustedAt.Add(time.Duration(i)*time.Minute), fmt.Sprintf("change_%d", i))
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, a, "b1")
		if err != nil {
			t.Fatal(err)
		}
		want := payments.MustParseAmount("1,671.19").Add(payments.Pence(100 * n))
		if len(got.Adjustments) != n || got.Version != n+1 || got.Bill.Payable != want {
			t.Errorf("after %d concurrent Modify calls: %d adjustments, version %d, payable %s; want %d, %d, %s",
				n, len(got.Adjustments), got.Version, got.Bill.Payable, n, n+1, want)
		}
		for i, adj := range got.Adjustments {
			if i > 0 && adj.PreviousPayable != got.Adjustments[i-1].Payable {
				t.Errorf("adjustment %d starts from %s, not the %s the one before left", i, adj.PreviousPayable, got.Adjustments[i-1].Payable)
			}
		}
		if rs := subjectEvents(t, eventLog(t, s), a, "b1", n+1); len(rs) != n+1 {
			t.Errorf("%d events after %d adjustments, want %d", len(rs), n, n+1)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, a, sample("b1")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, a, "b1"); !errors.Is(err, counciltax.ErrNotFound) {
			t.Errorf("cancelled Create saved the bill: %v", err)
		}
		if _, err := s.List(cctx, a, counciltax.Filter{}); !errors.Is(err, context.Canceled) {
			t.Errorf("List with a cancelled context: %v", err)
		}
	})

	t.Run("ConcurrentCreates", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				id := fmt.Sprintf("k%02d", i)
				if err := s.Create(ctx, a, sample(id)); err != nil {
					t.Error(err)
					return
				}
				r, err := s.Get(ctx, a, id)
				if err != nil {
					t.Error(err)
					return
				}
				r.Address.Town = "updated"
				if err := s.Update(ctx, a, r); err != nil {
					t.Error(err)
				}
				if _, err := s.List(ctx, a, counciltax.Filter{}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		list, _ := s.List(ctx, a, counciltax.Filter{})
		if len(list) != 16 {
			t.Errorf("%d bills after concurrent creates, want 16", len(list))
		}
		for _, r := range list {
			if r.Version != 2 || r.Address.Town != "updated" {
				t.Errorf("%s: version %d town %q", r.ID, r.Version, r.Address.Town)
			}
		}
	})

	runEventTests(t, newStore)
	runPersonalDataTests(t, newStore)
}

func runEventTests(t *testing.T, newStore func(t *testing.T) counciltax.Store) {
	a, b := CouncilA, CouncilB
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	billing := events.Actor{Kind: events.ActorSystem, ID: "annual-billing"}

	// Issuing records counciltax.bill.issued; an adjustment records
	// counciltax.bill.adjusted with the amounts before and after; other
	// changes record nothing. Each is for the bill's council, about the
	// bill, by the actor in the context, dated when it happened, and valid
	// against the published schemas.
	t.Run("Events", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		r := NewBill(a, "b1")
		if err := s.Create(events.WithActor(context.Background(), billing), a, r); err != nil {
			t.Fatal(err)
		}
		octx := events.WithActor(context.Background(), officer)
		if _, err := counciltax.Modify(octx, s, a, "b1", func(r *counciltax.BillRecord) error {
			r.Address.Town = "Burbage"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		adjusted, err := counciltax.Modify(octx, s, a, "b1", func(r *counciltax.BillRecord) error { Adjust(t, r, AdjustedAt); return nil })
		if err != nil {
			t.Fatal(err)
		}
		rs := subjectEvents(t, l, a, "b1", 2)
		if len(rs) != 2 {
			t.Fatalf("%d events about b1, want 2: %+v", len(rs), rs)
		}
		// Band D all year with the discount to 30 September and without
		// it from 1 October: 183 days at 75% and 182 at 100% of £2,228.25
		// (Local Government Finance Act 1992 s2, liability by the day) is
		// £2,228.25 × 319.25 / 365 = £1,948.9556, so £1,948.96.
		newPayable := adjusted.Bill.Payable
		if newPayable != payments.MustParseAmount("1,948.96") {
			t.Fatalf("adjusted payable %s, want £1,948.96", newPayable)
		}
		want := []struct {
			typ      events.Type
			actor    events.Actor
			at       time.Time
			payable  int64
			previous int64
			n        int
			firstDue calendar.Date
		}{
			{events.CouncilTaxBillIssued, billing, IssuedAt, 167119, 0, 10, calendar.MustParseDate("2025-04-01")},
			{events.CouncilTaxBillAdjusted, officer, AdjustedAt, newPayable.Pence(), 167119, len(adjusted.Bill.Instalments), adjusted.Bill.Instalments[0].Due},
		}
		for i, w := range want {
			e := rs[i].Event
			if e.Type != w.typ || e.Council != a || e.Subject != "b1" || e.Actor != w.actor || !e.Time.Equal(w.at) {
				t.Errorf("event %d: %s council %v subject %q actor %+v time %v; want %s %v b1 %+v %v",
					i, e.Type.Short(), e.Council, e.Subject, e.Actor, e.Time, w.typ.Short(), a, w.actor, w.at)
			}
			if err := eventstest.Validate(e); err != nil {
				t.Errorf("event %d is not valid against the published schemas: %v", i, err)
			}
			_, data, err := events.Decode(mustJSON(t, e))
			if err != nil {
				t.Fatal(err)
			}
			got := data.(*events.CouncilTaxBill)
			if got.Account != "A-100200" || got.Year != 2025 || got.Band != "D" || got.PayablePence != w.payable ||
				got.PreviousPayablePence != w.previous || got.Instalments != w.n || got.FirstDue != w.firstDue ||
				got.Issued != calendar.DateOf(w.at) {
				t.Errorf("event %d data = %+v", i, got)
			}
		}
		if rs, err := l.Subject(context.Background(), b, "b1"); err != nil || len(rs) != 0 {
			t.Errorf("another council's events: %d, %v", len(rs), err)
		}
	})

	// A failed Update or Create records nothing.
	t.Run("EventsFailedChange", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		ctx := events.WithActor(context.Background(), officer)
		if err := s.Create(ctx, a, NewBill(a, "b1")); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, a, "b1")
		fresh, _ := s.Get(ctx, a, "b1")
		if err := s.Update(ctx, a, fresh); err != nil {
			t.Fatal(err)
		}
		Adjust(t, stale, AdjustedAt)
		if err := s.Update(ctx, a, stale); !errors.Is(err, counciltax.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		other, _ := s.Get(ctx, a, "b1")
		Adjust(t, other, AdjustedAt)
		other.Council = councilkit.Council{}
		if err := s.Update(ctx, b, other); !errors.Is(err, counciltax.ErrNotFound) {
			t.Fatalf("Update with another council: %v", err)
		}
		if err := s.Create(ctx, a, NewBill(a, "b1")); !errors.Is(err, counciltax.ErrDuplicate) {
			t.Fatalf("duplicate Create: %v", err)
		}
		unrecorded, _ := s.Get(ctx, a, "b1")
		unrecorded.Bill.Payable = payments.Pence(1)
		if err := s.Update(ctx, a, unrecorded); !errors.Is(err, councilkit.ErrValidation) {
			t.Fatalf("Update of the amount without an adjustment: %v", err)
		}
		if _, err := counciltax.Modify(ctx, s, a, "b1", func(r *counciltax.BillRecord) error { Adjust(t, r, AdjustedAt.Add(time.Hour)); return nil }); err != nil {
			t.Fatal(err)
		}
		rs := subjectEvents(t, l, a, "b1", 2)
		if len(rs) != 2 || rs[0].Event.Type != events.CouncilTaxBillIssued || !rs[1].Event.Time.Equal(AdjustedAt.Add(time.Hour)) {
			t.Errorf("after failed changes and one adjustment: %d events %+v, want the issue and that adjustment", len(rs), rs)
		}
		if rs, _ := l.Subject(context.Background(), b, "b1"); len(rs) != 0 {
			t.Errorf("a refused Update recorded %d events for the other council", len(rs))
		}
	})
}

// runPersonalDataTests checks that the liable people's names and the
// address appear in no store error, no log line and no event.
func runPersonalDataTests(t *testing.T, newStore func(t *testing.T) counciltax.Store) {
	a, b := CouncilA, CouncilB
	ctx := context.Background()
	t.Run("PersonalDataNotInErrorsOrLogs", func(t *testing.T) {
		s := newStore(t)
		r := NewBill(a, "b1")
		var out bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&out, nil))
		check := func(what string, err error) {
			if err == nil {
				t.Errorf("%s: no error", what)
				return
			}
			log.Error("store call failed", "op", what, "err", err, "bill", r)
		}
		if err := s.Create(ctx, a, r); err != nil {
			t.Fatal(err)
		}
		check("duplicate Create", s.Create(ctx, a, NewBill(a, "b1")))
		stale := r.Clone()
		stale.Version = 99
		check("stale Update", s.Update(ctx, a, stale))
		check("Update with another council", s.Update(ctx, b, r.Clone()))
		check("Create for another council", s.Create(ctx, b, NewBill(a, "b2")))
		changed := r.Clone()
		changed.Account = "A-1"
		check("Update of the account", s.Update(ctx, a, changed))
		_, err := s.Get(ctx, b, "b1")
		check("Get with another council", err)
		log.Info("stored", "bill", r, "address", r.Address, "liable", r.Liable[0])
		text := out.String()
		if rs := subjectEvents(t, eventLog(t, s), a, "b1", 1); len(rs) == 1 {
			text += string(mustJSON(t, rs[0].Event))
		} else {
			t.Errorf("%d events, want 1", len(rs))
		}
		for _, secret := range []string{liableGiven, liableFamily, addressLine, postcode, "1971-05-04"} {
			if strings.Contains(strings.ToUpper(text), strings.ToUpper(secret)) {
				t.Errorf("personal data %q appears in an error, a log line or an event:\n%s", secret, text)
			}
		}
		if !strings.Contains(text, "A-100200") {
			t.Errorf("the log does not identify the account:\n%s", text)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
