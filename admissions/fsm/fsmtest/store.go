package fsmtest

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
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
	"github.com/lgds/councilkit/identity"
)

// DecidedAt is when the store suite's decisions are made: 10:00 UK time
// (09:00 UTC) on Today.
var DecidedAt = time.Date(2025, time.October, 1, 9, 0, 0, 0, time.UTC)

// The personal data in NewRecord's application, which the suite looks for
// in errors, logs and events.
const (
	recordGiven  = "Persephone"
	recordFamily = "Quennell-Abernathy"
	recordNINO   = "AB123456C"
	recordChild  = "Ximena"
	recordDOB    = "1984-07-19"
	childDOB     = "2015-03-02"
)

// NewRecord returns an undecided free school meals record for council c
// with the given ID, received on Today: a parent identified by National
// Insurance number who receives income support (so a decision finds the
// child eligible on that basis, Education Act 1996 s512ZB(4)(a)), and a
// child in year 5.
func NewRecord(c councilkit.Council, id string) *fsm.Record {
	r := &fsm.Record{ID: id, Council: c, Received: Today}
	p := &r.Application.Parent
	p.Person.GivenNames, p.Person.FamilyName = recordGiven, recordFamily
	p.Person.DateOfBirth = calendar.MustParseDate(recordDOB)
	p.NINO = identity.MustParseNINO(recordNINO)
	ch := &r.Application.Child
	ch.Person.GivenNames, ch.Person.FamilyName = recordChild, recordFamily
	ch.Person.DateOfBirth = calendar.MustParseDate(childDOB)
	r.Application.Circumstances.Benefits = []fsm.Benefit{fsm.BenefitIncomeSupport}
	return r
}

// decide makes the decision on r as at DecidedAt plus d.
func decide(t *testing.T, r *fsm.Record, d time.Duration) {
	t.Helper()
	if err := r.Decide(councilkit.NewFixedClock(DecidedAt.Add(d))); err != nil {
		t.Fatal(err)
	}
}

// recorder is implemented by stores that record events (events.Recorder
// where the events package declares it).
type recorder interface{ EventLog() events.Log }

func eventLog(t *testing.T, s fsm.Store) events.Log {
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

// RunStoreTests is the conformance suite every fsm.Store must pass.
// newStore returns an empty store for each subtest. The subtests are named
// as in paymentstest, planningtest and admissionstest.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) fsm.Store) {
	ctx := context.Background()
	a, b := CouncilA, CouncilB
	sample := func(id string) *fsm.Record { return NewRecord(a, id) }

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		r := sample("r1")
		decide(t, r, 0)
		if err := s.Create(ctx, a, r); err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 {
			t.Errorf("Version after Create = %d, want 1", r.Version)
		}
		got, err := s.Get(ctx, a, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("Get = %+v\nwant %+v", got, r)
		}
		// The store keeps its own copy.
		got.Application.Circumstances.Benefits[0] = fsm.BenefitAsylumSupport
		got.Decision.Reasons[0].Facts[0].Value = "changed"
		r.Decision.Bases[0] = fsm.BasisUniversalInfant
		again, _ := s.Get(ctx, a, "r1")
		if again.Application.Circumstances.Benefits[0] != fsm.BenefitIncomeSupport ||
			again.Decision.Reasons[0].Facts[0].Value == "changed" || again.Decision.Bases[0] != fsm.BasisIncomeSupport {
			t.Errorf("store shares memory with callers: %+v", again)
		}
		// A zero Council is taken to be the call's.
		z := sample("r2")
		z.Council = councilkit.Council{}
		if err := s.Create(ctx, a, z); err != nil || z.Council != a {
			t.Errorf("Create with a zero Council: %v, Council %v", err, z.Council)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, a, sample("r1")); !errors.Is(err, fsm.ErrDuplicate) {
			t.Errorf("second Create: %v, want ErrDuplicate", err)
		}
		// Another council may use the same reference.
		if err := s.Create(ctx, b, NewRecord(b, "r1")); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		var ve *councilkit.ValidationError
		if err := s.Create(ctx, a, sample("")); !errors.As(err, &ve) {
			t.Errorf("Create without an ID: %v, want a *councilkit.ValidationError", err)
		}
		if err := s.Create(ctx, a, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create of nil: %v", err)
		}
		if err := s.Update(ctx, a, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update of nil: %v", err)
		}
		// A decision without the time it was made cannot be recorded.
		r := sample("r1")
		decide(t, r, 0)
		r.DecidedAt = time.Time{}
		if err := s.Create(ctx, a, r); !errors.Is(err, events.ErrInvalid) {
			t.Errorf("Create of a decision without DecidedAt: %v, want events.ErrInvalid", err)
		}
		if _, err := s.Get(ctx, a, "r1"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("a refused Create stored the record: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, a, "none"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if err := s.Update(ctx, a, sample("none")); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
		if err := s.Delete(ctx, a, "none"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Delete: %v", err)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, b, "r1"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		r, _ := s.Get(ctx, a, "r1")
		if err := s.Update(ctx, b, r); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Update of a record naming another council: %v", err)
		}
		r.Council = councilkit.Council{}
		if err := s.Update(ctx, b, r); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if err := s.Create(ctx, b, sample("r9")); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Create of a record naming another council: %v", err)
		}
		if err := s.Delete(ctx, b, "r1"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Delete with another council: %v", err)
		}
		if _, err := fsm.Modify(ctx, s, b, "r1", func(*fsm.Record) error { return nil }); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Modify with another council: %v", err)
		}
		list, err := s.List(ctx, b, fsm.Filter{})
		if err != nil || len(list) != 0 {
			t.Errorf("List with another council: %d, %v", len(list), err)
		}
		got, err := s.Get(ctx, a, "r1")
		if err != nil || got.Version != 1 {
			t.Errorf("record lost or changed: %v, %+v", err, got)
		}
		if _, err := s.Get(ctx, a, "r9"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("a refused Create stored the record: %v", err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, zero, sample("r1")); !errors.Is(err, fsm.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "r1"); !errors.Is(err, fsm.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.List(ctx, zero, fsm.Filter{}); !errors.Is(err, fsm.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if err := s.Update(ctx, zero, sample("r1")); !errors.Is(err, fsm.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if err := s.Delete(ctx, zero, "r1"); !errors.Is(err, fsm.ErrNoCouncil) {
			t.Errorf("Delete: %v", err)
		}
		if !errors.Is(fsm.ErrNoCouncil, councilkit.ErrNoCouncil) || !errors.Is(fsm.ErrNotFound, councilkit.ErrNotFound) ||
			!errors.Is(fsm.ErrConflict, councilkit.ErrConflict) || !errors.Is(fsm.ErrDuplicate, councilkit.ErrDuplicate) {
			t.Error("the store errors are not councilkit's")
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Get(ctx, a, "r1")
		second, _ := s.Get(ctx, a, "r1")
		decide(t, first, 0)
		if err := s.Update(ctx, a, first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 {
			t.Errorf("Version after Update = %d, want 2", first.Version)
		}
		second.Received = calendar.Date{}
		if err := s.Update(ctx, a, second); !errors.Is(err, fsm.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, a, "r1")
		if !reflect.DeepEqual(got, first) {
			t.Errorf("after updates: %+v, want %+v", got, first)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, a, fsm.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("List: %d, %v", len(list), err)
		}
		list[0].Application.Circumstances.Benefits[0] = fsm.BenefitAsylumSupport
		got, _ := s.Get(ctx, a, "r1")
		if err := s.Update(ctx, a, got); err != nil {
			t.Fatal(err)
		}
		got.Application.Circumstances.Benefits[0] = fsm.BenefitPensionCreditGuarantee
		again, _ := s.Get(ctx, a, "r1")
		if again.Application.Circumstances.Benefits[0] != fsm.BenefitIncomeSupport {
			t.Errorf("store shares memory with callers of List or Update: %+v", again)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, a, "r1")
		fresh, _ := s.Get(ctx, a, "r1")
		if err := s.Update(ctx, a, fresh); err != nil {
			t.Fatal(err)
		}
		decide(t, stale, 0)
		if err := s.Update(ctx, a, stale); !errors.Is(err, fsm.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		if stale.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", stale.Version)
		}
		got, _ := s.Get(ctx, a, "r1")
		if got.Version != 2 || got.Decision != nil {
			t.Errorf("a failed Update changed the record: %+v", got)
		}
		if err := s.Update(ctx, b, got); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if got.Version != 2 || got.Council != a {
			t.Errorf("a refused Update changed the caller's record: version %d council %v", got.Version, got.Council)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		s := newStore(t)
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, a, "r1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, a, "r1"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for _, id := range []string{"c", "a", "b"} {
			if err := s.Create(ctx, a, sample(id)); err != nil {
				t.Fatal(err)
			}
		}
		// Decided today: eligible on income support, reviewed three
		// months on (the rules before 1 September 2026).
		d := sample("d")
		decide(t, d, 0)
		if err := s.Create(ctx, a, d); err != nil {
			t.Fatal(err)
		}
		early := sample("z-early")
		early.Received = Today.AddDays(-30)
		undated := sample("zz-undated")
		undated.Received = calendar.Date{}
		for _, r := range []*fsm.Record{early, undated} {
			if err := s.Create(ctx, a, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Create(ctx, b, NewRecord(b, "other")); err != nil {
			t.Fatal(err)
		}
		review := d.Decision.ReviewOn
		if review.IsZero() {
			t.Fatal("the decision has no review date")
		}
		tests := []struct {
			f    fsm.Filter
			want []string
		}{
			{fsm.Filter{}, []string{"zz-undated", "z-early", "a", "b", "c", "d"}},
			{fsm.Filter{Limit: 2}, []string{"zz-undated", "z-early"}},
			{fsm.Filter{Undecided: true}, []string{"zz-undated", "z-early", "a", "b", "c"}},
			{fsm.Filter{Undecided: true, Limit: 100}, []string{"zz-undated", "z-early", "a", "b", "c"}},
			{fsm.Filter{ReviewBy: review}, []string{"d"}},
			{fsm.Filter{ReviewBy: review.AddDays(-1)}, nil},
			{fsm.Filter{ReviewBy: review, Undecided: true}, nil},
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
		if err := s.Create(ctx, a, sample("r1")); err != nil {
			t.Fatal(err)
		}
		// Every change made through Modify survives: none is lost to a
		// racing writer.
		const n = 20
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_, err := fsm.Modify(ctx, s, a, "r1", func(r *fsm.Record) error {
					r.Application.Child.YearOffset++
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, a, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Application.Child.YearOffset != n || got.Version != n+1 {
			t.Errorf("after %d concurrent Modify calls: %d changes, version %d; want %d and %d", n, got.Application.Child.YearOffset, got.Version, n, n+1)
		}
		boom := errors.New("boom")
		if _, err := fsm.Modify(ctx, s, a, "r1", func(r *fsm.Record) error {
			r.Received = calendar.Date{}
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify with a failing fn: %v", err)
		}
		if again, _ := s.Get(ctx, a, "r1"); again.Received != Today || again.Version != got.Version {
			t.Errorf("a failed Modify changed the record: %+v", again)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, a, sample("r1")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, a, "r1"); !errors.Is(err, fsm.ErrNotFound) {
			t.Errorf("cancelled Create saved the record: %v", err)
		}
		if _, err := s.List(cctx, a, fsm.Filter{}); !errors.Is(err, context.Canceled) {
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
				if err := r.Decide(councilkit.NewFixedClock(DecidedAt)); err != nil {
					t.Error(err)
					return
				}
				if err := s.Update(ctx, a, r); err != nil {
					t.Error(err)
				}
				if _, err := s.List(ctx, a, fsm.Filter{}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		list, _ := s.List(ctx, a, fsm.Filter{})
		if len(list) != 16 {
			t.Errorf("%d records after concurrent creates, want 16", len(list))
		}
		for _, r := range list {
			if r.Version != 2 || r.Decision == nil {
				t.Errorf("%s: version %d decision %v", r.ID, r.Version, r.Decision)
			}
		}
		l := eventLog(t, s)
		for _, r := range list {
			if rs := subjectEvents(t, l, a, r.ID, 1); len(rs) != 1 {
				t.Errorf("%s: %d events, want 1", r.ID, len(rs))
			}
		}
	})

	runEventTests(t, newStore)
	runPersonalDataTests(t, newStore)
}

func runEventTests(t *testing.T, newStore func(t *testing.T) fsm.Store) {
	a, b := CouncilA, CouncilB
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	checker := events.Actor{Kind: events.ActorProvider, ID: "dfe-ecs"}
	ctx := events.WithActor(context.Background(), officer)

	// A decision made records fsm.decision.made, for the record's
	// council, about the record, by the actor in the context, dated when
	// it was made, valid against the published schemas; a change that is
	// not a decision records nothing, and a decision changed records
	// another.
	t.Run("Events", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		r := NewRecord(a, "r1")
		if err := s.Create(ctx, a, r); err != nil {
			t.Fatal(err)
		}
		// An application received without a decision: no event.
		if _, err := fsm.Modify(ctx, s, a, "r1", func(r *fsm.Record) error {
			r.Application.Child.YearOffset = 1
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		cctx := events.WithActor(context.Background(), checker)
		if _, err := fsm.Modify(cctx, s, a, "r1", func(r *fsm.Record) error { decide(t, r, 0); return nil }); err != nil {
			t.Fatal(err)
		}
		// The same decision made again an hour later says nothing new.
		if _, err := fsm.Modify(cctx, s, a, "r1", func(r *fsm.Record) error { decide(t, r, time.Hour); return nil }); err != nil {
			t.Fatal(err)
		}
		// The parent stops receiving income support: a new decision, not
		// eligible, recorded by the officer.
		if _, err := fsm.Modify(ctx, s, a, "r1", func(r *fsm.Record) error {
			r.Application.Circumstances.Benefits = nil
			decide(t, r, 2*time.Hour)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// A record created with its decision records it at once.
		d := NewRecord(a, "r2")
		decide(t, d, 3*time.Hour)
		if err := s.Create(ctx, a, d); err != nil {
			t.Fatal(err)
		}

		rs := subjectEvents(t, l, a, "r1", 2)
		if len(rs) != 2 {
			t.Fatalf("%d events about r1, want 2: %+v", len(rs), rs)
		}
		want := []struct {
			actor    events.Actor
			at       time.Time
			eligible bool
			basis    string
			review   calendar.Date
		}{
			{checker, DecidedAt, true, "income_support", calendar.MustParseDate("2026-01-01")},
			{officer, DecidedAt.Add(2 * time.Hour), false, "none", calendar.Date{}},
		}
		for i, w := range want {
			e := rs[i].Event
			if e.Type != events.FreeSchoolMealsDecided || e.Council != a || e.Subject != "r1" || e.Actor != w.actor || !e.Time.Equal(w.at) {
				t.Errorf("event %d: %s council %v subject %q actor %+v time %v; want %s %v r1 %+v %v",
					i, e.Type.Short(), e.Council, e.Subject, e.Actor, e.Time, events.FreeSchoolMealsDecided.Short(), a, w.actor, w.at)
			}
			if err := eventstest.Validate(e); err != nil {
				t.Errorf("event %d is not valid against the published schemas: %v", i, err)
			}
			_, data, err := events.Decode(mustJSON(t, e))
			if err != nil {
				t.Fatal(err)
			}
			got := data.(*events.FreeSchoolMealsDecision)
			if got.ApplicationID != "r1" || got.Eligible != w.eligible || got.Basis != w.basis ||
				got.RuleSet == "" || got.Decided != Today || got.ReviewOn != w.review {
				t.Errorf("event %d data = %+v", i, got)
			}
		}
		if rs := subjectEvents(t, l, a, "r2", 1); len(rs) != 1 || rs[0].Event.Type != events.FreeSchoolMealsDecided {
			t.Errorf("events of a record created decided: %+v", rs)
		}
		if rs, err := l.Subject(context.Background(), b, "r1"); err != nil || len(rs) != 0 {
			t.Errorf("another council's events: %d, %v", len(rs), err)
		}
	})

	// A failed Update, Create or Modify records nothing.
	t.Run("EventsFailedChange", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		if err := s.Create(ctx, a, NewRecord(a, "r1")); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, a, "r1")
		fresh, _ := s.Get(ctx, a, "r1")
		if err := s.Update(ctx, a, fresh); err != nil {
			t.Fatal(err)
		}
		decide(t, stale, 0)
		if err := s.Update(ctx, a, stale); !errors.Is(err, fsm.ErrConflict) {
			t.Fatalf("stale Update: %v", err)
		}
		other, _ := s.Get(ctx, a, "r1")
		decide(t, other, 0)
		other.Council = councilkit.Council{}
		if err := s.Update(ctx, b, other); !errors.Is(err, fsm.ErrNotFound) {
			t.Fatalf("Update with another council: %v", err)
		}
		dup := NewRecord(a, "r1")
		decide(t, dup, 0)
		if err := s.Create(ctx, a, dup); !errors.Is(err, fsm.ErrDuplicate) {
			t.Fatalf("duplicate Create: %v", err)
		}
		// Then one that succeeds, so that a log that holds events back
		// has shown everything before it.
		if _, err := fsm.Modify(ctx, s, a, "r1", func(r *fsm.Record) error { decide(t, r, time.Hour); return nil }); err != nil {
			t.Fatal(err)
		}
		rs := subjectEvents(t, l, a, "r1", 1)
		if len(rs) != 1 || !rs[0].Event.Time.Equal(DecidedAt.Add(time.Hour)) {
			t.Errorf("after failed changes and one decision: %d events %+v, want the decision's only", len(rs), rs)
		}
		if rs, _ := l.Subject(context.Background(), b, "r1"); len(rs) != 0 {
			t.Errorf("a refused Update recorded %d events for the other council", len(rs))
		}
	})
}

// runPersonalDataTests checks that the application's personal data
// appears in no store error, no log line and no event.
func runPersonalDataTests(t *testing.T, newStore func(t *testing.T) fsm.Store) {
	a, b := CouncilA, CouncilB
	ctx := context.Background()
	t.Run("PersonalDataNotInErrorsOrLogs", func(t *testing.T) {
		s := newStore(t)
		r := NewRecord(a, "r1")
		decide(t, r, 0)
		var out bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&out, nil))
		check := func(what string, err error) {
			if err == nil {
				t.Errorf("%s: no error", what)
				return
			}
			log.Error("store call failed", "op", what, "err", err, "record", r)
		}
		if err := s.Create(ctx, a, r); err != nil {
			t.Fatal(err)
		}
		check("duplicate Create", s.Create(ctx, a, NewRecord(a, "r1")))
		stale := r.Clone()
		stale.Version = 99
		check("stale Update", s.Update(ctx, a, stale))
		check("Update with another council", s.Update(ctx, b, r.Clone()))
		check("Create for another council", s.Create(ctx, b, NewRecord(a, "r2")))
		_, err := s.Get(ctx, b, "r1")
		check("Get with another council", err)
		log.Info("stored", "record", r, "application", r.Application, "parent", r.Application.Parent,
			"child", r.Application.Child, "check", r.Application.Parent.CheckRequest())
		text := out.String()
		if rs := subjectEvents(t, eventLog(t, s), a, "r1", 1); len(rs) == 1 {
			text += string(mustJSON(t, rs[0].Event))
		} else {
			t.Errorf("%d events, want 1", len(rs))
		}
		for _, secret := range personalData() {
			if strings.Contains(strings.ToUpper(text), strings.ToUpper(secret)) {
				t.Errorf("personal data %q appears in an error, a log line or an event:\n%s", secret, text)
			}
		}
		if !strings.Contains(text, "r1") {
			t.Errorf("the log does not identify the record:\n%s", text)
		}
	})
}

// personalData is what NewRecord's application holds that must never be
// logged: names, dates of birth (in the forms they are written) and the
// National Insurance number with and without spaces.
func personalData() []string {
	return []string{recordGiven, recordFamily, recordChild, recordNINO, "AB 12 34 56 C", recordDOB, childDOB, "19/07/1984", "19 July 1984"}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
