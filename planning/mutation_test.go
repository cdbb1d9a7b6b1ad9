package planning

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
)

// Tests that pin behaviours mutation testing (scripts/mutation.sh) found no
// test holding. Fee figures are from the sources listed above TestCalculate.

// TestFeeInputForClaims: FeeInputFor reads each exemption and reduction the
// Digital Planning Data Schemas name ("disability", "resubmission",
// "parishCouncil", "alternative", "sports") and nothing else.
func TestFeeInputForClaims(t *testing.T) {
	base := func() *Application {
		return &Application{Type: TypeFullMinor, Received: in2025, Fee: Fee{Category: CategoryChangeOfUse}}
	}
	cases := []struct {
		name                string
		exempt, reduce      []string
		disabled, freeGo    bool
		parish, alt, sports bool
	}{
		{name: "nothing claimed"},
		{name: "disability", exempt: []string{"disability"}, disabled: true},
		{name: "resubmission", exempt: []string{"resubmission"}, freeGo: true},
		{name: "parish council", reduce: []string{"parishCouncil"}, parish: true},
		{name: "alternative", reduce: []string{"alternative"}, alt: true},
		{name: "sports", reduce: []string{"sports"}, sports: true},
		{name: "reductions named as exemptions are not read", exempt: []string{"parishCouncil", "sports", "alternative"}},
		{name: "exemptions named as reductions are not read", reduce: []string{"disability", "resubmission"}},
		{name: "unknown names", exempt: []string{"Disability", ""}, reduce: []string{"parish"}},
		{name: "everything", exempt: []string{"disability", "resubmission"}, reduce: []string{"parishCouncil", "alternative", "sports"},
			disabled: true, freeGo: true, parish: true, alt: true, sports: true},
	}
	for _, c := range cases {
		a := base()
		a.Fee.Exemptions, a.Fee.Reductions = c.exempt, c.reduce
		in := FeeInputFor(a)
		if in.DisabledAccess != c.disabled || in.FreeGo.Claimed != c.freeGo || in.ParishCouncil != c.parish ||
			in.AlternativeNotHighest != c.alt || in.SportsClubPlayingField != c.sports {
			t.Errorf("%s: %+v", c.name, in)
		}
		if in.Type != TypeFullMinor || in.Category != CategoryChangeOfUse || in.Made != in2025 {
			t.Errorf("%s: type, category or day lost: %+v", c.name, in)
		}
	}
	// Each claim changes the fee as the regulations say: reg. 4 (no fee),
	// half for a parish council or a lower alternative, the club's fixed
	// fee, and a resubmission claim is reported as abolished.
	a := base()
	full, _ := Calculate(FeeInputFor(a))
	a.Fee.Exemptions = []string{"disability"}
	if b, err := Calculate(FeeInputFor(a)); err != nil || !b.Exempt() {
		t.Errorf("disability: %v, %v", b.Total(), err)
	}
	a.Fee.Exemptions, a.Fee.Reductions = nil, []string{"parishCouncil"}
	if b, err := Calculate(FeeInputFor(a)); err != nil || b.Total().Pence() != full.Total().Pence()/2 {
		t.Errorf("parish council: %v, %v (full %v)", b.Total(), err, full.Total())
	}
}

// TestFeeInputForAreas: areas are rounded up to whole square metres (the
// scales charge for each unit "or part thereof"), so a whole number of
// square metres stays as it is, and a fraction above it counts as one more.
func TestFeeInputForAreas(t *testing.T) {
	for _, c := range []struct {
		area float64
		want int64
	}{
		{0, 0}, {-5, 0}, {math.NaN(), 0}, {0.01, 1}, {1, 1}, {100, 100}, {100.2, 101}, {999.5, 1000},
		{1000, 1000}, {5000, 5000}, {5000.0001, 5001}, {1e15, 1e15}, {2e15, 1e15}, {math.Inf(1), 1e15},
	} {
		a := &Application{Type: TypeOutlineMinor, Received: in2025}
		a.Site.RedLineAreaM2 = c.area
		a.Proposal.FloorSpaceM2 = c.area
		in := FeeInputFor(a)
		if in.SiteAreaM2 != c.want || in.FloorSpaceM2 != c.want {
			t.Errorf("area %v: site %d, floor %d; want %d", c.area, in.SiteAreaM2, in.FloorSpaceM2, c.want)
		}
	}
	// 5,000 m² of outline dwellings is five tenths of a hectare at £578 in
	// 2023; one square metre more is six at £624 ([2023] category 1(1)).
	for _, c := range []struct {
		area  float64
		total int64
	}{{5000, 5 * 578}, {5000.4, 6 * 624}} {
		a := &Application{Type: TypeOutlineMinor, Received: in2023, Fee: Fee{Category: CategoryDwellings}}
		a.Site.RedLineAreaM2 = c.area
		b, err := Calculate(FeeInputFor(a))
		if err != nil || b.Total().Pence() != c.total*100 {
			t.Errorf("outline %v m²: %v, %v; want £%d", c.area, b.Total(), err, c.total)
		}
	}
	// The day the application is made is the London date of submission
	// when there is one: 23:30 UTC on 30 June 2025 is 1 July in London.
	a := &Application{Type: TypeHouseholder, Received: in2023, SubmittedAt: time.Date(2025, 6, 30, 23, 30, 0, 0, time.UTC)}
	if got := FeeInputFor(a).Made; got != calendar.MustDate(2025, 7, 1) {
		t.Errorf("made = %v", got)
	}
}

// TestIsMajorEdges: article 2(1) of the Development Management Procedure
// Order 2015: 10 or more dwellinghouses, 1,000 m² or more of floor space, a
// site of 1 hectare or more.
func TestIsMajorEdges(t *testing.T) {
	for _, c := range []struct {
		homes       int64
		floor, site float64
		want        bool
	}{
		{9, 999.99, 9999.99, false}, {10, 0, 0, true}, {0, 1000, 0, true}, {0, 0, 10000, true},
	} {
		a := &Application{Type: TypeFullMinor}
		a.Proposal.Dwellings, a.Proposal.FloorSpaceM2, a.Site.RedLineAreaM2 = c.homes, c.floor, c.site
		if got := a.IsMajor(); got != c.want {
			t.Errorf("%d homes, %v m² floor, %v m² site: IsMajor = %v", c.homes, c.floor, c.site, got)
		}
		if got := FeeInputFor(a).Major; got != c.want {
			t.Errorf("FeeInputFor Major = %v, want %v", got, c.want)
		}
	}
}

// TestHouseholderExactlyOneDwelling: Schedule 1 category 6 charges one fee
// for works to one dwellinghouse and another for two or more ([2023]: £258
// and £509); none or one dwelling given is the single fee.
func TestHouseholderExactlyOneDwelling(t *testing.T) {
	for _, c := range []struct {
		homes int64
		total int64
		kind  LineKind
	}{{0, 258, LineHouseholderOne}, {1, 258, LineHouseholderOne}, {2, 509, LineHouseholderMany}} {
		b, err := Calculate(FeeInput{Type: TypeFullMinor, Made: in2023, Category: CategoryHouseholder, Dwellings: c.homes})
		if err != nil || b.Total().Pence() != c.total*100 || b.Lines()[0].Kind != c.kind {
			t.Errorf("%d homes: %v, %v, %v", c.homes, b.Total(), b.Lines(), err)
		}
		// Prior approval for change to homes (Class MA) needs at least one.
		if c.homes == 0 {
			if _, err := Calculate(FeeInput{Type: TypeCommercialToResidence, Made: in2023}); err == nil {
				t.Error("Class MA with no homes accepted")
			}
			continue
		}
		b, err = Calculate(FeeInput{Type: TypeCommercialToResidence, Made: in2023, Dwellings: c.homes})
		if err != nil || b.Total().Pence() != 125*100*c.homes {
			t.Errorf("Class MA %d homes: %v, %v", c.homes, b.Total(), err)
		}
	}
	// One dwellinghouse to be created is one unit of category 1(2).
	b, err := Calculate(FeeInput{Type: TypeFullMinor, Made: in2023, Category: CategoryDwellings, Dwellings: 1})
	if err != nil || b.Total().Pence() != 578*100 {
		t.Errorf("one new dwelling: %v, %v", b.Total(), err)
	}
	if _, err := Calculate(FeeInput{Type: TypeFullMinor, Made: in2023, Category: CategoryDwellings}); err == nil {
		t.Error("no dwellings accepted for category 1")
	}
}

// TestBreakdownExempt: Exempt is true exactly when nothing is payable: an
// exemption (regs. 4, 5, 5A), or a type with no fee (listed building
// consent); a fee, halved or not, is not exempt.
func TestBreakdownExempt(t *testing.T) {
	for _, c := range []struct {
		name string
		in   FeeInput
		want bool
	}{
		{"disabled access", FeeInput{Type: TypeFullMinor, Made: in2025, Category: CategoryChangeOfUse, DisabledAccess: true}, true},
		{"permitted development removed", FeeInput{Type: TypeFullMinor, Made: in2025, Category: CategoryChangeOfUse, PermittedDevelopmentRemoved: true}, true},
		{"conservation area demolition", FeeInput{Type: TypeFullMinor, Made: in2025, Category: CategoryChangeOfUse, ConservationAreaDemolition: true}, true},
		{"listed building consent", FeeInput{Type: TypeListed, Made: in2025}, true},
		{"householder", FeeInput{Type: TypeHouseholder, Made: in2025}, false},
		{"parish council half", FeeInput{Type: TypeHouseholder, Made: in2025, ParishCouncil: true}, false},
	} {
		b, err := Calculate(c.in)
		if err != nil || b.Exempt() != c.want || (b.Total().Pence() == 0) != c.want {
			t.Errorf("%s: Exempt = %v, total %v, %v", c.name, b.Exempt(), b.Total(), err)
		}
	}
	var zero Breakdown
	if !zero.Exempt() {
		t.Error("empty breakdown not exempt")
	}
}

// TestIndexRounding: regulation 18A(3) rounds an increased fee to the
// nearest pound; councilkit rounds half a pound up, and a zero (unmodelled)
// fee stays zero. The increase is at most 10% (18A(3)(b)).
func TestIndexRounding(t *testing.T) {
	for _, c := range []struct{ pounds, permille, want int64 }{
		{258, 17, 262}, // 262.386
		{100, 5, 101},  // 100.5: half up
		{100, 4, 100},  // 100.4
		{100, 6, 101},  // 100.6
		{0, 17, 0},
		{1000, 100, 1100},
		{1000, 0, 1000},
	} {
		if got := index(c.pounds, c.permille); got != c.want {
			t.Errorf("index(%d, %d) = %d, want %d", c.pounds, c.permille, got, c.want)
		}
	}
	s := schedule2025.Indexed("x", calendar.MustDate(2030, 4, 1), 100, "")
	if s.HouseholderOne != index(schedule2025.HouseholderOne, 100) || s.IndexPermilleFromPrev != 100 {
		t.Errorf("10%%: %d, %d", s.HouseholderOne, s.IndexPermilleFromPrev)
	}
	s = schedule2025.Indexed("x", calendar.MustDate(2030, 4, 1), 101, "")
	if s.HouseholderOne != index(schedule2025.HouseholderOne, 100) {
		t.Errorf("10.1%% not capped: %d", s.HouseholderOne)
	}
}

// TestScaleEdges: a synthetic scale with every step, to pin the rule Scale
// documents: flat fee up to and including Flat.UpTo; a band's rate for every
// unit or part of the whole quantity, up to and including the band's UpTo;
// above Over, Base plus Extra for each unit or part in excess, capped at Max.
func TestScaleEdges(t *testing.T) {
	s := Scale{Unit: 10,
		Flat:  struct{ UpTo, Fee int64 }{UpTo: 5, Fee: 7},
		Bands: [2]Band{{UpTo: 100, Rate: 3}, {UpTo: 200, Rate: 4}},
		Over:  200, Base: 1000, Extra: 2, Max: 1010}
	for _, c := range []struct {
		q           int64
		fee         int64
		step        int
		units       int64
		capped      bool
		rate, based int64
	}{
		{1, 7, 0, 0, false, 0, 0},
		{5, 7, 0, 0, false, 0, 0},
		{6, 3, 1, 1, false, 300, 0},
		{10, 3, 1, 1, false, 300, 0},
		{11, 6, 1, 2, false, 300, 0},
		{100, 30, 1, 10, false, 300, 0},
		{101, 44, 2, 11, false, 400, 0},
		{200, 80, 2, 20, false, 400, 0},
		{201, 1002, 3, 1, false, 200, 100000},
		{250, 1010, 3, 5, false, 200, 100000},
		{251, 1010, 3, 6, true, 200, 100000},
	} {
		fee, step, u := s.fee(c.q)
		if fee != c.fee || step != c.step || u != c.units {
			t.Errorf("fee(%d) = %d, step %d, %d units; want %d, %d, %d", c.q, fee, step, u, c.fee, c.step, c.units)
		}
		l := scaleLine(LineBuildings, &s, c.q)
		if l.Amount.Pence() != c.fee*100 || l.Capped != c.capped || l.Rate.Pence() != c.rate || l.Base.Pence() != c.based || l.Quantity != c.q {
			t.Errorf("scaleLine(%d) = %+v", c.q, l)
		}
	}
	// No maximum: never capped.
	s.Max = 0
	if fee, _, _ := s.fee(1000); fee != 1000+2*80 {
		t.Errorf("uncapped fee(1000) = %d", fee)
	}
}

// TestFeeLineTextForms: a line explains its arithmetic only when it has
// some: "(units × rate)" for a band, "(base + units × rate)" above the last
// band, "(the maximum fee)" when capped, nothing for a flat fee. An unknown
// kind has no basis.
func TestFeeLineTextForms(t *testing.T) {
	for _, c := range []struct {
		name string
		in   FeeInput
		en   string
	}{
		{"flat", FeeInput{Type: TypeHouseholder, Made: in2023}, "Alterations or extension to one home"},
		// [2023] category 1(2): 51 dwellinghouses, £30,860 + £186 for each in excess of 50.
		{"over", FeeInput{Type: TypeFullMajor, Made: in2023, Category: CategoryDwellings, Dwellings: 51}, "Erection of dwellinghouses (£30,860 + 1 × £186)"},
		{"capped", FeeInput{Type: TypeFullMajor, Made: in2023, Category: CategoryDwellings, Dwellings: 5000}, "Erection of dwellinghouses (the maximum fee)"},
	} {
		b, err := Calculate(c.in)
		if err != nil {
			t.Fatal(err)
		}
		l := b.Lines()[0]
		if got := l.Text(); got.English != c.en || got.Welsh == "" {
			t.Errorf("%s: %q / %q", c.name, got.English, got.Welsh)
		}
	}
	unknown := FeeLine{Kind: LineKind(len(lineInfos))}
	if unknown.Basis() != "" || unknown.Text() != (FeeLine{}).Text() {
		t.Errorf("unknown kind: %q %v", unknown.Basis(), unknown.Text())
	}
	last := FeeLine{Kind: LineKind(len(lineInfos) - 1)}
	if last.Basis() == "" || last.Text().English == "" {
		t.Errorf("last kind has no text or basis: %v", last.Text())
	}
}

// TestFeeQuantityLimits: quantities up to maxQuantity are worked out;
// beyond it, or below zero, the input is refused.
func TestFeeQuantityLimits(t *testing.T) {
	ok := []FeeInput{
		{Type: TypeFullMajor, Made: in2025, Category: CategoryDwellings, Dwellings: maxQuantity},
		{Type: TypeOutlineMajor, Made: in2025, Category: CategoryDwellings, SiteAreaM2: maxQuantity},
		{Type: TypeFullMajor, Made: in2025, Category: CategoryBuildings, FloorSpaceM2: maxQuantity},
		{Type: TypeHouseholder, Made: in2025},
	}
	for _, in := range ok {
		if _, err := Calculate(in); err != nil {
			t.Errorf("%+v: %v", in, err)
		}
	}
	for _, in := range []FeeInput{
		{Type: TypeFullMajor, Made: in2025, Category: CategoryDwellings, Dwellings: maxQuantity + 1},
		{Type: TypeOutlineMajor, Made: in2025, Category: CategoryDwellings, SiteAreaM2: maxQuantity + 1},
		{Type: TypeFullMajor, Made: in2025, Category: CategoryBuildings, FloorSpaceM2: maxQuantity + 1},
		{Type: TypeFullMajor, Made: in2025, Category: CategoryDwellings, Dwellings: -1},
		{Type: TypeOutlineMajor, Made: in2025, Category: CategoryDwellings, SiteAreaM2: -1},
		{Type: TypeFullMajor, Made: in2025, Category: CategoryBuildings, FloorSpaceM2: -1},
	} {
		if _, err := Calculate(in); err == nil {
			t.Errorf("%+v accepted", in)
		}
	}
}

// TestNamesAtTheEnds: the last fee category and fee rule have their names;
// values past them do not index beyond the tables.
func TestNamesAtTheEnds(t *testing.T) {
	if CategoryChangeOfUse.String() != "change_of_use" || FeeCategory(len(categoryNames)).String() == "change_of_use" {
		t.Errorf("categories: %q %q", CategoryChangeOfUse.String(), FeeCategory(len(categoryNames)).String())
	}
	if FeePerHome.String() != "per_home" || FeeRule(len(feeRuleNames)).String() != fmt.Sprintf("FeeRule(%d)", len(feeRuleNames)) {
		t.Errorf("rules: %q %q", FeePerHome.String(), FeeRule(len(feeRuleNames)).String())
	}
}

// TestPerHomeLineExplained: the Class MA prior approval fee ([2023] reg. 10:
// £125 for each dwellinghouse) is explained as homes × £125.
func TestPerHomeLineExplained(t *testing.T) {
	b, err := Calculate(FeeInput{Type: TypeCommercialToResidence, Made: in2023, Dwellings: 3})
	if err != nil {
		t.Fatal(err)
	}
	l := b.Lines()[0]
	if l.Rate.Pence() != 12500 || l.Units != 3 || l.Amount.Pence() != 37500 || !strings.HasSuffix(l.Text().English, "(3 × £125)") {
		t.Errorf("line %+v, %q", l, l.Text().English)
	}
}
