package fsm

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// Tests that pin behaviours mutation testing (scripts/mutation.sh) found no
// test holding.

// TestMoreThanThreeAssessmentPeriods: SI 2018/148 regulation 4(b) looks at
// no more than three Universal Credit assessment periods
// (https://www.legislation.gov.uk/uksi/2018/148/regulation/4/made), so an
// application giving earnings for a fourth is refused with a problem on the
// field, in English and Welsh, rather than decided on a guess; three are
// taken, and each refusal explains the periods it looked at.
func TestMoreThanThreeAssessmentPeriods(t *testing.T) {
	uc := func(earnings ...int64) Circumstances {
		return Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(earnings...)}
	}
	for _, earnings := range [][]int64{{70000, 60000, 55001, 0}, {0, 0, 0, 0, 0}} {
		app := &Application{Parent: testParent(t), Child: testChild(juniorDOB), Circumstances: uc(earnings...)}
		_, err := Decide(app, d("2025-06-01"))
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has(FieldUniversalCreditEarned, councilkit.CodeTooLarge) {
			t.Fatalf("%d periods: %v; want %s %s", len(earnings), err, FieldUniversalCreditEarned, councilkit.CodeTooLarge)
		}
		for _, p := range ve.Problems {
			if p.Message.English == "" || p.Message.Welsh == "" {
				t.Errorf("problem %v lacks English or Welsh", p)
			}
		}
	}
	for _, c := range []struct {
		earnings []int64
		en, cy   string
	}{
		{[]int64{61668}, "£616.68 over the last assessment period are above the limit of £616.67", "dros y cyfnod asesu diwethaf"},
		{[]int64{61668, 61667}, "£1,233.35 over the last two assessment periods are above the limit of £1,233.34", "dros y ddau gyfnod asesu diwethaf"},
		{[]int64{70000, 70000, 70000}, "£2,100.00 over the last three assessment periods are above the limit of £1,850.00", "dros y tri chyfnod asesu diwethaf"},
	} {
		app := &Application{Parent: testParent(t), Child: testChild(juniorDOB), Circumstances: uc(c.earnings...)}
		dec, err := Decide(app, d("2025-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		r, _ := dec.Reason(BasisUniversalCredit)
		if r.Met || !strings.Contains(r.Explanation.English, c.en) || !strings.Contains(r.Explanation.Welsh, c.cy) {
			t.Errorf("%v: %q / %q", c.earnings, r.Explanation.English, r.Explanation.Welsh)
		}
	}
}

// TestProtectionPhaseEnds: until 31 March 2025 transitional protection ran
// to the end of the phase of education the child was in on 31 March 2025
// (SI 2018/145 article 3 and the DfE guidance cited at
// TestDecideTransitionalProtection). In 2024/25 a child in reception is in
// primary to the end of year 6 (31 August 2031); year 11 ends secondary on
// 31 August 2025; year 12 is in the sixth form to 31 August 2026, year 13
// to 31 August 2025; a child past year 13 keeps it only to 31 March 2025.
// On the last day of protection the child is still protected.
func TestProtectionPhaseEnds(t *testing.T) {
	since := Circumstances{EligibleSince: d("2019-01-01")}
	cases := []struct {
		name, dob, until string
	}{
		{"reception", "2019-09-01", "2031-08-31"},
		{"reception, youngest", "2020-08-31", "2031-08-31"},
		{"year 6", "2013-09-01", "2025-08-31"},
		{"year 7", "2013-08-31", "2029-08-31"},
		{"year 11", "2008-09-01", "2025-08-31"},
		{"year 12", "2008-08-31", "2026-08-31"},
		{"year 13", "2006-09-01", "2025-08-31"},
		{"nursery", "2020-09-01", "2025-08-31"},
		{"two below reception", "2021-09-01", "2026-08-31"},
		// Past year 13 there is no phase to finish: protection ends with
		// the window, and 31 March 2025 is its last day.
		{"past year 13, last day", "2005-09-01", "2025-03-31"},
	}
	var runs []decideCase
	for _, c := range cases {
		runs = append(runs, decideCase{name: c.name, asAt: "2025-03-31", child: testChild(c.dob), c: since, eligible: true,
			basis: BasisTransitionalProtection, ruleSet: "england-2022-04-01", reviewOn: c.until,
			wantFacts: map[string]string{"protected_until": c.until}})
	}
	runDecideCases(t, runs)
	for _, c := range []struct {
		year, start int
		want        string
		ok          bool
	}{
		{-1, 2024, "2025-08-31", true}, {0, 2024, "2031-08-31", true}, {6, 2024, "2025-08-31", true},
		{7, 2024, "2029-08-31", true}, {11, 2024, "2025-08-31", true}, {12, 2024, "2026-08-31", true},
		{13, 2024, "2025-08-31", true}, {14, 2024, "", false},
	} {
		end, ok := phaseEnd(c.year, c.start)
		if ok != c.ok || (ok && end.String() != c.want) {
			t.Errorf("phaseEnd(%d, %d) = %v, %v; want %s, %v", c.year, c.start, end, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		dob   string
		start int
		want  int
	}{
		{"2019-09-01", 2024, 0}, {"2020-08-31", 2024, 0}, {"2020-09-01", 2024, -1}, {"2013-08-31", 2024, 7},
	} {
		if got := yearGroup(d(c.dob), c.start, 0); got != c.want {
			t.Errorf("yearGroup(%s, %d) = %d, want %d", c.dob, c.start, got, c.want)
		}
	}
	if schoolYear(d("2025-08-31")) != 2024 || schoolYear(d("2025-09-01")) != 2025 {
		t.Error("school year boundary")
	}
	for y, want := range map[int]string{-2: "below school age", -1: "nursery", 0: "reception", 13: "year 13"} {
		if got := yearName(y); got.English != want || got.Welsh == "" {
			t.Errorf("yearName(%d) = %v", y, got)
		}
	}
	// The English said "the child is in below school age" until the
	// phrase moved into the catalogue.
	for y, want := range map[int]councilkit.Text{
		-2: {English: "below school age", Welsh: "o dan oedran ysgol"},
		-1: {English: "in nursery", Welsh: "yn y feithrinfa"},
		0:  {English: "in reception", Welsh: "yn y dosbarth derbyn"},
		3:  {English: "in year 3", Welsh: "ym mlwyddyn 3"},
	} {
		if got := inYear(y); got != want {
			t.Errorf("inYear(%d) = %+v, want %+v", y, got, want)
		}
	}
}

// TestEvidenceAtTheEnds: every kind of evidence has a name and a text in
// both languages, up to the last; the values either side of the list are
// named by number and refused as text.
func TestEvidenceAtTheEnds(t *testing.T) {
	for e := EvidenceParentName; e < evidenceEnd; e++ {
		b, err := e.MarshalText()
		if err != nil || string(b) != e.String() || strings.HasPrefix(e.String(), "evidence(") {
			t.Errorf("%d: %q, %v", e, b, err)
		}
		if tx := e.Text(); tx.English == "" || tx.Welsh == "" || tx.English == e.String() {
			t.Errorf("%d: text %v", e, tx)
		}
		var back Evidence
		if err := back.UnmarshalText(b); err != nil || back != e {
			t.Errorf("%d: UnmarshalText(%q) = %d, %v", e, b, back, err)
		}
	}
	// The zero Evidence is EvidenceNone, named "none" (issue 16); only values
	// past the end are unnamed and refused.
	if EvidenceNone.String() != "none" {
		t.Errorf("zero evidence: %q", EvidenceNone.String())
	}
	for _, e := range []Evidence{evidenceEnd} {
		want := "evidence(" + strconv.Itoa(int(e)) + ")"
		if e.String() != want || e.Text().English != want || e.Text().Welsh != want {
			t.Errorf("%d: %q %v", e, e.String(), e.Text())
		}
		if _, err := e.MarshalText(); err == nil {
			t.Errorf("%d: MarshalText accepted", e)
		}
	}
}

// TestYearOffsetAndDateLimits: a child may be taught up to two years above
// or below their age group; decisions are made for dates up to the year
// 9000 and refused after.
func TestYearOffsetAndDateLimits(t *testing.T) {
	base := func(offset int) *Application {
		c := testChild(juniorDOB)
		c.YearOffset = offset
		return &Application{Parent: testParent(t), Child: c, Circumstances: Circumstances{Benefits: []Benefit{BenefitIncomeSupport}}}
	}
	for _, o := range []int{-maxYearOffset, maxYearOffset} {
		if _, err := Decide(base(o), d("2025-06-01")); err != nil {
			t.Errorf("offset %d: %v", o, err)
		}
	}
	for _, c := range []struct {
		o    int
		code councilkit.Code
	}{{maxYearOffset + 1, councilkit.CodeTooLarge}, {-maxYearOffset - 1, councilkit.CodeTooSmall}} {
		_, err := Decide(base(c.o), d("2025-06-01"))
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has(FieldChildYearOffset, c.code) {
			t.Errorf("offset %d: %v", c.o, err)
		}
	}
	if _, err := Decide(base(0), d("9000-12-31")); err != nil {
		t.Errorf("last decision year: %v", err)
	}
	if _, err := Decide(base(0), d("9001-01-01")); !errors.Is(err, ErrNoRules) {
		t.Errorf("after the last decision year: %v", err)
	}
}

// TestBasisAndBenefitAtTheEnds: names and texts up to the last basis and
// benefit; the value after each is named by number and refused as text.
// The bases that rest on a benefit run from Universal Credit to the
// eligibility check.
func TestBasisAndBenefitAtTheEnds(t *testing.T) {
	for b := BasisUniversalCredit; b < numBases; b++ {
		if s := b.String(); strings.HasPrefix(s, "basis(") || b.Text().English == "" || b.Text().English == s {
			t.Errorf("basis %d: %q %v", b, s, b.Text())
		}
		if got, err := b.MarshalText(); err != nil || string(got) != b.String() {
			t.Errorf("basis %d: MarshalText = %q, %v", b, got, err)
		}
	}
	over := Basis(numBases)
	overName := "basis(" + strconv.Itoa(int(numBases)) + ")"
	if over.String() != overName || over.Text().English != overName || over.Text().Welsh != overName {
		t.Errorf("basis past the end: %q %v", over.String(), over.Text())
	}
	if _, err := over.MarshalText(); !errors.Is(err, ErrInvalidBasis) {
		t.Errorf("basis past the end MarshalText: %v", err)
	}
	for b, want := range map[Basis]bool{BasisNone: false, BasisUniversalCredit: true, BasisEligibilityCheck: true, BasisTransitionalProtection: false, BasisUniversalInfant: false} {
		if b.IsBenefit() != want {
			t.Errorf("%v.IsBenefit() = %v", b, !want)
		}
	}
	last := Benefit(numBenefits - 1)
	if got, err := last.MarshalText(); err != nil || string(got) != last.String() || strings.HasPrefix(last.String(), "benefit(") {
		t.Errorf("last benefit: %q, %v", got, err)
	}
	bover := Benefit(numBenefits)
	if bover.String() != "benefit("+strconv.Itoa(int(numBenefits))+")" {
		t.Errorf("benefit past the end: %q", bover.String())
	}
	// BenefitUnknown, the zero value, has a name of its own (issue 16).
	for _, b := range []Benefit{bover} {
		if _, err := b.MarshalText(); !errors.Is(err, ErrInvalidBenefit) {
			t.Errorf("benefit %d MarshalText: %v", b, err)
		}
	}
}

// TestStatusAndNASSAtTheEnds: the last check status has its name and is an
// answer; the value after it is not. A NASS number has 8 to 10 digits in at
// most 40 characters.
func TestStatusAndNASSAtTheEnds(t *testing.T) {
	if StatusError.String() != "error" || !StatusError.Done() {
		t.Errorf("last status: %q %v", StatusError.String(), StatusError.Done())
	}
	if got, err := StatusError.MarshalText(); err != nil || string(got) != "error" {
		t.Errorf("StatusError.MarshalText = %q, %v", got, err)
	}
	over := Status(numStatuses)
	if over.String() != "status("+strconv.Itoa(int(numStatuses))+")" || over.Done() {
		t.Errorf("status past the end: %q %v", over.String(), over.Done())
	}
	if _, err := over.MarshalText(); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("status past the end MarshalText: %v", err)
	}
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"1234567890", true},
		{"12345678", true},
		{"1234567890" + strings.Repeat(" ", 30), true},
		{"1234567890" + strings.Repeat(" ", 31), false},
	} {
		if _, err := ParseNASSNumber(c.in); (err == nil) != c.ok {
			t.Errorf("ParseNASSNumber(%d characters): %v", len(c.in), err)
		}
	}
}
