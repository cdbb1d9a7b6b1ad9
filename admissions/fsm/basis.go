package fsm

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
)

// Basis is the legal ground on which a child is, or is not, entitled to free
// school lunches. The list only ever grows: a Basis keeps its number and its
// text form for ever, so stored decisions keep their meaning.
type Basis uint8

// The bases of entitlement, in England. The benefit bases come from section
// 512ZB(4) of the Education Act 1996 and the orders and regulations made under
// it; BasisUniversalInfant from section 512ZB(4A), inserted by section 106 of
// the Children and Families Act 2014.
const (
	// BasisNone means no basis: the child is not entitled.
	BasisNone Basis = iota
	// BasisUniversalCredit: the parent receives Universal Credit (with net
	// earned income within the limit, where the rules set one).
	BasisUniversalCredit
	// BasisIncomeSupport: the parent receives Income Support.
	BasisIncomeSupport
	// BasisIncomeBasedJSA: the parent receives income-based Jobseeker's
	// Allowance.
	BasisIncomeBasedJSA
	// BasisIncomeRelatedESA: the parent receives income-related Employment
	// and Support Allowance.
	BasisIncomeRelatedESA
	// BasisAsylumSupport: the parent receives support under Part 6 of the
	// Immigration and Asylum Act 1999.
	BasisAsylumSupport
	// BasisChildTaxCredit: the parent is entitled to Child Tax Credit but not
	// Working Tax Credit, on an annual income within the limit.
	BasisChildTaxCredit
	// BasisPensionCreditGuarantee: the parent receives the guarantee element
	// of State Pension Credit.
	BasisPensionCreditGuarantee
	// BasisWorkingTaxCreditRunOn: the parent receives Working Tax Credit only
	// for the four weeks after they stopped qualifying for it.
	BasisWorkingTaxCreditRunOn
	// BasisEligibilityCheck: an eligibility checking service (such as the
	// DfE's) confirmed a qualifying benefit without saying which.
	BasisEligibilityCheck
	// BasisTransitionalProtection: the child keeps entitlement under the
	// protection that came with the Universal Credit earnings limit.
	BasisTransitionalProtection
	// BasisUniversalInfant: the child is in reception, year 1 or year 2 at a
	// state-funded school in England.
	BasisUniversalInfant
	// BasisNoRecourseToPublicFunds: the household has no recourse to
	// public funds and an income within the limits of the DfE's guidance
	// (from 1 April 2022). It rests on guidance, not on section 512ZB.
	BasisNoRecourseToPublicFunds

	numBases
)

var basisNames = [numBases]string{
	"none",
	"universal_credit",
	"income_support",
	"income_based_jsa",
	"income_related_esa",
	"asylum_support",
	"child_tax_credit",
	"pension_credit_guarantee",
	"working_tax_credit_run_on",
	"eligibility_check",
	"transitional_protection",
	"universal_infant",
	"no_recourse_to_public_funds",
}

var basisText = [numBases]councilkit.Text{
	text("basis.none"),
	text("basis.universal_credit"),
	text("basis.income_support"),
	text("basis.income_based_jsa"),
	text("basis.income_related_esa"),
	text("basis.asylum_support"),
	text("basis.child_tax_credit"),
	text("basis.pension_credit_guarantee"),
	text("basis.working_tax_credit_run_on"),
	text("basis.eligibility_check"),
	text("basis.transitional_protection"),
	text("basis.universal_infant"),
	text("basis.nrpf"),
}

// ErrInvalidBasis is wrapped by the error for an unknown basis name.
var ErrInvalidBasis = errors.New("fsm: unknown basis")

// String returns the stable machine name, such as "universal_credit".
func (b Basis) String() string {
	if b >= numBases {
		return fmt.Sprintf("basis(%d)", uint8(b))
	}
	return basisNames[b]
}

// Text names the basis for a resident, in English and Welsh.
func (b Basis) Text() councilkit.Text {
	if b >= numBases {
		return councilkit.Text{English: b.String(), Welsh: b.String()}
	}
	return basisText[b]
}

// IsBenefit reports whether b rests on a benefit or tax credit the parent
// receives (including a confirmation from an eligibility checking service).
// Such entitlement, unlike universal infant meals, attracts pupil premium.
// BasisNoRecourseToPublicFunds is not a benefit: an eligibility checking
// service cannot confirm it, and the council decides it on evidence.
func (b Basis) IsBenefit() bool {
	return b >= BasisUniversalCredit && b <= BasisEligibilityCheck
}

// ParseBasis parses the machine name of a basis.
func ParseBasis(s string) (Basis, error) {
	for i, n := range basisNames {
		if n == s {
			return Basis(i), nil
		}
	}
	return BasisNone, fmt.Errorf("%w: %q", ErrInvalidBasis, s)
}

// MarshalText encodes the machine name.
func (b Basis) MarshalText() ([]byte, error) {
	if b >= numBases {
		return nil, fmt.Errorf("%w: %d", ErrInvalidBasis, uint8(b))
	}
	return []byte(basisNames[b]), nil
}

// UnmarshalText decodes the machine name.
func (b *Basis) UnmarshalText(text []byte) error {
	v, err := ParseBasis(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Benefit is a benefit or tax credit a parent can receive that bears on free
// school meals. The list only ever grows.
type Benefit uint8

// Benefits.
const (
	BenefitUnknown Benefit = iota
	BenefitUniversalCredit
	BenefitIncomeSupport
	BenefitIncomeBasedJSA
	BenefitIncomeRelatedESA
	BenefitAsylumSupport
	BenefitChildTaxCredit
	// BenefitWorkingTaxCredit is Working Tax Credit proper. It is never a
	// basis by itself, and it rules out BasisChildTaxCredit.
	BenefitWorkingTaxCredit
	// BenefitWorkingTaxCreditRunOn is Working Tax Credit paid for the four
	// weeks after work stops or falls below the hours (regulation 7D of the
	// Working Tax Credit (Entitlement and Maximum Rate) Regulations 2002).
	BenefitWorkingTaxCreditRunOn
	BenefitPensionCreditGuarantee

	numBenefits
)

var benefitNames = [numBenefits]string{
	"unknown",
	"universal_credit",
	"income_support",
	"income_based_jsa",
	"income_related_esa",
	"asylum_support",
	"child_tax_credit",
	"working_tax_credit",
	"working_tax_credit_run_on",
	"pension_credit_guarantee",
}

// ErrInvalidBenefit is wrapped by the error for an unknown benefit name.
var ErrInvalidBenefit = errors.New("fsm: unknown benefit")

// String returns the stable machine name.
func (b Benefit) String() string {
	if b >= numBenefits {
		return fmt.Sprintf("benefit(%d)", uint8(b))
	}
	return benefitNames[b]
}

// ParseBenefit parses the machine name of a benefit. "unknown" is not
// accepted.
func ParseBenefit(s string) (Benefit, error) {
	for i, n := range benefitNames {
		if i > 0 && n == s {
			return Benefit(i), nil
		}
	}
	return BenefitUnknown, fmt.Errorf("%w: %q", ErrInvalidBenefit, s)
}

// MarshalText encodes the machine name, "unknown" for BenefitUnknown; an
// undefined value is an error.
func (b Benefit) MarshalText() ([]byte, error) {
	if b >= numBenefits {
		return nil, fmt.Errorf("%w: %d", ErrInvalidBenefit, uint8(b))
	}
	return []byte(benefitNames[b]), nil
}

// UnmarshalText decodes the machine name as ParseBenefit does, and
// "unknown" as BenefitUnknown.
func (b *Benefit) UnmarshalText(text []byte) error {
	if string(text) == benefitNames[BenefitUnknown] {
		*b = BenefitUnknown
		return nil
	}
	v, err := ParseBenefit(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}
