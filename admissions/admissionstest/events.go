package admissionstest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
)

// eventLog returns the log s records its events in, failing t if s does
// not say.
func eventLog(t *testing.T, s admissions.Store) events.Log {
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

func runEventTests(t *testing.T, newStore func(t *testing.T) admissions.Store) {
	resident := events.Actor{Kind: events.ActorResident}
	ctx := events.WithActor(context.Background(), resident)
	submitted := []events.Type{events.SchoolApplicationSubmitted}

	// An application records its submission when it is first stored with
	// a Received date, dated that day, for its council, about it, by the
	// actor in the context, valid against the published schemas and
	// without the child's or parent's personal data.
	t.Run("Events", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		a := NewApplication(Durham, "a1")
		if err := s.Create(ctx, Durham, a); err != nil {
			t.Fatal(err)
		}
		// Later changes record nothing.
		if _, err := admissions.Modify(ctx, s, Durham, "a1", func(a *admissions.Application) error {
			a.Preferences = append(a.Preferences, 100004)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rs, err := l.Subject(context.Background(), Durham, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if got := types(rs); !slices.Equal(got, submitted) {
			t.Fatalf("events = %v, want %v", got, submitted)
		}
		e := rs[0].Event
		wantAt := calendar.MustParseDate("2026-10-01").Time(calendar.London())
		if e.Council != Durham || e.Subject != "a1" || !e.Time.Equal(wantAt) || e.Actor != resident {
			t.Errorf("event: council %v subject %q time %v actor %+v", e.Council, e.Subject, e.Time, e.Actor)
		}
		if err := eventstest.Validate(e); err != nil {
			t.Errorf("not valid against the published schemas: %v", err)
		}
		b, _ := json.Marshal(e)
		for _, personal := range []string{"Ada", "Lovelace", "High Street", "2016-01-10", "427500", "christian", "doc-1"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("the event carries personal data (%q): %s", personal, b)
			}
		}
		_, data, err := events.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if d := data.(*events.SchoolApplication); d.ApplicationID != "a1" || d.SchoolYear != 2027 || d.EntryYear != admissions.Year7.String() ||
			!slices.Equal(d.Preferences, []string{"100001", "100002", "100003"}) || d.Received != calendar.MustParseDate("2026-10-01") {
			t.Errorf("data = %+v", d)
		}
		// A draft stored without a Received date records its submission
		// when it is given one.
		draft := NewApplication(Durham, "d1")
		draft.Received = calendar.Date{}
		if err := s.Create(ctx, Durham, draft); err != nil {
			t.Fatal(err)
		}
		if rs, _ := l.Subject(context.Background(), Durham, "d1"); len(rs) != 0 {
			t.Errorf("a draft recorded %v", types(rs))
		}
		if _, err := admissions.Modify(ctx, s, Durham, "d1", func(a *admissions.Application) error {
			a.Received = calendar.MustParseDate("2026-10-02")
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if rs, _ := l.Subject(context.Background(), Durham, "d1"); !slices.Equal(types(rs), submitted) {
			t.Errorf("the draft given its date recorded %v", types(rs))
		}
		if all := allEvents(t, l, 2); len(all) != 2 {
			t.Errorf("the log holds %d events, want 2", len(all))
		}
	})

	// A change the store refuses records no event.
	t.Run("EventsFailedChangeRecordsNothing", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		if err := s.Create(ctx, Durham, NewApplication(Durham, "a1")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, Durham, NewApplication(Durham, "a1")); !errors.Is(err, admissions.ErrDuplicate) {
			t.Errorf("duplicate Create: %v", err)
		}
		if err := s.Create(ctx, Durham, NewApplication(Durham, "")); err == nil {
			t.Error("Create without an ID succeeded")
		}
		draft := NewApplication(Durham, "d1")
		draft.Received = calendar.Date{}
		if err := s.Create(ctx, Durham, draft); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.Get(ctx, Durham, "d1")
		if _, err := admissions.Modify(ctx, s, Durham, "d1", func(a *admissions.Application) error { a.Faith = ""; return nil }); err != nil {
			t.Fatal(err)
		}
		stale.Received = calendar.MustParseDate("2026-10-02")
		if err := s.Update(ctx, Durham, stale); !errors.Is(err, admissions.ErrConflict) {
			t.Errorf("stale Update: %v", err)
		}
		boom := errors.New("boom")
		if _, err := admissions.Modify(ctx, s, Durham, "d1", func(a *admissions.Application) error {
			a.Received = calendar.MustParseDate("2026-10-02")
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify: %v", err)
		}
		if got := allEvents(t, l, 1); len(got) != 1 {
			t.Errorf("the log holds %d events after refused changes, want 1: %v", len(got), types(got))
		}
		for id, want := range map[string]int{"a1": 1, "d1": 0} {
			if rs, _ := l.Subject(ctx, Durham, id); len(rs) != want {
				t.Errorf("%s has events %v after refused changes, want %d", id, types(rs), want)
			}
		}
	})

	// One council's events never appear under another's, even for an
	// application with the same ID.
	t.Run("EventsCouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		if err := s.Create(ctx, Durham, NewApplication(Durham, "a1")); err != nil {
			t.Fatal(err)
		}
		if rs, err := l.Subject(context.Background(), Cardiff, "a1"); err != nil || len(rs) != 0 {
			t.Errorf("Cardiff sees %d of Durham's events (%v)", len(rs), err)
		}
		other := NewApplication(Cardiff, "a1")
		other.Received = calendar.MustParseDate("2026-11-05")
		if err := s.Create(ctx, Cardiff, other); err != nil {
			t.Fatal(err)
		}
		for c, received := range map[councilkit.Council]string{Durham: "2026-10-01", Cardiff: "2026-11-05"} {
			rs, err := l.Subject(context.Background(), c, "a1")
			if err != nil || len(rs) != 1 || rs[0].Event.Council != c || !strings.Contains(string(rs[0].Event.Data), received) {
				t.Errorf("Subject(%v) = %v, %v", c, rs, err)
			}
		}
	})

	// Concurrent writers: every application's submission is recorded
	// exactly once.
	t.Run("ConcurrentEvents", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		const n = 16
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a := NewApplication(Durham, fmt.Sprintf("app-%d", i))
				a.Received = calendar.Date{}
				if err := s.Create(ctx, Durham, a); err != nil {
					t.Error(err)
					return
				}
				// Two writers race to give the draft its date: one
				// wins, and one event is recorded.
				var inner sync.WaitGroup
				for range 2 {
					inner.Go(func() {
						cur, err := s.Get(ctx, Durham, a.ID)
						if err != nil {
							t.Error(err)
							return
						}
						cur.Received = calendar.MustParseDate("2026-10-01").AddDays(i)
						if err := s.Update(ctx, Durham, cur); err != nil && !errors.Is(err, admissions.ErrConflict) {
							t.Error(err)
						}
					})
				}
				inner.Wait()
			})
		}
		wg.Wait()
		if all := allEvents(t, l, n); len(all) != n {
			t.Errorf("%d events recorded, want %d", len(all), n)
		}
		for i := range n {
			rs, _ := l.Subject(context.Background(), Durham, fmt.Sprintf("app-%d", i))
			if !slices.Equal(types(rs), submitted) {
				t.Errorf("app-%d: events %v", i, types(rs))
			}
		}
	})
}
