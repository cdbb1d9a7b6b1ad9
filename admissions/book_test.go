package admissions

import (
	"errors"
	"fmt"
	"github.com/lgds/councilkit/identity"
	"slices"
	"sync"
	"testing"
)

func TestBookDeclineCascade(t *testing.T) {
	// Two schools of one place. a holds school 0; b wanted school 0 first
	// and holds school 1; c wanted school 1 and has nothing.
	tn := newTiny(1, 1)
	tn.add("a", 100, 0)
	tn.add("b", 200, 0, 1)
	tn.add("c", 300, 1)
	r, b := tn.book(t)
	s0, s1 := tn.s.Schools[0].URN, tn.s.Schools[1].URN
	for _, u := range []URN{s0, s1} {
		if got, want := b.WaitingList(u), r.WaitingList(u); !slices.Equal(got, want) {
			t.Errorf("book waiting list %v, result's %v", got, want)
		}
	}
	if err := b.Accept("a"); err != nil {
		t.Fatal(err)
	}
	if err := b.Accept("c"); !errors.Is(err, ErrInvalidState) {
		t.Errorf("accepting without an offer: %v", err)
	}
	changes, err := b.Decline("a")
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{ApplicationID: "a", From: s0},
		{ApplicationID: "b", From: s1, To: s0},
		{ApplicationID: "c", To: s1},
	}
	if !slices.Equal(changes, want) {
		t.Errorf("changes %+v, want %+v", changes, want)
	}
	if u, st, _ := b.Offer("c"); u != s1 || st != Offered {
		t.Errorf("c holds %v %v", u, st)
	}
	if n := b.Places(s0); n != 0 {
		t.Errorf("%d places left at school 0", n)
	}
	if _, err := b.Decline("a"); !errors.Is(err, ErrInvalidState) {
		t.Errorf("declining twice: %v", err)
	}
	if _, _, err := b.Offer("nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown child: %v", err)
	}
}

func TestBookWaitingListRankedNotByDate(t *testing.T) {
	// Code 2.15: each added child requires the list to be ranked again by
	// the oversubscription criteria; no priority by date of application
	// or of joining the list.
	tn := newTiny(1)
	tn.add("holder", 10, 0)
	tn.add("early", 900, 0)
	r, b := tn.book(t)
	late := Application{ID: "late", EntryYear: Year7, SchoolYear: 2027, Received: d("2027-05-01"), Preferences: []URN{tn.s.Schools[0].URN}}
	late.Home.Grid = identity.GridPoint{Easting: 400000 + 500, Northing: 300000}
	pos, changes, err := b.AddToWaitingList(&late, tn.s.Schools[0].URN)
	if err != nil || len(changes) != 0 {
		t.Fatal(err, changes)
	}
	// Late applications rank after on-time ones under this scheme...
	if pos != 2 {
		t.Errorf("late applicant at position %d, want 2 (after on-time)", pos)
	}
	// ...but with late ones ranked alongside, distance decides.
	tn.s.LateWithOnTime = true
	b2, _ := NewBook(tn.s, tn.apps, r)
	pos, _, _ = b2.AddToWaitingList(&late, tn.s.Schools[0].URN)
	if pos != 1 {
		t.Errorf("nearer child joining later at position %d, want 1", pos)
	}
	wl := b2.WaitingList(tn.s.Schools[0].URN)
	if len(wl) != 2 || wl[0].ApplicationID != "late" || wl[1].ApplicationID != "early" {
		t.Errorf("waiting list %+v", wl)
	}
	if err := b2.RemoveFromWaitingList("late", tn.s.Schools[0].URN); err != nil {
		t.Fatal(err)
	}
	if err := b2.RemoveFromWaitingList("late", tn.s.Schools[0].URN); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
}

func TestBookAddWithFreePlace(t *testing.T) {
	tn := newTiny(2)
	tn.add("one", 10, 0)
	_, b := tn.book(t)
	in := Application{ID: "inyear", Preferences: []URN{tn.s.Schools[0].URN}}
	pos, changes, err := b.AddToWaitingList(&in, tn.s.Schools[0].URN)
	if err != nil || pos != 0 || len(changes) != 1 || changes[0].To != tn.s.Schools[0].URN {
		t.Errorf("pos %d changes %+v err %v", pos, changes, err)
	}
	if _, _, err := b.AddToWaitingList(&in, 999999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown school: %v", err)
	}
	if _, _, err := b.AddToWaitingList(&in, tn.s.Schools[0].URN); !errors.Is(err, ErrInvalidState) {
		t.Errorf("list of the school held: %v", err)
	}
}

func TestBookConcurrent(t *testing.T) {
	tn := newTiny(5, 5)
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for i, id := range ids {
		tn.add(id, float64(100*i), i%2, 1-i%2)
	}
	_, b := tn.book(t)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			_ = b.Accept(id)
			_, _, _ = b.Offer(id)
			_ = b.WaitingList(tn.s.Schools[0].URN)
		})
	}
	wg.Wait()
	for _, id := range ids {
		if _, st, _ := b.Offer(id); st != Accepted {
			t.Errorf("%s: %v", id, st)
		}
	}
}

// TestBookInvariants declines random places in random rounds and checks
// after every step: no school over its PAN, no school with a place free
// and a waiting list, every child on a list prefers that school to the
// one they hold, and every list is in rank order.
func TestBookInvariants(t *testing.T) {
	rng := newByteRand(nil).rand(7)
	for round := range 40 {
		s, apps := randomRound(rng, 4, 30)
		for i := range apps {
			apps[i].ID = fmt.Sprintf("K%03d", i)
			apps[i].EHCPlanSchool = 0
		}
		for i := range s.Schools {
			s.Schools[i].PAN[Year7] = 1 + rng.IntN(6)
		}
		r, err := Allocate(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewBook(s, apps, r)
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(s, apps)
		for step := range 15 {
			id := apps[rng.IntN(len(apps))].ID
			if _, st, _ := b.Offer(id); st != NoOffer {
				if _, err := b.Decline(id); err != nil {
					t.Fatal(err)
				}
			}
			for si := range s.Schools {
				u := s.Schools[si].URN
				bs := b.schools[u]
				if bs.holding > bs.pan {
					t.Fatalf("round %d step %d: school %d holds %d over PAN %d", round, step, si, bs.holding, bs.pan)
				}
				wl := b.WaitingList(u)
				if len(wl) > 0 && b.Places(u) > 0 {
					t.Fatalf("round %d step %d: school %d has %d places and %d waiting", round, step, si, b.Places(u), len(wl))
				}
				for j, w := range wl {
					held, _, _ := b.Offer(w.ApplicationID)
					a := b.byID[w.ApplicationID]
					if held != 0 && !prefersTo(&apps[a], u, held) {
						t.Fatalf("child %s waits for %v but holds a school they rank higher", w.ApplicationID, u)
					}
					if j > 0 {
						prev := b.byID[wl[j-1].ApplicationID]
						if !o.better(si, int(prev), int(a)) {
							t.Fatalf("waiting list of school %d out of order at %d", si, j)
						}
					}
				}
			}
		}
	}
}

func TestBookCloseWaitingLists(t *testing.T) {
	// Code 2.15: waiting lists are kept until at least 31 December of the
	// school year of admission (the issue said "the first term").
	tn := newTiny(1)
	tn.add("in", 100, 0)
	tn.add("waiting", 200, 0)
	_, b := tn.book(t)
	u := tn.s.Schools[0].URN
	for _, day := range []string{"2027-03-01", "2027-12-20", "2027-12-31"} {
		if err := b.CloseWaitingLists(d(day)); !errors.Is(err, ErrInvalidState) {
			t.Errorf("closing on %s: %v", day, err)
		}
		if len(b.WaitingList(u)) != 1 {
			t.Fatalf("a refused close on %s emptied the list", day)
		}
	}
	if err := b.CloseWaitingLists(d("2028-01-01")); err != nil {
		t.Fatal(err)
	}
	if wl := b.WaitingList(u); len(wl) != 0 {
		t.Errorf("after closing: %+v", wl)
	}
	if got, _, _ := b.Offer("in"); got != u {
		t.Errorf("closing the lists took a place: %v", got)
	}
	// A place freed now goes to no one from the closed list.
	if changes, err := b.Decline("in"); err != nil || len(changes) != 1 {
		t.Errorf("decline after closing: %+v, %v", changes, err)
	}
}
