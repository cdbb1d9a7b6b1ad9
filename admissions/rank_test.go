package admissions

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lgds/councilkit/identity"
)

// TestInlineCriteriaAgreeWithMeets checks that the compact criteria table
// used while ranking gives every child the same tier as asking each
// criterion's Meets, for every kind of criterion: the built-ins as values
// (evaluated inline) and as pointers (called), catchments present and
// absent, schools with and without a faith, a council's own criterion, and
// more criteria than the inline table holds.
func TestInlineCriteriaAgreeWithMeets(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	uprns := []identity.UPRN{{}, identity.MustParseUPRN("1"), identity.MustParseUPRN("2"), identity.MustParseUPRN("3")}
	catch := UPRNCatchment{uprns[1]: {}, uprns[3]: {}}
	custom := CriterionFunc{Name: "uprn_2", Func: func(a *Application, _ *School) bool { return a.Home.UPRN == uprns[2] }}
	pool := []Criterion{
		LookedAfter{}, ExceptionalNeed{}, Sibling{}, InCatchment{}, Faith{}, ChildOfStaff{},
		&LookedAfter{}, &ExceptionalNeed{}, &Sibling{}, &InCatchment{}, &Faith{}, &ChildOfStaff{},
		custom, CriterionFunc{Name: "nil_func"},
	}
	urns := []URN{100001, 100002, 100003}
	pick := func() []URN {
		var out []URN
		for _, u := range urns {
			if r.IntN(3) == 0 {
				out = append(out, u)
			}
		}
		return out
	}
	faiths := []string{"", "x", "y"}
	var schools []School
	for i := range 400 {
		sc := School{URN: urns[i%len(urns)], Faith: faiths[r.IntN(3)]}
		if r.IntN(2) == 0 {
			sc.Catchment = catch
		}
		n := r.IntN(maxFastCriteria + 4) // sometimes too many to inline
		for range n {
			sc.Criteria = append(sc.Criteria, pool[r.IntN(len(pool))])
		}
		schools = append(schools, sc)
	}
	ranks := compileRanks(schools)
	inlined, called := 0, 0
	for range 5000 {
		a := &Application{
			LookedAfter:     LookedAfterStatus(r.IntN(3)),
			SiblingsAt:      pick(),
			StaffAt:         pick(),
			Faith:           faiths[r.IntN(3)],
			ExceptionalNeed: Need{Schools: pick(), Evidence: []string{"", "ref"}[r.IntN(2)]},
			Home:            identity.Address{UPRN: uprns[r.IntN(len(uprns))]},
		}
		f := appFacts{lookedAfter: a.LookedAfter != NotLookedAfter, need: a.ExceptionalNeed.Evidence != ""}
		for i := range schools {
			want := slowTier(a, &schools[i])
			got := want
			if ranks[i].fast {
				got = ranks[i].tier(a, f)
				inlined++
			} else {
				called++
			}
			if got != want {
				t.Fatalf("school %d (criteria %v): inline tier %d, Meets gives %d for %+v", i, schools[i].Criteria, got, want, a)
			}
		}
	}
	if inlined == 0 || called == 0 {
		t.Fatalf("inlined %d, called %d: both paths must be exercised", inlined, called)
	}
}

// TestURNIndex checks the ranking's URN table against a map, for rounds
// from empty to national size, with URNs present, absent, zero and out of
// range.
func TestURNIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 255, 256, 3500} {
		want := make(map[URN]int32, n)
		x := newURNIndex(n)
		for len(want) < n {
			u := URN(100000 + r.IntN(900000))
			if _, dup := want[u]; !dup {
				want[u] = int32(len(want))
				x.add(u, want[u])
			}
		}
		for u, i := range want {
			if got := x.lookup(u); got != i {
				t.Fatalf("n=%d: lookup(%d) = %d, want %d", n, u, got, i)
			}
		}
		for _, u := range []URN{0, 1, 99999, 1000000, 4294967295, URN(100000 + r.IntN(900000))} {
			i, ok := want[u]
			if !ok {
				i = -1
			}
			if got := x.lookup(u); got != i {
				t.Fatalf("n=%d: lookup(%d) = %d, want %d", n, u, got, i)
			}
		}
	}
}

// TestSplitKeyEqualsPackKey checks that a key stored in halves (per
// preference and per child) reassembles to packKey of the same facts,
// under both tie-break modes, at the extremes of every field.
func TestSplitKeyEqualsPackKey(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 3))
	tiers := []int{0, 1, maxTiers - 1}
	dists := []uint32{0, 1, 12345, UnknownDistance - 1, UnknownDistance}
	for range 2000 {
		late := r.IntN(2) == 0
		tier := tiers[r.IntN(len(tiers))]
		dist := dists[r.IntN(len(dists))]
		draw := r.Uint64()
		si, pos := int32(r.IntN(900_000)), uint8(r.IntN(256))
		want := packKey(late, tier, dist, draw)
		single := &prefTable{prefs: []pref{makePref(tier, dist, si, pos)}}
		if got := single.key(appKey(late, draw), 0); got != want {
			t.Fatalf("single: key %#x, packKey %#x", got, want)
		}
		multiple := &prefTable{prefs: single.prefs, prefDraw: []uint32{uint32(draw >> 33)}}
		if got := multiple.key(appKey(late, 0), 0); got != want {
			t.Fatalf("multiple: key %#x, packKey %#x", got, want)
		}
		if p := single.prefs[0]; p.school() != si || p.pos() != pos || p.last() {
			t.Fatalf("school %d pos %d last %v, want %d %d false", p.school(), p.pos(), p.last(), si, pos)
		}
		if p := (pref{sp: single.prefs[0].sp | lastPref}); p.school() != si || p.pos() != pos || !p.last() {
			t.Fatalf("marked last: school %d pos %d last %v, want %d %d true", p.school(), p.pos(), p.last(), si, pos)
		}
		if got, want := childKey(want, true), appKey(late, draw); got != want {
			t.Fatalf("single: childKey %#x, want %#x", got, want)
		}
		if got, want := childKey(want, false), appKey(late, 0); got != want {
			t.Fatalf("multiple: childKey %#x, want %#x", got, want)
		}
		if s := standingOf(want); s.Late != late || int(s.Criterion) != tier || s.DistanceCM != dist {
			t.Fatalf("standing %+v", s)
		}
	}
}

// TestSortByKey checks the waiting lists' sort against slices.SortFunc with
// the full ranking order, on lists from empty to long, with keys drawn from
// ranges small enough that long runs of equal keys (and equal IDs) occur,
// already sorted and reversed.
func TestSortByKey(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 4))
	apps := make([]Application, 500)
	for i := range apps {
		apps[i].ID = []string{"A", "B", "C", "D"}[r.IntN(4)] + string(rune('0'+r.IntN(10)))
	}
	rk := &roundKeys{tb: TieBreak{Seed: 42, Mode: MultipleTieBreak}, apps: apps, urns: []URN{100001, 100002}}
	full := func(x, y heapEntry) int {
		switch {
		case x.key < y.key:
			return -1
		case x.key > y.key:
			return 1
		case rk.tie(1, x.app, y.app):
			return -1
		}
		return 1
	}
	for _, n := range []int{0, 1, 2, 12, 13, 40, 300, 2000} {
		for _, keyRange := range []int{1, 3, 50, 1 << 30} {
			for order := range 3 {
				h := make([]heapEntry, n)
				for i := range h {
					h[i] = heapEntry{key: uint64(r.IntN(keyRange)) << 20, app: int32(r.IntN(len(apps))), p: int32(i)}
				}
				switch order {
				case 1:
					slices.SortFunc(h, full)
				case 2:
					slices.SortFunc(h, full)
					slices.Reverse(h)
				}
				want := slices.Clone(h)
				slices.SortFunc(want, full)
				got := slices.Clone(h)
				sortByKey(got, rk, 1)
				for i := range got {
					if got[i].key != want[i].key || got[i].app != want[i].app {
						t.Fatalf("n=%d range=%d order=%d: position %d is %+v, want %+v", n, keyRange, order, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestRoundRerunsKeepResults checks that a Round run again (Result,
// Offers, Result) gives the same results as Allocate, that Offers agrees
// with them, and that a Result is not changed by later runs of its Round,
// with which it shares the ranked preferences.
func TestRoundRerunsKeepResults(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 5))
	for it := range 300 {
		s, apps := randomRound(r, 1+r.IntN(6), 1+r.IntN(25))
		s.OfferNearestWithPlace = r.IntN(2) == 0
		want, err := Allocate(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, err := want.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		rd, err := NewRound(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		first := rd.Result()
		firstJSON, _ := first.MarshalJSON()
		offers := slices.Clone(rd.Offers())
		second := rd.Result()
		rd.Offers()
		againJSON, _ := first.MarshalJSON()
		secondJSON, _ := second.MarshalJSON()
		for name, got := range map[string][]byte{"first Result": firstJSON, "first Result after reruns": againJSON, "second Result": secondJSON} {
			if string(got) != string(wantJSON) {
				t.Fatalf("round %d: %s differs from Allocate:\n%s\nwant\n%s", it, name, got, wantJSON)
			}
		}
		for a, o := range want.Outcomes {
			u := o.Offer
			if o.Basis == NearestWithPlace {
				u = 0
			}
			if offers[a] != u {
				t.Fatalf("round %d: Offers()[%d] = %v, Allocate offered %v (%v)", it, a, offers[a], o.Offer, o.Basis)
			}
		}
	}
}

// TestResultReadWhileRoundReruns reads a Result while its Round runs
// again; under the race detector it fails if the two share mutable state.
func TestResultReadWhileRoundReruns(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	s, apps := randomRound(r, 5, 40)
	rd, err := NewRound(s, apps)
	if err != nil {
		t.Fatal(err)
	}
	res := rd.Result()
	want, _ := res.MarshalJSON()
	done := make(chan []byte)
	go func() {
		var got []byte
		for range 20 {
			for i := range apps {
				res.Refusals(i)
			}
			for _, sc := range s.Schools {
				res.WaitingList(sc.URN)
			}
			got, _ = res.MarshalJSON()
		}
		done <- got
	}()
	for range 20 {
		rd.Result()
		rd.Offers()
	}
	if got := <-done; string(got) != string(want) {
		t.Fatalf("result changed while its round ran again:\n%s\nwant\n%s", got, want)
	}
}
