// Package admissionstest holds test helpers for package admissions: a
// generator of realistic synthetic rounds, up to England's whole secondary
// round, and the conformance suite every Store must pass, which also checks
// that the store records each change's events (admissions.ChangeEvents)
// with it and says where (events.Recorder).
package admissionstest

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
)

// RoundConfig describes a synthetic round.
type RoundConfig struct {
	// Seed makes the round reproducible: the same config gives the same
	// round, byte for byte.
	Seed uint64
	// Schools and Applicants are the sizes of the round.
	Schools, Applicants int
	// Preferences is how many schools each parent names.
	Preferences int
	// SiblingShare is the share of children with a sibling at one of
	// their preferred schools.
	SiblingShare float64
	// LookedAfterShare and EHCShare are the shares of looked after
	// children and of children whose EHC plan names a school.
	LookedAfterShare, EHCShare float64
	// FaithShare is the share of schools with a religious character
	// giving priority to their faith; about half their applicants hold
	// the faith evidence.
	FaithShare float64
	// LateShare is the share of applications received after the closing
	// date.
	LateShare float64
	// Surplus is the share of places over applicants (0.1 gives 10% more
	// places than children), spread over the schools' PANs.
	Surplus float64
	// Mode is the tie-break mode of the round.
	Mode admissions.TieBreakMode
	// Width and Height are the sides of the area in metres; towns are
	// scattered over it.
	Width, Height float64
}

// NationalSecondary is England's secondary transfer round at its real
// scale: about 620,000 children applying for Year 7 places at 3,500
// secondary schools, six preferences each drawn from nearby schools, a
// quarter of children with a sibling at a preferred school.
func NationalSecondary() RoundConfig {
	return RoundConfig{
		Seed: 2027, Schools: 3500, Applicants: 620_000, Preferences: 6,
		SiblingShare: 0.25, LookedAfterShare: 0.006, EHCShare: 0.015,
		FaithShare: 0.15, LateShare: 0.02, Surplus: 0.1,
		Width: 500_000, Height: 600_000,
	}
}

// LocalRound is a small authority's round of a few hundred children and a
// dozen schools, for golden files and examples.
func LocalRound() RoundConfig {
	return RoundConfig{
		Seed: 7, Schools: 12, Applicants: 360, Preferences: 3,
		SiblingShare: 0.25, LookedAfterShare: 0.01, EHCShare: 0.02,
		FaithShare: 0.2, LateShare: 0.05, Surplus: 0.05,
		Width: 12_000, Height: 10_000,
	}
}

// Council is the council synthetic rounds belong to (Durham).
var Council = councilkit.MustParseCouncil("E06000047")

// Generate builds a round from cfg: a scheme with its schools and the
// applications, in a deterministic order.
func Generate(cfg RoundConfig) (*admissions.Scheme, []admissions.Application) {
	r := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed))
	s := &admissions.Scheme{
		Council:        Council,
		EntryYear:      admissions.Year7,
		SchoolYear:     2027,
		ClosingDate:    calendar.MustDate(2026, time.October, 31),
		OfferDate:      calendar.MustDate(2027, time.March, 1),
		MaxPreferences: cfg.Preferences,
		TieBreak:       admissions.TieBreak{Seed: cfg.Seed * 0x9E3779B97F4A7C15, Mode: cfg.Mode},
		Schools:        make([]admissions.School, cfg.Schools),
	}

	// Towns: schools cluster around them, children around schools.
	nTowns := max(1, cfg.Schools/25)
	towns := make([][2]float64, nTowns)
	for i := range towns {
		towns[i] = [2]float64{100_000 + r.Float64()*cfg.Width, 100_000 + r.Float64()*cfg.Height}
	}
	spread := math.Sqrt(cfg.Width*cfg.Height/float64(nTowns)) / 4
	places := float64(cfg.Applicants) * (1 + cfg.Surplus)
	weights := make([]float64, cfg.Schools)
	sumW := 0.0
	for i := range weights {
		weights[i] = 0.5 + r.Float64() // school sizes vary two- to threefold
		sumW += weights[i]
	}
	popularity := make([]float64, cfg.Schools)
	for i := range s.Schools {
		t := towns[r.IntN(nTowns)]
		sc := &s.Schools[i]
		sc.URN = admissions.URN(100000 + i*7 + 3)
		sc.Name = "School " + strconv.Itoa(i+1)
		sc.Phase = admissions.Secondary
		pan := int(math.Round(places * weights[i] / sumW))
		sc.PAN = map[admissions.YearGroup]int{admissions.Year7: pan}
		sc.Location.Easting = math.Round(t[0] + r.NormFloat64()*spread)
		sc.Location.Northing = math.Round(t[1] + r.NormFloat64()*spread)
		sc.Criteria = []admissions.Criterion{admissions.LookedAfter{}, admissions.ExceptionalNeed{}, admissions.Sibling{}}
		if r.Float64() < cfg.FaithShare {
			sc.Faith = "christian"
			sc.Criteria = []admissions.Criterion{admissions.LookedAfter{}, admissions.Faith{}, admissions.Sibling{}, admissions.ChildOfStaff{}}
		}
		if r.IntN(10) == 0 {
			sc.RankBy = admissions.ByRandom // random allocation in place of distance
		}
		popularity[i] = r.NormFloat64()
	}

	// A coarse grid of schools for nearest-school queries.
	const cell = 5_000.0
	grid := map[[2]int][]int32{}
	cellOf := func(e, n float64) [2]int { return [2]int{int(e / cell), int(n / cell)} }
	for i := range s.Schools {
		c := cellOf(s.Schools[i].Location.Easting, s.Schools[i].Location.Northing)
		grid[c] = append(grid[c], int32(i))
	}
	// cumulative weights to place children near schools in proportion
	// to their size.
	cum := make([]float64, cfg.Schools)
	acc := 0.0
	for i, w := range weights {
		acc += w
		cum[i] = acc
	}

	type cand struct {
		school int32
		dist   float64
		score  float64
	}
	var cands []cand
	apps := make([]admissions.Application, cfg.Applicants)
	first, last := admissions.Cohort(admissions.Year7, s.SchoolYear)
	cohortDays := last.Sub(first) + 1
	for ai := range apps {
		a := &apps[ai]
		a.ID = "A" + strconv.Itoa(1_000_000+ai)
		a.EntryYear, a.SchoolYear = s.EntryYear, s.SchoolYear
		a.Child.GivenNames, a.Child.FamilyName = "Child", strconv.Itoa(ai)
		a.Child.DateOfBirth = first.AddDays(r.IntN(cohortDays))
		a.Received = s.ClosingDate.AddDays(-r.IntN(60))
		if r.Float64() < cfg.LateShare {
			a.Received = s.ClosingDate.AddDays(1 + r.IntN(30))
		}
		home, _ := slices.BinarySearch(cum, r.Float64()*acc)
		home = min(home, len(cum)-1)
		hs := s.Schools[home].Location
		a.Home.Lines = []string{strconv.Itoa(1+ai%200) + " Synthetic Street"}
		a.Home.Grid.Easting = math.Round(hs.Easting + r.NormFloat64()*2500)
		a.Home.Grid.Northing = math.Round(hs.Northing + r.NormFloat64()*2500)

		// Candidate schools within a few cells, scored by popularity
		// and nearness with a personal taste.
		cands = cands[:0]
		hc := cellOf(a.Home.Grid.Easting, a.Home.Grid.Northing)
		for radius := 1; len(cands) < cfg.Preferences+4 && radius < 40; radius *= 2 {
			cands = cands[:0]
			for dx := -radius; dx <= radius; dx++ {
				for dy := -radius; dy <= radius; dy++ {
					for _, si := range grid[[2]int{hc[0] + dx, hc[1] + dy}] {
						l := s.Schools[si].Location
						d := math.Hypot(l.Easting-a.Home.Grid.Easting, l.Northing-a.Home.Grid.Northing)
						cands = append(cands, cand{si, d, 0})
					}
				}
			}
		}
		slices.SortFunc(cands, func(x, y cand) int { return cmpFloat(x.dist, y.dist) })
		cands = cands[:min(len(cands), cfg.Preferences+4)]
		for i := range cands {
			cands[i].score = popularity[cands[i].school] - cands[i].dist/3000 + r.NormFloat64()*0.7
		}
		slices.SortFunc(cands, func(x, y cand) int { return cmpFloat(y.score, x.score) })
		n := min(len(cands), cfg.Preferences)
		a.Preferences = make([]admissions.URN, n)
		for i := range n {
			a.Preferences[i] = s.Schools[cands[i].school].URN
		}
		if n > 0 && r.Float64() < cfg.SiblingShare {
			a.SiblingsAt = []admissions.URN{a.Preferences[min(r.IntN(2), n-1)]}
		}
		if r.Float64() < cfg.LookedAfterShare {
			a.LookedAfter = admissions.CurrentlyLookedAfter
		}
		if n > 0 && r.Float64() < cfg.EHCShare {
			a.EHCPlanSchool = a.Preferences[0]
		}
		if r.IntN(2) == 0 {
			a.Faith = "christian"
		}
	}
	return s, apps
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
