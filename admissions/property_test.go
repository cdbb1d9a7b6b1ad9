package admissions

import (
	"fmt"
	"github.com/lgds/councilkit/identity"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
)

// oracle ranks children at a school straight from the rules, independently
// of the engine's packed keys: late after on time, then the first criterion
// met, then distance to the centimetre (ByDistance), then the full draw,
// then the application ID.
type oracle struct {
	s    *Scheme
	apps []Application

	cache struct {
		tuples [][]rankTuple // [school][child]
		prefs  [][]int
		cap    []int
	}
}

func newOracle(s *Scheme, apps []Application) *oracle {
	o := &oracle{s: s, apps: apps}
	o.cache.tuples = make([][]rankTuple, len(s.Schools))
	o.cache.cap = make([]int, len(s.Schools))
	for si := range s.Schools {
		o.cache.tuples[si] = make([]rankTuple, len(apps))
		for a := range apps {
			o.cache.tuples[si][a] = o.tuple(si, a)
		}
		o.cache.cap[si] = o.computeCapacity(si)
	}
	o.cache.prefs = make([][]int, len(apps))
	for a := range apps {
		o.cache.prefs[a] = o.computePrefs(a)
	}
	return o
}

type rankTuple struct {
	late bool
	tier int
	dist uint32
	draw uint64
	id   string
}

func (o *oracle) tuple(si, a int) rankTuple {
	sc := &o.s.Schools[si]
	app := &o.apps[a]
	t := rankTuple{tier: len(sc.Criteria), dist: UnknownDistance, id: app.ID}
	t.late = !o.s.LateWithOnTime && !o.s.ClosingDate.IsZero() && app.Received.After(o.s.ClosingDate)
	for i, c := range sc.Criteria {
		if c.Meets(app, sc) {
			t.tier = i
			break
		}
	}
	if home := homePoint(&app.Home); sc.RankBy == ByDistance && known(home) && known(sc.Location) {
		dx, dy := home.Easting-sc.Location.Easting, home.Northing-sc.Location.Northing
		d := math.Floor(math.Sqrt(dx*dx+dy*dy)*100 + 0.5)
		t.dist = uint32(min(d, UnknownDistance))
	}
	t.draw = o.s.TieBreak.Draw(app.ID, sc.URN)
	return t
}

// better reports whether child a ranks above child b at school si.
func (o *oracle) better(si, a, b int) bool {
	x, y := &o.cache.tuples[si][a], &o.cache.tuples[si][b]
	switch {
	case x.late != y.late:
		return !x.late
	case x.tier != y.tier:
		return x.tier < y.tier
	case x.dist != y.dist:
		return x.dist < y.dist
	case x.draw != y.draw:
		return x.draw < y.draw
	case x.id != y.id:
		return x.id < y.id
	}
	return a < b // the same ID twice: the earlier application
}

func (o *oracle) schoolIndex(u URN) int {
	for i := range o.s.Schools {
		if o.s.Schools[i].URN == u {
			return i
		}
	}
	return -1
}

// prefs returns a child's usable preferences as school indexes.
func (o *oracle) prefs(a int) []int { return o.cache.prefs[a] }

func (o *oracle) computePrefs(a int) []int {
	var out []int
	for _, u := range o.apps[a].Preferences {
		if si := o.schoolIndex(u); si >= 0 && !slices.Contains(out, si) {
			out = append(out, si)
		}
	}
	return out
}

func (o *oracle) ranked(a int) bool { return o.apps[a].EHCPlanSchool == 0 }

func (o *oracle) capacity(si int) int { return o.cache.cap[si] }

func (o *oracle) computeCapacity(si int) int {
	c := o.s.Schools[si].PAN[o.s.EntryYear]
	for a := range o.apps {
		if o.apps[a].EHCPlanSchool == o.s.Schools[si].URN {
			c--
		}
	}
	return max(c, 0)
}

// blocking returns a description of a pair that blocks the assignment
// (school index per child, -1 for none), or "".
func (o *oracle) blocking(assign []int) string {
	nS := len(o.s.Schools)
	count := make([]int, nS)
	worst := make([]int, nS)
	for b := range o.apps {
		if si := assign[b]; si >= 0 && o.ranked(b) {
			if count[si] == 0 || o.better(si, worst[si], b) {
				worst[si] = b
			}
			count[si]++
		}
	}
	for a := range o.apps {
		if !o.ranked(a) {
			continue
		}
		for _, si := range o.prefs(a) {
			if si == assign[a] {
				break // reached the child's own school: nothing better
			}
			if count[si] < o.capacity(si) {
				return fmt.Sprintf("child %d prefers school %d, which has a place left", a, si)
			}
			if count[si] > 0 && o.better(si, a, worst[si]) {
				return fmt.Sprintf("child %d prefers school %d, which admitted lower-ranked child %d", a, si, worst[si])
			}
		}
	}
	return ""
}

// optimal finds by brute force every stable assignment and returns the
// applicant-optimal one: each child's best school over all stable
// assignments. It fails the test if that is not itself a stable matching.
func (o *oracle) optimal(t *testing.T) []int {
	n := len(o.apps)
	assign := make([]int, n)
	load := make([]int, len(o.s.Schools))
	best := make([]int, n) // position in prefs; len(prefs) = unassigned
	for a := range best {
		best[a] = math.MaxInt
	}
	pos := func(a, si int) int {
		if si < 0 {
			return len(o.prefs(a))
		}
		return slices.Index(o.prefs(a), si)
	}
	found := 0
	var rec func(a int)
	rec = func(a int) {
		if a == n {
			if o.blocking(assign) == "" {
				found++
				for b := range n {
					best[b] = min(best[b], pos(b, assign[b]))
				}
			}
			return
		}
		assign[a] = -1
		rec(a + 1)
		if !o.ranked(a) {
			return
		}
		for _, si := range o.prefs(a) {
			if load[si] < o.capacity(si) {
				load[si]++
				assign[a] = si
				rec(a + 1)
				load[si]--
			}
		}
		assign[a] = -1
	}
	rec(0)
	if found == 0 {
		t.Fatal("no stable matching exists, which theory rules out")
	}
	out := make([]int, n)
	for a := range n {
		p := o.prefs(a)
		if !o.ranked(a) || best[a] >= len(p) {
			out[a] = -1
		} else {
			out[a] = p[best[a]]
		}
	}
	if b := o.blocking(out); b != "" {
		t.Fatalf("best-of-stable assignment is not stable: %s", b)
	}
	return out
}

var testCriteria = []Criterion{LookedAfter{}, ExceptionalNeed{}, Sibling{}, Faith{}, ChildOfStaff{}}

// unknownPoints are grid references that locate nothing: the zero point,
// NaN, infinities and points off the National Grid. identity's DistanceTo
// gives NaN for some of them; the engine must rank them all as unknown.
var unknownPoints = []identity.GridPoint{
	{},
	{Easting: math.NaN(), Northing: 300000},
	{Easting: 400000, Northing: math.NaN()},
	{Easting: math.Inf(1), Northing: math.Inf(-1)},
	{Easting: -1, Northing: 300000},
	{Easting: 400000, Northing: 2_000_000},
}

// randomRound builds a small random round exercising every rule the engine
// ranks by.
func randomRound(r *rand.Rand, nS, nA int) (*Scheme, []Application) {
	s := &Scheme{
		EntryYear:   Year7,
		SchoolYear:  2027,
		ClosingDate: calendar.MustDate(2026, time.October, 31),
		TieBreak:    TieBreak{Seed: r.Uint64(), Mode: TieBreakMode(r.IntN(2))},
		// Lateness on or off.
		LateWithOnTime: r.IntN(4) == 0,
	}
	for i := range nS {
		sc := School{
			URN:      URN(100001 + i),
			Phase:    Secondary,
			PAN:      map[YearGroup]int{Year7: r.IntN(3)},
			Location: identity.GridPoint{Easting: float64(400000 + r.IntN(3000)), Northing: float64(300000 + r.IntN(3000))},
			RankBy:   Ranking(r.IntN(2)),
		}
		if r.IntN(2) == 0 {
			sc.Faith = "x"
		}
		for _, c := range testCriteria {
			if r.IntN(3) == 0 {
				sc.Criteria = append(sc.Criteria, c)
			}
		}
		s.Schools = append(s.Schools, sc)
	}
	apps := make([]Application, nA)
	for a := range apps {
		app := &apps[a]
		app.ID = fmt.Sprintf("A%03d", r.IntN(1000))
		app.Received = s.ClosingDate.AddDays(r.IntN(5) - 3)
		if r.IntN(8) > 0 {
			// Coarse grid so that equal distances happen.
			app.Home.Grid = identity.GridPoint{Easting: float64(400000 + 500*r.IntN(7)), Northing: float64(300000 + 500*r.IntN(7))}
		} else {
			// An unknown location, in each of the forms it can take.
			app.Home.Grid = unknownPoints[r.IntN(len(unknownPoints))]
		}
		perm := r.Perm(nS)
		k := 1 + r.IntN(nS)
		for _, si := range perm[:k] {
			app.Preferences = append(app.Preferences, s.Schools[si].URN)
		}
		if r.IntN(5) == 0 {
			app.Preferences = append(app.Preferences, app.Preferences[0]) // repeated: skipped
		}
		if r.IntN(10) == 0 {
			app.Preferences = append(app.Preferences, 999999) // not in round: skipped
		}
		if r.IntN(6) == 0 {
			app.LookedAfter = PreviouslyLookedAfter
		}
		if r.IntN(3) == 0 {
			app.SiblingsAt = []URN{s.Schools[r.IntN(nS)].URN}
		}
		if r.IntN(3) == 0 {
			app.Faith = "x"
		}
		if r.IntN(5) == 0 {
			app.StaffAt = []URN{s.Schools[r.IntN(nS)].URN}
		}
		if r.IntN(5) == 0 {
			app.ExceptionalNeed = Need{Schools: []URN{s.Schools[r.IntN(nS)].URN}, Evidence: "ref"}
		}
		if r.IntN(12) == 0 {
			app.EHCPlanSchool = s.Schools[r.IntN(nS)].URN
		}
	}
	return s, apps
}

func offerIndex(o *oracle, res *Result, a int) int {
	out := res.Outcomes[a]
	if out.Basis != Ranked {
		return -1
	}
	return o.schoolIndex(out.Offer)
}

// TestAllocateMatchesBruteForce checks the engine against a brute-force
// search on thousands of small random rounds: the engine's result must be
// the applicant-optimal stable matching, which deferred acceptance is
// proved to find (Gale and Shapley 1962; Roth 1984 for many-to-one).
func TestAllocateMatchesBruteForce(t *testing.T) {
	rounds := 3000
	if testing.Short() {
		rounds = 300
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range rounds {
		s, apps := randomRound(rng, 1+rng.IntN(3), 1+rng.IntN(6))
		res, err := Allocate(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(s, apps)
		want := o.optimal(t)
		for a := range apps {
			if got := offerIndex(o, res, a); got != want[a] {
				t.Fatalf("round %d: child %d offered school %d, applicant-optimal stable matching says %d\nscheme %+v\napps %+v", i, a, got, want[a], s, apps)
			}
		}
	}
}

// TestAllocateStableAtScale checks stability, capacity and the reasons on
// larger random rounds, where brute force is out of reach.
func TestAllocateStableAtScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20 {
		s, apps := randomRound(rng, 12, 150)
		for j := range s.Schools {
			s.Schools[j].PAN[Year7] = rng.IntN(15)
		}
		for j := range apps {
			apps[j].ID = fmt.Sprintf("C%04d", j)
		}
		res, err := Allocate(s, apps)
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(s, apps)
		assign := make([]int, len(apps))
		load := make([]int, len(s.Schools))
		for a := range apps {
			assign[a] = offerIndex(o, res, a)
			if assign[a] >= 0 {
				load[assign[a]]++
			}
		}
		for si := range s.Schools {
			if load[si] > o.capacity(si) {
				t.Fatalf("round %d: school %d holds %d over capacity %d", i, si, load[si], o.capacity(si))
			}
			if res.Schools[si].Ranked != load[si] {
				t.Fatalf("round %d: summary says %d ranked offers, outcomes say %d", i, res.Schools[si].Ranked, load[si])
			}
		}
		if b := o.blocking(assign); b != "" {
			t.Fatalf("round %d: unstable: %s", i, b)
		}
		checkReasons(t, o, res)
	}
}

// checkReasons checks every refusal against the school's last offer, and
// every waiting list's order.
func checkReasons(t *testing.T, o *oracle, res *Result) {
	t.Helper()
	for a, out := range res.Outcomes {
		if o.apps[a].EHCPlanSchool != 0 {
			if out.Basis != EHCPlan || out.Offer != o.apps[a].EHCPlanSchool || len(res.Refusals(a)) != 0 {
				t.Fatalf("child %d with an EHC plan: %+v", a, out)
			}
			continue
		}
		p := o.prefs(a)
		refs := res.Refusals(a)
		if len(refs) > len(p) {
			t.Fatalf("child %d: %d refusals for %d preferences", a, len(refs), len(p))
		}
		if out.Basis == Ranked && len(refs) != int(slices.Index(p, o.schoolIndex(out.Offer))) {
			t.Fatalf("child %d offered preference %d with %d refusals", a, out.Preference, len(refs))
		}
		for j, ref := range refs {
			si := p[j]
			if ref.School != o.s.Schools[si].URN {
				t.Fatalf("child %d refusal %d names %v, want %v", a, j, ref.School, o.s.Schools[si].URN)
			}
			if ref.NoRankedPlaces {
				if o.capacity(si) != 0 {
					t.Fatalf("NoRankedPlaces at a school with places")
				}
				continue
			}
			// The child ranks below the last child offered.
			last := -1
			for b := range o.apps {
				if offerIndex(o, res, b) == si && (last < 0 || o.better(si, last, b)) {
					last = b
				}
			}
			if last < 0 || !o.better(si, last, a) {
				t.Fatalf("child %d refused at %d but ranks above the last offer %d", a, si, last)
			}
			if got, want := ref.LastOffered, res.Outcomes[last].Standing; got != want {
				t.Fatalf("last offered standing %+v, the last child's own %+v", got, want)
			}
			tu := o.tuple(si, a)
			if ref.Own.Late != tu.late || int(ref.Own.Criterion) != tu.tier || ref.Own.DistanceCM != tu.dist {
				t.Fatalf("own standing %+v, oracle %+v", ref.Own, tu)
			}
		}
	}
	for si := range o.s.Schools {
		wl := res.WaitingList(o.s.Schools[si].URN)
		ids := make(map[string]int)
		for a := range o.apps {
			ids[o.apps[a].ID] = a
		}
		want := 0
		for a := range o.apps {
			for _, ref := range res.Refusals(a) {
				if ref.School == o.s.Schools[si].URN {
					want++
				}
			}
		}
		if len(wl) != want {
			t.Fatalf("waiting list of school %d has %d children, %d were refused there", si, len(wl), want)
		}
		for j := 1; j < len(wl); j++ {
			x, y := ids[wl[j-1].ApplicationID], ids[wl[j].ApplicationID]
			if !o.better(si, x, y) {
				t.Fatalf("waiting list of school %d out of order at %d", si, j)
			}
		}
	}
}

// TestAllocateOrderIndependent: the result depends on the seed, not on the
// order in which applications are given.
func TestAllocateOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		s, apps := randomRound(rng, 5, 40)
		for i := range apps {
			apps[i].ID = fmt.Sprintf("B%04d", i) // unique
		}
		res1, _ := Allocate(s, apps)
		shuffled := slices.Clone(apps)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		res2, _ := Allocate(s, shuffled)
		for i := range shuffled {
			o2 := res2.Outcomes[i]
			j, ok := res1.Index(res2.ApplicationID(i))
			if !ok {
				t.Fatalf("%s not found", res2.ApplicationID(i))
			}
			o1 := res1.Outcomes[j]
			if o1 != o2 || len(res1.Refusals(j)) != len(res2.Refusals(i)) {
				t.Fatalf("%s: %+v before shuffling, %+v after", res2.ApplicationID(i), o1, o2)
			}
		}
	}
}
