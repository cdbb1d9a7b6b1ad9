package fsm

import (
	"errors"
	"github.com/lgds/councilkit/payments"
	"testing"
)

func TestRulesAt(t *testing.T) {
	tests := []struct {
		day, want string
	}{
		{"2018-04-01", "england-2018-04-01"},
		{"2025-03-31", "england-2018-04-01"},
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
	}{
		// SI 2018/148 reg 4(b): £616.67 is one twelfth of £7,400 rounded
		// to the penny; two periods twice that; three periods a quarter.
		{uc, ThresholdUCOnePeriod, 61667, "2018-04-01"},
		{uc, ThresholdUCTwoPeriods, 123334, "2018-04-01"},
		{uc, ThresholdUCThreePeriods, 185000, "2018-04-01"},
		// SI 2003/383 art 3 as substituted by SI 2011/728, from 6 April 2011.
		{ctc, ThresholdCTCIncome, 1619000, "2011-04-06"},
	}
	for _, tt := range tests {
		th, ok := tt.rule.Threshold(tt.name)
		if !ok {
			t.Fatalf("no threshold %s", tt.name)
		}
		if th.Amount.Pence() != tt.pence || th.EffectiveFrom.String() != tt.from {
			t.Errorf("%s = %d from %s, want %d from %s", tt.name, th.Amount.Pence(), th.EffectiveFrom, tt.pence, tt.from)
		}
		if th.Source.Title == "" || th.Source.URL == "" {
			t.Errorf("%s has no source", tt.name)
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
			if !seen[b] {
				t.Errorf("%s: no rule for %s", rs.ID, b)
			}
		}
		if rs.Protection.WindowFrom.String() != "2018-04-01" || rs.Protection.WindowUntil.String() != "2025-03-31" {
			t.Errorf("%s: protection window %s to %s", rs.ID, rs.Protection.WindowFrom, rs.Protection.WindowUntil)
		}
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
