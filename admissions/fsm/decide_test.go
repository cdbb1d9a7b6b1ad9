package fsm

import (
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// A child born 1 October 2010 is in year 3 in 2018/19 and year 11 in
// 2026/27: never an infant while the rules below apply, so benefit cases
// stand alone.
const juniorDOB = "2010-10-01"

type decideCase struct {
	name      string
	asAt      string
	parent    func(testing.TB) Parent
	child     Child
	c         Circumstances
	eligible  bool
	basis     Basis
	ruleSet   string
	reviewOn  string // "" to skip
	wantFacts map[string]string
}

func runDecideCases(t *testing.T, cases []decideCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			p := testParent
			if tt.parent != nil {
				p = tt.parent
			}
			child := tt.child
			if child.Person.DateOfBirth.IsZero() {
				child = testChild(juniorDOB)
			}
			app := &Application{Parent: p(t), Child: child, Circumstances: tt.c}
			dec, err := Decide(app, d(tt.asAt))
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if dec.Eligible != tt.eligible || dec.Basis != tt.basis {
				t.Fatalf("eligible, basis = %v, %v; want %v, %v\n%s", dec.Eligible, dec.Basis, tt.eligible, tt.basis, dec.Explain(councilkit.English))
			}
			if tt.ruleSet != "" && dec.RuleSet != tt.ruleSet {
				t.Errorf("rule set = %s, want %s", dec.RuleSet, tt.ruleSet)
			}
			if tt.reviewOn != "" && dec.ReviewOn.String() != tt.reviewOn {
				t.Errorf("review on = %s, want %s", dec.ReviewOn, tt.reviewOn)
			}
			if !tt.eligible && !dec.ReviewOn.IsZero() {
				t.Errorf("review date %s on a refusal", dec.ReviewOn)
			}
			if len(dec.Reasons) == 0 {
				t.Fatal("no reasons")
			}
			for _, r := range dec.Reasons {
				if r.Explanation.English == "" || r.Explanation.Welsh == "" || r.Source.Title == "" {
					t.Errorf("reason %s lacks explanation or source: %+v", r.Basis, r)
				}
			}
			if tt.wantFacts != nil {
				r, _ := dec.Reason(tt.basisOrFirst())
				got := map[string]string{}
				for _, f := range r.Facts {
					got[f.Name] = f.Value
				}
				for k, v := range tt.wantFacts {
					if got[k] != v {
						t.Errorf("fact %s = %q, want %q (facts %v)", k, got[k], v, r.Facts)
					}
				}
			}
		})
	}
}

func (tt decideCase) basisOrFirst() Basis {
	if tt.basis != BasisNone {
		return tt.basis
	}
	return BasisUniversalCredit
}

// Universal Credit earnings limit: SI 2018/148, regulations 2 and 4(b), in
// force 1 April 2018 (https://www.legislation.gov.uk/uksi/2018/148/made):
// net earned income not above £616.67 in the last assessment period, or
// where that is exceeded £1,233.34 over the last two or £1,850 over the last
// three. Regulation 4(b)(i): where the parent's earned income "did not
// exceed £616.67 in the universal credit assessment period immediately
// preceding the date of the request" (period 1), the applicable amount is
// £616.67; (ii) where that is exceeded and there is an earlier period,
// £1,233.34 over periods 1 and 2; (iii) where that is exceeded too and there
// is a third, £1,850 over periods 1 to 3
// (https://www.legislation.gov.uk/uksi/2018/148/regulation/4/made; the same
// scheme and figures in the Welsh order, SI 2019/187 (W. 46) article 2(3)(c),
// https://www.legislation.gov.uk/wsi/2019/187/article/2/made).
func TestDecideUniversalCredit(t *testing.T) {
	uc := func(earnings ...int64) Circumstances {
		return Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(earnings...)}
	}
	runDecideCases(t, []decideCase{
		{name: "one period at the limit", asAt: "2025-01-15", c: uc(61667), eligible: true, basis: BasisUniversalCredit,
			ruleSet: "england-2022-04-01", reviewOn: "2025-04-15",
			wantFacts: map[string]string{"uc_earnings_period_1": "£616.67", "uc_earnings_one_period": "£616.67"}},
		{name: "one period a penny over, no earlier period", asAt: "2025-01-15", c: uc(61668)},
		{name: "nil earnings", asAt: "2025-01-15", c: uc(0), eligible: true, basis: BasisUniversalCredit},
		{name: "two periods at the limit", asAt: "2025-06-01", c: uc(61668, 61666), eligible: true, basis: BasisUniversalCredit,
			ruleSet: "england-2025-04-01", wantFacts: map[string]string{"uc_earnings_total_2": "£1,233.34"}},
		{name: "two periods a penny over", asAt: "2025-06-01", c: uc(61668, 61667)},
		{name: "three periods at the limit", asAt: "2025-06-01", c: uc(70000, 60000, 55000), eligible: true, basis: BasisUniversalCredit,
			wantFacts: map[string]string{"uc_earnings_total_3": "£1,850.00", "uc_earnings_three_periods": "£1,850.00"}},
		{name: "three periods a penny over", asAt: "2025-06-01", c: uc(70000, 60000, 55001)},
		{name: "first day of the limit", asAt: "2018-04-01", c: uc(61667), eligible: true, basis: BasisUniversalCredit, ruleSet: "england-2018-04-01"},
		// From September 2026 every Universal Credit household qualifies:
		// written ministerial statement "School food", 5 June 2025
		// (https://www.parallelparliament.co.uk/debate/2025-06-05/commons/written-statements/school-food).
		// No implementing statutory instrument has been traced, so the
		// rule is provisional and its first day, 1 September 2026, is
		// councilkit's reading of "from September 2026".
		// From then on a benefit decision is reviewed a year later, not a
		// term later: the DfE's June 2025 guidance asks schools to re-check
		// eligibility only once every 12 months, to avoid "any sudden loss
		// of entitlement during the school year" (as reported by Schools
		// Week, https://schoolsweek.co.uk/free-school-meals-extension-what-schools-need-to-know).
		{name: "last day of the limit", asAt: "2026-08-31", c: uc(100000), ruleSet: "england-2025-04-01"},
		{name: "within the limit, last day of termly review", asAt: "2026-08-31", c: uc(100), eligible: true, basis: BasisUniversalCredit,
			reviewOn: "2026-11-30"},
		{name: "first day of the extension", asAt: "2026-09-01", c: uc(100000), eligible: true, basis: BasisUniversalCredit, ruleSet: "england-2026-09-01",
			reviewOn: "2027-09-01"},
		{name: "extension needs no earnings", asAt: "2026-09-01", c: Circumstances{Benefits: []Benefit{BenefitUniversalCredit}},
			eligible: true, basis: BasisUniversalCredit},
		{name: "no Universal Credit", asAt: "2026-09-01", c: Circumstances{}},
	})
}

// Child Tax Credit: SI 2003/383 article 3 as substituted by SI 2011/728
// article 2, in force 6 April 2011 (https://www.legislation.gov.uk/uksi/2011/728/made):
// entitled to CTC but not WTC, on an award based on annual income not
// exceeding £16,190.
func TestDecideChildTaxCredit(t *testing.T) {
	ctc := func(income int64, more ...Benefit) Circumstances {
		return Circumstances{Benefits: append([]Benefit{BenefitChildTaxCredit}, more...), ChildTaxCreditIncome: amt(income)}
	}
	runDecideCases(t, []decideCase{
		{name: "at the limit", asAt: "2024-05-01", c: ctc(1619000), eligible: true, basis: BasisChildTaxCredit,
			wantFacts: map[string]string{"ctc_award_income": "£16,190.00", "ctc_annual_income": "£16,190.00"}},
		{name: "nil income", asAt: "2024-05-01", c: ctc(0), eligible: true, basis: BasisChildTaxCredit},
		{name: "a penny over", asAt: "2024-05-01", c: ctc(1619001)},
		{name: "with Working Tax Credit", asAt: "2024-05-01", c: ctc(1000000, BenefitWorkingTaxCredit)},
		// The four-week run-on: SI 2009/830 article 2, in force 1 May 2009.
		{name: "with the Working Tax Credit run-on", asAt: "2024-05-01", c: ctc(2000000, BenefitWorkingTaxCreditRunOn),
			eligible: true, basis: BasisWorkingTaxCreditRunOn},
		{name: "Working Tax Credit alone", asAt: "2024-05-01", c: Circumstances{Benefits: []Benefit{BenefitWorkingTaxCredit}}},
		// The limit is unchanged by the 2026 rules.
		{name: "at the limit, last day of the 2025 rules", asAt: "2026-08-31", c: ctc(1619000), eligible: true, basis: BasisChildTaxCredit,
			ruleSet: "england-2025-04-01"},
		{name: "at the limit, first day of the 2026 rules", asAt: "2026-09-01", c: ctc(1619000), eligible: true, basis: BasisChildTaxCredit,
			ruleSet: "england-2026-09-01"},
		{name: "a penny over, 2026 rules", asAt: "2026-09-01", c: ctc(1619001)},
	})
}

// The benefits named in Education Act 1996 s512ZB(4)(a), the guarantee
// credit of State Pension Credit (SI 2005/885 article 2) and the Working Tax
// Credit run-on (SI 2009/830 article 2).
func TestDecidePassportBenefits(t *testing.T) {
	one := func(b Benefit) Circumstances { return Circumstances{Benefits: []Benefit{b}} }
	runDecideCases(t, []decideCase{
		{name: "income support", asAt: "2025-10-01", c: one(BenefitIncomeSupport), eligible: true, basis: BasisIncomeSupport, reviewOn: "2026-01-01"},
		{name: "income-based JSA", asAt: "2025-10-01", c: one(BenefitIncomeBasedJSA), eligible: true, basis: BasisIncomeBasedJSA},
		{name: "income-related ESA", asAt: "2025-10-01", c: one(BenefitIncomeRelatedESA), eligible: true, basis: BasisIncomeRelatedESA},
		{name: "asylum support with a NASS number", asAt: "2025-10-01", parent: testNASSParent, c: one(BenefitAsylumSupport),
			eligible: true, basis: BasisAsylumSupport},
		{name: "pension credit guarantee", asAt: "2025-10-01", c: one(BenefitPensionCreditGuarantee), eligible: true, basis: BasisPensionCreditGuarantee},
		{name: "working tax credit run-on", asAt: "2025-10-01", c: one(BenefitWorkingTaxCreditRunOn), eligible: true, basis: BasisWorkingTaxCreditRunOn},
		{name: "nothing", asAt: "2025-10-01"},
		{name: "eligibility check eligible", asAt: "2025-10-01", c: Circumstances{CheckStatus: StatusEligible}, eligible: true, basis: BasisEligibilityCheck},
		{name: "eligibility check not eligible", asAt: "2025-10-01", c: Circumstances{CheckStatus: StatusNotEligible}},
		{name: "parent not found", asAt: "2025-10-01", c: Circumstances{CheckStatus: StatusParentNotFound}},
		// The same bases on the first day of the first and of the last rule
		// set.
		{name: "income support, first day of the rules", asAt: "2018-04-01", c: one(BenefitIncomeSupport), eligible: true,
			basis: BasisIncomeSupport, ruleSet: "england-2018-04-01"},
		{name: "pension credit guarantee, 2026 rules", asAt: "2026-09-01", c: one(BenefitPensionCreditGuarantee), eligible: true,
			basis: BasisPensionCreditGuarantee, ruleSet: "england-2026-09-01"},
		{name: "asylum support, 2026 rules", asAt: "2026-09-01", parent: testNASSParent, c: one(BenefitAsylumSupport), eligible: true,
			basis: BasisAsylumSupport},
		{name: "eligibility check, 2026 rules", asAt: "2026-09-01", c: Circumstances{CheckStatus: StatusEligible}, eligible: true,
			basis: BasisEligibilityCheck},
	})
}

// Universal infant free school meals: Education Act 1996 s512ZB(4A) and
// (4C), inserted by Children and Families Act 2014 s106
// (https://www.legislation.gov.uk/ukpga/2014/6/section/106): reception,
// year 1 and year 2.
func TestDecideUniversalInfant(t *testing.T) {
	runDecideCases(t, []decideCase{
		{name: "youngest in reception", asAt: "2025-09-01", child: testChild("2021-08-31"), eligible: true, basis: BasisUniversalInfant,
			reviewOn: "2028-08-31", wantFacts: map[string]string{"year_group": "reception", "school_year": "2025-26"}},
		{name: "nursery", asAt: "2025-09-01", child: testChild("2021-09-01")},
		{name: "oldest in year 2", asAt: "2025-09-01", child: testChild("2018-09-01"), eligible: true, basis: BasisUniversalInfant, reviewOn: "2026-08-31"},
		{name: "youngest in year 3", asAt: "2025-09-01", child: testChild("2018-08-31")},
		{name: "year 2 on the last day of the school year", asAt: "2026-08-31", child: testChild("2018-09-01"), eligible: true, basis: BasisUniversalInfant},
		{name: "year 3 on the first day of the next", asAt: "2026-09-01", child: testChild("2018-09-01")},
		{name: "year 3 taught in year 2", asAt: "2025-09-01", child: Child{Person: testChild("2018-08-31").Person, YearOffset: -1},
			eligible: true, basis: BasisUniversalInfant},
		{name: "infant on benefits is named on the benefit", asAt: "2025-09-01", child: testChild("2021-08-31"),
			c: Circumstances{Benefits: []Benefit{BenefitIncomeSupport}}, eligible: true, basis: BasisIncomeSupport},
	})
}

// Transitional protection: SI 2018/145 article 3 (England: SI 2019/655),
// https://www.legislation.gov.uk/uksi/2018/145/article/3.
//
// Until 31 March 2025 (rule sets england-2018-04-01 and england-2022-04-01, which
// differ only in the route for families with no recourse to public funds) the protection ran to
// the end of the Universal Credit rollout, moved to 31 March 2025, and then
// to the end of the phase of education the child was in on that day (DfE
// "Free school meals: guidance for local authorities, maintained schools,
// academies and free schools", as it stood from 2023).
//
// The DfE's update of that guidance in June 2025, with the Universal Credit
// extension, replaced the phase rule: every pupil who becomes eligible under
// the benefits-based criteria keeps the entitlement until the end of the
// 2025/26 school year, whatever changes in household circumstances or
// educational phase, and then all protections end (as quoted to schools by
// Devon County Council, https://www.devon.gov.uk/schcomms/sc/062025-8682;
// the minister's written answer: "Following our expansion of eligibility
// from September 2026, it is our intention to end all protections",
// https://www.parallelparliament.co.uk/question/60604/free-school-meals).
// councilkit takes the 2025/26 school year to end on 31 August 2026, as it
// does for year groups, and the extension to start on 1 September 2026.
func TestDecideTransitionalProtection(t *testing.T) {
	since := func(s string) Circumstances { return Circumstances{EligibleSince: d(s)} }
	// Born 1 October 2013: year 6 in 2024/25, so primary ends 31 August 2025.
	y6 := testChild("2013-10-01")
	// Born 1 October 2012: year 7 in 2024/25, so secondary ends after year
	// 11, on 31 August 2029.
	y7 := testChild("2012-10-01")
	runDecideCases(t, []decideCase{
		// Before 1 April 2025: the phase rule.
		{name: "during the rollout", asAt: "2024-01-10", child: y6, c: since("2019-01-01"), eligible: true, basis: BasisTransitionalProtection,
			ruleSet: "england-2022-04-01", reviewOn: "2025-08-31",
			wantFacts: map[string]string{"year_group_at_window_end": "year 6", "protected_until": "2025-08-31"}},
		{name: "secondary phase end under the phase rule", asAt: "2025-03-31", child: y7, c: since("2024-11-01"), eligible: true,
			basis: BasisTransitionalProtection, ruleSet: "england-2022-04-01", reviewOn: "2029-08-31"},
		{name: "eligible on the last day of the first window", asAt: "2025-03-31", child: y7, c: since("2025-03-31"), eligible: true,
			basis: BasisTransitionalProtection, ruleSet: "england-2022-04-01"},
		{name: "eligible on the first day of the window", asAt: "2025-03-31", child: y7, c: since("2018-04-01"), eligible: true, basis: BasisTransitionalProtection},
		{name: "eligible the day before the window", asAt: "2025-03-31", child: y7, c: since("2018-03-31")},
		// A nursery child on 31 March 2025 was protected to the end of the
		// nursery year only: councilkit reads "phase" as early years,
		// primary, secondary (years 7 to 11) or sixth form.
		{name: "nursery at the first window end", asAt: "2025-03-31", child: testChild("2021-08-31"), c: since("2024-06-01"),
			eligible: true, basis: BasisTransitionalProtection, ruleSet: "england-2022-04-01", reviewOn: "2025-08-31"},

		// From 1 April 2025: protected to 31 August 2026 whatever the phase.
		{name: "first day of the extended protection", asAt: "2025-04-01", child: y6, c: since("2019-01-01"), eligible: true,
			basis: BasisTransitionalProtection, ruleSet: "england-2025-04-01", reviewOn: "2026-08-31",
			wantFacts: map[string]string{"protected_until": "2026-08-31"}},
		{name: "year 6 moves to secondary still protected", asAt: "2025-09-01", child: y6, c: since("2019-01-01"), eligible: true,
			basis: BasisTransitionalProtection, reviewOn: "2026-08-31"},
		{name: "eligible after 31 March 2025 is protected", asAt: "2025-06-01", child: y7, c: since("2025-04-01"), eligible: true,
			basis: BasisTransitionalProtection},
		{name: "eligible on the last day of the window", asAt: "2026-08-31", child: y7, c: since("2026-08-31"), eligible: true,
			basis: BasisTransitionalProtection, reviewOn: "2026-08-31"},
		{name: "eligible the day before the window, later", asAt: "2025-06-01", child: y7, c: since("2018-03-31")},
		{name: "nursery child protected into reception", asAt: "2025-09-01", child: testChild("2021-08-31"), c: since("2024-06-01"),
			eligible: true, basis: BasisTransitionalProtection, reviewOn: "2026-08-31"},
		{name: "last day of protection", asAt: "2026-08-31", child: y7, c: since("2024-11-01"), eligible: true, basis: BasisTransitionalProtection,
			ruleSet: "england-2025-04-01", reviewOn: "2026-08-31"},

		// From 1 September 2026 no child is protected, whatever the phase.
		{name: "first day without protection", asAt: "2026-09-01", child: y7, c: since("2024-11-01"), ruleSet: "england-2026-09-01"},
		{name: "still in the protected phase, no protection", asAt: "2027-06-01", child: y7, c: since("2019-01-01")},
		{name: "formerly protected child on Universal Credit qualifies", asAt: "2026-09-01", child: y7,
			c: Circumstances{EligibleSince: d("2024-11-01"), Benefits: []Benefit{BenefitUniversalCredit}}, eligible: true, basis: BasisUniversalCredit},

		{name: "current benefit named before protection", asAt: "2025-06-01", child: y7,
			c: Circumstances{EligibleSince: d("2020-01-01"), Benefits: []Benefit{BenefitIncomeRelatedESA}}, eligible: true, basis: BasisIncomeRelatedESA},
	})
}

// The refusal of a once-protected child says why, in both languages.
func TestProtectionEndedExplains(t *testing.T) {
	app := &Application{Parent: testParent(t), Child: testChild("2012-10-01"), Circumstances: Circumstances{EligibleSince: d("2024-11-01")}}
	dec, err := Decide(app, d("2026-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := dec.Reason(BasisTransitionalProtection)
	if !ok || r.Met {
		t.Fatalf("protection reason = %+v, %v", r, ok)
	}
	for _, want := range []string{"ended for every child on 31 August 2026", "1 November 2024"} {
		if !strings.Contains(r.Explanation.English, want) {
			t.Errorf("English explanation %q lacks %q", r.Explanation.English, want)
		}
	}
	if len(r.Facts) != 2 || r.Facts[1] != (Fact{"protected_until", "2026-08-31"}) {
		t.Errorf("facts = %v", r.Facts)
	}
	if !strings.Contains(r.Explanation.Welsh, "31 Awst 2026") {
		t.Errorf("Welsh explanation %q lacks the date", r.Explanation.Welsh)
	}
}

func TestDecideBases(t *testing.T) {
	app := &Application{
		// Reception in 2024/25, year 1 in 2025/26.
		Parent: testParent(t), Child: testChild("2020-08-31"),
		Circumstances: Circumstances{Benefits: []Benefit{BenefitIncomeSupport}, EligibleSince: d("2024-01-01")},
	}
	dec, err := Decide(app, d("2025-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Basis{BasisIncomeSupport, BasisTransitionalProtection, BasisUniversalInfant}
	if len(dec.Bases) != len(want) {
		t.Fatalf("bases = %v, want %v", dec.Bases, want)
	}
	for i := range want {
		if dec.Bases[i] != want[i] {
			t.Fatalf("bases = %v, want %v", dec.Bases, want)
		}
	}
	wantEv := []Evidence{EvidenceParentName, EvidenceParentDateOfBirth, EvidenceNINO}
	if len(dec.Evidence) != len(wantEv) {
		t.Fatalf("evidence = %v, want %v", dec.Evidence, wantEv)
	}
	for i := range wantEv {
		if dec.Evidence[i] != wantEv[i] {
			t.Fatalf("evidence = %v, want %v", dec.Evidence, wantEv)
		}
	}
}

func TestDecideEvidence(t *testing.T) {
	tests := []struct {
		name   string
		parent func(testing.TB) Parent
		child  string
		c      Circumstances
		want   []Evidence
	}{
		{"universal credit", testParent, juniorDOB,
			Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(100)},
			[]Evidence{EvidenceParentName, EvidenceParentDateOfBirth, EvidenceNINO, EvidenceUniversalCreditStatements}},
		{"child tax credit", testParent, juniorDOB,
			Circumstances{Benefits: []Benefit{BenefitChildTaxCredit}, ChildTaxCreditIncome: amt(100)},
			[]Evidence{EvidenceParentName, EvidenceParentDateOfBirth, EvidenceNINO, EvidenceTaxCreditAwardNotice}},
		{"asylum support", testNASSParent, juniorDOB,
			Circumstances{Benefits: []Benefit{BenefitAsylumSupport}},
			[]Evidence{EvidenceParentName, EvidenceParentDateOfBirth, EvidenceNASSNumber}},
		{"infant", testParent, "2021-08-31", Circumstances{},
			[]Evidence{EvidenceChildName, EvidenceChildDateOfBirth}},
		{"protection", testParent, juniorDOB, Circumstances{EligibleSince: d("2020-01-01")},
			[]Evidence{EvidenceChildName, EvidenceChildDateOfBirth, EvidencePreviousEligibility}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, err := Decide(&Application{Parent: tt.parent(t), Child: testChild(tt.child), Circumstances: tt.c}, d("2025-09-01"))
			if err != nil {
				t.Fatal(err)
			}
			if len(dec.Evidence) != len(tt.want) {
				t.Fatalf("evidence = %v, want %v", dec.Evidence, tt.want)
			}
			for i := range tt.want {
				if dec.Evidence[i] != tt.want[i] {
					t.Fatalf("evidence = %v, want %v", dec.Evidence, tt.want)
				}
			}
		})
	}
}

// Without an earnings limit (from 1 September 2026) Universal Credit
// statements are not asked for, even if earnings were given; with one they
// are.
func TestDecideEvidenceUCStatements(t *testing.T) {
	c := Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(100)}
	for _, tt := range []struct {
		asAt string
		want bool
	}{{"2026-08-31", true}, {"2026-09-01", false}} {
		dec, err := Decide(&Application{Parent: testParent(t), Child: testChild(juniorDOB), Circumstances: c}, d(tt.asAt))
		if err != nil || dec.Basis != BasisUniversalCredit {
			t.Fatalf("%s: %v, %v", tt.asAt, dec, err)
		}
		got := false
		for _, e := range dec.Evidence {
			got = got || e == EvidenceUniversalCreditStatements
		}
		if got != tt.want {
			t.Errorf("%s: evidence %v, want statements %v", tt.asAt, dec.Evidence, tt.want)
		}
	}
}

func TestDecideBeforeRules(t *testing.T) {
	app := &Application{Parent: testParent(t), Child: testChild(juniorDOB)}
	for _, day := range []string{"2018-03-31", "2000-01-01", "9999-09-01"} {
		if _, err := Decide(app, d(day)); !errors.Is(err, ErrNoRules) {
			t.Errorf("Decide as at %s: err = %v, want ErrNoRules", day, err)
		}
	}
	var zero Application
	if _, err := Decide(&zero, zeroDate()); !errors.Is(err, ErrNoRules) {
		t.Errorf("Decide with no date: err = %v, want ErrNoRules", err)
	}
}
