package admissions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

var london = calendar.London()

// TestOfferDayClock is issue 19.3: an allocation run in January must not
// reach parents before national offer day. National offer day for
// secondary entry in September 2027 is Monday 1 March 2027 (the School
// Admissions (Admission Arrangements and Co-ordination of Admission
// Arrangements) (England) Regulations 2012, SI 2012/8, regulation 30:
// 1 March, or the next working day), and the coordinated scheme must
// have every offer sent on that day (SI 2012/8, Schedule 2). The clock
// moves from the run to offer day; parents see nothing until then, an
// officer cannot publish early, and from the start of offer day the
// offers are visible without anyone pressing Publish.
func TestOfferDayClock(t *testing.T) {
	c := admissionstest.Durham
	clock := councilkit.NewFixedClock(admissionstest.RoundRunAt)
	rec := admissionstest.NewRoundRecord(c)
	if want := calendar.MustParseDate("2027-03-01"); rec.OfferDay != want {
		t.Fatalf("OfferDay = %s, want %s", rec.OfferDay, want)
	}
	ids := make([]string, len(rec.Places))
	for i, p := range rec.Places {
		ids[i] = p.ApplicationID
	}
	for _, at := range []time.Time{
		admissionstest.RoundRunAt,
		time.Date(2027, time.February, 27, 12, 0, 0, 0, london), // the Saturday before
		time.Date(2027, time.February, 28, 23, 59, 59, 0, london),
	} {
		clock.Set(at)
		for _, id := range ids {
			got, err := rec.OfferFor(id, clock.Now())
			if !errors.Is(err, admissions.ErrNotPublished) || !reflect.DeepEqual(got, admissions.RoundPlace{}) {
				t.Errorf("at %s, OfferFor(%s) = %+v, %v; want nothing and ErrNotPublished", at, id, got, err)
			}
			if _, err := rec.Respond(id, true, clock.Now()); !errors.Is(err, admissions.ErrNotPublished) {
				t.Errorf("at %s, Respond(%s): %v, want ErrNotPublished", at, id, err)
			}
			// The officers' preview is there all along.
			if p, err := rec.Place(id); err != nil || p.ApplicationID != id {
				t.Errorf("at %s, Place(%s) = %+v, %v", at, id, p, err)
			}
		}
		// A parent cannot tell an unknown application from a placed one.
		if _, err := rec.OfferFor("nobody", clock.Now()); !errors.Is(err, admissions.ErrNotPublished) {
			t.Errorf("at %s, OfferFor of an unknown application: %v", at, err)
		}
		if err := rec.Publish(clock.Now(), "officer-1"); !errors.Is(err, admissions.ErrBeforeOfferDay) {
			t.Errorf("Publish at %s: %v, want ErrBeforeOfferDay", at, err)
		}
		if !rec.PublishedAt.IsZero() || rec.Visible(clock.Now()) {
			t.Errorf("at %s the round is published or visible", at)
		}
	}

	// Offer day, one second past midnight: visible without Publish.
	clock.Set(time.Date(2027, time.March, 1, 0, 0, 1, 0, london))
	for _, id := range ids {
		got, err := rec.OfferFor(id, clock.Now())
		if err != nil || got.ApplicationID != id || got.School == 0 || got.Status != admissions.Offered {
			t.Errorf("on offer day, OfferFor(%s) = %+v, %v", id, got, err)
		}
		if want := calendar.MustParseDate("2027-03-15"); got.RespondBy != want {
			t.Errorf("%s: RespondBy %s, want %s", id, got.RespondBy, want)
		}
	}
	if _, err := rec.OfferFor("nobody", clock.Now()); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("OfferFor of an unknown application on offer day: %v", err)
	}
	clock.Advance(8 * time.Hour)
	if err := rec.Publish(clock.Now(), ""); !errors.Is(err, councilkit.ErrValidation) {
		t.Errorf("Publish without an officer: %v", err)
	}
	if err := rec.Publish(clock.Now(), "officer-1"); err != nil {
		t.Fatalf("Publish on offer day: %v", err)
	}
	if !rec.PublishedAt.Equal(clock.Now()) || rec.PublishedBy != "officer-1" {
		t.Errorf("published at %s by %q", rec.PublishedAt, rec.PublishedBy)
	}
	if err := rec.Publish(clock.Now(), "officer-2"); !errors.Is(err, admissions.ErrAlreadyPublished) || rec.PublishedBy != "officer-1" {
		t.Errorf("second Publish: %v, by %q", err, rec.PublishedBy)
	}
}

// TestOfferDayUKTime: offer day begins at midnight in the UK, not in UTC.
// Primary offer day for September 2027 is Friday 16 April 2027 (SI 2012/8,
// regulation 30), in British Summer Time: 16 April begins at 23:00 UTC on
// 15 April.
func TestOfferDayUKTime(t *testing.T) {
	s, apps := admissionstest.RoundScheme(admissionstest.Durham)
	s.EntryYear = admissions.Reception
	for i := range s.Schools {
		s.Schools[i].Phase = admissions.Primary
		s.Schools[i].PAN = map[admissions.YearGroup]int{admissions.Reception: s.Schools[i].PAN[admissions.Year7]}
	}
	for i := range apps {
		apps[i].EntryYear = admissions.Reception
	}
	res, err := admissions.Allocate(s, apps)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := admissions.NewRoundRecord(s, res, admissions.RoundRun{At: admissionstest.RoundRunAt, Officer: "o"})
	if err != nil {
		t.Fatal(err)
	}
	if want := calendar.MustParseDate("2027-04-16"); rec.OfferDay != want || rec.Phase != admissions.Primary || rec.ID != "2027-R" {
		t.Fatalf("OfferDay %s, phase %v, ID %s; want %s, primary, 2027-R", rec.OfferDay, rec.Phase, rec.ID, want)
	}
	tests := []struct {
		at      time.Time
		visible bool
	}{
		{time.Date(2027, time.April, 15, 22, 59, 59, 0, time.UTC), false}, // 23:59:59 BST on the 15th
		{time.Date(2027, time.April, 15, 23, 0, 0, 0, time.UTC), true},    // midnight BST
		{time.Date(2027, time.April, 16, 0, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		if got := rec.Visible(tt.at); got != tt.visible {
			t.Errorf("Visible(%s) = %v, want %v", tt.at, got, tt.visible)
		}
		if err := rec.Clone().Publish(tt.at, "o"); (err == nil) != tt.visible {
			t.Errorf("Publish(%s): %v", tt.at, err)
		}
	}
}

// TestNationalOfferDays: the offer day a record gets when the scheme gives
// none. SI 2012/8, regulation 30: 1 March (secondary) or 16 April
// (primary), or the next working day.
func TestNationalOfferDays(t *testing.T) {
	ew := calendar.New(calendar.EnglandAndWales)
	tests := []struct {
		phase admissions.Phase
		year  admissions.SchoolYear
		want  string
	}{
		{admissions.Secondary, 2027, "2027-03-01"}, // a Monday
		{admissions.Secondary, 2026, "2026-03-02"}, // 1 March 2026 is a Sunday
		{admissions.Primary, 2027, "2027-04-16"},   // a Friday
		{admissions.Primary, 2028, "2028-04-18"},   // Easter Sunday 16 April 2028, Easter Monday a bank holiday
		{admissions.Primary, 2033, "2033-04-19"},   // Saturday 16 April, Easter Monday 18 April 2033
	}
	for _, tt := range tests {
		if got := admissions.NationalOfferDay(tt.phase, tt.year, ew); got.String() != tt.want {
			t.Errorf("NationalOfferDay(%v, %d) = %s, want %s", tt.phase, tt.year, got, tt.want)
		}
	}
}

// TestRespondDeadline: a parent must accept within two weeks after the
// date of the offer (SI 2012/8, Schedule 2, paragraph 1(f): "any
// notification of acceptance of a school place must be received by the
// local authority within two weeks after the date of the offer"): offers of
// 1 March 2027 can be answered online until the end of 15 March 2027, UK
// time.
func TestRespondDeadline(t *testing.T) {
	rec := admissionstest.NewRoundRecord(admissionstest.Durham)
	id := rec.Places[0].ApplicationID
	last := time.Date(2027, time.March, 15, 23, 59, 59, 0, london)
	late := time.Date(2027, time.March, 16, 0, 0, 0, 0, london)

	closed := rec.Clone()
	for _, accept := range []bool{true, false} {
		if _, err := closed.Respond(id, accept, late); !errors.Is(err, admissions.ErrResponseClosed) {
			t.Errorf("Respond(accept=%v) on 16 March: %v, want ErrResponseClosed", accept, err)
		}
	}
	if !reflect.DeepEqual(closed, rec) {
		t.Error("a refused response changed the record")
	}
	ok := rec.Clone()
	if _, err := ok.Respond(id, true, last); err != nil {
		t.Fatalf("accepting on 15 March: %v", err)
	}
	p, _ := ok.Place(id)
	if p.Status != admissions.Accepted || !p.RespondedAt.Equal(last) {
		t.Errorf("after accepting: %+v", p)
	}
	// Nobody pressed Publish: the first response published the round.
	if !ok.PublishedAt.Equal(last) || ok.PublishedBy != "" {
		t.Errorf("published at %s by %q, want at the response, by nobody", ok.PublishedAt, ok.PublishedBy)
	}
	// Accepting again changes nothing.
	again := ok.Clone()
	if _, err := again.Respond(id, true, last); err != nil || !reflect.DeepEqual(again, ok) {
		t.Errorf("accepting twice: %v", err)
	}
	if _, err := ok.Respond("nobody", true, last); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Respond for an unknown application: %v", err)
	}
	// A declined place cannot be accepted.
	if _, err := ok.Respond(id, false, last); err != nil {
		t.Fatal(err)
	}
	if _, err := ok.Respond(id, true, last); !errors.Is(err, admissions.ErrInvalidState) {
		t.Errorf("accepting a declined place: %v", err)
	}
}

// TestDeclineMatchesBook: a decline in a RoundRecord offers the place down
// the waiting lists exactly as Book.Decline does, and the record, stored
// and read back between declines, keeps the Book's state. Run over a
// small authority's generated round.
func TestDeclineMatchesBook(t *testing.T) {
	s, apps := admissionstest.Generate(admissionstest.LocalRound())
	res, err := admissions.Allocate(s, apps)
	if err != nil {
		t.Fatal(err)
	}
	book, err := admissions.NewBook(s, apps, res)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := admissions.NewRoundRecord(s, res, admissions.RoundRun{At: admissionstest.RoundRunAt, Officer: "o"})
	if err != nil {
		t.Fatal(err)
	}
	store := new(admissions.MemRoundStore)
	ctx := context.Background()
	if err := store.Create(ctx, s.Council, rec); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, time.March, 3, 9, 0, 0, 0, london)
	declines := 0
	for i := 0; i < len(apps) && declines < 40; i += 7 {
		id := apps[i].ID
		if u, _, _ := book.Offer(id); u == 0 {
			continue
		}
		declines++
		want, err := book.Decline(id)
		if err != nil {
			t.Fatal(err)
		}
		var got []admissions.Change
		if _, err := admissions.ModifyRound(ctx, store, s.Council, rec.ID, func(r *admissions.RoundRecord) error {
			got, err = r.Respond(id, false, at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("declining %s: changes %v, Book gives %v", id, got, want)
		}
	}
	stored, err := store.Get(ctx, s.Council, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, a := range apps {
		u, st, _ := book.Offer(a.ID)
		p, _ := stored.Place(a.ID)
		if p.School != u || p.Status != st {
			t.Errorf("%s: record holds %v (%v), Book %v (%v)", a.ID, p.School, p.Status, u, st)
		}
		if p.School != 0 && !p.OfferedOn.IsZero() && p.OfferedOn != stored.OfferDay {
			moved++
			if want := calendar.MustParseDate("2027-03-17"); p.OfferedOn != calendar.DateOf(at) || p.RespondBy != want {
				t.Errorf("%s offered from a waiting list on %s, respond by %s; want %s and %s", a.ID, p.OfferedOn, p.RespondBy, calendar.DateOf(at), want)
			}
		}
	}
	if moved == 0 {
		t.Error("no child was offered a place from a waiting list: the test proves nothing")
	}
	for _, sc := range stored.Schools {
		var want []string
		for _, w := range book.WaitingList(sc.URN) {
			want = append(want, w.ApplicationID)
		}
		if !slices.Equal(sc.Waiting, want) {
			t.Errorf("school %v: waiting list %v, Book's %v", sc.URN, sc.Waiting, want)
		}
	}
}

// TestRoundEventsSchemaValid: every event a round's changes make is a valid
// envelope, decodes into its payload, and its data passes the type's
// published JSON Schema (events/schemas).
func TestRoundEventsSchemaValid(t *testing.T) {
	rec := admissionstest.NewRoundRecord(admissionstest.Durham)
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-1"}
	var all []events.Event
	step := func(fn func(r *admissions.RoundRecord) error) {
		t.Helper()
		next := rec.Clone()
		if err := fn(next); err != nil {
			t.Fatal(err)
		}
		evs, err := admissions.RoundEvents(rec, next, officer)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, evs...)
		rec = next
	}
	step(func(r *admissions.RoundRecord) error { return r.Publish(admissionstest.RoundOffers, "officer-1") })
	// One offer for each of the 4 children, and each child's place on the
	// waiting lists of the schools they ranked higher: three on 100001's,
	// two on 100002's.
	if made, moved := countTypes(all, events.SchoolOfferMade), countTypes(all, events.SchoolWaitingListMoved); made != 4 || moved != 5 || len(all) != 9 {
		t.Fatalf("publication made %d events, %d offers and %d waiting list places; want 4 and 5", len(all), made, moved)
	}
	first := rec.Schools[0].Waiting[0]
	step(func(r *admissions.RoundRecord) error {
		_, err := r.Respond(first, true, admissionstest.RoundOffers.Add(time.Hour))
		return err
	})
	holder := ""
	for _, p := range rec.Places {
		if p.School == rec.Schools[0].URN {
			holder = p.ApplicationID
		}
	}
	step(func(r *admissions.RoundRecord) error {
		_, err := r.Respond(holder, false, admissionstest.RoundOffers.Add(2*time.Hour))
		return err
	})
	types := map[events.Type]int{}
	for _, e := range all {
		types[e.Type]++
		if e.Council != admissionstest.Durham || e.Actor != officer {
			t.Errorf("%s: council %v, actor %+v", e.Type.Short(), e.Council, e.Actor)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := events.Decode(b); err != nil {
			t.Errorf("%s does not decode: %v", e.Type.Short(), err)
		}
		if err := validateData(t, e); err != nil {
			t.Errorf("%s: data %s fails its schema: %v", e.Type.Short(), e.Data, err)
		}
	}
	for _, typ := range []events.Type{events.SchoolOfferMade, events.SchoolOfferAccepted, events.SchoolOfferDeclined, events.SchoolWaitingListMoved} {
		if types[typ] == 0 {
			t.Errorf("no %s event among %v", typ.Short(), types)
		}
	}
}

var (
	schemasOnce sync.Once
	schemas     map[events.Type]*jsonschema.Schema
	schemasErr  error
)

func validateData(t *testing.T, e events.Event) error {
	t.Helper()
	schemasOnce.Do(func() {
		schemas = map[events.Type]*jsonschema.Schema{}
		for _, typ := range events.Types() {
			b, err := events.Schemas.ReadFile("schemas/" + typ.Short() + ".json")
			if err != nil {
				schemasErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				schemasErr = err
				return
			}
			c := jsonschema.NewCompiler()
			c.AssertFormat()
			if err := c.AddResource(typ.SchemaURL(), doc); err != nil {
				schemasErr = err
				return
			}
			if schemas[typ], err = c.Compile(typ.SchemaURL()); err != nil {
				schemasErr = err
				return
			}
		}
	})
	if schemasErr != nil {
		t.Fatalf("compiling the event schemas: %v", schemasErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(e.Data))
	if err != nil {
		return err
	}
	return schemas[e.Type].Validate(inst)
}

// TestRoundEventsPayloads pins the data of the events of a decline: the
// declined offer with the original offer day and deadline, the offer from
// the waiting list with the day it was made and its own deadline, and the
// waiting list moves.
func TestRoundEventsPayloads(t *testing.T) {
	rec := admissionstest.NewRoundRecord(admissionstest.Durham)
	if err := rec.Publish(admissionstest.RoundOffers, "officer-1"); err != nil {
		t.Fatal(err)
	}
	var holder string
	for _, p := range rec.Places {
		if p.School == 100001 {
			holder = p.ApplicationID
		}
	}
	wl := slices.Clone(rec.Schools[0].Waiting)
	next := rec.Clone()
	at := time.Date(2027, time.March, 5, 10, 0, 0, 0, london)
	if _, err := next.Respond(holder, false, at); err != nil {
		t.Fatal(err)
	}
	evs, err := admissions.RoundEvents(rec, next, events.Actor{Kind: events.ActorResident})
	if err != nil {
		t.Fatal(err)
	}
	offerDay, respondBy := calendar.MustParseDate("2027-03-01"), calendar.MustParseDate("2027-03-15")
	if len(evs) == 0 || evs[0].Type != events.SchoolOfferDeclined || evs[0].Subject != holder {
		t.Fatalf("first event %+v, want %s's decline", evs, holder)
	}
	_, data, _ := events.Decode(mustJSON(t, evs[0]))
	if want := (&events.SchoolOffer{ApplicationID: holder, School: "100001", Preference: 1, OfferDay: offerDay, RespondBy: respondBy}); !reflect.DeepEqual(data, want) {
		t.Errorf("declined: %+v, want %+v", data, want)
	}
	var gotMade *events.SchoolOffer
	var moves []events.WaitingListMove
	for _, e := range evs[1:] {
		_, d, err := events.Decode(mustJSON(t, e))
		if err != nil {
			t.Fatal(err)
		}
		if !e.Time.Equal(at) {
			t.Errorf("%s at %s, want %s", e.Type.Short(), e.Time, at)
		}
		switch d := d.(type) {
		case *events.SchoolOffer:
			if d.School == "100001" {
				gotMade = d
			}
		case *events.WaitingListMove:
			moves = append(moves, *d)
		}
	}
	// The top of 100001's list is offered the place on 5 March, to answer
	// by 19 March, and leaves the list.
	want := &events.SchoolOffer{ApplicationID: wl[0], School: "100001", Preference: 1, OfferDay: calendar.MustParseDate("2027-03-05"), RespondBy: calendar.MustParseDate("2027-03-19")}
	if !reflect.DeepEqual(gotMade, want) {
		t.Errorf("offer from the waiting list: %+v, want %+v", gotMade, want)
	}
	if !slices.Contains(moves, events.WaitingListMove{ApplicationID: wl[0], School: "100001", Position: 0, PreviousPosition: 1}) {
		t.Errorf("moves %+v: %s did not leave 100001's list from the top", moves, wl[0])
	}
	if len(wl) > 1 && !slices.Contains(moves, events.WaitingListMove{ApplicationID: wl[1], School: "100001", Position: 1, PreviousPosition: 2}) {
		t.Errorf("moves %+v: %s did not move up to first", moves, wl[1])
	}
}

func mustJSON(t *testing.T, e events.Event) []byte {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRerun: an allocation can be run again until offer day, not after.
func TestRerun(t *testing.T) {
	rec := admissionstest.NewRoundRecord(admissionstest.Durham)
	rec.Version = 3
	next := admissionstest.NewRoundRecord(admissionstest.Durham)
	next.RunBy = "officer-2"
	if err := rec.Rerun(next, time.Date(2027, time.February, 20, 9, 0, 0, 0, london)); err != nil {
		t.Fatal(err)
	}
	if rec.RunBy != "officer-2" || rec.Version != 3 {
		t.Errorf("after Rerun: run by %q, version %d", rec.RunBy, rec.Version)
	}
	if err := rec.Rerun(next, admissionstest.RoundOffers); !errors.Is(err, admissions.ErrAlreadyPublished) {
		t.Errorf("Rerun on offer day: %v, want ErrAlreadyPublished", err)
	}
	other := admissionstest.NewRoundRecord(admissionstest.Cardiff)
	if err := rec.Rerun(other, admissionstest.RoundRunAt); !errors.Is(err, admissions.ErrInvalidState) {
		t.Errorf("Rerun with another council's run: %v", err)
	}
}

// TestRoundStoreConcurrentDeclines: parents decline and accept at once
// through ModifyRound; every response is kept and no school ends up
// holding more children than its places.
func TestRoundStoreConcurrentDeclines(t *testing.T) {
	ctx := context.Background()
	c := admissionstest.Durham
	log := new(events.MemLog)
	store := &admissions.MemRoundStore{Events: log}
	rec := admissionstest.NewRoundRecord(c)
	if err := store.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	at := admissionstest.RoundOffers.Add(time.Hour)
	var wg sync.WaitGroup
	for i, p := range rec.Places {
		wg.Go(func() {
			_, err := admissions.ModifyRound(ctx, store, c, rec.ID, func(r *admissions.RoundRecord) error {
				_, err := r.Respond(p.ApplicationID, i%2 == 0, at)
				if errors.Is(err, admissions.ErrInvalidState) {
					return nil // moved and then declined by another goroutine's change: nothing to answer
				}
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := store.Get(ctx, c, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	holding := map[admissions.URN]int{}
	declined := 0
	for _, p := range got.Places {
		holding[p.School]++
		if p.Declined != 0 {
			declined++
		}
	}
	for _, sc := range got.Schools {
		if holding[sc.URN] > sc.PAN {
			t.Errorf("school %v holds %d children for %d places", sc.URN, holding[sc.URN], sc.PAN)
		}
	}
	if declined != 2 {
		t.Errorf("%d declines kept, want 2", declined)
	}
	var n int
	for _, r := range mustSince(t, log) {
		if r.Event.Type == events.SchoolOfferDeclined {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d declines recorded, want 2", n)
	}
}

func mustSince(t *testing.T, l events.Log) []events.Record {
	t.Helper()
	rs, err := l.Since(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestMemRoundStoreEventsFail: a change whose events cannot be recorded is
// not made.
func TestMemRoundStoreEventsFail(t *testing.T) {
	ctx := context.Background()
	c := admissionstest.Durham
	store := &admissions.MemRoundStore{Events: failingAppender{}}
	rec := admissionstest.NewRoundRecord(c)
	if err := store.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := admissions.ModifyRound(ctx, store, c, rec.ID, func(r *admissions.RoundRecord) error {
		return r.Publish(admissionstest.RoundOffers, "officer-1")
	}); err == nil {
		t.Fatal("publication stored though its events were refused")
	}
	got, _ := store.Get(ctx, c, rec.ID)
	if !got.PublishedAt.IsZero() || got.Version != 1 {
		t.Errorf("after a refused publication: published %s, version %d", got.PublishedAt, got.Version)
	}
	if store.EventLog() != nil {
		t.Error("Log of a store whose Events is not a Log")
	}
}

func countTypes(evs []events.Event, t events.Type) int {
	n := 0
	for _, e := range evs {
		if e.Type == t {
			n++
		}
	}
	return n
}

// TestAutoPublicationEvents: a round nobody published is published by the
// first parent's response on offer day; its offers are recorded as made by
// the system (AutoPublisher), the acceptance by the parent.
func TestAutoPublicationEvents(t *testing.T) {
	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorResident})
	c := admissionstest.Durham
	log := new(events.MemLog)
	store := &admissions.MemRoundStore{Events: log}
	rec := admissionstest.NewRoundRecord(c)
	if err := store.Create(ctx, c, rec); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, time.March, 1, 6, 30, 0, 0, london)
	id := rec.Places[0].ApplicationID
	got, err := admissions.ModifyRound(ctx, store, c, rec.ID, func(r *admissions.RoundRecord) error {
		_, err := r.Respond(id, true, at)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.PublishedAt.Equal(at) || got.PublishedBy != "" {
		t.Errorf("published at %s by %q", got.PublishedAt, got.PublishedBy)
	}
	var made, accepted int
	for _, r := range mustSince(t, log) {
		e := r.Event
		switch e.Type {
		case events.SchoolOfferMade:
			made++
			if e.Actor != admissions.AutoPublisher() || !e.Time.Equal(at) {
				t.Errorf("offer to %s made by %+v at %s, want by %+v at %s", e.Subject, e.Actor, e.Time, admissions.AutoPublisher(), at)
			}
		case events.SchoolOfferAccepted:
			accepted++
			if e.Subject != id || e.Actor.Kind != events.ActorResident {
				t.Errorf("acceptance %+v", e)
			}
		}
	}
	if made != 4 || accepted != 1 {
		t.Errorf("%d offers made and %d accepted, want 4 and 1", made, accepted)
	}
}
