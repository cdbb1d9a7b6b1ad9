package admissions

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/internal/enum"
)

// Standing is where a child stands in a school's ranking: the criterion
// they meet, whether their application was late, and their home-to-school
// distance. It is what parents compare with the last child offered.
type Standing struct {
	// Criterion is the index into the school's Criteria of the first
	// criterion the child meets; len(Criteria) means none (other
	// children); EHCCriterion marks an EHC plan admission and
	// NoCriterion an unplaced child. Resolve it with Result.CriterionCode.
	Criterion uint8 `json:"criterion"`
	// Late is set for a late application ranked after on-time ones.
	Late bool `json:"late,omitempty"`
	// DistanceCM is the straight-line distance from home to school in
	// centimetres, or UnknownDistance.
	DistanceCM uint32 `json:"distance_cm"`
}

// Special values of Standing.Criterion.
const (
	EHCCriterion = 254
	NoCriterion  = 255
)

// UnknownDistance is the DistanceCM of a child whose home location is not
// known (no grid reference or latitude and longitude, or one that is NaN,
// infinite or off the National Grid): such a child ranks after every
// measured one within their criterion, never ahead of a child who meets a
// higher criterion, and children tied on it are ordered by the random draw.
// It is also the cap: no distance is longer (1,342 km).
const UnknownDistance = 1<<27 - 1

// DistanceMetres returns the distance in metres, or -1 if unknown.
func (s Standing) DistanceMetres() float64 {
	if s.DistanceCM == UnknownDistance {
		return -1
	}
	return float64(s.DistanceCM) / 100
}

// Key layout: bit 63 late, bits 58-62 criterion tier, bits 31-57 distance
// in cm, bits 0-30 the top 31 bits of the draw. Smaller keys rank first.
const (
	keyLateShift = 63
	keyTierShift = 58
	keyDistShift = 31
	maxTiers     = 31
)

func packKey(late bool, tier int, distCM uint32, draw uint64) uint64 {
	k := uint64(tier)<<keyTierShift | uint64(distCM)<<keyDistShift | draw>>33
	if late {
		k |= 1 << keyLateShift
	}
	return k
}

func standingOf(k uint64) Standing {
	return Standing{
		Criterion:  uint8(k >> keyTierShift & 31),
		Late:       k>>keyLateShift != 0,
		DistanceCM: uint32(k >> keyDistShift & UnknownDistance),
	}
}

// Unknown locations. identity.GridPoint.DistanceTo returns NaN when either
// point is unknown, and NaN compares false with everything, which would make
// a ranking depend on the order of comparisons. This package therefore never
// calls it: every location goes through known first, and a distance involving
// an unknown location is UnknownDistance, an ordinary integer that ranks after
// every measured distance. Children tied on it are ordered by the random
// draw, so the result is still a pure function of the seed.

// known reports whether p is a usable location: not the zero point ("not
// known") and on the National Grid (finite, 0 to 700 km east, 0 to 1300 km
// north). NaN, infinite and off-grid points count as unknown.
func known(p identity.GridPoint) bool { return !p.IsZero() && p.Valid() }

// homePoint returns the point distances are measured from: the address's
// OSGB36 grid reference if known, or else its WGS84 latitude and longitude
// converted to the grid (identity.LatLon.ToGrid), or the zero point when
// neither gives a known location.
func homePoint(h *identity.Address) identity.GridPoint {
	if known(h.Grid) {
		return h.Grid
	}
	if !h.LatLon.IsZero() && h.LatLon.Valid() {
		if g := h.LatLon.ToGrid(); known(g) {
			return g
		}
	}
	return identity.GridPoint{}
}

// distanceCM is the straight-line distance between two OSGB36 grid points,
// rounded to the nearest centimetre, or UnknownDistance if either point is
// not known. It never produces or compares NaN.
func distanceCM(a, b identity.GridPoint) uint32 {
	if !known(a) || !known(b) {
		return UnknownDistance
	}
	return checkedCM(a, b)
}

// checkedCM is distanceCM for points already checked: each is known or
// zero (as homePoint returns them).
func checkedCM(a, b identity.GridPoint) uint32 {
	if a.IsZero() || b.IsZero() {
		return UnknownDistance
	}
	dx, dy := a.Easting-b.Easting, a.Northing-b.Northing
	d := math.Sqrt(dx*dx+dy*dy)*100 + 0.5
	if !(d < UnknownDistance) {
		return UnknownDistance
	}
	return uint32(d)
}

// Basis says why a child got the place they were offered.
type Basis uint8

// Bases. Values are append-only.
const (
	// Unplaced: no offer could be made.
	Unplaced Basis = iota
	// Ranked: offered through the oversubscription criteria.
	Ranked
	// EHCPlan: admitted because the child's EHC plan names the school,
	// before anyone is ranked and even over the PAN (Code paragraph 1.6).
	EHCPlan
	// NearestWithPlace: none of the preferences could be met and the
	// scheme offers the nearest school with a place left.
	NearestWithPlace
)

var basisNames = [...]string{"unplaced", "ranked", "ehc_plan", "nearest_with_place"}

func (b Basis) String() string {
	if int(b) < len(basisNames) {
		return basisNames[b]
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// MarshalText implements encoding.TextMarshaler.
func (b Basis) MarshalText() ([]byte, error) {
	return enum.Marshal(basisNames[:], b, "admissions", "Basis")
}

// UnmarshalText implements encoding.TextUnmarshaler, accepting the names
// String gives.
func (b *Basis) UnmarshalText(t []byte) error {
	i := slices.Index(basisNames[:], string(t))
	if i < 0 {
		return fmt.Errorf("admissions: unknown basis")
	}
	*b = Basis(i)
	return nil
}

// Refusal explains one higher preference that could not be offered.
type Refusal struct {
	School URN `json:"school"`
	// Own is the child's standing at the school.
	Own Standing `json:"own"`
	// LastOffered is the standing of the last child offered a place
	// there through the criteria; meaningless if NoRankedPlaces.
	LastOffered Standing `json:"last_offered"`
	// Preference is the parent's rank of the school, 1 for first.
	Preference uint8 `json:"preference"`
	// NoRankedPlaces is set when the school had no places to offer
	// through its criteria: children with EHC plans naming it took them
	// all, or it has no PAN for the year group.
	NoRankedPlaces bool `json:"no_ranked_places,omitempty"`
}

// Outcome is one child's result. It holds no pointers, so that a national
// result costs the garbage collector nothing; the child's application ID
// and refusals are on the Result (ApplicationID, Refusals, Explain).
type Outcome struct {
	// Offer is the school offered, or zero.
	Offer URN `json:"offer,omitempty"`
	// Standing is the child's standing at the offered school (for a
	// Ranked or NearestWithPlace offer).
	Standing Standing `json:"standing"`
	// Preference is the parent's rank of the offered school (1 for
	// first), or 0 when it was not one of their preferences.
	Preference uint8 `json:"preference,omitempty"`
	Basis      Basis `json:"basis"`
}

// SchoolResult summarises one school's allocation.
type SchoolResult struct {
	URN URN `json:"urn"`
	PAN int `json:"pan"`
	// EHC is the number admitted through EHC plans, Ranked the number
	// offered through the criteria, Nearest the number offered as the
	// nearest school with a place.
	EHC     int `json:"ehc"`
	Ranked  int `json:"ranked"`
	Nearest int `json:"nearest"`
	// Oversubscribed is set when someone was refused a place.
	Oversubscribed bool `json:"oversubscribed"`
	// LastOffered is the standing of the last child offered through the
	// criteria (valid when Ranked > 0).
	LastOffered Standing `json:"last_offered"`
	// Waiting is the length of the waiting list.
	Waiting int `json:"waiting"`
}

// Offered returns every offer the school made.
func (s SchoolResult) Offered() int { return s.EHC + s.Ranked + s.Nearest }

// Result is the outcome of a round: one Outcome per application, in the
// order given, each school's summary, and the waiting lists. It records the
// tie-break (seed and mode) so the round can be rerun and checked. A Result
// refers to the applications it was computed from for their IDs; it is safe
// for concurrent reads.
type Result struct {
	Council    councilkit.Council `json:"council"`
	EntryYear  YearGroup          `json:"entry_year"`
	SchoolYear SchoolYear         `json:"school_year"`
	TieBreak   TieBreak           `json:"tie_break"`
	Outcomes   []Outcome          `json:"-"`
	Schools    []SchoolResult     `json:"schools"`

	criteria [][]string // per school, criterion codes
	schools  []*School  // the scheme's schools, for names and descriptions
	schoolIx map[URN]int32
	// The ranked preferences, shared with the Round, and each child's
	// state when the matching ended: a child's refusals are their
	// preferences before the one they hold.
	pt      prefTable
	app     []appState
	wlStart []int32 // CSR over schools
	wl      []wlEntry
	keys    roundKeys

	idOnce  sync.Once
	idIndex map[string]int32
}

// held is a child at a school: their key and application.
type held struct {
	key uint64
	app int32
}

// wlEntry is a child on a Result's waiting list: the refused preference
// and the child.
type wlEntry struct {
	q   int32 // into pt.prefs
	app int32
}

// roundKeys keeps what is needed to break exact key ties.
type roundKeys struct {
	tb   TieBreak
	apps []Application
	urns []URN
}

// less reports whether applicant a with key ka ranks above b with kb at
// school s. Exact key ties (same criterion, same distance to the
// centimetre, same top 31 bits of the draw) go to the full 64-bit draw,
// then to the lower application ID, and, for the same ID given twice (which
// a store refuses), to the earlier application.
func (rk *roundKeys) less(s int32, ka uint64, a int32, kb uint64, b int32) bool {
	if ka != kb {
		return ka < kb
	}
	return rk.tie(s, a, b)
}

func (rk *roundKeys) tie(s int32, a, b int32) bool {
	if c := rk.tb.compare(rk.urns[s], rk.apps[a].ID, rk.apps[b].ID); c != 0 {
		return c < 0
	}
	return a < b
}

// CriterionCode returns the code of the criterion a standing at a school
// refers to: a criterion's Code, OtherChildren, EHCPlanCode, or "" for an
// unplaced child.
func (r *Result) CriterionCode(school URN, s Standing) string {
	i, ok := r.schoolIx[school]
	if !ok {
		return ""
	}
	c := r.criteria[i]
	switch {
	case int(s.Criterion) < len(c):
		return c[s.Criterion]
	case s.Criterion == EHCCriterion:
		return EHCPlanCode
	case s.Criterion == NoCriterion:
		return ""
	}
	return OtherChildren
}

// ApplicationID returns the ID of the i'th application.
func (r *Result) ApplicationID(i int) string { return r.keys.apps[i].ID }

// Refusals returns, best first, every preference of the i'th application
// ranked above its offer (all of them for an unplaced child), with the
// reason: a new slice, or nil if there are none.
func (r *Result) Refusals(i int) []Refusal {
	start, end, ak := r.pt.prefStart[i], r.app[i].next, r.app[i].ak
	if start == end {
		return nil
	}
	out := make([]Refusal, 0, end-start)
	for q := start; q < end; q++ {
		pr := r.pt.prefs[q]
		sr := &r.Schools[pr.school()]
		out = append(out, Refusal{
			School:         sr.URN,
			Preference:     pr.pos(),
			Own:            standingOf(r.pt.key(ak, q)),
			LastOffered:    sr.LastOffered,
			NoRankedPlaces: sr.PAN <= sr.EHC, // no places left after EHC admissions
		})
	}
	return out
}

// waiting returns school i's waiting list.
func (r *Result) waiting(i int32) []held {
	seg := r.wl[r.wlStart[i]:r.wlStart[i+1]]
	out := make([]held, len(seg))
	for j, w := range seg {
		out[j] = held{key: r.pt.key(r.app[w.app].ak, w.q), app: w.app}
	}
	return out
}

// Index returns the position of the application with this ID.
func (r *Result) Index(applicationID string) (int, bool) {
	r.idOnce.Do(func() {
		r.idIndex = make(map[string]int32, len(r.Outcomes))
		for i := range r.Outcomes {
			r.idIndex[r.keys.apps[i].ID] = int32(i)
		}
	})
	i, ok := r.idIndex[applicationID]
	return int(i), ok
}

// Explanation is one child's outcome with its reasons, as a parent's
// letter or an appeal panel needs it.
type Explanation struct {
	ApplicationID string    `json:"application_id"`
	Outcome       Outcome   `json:"outcome"`
	Refusals      []Refusal `json:"refusals,omitempty"`
}

// Explain returns the i'th child's outcome and reasons.
func (r *Result) Explain(i int) Explanation {
	return Explanation{ApplicationID: r.ApplicationID(i), Outcome: r.Outcomes[i], Refusals: r.Refusals(i)}
}

// School returns the summary of one school.
func (r *Result) School(u URN) (SchoolResult, bool) {
	i, ok := r.schoolIx[u]
	if !ok {
		return SchoolResult{}, false
	}
	return r.Schools[i], true
}

// WaitingEntry is one child on a school's waiting list.
type WaitingEntry struct {
	// Position is 1 for the top of the list.
	Position      int      `json:"position"`
	ApplicationID string   `json:"application_id"`
	Standing      Standing `json:"standing"`
}

// WaitingList returns a school's waiting list on offer day: every child
// refused a place there who ranked it above the school they were offered,
// ordered by the oversubscription criteria (never by date of application;
// Code paragraph 2.15).
func (r *Result) WaitingList(u URN) []WaitingEntry {
	i, ok := r.schoolIx[u]
	if !ok {
		return nil
	}
	seg := r.waiting(i)
	out := make([]WaitingEntry, len(seg))
	for j, h := range seg {
		out[j] = WaitingEntry{Position: j + 1, ApplicationID: r.keys.apps[h.app].ID, Standing: standingOf(h.key)}
	}
	return out
}

// Allocate runs the coordinated round: the equal preference scheme as
// student-proposing deferred acceptance over every school of the scheme.
//
// First every child whose EHC plan names a school is admitted there, even
// over the PAN, and leaves the round (Code paragraph 1.6). The rest are
// ranked at each school they named by its criteria (late applications
// after on-time ones unless the scheme says otherwise), by distance, and by
// the random draw. Then children propose to their schools in preference
// order; each school holds its best-ranked proposals up to its remaining
// places and lets the others go on to their next preference. The result is
// the applicant-optimal stable matching: each child is offered the highest
// preference at which they rank within the places, no child prefers a
// school that admitted a lower-ranked child or has a place left, and the
// result does not depend on the order of apps.
//
// apps are not validated here (use Scheme.Validate as they arrive):
// preferences for schools outside the scheme and repeated schools are
// skipped. Allocate returns an error wrapping ErrInvalidRound only for a
// scheme it cannot run.
//
// The Result refers to apps (for application IDs) and to the scheme's
// schools (for names and criteria); do not change them while it is in use.
// On England's whole secondary round (620,000 children, 3,500 schools, six
// preferences each) Allocate takes about half a second on one core and the
// Result keeps about 50 MB alive besides the applications; see
// BenchmarkNationalRound.
func Allocate(s *Scheme, apps []Application) (*Result, error) {
	rd, err := NewRound(s, apps)
	if err != nil {
		return nil, err
	}
	rd.oneShot = true
	return rd.Result(), nil
}

// Round is a round ranked and ready to run: every child's priority at every
// school they named is computed once, as a packed integer key, when the
// Round is made. Matching then only compares keys. A Round keeps the scheme
// and the applications it was made from, which must not change while it is
// in use. It is not safe for concurrent use.
type Round struct {
	s      *Scheme
	apps   []Application
	e      *engine
	r      *Result
	ranOK  bool
	offers []URN
	// oneShot lets the Result take the engine's per-child state instead
	// of copying it: Allocate never runs the Round again.
	oneShot bool
}

// NewRound checks the scheme and ranks every preference of every
// application. See Allocate for the rules.
func NewRound(s *Scheme, apps []Application) (*Round, error) {
	if err := checkScheme(s); err != nil {
		return nil, err
	}
	r, e := compile(s, apps)
	return &Round{s: s, apps: apps, e: e, r: r}, nil
}

// Offers runs the matching alone and returns the school offered to each
// application, in order (zero for none), without reasons or waiting lists.
// EHC plan admissions are included; the nearest-school offers are not.
// The slice is reused by the next call to Offers.
func (rd *Round) Offers() []URN {
	rd.e.reset()
	rd.e.match()
	if rd.offers == nil {
		rd.offers = make([]URN, len(rd.apps))
	}
	e := rd.e
	for a := range rd.offers {
		var u URN
		switch p := e.app[a].next; {
		case e.basis[a] == EHCPlan:
			u = rd.apps[a].EHCPlanSchool
		case p < e.prefStart[a+1]:
			u = e.keys.urns[e.prefs[p].school()]
		}
		rd.offers[a] = u
	}
	return rd.offers
}

// Result runs the matching and returns the full result, with every
// child's reasons and every school's waiting list. Each call builds a new
// Result.
func (rd *Round) Result() *Result {
	rd.e.reset()
	rd.e.match()
	r := rd.r
	if rd.ranOK {
		r = &Result{Council: r.Council, EntryYear: r.EntryYear, SchoolYear: r.SchoolYear, TieBreak: r.TieBreak, criteria: r.criteria, schools: r.schools, schoolIx: r.schoolIx}
	}
	rd.ranOK = true
	rd.e.finish(rd.s, rd.apps, r, rd.oneShot)
	return r
}

func checkScheme(s *Scheme) error {
	var ps councilkit.Problems
	if !s.EntryYear.Valid() {
		ps.Add("entry_year", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	if s.MaxPreferences != 0 && s.MaxPreferences < 3 {
		// SI 2012/8, Schedule 2, paragraph 1(c)(ii).
		ps.Add("max_preferences", councilkit.CodeTooSmall, councilkit.TooSmallText("3"))
	}
	seen := make(map[URN]bool, len(s.Schools))
	for i := range s.Schools {
		sc := &s.Schools[i]
		// The field name is only built for a school with a problem.
		field := func(name string) string { return councilkit.JoinField(councilkit.IndexField("schools", i), name) }
		if !sc.URN.Valid() {
			ps.Add(field("urn"), CodeInvalidURN, councilkit.InvalidText())
		} else if seen[sc.URN] {
			ps.Add(field("urn"), CodeDuplicateSchool, textDuplicateSchool)
		}
		seen[sc.URN] = true
		if sc.PAN[s.EntryYear] < 0 {
			ps.Add(field("pan"), councilkit.CodeTooSmall, councilkit.TooSmallText("0"))
		}
		if sc.RankBy == ByDistance && sc.PAN[s.EntryYear] > 0 && !known(sc.Location) {
			// Every child would have an unknown distance: the ranking
			// would silently become a lottery.
			ps.Add(field("location"), CodeMissingLocation, textSchoolLocation)
		}
		if len(sc.Criteria) >= maxTiers {
			ps.Add(field("criteria"), councilkit.CodeTooLarge, councilkit.TooLargeText(fmt.Sprint(maxTiers-1)))
		}
	}
	if err := ps.Err(); err != nil {
		return errors.Join(ErrInvalidRound, err)
	}
	return nil
}

// engine is the compiled round: compressed preference lists with packed
// priority keys, and per-school bounded max-heaps of held proposals.
type engine struct {
	keys roundKeys
	prefTable
	app      []appState
	capacity []int32 // ranked places per school (PAN less EHC admissions)
	pan      []int32
	ehc      []int32 // EHC admissions per school
	heapOff  []int32 // per school, into heap; len nS+1
	heapLen  []int32
	heap     []heapEntry // held proposals, a max-heap per school
	basis    []Basis
}

func compile(s *Scheme, apps []Application) (*Result, *engine) {
	nS, nA := len(s.Schools), len(apps)
	e := &engine{
		keys:     roundKeys{tb: s.TieBreak, apps: apps, urns: make([]URN, nS)},
		capacity: make([]int32, nS),
		pan:      make([]int32, nS),
		ehc:      make([]int32, nS),
		basis:    make([]Basis, nA),
	}
	r := &Result{
		Council: s.Council, EntryYear: s.EntryYear, SchoolYear: s.SchoolYear, TieBreak: s.TieBreak,
		criteria: make([][]string, nS),
		schools:  make([]*School, nS),
		schoolIx: make(map[URN]int32, nS),
	}
	index := newURNIndex(nS)
	nCodes := 0
	for i := range s.Schools {
		nCodes += len(s.Schools[i].Criteria)
	}
	allCodes := make([]string, 0, nCodes) // one backing array for every school's codes
	for i := range s.Schools {
		sc := &s.Schools[i]
		index.add(sc.URN, int32(i))
		r.schoolIx[sc.URN] = int32(i)
		e.keys.urns[i] = sc.URN
		e.pan[i] = int32(sc.PAN[s.EntryYear])
		first := len(allCodes)
		for _, c := range sc.Criteria {
			allCodes = append(allCodes, c.Code())
		}
		r.criteria[i] = allCodes[first:len(allCodes):len(allCodes)]
		r.schools[i] = sc
	}
	lookup := index.lookup

	total := nA * s.MaxPreferences
	if total == 0 {
		for i := range apps {
			total += len(apps[i].Preferences)
		}
	}
	ranks := compileRanks(s.Schools)
	e.prefStart = make([]int32, nA+1)
	prefs := make([]pref, total)
	single := s.TieBreak.Mode == SingleTieBreak
	var prefDraw []uint32
	if !single {
		prefDraw = make([]uint32, total)
	}
	e.app = make([]appState, nA)
	demand := make([]int32, nS)
	n := 0 // preferences written
	for ai := range apps {
		a := &apps[ai]
		e.prefStart[ai] = int32(n)
		if a.EHCPlanSchool != 0 {
			e.basis[ai] = EHCPlan
			if si := lookup(a.EHCPlanSchool); si >= 0 {
				e.ehc[si]++
			}
			continue
		}
		h := fnv1a(a.ID)
		var draw uint64
		if single {
			draw = s.TieBreak.draw(h, 0)
		}
		late := !s.LateWithOnTime && s.IsLate(a)
		e.app[ai].ak = appKey(late, draw)
		home := homePoint(&a.Home)
		facts := appFacts{
			lookedAfter: a.LookedAfter != NotLookedAfter,
			need:        a.ExceptionalNeed.Evidence != "",
		}
		if need := n + len(a.Preferences); need > len(prefs) {
			// More preferences than the scheme allows: grow.
			grow := max(need, 2*len(prefs))
			prefs = append(prefs, make([]pref, grow-len(prefs))...)
			if prefDraw != nil {
				prefDraw = append(prefDraw, make([]uint32, grow-len(prefDraw))...)
			}
		}
		first := n
	prefs:
		for pi, u := range a.Preferences {
			si := lookup(u)
			if si < 0 || pi > 254 {
				continue
			}
			for _, prev := range prefs[first:n] {
				if prev.school() == si {
					continue prefs
				}
			}
			sr := &ranks[si]
			var tier int
			if sr.fast {
				tier = sr.tier(a, facts)
			} else {
				tier = slowTier(a, &s.Schools[si])
			}
			var dist uint32 = UnknownDistance
			if sr.byDist {
				dist = checkedCM(home, sr.loc) // both known or zero
			}
			if !single {
				prefDraw[n] = uint32(s.TieBreak.draw(h, u) >> 33)
			}
			prefs[n] = makePref(tier, dist, si, uint8(pi+1))
			n++
			demand[si]++
		}
		if n > first {
			prefs[n-1].sp |= lastPref
		}
	}
	e.prefStart[nA] = int32(n)
	e.prefs = prefs[:n]
	if prefDraw != nil {
		e.prefDraw = prefDraw[:n]
	}

	e.heapOff = make([]int32, nS+1)
	e.heapLen = make([]int32, nS)
	off := int32(0)
	for i := range nS {
		c := max(e.pan[i]-e.ehc[i], 0)
		e.capacity[i] = c
		e.heapOff[i] = off
		off += min(c, demand[i])
	}
	e.heapOff[nS] = off
	e.heap = make([]heapEntry, off)
	return r, e
}

// reset makes the engine ready to match again.
func (e *engine) reset() {
	for a := range e.app {
		e.app[a].next = e.prefStart[a+1] // exhausted, unless held at the end
	}
	clear(e.heapLen)
}

// heapEntry is a proposal a school holds: the child's key there, the
// child, and the preference. A displaced child carries on from it without
// reading their own state, which is a cache miss on a national round.
type heapEntry struct {
	key uint64
	app int32
	p   int32
}

// match runs deferred acceptance in its sequential form (McVitie and
// Wilson): each free child proposes down their list; a full school whose
// worst held child ranks below the proposer swaps them, and the displaced
// child carries on from their next preference. Every proposal costs one
// O(log PAN) heap operation, and the order in which children start does not
// change the result. At the end each child's next is the preference they
// hold, or one past their last if they hold none.
func (e *engine) match() {
	rk := &e.keys
	single := e.prefDraw == nil
	for a0 := range int32(len(e.app)) {
		p := e.prefStart[a0]
		if p == e.prefStart[a0+1] {
			continue // no preferences to rank
		}
		a, ak := a0, e.app[a0].ak
		for {
			pr := e.prefs[p]
			s := pr.school()
			k := e.key(ak, p)
			n := e.heapLen[s]
			h := e.heap[e.heapOff[s]:e.heapOff[s+1]]
			if n < int32(len(h)) {
				// Places left: held in any order until the last is
				// taken, then ordered as a heap once.
				h[n] = heapEntry{k, a, p}
				e.heapLen[s] = n + 1
				if n+1 == int32(len(h)) {
					heapify(h, rk, s)
				}
				break
			}
			if n == 0 || !rk.less(s, k, a, h[0].key, h[0].app) {
				if pr.last() {
					break // preferences exhausted
				}
				p++
				continue
			}
			out := h[0]
			siftDown(h, heapEntry{k, a, p}, rk, s)
			if e.prefs[out.p].last() {
				break // the displaced child had no more preferences
			}
			a, p, ak = out.app, out.p+1, childKey(out.key, single)
		}
	}
	for s := range e.heapLen {
		off, n := e.heapOff[s], e.heapLen[s]
		h := e.heap[off : off+n]
		if n < e.heapOff[s+1]-off {
			heapify(h, rk, int32(s)) // never filled: the worst held to the root
		}
		for _, x := range h {
			e.app[x.app].next = x.p
		}
	}
}

// worse reports whether x ranks below y at school s: the max-heap order.
func worse(x, y heapEntry, rk *roundKeys, s int32) bool {
	if x.key != y.key {
		return x.key > y.key
	}
	return rk.tie(s, y.app, x.app)
}

// heapify orders h as a max-heap.
func heapify(h []heapEntry, rk *roundKeys, s int32) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDownAt(h, i, h[i], rk, s)
	}
}

// siftDown replaces the root of a full max-heap with x and restores the
// heap order.
func siftDown(h []heapEntry, x heapEntry, rk *roundKeys, s int32) { siftDownAt(h, 0, x, rk, s) }

// siftDownAt places x at hole i, whose subtrees are max-heaps, and moves it
// down until the subtree at i is one.
func siftDownAt(h []heapEntry, i int, x heapEntry, rk *roundKeys, s int32) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && worse(h[r], h[l], rk, s) {
			m = r
		}
		if !worse(h[m], x, rk, s) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = x
}

// finish turns the matching into outcomes with reasons, school summaries
// and waiting lists.
//
// The Result shares the engine's preferences, which never change after
// compile, and takes (oneShot) or copies the per-child state, which the
// next matching changes.
func (e *engine) finish(s *Scheme, apps []Application, r *Result, oneShot bool) {
	nS, nA := len(s.Schools), len(apps)
	rk := &e.keys
	r.keys = e.keys
	r.Schools = make([]SchoolResult, nS)
	for i := range nS {
		sr := &r.Schools[i]
		sr.URN = s.Schools[i].URN
		sr.PAN = int(e.pan[i])
		sr.EHC = int(e.ehc[i])
		sr.Ranked = int(e.heapLen[i])
		if e.heapLen[i] > 0 {
			sr.LastOffered = standingOf(e.heap[e.heapOff[i]].key)
		}
	}

	// Refusals, one per preference above the offer: read from the
	// preferences, and counted per school for the waiting lists.
	r.pt = e.prefTable
	if oneShot {
		r.app, e.app = e.app, nil
	} else {
		r.app = slices.Clone(e.app)
	}
	wlCount := make([]int32, nS+1)
	r.Outcomes = make([]Outcome, nA)
	nRef := int32(0)
	for a := range nA {
		o := &r.Outcomes[a]
		start, p, end := e.prefStart[a], r.app[a].next, e.prefStart[a+1]
		nRef += p - start
		switch {
		case e.basis[a] == EHCPlan:
			o.Basis = EHCPlan
			o.Offer = apps[a].EHCPlanSchool
			o.Standing = Standing{Criterion: EHCCriterion, DistanceCM: UnknownDistance}
			for i, u := range apps[a].Preferences {
				if u == o.Offer && i < 255 {
					o.Preference = uint8(i + 1)
					break
				}
			}
		case p < end:
			pr := e.prefs[p]
			o.Basis = Ranked
			o.Offer = e.keys.urns[pr.school()]
			o.Preference = pr.pos()
			o.Standing = standingOf(e.key(r.app[a].ak, p))
		default:
			o.Standing = Standing{Criterion: NoCriterion, DistanceCM: UnknownDistance}
		}
		for _, pr := range e.prefs[start:p] {
			wlCount[pr.school()+1]++
		}
	}
	for i := range nS {
		r.Schools[i].Oversubscribed = wlCount[i+1] > 0
	}

	// Waiting lists: CSR by school, each segment sorted by rank on a
	// copy with the keys beside the entries.
	for i := range nS {
		wlCount[i+1] += wlCount[i]
	}
	r.wlStart = wlCount
	// The entries are gathered with their keys, in child order (reading
	// the preferences in order), sorted per school, then kept without
	// the keys. The heaps, done with, make the buffer if big enough.
	buf := e.heap[:0]
	if cap(buf) < int(nRef) {
		buf = make([]heapEntry, nRef)
	}
	buf = buf[:nRef]
	fill := make([]int32, nS)
	copy(fill, wlCount[:nS])
	for a := range nA {
		ak := r.app[a].ak
		for q := e.prefStart[a]; q < r.app[a].next; q++ {
			si := e.prefs[q].school()
			buf[fill[si]] = heapEntry{key: e.key(ak, q), app: int32(a), p: q}
			fill[si]++
		}
	}
	r.wl = make([]wlEntry, nRef)
	for i := range nS {
		lo, hi := wlCount[i], wlCount[i+1]
		sortByKey(buf[lo:hi], rk, int32(i))
		for j, h := range buf[lo:hi] {
			r.wl[lo+int32(j)] = wlEntry{q: h.p, app: h.app}
		}
		r.Schools[i].Waiting = int(hi - lo)
	}

	if s.OfferNearestWithPlace {
		e.offerNearest(s, apps, r)
	}
}

// offerNearest gives each child unplaced after the matching the nearest
// school of the round with a place left, children taken in order of their
// single draw (lowest first), so the order is reproducible from the seed.
// Only known locations take part: a child whose home location is unknown
// stays Unplaced (the authority must place them by hand), and a school
// whose location is unknown is never the nearest. Schools at the same
// distance to the centimetre go by lower URN.
func (e *engine) offerNearest(s *Scheme, apps []Application, r *Result) {
	var unplaced []int32
	for a := range r.Outcomes {
		if r.Outcomes[a].Basis == Unplaced && known(homePoint(&apps[a].Home)) {
			unplaced = append(unplaced, int32(a))
		}
	}
	if len(unplaced) == 0 {
		return
	}
	single := TieBreak{Seed: s.TieBreak.Seed}
	slices.SortFunc(unplaced, func(x, y int32) int { return single.compare(0, apps[x].ID, apps[y].ID) })
	spare := make([]int32, len(s.Schools))
	var open []int32
	for i := range s.Schools {
		spare[i] = e.capacity[i] - e.heapLen[i]
		if spare[i] > 0 && known(s.Schools[i].Location) {
			open = append(open, int32(i))
		}
	}
	for _, a := range unplaced {
		home := homePoint(&apps[a].Home)
		best, bestD := int32(-1), uint32(math.MaxUint32)
		for _, si := range open {
			if spare[si] == 0 {
				continue
			}
			d := checkedCM(home, s.Schools[si].Location) // both known
			if d < bestD || (d == bestD && s.Schools[si].URN < s.Schools[best].URN) {
				best, bestD = si, d
			}
		}
		if best < 0 {
			return
		}
		spare[best]--
		o := &r.Outcomes[a]
		o.Basis = NearestWithPlace
		o.Offer = s.Schools[best].URN
		o.Standing = Standing{Criterion: uint8(len(s.Schools[best].Criteria)), DistanceCM: bestD}
		r.Schools[best].Nearest++
	}
}
