package planningtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
	"github.com/lgds/councilkit/planning"
)

// eventLog returns the log s records its events in, failing t if s does
// not say.
func eventLog(t *testing.T, s planning.Store) events.Log {
	t.Helper()
	r, ok := s.(events.Recorder)
	if !ok || r.EventLog() == nil {
		t.Fatalf("%T does not record events: a Store must implement events.Recorder", s)
	}
	return r.EventLog()
}

// allEvents returns every event in l, checking that positions increase.
// A log may hold back the events of a committed change for a while (the
// PostgreSQL log holds back those of transactions younger than any still
// in flight on the server, so that a reader never skips one), so it waits
// up to 30 seconds for at least want events.
func allEvents(t *testing.T, l events.Log, want int) []events.Record {
	t.Helper()
	var rs []events.Record
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var err error
		rs, err = l.Since(context.Background(), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) >= want || time.Now().After(deadline) {
			break
		}
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Seq <= rs[i-1].Seq {
			t.Fatalf("Since returned position %d after %d", rs[i].Seq, rs[i-1].Seq)
		}
	}
	return rs
}

func types(rs []events.Record) []events.Type {
	out := make([]events.Type, len(rs))
	for i, r := range rs {
		out[i] = r.Event.Type
	}
	return out
}

func move(to planning.State, at time.Time, d planning.Decision) func(*planning.Application) error {
	return func(a *planning.Application) error {
		return a.Lifecycle.Move(planning.Transition{To: to, By: "officer-1", At: at, Decision: d})
	}
}

func runEventTests(t *testing.T, newStore func(t *testing.T) planning.Store, refFormat planning.ReferenceFormat) {
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-1"}
	ctx := events.WithActor(context.Background(), officer)
	day := func(d, h int) time.Time { return time.Date(2025, 6, d, h, 0, 0, 0, time.UTC) }

	// Every transition that has an event type records it, with the
	// change, for the application's council, about the application, by the
	// actor in the context, dated by the transition, and valid against the
	// published schemas.
	t.Run("Events", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		a := NewApplication(Lambeth, "a1")
		if err := move(planning.StateSubmitted, day(2, 9), 0)(a); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		steps := []func(*planning.Application) error{
			func(a *planning.Application) error {
				return a.MarkValid("officer-1", day(3, 10), calendar.MustDate(2025, 6, 2))
			},
			move(planning.StateConsultation, day(4, 10), 0),
			move(planning.StateAssessment, day(25, 10), 0), // no event type
			move(planning.StateAwaitingDetermination, day(26, 10), 0),
			move(planning.StateDetermined, day(27, 10), planning.DecisionRefused),
			move(planning.StateAppealLodged, day(30, 10), 0),
		}
		for _, step := range steps {
			if _, err := planning.Modify(ctx, s, Lambeth, "a1", step); err != nil {
				t.Fatal(err)
			}
		}
		// A change that is not a transition records nothing.
		if _, err := planning.Modify(ctx, s, Lambeth, "a1", func(a *planning.Application) error {
			a.Proposal.Description = "Rear dormer, amended"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rs, err := l.Subject(context.Background(), Lambeth, "a1")
		if err != nil {
			t.Fatal(err)
		}
		want := []events.Type{events.PlanningApplicationSubmitted, events.PlanningApplicationValidated,
			events.PlanningConsultationStarted, events.PlanningApplicationDetermined, events.PlanningApplicationAppealed}
		if got := types(rs); !slices.Equal(got, want) {
			t.Fatalf("events = %v, want %v", got, want)
		}
		for i, at := range []time.Time{day(2, 9), day(3, 10), day(4, 10), day(27, 10), day(30, 10)} {
			e := rs[i].Event
			if e.Council != Lambeth || e.Subject != "a1" || !e.Time.Equal(at) || e.Actor != officer {
				t.Errorf("%s: council %v subject %q time %v actor %+v", e.Type.Short(), e.Council, e.Subject, e.Time, e.Actor)
			}
			if err := eventstest.Validate(e); err != nil {
				t.Errorf("%s is not valid against the published schemas: %v", e.Type.Short(), err)
			}
		}
		appeal := decode(t, rs[4].Event)
		if appeal.State != "appeal_lodged" || appeal.Decision != "refused" || appeal.AppealGround != "refusal" ||
			appeal.Valid != calendar.MustDate(2025, 6, 2) || appeal.DeterminationDue.IsZero() ||
			appeal.Decided != calendar.MustDate(2025, 6, 27) || appeal.ApplicationType != "pp.full.householder" {
			t.Errorf("appeal data = %+v", appeal)
		}
		// A second application found invalid.
		b := NewApplication(Lambeth, "b1")
		_ = move(planning.StateSubmitted, day(2, 9), 0)(b)
		if err := s.Create(ctx, Lambeth, b); err != nil {
			t.Fatal(err)
		}
		if _, err := planning.Modify(ctx, s, Lambeth, "b1", move(planning.StateInvalid, day(3, 9), 0)); err != nil {
			t.Fatal(err)
		}
		bs, _ := l.Subject(context.Background(), Lambeth, "b1")
		if got := types(bs); !slices.Equal(got, []events.Type{events.PlanningApplicationSubmitted, events.PlanningApplicationInvalid}) {
			t.Errorf("events of the invalid application = %v", got)
		}
		if all := allEvents(t, l, 7); len(all) != 7 {
			t.Errorf("the log holds %d events, want 7: %v", len(all), types(all))
		}
	})

	// A change the store refuses records no event.
	t.Run("EventsFailedChangeRecordsNothing", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		a := NewApplication(Lambeth, "a1")
		a.Reference, _ = refFormat.Format(2025, 1, a.Type)
		_ = move(planning.StateSubmitted, day(2, 9), 0)(a)
		if err := s.Create(ctx, Lambeth, a); err != nil {
			t.Fatal(err)
		}
		dupID := NewApplication(Lambeth, "a1")
		dupRef := NewApplication(Lambeth, "b1")
		dupRef.Reference = a.Reference
		noID := NewApplication(Lambeth, "")
		other := NewApplication(Camden, "c1")
		for name, b := range map[string]*planning.Application{"duplicate ID": dupID, "duplicate reference": dupRef, "no ID": noID, "other council's": other} {
			_ = move(planning.StateSubmitted, day(2, 9), 0)(b)
			if err := s.Create(ctx, Lambeth, b); err == nil {
				t.Errorf("Create of an application with a %s succeeded", name)
			}
		}
		stale, _ := s.Get(ctx, Lambeth, "a1")
		if _, err := planning.Modify(ctx, s, Lambeth, "a1", move(planning.StateInvalid, day(3, 9), 0)); err != nil {
			t.Fatal(err)
		}
		_ = move(planning.StateReturned, day(3, 9), 0)(stale)
		if err := s.Update(ctx, Lambeth, stale); !errors.Is(err, planning.ErrConflict) {
			t.Errorf("stale Update: %v", err)
		}
		c := NewApplication(Lambeth, "c1")
		c.Reference, _ = refFormat.Format(2025, 2, c.Type)
		if err := s.Create(ctx, Lambeth, c); err != nil {
			t.Fatal(err)
		}
		cur, _ := s.Get(ctx, Lambeth, "c1")
		cur.Reference = a.Reference // taken
		_ = move(planning.StateSubmitted, day(4, 9), 0)(cur)
		if err := s.Update(ctx, Lambeth, cur); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("Update to a taken reference: %v", err)
		}
		boom := errors.New("boom")
		if _, err := planning.Modify(ctx, s, Lambeth, "c1", func(a *planning.Application) error {
			_ = move(planning.StateSubmitted, day(4, 9), 0)(a)
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify: %v", err)
		}
		if got := allEvents(t, l, 2); len(got) != 2 {
			t.Errorf("the log holds %d events after refused changes, want 2: %v", len(got), types(got))
		}
		for id, want := range map[string]int{"a1": 2, "b1": 0, "c1": 0} {
			if rs, _ := l.Subject(ctx, Lambeth, id); len(rs) != want {
				t.Errorf("%s has events %v after refused changes, want %d", id, types(rs), want)
			}
		}
		if rs, _ := l.Subject(ctx, Camden, "c1"); len(rs) != 0 {
			t.Errorf("a refused Create recorded %v", types(rs))
		}
	})

	// One council's events never appear under another's, even for an
	// application with the same ID.
	t.Run("EventsCouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		for _, c := range []*planning.Application{NewApplication(Lambeth, "a1"), NewApplication(Camden, "a1")} {
			_ = move(planning.StateSubmitted, day(2, 9), 0)(c)
			if err := s.Create(ctx, c.Council, c); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := planning.Modify(ctx, s, Camden, "a1", move(planning.StateInvalid, day(3, 9), 0)); err != nil {
			t.Fatal(err)
		}
		for c, n := range map[*planning.Application]int{NewApplication(Lambeth, "a1"): 1, NewApplication(Camden, "a1"): 2} {
			rs, err := l.Subject(context.Background(), c.Council, "a1")
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != n {
				t.Errorf("%v's events = %v, want %d", c.Council, types(rs), n)
			}
			for _, r := range rs {
				if r.Event.Council != c.Council {
					t.Errorf("Subject(%v) returned an event of %v", c.Council, r.Event.Council)
				}
			}
		}
	})

	// Concurrent writers: every change's events are recorded exactly
	// once, and each application's in order.
	t.Run("ConcurrentEvents", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		const n = 16
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a := NewApplication(Lambeth, fmt.Sprintf("app-%d", i))
				_ = move(planning.StateSubmitted, day(2, 9), 0)(a)
				if err := s.Create(ctx, Lambeth, a); err != nil {
					t.Error(err)
					return
				}
				if _, err := planning.Modify(ctx, s, Lambeth, a.ID, move(planning.StateInvalid, day(3, 9), 0)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if all := allEvents(t, l, 2*n); len(all) != 2*n {
			t.Errorf("%d events recorded, want %d", len(all), 2*n)
		}
		for i := range n {
			rs, _ := l.Subject(context.Background(), Lambeth, fmt.Sprintf("app-%d", i))
			if got := types(rs); !slices.Equal(got, []events.Type{events.PlanningApplicationSubmitted, events.PlanningApplicationInvalid}) {
				t.Errorf("app-%d: events %v", i, got)
			}
		}
	})
}

func decode(t *testing.T, e events.Event) *events.PlanningApplication {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	_, data, err := events.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return data.(*events.PlanningApplication)
}
