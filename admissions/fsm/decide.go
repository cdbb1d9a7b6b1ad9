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
	{English: "Parent's full name", Welsh: "Enw llawn y rhiant"},
	{English: "Parent's date of birth", Welsh: "Dyddiad geni'r rhiant"},
	{English: "Parent's National Insurance number", Welsh: "Rhif Yswiriant Gwladol y rhiant"},
	{English: "Parent's National Asylum Support Service (NASS) number", Welsh: "Rhif y Gwasanaeth Cymorth Lloches Cenedlaethol (NASS) y rhiant"},
	{English: "Universal Credit statements for the last assessment periods", Welsh: "Datganiadau Credyd Cynhwysol ar gyfer y cyfnodau asesu diwethaf"},
	{English: "Tax credit award notice", Welsh: "Hysbysiad dyfarnu credyd treth"},
	{English: "Record of the date the child first became eligible on benefit grounds (transitional protection)", Welsh: "Cofnod o'r dyddiad y daeth y plentyn yn gymwys ar sail budd-daliadau gyntaf (diogelwch trosiannol)"},
	{English: "Child's full name", Welsh: "Enw llawn y plentyn"},
	{English: "Child's date of birth", Welsh: "Dyddiad geni'r plentyn"},
	{English: "Evidence of the household's immigration circumstances and no recourse to public funds", Welsh: "Tystiolaeth o amgylchiadau mewnfudo’r aelwyd a’i diffyg hawl i gael arian cyhoeddus"},
	{English: "Evidence of the household's income", Welsh: "Tystiolaeth o incwm yr aelwyd"},
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
	welsh := councilkit.Text{English: "x", Welsh: "y"}.In(tag) == "y"
	var b strings.Builder
	switch {
	case d.Eligible && welsh:
		fmt.Fprintf(&b, "Yn gymwys i gael prydau ysgol am ddim ar %s ar sail: %s.", d.AsAt.Long(tag), d.Basis.Text().Welsh)
	case d.Eligible:
		fmt.Fprintf(&b, "Eligible for free school meals on %s on the basis of: %s.", d.AsAt.Long(tag), d.Basis.Text().English)
	case welsh:
		fmt.Fprintf(&b, "Ddim yn gymwys i gael prydau ysgol am ddim ar %s.", d.AsAt.Long(tag))
	default:
		fmt.Fprintf(&b, "Not eligible for free school meals on %s.", d.AsAt.Long(tag))
	}
	if welsh {
		fmt.Fprintf(&b, " Rheolau: %s.", d.RuleSet)
	} else {
		fmt.Fprintf(&b, " Rules: %s.", d.RuleSet)
	}
	if !d.ReviewOn.IsZero() {
		if welsh {
			fmt.Fprintf(&b, " Adolygu erbyn %s.", d.ReviewOn.Long(tag))
		} else {
			fmt.Fprintf(&b, " Review by %s.", d.ReviewOn.Long(tag))
		}
	}
	for _, r := range d.Reasons {
		mark := "✗"
		if r.Met {
			mark = "✓"
		}
		fmt.Fprintf(&b, "\n%s %s: %s (%s", mark, r.Basis.Text().In(tag), r.Explanation.In(tag), r.Source)
		if !r.EffectiveFrom.IsZero() {
			if welsh {
				fmt.Fprintf(&b, "; mewn grym o %s", r.EffectiveFrom.Long(tag))
			} else {
				fmt.Fprintf(&b, "; in force from %s", r.EffectiveFrom.Long(tag))
			}
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
			r.Explanation = councilkit.Text{
				English: "The eligibility checking service found that the parent receives a qualifying benefit.",
				Welsh:   "Canfu'r gwasanaeth gwirio cymhwysedd fod y rhiant yn cael budd-dal cymhwyso.",
			}
		} else {
			r.Explanation = councilkit.Text{
				English: "No eligibility check has confirmed a qualifying benefit.",
				Welsh:   "Nid oes gwiriad cymhwysedd wedi cadarnhau budd-dal cymhwyso.",
			}
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
		r.Explanation = councilkit.Text{English: "This rule is not known to this version of councilkit.", Welsh: "Nid yw'r fersiwn hon o councilkit yn adnabod y rheol hon."}
		return r, calendar.Date{}
	}
	r.Met = c.has(b)
	r.Facts = []Fact{{"receives_" + b.String(), yesNo(r.Met)}}
	name := rule.Basis.Text()
	if r.Met {
		r.Explanation = councilkit.Text{
			English: "The parent receives " + lowerFirst(name.English) + ".",
			Welsh:   "Mae'r rhiant yn cael " + lowerFirstWelsh(rule.Basis, name.Welsh) + ".",
		}
	} else {
		r.Explanation = councilkit.Text{
			English: "The parent does not receive " + lowerFirst(name.English) + ".",
			Welsh:   "Nid yw'r rhiant yn cael " + lowerFirstWelsh(rule.Basis, name.Welsh) + ".",
		}
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
		r.Explanation = councilkit.Text{
			English: "The parent does not receive Universal Credit.",
			Welsh:   "Nid yw'r rhiant yn cael Credyd Cynhwysol.",
		}
		return r
	}
	if len(rule.Thresholds) == 0 {
		r.Met = true
		r.Explanation = councilkit.Text{
			English: "The parent receives Universal Credit; from " + rule.EffectiveFrom.Long(councilkit.English) + " earnings do not matter.",
			Welsh:   "Mae'r rhiant yn cael Credyd Cynhwysol; o " + rule.EffectiveFrom.Long(councilkit.Welsh) + " nid yw enillion yn cyfrif.",
		}
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
			r.Explanation = councilkit.Text{
				English: fmt.Sprintf("The parent receives Universal Credit with net earnings of %s over the last %s, within the limit of %s.",
					sum, periods(i+1, false), last.Amount),
				Welsh: fmt.Sprintf("Mae'r rhiant yn cael Credyd Cynhwysol gydag enillion net o %s dros y %s diwethaf, o fewn y terfyn o %s.",
					sum, periods(i+1, true), last.Amount),
			}
			return r
		}
	}
	n := min(len(c.UniversalCreditEarnings), len(rule.Thresholds))
	r.Explanation = councilkit.Text{
		English: fmt.Sprintf("The parent receives Universal Credit, but net earnings of %s over the last %s are above the limit of %s.",
			sum, periods(n, false), last.Amount),
		Welsh: fmt.Sprintf("Mae'r rhiant yn cael Credyd Cynhwysol, ond mae enillion net o %s dros y %s diwethaf yn uwch na'r terfyn o %s.",
			sum, periods(n, true), last.Amount),
	}
	return r
}

func periods(n int, welsh bool) string {
	switch {
	case welsh && n == 1:
		return "cyfnod asesu"
	case welsh && n == 2:
		return "ddau gyfnod asesu"
	case welsh:
		return "tri chyfnod asesu"
	case n == 1:
		return "assessment period"
	case n == 2:
		return "two assessment periods"
	}
	return "three assessment periods"
}

func (ev *evaluation) childTaxCredit(rule Rule, r Reason) Reason {
	c := &ev.app.Circumstances
	has, wtc := c.has(BenefitChildTaxCredit), c.has(BenefitWorkingTaxCredit)
	r.Facts = []Fact{{"receives_child_tax_credit", yesNo(has)}, {"receives_working_tax_credit", yesNo(wtc)}}
	switch {
	case !has:
		r.Explanation = councilkit.Text{
			English: "The parent does not receive Child Tax Credit.",
			Welsh:   "Nid yw'r rhiant yn cael Credyd Treth Plant.",
		}
		return r
	case wtc:
		r.Explanation = councilkit.Text{
			English: "The parent receives Child Tax Credit but is also entitled to Working Tax Credit.",
			Welsh:   "Mae'r rhiant yn cael Credyd Treth Plant ond mae ganddo hawl hefyd i Gredyd Treth Gwaith.",
		}
		return r
	}
	t, _ := rule.Threshold(ThresholdCTCIncome)
	income := *c.ChildTaxCreditIncome
	r.Facts = append(r.Facts, Fact{"ctc_award_income", income.String()}, Fact{t.Name, t.Amount.String()})
	if income.Cmp(t.Amount) <= 0 {
		r.Met = true
		r.Explanation = councilkit.Text{
			English: fmt.Sprintf("The parent receives Child Tax Credit without Working Tax Credit, on an annual income of %s, within the limit of %s.", income, t.Amount),
			Welsh:   fmt.Sprintf("Mae'r rhiant yn cael Credyd Treth Plant heb Gredyd Treth Gwaith, ar incwm blynyddol o %s, o fewn y terfyn o %s.", income, t.Amount),
		}
		return r
	}
	r.Explanation = councilkit.Text{
		English: fmt.Sprintf("The parent receives Child Tax Credit, but the annual income of %s is above the limit of %s.", income, t.Amount),
		Welsh:   fmt.Sprintf("Mae'r rhiant yn cael Credyd Treth Plant, ond mae'r incwm blynyddol o %s yn uwch na'r terfyn o %s.", income, t.Amount),
	}
	return r
}

func (ev *evaluation) protection(r Reason) (Reason, calendar.Date) {
	w := ev.rs.Protection
	since := ev.app.Circumstances.EligibleSince
	r.Facts = []Fact{{"eligible_since", dateOrNone(since)}}
	if since.IsZero() || since.Before(w.WindowFrom) || since.After(w.WindowUntil) {
		r.Explanation = councilkit.Text{
			English: fmt.Sprintf("There is no record that the child was eligible on benefit grounds between %s and %s.",
				w.WindowFrom.Long(councilkit.English), w.WindowUntil.Long(councilkit.English)),
			Welsh: fmt.Sprintf("Nid oes cofnod bod y plentyn yn gymwys ar sail budd-daliadau rhwng %s a %s.",
				w.WindowFrom.Long(councilkit.Welsh), w.WindowUntil.Long(councilkit.Welsh)),
		}
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
		r.Explanation = councilkit.Text{
			English: fmt.Sprintf("The child was protected, but the protection ended on %s, at the end of the phase of education the child was in on %s.",
				end.Long(councilkit.English), w.WindowUntil.Long(councilkit.English)),
			Welsh: fmt.Sprintf("Roedd y plentyn wedi'i ddiogelu, ond daeth y diogelwch i ben ar %s, ar ddiwedd y cyfnod addysg yr oedd y plentyn ynddo ar %s.",
				end.Long(councilkit.Welsh), w.WindowUntil.Long(councilkit.Welsh)),
		}
		return r, calendar.Date{}
	}
	r.Met = true
	r.Explanation = councilkit.Text{
		English: fmt.Sprintf("The child was eligible on benefit grounds on %s and is protected until %s, the end of the phase of education they were in on %s.",
			since.Long(councilkit.English), end.Long(councilkit.English), w.WindowUntil.Long(councilkit.English)),
		Welsh: fmt.Sprintf("Roedd y plentyn yn gymwys ar sail budd-daliadau ar %s ac mae wedi'i ddiogelu tan %s, diwedd y cyfnod addysg yr oedd ynddo ar %s.",
			since.Long(councilkit.Welsh), end.Long(councilkit.Welsh), w.WindowUntil.Long(councilkit.Welsh)),
	}
	return r, end
}

// protectionUntil applies a protection that ends on one day for every
// protected child, whatever their phase of education.
func (ev *evaluation) protectionUntil(r Reason, since, end calendar.Date) (Reason, calendar.Date) {
	r.Facts = append(r.Facts, Fact{"protected_until", end.String()})
	if ev.asAt.After(end) {
		r.Explanation = councilkit.Text{
			English: fmt.Sprintf("The child was eligible on benefit grounds on %s and was protected, but transitional protection ended for every child on %s.",
				since.Long(councilkit.English), end.Long(councilkit.English)),
			Welsh: fmt.Sprintf("Roedd y plentyn yn gymwys ar sail budd-daliadau ar %s ac roedd wedi'i ddiogelu, ond daeth diogelwch trosiannol i ben i bob plentyn ar %s.",
				since.Long(councilkit.Welsh), end.Long(councilkit.Welsh)),
		}
		return r, calendar.Date{}
	}
	r.Met = true
	r.Explanation = councilkit.Text{
		English: fmt.Sprintf("The child was eligible on benefit grounds on %s and is protected, whatever changes in circumstances or phase of education, until %s.",
			since.Long(councilkit.English), end.Long(councilkit.English)),
		Welsh: fmt.Sprintf("Roedd y plentyn yn gymwys ar sail budd-daliadau ar %s ac mae wedi'i ddiogelu, beth bynnag fo'r newid mewn amgylchiadau neu gyfnod addysg, tan %s.",
			since.Long(councilkit.Welsh), end.Long(councilkit.Welsh)),
	}
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
		r.Explanation = councilkit.Text{
			English: "By date of birth the child is in " + name.English + ", not reception, year 1 or year 2.",
			Welsh:   "Yn ôl dyddiad geni mae'r plentyn " + inYearWelsh(ev.year) + ", nid yn y dosbarth derbyn, blwyddyn 1 na blwyddyn 2.",
		}
		return r, calendar.Date{}
	}
	r.Explanation = councilkit.Text{
		English: "By date of birth the child is in " + name.English + ", so receives universal infant free school meals at a state-funded school in England.",
		Welsh:   "Yn ôl dyddiad geni mae'r plentyn " + inYearWelsh(ev.year) + ", felly mae'n cael prydau ysgol am ddim i blant babanod mewn ysgol a ariennir gan y wladwriaeth yn Lloegr.",
	}
	return r, endOfSchoolYear(ev.startYear + lastInfant - ev.year)
}

func dateOrNone(d calendar.Date) string {
	if d.IsZero() {
		return "none"
	}
	return d.String()
}

// inYearWelsh says "in year group y" in Welsh, with the nasal mutation
// after "yn": "ym mlwyddyn 3".
func inYearWelsh(y int) string {
	switch {
	case y == 0:
		return "yn y dosbarth derbyn"
	case y == -1:
		return "yn y feithrinfa"
	case y < -1:
		return "o dan oedran ysgol"
	}
	return "ym mlwyddyn " + strconv.Itoa(y)
}

// yearName names a year group.
func yearName(y int) councilkit.Text {
	switch {
	case y == 0:
		return councilkit.Text{English: "reception", Welsh: "y dosbarth derbyn"}
	case y == -1:
		return councilkit.Text{English: "nursery", Welsh: "y feithrinfa"}
	case y < -1:
		return councilkit.Text{English: "below school age", Welsh: "oedran cyn ysgol"}
	}
	n := strconv.Itoa(y)
	return councilkit.Text{English: "year " + n, Welsh: "blwyddyn " + n}
}
