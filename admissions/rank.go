package admissions

import (
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
