package fsm

import (
	"errors"
	"fmt"
	"github.com/lgds/councilkit/payments"
	"strings"
	"time"

	"github.com/lgds/councilkit/calendar"
)

// Source cites the law or guidance a rule or figure comes from.
type Source struct {
	// Title is the short title of the instrument or guidance, with its
	// number: "The Education (Free School Lunches) (Prescribed Tax Credits)
	// (England) Order 2003 (SI 2003/383)".
	Title string `json:"title"`
	// Provision points inside it: "article 3, as substituted by SI 2011/728".
	Provision string `json:"provision,omitempty"`
	// URL is where the official text can be read.
	URL string `json:"url,omitempty"`
	// Provisional is set when the rule rests on a government announcement
	// or guidance and councilkit has not found the instrument that gives it
	// legal effect. A council should confirm such a rule before relying on
	// it; a later release replaces the source when the instrument is found.
	Provisional bool `json:"provisional,omitempty"`
}

// String returns "Title, Provision", marked "[provisional]" when the
// source is provisional.
func (s Source) String() string {
	out := s.Title
	if s.Provision != "" {
		out += ", " + s.Provision
	}
	if s.Provisional {
		out += " [provisional]"
	}
	return out
}

// Threshold is an amount of money set by law, with where it is set and the
// date from which it has applied.
type Threshold struct {
	// Name is a stable machine name, such as "uc_earnings_one_period".
	Name string `json:"name"`
	// Amount is the limit; income equal to it is within the limit.
	Amount payments.Amount `json:"amount"`
	// Source is the provision that sets the figure.
	Source Source `json:"source"`
	// EffectiveFrom is the first day on which the figure applied in law.
	EffectiveFrom calendar.Date `json:"effective_from"`
}

// Rule is one basis of entitlement as it stands in one RuleSet.
type Rule struct {
	// Basis is the entitlement the rule grants.
	Basis Basis `json:"basis"`
	// Source is the provision the rule comes from.
	Source Source `json:"source"`
	// EffectiveFrom is the first day on which the rule, in this form,
	// applied in law.
	EffectiveFrom calendar.Date `json:"effective_from"`
	// Thresholds are the rule's limits, if it has any, in the order the rule
	// applies them.
	Thresholds []Threshold `json:"thresholds,omitempty"`
	// Note says, in plain English, what the rule asks. It is part of every
	// explanation the rule gives.
	Note string `json:"note"`
}

// Threshold returns the rule's threshold with the given name.
func (r Rule) Threshold(name string) (Threshold, bool) {
	for _, t := range r.Thresholds {
		if t.Name == name {
			return t, true
		}
	}
	return Threshold{}, false
}

// Protection describes the transitional protection that came with the
// Universal Credit earnings limit in England.
type Protection struct {
	// WindowFrom and WindowUntil bound the period (both days included) in
	// which a child who was eligible on benefit grounds at any time became
	// protected.
	WindowFrom  calendar.Date `json:"window_from"`
	WindowUntil calendar.Date `json:"window_until"`
	// Until, if set, is the last day of protection for every protected
	// child, whatever their phase of education. If zero, protection lasts
	// to the end of the phase of education the child is in on WindowUntil.
	Until calendar.Date `json:"until,omitempty"`
	// Source is the provision that gives the protection.
	Source Source `json:"source"`
}

// RuleSet is the whole of the rules that apply from one date until the next
// RuleSet begins. Rule sets never change once published: a new rule or
// figure means a new RuleSet, so that a decision can be reproduced as at any
// date.
type RuleSet struct {
	// ID names the set: "england-2026-09-01".
	ID string `json:"id"`
	// EffectiveFrom is the first day the set applies.
	EffectiveFrom calendar.Date `json:"effective_from"`
	// Rules are the bases of entitlement, in the order they are tried: the
	// benefit bases first, so that a decision names the basis that also
	// brings pupil premium, then transitional protection, then universal
	// infant meals.
	Rules []Rule `json:"rules"`
	// Protection is the transitional protection in force.
	Protection Protection `json:"protection"`
	// InfantYears are the national curriculum year groups (0 for reception)
	// that universal infant free school meals cover.
	InfantYears []int `json:"infant_years"`
	// BenefitReview is how many months after a benefit-based decision its
	// review date falls. It is not set by law. Until 31 August 2026
	// councilkit re-checks each term (3 months), as eligibility checking
	// services allow; from 1 September 2026 once a year (12 months), as the
	// DfE's June 2025 guidance asks, so that no child loses free meals in
	// the middle of a school year.
	BenefitReview int `json:"benefit_review_months"`
}

// Rule returns the set's rule for a basis.
func (rs RuleSet) Rule(b Basis) (Rule, bool) {
	for _, r := range rs.Rules {
		if r.Basis == b {
			return r, true
		}
	}
	return Rule{}, false
}

// ErrNoRules is returned for a date before the first RuleSet that
// councilkit holds.
var ErrNoRules = errors.New("fsm: no free school meals rules for that date")

// RulesAt returns a copy of the RuleSet that applies on date d.
func RulesAt(d calendar.Date) (RuleSet, error) {
	rs, err := rulesAt(d)
	if err != nil {
		return RuleSet{}, err
	}
	return rs.clone(), nil
}

// rulesAt returns the package's own RuleSet for d, which must not be
// modified.
func rulesAt(d calendar.Date) (*RuleSet, error) {
	for i := len(england) - 1; i >= 0; i-- {
		if !england[i].EffectiveFrom.After(d) {
			return &england[i], nil
		}
	}
	return nil, fmt.Errorf("%w: %s is before %s", ErrNoRules, d, england[0].EffectiveFrom)
}

// RuleSets returns copies of every RuleSet, oldest first.
func RuleSets() []RuleSet {
	out := make([]RuleSet, len(england))
	for i := range england {
		out[i] = england[i].clone()
	}
	return out
}

// clone copies rs deeply, so that callers cannot change the rules in force.
func (rs *RuleSet) clone() RuleSet {
	c := *rs
	c.Rules = make([]Rule, len(rs.Rules))
	for i, r := range rs.Rules {
		r.Thresholds = append([]Threshold(nil), r.Thresholds...)
		c.Rules[i] = r
	}
	c.InfantYears = append([]int(nil), rs.InfantYears...)
	return c
}

// Threshold names.
const (
	// ThresholdUCOnePeriod caps net earned income in the last complete
	// Universal Credit assessment period.
	ThresholdUCOnePeriod = "uc_earnings_one_period"
	// ThresholdUCTwoPeriods caps net earned income over the last two.
	ThresholdUCTwoPeriods = "uc_earnings_two_periods"
	// ThresholdUCThreePeriods caps net earned income over the last three.
	ThresholdUCThreePeriods = "uc_earnings_three_periods"
	// ThresholdCTCIncome caps the annual income on which a Child Tax Credit
	// award is based.
	ThresholdCTCIncome = "ctc_annual_income"
)

func date(y int, m time.Month, d int) calendar.Date { return calendar.MustDate(y, m, d) }

// Sources, cited by the rules below and by the tests.
var (
	srcEA1996 = Source{
		Title:     "Education Act 1996",
		Provision: "section 512ZB(4)(a)",
		URL:       "https://www.legislation.gov.uk/ukpga/1996/56/section/512ZB",
	}
	srcUC2018 = Source{
		Title:     "The Free School Lunches and Milk, and School and Early Years Finance (Amendments Relating to Universal Credit) (England) Regulations 2018 (SI 2018/148)",
		Provision: "regulations 2 and 4",
		URL:       "https://www.legislation.gov.uk/uksi/2018/148/made",
	}
	srcUC2018Reg4 = Source{
		Title: srcUC2018.Title,
		URL:   "https://www.legislation.gov.uk/uksi/2018/148/regulation/4/made",
	}
	// No statutory instrument removing the earnings condition of SI
	// 2018/148 regulations 2 and 4 had been found on legislation.gov.uk by
	// 23 November 2026, so the rule rests on the minister's statement and
	// is marked provisional. The statement says "from September 2026";
	// councilkit reads that as the first day of the 2026/27 school year.
	srcUC2026 = Source{
		Title:       "Written ministerial statement 'School food', House of Commons, 5 June 2025 (Stephen Morgan, Parliamentary Under-Secretary of State for Education)",
		Provision:   "all children in households in receipt of Universal Credit eligible from September 2026; the implementing statutory instrument has not yet been traced",
		URL:         "https://www.parallelparliament.co.uk/debate/2025-06-05/commons/written-statements/school-food",
		Provisional: true,
	}
	srcCTC = Source{
		Title:     "The Education (Free School Lunches) (Prescribed Tax Credits) (England) Order 2003 (SI 2003/383)",
		Provision: "article 3, as substituted by SI 2011/728 article 2",
		URL:       "https://www.legislation.gov.uk/uksi/2011/728/made",
	}
	srcWTC = Source{
		Title:     "The Education (Free School Lunches) (Working Tax Credit) (England) Order 2009 (SI 2009/830)",
		Provision: "article 2",
		URL:       "https://www.legislation.gov.uk/uksi/2009/830/made",
	}
	srcPC = Source{
		Title:     "The Education (Free School Lunches) (State Pension Credit) Order 2005 (SI 2005/885)",
		Provision: "article 2",
		URL:       "https://www.legislation.gov.uk/uksi/2005/885/made",
	}
	srcUIFSM = Source{
		Title:     "Education Act 1996, section 512ZB(4A) to (4C), inserted by the Children and Families Act 2014, section 106",
		Provision: "reception, year 1 and year 2",
		URL:       "https://www.legislation.gov.uk/ukpga/2014/6/section/106",
	}
	srcProtection = Source{
		Title:     "The Welfare Reform Act 2012 (Commencement No. 30 and Transitory Provisions) Order 2018 (SI 2018/145), article 3 (England only: SI 2019/655); end date as extended, DfE 'Free school meals: guidance for local authorities, maintained schools, academies and free schools'",
		Provision: "protected if eligible at any time from 1 April 2018 to 31 March 2025; after that, until the end of the phase of education the child is in on 31 March 2025",
		URL:       "https://www.legislation.gov.uk/uksi/2018/145/article/3",
	}
	// The DfE's June 2025 update of its free school meals guidance, issued
	// with the Universal Credit extension, replaced the phase rule: every
	// child who became eligible on benefit grounds keeps the entitlement,
	// whatever changes in circumstances or phase of education, until the
	// end of the 2025/26 school year, and then all protections end. The
	// minister confirmed the end in answer to a written question.
	srcProtection2025 = Source{
		Title:     "The Welfare Reform Act 2012 (Commencement No. 30 and Transitory Provisions) Order 2018 (SI 2018/145), article 3 (England only: SI 2019/655); DfE 'Free school meals: guidance for local authorities, maintained schools, academies and free schools', as updated June 2025; written answer on ending transitional protections",
		Provision: "protected if eligible at any time from 1 April 2018, whatever changes in circumstances or phase of education, until the end of the 2025/26 school year (31 August 2026); all protections end when the Universal Credit extension begins",
		URL:       "https://www.parallelparliament.co.uk/question/60604/free-school-meals",
	}
)

// The route for families with no recourse to public funds rests on the
// DfE's guidance, not on an instrument: section 512ZB(4) lists benefits
// such families cannot claim. The DfE extended free school meals to some
// NRPF groups temporarily during the pandemic (from April 2020, with a
// limit of £31,500 in London and £28,200 outside it from July 2020), then,
// announcing it on 24 March 2022, permanently to every household with
// NRPF within income limits that depend on the number of children and on
// London, from April 2022. councilkit models the permanent route from 1
// April 2022; the temporary extension is not modelled.
var (
	srcNRPF = Source{
		Title:     "Department for Education, 'Providing free school meals to families with no recourse to public funds (NRPF)' (guidance, permanent extension announced 24 March 2022)",
		Provision: "all households with no recourse to public funds, subject to maximum annual household income thresholds; England only",
		URL:       "https://www.gov.uk/government/publications/covid-19-free-school-meals-guidance/guidance-for-the-temporary-extension-of-free-school-meals-eligibility-to-nrpf-groups",
	}
	nrpfFrom = date(2022, time.April, 1)
)

// nrpfRule is the route for families with no recourse to public funds, with
// its four income limits: £22,700 a year for a family outside London with
// one child, £26,300 with two or more; £31,500 in London with one child,
// £34,500 with two or more. The two figures outside London were checked
// against the guidance as quoted to families (November 2026). The London
// figures could not be: £31,500 is the London limit of the temporary
// extension, which the Children's Society's response of 25 March 2022
// implies was kept (it reports a drop only "for families outside London"),
// and £34,500 is the figure as councilkit recorded it. Their sources are
// marked provisional until a London council confirms them.
func nrpfRule() Rule {
	th := func(name, where string, pounds int64) Threshold {
		src := withProvision(srcNRPF, "maximum household income: "+where)
		src.Provisional = strings.Contains(where, "in London")
		return Threshold{Name: name, Amount: payments.Pounds(pounds), Source: src, EffectiveFrom: nrpfFrom}
	}
	return Rule{
		Basis: BasisNoRecourseToPublicFunds, Source: srcNRPF, EffectiveFrom: nrpfFrom,
		Note: "The household has no recourse to public funds and an annual income within the limit for its size and place: " +
			"£22,700 outside London with one child, £26,300 with two or more; £31,500 in London with one child, £34,500 with two or more.",
		Thresholds: []Threshold{
			th(ThresholdNRPFOneChild, "families outside London with one child", 22700),
			th(ThresholdNRPFTwoOrMoreChildren, "families outside London with two or more children", 26300),
			th(ThresholdNRPFLondonOneChild, "families in London with one child", 31500),
			th(ThresholdNRPFLondonTwoOrMoreChild, "families in London with two or more children", 34500),
		},
	}
}

// withNRPF returns rs with the NRPF rule added after the benefit bases and
// the eligibility check, before transitional protection, and with a new ID
// and start if from is not zero.
func withNRPF(rs RuleSet, id string, from calendar.Date) RuleSet {
	if !from.IsZero() {
		rs.ID, rs.EffectiveFrom = id, from
	}
	out := make([]Rule, 0, len(rs.Rules)+1)
	for _, r := range rs.Rules {
		if r.Basis == BasisTransitionalProtection {
			out = append(out, nrpfRule())
		}
		out = append(out, r)
	}
	rs.Rules = out
	return rs
}

func benefitRule(b Basis, src Source, from calendar.Date, note string) Rule {
	return Rule{Basis: b, Source: src, EffectiveFrom: from, Note: note}
}

// legacyRules are the benefit rules that did not change between 2018 and
// the last rule set.
func legacyRules() []Rule {
	ctcFrom := date(2011, time.April, 6)
	return []Rule{
		benefitRule(BasisIncomeSupport, withProvision(srcEA1996, "section 512ZB(4)(a)(i)"), date(2018, time.April, 1),
			"The parent receives Income Support."),
		benefitRule(BasisIncomeBasedJSA, withProvision(srcEA1996, "section 512ZB(4)(a)(ii)"), date(2018, time.April, 1),
			"The parent receives income-based Jobseeker's Allowance."),
		benefitRule(BasisIncomeRelatedESA, withProvision(srcEA1996, "section 512ZB(4)(a)(iia)"), date(2018, time.April, 1),
			"The parent receives income-related Employment and Support Allowance."),
		benefitRule(BasisAsylumSupport, withProvision(srcEA1996, "section 512ZB(4)(a)(iii)"), date(2018, time.April, 1),
			"The parent receives support under Part 6 of the Immigration and Asylum Act 1999."),
		{
			Basis: BasisChildTaxCredit, Source: srcCTC, EffectiveFrom: ctcFrom,
			Note: "The parent is entitled to Child Tax Credit but not Working Tax Credit, on an award based on annual income of no more than the threshold.",
			Thresholds: []Threshold{
				{Name: ThresholdCTCIncome, Amount: payments.Pounds(16190), Source: srcCTC, EffectiveFrom: ctcFrom},
			},
		},
		benefitRule(BasisPensionCreditGuarantee, srcPC, date(2005, time.April, 30),
			"The parent receives the guarantee credit of State Pension Credit."),
		benefitRule(BasisWorkingTaxCreditRunOn, srcWTC, date(2009, time.May, 1),
			"The parent receives Working Tax Credit in the four weeks after they stopped qualifying for it (the run-on)."),
	}
}

func withProvision(s Source, p string) Source {
	s.Provision = p
	return s
}

func ucThresholdRule() Rule {
	from := date(2018, time.April, 1)
	// Regulation 4(b)(i) sets £616.67 for the assessment period immediately
	// before the request ("period 1"); (ii) £1,233.34 for periods 1 and 2
	// where (i) is exceeded and there is a period 2; (iii) £1,850 for
	// periods 1 to 3 where (ii) is exceeded and there is a period 3.
	one := withProvision(srcUC2018Reg4, "regulation 4(b)(i)")
	two := withProvision(srcUC2018Reg4, "regulation 4(b)(ii)")
	three := withProvision(srcUC2018Reg4, "regulation 4(b)(iii)")
	return Rule{
		Basis: BasisUniversalCredit, Source: srcUC2018, EffectiveFrom: from,
		Note: "The parent receives Universal Credit with net earned income of no more than £616.67 in the last complete assessment period, " +
			"or, if that is exceeded, no more than £1,233.34 over the last two or £1,850.00 over the last three (£7,400 a year).",
		Thresholds: []Threshold{
			{Name: ThresholdUCOnePeriod, Amount: payments.Pence(61667), Source: one, EffectiveFrom: from},
			{Name: ThresholdUCTwoPeriods, Amount: payments.Pence(123334), Source: two, EffectiveFrom: from},
			{Name: ThresholdUCThreePeriods, Amount: payments.Pence(185000), Source: three, EffectiveFrom: from},
		},
	}
}

func eligibilityCheckRule(from calendar.Date) Rule {
	return Rule{
		Basis: BasisEligibilityCheck, EffectiveFrom: from,
		Source: Source{
			Title:     "DfE eligibility checking service (Check free school meals eligibility)",
			Provision: "confirms receipt of a qualifying benefit under Education Act 1996 section 512ZB(4) without naming it",
			URL:       "https://github.com/DFE-Digital/check-your-eligibility",
		},
		Note: "An eligibility checking service found that the parent receives a qualifying benefit.",
	}
}

func protectionRule(from calendar.Date, p Protection, note string) Rule {
	return Rule{Basis: BasisTransitionalProtection, Source: p.Source, EffectiveFrom: from, Note: note}
}

func infantRule() Rule {
	return Rule{
		Basis: BasisUniversalInfant, Source: srcUIFSM, EffectiveFrom: date(2014, time.September, 1),
		Note: "The child is in reception, year 1 or year 2 at a state-funded school in England.",
	}
}

func ruleSet(id string, from calendar.Date, uc Rule, p Protection, review int, protectionNote string) RuleSet {
	rules := append([]Rule{uc}, legacyRules()...)
	rules = append(rules,
		eligibilityCheckRule(from),
		protectionRule(from, p, protectionNote),
		infantRule(),
	)
	return RuleSet{
		ID: id, EffectiveFrom: from, Rules: rules,
		Protection:    p,
		InfantYears:   []int{0, 1, 2},
		BenefitReview: review,
	}
}

var (
	// protectionByPhase is the protection as first given and as extended
	// to 31 March 2025: to the end of the phase of education the child is
	// in on that day.
	protectionByPhase = Protection{
		WindowFrom:  date(2018, time.April, 1),
		WindowUntil: date(2025, time.March, 31),
		Source:      srcProtection,
	}
	// protectionTo2026 is the protection as extended in June 2025, back to
	// 1 April 2025 so that no child lost it in between: to the end of the
	// 2025/26 school year for every protected child. councilkit ends school
	// years on 31 August, as it does for year groups.
	protectionTo2026 = Protection{
		WindowFrom:  date(2018, time.April, 1),
		WindowUntil: date(2026, time.August, 31),
		Until:       date(2026, time.August, 31),
		Source:      srcProtection2025,
	}
)

// england holds every rule set, oldest first. It is built once and never
// changed.
var england = []RuleSet{
	ruleSet("england-2018-04-01", date(2018, time.April, 1), ucThresholdRule(), protectionByPhase, 3, protectionByPhaseNote),
	// The rules of 2018 unchanged, with the route for families with no
	// recourse to public funds added.
	withNRPF(ruleSet("england-2018-04-01", date(2018, time.April, 1), ucThresholdRule(), protectionByPhase, 3, protectionByPhaseNote),
		"england-2022-04-01", nrpfFrom),
	withNRPF(ruleSet("england-2025-04-01", date(2025, time.April, 1), ucThresholdRule(), protectionTo2026, 3,
		"The child was eligible on benefit grounds at some time since 1 April 2018: the entitlement is protected, whatever changes in circumstances or phase of education, until the end of the 2025/26 school year (31 August 2026)."),
		"", calendar.Date{}),
	withNRPF(
		ruleSet("england-2026-09-01", date(2026, time.September, 1), Rule{
			Basis: BasisUniversalCredit, Source: srcUC2026, EffectiveFrom: date(2026, time.September, 1),
			Note: "The parent receives Universal Credit, whatever the household's earnings.",
		}, protectionTo2026, 12,
			"Transitional protection ended on 31 August 2026 for every child: a child who was protected qualifies from 1 September 2026 only on a current basis."),
		"", calendar.Date{}),
}

const protectionByPhaseNote = "The child was eligible on benefit grounds at some time since 1 April 2018: the entitlement is protected, whatever changes, until the end of the Universal Credit rollout (31 March 2025, as extended) and then to the end of the phase of education the child is in on that day."
