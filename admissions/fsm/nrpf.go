package fsm

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// NRPFGroup is the immigration circumstance that leaves a household with
// no recourse to public funds (NRPF). Since April 2022 the Department for
// Education has extended free school meals to children of every household
// with NRPF whose income is within a limit, so the group does not decide
// eligibility: it is recorded because the council asks for evidence of
// it. The groups are those the DfE's guidance names. The list only ever
// grows; the zero NRPFGroup is "not given".
type NRPFGroup uint8

// Groups with no recourse to public funds named in the DfE's guidance.
const (
	NRPFGroupUnknown NRPFGroup = iota
	// NRPFZambranoCarer: the primary carer of a British citizen child.
	NRPFZambranoCarer
	// NRPFPrivateFamilyLife: leave to remain on grounds of private and
	// family life (Article 8 of the European Convention on Human Rights)
	// subject to an NRPF condition.
	NRPFPrivateFamilyLife
	// NRPFChildrenActSection17: supported by the local authority under
	// section 17 of the Children Act 1989 and subject to NRPF.
	NRPFChildrenActSection17
	// NRPFAsylumSection4: a refused asylum seeker supported under section 4
	// of the Immigration and Asylum Act 1999 (support under Part 6 of that
	// Act is a benefit basis of its own, BasisAsylumSupport).
	NRPFAsylumSection4
	// NRPFChenCarer: the primary carer of a self-sufficient EEA national
	// child.
	NRPFChenCarer
	// NRPFBritishNationalOverseas: holding a British National (Overseas)
	// visa.
	NRPFBritishNationalOverseas
	// NRPFSpouseVisa: holding a spouse or partner visa.
	NRPFSpouseVisa
	// NRPFWorkVisa: holding a work visa.
	NRPFWorkVisa
	// NRPFStudentVisa: holding a student visa.
	NRPFStudentVisa
	// NRPFNoStatus: without immigration status.
	NRPFNoStatus
	// NRPFOther: any other household with no recourse to public funds.
	NRPFOther

	numNRPFGroups
)

var nrpfGroupNames = [numNRPFGroups]string{
	"unknown", "zambrano_carer", "private_family_life", "children_act_section_17", "asylum_section_4",
	"chen_carer", "british_national_overseas", "spouse_visa", "work_visa", "student_visa", "no_status", "other",
}

var nrpfGroupText = [numNRPFGroups]councilkit.Text{
	{},
	text("nrpf.group.zambrano"),
	text("nrpf.group.private_family_life"),
	text("nrpf.group.section_17"),
	text("nrpf.group.section_4"),
	text("nrpf.group.chen"),
	text("nrpf.group.bno_visa"),
	text("nrpf.group.spouse_visa"),
	text("nrpf.group.work_visa"),
	text("nrpf.group.student_visa"),
	text("nrpf.group.no_status"),
	text("nrpf.group.other"),
}

// ErrInvalidNRPFGroup is wrapped by the error for an unknown group name.
var ErrInvalidNRPFGroup = errors.New("fsm: unknown no recourse to public funds group")

// String returns the stable machine name, such as "zambrano_carer".
func (g NRPFGroup) String() string {
	if g >= numNRPFGroups {
		return "nrpf_group(" + strconv.Itoa(int(g)) + ")"
	}
	return nrpfGroupNames[g]
}

// Text names the group for a resident, in English and Welsh.
func (g NRPFGroup) Text() councilkit.Text {
	if g == NRPFGroupUnknown || g >= numNRPFGroups {
		return councilkit.Text{English: g.String(), Welsh: g.String()}
	}
	return nrpfGroupText[g]
}

// ParseNRPFGroup parses the machine name of a group; "unknown" is not
// accepted.
func ParseNRPFGroup(s string) (NRPFGroup, error) {
	for i, n := range nrpfGroupNames {
		if i > 0 && n == s {
			return NRPFGroup(i), nil
		}
	}
	if len(s) > 20 {
		cut := 20
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut-- // never split a character
		}
		s = s[:cut]
	}
	return NRPFGroupUnknown, fmt.Errorf("%w: %q", ErrInvalidNRPFGroup, s)
}

// MarshalText encodes the machine name, "unknown" for NRPFGroupUnknown;
// an undefined value is an error.
func (g NRPFGroup) MarshalText() ([]byte, error) {
	if g >= numNRPFGroups {
		return nil, fmt.Errorf("%w: %d", ErrInvalidNRPFGroup, uint8(g))
	}
	return []byte(nrpfGroupNames[g]), nil
}

// UnmarshalText decodes the machine name as ParseNRPFGroup does, and
// "unknown" as NRPFGroupUnknown. On error g is unchanged.
func (g *NRPFGroup) UnmarshalText(text []byte) error {
	if string(text) == nrpfGroupNames[NRPFGroupUnknown] {
		*g = NRPFGroupUnknown
		return nil
	}
	v, err := ParseNRPFGroup(string(text))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// NRPF is what a household with no recourse to public funds tells the
// council when it asks for free school meals on that ground.
type NRPF struct {
	// Group is why the household has no recourse to public funds.
	Group NRPFGroup `json:"group"`
	// AnnualIncome is the household's income for a year, as the council
	// assesses it under the DfE's guidance, from the evidence the family
	// gives (payslips, bank statements, a letter of support).
	AnnualIncome payments.Amount `json:"annual_income"`
	// Children is the number of children in the household: the limit is
	// higher for two or more.
	Children int `json:"children"`
	// London reports whether the household lives in London (a London
	// borough or the City of London: GSS codes E09), where the limits are
	// higher.
	London bool `json:"london"`
}

// Field paths for NRPF problems.
const (
	FieldNRPF         = "circumstances.nrpf"
	FieldNRPFGroup    = "circumstances.nrpf.group"
	FieldNRPFIncome   = "circumstances.nrpf.annual_income"
	FieldNRPFChildren = "circumstances.nrpf.children"
)

// maxNRPFChildren bounds the children a household can declare.
const maxNRPFChildren = 30

var (
	textNRPFGroup    = text("nrpf.group.required")
	textNRPFChildren = text("nrpf.children.invalid")
	textNRPFTooEarly = text("nrpf.too_early")
)

// validate reports every problem with n.
func (n *NRPF) validate(ps *councilkit.Problems) {
	if n.Group == NRPFGroupUnknown || n.Group >= numNRPFGroups {
		ps.Add(FieldNRPFGroup, councilkit.CodeInvalidChoice, textNRPFGroup)
	}
	if n.AnnualIncome.IsNegative() {
		ps.Add(FieldNRPFIncome, councilkit.CodeTooSmall, textNegative)
	}
	switch {
	case n.Children < 1:
		ps.Add(FieldNRPFChildren, councilkit.CodeTooSmall, textNRPFChildren)
	case n.Children > maxNRPFChildren:
		ps.Add(FieldNRPFChildren, councilkit.CodeTooLarge, textNRPFChildren)
	}
}

// NRPF threshold names: the household income limits of the DfE's guidance.
const (
	ThresholdNRPFOneChild             = "nrpf_income_one_child"
	ThresholdNRPFTwoOrMoreChildren    = "nrpf_income_two_or_more_children"
	ThresholdNRPFLondonOneChild       = "nrpf_income_london_one_child"
	ThresholdNRPFLondonTwoOrMoreChild = "nrpf_income_london_two_or_more_children"
)

// nrpfThreshold names the limit that applies to n.
func nrpfThreshold(n *NRPF) string {
	switch {
	case n.London && n.Children >= 2:
		return ThresholdNRPFLondonTwoOrMoreChild
	case n.London:
		return ThresholdNRPFLondonOneChild
	case n.Children >= 2:
		return ThresholdNRPFTwoOrMoreChildren
	}
	return ThresholdNRPFOneChild
}

func (ev *evaluation) nrpf(rule Rule, r Reason) Reason {
	n := ev.app.Circumstances.NRPF
	if n == nil {
		r.Facts = []Fact{{"no_recourse_to_public_funds", "no"}}
		r.Explanation = text("nrpf.not_asked")
		return r
	}
	t, _ := rule.Threshold(nrpfThreshold(n))
	// The limit's own source names the figure applied, and says if it is
	// provisional.
	r.Source = t.Source
	r.Facts = []Fact{
		{"no_recourse_to_public_funds", "yes"},
		{"nrpf_group", n.Group.String()},
		{"household_children", strconv.Itoa(n.Children)},
		{"london", yesNo(n.London)},
		{"annual_household_income", n.AnnualIncome.String()},
		{t.Name, t.Amount.String()},
	}
	where := text("nrpf.outside_london")
	if n.London {
		where = text("nrpf.in_london")
	}
	kids := text("nrpf.one_child")
	if n.Children >= 2 {
		kids = text("nrpf.two_or_more_children")
	}
	if n.AnnualIncome.Cmp(t.Amount) <= 0 {
		r.Met = true
		r.Explanation = text("nrpf.within_limit", "group", n.Group.Text(), "income", n.AnnualIncome.String(), "limit", t.Amount.String(), "where", where, "children", kids)
		return r
	}
	r.Explanation = text("nrpf.above_limit", "group", n.Group.Text(), "income", n.AnnualIncome.String(), "limit", t.Amount.String(), "where", where, "children", kids)
	return r
}
