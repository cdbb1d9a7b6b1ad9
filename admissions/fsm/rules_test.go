package fsm

import (
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

func TestRulesAt(t *testing.T) {
	tests := []struct {
		day, want string
	}{
		{"2018-04-01", "england-2018-04-01"},
		{"2022-03-31", "england-2018-04-01"},
		{"2022-04-01", "england-2022-04-01"},
		{"2025-03-31", "england-2022-04-01"},
		{"2025-04-01", "england-2025-04-01"},
		{"2026-08-31", "england-2025-04-01"},
		{"2026-09-01", "england-2026-09-01"},
		{"2099-01-01", "england-2026-09-01"},
	}
	for _, tt := range tests {
		rs, err := RulesAt(d(tt.day))
		if err != nil || rs.ID != tt.want {
			t.Errorf("RulesAt(%s) = %v, %v; want %s", tt.day, rs.ID, err, tt.want)
		}
	}
	if _, err := RulesAt(d("2018-03-31")); !errors.Is(err, ErrNoRules) {
		t.Errorf("RulesAt before the first set: %v", err)
	}
}

// The figures, checked against the instruments that set them.
func TestThresholdFigures(t *testing.T) {
	rs, _ := RulesAt(d("2025-06-01"))
	uc, _ := rs.Rule(BasisUniversalCredit)
	ctc, _ := rs.Rule(BasisChildTaxCredit)
	tests := []struct {
		rule  Rule
		name  string
		pence int64
		from  string
		prov  string
	}{
		// SI 2018/148 reg 4(b)(i) to (iii)
		// (https://www.legislation.gov.uk/uksi/2018/148/regulation/4/made):
		// £616.67 is one twelfth of £7,400 rounded to the penny; two
		// periods twice that; three periods a quarter.
		{uc, ThresholdUCOnePeriod, 61667, "2018-04-01", "regulation 4(b)(i)"},
		{uc, ThresholdUCTwoPeriods, 123334, "2018-04-01", "regulation 4(b)(ii)"},
		{uc, ThresholdUCThreePeriods, 185000, "2018-04-01", "regulation 4(b)(iii)"},
		// SI 2003/383 art 3 as substituted by SI 2011/728, from 6 April 2011.
		{ctc, ThresholdCTCIncome, 1619000, "2011-04-06", "article 3, as substituted by SI 2011/728 article 2"},
	}
	for _, tt := range tests {
		th, ok := tt.rule.Threshold(tt.name)
		if !ok {
			t.Fatalf("no threshold %s", tt.name)
		}
		if th.Amount.Pence() != tt.pence || th.EffectiveFrom.String() != tt.from {
			t.Errorf("%s = %d from %s, want %d from %s", tt.name, th.Amount.Pence(), th.EffectiveFrom, tt.pence, tt.from)
		}
		if th.Source.Title == "" || th.Source.URL == "" || th.Source.Provision != tt.prov {
			t.Errorf("%s source = %+v, want provision %q", tt.name, th.Source, tt.prov)
		}
	}
	const annual = 740000
	if got := (annual*10/12 + 5) / 10; got != 61667 {
		t.Errorf("£7,400 / 12 = %d pence", got)
	}
	if annual/4 != 185000 {
		t.Error("£7,400 / 4 is not £1,850")
	}
	// From 1 September 2026 Universal Credit has no earnings limit.
	rs26, _ := RulesAt(d("2026-09-01"))
	uc26, _ := rs26.Rule(BasisUniversalCredit)
	if len(uc26.Thresholds) != 0 || uc26.EffectiveFrom.String() != "2026-09-01" {
		t.Errorf("2026 rule = %+v", uc26)
	}
}

func TestRuleSetsWellFormed(t *testing.T) {
	sets := RuleSets()
	if len(sets) == 0 {
		t.Fatal("no rule sets")
	}
	for i, rs := range sets {
		if i > 0 && !rs.EffectiveFrom.After(sets[i-1].EffectiveFrom) {
			t.Errorf("%s does not follow %s", rs.ID, sets[i-1].ID)
		}
		if rs.ID != "england-"+rs.EffectiveFrom.String() {
			t.Errorf("ID %s does not match %s", rs.ID, rs.EffectiveFrom)
		}
		seen := map[Basis]bool{}
		for _, r := range rs.Rules {
			if seen[r.Basis] {
				t.Errorf("%s: two rules for %s", rs.ID, r.Basis)
			}
			seen[r.Basis] = true
			if r.Source.Title == "" || r.EffectiveFrom.IsZero() || r.Note == "" {
				t.Errorf("%s: rule %s lacks source, date or note", rs.ID, r.Basis)
			}
			if r.EffectiveFrom.After(rs.EffectiveFrom) {
				t.Errorf("%s: rule %s starts after its set", rs.ID, r.Basis)
			}
		}
		for b := BasisUniversalCredit; b < numBases; b++ {
			// The route for families with no recourse to public funds
			// begins with the rule set of 1 April 2022.
			if b == BasisNoRecourseToPublicFunds && rs.EffectiveFrom.Before(nrpfFrom) {
				if seen[b] {
					t.Errorf("%s: rule for %s before it began", rs.ID, b)
				}
				continue
			}
			if !seen[b] {
				t.Errorf("%s: no rule for %s", rs.ID, b)
			}
		}
		if p, _ := rs.Rule(BasisTransitionalProtection); p.Source != rs.Protection.Source {
			t.Errorf("%s: protection rule and window cite different sources", rs.ID)
		}
	}
}

// The protection window and its end in each rule set: SI 2018/145 article
// 3 as extended to 31 March 2025, then the DfE's June 2025 guidance (to the
// end of the 2025/26 school year for every protected child, then no
// protection). See TestDecideTransitionalProtection for the sources.
func TestProtectionWindows(t *testing.T) {
	tests := []struct {
		id, from, until, end string
	}{
		{"england-2018-04-01", "2018-04-01", "2025-03-31", ""},
		{"england-2022-04-01", "2018-04-01", "2025-03-31", ""},
		{"england-2025-04-01", "2018-04-01", "2026-08-31", "2026-08-31"},
		{"england-2026-09-01", "2018-04-01", "2026-08-31", "2026-08-31"},
	}
	sets := RuleSets()
	if len(sets) != len(tests) {
		t.Fatalf("%d rule sets, want %d", len(sets), len(tests))
	}
	for i, tt := range tests {
		p := sets[i].Protection
		end := ""
		if !p.Until.IsZero() {
			end = p.Until.String()
		}
		if sets[i].ID != tt.id || p.WindowFrom.String() != tt.from || p.WindowUntil.String() != tt.until || end != tt.end {
			t.Errorf("%s: window %s to %s, until %q; want %s: %s to %s, until %q",
				sets[i].ID, p.WindowFrom, p.WindowUntil, end, tt.id, tt.from, tt.until, tt.end)
		}
	}
}

// A rule that rests on an announcement rather than an instrument is marked
// provisional, and says so wherever its source is shown. Only the 2026
// Universal Credit extension is: no statutory instrument removing the
// earnings condition of SI 2018/148 had been traced by 23 November 2026.
func TestProvisionalSources(t *testing.T) {
	for _, rs := range RuleSets() {
		for _, r := range rs.Rules {
			want := rs.ID == "england-2026-09-01" && r.Basis == BasisUniversalCredit
			if r.Source.Provisional != want {
				t.Errorf("%s: %s provisional = %v, want %v", rs.ID, r.Basis, r.Source.Provisional, want)
			}
			if got := strings.HasSuffix(r.Source.String(), " [provisional]"); got != want {
				t.Errorf("%s: %s source string %q", rs.ID, r.Basis, r.Source.String())
			}
		}
	}
	app := &Application{Parent: testParent(t), Child: testChild(juniorDOB),
		Circumstances: Circumstances{Benefits: []Benefit{BenefitUniversalCredit}}}
	dec, err := Decide(app, d("2026-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dec.Explain(councilkit.English), "[provisional]") {
		t.Error("explanation does not show the provisional source")
	}
}

// Callers get copies: changing one cannot change the rules in force.
func TestRulesAtCopies(t *testing.T) {
	rs, _ := RulesAt(d("2025-06-01"))
	rs.Rules[0].Thresholds[0].Amount = payments.Pence(1)
	rs.InfantYears[0] = 9
	sets := RuleSets()
	sets[1].Rules[0].Thresholds[0].Amount = payments.Pence(1)
	again, _ := RulesAt(d("2025-06-01"))
	if again.Rules[0].Thresholds[0].Amount.Pence() != 61667 || again.InfantYears[0] != 0 {
		t.Fatal("rules in force were changed through a copy")
	}
}
