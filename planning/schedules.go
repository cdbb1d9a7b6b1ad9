package planning

import (
	"github.com/lgds/councilkit/calendar"
)

// Band is one rate of a Scale: Rate pounds for each unit of the whole
// quantity, where the quantity does not exceed UpTo.
type Band struct {
	UpTo int64 // inclusive upper limit of the measured quantity
	Rate int64 // pounds per unit (or part of a unit) of the whole quantity
}

// Scale is one fee scale of Schedule 1, Part 2 to the Fees Regulations, as
// the regulations word it since S.I. 2023/1197:
//
//   - if the quantity does not exceed Flat.UpTo (when set), Flat.Fee;
//   - otherwise the first Band whose UpTo the quantity does not exceed sets a
//     rate for every unit (or part of a unit) of the WHOLE quantity: the rate
//     is chosen by the total, not applied in slices;
//   - above Over, Base plus Extra for each unit (or part) in excess of Over,
//     subject to a maximum in total of Max.
//
// Because the rate is chosen by the total, a larger scheme can cost less
// than a smaller one at a band edge: under the 2023 schedule 50
// dwellinghouses cost 50 × £624 = £31,200 while 51 cost £30,860 + £186 =
// £31,046.
//
// Quantities are whole dwellinghouses or square metres; Unit is the size of
// one unit in the same measure (1 dwellinghouse, 1,000 m² = 0.1 hectare,
// 75 m²). All amounts are whole pounds, as in the regulations.
type Scale struct {
	Unit  int64
	Flat  struct{ UpTo, Fee int64 }
	Bands [2]Band
	Over  int64
	Base  int64
	Extra int64
	Max   int64
}

// units returns the number of units (or parts of a unit) in q.
func (s *Scale) units(q int64) int64 { return (q + s.Unit - 1) / s.Unit }

// fee returns the fee in pounds for quantity q, which step of the scale
// applied (0 flat, 1 and 2 the bands, 3 over) and the units charged.
func (s *Scale) fee(q int64) (pounds int64, step int, units int64) {
	if s.Flat.Fee != 0 && q <= s.Flat.UpTo {
		return s.Flat.Fee, 0, 0
	}
	for i, b := range s.Bands {
		if q <= b.UpTo {
			u := s.units(q)
			return b.Rate * u, i + 1, u
		}
	}
	u := s.units(q - s.Over)
	f := s.Base + s.Extra*u
	// mutation: equivalent — f > Max vs f >= Max: at Max the fee is Max either way.
	if s.Max != 0 && f > s.Max {
		f = s.Max
	}
	return f, 3, u
}

func (s Scale) indexed(permille int64) Scale {
	s.Flat.Fee = index(s.Flat.Fee, permille)
	for i := range s.Bands {
		s.Bands[i].Rate = index(s.Bands[i].Rate, permille)
	}
	s.Base = index(s.Base, permille)
	s.Extra = index(s.Extra, permille)
	s.Max = index(s.Max, permille)
	return s
}

// Schedule is the set of fee amounts in force in England from a date. The
// amounts are whole pounds. A zero amount means the schedule does not
// model that fee, and the calculator says so rather than guessing.
type Schedule struct {
	// Name identifies the schedule: "2023-12-06".
	Name string
	// From is the first day applications pay this schedule.
	From calendar.Date
	// Basis cites the legislation that sets the amounts.
	Basis string

	Dwellings        Scale // category 1(2): erection of dwellinghouses, by number
	OutlineDwellings Scale // category 1(1): outline, by site area in m²
	Buildings        Scale // category 2(3): other buildings, by gross floor space created in m²
	OutlineBuildings Scale // category 2(1): outline, by site area in m²

	HouseholderOne  int64 // category 6(1): one dwellinghouse
	HouseholderMany int64 // category 6(2): two or more dwellinghouses
	Curtilage       int64 // category 7(a): operations within the curtilage of a dwellinghouse
	ChangeOfUse     int64 // category 14: other change of use

	S73Householder, S73Major, S73Other int64 // Sch. 1 para. 5: section 73 applications

	ConditionsHouseholder, ConditionsOther int64 // approval of details reserved by condition

	PriorApproval        int64 // reg. 14(1): prior approval (Part 1 Classes A and AA)
	PriorApprovalPerHome int64 // reg. 14(1): Part 3 Class MA, for each dwellinghouse
	LDCBreachOfCondition int64 // reg. 11(3)(b): existing use in breach of a condition
	// Advertisement consent (reg. 13 and Sch. 2): on business premises,
	// advance signs to business premises nearby, and all others.
	AdvertPremises, AdvertAdvanceSign, AdvertOther int64
	// SportsClub is the fixed fee for a playing field applied for by a
	// non-profit sports or recreation club (Sch. 1 Pt 1).
	SportsClub            int64
	IndexPermilleFromPrev int64 // reg. 18A increase applied to the previous schedule, ‰ (0 if none)
}

// index increases pounds by permille thousandths, rounded to the nearest
// pound (half up), as regulation 18A(3) requires.
func index(pounds, permille int64) int64 {
	if pounds == 0 {
		return 0
	}
	return (pounds*(1000+permille)*2 + 1000) / 2000
}

// Indexed returns a copy of s with every relevant amount increased by
// permille thousandths of itself and rounded to the nearest pound: the
// annual increase of regulation 18A of the Fees Regulations (inserted by
// S.I. 2023/1197), by the lower of the September-to-September rise in the
// consumer prices index and 10%, on 1 April each year from 2025.
func (s Schedule) Indexed(name string, from calendar.Date, permille int64, basis string) Schedule {
	// mutation: equivalent — > 100 vs >= 100: capping 100 at 100 changes nothing.
	if permille > 100 {
		permille = 100 // reg. 18A(3)(b): at most 10%
	}
	out := s
	out.Name, out.From, out.Basis, out.IndexPermilleFromPrev = name, from, basis, permille
	out.Dwellings = s.Dwellings.indexed(permille)
	out.OutlineDwellings = s.OutlineDwellings.indexed(permille)
	out.Buildings = s.Buildings.indexed(permille)
	out.ChangeOfUse = index(s.ChangeOfUse, permille)
	out.OutlineBuildings = s.OutlineBuildings.indexed(permille)
	for _, p := range []*int64{&out.HouseholderOne, &out.HouseholderMany, &out.Curtilage,
		&out.S73Householder, &out.S73Major, &out.S73Other, &out.ConditionsHouseholder,
		&out.ConditionsOther, &out.PriorApproval, &out.PriorApprovalPerHome, &out.LDCBreachOfCondition,
		&out.AdvertPremises, &out.AdvertAdvanceSign, &out.AdvertOther, &out.SportsClub} {
		*p = index(*p, permille)
	}
	return out
}

// hectare is 10,000 m²; a tenth of a hectare is the unit of the outline
// scales.
const tenthHectare = 1000

// schedule2012 holds the amounts of the Town and Country Planning (Fees
// for Applications, Deemed Applications, Requests and Site Visits)
// (England) Regulations 2012, S.I. 2012/2920, as made on 21 November 2012
// and in force the next day (reg. 1(1)) for applications made on or after
// it (reg. 1(4)(b)). Before the 2012 Regulations the Town and Country
// Planning (Fees for Applications and Deemed Applications) Regulations 1989
// applied; councilkit does not model them. The 2012 amounts are the ones
// S.I. 2017/1314 reg. 2 substituted (reg. 11(3)(b) £195, 11(6) £385,
// £19,049, £115 and £250,000, reg. 16(1) £28 and £97). Prior approval fees
// (reg. 14) changed class by class in these years and are not modelled.
var schedule2012 = Schedule{
	Name:  "2012-11-22",
	From:  calendar.MustDate(2012, 11, 22),
	Basis: "Fees Regulations 2012 (S.I. 2012/2920) as made",
	Dwellings: Scale{Unit: 1,
		Bands: [2]Band{{UpTo: 50, Rate: 385}, {UpTo: 50, Rate: 385}},
		Over:  50, Base: 19049, Extra: 115, Max: 250000},
	OutlineDwellings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 25000, Rate: 385}, {UpTo: 25000, Rate: 385}},
		Over:  25000, Base: 9527, Extra: 115, Max: 125000},
	Buildings: Scale{Unit: 75,
		Flat:  struct{ UpTo, Fee int64 }{UpTo: 40, Fee: 195},
		Bands: [2]Band{{UpTo: 3750, Rate: 385}, {UpTo: 3750, Rate: 385}},
		Over:  3750, Base: 19049, Extra: 115, Max: 250000},
	OutlineBuildings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 25000, Rate: 385}, {UpTo: 25000, Rate: 385}},
		Over:  25000, Base: 9527, Extra: 115, Max: 125000},
	HouseholderOne:        172,
	HouseholderMany:       339,
	Curtilage:             172,
	ChangeOfUse:           385,
	ConditionsHouseholder: 28,
	ConditionsOther:       97,
	S73Householder:        195,
	S73Major:              195,
	S73Other:              195,
	LDCBreachOfCondition:  195,
	AdvertPremises:        110,
	AdvertAdvanceSign:     110,
	AdvertOther:           385,
	SportsClub:            385,
}

// schedule2018 holds the amounts of the 2012 Regulations as increased by
// about 20% by the Town and Country Planning (Fees for Applications, Deemed
// Applications, Requests and Site Visits) (England) (Amendment) Regulations
// 2017, S.I. 2017/1314, made on 20 December 2017 and in force 28 days
// later (reg. 1(1)), on 17 January 2018: for example reg. 2(2) substitutes
// £234 for £195, £462 for £385, £22,859 for £19,049, £138 for £115 and
// £300,000 for £250,000, and reg. 2(4) £34 for £28 and £116 for £97. S.I.
// 2023/1197 raised these amounts by 25% (35% for major development) to
// give schedule2023.
var schedule2018 = Schedule{
	Name:  "2018-01-17",
	From:  calendar.MustDate(2018, 1, 17),
	Basis: "Fees Regulations 2012 (S.I. 2012/2920) as amended by S.I. 2017/1314",
	Dwellings: Scale{Unit: 1,
		Bands: [2]Band{{UpTo: 50, Rate: 462}, {UpTo: 50, Rate: 462}},
		Over:  50, Base: 22859, Extra: 138, Max: 300000},
	OutlineDwellings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 25000, Rate: 462}, {UpTo: 25000, Rate: 462}},
		Over:  25000, Base: 11432, Extra: 138, Max: 150000},
	Buildings: Scale{Unit: 75,
		Flat:  struct{ UpTo, Fee int64 }{UpTo: 40, Fee: 234},
		Bands: [2]Band{{UpTo: 3750, Rate: 462}, {UpTo: 3750, Rate: 462}},
		Over:  3750, Base: 22859, Extra: 138, Max: 300000},
	OutlineBuildings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 25000, Rate: 462}, {UpTo: 25000, Rate: 462}},
		Over:  25000, Base: 11432, Extra: 138, Max: 150000},
	HouseholderOne:        206,
	HouseholderMany:       407,
	Curtilage:             206,
	ChangeOfUse:           462,
	ConditionsHouseholder: 34,
	ConditionsOther:       116,
	S73Householder:        234,
	S73Major:              234,
	S73Other:              234,
	LDCBreachOfCondition:  234,
	AdvertPremises:        132,
	AdvertAdvanceSign:     132,
	AdvertOther:           462,
	SportsClub:            462,
}

// schedule2023 holds the amounts substituted by the Town and Country
// Planning (Fees for Applications, Deemed Applications, Requests and Site
// Visits) (England) (Amendment) Regulations 2023, S.I. 2023/1197, in force
// from 6 December 2023 (28 days after being made, reg. 1(2)).
var schedule2023 = Schedule{
	Name:  "2023-12-06",
	From:  calendar.MustDate(2023, 12, 6),
	Basis: "Fees Regulations 2012 (S.I. 2012/2920) as amended by S.I. 2023/1197",
	Dwellings: Scale{Unit: 1,
		Bands: [2]Band{{UpTo: 9, Rate: 578}, {UpTo: 50, Rate: 624}},
		Over:  50, Base: 30860, Extra: 186, Max: 405000},
	OutlineDwellings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 5000, Rate: 578}, {UpTo: 25000, Rate: 624}},
		Over:  25000, Base: 15433, Extra: 186, Max: 202500},
	// Category 2(3)(e) read £30,680 (not £30,860) as made; S.I. 2025/342
	// reg. 5(3)(a) substitutes for "£30,680".
	Buildings: Scale{Unit: 75,
		Flat:  struct{ UpTo, Fee int64 }{UpTo: 40, Fee: 293},
		Bands: [2]Band{{UpTo: 1000, Rate: 578}, {UpTo: 3750, Rate: 624}},
		Over:  3750, Base: 30680, Extra: 186, Max: 405000},
	OutlineBuildings: Scale{Unit: tenthHectare,
		Bands: [2]Band{{UpTo: 10000, Rate: 578}, {UpTo: 25000, Rate: 624}},
		Over:  25000, Base: 15433, Extra: 186, Max: 202500},
	HouseholderOne:        258,
	HouseholderMany:       509,
	Curtilage:             258,
	ChangeOfUse:           578,
	ConditionsHouseholder: 43,
	ConditionsOther:       145,
	// Section 73: one flat fee for every kind of development until 1 April
	// 2025.
	S73Householder:       293,
	S73Major:             293,
	S73Other:             293,
	PriorApproval:        120, // reg. 14(1)(za)-(aa), S.I. 2023/1197 reg. 10(2)(a)
	PriorApprovalPerHome: 125, // reg. 14(1)(zc), S.I. 2023/1197 reg. 10(2)(c)
	LDCBreachOfCondition: 293, // reg. 11(3)(b), S.I. 2023/1197 reg. 7(3)(b)
	AdvertPremises:       165,
	AdvertAdvanceSign:    165,
	AdvertOther:          578,
	// The club fee has always equalled the first per-unit rate of the
	// scale (£335 in 2008, £385 in 2012, £462 in 2018); S.I. 2023/1197's
	// 25% increase for non-major fees gives £578.
	SportsClub: 578,
}

// schedule2025 is the 2023 schedule increased by 1.7% under regulation 18A
// (CPI, September 2024) on 1 April 2025, with the amounts the Town and
// Country Planning (Fees for Applications, Deemed Applications, Requests and
// Site Visits) (England) (Amendment and Transitional Provision) Regulations
// 2025, S.I. 2025/342, substituted from the same day; the substituted
// amounts are not also increased.
var schedule2025 = func() Schedule {
	s := schedule2023.Indexed("2025-04-01", calendar.MustDate(2025, 4, 1), 17,
		"Fees Regulations 2012 as amended by S.I. 2023/1197 and S.I. 2025/342, with the reg. 18A increase of 1.7%")
	s.Buildings.Base = 31385                                 // S.I. 2025/342 reg. 5(3)(a)
	s.HouseholderOne = 528                                   // reg. 5(3)(c)(i)
	s.HouseholderMany = 1043                                 // reg. 5(3)(c)(ii)
	s.S73Householder, s.S73Major, s.S73Other = 86, 2000, 586 // reg. 5(2), new Sch. 1 para. 5
	s.ConditionsHouseholder, s.ConditionsOther = 86, 298     // reg. 4(2): reg. 16(1)(a)-(b)
	s.PriorApproval = 240                                    // reg. 3(a): reg. 14(1)(za), (zab), (zac), (a), (aa), (ba)
	s.PriorApprovalPerHome = 250                             // reg. 3(c): reg. 14(1)(zc)
	return s
}()

// schedule2026 is the 2025 schedule increased by 3.8% under regulation 18A
// (CPI, September 2025) on 1 April 2026.
var schedule2026 = schedule2025.Indexed("2026-04-01", calendar.MustDate(2026, 4, 1), 38,
	"Fees Regulations 2012 as amended, with the reg. 18A increase of 3.8% (CPI September 2025)")

// schedules are in date order; the last whose From is on or before a date
// applies.
var schedules = [...]*Schedule{&schedule2012, &schedule2018, &schedule2023, &schedule2025, &schedule2026}

// Schedules returns copies of the fee schedules the calculator knows, oldest
// first.
func Schedules() []Schedule {
	out := make([]Schedule, len(schedules))
	for i, s := range schedules {
		out[i] = *s
	}
	return out
}

// ScheduleAt returns (a copy of) the schedule in force on d, and false if d
// is before the first schedule modelled (22 November 2012).
func ScheduleAt(d calendar.Date) (Schedule, bool) {
	s := scheduleAt(d)
	if s == nil {
		return Schedule{}, false
	}
	return *s, true
}

func scheduleAt(d calendar.Date) *Schedule {
	for i := len(schedules) - 1; i >= 0; i-- {
		if !d.Before(schedules[i].From) {
			return schedules[i]
		}
	}
	return nil
}
