package admissions

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/identity"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Sources cited in these tests:
//   Code:    School Admissions Code (DfE, September 2021),
//            https://www.gov.uk/government/publications/school-admissions-code--2
//   Appeals: School Admission Appeals Code (DfE, October 2022),
//            https://www.gov.uk/government/publications/school-admissions-appeals-code
//   Regs:    The School Admissions (Admission Arrangements and Co-ordination of
//            Admission Arrangements) (England) Regulations 2012 (SI 2012/8),
//            https://www.legislation.gov.uk/uksi/2012/8

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

func TestCohort(t *testing.T) {
	// Code 2.16: children are admitted in the September following their
	// fourth birthday, so Reception is the school year in which a child
	// turns five; each later year group is one cohort older.
	tests := []struct {
		g           YearGroup
		y           SchoolYear
		first, last string
	}{
		{Reception, 2026, "2021-09-01", "2022-08-31"},
		{Year1, 2026, "2020-09-01", "2021-08-31"},
		{Year7, 2027, "2015-09-01", "2016-08-31"},
		{Year3, 2027, "2019-09-01", "2020-08-31"},
	}
	for _, tt := range tests {
		f, l := Cohort(tt.g, tt.y)
		if f != d(tt.first) || l != d(tt.last) {
			t.Errorf("Cohort(%v, %v) = %v..%v, want %s..%s", tt.g, tt.y, f, l, tt.first, tt.last)
		}
	}
}

func TestNormalYearGroup(t *testing.T) {
	tests := []struct {
		dob  string
		y    SchoolYear
		want YearGroup
		ok   bool
	}{
		{"2022-08-31", 2026, Reception, true}, // youngest of the cohort: four on 31 August 2026
		{"2021-09-01", 2026, Reception, true}, // oldest of the cohort
		{"2022-09-01", 2026, 0, false},        // a day younger: Reception in 2027/28
		{"2015-09-01", 2027, Year7, true},
		{"2016-08-31", 2027, Year7, true},
		{"2008-09-01", 2026, Year13, true},
		{"2007-08-31", 2026, 0, false}, // left school
		{"", 2026, 0, false},
	}
	for _, tt := range tests {
		var dob calendar.Date
		if tt.dob != "" {
			dob = d(tt.dob)
		}
		got, ok := NormalYearGroup(dob, tt.y)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalYearGroup(%s, %v) = %v, %v; want %v, %v", tt.dob, tt.y, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCompulsorySchoolAge(t *testing.T) {
	// Education Act 1996 s.8 and the Education (Start of Compulsory School
	// Age) Order 1998 (SI 1998/1607): the prescribed day on or after the
	// fifth birthday, one of 31 August, 31 December and 31 March.
	tests := []struct{ dob, want string }{
		{"2021-01-15", "2026-03-31"},
		{"2021-03-31", "2026-03-31"}, // fifth birthday on a prescribed day
		{"2021-04-01", "2026-08-31"}, // summer born: a whole year after starting Reception
		{"2021-08-31", "2026-08-31"},
		{"2021-09-01", "2026-12-31"},
		{"2020-12-31", "2025-12-31"},
		{"2020-02-29", "2025-03-31"},
	}
	for _, tt := range tests {
		if got := CompulsorySchoolAge(d(tt.dob)); got != d(tt.want) {
			t.Errorf("CompulsorySchoolAge(%s) = %v, want %s", tt.dob, got, tt.want)
		}
	}
}

func TestIsSummerBorn(t *testing.T) {
	for dob, want := range map[string]bool{
		"2021-03-31": false, "2021-04-01": true, "2021-08-31": true, "2021-09-01": false,
	} {
		if got := IsSummerBorn(d(dob)); got != want {
			t.Errorf("IsSummerBorn(%s) = %v", dob, got)
		}
	}
}

func TestParseYearGroup(t *testing.T) {
	for in, want := range map[string]YearGroup{"R": Reception, "Reception": Reception, "7": Year7, "Y7": Year7, "Year 13": Year13} {
		got, err := ParseYearGroup(in)
		if err != nil || got != want {
			t.Errorf("ParseYearGroup(%q) = %v, %v", in, got, err)
		}
		b, _ := got.MarshalText()
		var back YearGroup
		if err := back.UnmarshalText(b); err != nil || back != want {
			t.Errorf("round trip of %v: %v, %v", want, back, err)
		}
	}
	for _, in := range []string{"", "0", "14", "Year", "Y-1", "007"} {
		if _, err := ParseYearGroup(in); !errors.Is(err, ErrInvalidYearGroup) {
			t.Errorf("ParseYearGroup(%q) err = %v", in, err)
		}
	}
}

func TestParseURN(t *testing.T) {
	if u, err := ParseURN("136789"); err != nil || u != 136789 || u.String() != "136789" {
		t.Errorf("ParseURN = %v, %v", u, err)
	}
	for _, in := range []string{"", "12345", "1234567", "012345", "12a456", " 12345"} {
		if _, err := ParseURN(in); !errors.Is(err, ErrInvalidURN) {
			t.Errorf("ParseURN(%q) err = %v", in, err)
		}
	}
	var u URN
	if err := u.Scan(int64(100001)); err != nil || u != 100001 {
		t.Errorf("Scan = %v, %v", u, err)
	}
	if v, _ := URN(0).Value(); v != nil {
		t.Errorf("zero URN Value = %v", v)
	}
}

// tiny builds a round of schools at the origin of a local grid and
// children at given distances (metres east of the schools).
type tiny struct {
	s    *Scheme
	apps []Application
}

func newTiny(pans ...int) *tiny {
	tn := &tiny{s: &Scheme{
		EntryYear: Year7, SchoolYear: 2027, MaxPreferences: 6,
		ClosingDate: d("2026-10-31"), OfferDate: d("2027-03-01"),
		TieBreak: TieBreak{Seed: 42},
	}}
	for i, p := range pans {
		tn.s.Schools = append(tn.s.Schools, School{
			URN: URN(200001 + i), Phase: Secondary,
			PAN:      map[YearGroup]int{Year7: p},
			Location: identity.GridPoint{Easting: 400000, Northing: 300000},
			Criteria: StandardCriteria(),
		})
	}
	return tn
}

func (tn *tiny) add(id string, metres float64, prefs ...int) *Application {
	a := Application{ID: id, EntryYear: Year7, SchoolYear: 2027, Received: d("2026-10-01")}
	a.Home.Grid = identity.GridPoint{Easting: 400000 + metres, Northing: 300000}
	for _, p := range prefs {
		a.Preferences = append(a.Preferences, tn.s.Schools[p].URN)
	}
	tn.apps = append(tn.apps, a)
	return &tn.apps[len(tn.apps)-1]
}

func (tn *tiny) run(t *testing.T) map[string]Outcome {
	t.Helper()
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Outcome{}
	for i := range r.Outcomes {
		out[r.ApplicationID(i)] = r.Outcomes[i]
	}
	return out
}

// book allocates the round and starts a Book from its result.
func (tn *tiny) book(t *testing.T) (*Result, *Book) {
	t.Helper()
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBook(tn.s, tn.apps, r)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

func TestCodeRules(t *testing.T) {
	type check func(t *testing.T, out map[string]Outcome, tn *tiny)
	offer := func(id string, school int) check {
		return func(t *testing.T, out map[string]Outcome, tn *tiny) {
			t.Helper()
			want := URN(0)
			if school >= 0 {
				want = tn.s.Schools[school].URN
			}
			if out[id].Offer != want {
				t.Errorf("%s offered %v, want %v (%+v)", id, out[id].Offer, want, out[id])
			}
		}
	}
	tests := []struct {
		name   string
		source string
		build  func(tn *tiny)
		pans   []int
		checks []check
	}{
		{
			name:   "not oversubscribed: everyone offered",
			source: "Code 1.6: if the school is not oversubscribed, all applicants must be offered a place",
			pans:   []int{3},
			build: func(tn *tiny) {
				tn.add("a", 9000, 0)
				tn.add("b", 100, 0)
				tn.add("c", 5000, 0)
			},
			checks: []check{offer("a", 0), offer("b", 0), offer("c", 0)},
		},
		{
			name:   "EHC plan admits even over PAN",
			source: "Code 1.6: all children whose EHC plan names the school must be admitted",
			pans:   []int{1},
			build: func(tn *tiny) {
				tn.add("near", 10, 0)
				tn.add("ehc1", 9000, 0).EHCPlanSchool = tn.s.Schools[0].URN
				tn.add("ehc2", 9500, 0).EHCPlanSchool = tn.s.Schools[0].URN
			},
			checks: []check{offer("ehc1", 0), offer("ehc2", 0), offer("near", -1)},
		},
		{
			name:   "looked after children first",
			source: "Code 1.7: highest priority to looked after and previously looked after children",
			pans:   []int{1},
			build: func(tn *tiny) {
				s := tn.add("sibling", 10, 0)
				s.SiblingsAt = []URN{tn.s.Schools[0].URN}
				tn.add("plac", 9000, 0).LookedAfter = PreviouslyLookedAfter
			},
			checks: []check{offer("plac", 0), offer("sibling", -1)},
		},
		{
			name:   "equal preference: the school does not see the rank",
			source: "Code 1.9: no priority by the order of other schools named ('first preference first' is banned)",
			pans:   []int{1, 1},
			build: func(tn *tiny) {
				// near ranks school 0 second, far ranks it first; near
				// is refused at school 1 and then beats far at school 0.
				tn.add("near", 100, 1, 0)
				tn.add("far", 900, 0)
				tn.add("nearer1", 50, 1)
			},
			checks: []check{offer("nearer1", 1), offer("near", 0), offer("far", -1)},
		},
		{
			name:   "highest preference at which the child qualifies",
			source: "Regs Schedule 2 para 1(a)-(b): a single offer, of the school ranked highest among those the child is eligible for",
			pans:   []int{1, 1, 1},
			build: func(tn *tiny) {
				tn.add("x", 100, 0, 1, 2)
				tn.add("y", 50, 0, 2)
			},
			checks: []check{offer("y", 0), offer("x", 1)},
		},
		{
			name:   "distance breaks ties within a criterion",
			source: "Code 1.13: distance measured as the arrangements state (here straight line, shortest first)",
			pans:   []int{1},
			build: func(tn *tiny) {
				tn.add("far", 2000.5, 0)
				tn.add("near", 2000.4, 0)
			},
			checks: []check{offer("near", 0), offer("far", -1)},
		},
		{
			name:   "late applications after on-time ones",
			source: "the authority's coordinated scheme (Regs Schedule 2) sets how late applications are treated; here after on-time ones",
			pans:   []int{1},
			build: func(tn *tiny) {
				tn.add("late", 10, 0).Received = d("2026-11-20")
				tn.add("ontime", 9000, 0)
			},
			checks: []check{offer("ontime", 0), offer("late", -1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tn := newTiny(tt.pans...)
			tt.build(tn)
			out := tn.run(t)
			for _, c := range tt.checks {
				c(t, out, tn)
			}
		})
	}
}

func TestTieBreakReproducible(t *testing.T) {
	// Code 1.8 requires an effective, clear and fair tie-breaker; Code
	// 1.34-1.35 allow random allocation. The draw is published as an
	// algorithm: these values must never change.
	tb := TieBreak{Seed: 20270301}
	if got := tb.Draw("A1000000", 0); got != tb.Draw("A1000000", 100001) {
		t.Errorf("single tie-break differs between schools")
	}
	m := TieBreak{Seed: 20270301, Mode: MultipleTieBreak}
	if m.Draw("A1000000", 100001) == m.Draw("A1000000", 100002) {
		t.Errorf("multiple tie-break gives one number for two schools")
	}
	// Known answers, computed independently from the published algorithm
	// (FNV-1a 64 of the ID, XOR the seed, SplitMix64).
	if got := tb.Draw("A1000000", 0); got != 0x0d984820d31fa8ba {
		t.Errorf("single draw = %#x", got)
	}
	if got := m.Draw("A1000000", 100001); got != 0xca96d4d8fec4ea56 {
		t.Errorf("multiple draw = %#x", got)
	}

	// Two children at exactly the same distance: the draw decides, and
	// the same seed gives the same answer every time.
	tn := newTiny(1)
	tn.add("twin1", 300, 0)
	tn.add("twin2", 300, 0)
	first := tn.run(t)
	for range 5 {
		if again := tn.run(t); again["twin1"] != first["twin1"] {
			t.Fatal("same seed, different result")
		}
	}
	r, _ := Allocate(tn.s, tn.apps)
	if r.TieBreak != tn.s.TieBreak {
		t.Errorf("result does not record the tie-break: %+v", r.TieBreak)
	}
	winner := "twin1"
	if tb := tn.s.TieBreak; tb.Draw("twin2", 0) < tb.Draw("twin1", 0) {
		winner = "twin2"
	}
	if first[winner].Offer == 0 {
		t.Errorf("lower draw %s did not win", winner)
	}
}

func TestReasons(t *testing.T) {
	tn := newTiny(1, 1)
	tn.add("winner", 120, 0)
	loser := tn.add("loser", 450, 0, 1)
	loser.SiblingsAt = []URN{tn.s.Schools[1].URN}
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := r.Index("loser")
	refs := r.Refusals(i)
	if len(refs) != 1 {
		t.Fatalf("refusals = %+v", refs)
	}
	ref := refs[0]
	if ref.School != tn.s.Schools[0].URN || ref.Preference != 1 {
		t.Errorf("refusal = %+v", ref)
	}
	if ref.LastOffered.DistanceCM != 12000 || ref.Own.DistanceCM != 45000 {
		t.Errorf("distances: last %d cm, own %d cm", ref.LastOffered.DistanceCM, ref.Own.DistanceCM)
	}
	if c := r.CriterionCode(ref.School, ref.LastOffered); c != OtherChildren {
		t.Errorf("last offered criterion %q", c)
	}
	if o := r.Outcomes[i]; o.Preference != 2 || o.Basis != Ranked || r.CriterionCode(o.Offer, o.Standing) != "sibling" {
		t.Errorf("loser outcome %+v (%s)", o, r.CriterionCode(o.Offer, o.Standing))
	}
	wl := r.WaitingList(tn.s.Schools[0].URN)
	if len(wl) != 1 || wl[0].ApplicationID != "loser" || wl[0].Position != 1 {
		t.Errorf("waiting list %+v", wl)
	}
}

func TestValidate(t *testing.T) {
	tn := newTiny(10, 10)
	tn.s.Schools = append(tn.s.Schools,
		School{URN: 300001, Phase: Primary, PAN: map[YearGroup]int{Reception: 30}},
		// A PAN for Year 7 at a primary school is a data error: its phase
		// does not reach Year 7.
		School{URN: 300002, Phase: Primary, PAN: map[YearGroup]int{Year7: 30}})
	good := func() *Application {
		a := &Application{
			ID: "ok", EntryYear: Year7, SchoolYear: 2027, Received: d("2026-10-01"),
			Preferences: []URN{200001, 200002},
		}
		a.Child.GivenNames, a.Child.FamilyName = "Ada", "Lovelace"
		a.Child.DateOfBirth = d("2016-01-10")
		a.Home.Lines = []string{"1 High Street"}
		a.Home.Grid = identity.GridPoint{Easting: 400100, Northing: 300000}
		return a
	}
	if w, err := tn.s.Validate(good()); err != nil || len(w) != 0 {
		t.Fatalf("good application: %v, %v", w, err)
	}
	tests := []struct {
		name  string
		edit  func(a *Application)
		field string
		code  councilkit.Code
	}{
		{"duplicate school", func(a *Application) { a.Preferences = []URN{200001, 200001} }, "preferences[1]", CodeDuplicateSchool},
		{"too many preferences", func(a *Application) {
			a.Preferences = []URN{200001, 200002, 200001, 200002, 200001, 200002, 200001}
		}, "preferences", CodeTooManyPrefs},
		{"school not in round", func(a *Application) { a.Preferences = []URN{999999} }, "preferences[0]", CodeSchoolNotInRound},
		{"wrong phase", func(a *Application) { a.Preferences = []URN{300001} }, "preferences[0]", CodeWrongPhase},
		{"phase does not reach the year group", func(a *Application) { a.Preferences = []URN{200001, 300002} }, "preferences[1]", CodeWrongPhase},
		{"not a URN", func(a *Application) { a.Preferences = []URN{12} }, "preferences[0]", CodeInvalidURN},
		{"grid reference off the National Grid", func(a *Application) { a.Home.Grid = identity.GridPoint{Easting: -10, Northing: 5} }, "home.grid", councilkit.CodeInvalid},
		{"NaN grid reference", func(a *Application) { a.Home.Grid = identity.GridPoint{Easting: math.NaN(), Northing: 5} }, "home.grid", councilkit.CodeInvalid},
		{"NaN latitude", func(a *Application) { a.Home.LatLon = identity.LatLon{Lat: math.NaN(), Lon: -1} }, "home.lat_lon", councilkit.CodeInvalid},
		{"latitude and longitude outside Britain", func(a *Application) {
			a.Home.Grid = identity.GridPoint{}
			a.Home.LatLon = identity.LatLon{Lat: 40.7, Lon: -74}
		}, "home.lat_lon", councilkit.CodeInvalid},
		{"too young for Year 7", func(a *Application) { a.Child.DateOfBirth = d("2016-09-01") }, "child.date_of_birth", CodeOutsideCohort},
		{"too old for Year 7", func(a *Application) { a.Child.DateOfBirth = d("2015-08-31") }, "child.date_of_birth", CodeOutsideCohort},
		{"no address", func(a *Application) { a.Home = identity.Address{} }, "home", councilkit.CodeRequired},
		{"address not located", func(a *Application) { a.Home.Grid = identity.GridPoint{} }, "home.grid", CodeMissingLocation},
		{"no preferences", func(a *Application) { a.Preferences = nil }, "preferences", councilkit.CodeRequired},
		{"need without evidence", func(a *Application) { a.ExceptionalNeed.Schools = []URN{200001} }, "exceptional_need.evidence", CodeEvidenceRequired},
		{"deferral outside Reception", func(a *Application) { a.Deferred = true }, "deferred", CodeDeferralNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good()
			tt.edit(a)
			_, err := tn.s.Validate(a)
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, councilkit.ErrValidation) {
				t.Fatalf("err = %v", err)
			}
			if !ve.Has(tt.field, tt.code) {
				t.Errorf("problems %v lack %s/%s", ve.Problems, tt.field, tt.code)
			}
			for _, p := range ve.Problems {
				if p.Message.English == "" || p.Message.Welsh == "" {
					t.Errorf("problem %v lacks a message in both languages", p)
				}
			}
		})
	}

	// Everything at once.
	a := good()
	a.Preferences = []URN{999999, 999999}
	a.Child.DateOfBirth = calendar.Date{}
	a.ID = ""
	_, err := tn.s.Validate(a)
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 4 {
		t.Errorf("want every problem at once, got %v", err)
	}

	// Late: a warning, not an error (the scheme ranks it after on-time ones).
	late := good()
	late.Received = d("2026-11-02")
	w, err := tn.s.Validate(late)
	if err != nil || len(w) != 1 || w[0].Code != CodeLate {
		t.Errorf("late application: %v, %v", w, err)
	}
}

func TestYearGroupOf(t *testing.T) {
	// Code 2.16: Reception is the September after the fourth birthday.
	// Code 2.18-2.20: a summer-born child (born 1 April to 31 August) may,
	// if the admission authority agrees, start Reception a year late and
	// stays with the younger cohort.
	tests := []struct {
		dob      string
		y        SchoolYear
		deferred bool
		want     YearGroup
		ok       bool
	}{
		{"2022-06-15", 2026, false, Reception, true},
		{"2022-06-15", 2027, false, Year1, true},
		{"2022-06-15", 2027, true, Reception, true}, // deferred a year
		{"2022-06-15", 2033, true, Year6, true},     // still a year behind
		{"2022-06-15", 2034, true, Year7, true},
		{"2022-04-01", 2027, true, Reception, true}, // first summer-born day
		{"2022-03-31", 2027, true, 0, false},        // spring born: no deferral
		{"2021-09-01", 2027, true, 0, false},        // autumn born
		{"2022-06-15", 2026, true, 0, false},        // too young, a year early
	}
	for _, tt := range tests {
		got, ok := YearGroupOf(d(tt.dob), tt.y, tt.deferred)
		if got != tt.want || ok != tt.ok {
			t.Errorf("YearGroupOf(%s, %v, %v) = %v, %v; want %v, %v", tt.dob, tt.y, tt.deferred, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPhaseAdmits(t *testing.T) {
	tests := []struct {
		p   Phase
		yes []YearGroup
		no  []YearGroup
	}{
		{Primary, []YearGroup{Reception, Year3, Year6}, []YearGroup{Year7}},
		{Infant, []YearGroup{Reception, Year2}, []YearGroup{Year3}},
		{Junior, []YearGroup{Year3, Year6}, []YearGroup{Year2, Year7}},
		{Middle, []YearGroup{Year4, Year9}, []YearGroup{Year3, Year10}},
		{Secondary, []YearGroup{Year7, Year9, Year10, Year12}, []YearGroup{Reception, Year6}},
		{AllThrough, []YearGroup{Reception, Year7, Year12}, nil},
		{UnknownPhase, []YearGroup{Reception, Year13}, nil},
	}
	for _, tt := range tests {
		for _, g := range tt.yes {
			if !tt.p.Admits(g) {
				t.Errorf("%v does not admit %v", tt.p, g)
			}
		}
		for _, g := range tt.no {
			if tt.p.Admits(g) {
				t.Errorf("%v admits %v", tt.p, g)
			}
		}
	}
}

func TestValidateSummerBornDeferral(t *testing.T) {
	// Code 2.18-2.20: a summer-born child may start Reception a year
	// late, in the following cohort, if the admission authority agrees.
	s := &Scheme{EntryYear: Reception, SchoolYear: 2027, Schools: []School{{URN: 300001, Phase: Primary, PAN: map[YearGroup]int{Reception: 30}}}}
	app := func(dob string, deferred bool) *Application {
		a := &Application{ID: "x", EntryYear: Reception, SchoolYear: 2027, Received: d("2027-01-10"), Preferences: []URN{300001}, Deferred: deferred}
		a.Child.GivenNames, a.Child.FamilyName, a.Child.DateOfBirth = "A", "B", d(dob)
		a.Home.Lines, a.Home.Grid = []string{"1 Street"}, identity.GridPoint{Easting: 1, Northing: 1}
		return a
	}
	tests := []struct {
		dob      string
		deferred bool
		ok       bool
	}{
		{"2022-12-01", false, true},  // normal cohort for 2027/28
		{"2022-06-15", false, false}, // a year older: belongs to 2026/27
		{"2022-06-15", true, true},   // summer born, deferred
		{"2022-02-15", true, false},  // deferred but not summer born
	}
	for _, tt := range tests {
		_, err := s.Validate(app(tt.dob, tt.deferred))
		if (err == nil) != tt.ok {
			t.Errorf("dob %s deferred %v: err %v", tt.dob, tt.deferred, err)
		}
	}
}

// The calendar package's working-day calendar serves both interfaces.
var (
	_ Holidays    = (*calendar.Calendar)(nil)
	_ WorkingDays = (*calendar.Calendar)(nil)
)

type fakeHolidays map[calendar.Date]bool

func (f fakeHolidays) IsHoliday(x calendar.Date) bool    { return f[x] }
func (f fakeHolidays) IsWorkingDay(x calendar.Date) bool { return !x.IsWeekend() && !f[x] }

func TestNationalOfferDay(t *testing.T) {
	// Regs regulation 30: 1 March (secondary) and 16 April (primary), or
	// the next working day.
	easter2022 := fakeHolidays{d("2022-04-15"): true, d("2022-04-18"): true}
	tests := []struct {
		p    Phase
		y    SchoolYear
		w    WorkingDays
		want string
	}{
		{Secondary, 2027, nil, "2027-03-01"}, // a Monday
		{Secondary, 2026, nil, "2026-03-02"}, // 1 March 2026 is a Sunday
		{Primary, 2027, nil, "2027-04-16"},
		{Primary, 2022, easter2022, "2022-04-19"}, // Saturday, then Easter Monday
		{Primary, 2022, calendar.New(calendar.EnglandAndWales), "2022-04-19"},
		{Secondary, 2026, calendar.New(calendar.EnglandAndWales), "2026-03-02"},
	}
	for _, tt := range tests {
		if got := NationalOfferDay(tt.p, tt.y, tt.w); got != d(tt.want) {
			t.Errorf("NationalOfferDay(%v, %v) = %v, want %s", tt.p, tt.y, got, tt.want)
		}
	}
}

func spring2027(t *testing.T) *TermDates {
	t.Helper()
	td, err := NewTermDates([]Term{
		{d("2027-01-05"), d("2027-02-12")},
		{d("2027-02-22"), d("2027-03-25")}, // Easter: 26 March to 11 April
		{d("2027-04-12"), d("2027-05-28")},
		{d("2027-06-07"), d("2027-07-21")},
	}, calendar.New(calendar.EnglandAndWales), d("2027-04-12")) // bank holidays (3 May 2027); a training day
	if err != nil {
		t.Fatal(err)
	}
	return td
}

func TestAppealDeadline(t *testing.T) {
	// Appeals Code section 2 (Timetable): at least 20 school days from the
	// date of notification that the application was unsuccessful.
	td := spring2027(t)
	got, err := AppealDeadline(d("2027-03-01"), td)
	if err != nil {
		t.Fatal(err)
	}
	// 2-5, 8-12, 15-19, 22-25 March is 18 school days; the Easter
	// holiday and the training day on 12 April do not count: the 19th and
	// 20th are 13 and 14 April.
	if want := d("2027-04-14"); got != want {
		t.Errorf("AppealDeadline(1 March 2027) = %v, want %v", got, want)
	}
	if n := td.SchoolDaysBetween(d("2027-03-01"), got); n != 20 {
		t.Errorf("%d school days to the deadline", n)
	}
	// Notified during a holiday: counting starts with the next term.
	got, _ = AppealDeadline(d("2027-02-14"), td)
	if n := td.SchoolDaysBetween(d("2027-02-14"), got); n != 20 || !td.IsSchoolDay(got) {
		t.Errorf("deadline %v is %d school days on", got, n)
	}
	// Beyond the terms supplied.
	if _, err := AppealDeadline(d("2027-07-10"), td); !errors.Is(err, ErrOutsideTerms) {
		t.Errorf("err = %v", err)
	}
}

func TestInYearOutcomeDue(t *testing.T) {
	// Code 2.28: notify the outcome of an in-year application in writing
	// within 15 school days (aiming for 10).
	td := spring2027(t)
	got, err := InYearOutcomeDue(d("2027-04-29"), td)
	if err != nil {
		t.Fatal(err)
	}
	// 30 April, 4-7 May (3 May is a bank holiday), 10-14 and 17-21 May:
	// the 15th school day is Friday 21 May.
	if want := d("2027-05-21"); got != want {
		t.Errorf("InYearOutcomeDue = %v, want %v", got, want)
	}
}

func TestNewTermDatesProblems(t *testing.T) {
	_, err := NewTermDates([]Term{{d("2027-02-01"), d("2027-01-01")}, {}}, nil)
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("terms[0].end", councilkit.CodeTooSmall) || !ve.Has("terms[1].start", councilkit.CodeRequired) {
		t.Errorf("err = %v", err)
	}
	_, err = NewTermDates([]Term{{d("2027-01-01"), d("2027-02-01")}, {d("2027-02-01"), d("2027-03-01")}}, nil)
	if !errors.As(err, &ve) || !ve.Has("terms", CodeOverlap) {
		t.Errorf("overlap err = %v", err)
	}
}

func TestAcceptanceDeadline(t *testing.T) {
	// Regs Schedule 2 para 1(f): acceptance within two weeks after the
	// offer date.
	if got := AcceptanceDeadline(d("2027-03-01")); got != d("2027-03-15") {
		t.Errorf("AcceptanceDeadline = %v", got)
	}
}

func TestWaitingListsUntil(t *testing.T) {
	// Code 2.15: until at least 31 December of the school year of admission.
	if got := WaitingListsUntil(2027); got != calendar.MustDate(2027, time.December, 31) {
		t.Errorf("WaitingListsUntil(2027) = %v", got)
	}
}

func TestDistanceFromLatLon(t *testing.T) {
	// Distances are measured on the OSGB36 National Grid. A home given
	// only in WGS84 is converted to the grid first, so it ranks as the
	// same home given by easting and northing would.
	tn := newTiny(1)
	school := tn.s.Schools[0].Location
	byGrid := identity.GridPoint{Easting: school.Easting + 800, Northing: school.Northing}
	near := tn.add("latlon", 0, 0)
	near.Home.Grid = identity.GridPoint{}
	near.Home.LatLon = identity.GridPoint{Easting: school.Easting + 300, Northing: school.Northing}.ToLatLon()
	far := tn.add("grid", 0, 0)
	far.Home.Grid = byGrid
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := r.Index("latlon")
	if o := r.Outcomes[i]; o.Offer == 0 || o.Standing.DistanceMetres() < 299 || o.Standing.DistanceMetres() > 301 {
		t.Errorf("home by latitude and longitude: %+v (%.2f m)", o, o.Standing.DistanceMetres())
	}
	j, _ := r.Index("grid")
	if refs := r.Refusals(j); len(refs) != 1 || refs[0].Own.DistanceCM != 80000 {
		t.Errorf("home by grid: %+v", refs)
	}
}

func TestReasonText(t *testing.T) {
	tn := newTiny(1, 1)
	tn.s.Schools[0].Name = "Oak Academy"
	tn.add("winner", 120, 0).SiblingsAt = []URN{tn.s.Schools[0].URN}
	tn.add("loser", 450, 0, 1).Received = d("2026-12-01")
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := r.Index("loser")
	ref := r.Refusals(i)[0]
	en := r.ReasonText(ref, councilkit.English)
	cy := r.ReasonText(ref, councilkit.Welsh)
	wantEN := "Oak Academy (your preference number 1) could not offer a place. The last place went to a child in the category \u201cChildren with a brother or sister at the school\u201d, 0.120 km from the school. Your child is in the category \u201cOther children (late application)\u201d, 0.450 km from the school."
	wantCY := "Nid oedd Oak Academy (eich dewis rhif 1) yn gallu cynnig lle. Aeth y lle olaf i blentyn yn y categori \u201cPlant sydd \u00e2 brawd neu chwaer yn yr ysgol\u201d, 0.120 km o'r ysgol. Mae eich plentyn yn y categori \u201cPlant eraill (cais hwyr)\u201d, 0.450 km o'r ysgol."
	if en != wantEN {
		t.Errorf("English:\n%s\nwant\n%s", en, wantEN)
	}
	if cy != wantCY {
		t.Errorf("Welsh:\n%s\nwant\n%s", cy, wantCY)
	}
}

func TestOfferNearestWithPlace(t *testing.T) {
	// A child refused at every preference gets the nearest school of the
	// round with a place left, when the scheme says so.
	tn := newTiny(1, 1, 1)
	tn.s.Schools[1].Location = identity.GridPoint{Easting: 405000, Northing: 300000}
	tn.s.Schools[2].Location = identity.GridPoint{Easting: 401000, Northing: 300000}
	tn.add("in", 10, 0)
	tn.add("out", 20, 0)
	out := tn.run(t)
	if out["out"].Basis != Unplaced {
		t.Fatalf("without the option: %+v", out["out"])
	}
	tn.s.OfferNearestWithPlace = true
	out = tn.run(t)
	if o := out["out"]; o.Basis != NearestWithPlace || o.Offer != tn.s.Schools[2].URN || o.Preference != 0 {
		t.Errorf("with the option: %+v", o)
	}
}

func TestCatchmentAndCustomCriterion(t *testing.T) {
	inside, _ := identity.ParseUPRN("100023336956")
	tn := newTiny(1)
	// A council's own criterion, ahead of catchment: children of armed
	// forces families, read from a field the council keeps elsewhere.
	forces := map[string]bool{"forces": true}
	tn.s.Schools[0].Criteria = []Criterion{
		LookedAfter{},
		CriterionFunc{Name: "forces_family", Text: councilkit.Text{English: "Children of service families", Welsh: "Plant teuluoedd y lluoedd arfog"},
			Func: func(a *Application, _ *School) bool { return forces[a.ID] }},
		InCatchment{},
	}
	tn.s.Schools[0].Catchment = UPRNCatchment{inside: {}}
	tn.s.Schools[0].PAN[Year7] = 2
	tn.add("near", 10, 0)
	tn.add("catchment", 5000, 0).Home.UPRN = inside
	tn.add("forces", 9000, 0)
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"forces": "forces_family", "catchment": "catchment"} {
		i, _ := r.Index(id)
		if o := r.Outcomes[i]; o.Offer == 0 || r.CriterionCode(o.Offer, o.Standing) != want {
			t.Errorf("%s: %+v (%s)", id, o, r.CriterionCode(o.Offer, o.Standing))
		}
	}
	if i, _ := r.Index("near"); r.Outcomes[i].Offer != 0 {
		t.Errorf("nearest child without priority was offered a place")
	}
}

func TestRoundOffersMatchResult(t *testing.T) {
	s, apps := randomRound(newByteRand(nil).rand(99), 6, 80)
	rd, err := NewRound(s, apps)
	if err != nil {
		t.Fatal(err)
	}
	offers := append([]URN(nil), rd.Offers()...)
	r1 := rd.Result()
	r2 := rd.Result()
	for i := range apps {
		if offers[i] != r1.Outcomes[i].Offer || r1.Outcomes[i] != r2.Outcomes[i] {
			t.Fatalf("child %d: Offers %v, Result %+v, again %+v", i, offers[i], r1.Outcomes[i], r2.Outcomes[i])
		}
	}
}

func TestAllocateRejectsBadScheme(t *testing.T) {
	tn := newTiny(1, 1)
	tn.s.Schools[1].URN = tn.s.Schools[0].URN
	tn.s.Schools[0].PAN[Year7] = -1
	tn.s.MaxPreferences = 2 // the Regs require at least three
	_, err := Allocate(tn.s, nil)
	var ve *councilkit.ValidationError
	if !errors.Is(err, ErrInvalidRound) || !errors.As(err, &ve) || !ve.Has("schools[1].urn", CodeDuplicateSchool) || !ve.Has("schools[0].pan", councilkit.CodeTooSmall) || !ve.Has("max_preferences", councilkit.CodeTooSmall) {
		t.Errorf("err = %v", err)
	}
}

func TestReasonTextNoRankedPlaces(t *testing.T) {
	tn := newTiny(1, 0)
	tn.s.Schools[0].Name, tn.s.Schools[1].Name = "Oak", "Elm"
	tn.add("ehc", 10, 0).EHCPlanSchool = tn.s.Schools[0].URN
	tn.add("child", 20, 0, 1)
	r, err := Allocate(tn.s, tn.apps)
	if err != nil {
		t.Fatal(err)
	}
	refs := r.Refusals(1)
	if len(refs) != 2 || !refs[0].NoRankedPlaces || !refs[1].NoRankedPlaces {
		t.Fatalf("refusals %+v", refs)
	}
	if got := r.ReasonText(refs[0], councilkit.English); !strings.Contains(got, "education, health and care plan") {
		t.Errorf("EHC reason: %s", got)
	}
	if got := r.ReasonText(refs[1], councilkit.Welsh); !strings.Contains(got, "Nid oes gan yr ysgol leoedd") {
		t.Errorf("no-PAN reason: %s", got)
	}
}

// TestUnknownLocation: identity.GridPoint.DistanceTo returns NaN for an
// unknown point, and NaN compares false with everything. The engine never
// uses it: a home whose location is unknown (missing, NaN, infinite, off
// the National Grid, or a latitude and longitude that are none of these)
// has UnknownDistance, ranks after every measured child who meets the same
// criterion and ahead of none who meets a higher one, ties among unknowns
// go to the random draw, and the same seed gives the same result in any
// order of applications. Code 1.8 requires a tie-breaker that decides
// between any two applications; Code 1.13 requires the distance
// measurement to be stated, which here includes what happens without one.
func TestUnknownLocation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	homes := []struct {
		name string
		home identity.Address
	}{
		{"nothing", identity.Address{Lines: []string{"1 Street"}}},
		{"NaN easting", identity.Address{Grid: identity.GridPoint{Easting: nan, Northing: 300000}}},
		{"NaN both", identity.Address{Grid: identity.GridPoint{Easting: nan, Northing: nan}}},
		{"infinite", identity.Address{Grid: identity.GridPoint{Easting: inf, Northing: 300000}}},
		{"off the grid", identity.Address{Grid: identity.GridPoint{Easting: -5000, Northing: 300000}}},
		{"north of the grid", identity.Address{Grid: identity.GridPoint{Easting: 400000, Northing: 1_400_000}}},
		{"NaN latitude", identity.Address{LatLon: identity.LatLon{Lat: nan, Lon: -1.5}}},
		{"latitude out of range", identity.Address{LatLon: identity.LatLon{Lat: 123, Lon: -1.5}}},
		{"far from Britain", identity.Address{LatLon: identity.LatLon{Lat: -33.9, Lon: 151.2}}},
	}
	for _, h := range homes {
		t.Run(h.name, func(t *testing.T) {
			if p := homePoint(&h.home); !p.IsZero() {
				t.Fatalf("homePoint = %+v, want the zero point", p)
			}
			tn := newTiny(2)
			tn.add("far", 9000, 0)
			tn.add("unknown", 0, 0).Home = h.home
			tn.add("sibling-unknown", 0, 0).Home = h.home
			tn.apps[2].SiblingsAt = []URN{tn.s.Schools[0].URN}
			tn.add("near", 10, 0)
			r, err := Allocate(tn.s, tn.apps)
			if err != nil {
				t.Fatal(err)
			}
			// The sibling outranks everyone despite the unknown
			// distance; "near" and "far" outrank "unknown".
			for id, placed := range map[string]bool{"sibling-unknown": true, "near": true, "far": false, "unknown": false} {
				i, _ := r.Index(id)
				if got := r.Outcomes[i].Offer != 0; got != placed {
					t.Errorf("%s placed = %v, want %v", id, got, placed)
				}
			}
			wl := r.WaitingList(tn.s.Schools[0].URN)
			if len(wl) != 2 || wl[0].ApplicationID != "far" || wl[1].ApplicationID != "unknown" {
				t.Fatalf("waiting list %+v, want far then unknown", wl)
			}
			if st := wl[1].Standing; st.DistanceCM != UnknownDistance || st.DistanceMetres() != -1 || math.IsNaN(st.DistanceMetres()) {
				t.Errorf("unknown standing %+v", st)
			}
			i, _ := r.Index("unknown")
			if got := r.ReasonText(r.Refusals(i)[0], councilkit.English); !strings.Contains(got, "home location not known") {
				t.Errorf("reason: %s", got)
			}
			if got := r.ReasonText(r.Refusals(i)[0], councilkit.Welsh); !strings.Contains(got, "lleoliad y cartref yn anhysbys") {
				t.Errorf("Welsh reason: %s", got)
			}
			// The published result has no distance, not NaN (which JSON
			// cannot carry).
			b, err := r.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "NaN") || !strings.Contains(string(b), `"distance_m":null`) {
				t.Errorf("JSON: %s", b)
			}
		})
	}

	t.Run("ties among unknowns go to the draw", func(t *testing.T) {
		tn := newTiny(1)
		for i := range 6 {
			tn.add(fmt.Sprintf("u%d", i), 0, 0).Home = homes[i%len(homes)].home
		}
		want := ""
		for i := range 6 {
			id := fmt.Sprintf("u%d", i)
			if want == "" || tn.s.TieBreak.Draw(id, 0) < tn.s.TieBreak.Draw(want, 0) {
				want = id
			}
		}
		for range 5 {
			rand.Shuffle(len(tn.apps), func(i, j int) { tn.apps[i], tn.apps[j] = tn.apps[j], tn.apps[i] })
			out := tn.run(t)
			for id, o := range out {
				if (o.Offer != 0) != (id == want) {
					t.Fatalf("%s offered %v; the lowest draw is %s", id, o.Offer, want)
				}
			}
		}
	})

	t.Run("nearest school with a place", func(t *testing.T) {
		tn := newTiny(1, 1, 1, 1)
		tn.s.OfferNearestWithPlace = true
		// School 1 is nearest but its location is unknown (it ranks by
		// draw, so the scheme accepts it); school 2 and 3 are equally far:
		// the lower URN wins.
		tn.s.Schools[1].Location = identity.GridPoint{Easting: nan, Northing: nan}
		tn.s.Schools[1].RankBy = ByRandom
		tn.s.Schools[2].Location = identity.GridPoint{Easting: 403000, Northing: 300000}
		tn.s.Schools[3].Location = identity.GridPoint{Easting: 397040, Northing: 300000}
		tn.add("in", 10, 0)
		tn.add("located", 20, 0)
		tn.add("lost", 0, 0).Home = homes[1].home
		out := tn.run(t)
		if o := out["located"]; o.Basis != NearestWithPlace || o.Offer != tn.s.Schools[2].URN || o.Standing.DistanceCM != 298000 {
			t.Errorf("located child: %+v", o)
		}
		if o := out["lost"]; o.Basis != Unplaced || o.Offer != 0 {
			t.Errorf("child with an unknown home: %+v, want unplaced", o)
		}
	})

	t.Run("a school ranking by distance needs a location", func(t *testing.T) {
		tn := newTiny(1)
		tn.s.Schools[0].Location = identity.GridPoint{Easting: nan, Northing: 1}
		_, err := Allocate(tn.s, nil)
		var ve *councilkit.ValidationError
		if !errors.Is(err, ErrInvalidRound) || !errors.As(err, &ve) || !ve.Has("schools[0].location", CodeMissingLocation) {
			t.Errorf("err = %v", err)
		}
	})
}
