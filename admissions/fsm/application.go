package fsm

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"log/slog"
	"slices"
	"strings"
	"unicode/utf8"
)

// Parent is the parent or carer whose benefits are checked. The DfE's
// eligibility checking service matches them on family name, date of birth
// and either a National Insurance number or, for a parent on asylum
// support, a NASS number: exactly one of the two.
type Parent struct {
	Person identity.Person `json:"person"`
	NINO   identity.NINO   `json:"national_insurance_number"`
	NASS   NASSNumber      `json:"nass_number"`
}

// Child is the pupil the meals are for.
type Child struct {
	Person identity.Person `json:"person"`
	// YearOffset is how many years above (positive) or below (negative) the
	// year group for their age the child is taught; usually 0.
	YearOffset int `json:"year_offset,omitempty"`
}

// Circumstances are the facts about a household that the rules use. They
// come from the parent's declaration and evidence, from the council's own
// records, or from an eligibility checking service.
type Circumstances struct {
	// Benefits the parent receives.
	Benefits []Benefit `json:"benefits,omitempty"`
	// UniversalCreditEarnings is the household's net earned income in each
	// of the last complete Universal Credit assessment periods before the
	// request, most recent first: at most three. Needed, while the rules set
	// an earnings limit, when the parent receives Universal Credit.
	UniversalCreditEarnings []payments.Amount `json:"universal_credit_earnings,omitempty"`
	// ChildTaxCreditIncome is the annual income on which the parent's Child
	// Tax Credit award is based, from the award notice. Needed when the
	// parent receives Child Tax Credit; nil if not given.
	ChildTaxCreditIncome *payments.Amount `json:"child_tax_credit_income,omitempty"`
	// CheckStatus is the outcome of an eligibility check on the parent, if
	// one was made.
	CheckStatus Status `json:"check_status,omitempty"`
	// EligibleSince is the first date on which the child was recorded as
	// eligible on benefit grounds within the transitional protection window
	// of the rule set applied (from 1 April 2018; see Protection); zero if
	// never. Record 1 April 2018 for a child eligible immediately before it.
	EligibleSince calendar.Date `json:"eligible_since,omitempty"`
	// NRPF, if the household asks for free school meals as a family with
	// no recourse to public funds (from 1 April 2022), holds what the
	// route needs; nil if not. Such a parent may have neither a National
	// Insurance number nor a NASS number.
	NRPF *NRPF `json:"nrpf,omitempty"`
}

// Application is a request for free school meals for one child.
type Application struct {
	Parent        Parent        `json:"parent"`
	Child         Child         `json:"child"`
	Circumstances Circumstances `json:"circumstances"`
}

// Problem codes of this package.
const (
	// CodeNINOOrNASSRequired: neither a National Insurance number nor a NASS
	// number was given.
	CodeNINOOrNASSRequired councilkit.Code = "nino_or_nass_required"
	// CodeNINOAndNASS: both were given; the checking service takes one.
	CodeNINOAndNASS councilkit.Code = "nino_and_nass"
)

// Field paths used in problems.
const (
	FieldParentFamilyName      = "parent.person.family_name"
	FieldParentDateOfBirth     = "parent.person.date_of_birth"
	FieldParentNINO            = "parent.national_insurance_number"
	FieldChildDateOfBirth      = "child.person.date_of_birth"
	FieldChildYearOffset       = "child.year_offset"
	FieldBenefits              = "circumstances.benefits"
	FieldUniversalCreditEarned = "circumstances.universal_credit_earnings"
	FieldChildTaxCreditIncome  = "circumstances.child_tax_credit_income"
	FieldEligibleSince         = "circumstances.eligible_since"
)

const maxAssessmentPeriods = 3

var (
	textFamilyName          = text("parent.family_name.required")
	textDOBRequired         = text("date_of_birth.required")
	textDOBFuture           = text("date_of_birth.in_future")
	textNINOOrNASS          = text("parent.nino_or_nass")
	textNINOAndNASS         = text("parent.nino_and_nass")
	textNegative            = text("amount.negative")
	textTooManyPeriods      = text("uc.periods.too_many")
	textUCEarningsRequired  = text("uc.earnings.required")
	textCTCIncomeRequired   = text("ctc.income.required")
	textDuplicateBenefit    = text("benefit.duplicate")
	textYearOffset          = text("child.year_offset")
	textEligibleSinceFuture = text("child.eligible_since.future")
)

const maxYearOffset = 2

// Validate checks the application as at date asAt, the day of the decision,
// and returns every problem at once as a *councilkit.ValidationError, or
// nil. It checks only what can be told without the rules; Decide also
// reports facts the rules in force need but the application lacks.
func (a *Application) Validate(asAt calendar.Date) error {
	var ps councilkit.Problems
	a.validate(&ps, asAt)
	return ps.Err()
}

func (a *Application) validate(ps *councilkit.Problems, asAt calendar.Date) {
	p := &a.Parent
	checkFamilyName(ps, FieldParentFamilyName, p.Person.FamilyName)
	checkDOB(ps, FieldParentDateOfBirth, p.Person.DateOfBirth, asAt)
	switch hasNINO, hasNASS := !p.NINO.IsZero(), !p.NASS.IsZero(); {
	case !hasNINO && !hasNASS && a.Circumstances.NRPF == nil:
		ps.Add(FieldParentNINO, CodeNINOOrNASSRequired, textNINOOrNASS)
	case hasNINO && hasNASS:
		ps.Add(FieldParentNINO, CodeNINOAndNASS, textNINOAndNASS)
	}

	checkDOB(ps, FieldChildDateOfBirth, a.Child.Person.DateOfBirth, asAt)
	if o := a.Child.YearOffset; o > maxYearOffset {
		ps.Add(FieldChildYearOffset, councilkit.CodeTooLarge, textYearOffset)
	} else if o < -maxYearOffset {
		ps.Add(FieldChildYearOffset, councilkit.CodeTooSmall, textYearOffset)
	}

	c := &a.Circumstances
	var seen [numBenefits]bool
	for i, b := range c.Benefits {
		f := councilkit.IndexField(FieldBenefits, i)
		switch {
		case b == BenefitUnknown || b >= numBenefits:
			ps.Add(f, councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		case seen[b]:
			ps.Add(f, councilkit.CodeDuplicate, textDuplicateBenefit)
		default:
			seen[b] = true
		}
	}
	if len(c.UniversalCreditEarnings) > maxAssessmentPeriods {
		ps.Add(FieldUniversalCreditEarned, councilkit.CodeTooLarge, textTooManyPeriods)
	}
	for i, e := range c.UniversalCreditEarnings {
		if e.IsNegative() {
			ps.Add(councilkit.IndexField(FieldUniversalCreditEarned, i), councilkit.CodeTooSmall, textNegative)
		}
	}
	if c.ChildTaxCreditIncome != nil && c.ChildTaxCreditIncome.IsNegative() {
		ps.Add(FieldChildTaxCreditIncome, councilkit.CodeTooSmall, textNegative)
	}
	if !c.EligibleSince.IsZero() && !asAt.IsZero() && c.EligibleSince.After(asAt) {
		ps.Add(FieldEligibleSince, councilkit.CodeInFuture, textEligibleSinceFuture)
	}
	if c.NRPF != nil {
		c.NRPF.validate(ps)
	}
}

func checkFamilyName(ps *councilkit.Problems, field, name string) {
	switch {
	case strings.TrimSpace(name) == "":
		ps.Add(field, councilkit.CodeRequired, textFamilyName)
	case utf8.RuneCountInString(name) > identity.MaxNameLength:
		ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(identity.MaxNameLength))
	}
}

func checkDOB(ps *councilkit.Problems, field string, dob, asAt calendar.Date) {
	switch {
	case dob.IsZero():
		ps.Add(field, councilkit.CodeRequired, textDOBRequired)
	case !asAt.IsZero() && dob.After(asAt):
		ps.Add(field, councilkit.CodeInFuture, textDOBFuture)
	}
}

func (c *Circumstances) has(b Benefit) bool { return slices.Contains(c.Benefits, b) }

// clone returns a copy of c that shares no memory with it.
func (c Circumstances) clone() Circumstances {
	c.Benefits = slices.Clone(c.Benefits)
	c.UniversalCreditEarnings = slices.Clone(c.UniversalCreditEarnings)
	if c.ChildTaxCreditIncome != nil {
		income := *c.ChildTaxCreditIncome
		c.ChildTaxCreditIncome = &income
	}
	if c.NRPF != nil {
		n := *c.NRPF
		c.NRPF = &n
	}
	return c
}

// LogValue keeps the parent's name, date of birth and identifiers out of
// logs: it shows only which identifier was given.
func (p Parent) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("nino", !p.NINO.IsZero()), slog.Bool("nass", !p.NASS.IsZero()))
}

// LogValue keeps the child's name and date of birth out of logs.
func (c Child) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("year_offset", c.YearOffset))
}

// LogValue logs an application without personal data: the benefits and the
// check status, not names, dates of birth or identifiers.
func (a Application) LogValue() slog.Value {
	names := make([]string, len(a.Circumstances.Benefits))
	for i, b := range a.Circumstances.Benefits {
		names[i] = b.String()
	}
	return slog.GroupValue(
		slog.Any("parent", a.Parent),
		slog.Any("child", a.Child),
		slog.Any("benefits", names),
		slog.String("check_status", a.Circumstances.CheckStatus.String()),
		slog.Bool("nrpf", a.Circumstances.NRPF != nil),
	)
}
