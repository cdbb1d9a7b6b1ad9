package admissionstest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Times of the round NewRoundRecord builds: the allocation is run in
// January 2027, national offer day for secondary entry in 2027 is Monday
// 1 March 2027 (SI 2012/8, regulation 30), and the last day to accept is
// 15 March (two weeks after the offer: SI 2012/8, Schedule 2, paragraph
// 1(f)).
var (
	RoundRunAt  = time.Date(2027, time.January, 15, 10, 0, 0, 0, calendar.London())
	RoundOffers = time.Date(2027, time.March, 1, 7, 0, 0, 0, calendar.London())
)

// RoundScheme returns a small secondary round for council c: three
// schools (100001 and 100002 with one place each, 100003 with two) ranked
// by the random draw, and four children k1 to k4 who all name them in that
// order. Every school is full and 100001 and 100002 have waiting lists.
func RoundScheme(c councilkit.Council) (*admissions.Scheme, []admissions.Application) {
	s := &admissions.Scheme{
		Council: c, EntryYear: admissions.Year7, SchoolYear: 2027,
		ClosingDate: calendar.MustParseDate("2026-10-31"), MaxPreferences: 3,
		TieBreak: admissions.TieBreak{Seed: 42},
	}
	for i, pan := range []int{1, 1, 2} {
		s.Schools = append(s.Schools, admissions.School{
			URN: admissions.URN(100001 + i), Phase: admissions.Secondary,
			PAN: map[admissions.YearGroup]int{admissions.Year7: pan}, RankBy: admissions.ByRandom,
		})
	}
	apps := make([]admissions.Application, 4)
	for i := range apps {
		apps[i] = *NewApplication(c, "k"+string(rune('1'+i)))
	}
	return s, apps
}

// NewRoundRecord returns the record of RoundScheme's allocation for council
// c, run at RoundRunAt by officer "officer-1", not yet published.
func NewRoundRecord(c councilkit.Council) *admissions.RoundRecord {
	s, apps := RoundScheme(c)
	res, err := admissions.Allocate(s, apps)
	if err != nil {
		panic(err)
	}
	r, err := admissions.NewRoundRecord(s, res, admissions.RoundRun{At: RoundRunAt, Officer: "officer-1"})
	if err != nil {
		panic(err)
	}
	return r
}

// RunRoundStoreTests is the conformance suite every admissions.RoundStore
// must pass. newStore returns an empty store for each subtest, and the
// event log the store records in, or nil if the suite should not read the
// events back.
func RunRoundStoreTests(t *testing.T, newStore func(t *testing.T) (admissions.RoundStore, events.Log)) {
	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorOfficer, ID: "officer-1"})
	durham, cardiff := Durham, Cardiff
	id := admissions.RoundID(2027, admissions.Year7)

	t.Run("CreateGet", func(t *testing.T) {
		s, _ := newStore(t)
		r := NewRoundRecord(durham)
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 {
			t.Errorf("Version after Create = %d, want 1", r.Version)
		}
		got, err := s.Get(ctx, durham, id)
		if err != nil {
			t.Fatal(err)
		}
		if !roundsEqual(got, r) {
			t.Errorf("Get = %+v\nwant %+v", got, r)
		}
		// The store keeps its own copy.
		got.Places[0].Preferences[0] = 999999
		got.Schools[0].Waiting[0] = "changed"
		r.Places[1].School = 999999
		again, _ := s.Get(ctx, durham, id)
		if again.Places[0].Preferences[0] != 100001 || again.Schools[0].Waiting[0] == "changed" || again.Places[1].School == 999999 {
			t.Errorf("store shares memory with callers: %+v", again)
		}
		// A zero Council is the call's.
		r2 := NewRoundRecord(durham)
		r2.Council = councilkit.Council{}
		if err := s.Create(ctx, cardiff, r2); err != nil || r2.Council != cardiff {
			t.Errorf("Create with a zero Council: %v, Council %v", err, r2.Council)
		}
	})

	t.Run("OfferFor", func(t *testing.T) {
		s, _ := newStore(t)
		r := NewRoundRecord(durham)
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		p0 := r.Places[0]
		// Before offer day a parent gets nothing, known application or
		// not (SI 2012/8, regulation 30).
		for _, app := range []string{p0.ApplicationID, "nobody"} {
			got, err := s.OfferFor(ctx, durham, id, app, RoundRunAt)
			if !errors.Is(err, admissions.ErrNotPublished) || !reflect.DeepEqual(got, admissions.RoundPlace{}) {
				t.Errorf("OfferFor(%s) in January = %+v, %v; want nothing and ErrNotPublished", app, got, err)
			}
		}
		got, err := s.OfferFor(ctx, durham, id, p0.ApplicationID, RoundOffers)
		if err != nil || !reflect.DeepEqual(got, p0) {
			t.Errorf("OfferFor on offer day = %+v, %v; want %+v", got, err, p0)
		}
		if _, err := s.OfferFor(ctx, durham, id, "nobody", RoundOffers); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("OfferFor of an unknown application on offer day: %v", err)
		}
		if _, err := s.OfferFor(ctx, cardiff, id, p0.ApplicationID, RoundOffers); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("OfferFor with another council: %v", err)
		}
		if _, err := s.OfferFor(ctx, councilkit.Council{}, id, p0.ApplicationID, RoundOffers); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("OfferFor with no council: %v", err)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s, _ := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		// One record per intake: a second run must go through Rerun.
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); !errors.Is(err, admissions.ErrDuplicate) {
			t.Errorf("second Create: %v, want ErrDuplicate", err)
		}
		if err := s.Create(ctx, cardiff, NewRoundRecord(cardiff)); err != nil {
			t.Errorf("same intake in another council: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s, _ := newStore(t)
		var ve *councilkit.ValidationError
		r := NewRoundRecord(durham)
		r.ID = "something-else"
		if err := s.Create(ctx, durham, r); !errors.As(err, &ve) || !errors.Is(err, admissions.ErrInvalidState) {
			t.Errorf("Create with the wrong ID: %v, want a *councilkit.ValidationError matching ErrInvalidState", err)
		}
		if err := s.Create(ctx, durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create of nil: %v", err)
		}
		if err := s.Update(ctx, durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update of nil: %v", err)
		}
		if _, err := s.Get(ctx, durham, "something-else"); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("a refused Create stored the record: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s, _ := newStore(t)
		if _, err := s.Get(ctx, durham, id); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if err := s.Update(ctx, durham, NewRoundRecord(durham)); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s, log := newStore(t)
		r := NewRoundRecord(durham)
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, cardiff, id); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		if err := s.Update(ctx, cardiff, r); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update of Durham's record with Cardiff: %v", err)
		}
		// A record naming another council is refused, not moved.
		other := NewRoundRecord(durham)
		if err := s.Create(ctx, cardiff, other); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Create of Durham's record with Cardiff: %v", err)
		}
		if _, err := admissions.ModifyRound(ctx, s, cardiff, id, func(r *admissions.RoundRecord) error { return r.Publish(RoundOffers, "x") }); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("ModifyRound with another council: %v", err)
		}
		list, err := s.List(ctx, cardiff, admissions.RoundFilter{})
		if err != nil || len(list) != 0 {
			t.Errorf("List with another council: %d, %v", len(list), err)
		}
		if _, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error { return r.Publish(RoundOffers, "officer-1") }); err != nil {
			t.Fatal(err)
		}
		if log != nil {
			for _, p := range r.Places {
				evs, err := log.Subject(ctx, cardiff, p.ApplicationID)
				if err != nil || len(evs) != 0 {
					t.Errorf("Cardiff's timeline of %s: %d events, %v", p.ApplicationID, len(evs), err)
				}
			}
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s, _ := newStore(t)
		var zero councilkit.Council
		if err := s.Create(ctx, zero, NewRoundRecord(durham)); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, id); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if err := s.Update(ctx, zero, NewRoundRecord(durham)); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.List(ctx, zero, admissions.RoundFilter{}); !errors.Is(err, admissions.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s, _ := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Get(ctx, durham, id)
		second, _ := s.Get(ctx, durham, id)
		if err := first.Publish(RoundOffers, "officer-1"); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, durham, first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 {
			t.Errorf("Version after Update = %d, want 2", first.Version)
		}
		if err := second.Publish(RoundOffers.Add(time.Hour), "officer-2"); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, durham, second); !errors.Is(err, admissions.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		if second.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", second.Version)
		}
		got, _ := s.Get(ctx, durham, id)
		if !roundsEqual(got, first) || got.PublishedBy != "officer-1" {
			t.Errorf("after updates: %+v, want %+v", got, first)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s, _ := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, durham, admissions.RoundFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("List: %d, %v", len(list), err)
		}
		list[0].Places[0].Preferences[0] = 999999
		list[0].Schools[0].Waiting = nil
		got, _ := s.Get(ctx, durham, id)
		if err := got.Publish(RoundOffers, "officer-1"); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, durham, got); err != nil {
			t.Fatal(err)
		}
		got.Places[1].Preferences[1] = 999999
		got.Places[2].School = 999999
		got.Result[0] = ' '
		again, _ := s.Get(ctx, durham, id)
		if again.Places[0].Preferences[0] != 100001 || len(again.Schools[0].Waiting) == 0 ||
			again.Places[1].Preferences[1] != 100002 || again.Places[2].School == 999999 || again.Result[0] == ' ' {
			t.Errorf("store shares memory with callers of List or Update: %+v", again)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s, log := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		r, _ := s.Get(ctx, durham, id)
		if err := r.Publish(RoundOffers, "officer-1"); err != nil {
			t.Fatal(err)
		}
		// Update with another council's credentials changes nothing and
		// records nothing.
		if err := s.Update(ctx, cardiff, r); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		if r.Version != 1 {
			t.Errorf("a refused Update changed the caller's Version to %d", r.Version)
		}
		got, _ := s.Get(ctx, durham, id)
		if !got.PublishedAt.IsZero() || got.Version != 1 {
			t.Errorf("a refused Update changed the record: published %s, version %d", got.PublishedAt, got.Version)
		}
		if log != nil {
			if rs, _ := log.Since(ctx, 0, 0); len(rs) != 0 {
				t.Errorf("%d events recorded for a refused update", len(rs))
			}
		}
	})

	t.Run("Rerun", func(t *testing.T) {
		s, _ := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		// A second run with another seed (and so another result) replaces
		// the first before offer day; the stored result is the new one.
		scheme, apps := RoundScheme(durham)
		scheme.TieBreak.Seed = 7
		res, err := admissions.Allocate(scheme, apps)
		if err != nil {
			t.Fatal(err)
		}
		next, err := admissions.NewRoundRecord(scheme, res, admissions.RoundRun{At: RoundRunAt.Add(time.Hour), Officer: "officer-2"})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error {
			return r.Rerun(next, RoundRunAt.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, durham, id)
		if !roundsEqual(got, stored) || got.RunBy != "officer-2" || !jsonEqual(got.Result, next.Result) {
			t.Errorf("after Rerun the store holds the run by %s, the new result: %v", got.RunBy, jsonEqual(got.Result, next.Result))
		}
		// Then a change that leaves the result alone keeps it.
		if _, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error {
			return r.Publish(RoundOffers, "officer-1")
		}); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Get(ctx, durham, id); !jsonEqual(again.Result, next.Result) {
			t.Error("publication changed the stored result")
		}
	})

	t.Run("NotBeforeOfferDay", func(t *testing.T) {
		s, log := newStore(t)
		if err := s.Create(ctx, durham, NewRoundRecord(durham)); err != nil {
			t.Fatal(err)
		}
		// However PublishedAt was set, a store refuses a round published
		// before offer day (1 March 2027): here 23:59 on 28 February in
		// the UK.
		r, _ := s.Get(ctx, durham, id)
		r.PublishedAt, r.PublishedBy = time.Date(2027, time.February, 28, 23, 59, 0, 0, calendar.London()), "rogue"
		if err := s.Update(ctx, durham, r); !errors.Is(err, admissions.ErrBeforeOfferDay) {
			t.Errorf("Update of a round published before offer day: %v, want ErrBeforeOfferDay", err)
		}
		early := NewRoundRecord(cardiff)
		early.PublishedAt = r.PublishedAt
		if err := s.Create(ctx, cardiff, early); !errors.Is(err, admissions.ErrBeforeOfferDay) {
			t.Errorf("Create of a round published before offer day: %v, want ErrBeforeOfferDay", err)
		}
		got, _ := s.Get(ctx, durham, id)
		if !got.PublishedAt.IsZero() || got.Version != 1 {
			t.Errorf("after the refused update: published %s, version %d", got.PublishedAt, got.Version)
		}
		if log != nil {
			if rs, _ := log.Since(ctx, 0, 0); len(rs) != 0 {
				t.Errorf("%d events recorded for a refused publication", len(rs))
			}
		}
	})

	t.Run("List", func(t *testing.T) {
		s, _ := newStore(t)
		r27 := NewRoundRecord(durham)
		s0, apps := RoundScheme(durham)
		s0.SchoolYear = 2026
		for i := range apps {
			apps[i].SchoolYear = 2026
		}
		res, err := admissions.Allocate(s0, apps)
		if err != nil {
			t.Fatal(err)
		}
		r26, err := admissions.NewRoundRecord(s0, res, admissions.RoundRun{At: RoundRunAt.AddDate(0, 1, 0), Officer: "o"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*admissions.RoundRecord{r26, r27} {
			if err := s.Create(ctx, durham, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Create(ctx, cardiff, NewRoundRecord(cardiff)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			f    admissions.RoundFilter
			want []string
		}{
			{admissions.RoundFilter{}, []string{"2027-7", "2026-7"}}, // by run time, not ID
			{admissions.RoundFilter{SchoolYear: 2026}, []string{"2026-7"}},
			{admissions.RoundFilter{Limit: 1}, []string{"2027-7"}},
			{admissions.RoundFilter{SchoolYear: 2030}, nil},
		}
		for _, tt := range tests {
			list, err := s.List(ctx, durham, tt.f)
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

	t.Run("Events", func(t *testing.T) {
		s, log := newStore(t)
		if log == nil {
			t.Skip("the store's events are not read back")
		}
		r := NewRoundRecord(durham)
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		if _, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error { return r.Publish(RoundOffers, "officer-1") }); err != nil {
			t.Fatal(err)
		}
		holder := r.Schools[0].URN
		var first string
		for _, p := range r.Places {
			if p.School == holder {
				first = p.ApplicationID
			}
			evs, err := log.Subject(ctx, durham, p.ApplicationID)
			if err != nil || len(evs) == 0 || evs[0].Event.Type != events.SchoolOfferMade || evs[0].Event.Actor.ID != "officer-1" {
				t.Fatalf("after publication, %s's timeline: %+v, %v; want an offer made by officer-1 first", p.ApplicationID, evs, err)
			}
			// Then the child's place on each waiting list they are on.
			lists := 0
			for _, sc := range r.Schools {
				for _, w := range sc.Waiting {
					if w == p.ApplicationID {
						lists++
					}
				}
			}
			if len(evs) != 1+lists {
				t.Errorf("after publication, %s has %d events, want an offer and %d waiting list places", p.ApplicationID, len(evs), lists)
			}
		}
		respond := events.WithActor(ctx, events.Actor{Kind: events.ActorResident})
		rec, err := admissions.ModifyRound(respond, s, durham, id, func(r *admissions.RoundRecord) error {
			_, err := r.Respond(first, false, RoundOffers.AddDate(0, 0, 3))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		evs, _ := log.Subject(ctx, durham, first)
		if n := len(evs); n < 2 || evs[n-1].Event.Type != events.SchoolOfferDeclined || evs[n-1].Event.Actor.Kind != events.ActorResident {
			t.Fatalf("after declining, %s's timeline: %+v", first, evs)
		}
		// The top of 100001's waiting list was offered the place.
		next := r.Schools[0].Waiting[0]
		if p, _ := rec.Place(next); p.School != holder {
			t.Fatalf("%s after the decline: %+v, want an offer of %v", next, p, holder)
		}
		evs, _ = log.Subject(ctx, durham, next)
		var made, moved bool
		for _, e := range evs {
			if e.Event.Actor.Kind != events.ActorResident {
				continue // publication's
			}
			made = made || e.Event.Type == events.SchoolOfferMade
			moved = moved || e.Event.Type == events.SchoolWaitingListMoved
		}
		if !made || !moved {
			t.Errorf("%s's timeline after the waiting list offer: %+v", next, evs)
		}
		// A failed change records nothing. (Counted per record with
		// Subject, which a log shows at once; Since may hold back events
		// while another transaction is in flight on the server.)
		countAll := func() int {
			n := 0
			for _, p := range rec.Places {
				evs, err := log.Subject(ctx, durham, p.ApplicationID)
				if err != nil {
					t.Fatal(err)
				}
				n += len(evs)
			}
			return n
		}
		before := countAll()
		if _, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error {
			_, err := r.Respond(first, true, RoundOffers.AddDate(0, 0, 4))
			return err
		}); !errors.Is(err, admissions.ErrInvalidState) {
			t.Errorf("accepting a declined place: %v", err)
		}
		if after := countAll(); after != before {
			t.Errorf("a refused change recorded %d events", after-before)
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s, log := newStore(t)
		r := NewRoundRecord(durham)
		if err := s.Create(ctx, durham, r); err != nil {
			t.Fatal(err)
		}
		// Every parent accepts at once, and two officers publish: every
		// acceptance survives, and the round is published once.
		var wg sync.WaitGroup
		var published atomic.Int32
		for _, p := range r.Places {
			wg.Go(func() {
				_, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error {
					_, err := r.Respond(p.ApplicationID, true, RoundOffers.Add(time.Minute))
					return err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		for _, officer := range []string{"officer-1", "officer-2"} {
			wg.Go(func() {
				_, err := admissions.ModifyRound(ctx, s, durham, id, func(r *admissions.RoundRecord) error { return r.Publish(RoundOffers, officer) })
				switch {
				case err == nil:
					published.Add(1)
				case !errors.Is(err, admissions.ErrAlreadyPublished):
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, durham, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range got.Places {
			if p.Status != admissions.Accepted {
				t.Errorf("%s: %v after accepting", p.ApplicationID, p.Status)
			}
		}
		if published.Load() > 1 {
			t.Errorf("published %d times", published.Load())
		}
		if log != nil {
			for _, p := range r.Places {
				evs, _ := log.Subject(ctx, durham, p.ApplicationID)
				var made, accepted int
				for _, e := range evs {
					switch e.Event.Type {
					case events.SchoolOfferMade:
						made++
					case events.SchoolOfferAccepted:
						accepted++
					}
				}
				if made != 1 || accepted != 1 {
					t.Errorf("%s: %d offers made and %d acceptances recorded, want 1 and 1", p.ApplicationID, made, accepted)
				}
			}
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s, _ := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, durham, NewRoundRecord(durham)); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, durham, id); !errors.Is(err, admissions.ErrNotFound) {
			t.Errorf("cancelled Create saved the record: %v", err)
		}
	})
}

// roundsEqual compares records, times by instant (a store may give them
// back in another location) and the result by its JSON value.
func roundsEqual(a, b *admissions.RoundRecord) bool {
	x, y := *a, *b
	for _, r := range []*admissions.RoundRecord{&x, &y} {
		r.RunAt, r.PublishedAt, r.Changed = r.RunAt.UTC(), r.PublishedAt.UTC(), r.Changed.UTC()
		r.Places = append([]admissions.RoundPlace(nil), r.Places...)
		for i := range r.Places {
			r.Places[i].RespondedAt = r.Places[i].RespondedAt.UTC()
		}
		r.Result = nil
	}
	return reflect.DeepEqual(x, y) && jsonEqual(a.Result, b.Result)
}

func jsonEqual(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
