package admissions

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/lgds/councilkit/identity"
)

// Ranking a national round evaluates a school's criteria for several
// million preferences. Calling each criterion through its interface means
// chasing a pointer per school to its criteria and another per criterion,
// cache misses that cost more than the tests themselves. compileRanks
// therefore decodes each school's criteria once into a compact table of
// small kinds; the built-in criteria are then evaluated inline, with
// exactly the rules of their Meets methods, and anything else (a council's
// own criterion, a pointer to a built-in, a catchment) is still asked
// through its Meets method, in the same order and with the same arguments.

// critKind is how a criterion is evaluated while ranking.
type critKind uint8

const (
	critCall        critKind = iota // call Criterion.Meets
	critNever                       // met by no one at this school
	critLookedAfter                 // LookedAfter
	critNeed                        // ExceptionalNeed
	critSibling                     // Sibling
	critFaith                       // Faith at a school with a faith
	critStaff                       // ChildOfStaff
)

// maxFastCriteria is the most criteria a school may have for its table to
// be inline; schools with more are ranked through Meets alone.
const maxFastCriteria = 8

// schoolRank is what ranking reads of one school.
type schoolRank struct {
	loc      identity.GridPoint // known, or zero
	faith    string
	criteria []Criterion
	school   *School
	urn      URN
	n        uint8 // number of criteria
	byDist   bool
	fast     bool // kinds is valid
	kinds    [maxFastCriteria]critKind
}

func compileRanks(schools []School) []schoolRank {
	ranks := make([]schoolRank, len(schools))
	for i := range schools {
		sc := &schools[i]
		r := &ranks[i]
		r.loc = sc.Location
		if !known(r.loc) {
			r.loc = identity.GridPoint{}
		}
		r.faith = sc.Faith
		r.criteria = sc.Criteria
		r.school = sc
		r.urn = sc.URN
		r.n = uint8(len(sc.Criteria)) // checkScheme keeps it below maxTiers
		r.byDist = sc.RankBy == ByDistance
		r.fast = len(sc.Criteria) <= maxFastCriteria
		if !r.fast {
			continue
		}
		for j, c := range sc.Criteria {
			k := critCall
			switch c.(type) {
			case LookedAfter:
				k = critLookedAfter
			case ExceptionalNeed:
				k = critNeed
			case Sibling:
				k = critSibling
			case InCatchment:
				if sc.Catchment == nil {
					k = critNever
				}
			case Faith:
				k = critNever
				if sc.Faith != "" {
					k = critFaith
				}
			case ChildOfStaff:
				k = critStaff
			}
			r.kinds[j] = k
		}
	}
	return ranks
}

// appFacts are the per-child parts of the built-in criteria, computed once
// per child rather than once per preference.
type appFacts struct {
	lookedAfter bool // LookedAfter.Meets
	need        bool // the need carries evidence
}

// tier returns the index of the first criterion a meets at the school, or
// the number of criteria if none. It agrees with slowTier.
func (r *schoolRank) tier(a *Application, f appFacts) int {
	for j := range int(r.n) {
		var ok bool
		switch r.kinds[j] {
		case critNever:
		case critLookedAfter:
			ok = f.lookedAfter
		case critNeed:
			ok = f.need && slices.Contains(a.ExceptionalNeed.Schools, r.urn)
		case critSibling:
			ok = slices.Contains(a.SiblingsAt, r.urn)
		case critFaith:
			ok = a.Faith == r.faith
		case critStaff:
			ok = slices.Contains(a.StaffAt, r.urn)
		default:
			ok = r.criteria[j].Meets(a, r.school)
		}
		if ok {
			return j
		}
	}
	return int(r.n)
}

// slowTier is tier by calling every criterion's Meets.
func slowTier(a *Application, s *School) int {
	for j, c := range s.Criteria {
		if c.Meets(a, s) {
			return j
		}
	}
	return len(s.Criteria)
}

// urnIndex finds a school's index from its URN while ranking: an
// open-addressing table of twice the round's size or more, small enough to
// stay in cache (a national round's is 128 KiB), where a dense table over
// every possible URN would take 4 MB and miss the cache on most lookups.
type urnIndex struct {
	slots []urnSlot
	shift uint8
}

type urnSlot struct {
	urn URN // 0: empty
	i   int32
}

func newURNIndex(n int) urnIndex {
	size, shift := 16, uint8(64-4)
	for size < 2*n {
		size *= 2
		shift--
	}
	return urnIndex{slots: make([]urnSlot, size), shift: shift}
}

func (x urnIndex) home(u URN) int { return int(uint64(u) * 0x9E3779B97F4A7C15 >> x.shift) }

// add records that the school with URN u, valid and not yet added, has
// index i.
func (x urnIndex) add(u URN, i int32) {
	mask := len(x.slots) - 1
	for h := x.home(u); ; h = (h + 1) & mask {
		if x.slots[h].urn == 0 {
			x.slots[h] = urnSlot{u, i}
			return
		}
	}
}

// lookup returns the index of the school with URN u, or -1.
func (x urnIndex) lookup(u URN) int32 {
	if u == 0 {
		return -1
	}
	mask := len(x.slots) - 1
	for h := x.home(u); ; h = (h + 1) & mask {
		switch x.slots[h].urn {
		case u:
			return x.slots[h].i
		case 0:
			return -1
		}
	}
}

// The packed key (see packKey) is stored in two halves, so that a national
// round keeps 8 bytes per preference rather than 13: what depends on the
// school (criterion tier and distance, 32 bits) with the preference, and
// what depends only on the child (lateness and, under SingleTieBreak, the
// draw) once per child. Under MultipleTieBreak the draw depends on the
// school too and is kept per preference in engine.prefDraw.

// pref is one ranked preference.
type pref struct {
	td uint32 // tier << 27 | distance in cm: bits 31 to 62 of the key
	sp uint32 // lastPref | school index << 8 | preference number
}

// lastPref marks a child's last ranked preference.
const lastPref = 1 << 31

// makePref packs a preference. A round has at most 900,000 schools
// (checkScheme refuses repeated and invalid URNs), so the index fits in 20
// bits; tier is below maxTiers and dist at most UnknownDistance.
func makePref(tier int, dist uint32, school int32, pos uint8) pref {
	return pref{td: uint32(tier)<<(keyTierShift-keyDistShift) | dist, sp: uint32(school)<<8 | uint32(pos)}
}

func (p pref) school() int32 { return int32(p.sp >> 8 & (1<<20 - 1)) }
func (p pref) last() bool    { return p.sp&lastPref != 0 }
func (p pref) pos() uint8    { return uint8(p.sp) }

// appState is a child's part of the matching: the preference being held
// or tried, and the child's half of the key.
type appState struct {
	next int32
	ak   uint32 // late << 31 | top 31 bits of the single draw
}

const drawMask = 1<<31 - 1

// childKey recovers a child's half from a key of theirs: under
// SingleTieBreak the draw is the child's, under MultipleTieBreak the
// school's.
func childKey(key uint64, single bool) uint32 {
	ak := uint32(key>>keyLateShift) << 31
	if single {
		ak |= uint32(key) & drawMask
	}
	return ak
}

func appKey(late bool, draw uint64) uint32 {
	k := uint32(draw >> 33)
	if late {
		k |= 1 << 31
	}
	return k
}

// prefTable is every ranked preference of a round, in compressed rows per
// child. It does not change once compiled.
type prefTable struct {
	prefStart []int32  // per applicant, into prefs; len nA+1
	prefs     []pref   // every ranked preference
	prefDraw  []uint32 // under MultipleTieBreak, each preference's draw (top 31 bits)
}

// key reassembles the packed key of preference p of the child whose half
// is ak; it equals packKey of the same facts.
func (t *prefTable) key(ak uint32, p int32) uint64 {
	d := ak & drawMask
	if t.prefDraw != nil {
		d = t.prefDraw[p]
	}
	return uint64(ak>>31)<<keyLateShift | uint64(t.prefs[p].td)<<keyDistShift | uint64(d)
}

// sortByKey sorts a school's entries by rank: by key, and children with
// equal keys (rare: same criterion, same distance to the centimetre, same
// top 31 bits of the draw) by roundKeys.tie. Keys are compared inline,
// which is several times faster on a national round's waiting lists than
// a comparison function.
func sortByKey(h []heapEntry, rk *roundKeys, s int32) {
	quickSortKeys(h, 2*bits.Len(uint(len(h))))
	for i := 0; i < len(h); {
		j := i + 1
		for j < len(h) && h[j].key == h[i].key {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(h[i:j], func(x, y heapEntry) int {
				if rk.tie(s, x.app, y.app) {
					return -1
				}
				return 1
			})
		}
		i = j
	}
}

// quickSortKeys sorts h by key alone: quicksort with a median-of-three
// pivot and Hoare partitioning (which splits runs of equal keys evenly),
// insertion sort for short ranges, and slices.SortFunc past the depth
// limit.
func quickSortKeys(h []heapEntry, depth int) {
	for len(h) > 12 {
		if depth == 0 {
			slices.SortFunc(h, func(x, y heapEntry) int { return cmp.Compare(x.key, y.key) })
			return
		}
		depth--
		m := (len(h) - 1) / 2
		// Median of three to h[m].
		if h[m].key < h[0].key {
			h[m], h[0] = h[0], h[m]
		}
		if h[len(h)-1].key < h[m].key {
			h[m], h[len(h)-1] = h[len(h)-1], h[m]
			if h[m].key < h[0].key {
				h[m], h[0] = h[0], h[m]
			}
		}
		pivot := h[m].key
		i, j := -1, len(h)
		for {
			for i++; h[i].key < pivot; i++ {
			}
			for j--; pivot < h[j].key; j-- {
			}
			if i >= j {
				break
			}
			h[i], h[j] = h[j], h[i]
		}
		// h[:j+1] <= pivot <= h[j+1:]; recurse on the smaller side.
		if j+1 < len(h)-j-1 {
			quickSortKeys(h[:j+1], depth)
			h = h[j+1:]
		} else {
			quickSortKeys(h[j+1:], depth)
			h = h[:j+1]
		}
	}
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j].key < h[j-1].key; j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}
