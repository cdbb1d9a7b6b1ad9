package fsm

import (
	"errors"
	"fmt"
	"github.com/lgds/councilkit/payments"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"golang.org/x/text/language"
)

// Fact is one fact a rule used, by name, with its value as shown to a
// caseworker. Facts never hold the parent's identifiers.
type Fact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Reason records how one rule applied to an application: whether it was
// met, the facts it looked at, and why.
type Reason struct {
	Basis         Basis           `json:"basis"`
	Met           bool            `json:"met"`
	Source        Source          `json:"source"`
	EffectiveFrom calendar.Date   `json:"effective_from"`
	Facts         []Fact          `json:"facts,omitempty"`
	Explanation   councilkit.Text `json:"explanation"`
}

// Evidence is a piece of information or a document a decision rests on, to
// be kept with the decision or asked of the parent. The zero Evidence is
// EvidenceNone, "none": no evidence. The list only ever grows.
type Evidence uint8

// Evidence.
const (
	EvidenceNone Evidence = iota // no evidence: the zero Evidence
	EvidenceParentName
	EvidenceParentDateOfBirth
	EvidenceNINO
	EvidenceNASSNumber
	EvidenceUniversalCreditStatements
	EvidenceTaxCreditAwardNotice
	EvidencePreviousEligibility
	EvidenceChildName
	EvidenceChildDateOfBirth
	// EvidenceNRPFStatus: evidence of the household's immigration
	// circumstances (a visa or biometric residence permit showing a no
	// recourse to public funds condition, a letter of support).
	EvidenceNRPFStatus
	// EvidenceHouseholdIncome: evidence of the household's income.
	EvidenceHouseholdIncome

	evidenceEnd
)

var evidenceNames = [evidenceEnd]string{
	"none", "parent_name", "parent_date_of_birth", "national_insurance_number", "nass_number",
	"universal_credit_statements", "tax_credit_award_notice", "previous_eligibility",
	"child_name", "child_date_of_birth", "nrpf_status", "household_income",
}

var evidenceText = [evidenceEnd]councilkit.Text{
	{},
	text("evidence.parent_name"),
	text("evidence.parent_date_of_birth"),
	text("evidence.parent_nino"),
	text("evidence.parent_nass"),
	text("evidence.uc_statements"),
	text("evidence.tax_credit_award"),
	text("evidence.eligible_since"),
	text("evidence.child_name"),
	text("evidence.child_date_of_birth"),
	text("evidence.nrpf_circumstances"),
	text("evidence.income"),
}

// String returns the stable machine name, "none" for EvidenceNone.
func (e Evidence) String() string {
	if e >= evidenceEnd {
		return "evidence(" + strconv.Itoa(int(e)) + ")"
	}
	return evidenceNames[e]
}

// Text describes the evidence for a resident.
func (e Evidence) Text() councilkit.Text {
	if e == 0 || e >= evidenceEnd {
		return councilkit.Text{English: e.String(), Welsh: e.String()}
	}
	return evidenceText[e]
}

// MarshalText encodes the machine name, "none" for EvidenceNone; an
// undefined value is an error.
func (e Evidence) MarshalText() ([]byte, error) {
	if e >= evidenceEnd {
		return nil, fmt.Errorf("fsm: unknown evidence %d", uint8(e))
	}
	return []byte(evidenceNames[e]), nil
}

// UnmarshalText decodes the machine name, "none" included.
func (e *Evidence) UnmarshalText(b []byte) error {
	for i, n := range evidenceNames {
		if n == string(b) {
			*e = Evidence(i)
			return nil
		}
	}
	return fmt.Errorf("fsm: unknown evidence %q", b)
}

// Decision is the outcome of applying the rules to an application as at one
// date. It carries everything needed to explain and to reproduce it: the
// rule set, each rule tried with its source, effective date and the facts
// it used.
type Decision struct {
	// Eligible reports whether the child is entitled to free school lunches.
	Eligible bool `json:"eligible"`
	// Basis is the basis the decision rests on: the first met in the rule
	// set's order, so a benefit basis (which also brings pupil premium) is
	// named before universal infant meals. BasisNone if not eligible.
	Basis Basis `json:"basis"`
	// Bases lists every basis met, in rule order.
	Bases []Basis `json:"bases,omitempty"`
	// AsAt is the day the decision was made as at.
	AsAt calendar.Date `json:"as_at"`
	// RuleSet is the ID of the rule set applied.
	RuleSet string `json:"rule_set"`
	// YearGroup is the child's national curriculum year group on AsAt: 0
	// for reception, negative for nursery.
	YearGroup int `json:"year_group"`
	// Reasons lists every rule tried, in order.
	Reasons []Reason `json:"reasons"`
	// Evidence is what the decision rests on and should be kept or asked
	// for.
	Evidence []Evidence `json:"evidence,omitempty"`
	// ReviewOn is when the decision should be looked at again: for a
	// benefit basis the rule set's BenefitReview months later, for
	// universal infant meals the end of year 2, for transitional protection
	// the day it ends. Zero if not eligible.
	ReviewOn calendar.Date `json:"review_on,omitempty"`
}

// Reason returns the reason recorded for a basis.
func (d *Decision) Reason(b Basis) (Reason, bool) {
	for _, r := range d.Reasons {
		if r.Basis == b {
			return r, true
		}
	}
	return Reason{}, false
}

// Explain writes the decision out for a caseworker or resident in the
// language tag asks for (English, or Welsh for cy): the outcome, then each
// rule with its source.
func (d *Decision) Explain(tag language.Tag) string {
	var b strings.Builder
	if d.Eligible {
		b.WriteString(text("explain.eligible", "date", d.AsAt.Long(tag), "basis", d.Basis.Text()).In(tag))
	} else {
		b.WriteString(text("explain.not_eligible", "date", d.AsAt.Long(tag)).In(tag))
	}
	b.WriteByte(' ')
	b.WriteString(text("explain.rules", "rules", d.RuleSet).In(tag))
	if !d.ReviewOn.IsZero() {
		b.WriteByte(' ')
		b.WriteString(text("explain.review", "date", d.ReviewOn.Long(tag)).In(tag))
	}
	for _, r := range d.Reasons {
		mark := "✗"
		if r.Met {
			mark = "✓"
		}
		fmt.Fprintf(&b, "\n%s %s: %s (%s", mark, r.Basis.Text().In(tag), r.Explanation.In(tag), r.Source)
		if !r.EffectiveFrom.IsZero() {
			b.WriteString(text("explain.in_force", "date", r.EffectiveFrom.Long(tag)).In(tag))
		}
		b.WriteString(")")
	}
	return b.String()
}

// maxDecisionYear bounds decision dates, so that review dates computed from
// them stay within the calendar.
const maxDecisionYear = 9000

// Decide applies the rules in force on asAt to app and says whether the
// child is entitled to free school lunches, on which basis, with every rule
// tried and the facts it used.
//
// A problem with the application, or a fact the rules need but app lacks
// (Universal Credit earnings while an earnings limit applies, the income on
// a Child Tax Credit award), is returned as a *councilkit.ValidationError
// listing every problem: Decide never guesses. A date before the first rule
// set gives an error wrapping ErrNoRules.
func Decide(app *Application, asAt calendar.Date) (*Decision, error) {
	if asAt.IsZero() {
		return nil, fmt.Errorf("%w: no decision date", ErrNoRules)
	}
	if asAt.Year() > maxDecisionYear {
		return nil, fmt.Errorf("%w: %s is too far in the future", ErrNoRules, asAt)
	}
	rs, err := rulesAt(asAt)
	if err != nil {
		return nil, err
	}
	if app == nil {
		return nil, errors.New("fsm: nil application")
	}
	var ps councilkit.Problems
	app.validate(&ps, asAt)
	app.Circumstances.requireFacts(&ps, rs)
	if _, ok := rs.Rule(BasisNoRecourseToPublicFunds); !ok && app.Circumstances.NRPF != nil {
		ps.Add(FieldNRPF, councilkit.CodeInvalid, textNRPFTooEarly)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}

	sy := schoolYear(asAt)
	ev := evaluation{
		app: app, rs: rs, asAt: asAt, startYear: sy,
		year: yearGroup(app.Child.Person.DateOfBirth, sy, app.Child.YearOffset),
	}
	d := &Decision{AsAt: asAt, RuleSet: rs.ID, YearGroup: ev.year, Reasons: make([]Reason, 0, len(rs.Rules))}
	var until [numBases]calendar.Date
	for _, rule := range rs.Rules {
		r, end := ev.apply(rule)
		d.Reasons = append(d.Reasons, r)
		if r.Met {
			d.Bases = append(d.Bases, rule.Basis)
			until[rule.Basis] = end
		}
	}
	if len(d.Bases) == 0 {
		return d, nil
	}
	d.Eligible = true
	d.Basis = d.Bases[0]
	d.ReviewOn = until[d.Basis]
	d.Evidence = evidenceFor(d.Basis, app, rs)
	return d, nil
}

// requireFacts reports the facts the rules rs need that c lacks: Universal
// Credit earnings while an earnings limit applies, and the income on a
// Child Tax Credit award.
func (c *Circumstances) requireFacts(ps *councilkit.Problems, rs *RuleSet) {
	if uc, ok := rs.Rule(BasisUniversalCredit); ok && len(uc.Thresholds) > 0 &&
		c.has(BenefitUniversalCredit) && len(c.UniversalCreditEarnings) == 0 {
		ps.Add(FieldUniversalCreditEarned, councilkit.CodeRequired, textUCEarningsRequired)
	}
	if c.has(BenefitChildTaxCredit) && c.ChildTaxCreditIncome == nil {
		ps.Add(FieldChildTaxCreditIncome, councilkit.CodeRequired, textCTCIncomeRequired)
	}
}

func evidenceFor(b Basis, app *Application, rs *RuleSet) []Evidence {
	switch b {
	case BasisUniversalInfant:
		return []Evidence{EvidenceChildName, EvidenceChildDateOfBirth}
	case BasisTransitionalProtection:
		return []Evidence{EvidenceChildName, EvidenceChildDateOfBirth, EvidencePreviousEligibility}
	case BasisNoRecourseToPublicFunds:
		return []Evidence{EvidenceParentName, EvidenceChildName, EvidenceChildDateOfBirth, EvidenceNRPFStatus, EvidenceHouseholdIncome}
	}
	out := []Evidence{EvidenceParentName, EvidenceParentDateOfBirth}
	if app.Parent.NASS.IsZero() {
		out = append(out, EvidenceNINO)
	} else {
		out = append(out, EvidenceNASSNumber)
	}
	switch b {
	case BasisUniversalCredit:
		// Statements back the earnings only while an earnings limit
		// applies.
		// mutation: equivalent — earnings > 0 vs >= 0: while a limit applies Decide refuses Universal Credit without earnings.
		if uc, _ := rs.Rule(BasisUniversalCredit); len(uc.Thresholds) > 0 && len(app.Circumstances.UniversalCreditEarnings) > 0 {
			out = append(out, EvidenceUniversalCreditStatements)
		}
	case BasisChildTaxCredit:
		out = append(out, EvidenceTaxCreditAwardNotice)
	}
	return out
}

type evaluation struct {
	app       *Application
	rs        *RuleSet
	asAt      calendar.Date
	startYear int
	year      int
}

// apply tries one rule. end is the day the entitlement it grants should be
// reviewed by.
func (ev *evaluation) apply(rule Rule) (r Reason, end calendar.Date) {
	r = Reason{Basis: rule.Basis, Source: rule.Source, EffectiveFrom: rule.EffectiveFrom}
	c := &ev.app.Circumstances
	benefitEnd := ev.asAt.AddMonths(ev.rs.BenefitReview)
	switch rule.Basis {
	case BasisUniversalCredit:
		return ev.universalCredit(rule, r), benefitEnd
	case BasisChildTaxCredit:
		return ev.childTaxCredit(rule, r), benefitEnd
	case BasisEligibilityCheck:
		r.Facts = []Fact{{"check_status", statusOrNone(c.CheckStatus)}}
		r.Met = c.CheckStatus == StatusEligible
		if r.Met {
			r.Explanation = text("check.eligible")
		} else {
			r.Explanation = text("check.not_eligible")
		}
		return r, benefitEnd
	case BasisNoRecourseToPublicFunds:
		return ev.nrpf(rule, r), benefitEnd
	case BasisTransitionalProtection:
		return ev.protection(r)
	case BasisUniversalInfant:
		return ev.infant(r)
	}
	b, ok := simpleBenefit[rule.Basis]
	if !ok {
		r.Explanation = text("rule.unknown")
		return r, calendar.Date{}
	}
	r.Met = c.has(b)
	r.Facts = []Fact{{"receives_" + b.String(), yesNo(r.Met)}}
	name := rule.Basis.Text()
	name = councilkit.Text{English: lowerFirst(name.English), Welsh: lowerFirstWelsh(rule.Basis, name.Welsh)}
	if r.Met {
		r.Explanation = text("benefit.received", "benefit", name)
	} else {
		r.Explanation = text("benefit.not_received", "benefit", name)
	}
	return r, benefitEnd
}

var simpleBenefit = map[Basis]Benefit{
	BasisIncomeSupport:          BenefitIncomeSupport,
	BasisIncomeBasedJSA:         BenefitIncomeBasedJSA,
	BasisIncomeRelatedESA:       BenefitIncomeRelatedESA,
	BasisAsylumSupport:          BenefitAsylumSupport,
	BasisPensionCreditGuarantee: BenefitPensionCreditGuarantee,
	BasisWorkingTaxCreditRunOn:  BenefitWorkingTaxCreditRunOn,
}

func lowerFirst(s string) string {
	// Benefit names are proper nouns except "guarantee element" and
	// "support under"; keep capitals on the proper nouns.
	if strings.HasPrefix(s, "Guarantee") || strings.HasPrefix(s, "Support") {
		return "the " + strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// lowerFirstWelsh lower-cases the common nouns that open some Welsh names
// ("Elfen warant…", "Cyfnod ychwanegol…") for use mid-sentence.
func lowerFirstWelsh(b Basis, s string) string {
	if b == BasisPensionCreditGuarantee || b == BasisWorkingTaxCreditRunOn {
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func statusOrNone(s Status) string {
	if s == StatusNone {
		return "none"
	}
	return s.String()
}

func (ev *evaluation) universalCredit(rule Rule, r Reason) Reason {
	c := &ev.app.Circumstances
	has := c.has(BenefitUniversalCredit)
	r.Facts = []Fact{{"receives_universal_credit", yesNo(has)}}
	if !has {
		r.Explanation = text("uc.not_received")
		return r
	}
	if len(rule.Thresholds) == 0 {
		r.Met = true
		r.Explanation = text("uc.no_earnings_limit", "date", long(rule.EffectiveFrom))
		return r
	}
	var sum payments.Amount
	var last Threshold
	for i, e := range c.UniversalCreditEarnings {
		// mutation: equivalent — >= vs >: validation admits no more periods (3) than there are thresholds (3).
		if i >= len(rule.Thresholds) {
			break
		}
		sum = sum.Add(e)
		last = rule.Thresholds[i]
		n := strconv.Itoa(i + 1)
		r.Facts = append(r.Facts,
			Fact{"uc_earnings_period_" + n, e.String()},
			Fact{"uc_earnings_total_" + n, sum.String()},
			Fact{last.Name, last.Amount.String()},
		)
		if sum.Cmp(last.Amount) <= 0 {
			r.Met = true
			r.Explanation = text("uc.within_limit", "earnings", sum.String(), "periods", periods(i+1), "limit", last.Amount.String())
			return r
		}
	}
	n := min(len(c.UniversalCreditEarnings), len(rule.Thresholds))
	r.Explanation = text("uc.above_limit", "earnings", sum.String(), "periods", periods(n), "limit", last.Amount.String())
	return r
}

// periods is "the last n assessment periods" without "the last", for
// n from 1 to 3: Welsh mutates the noun after the number (ddau gyfnod,
// tri chyfnod), so each is a message of its own.
func periods(n int) councilkit.Text {
	switch n {
	case 1:
		return text("uc.periods.one")
	case 2:
		return text("uc.periods.two")
	}
	return text("uc.periods.three")
}

// long is a date written out in English and in Welsh: "1 April 2026",
// "1 Ebrill 2026".
func long(d calendar.Date) councilkit.Text {
	return councilkit.Text{English: d.Long(councilkit.English), Welsh: d.Long(councilkit.Welsh)}
}

func (ev *evaluation) childTaxCredit(rule Rule, r Reason) Reason {
	c := &ev.app.Circumstances
	has, wtc := c.has(BenefitChildTaxCredit), c.has(BenefitWorkingTaxCredit)
	r.Facts = []Fact{{"receives_child_tax_credit", yesNo(has)}, {"receives_working_tax_credit", yesNo(wtc)}}
	switch {
	case !has:
		r.Explanation = text("ctc.not_received")
		return r
	case wtc:
		r.Explanation = text("ctc.with_wtc")
		return r
	}
	t, _ := rule.Threshold(ThresholdCTCIncome)
	income := *c.ChildTaxCreditIncome
	r.Facts = append(r.Facts, Fact{"ctc_award_income", income.String()}, Fact{t.Name, t.Amount.String()})
	if income.Cmp(t.Amount) <= 0 {
		r.Met = true
		r.Explanation = text("ctc.within_limit", "income", income.String(), "limit", t.Amount.String())
		return r
	}
	r.Explanation = text("ctc.above_limit", "income", income.String(), "limit", t.Amount.String())
	return r
}

func (ev *evaluation) protection(r Reason) (Reason, calendar.Date) {
	w := ev.rs.Protection
	since := ev.app.Circumstances.EligibleSince
	r.Facts = []Fact{{"eligible_since", dateOrNone(since)}}
	if since.IsZero() || since.Before(w.WindowFrom) || since.After(w.WindowUntil) {
		r.Explanation = text("protection.no_record", "from", long(w.WindowFrom), "until", long(w.WindowUntil))
		return r, calendar.Date{}
	}
	if !w.Until.IsZero() {
		return ev.protectionUntil(r, since, w.Until)
	}
	windowYear := schoolYear(w.WindowUntil)
	yg := yearGroup(ev.app.Child.Person.DateOfBirth, windowYear, ev.app.Child.YearOffset)
	end, ok := phaseEnd(yg, windowYear)
	if !ok {
		end = w.WindowUntil
	}
	r.Facts = append(r.Facts,
		Fact{"year_group_at_window_end", yearName(yg).English},
		Fact{"protected_until", end.String()},
	)
	if ev.asAt.After(end) {
		r.Explanation = text("protection.phase_ended", "end", long(end), "window_end", long(w.WindowUntil))
		return r, calendar.Date{}
	}
	r.Met = true
	r.Explanation = text("protection.until_phase_end", "since", long(since), "end", long(end), "window_end", long(w.WindowUntil))
	return r, end
}

// protectionUntil applies a protection that ends on one day for every
// protected child, whatever their phase of education.
func (ev *evaluation) protectionUntil(r Reason, since, end calendar.Date) (Reason, calendar.Date) {
	r.Facts = append(r.Facts, Fact{"protected_until", end.String()})
	if ev.asAt.After(end) {
		r.Explanation = text("protection.ended_for_all", "since", long(since), "end", long(end))
		return r, calendar.Date{}
	}
	r.Met = true
	r.Explanation = text("protection.until", "since", long(since), "end", long(end))
	return r, end
}

func (ev *evaluation) infant(r Reason) (Reason, calendar.Date) {
	name := yearName(ev.year)
	r.Facts = []Fact{
		{"school_year", strconv.Itoa(ev.startYear) + "-" + strconv.Itoa((ev.startYear+1)%100 + 100)[1:]},
		{"year_group", name.English},
	}
	lastInfant := -1 // mutation: equivalent — -1 vs 1: every rule set's infant years include year 2.
	for _, y := range ev.rs.InfantYears {
		lastInfant = max(lastInfant, y)
		if y == ev.year {
			r.Met = true
		}
	}
	if !r.Met {
		r.Explanation = text("infant.not_infant_year", "in_year", inYear(ev.year))
		return r, calendar.Date{}
	}
	r.Explanation = text("infant.infant_year", "in_year", inYear(ev.year))
	return r, endOfSchoolYear(ev.startYear + lastInfant - ev.year)
}

func dateOrNone(d calendar.Date) string {
	if d.IsZero() {
		return "none"
	}
	return d.String()
}

// inYear says "in year group y", a phrase translated whole because Welsh
// mutates the noun after "yn": "ym mlwyddyn 3".
func inYear(y int) councilkit.Text {
	switch {
	case y == 0:
		return text("year.in_reception")
	case y == -1:
		return text("year.in_nursery")
	case y < -1:
		return text("year.in_below_school_age")
	}
	return text("year.in_n", "n", strconv.Itoa(y))
}

// yearName names a year group.
func yearName(y int) councilkit.Text {
	switch {
	case y == 0:
		return text("year.reception")
	case y == -1:
		return text("year.nursery")
	case y < -1:
		return text("year.below_school_age")
	}
	return text("year.n", "n", strconv.Itoa(y))
}
