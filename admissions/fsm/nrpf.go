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
	{English: "Zambrano carer", Welsh: "Gofalwr Zambrano"},
	{English: "Leave to remain on private and family life grounds", Welsh: "Caniatâd i aros ar sail bywyd preifat a theuluol"},
	{English: "Supported under section 17 of the Children Act 1989", Welsh: "Yn cael cymorth o dan adran 17 o Ddeddf Plant 1989"},
	{English: "Supported under section 4 of the Immigration and Asylum Act 1999", Welsh: "Yn cael cymorth o dan adran 4 o Ddeddf Mewnfudo a Lloches 1999"},
	{English: "Chen carer", Welsh: "Gofalwr Chen"},
	{English: "British National (Overseas) visa", Welsh: "Fisa Gwladolyn Prydeinig (Tramor)"},
	{English: "Spouse or partner visa", Welsh: "Fisa priod neu bartner"},
	{English: "Work visa", Welsh: "Fisa gwaith"},
	{English: "Student visa", Welsh: "Fisa myfyriwr"},
	{English: "No immigration status", Welsh: "Dim statws mewnfudo"},
	{English: "Other household with no recourse to public funds", Welsh: "Aelwyd arall heb hawl i gael arian cyhoeddus"},
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
	textNRPFGroup = councilkit.Text{
		English: "Select why the household has no recourse to public funds",
		Welsh:   "Dewiswch pam nad oes gan yr aelwyd hawl i gael arian cyhoeddus",
	}
	textNRPFChildren = councilkit.Text{
		English: "Enter how many children live in the household, from 1 to 30",
		Welsh:   "Rhowch faint o blant sy’n byw yn yr aelwyd, o 1 i 30",
	}
	textNRPFTooEarly = councilkit.Text{
		English: "Free school meals for families with no recourse to public funds can be decided only from 1 April 2022",
		Welsh:   "Dim ond o 1 Ebrill 2022 y gellir penderfynu ar brydau ysgol am ddim i deuluoedd heb hawl i gael arian cyhoeddus",
	}
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
		r.Explanation = councilkit.Text{
			English: "The household has not asked for free school meals as a family with no recourse to public funds.",
			Welsh:   "Nid yw’r aelwyd wedi gofyn am brydau ysgol am ddim fel teulu heb hawl i gael arian cyhoeddus.",
		}
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
	where := councilkit.Text{English: "outside London", Welsh: "y tu allan i Lundain"}
	if n.London {
		where = councilkit.Text{English: "in London", Welsh: "yn Llundain"}
	}
	kids := councilkit.Text{English: "with one child", Welsh: "gydag un plentyn"}
	if n.Children >= 2 {
		kids = councilkit.Text{English: "with two or more children", Welsh: "gyda dau neu fwy o blant"}
	}
	if n.AnnualIncome.Cmp(t.Amount) <= 0 {
		r.Met = true
		r.Explanation = councilkit.Text{
			English: fmt.Sprintf("The household has no recourse to public funds (%s) and an annual income of %s, within the limit of %s for a family %s %s.",
				n.Group.Text().English, n.AnnualIncome, t.Amount, where.English, kids.English),
			Welsh: fmt.Sprintf("Nid oes gan yr aelwyd hawl i gael arian cyhoeddus (%s) ac mae ganddi incwm blynyddol o %s, o fewn y terfyn o %s i deulu %s %s.",
				n.Group.Text().Welsh, n.AnnualIncome, t.Amount, where.Welsh, kids.Welsh),
		}
		return r
	}
	r.Explanation = councilkit.Text{
		English: fmt.Sprintf("The household has no recourse to public funds (%s), but its annual income of %s is above the limit of %s for a family %s %s.",
			n.Group.Text().English, n.AnnualIncome, t.Amount, where.English, kids.English),
		Welsh: fmt.Sprintf("Nid oes gan yr aelwyd hawl i gael arian cyhoeddus (%s), ond mae ei hincwm blynyddol o %s yn uwch na’r terfyn o %s i deulu %s %s.",
			n.Group.Text().Welsh, n.AnnualIncome, t.Amount, where.Welsh, kids.Welsh),
	}
	return r
}
