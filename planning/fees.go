package planning

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/payments"
)

// Errors from the fee calculator.
var (
	// ErrNoSchedule: the date is before the first schedule modelled. It is
	// matched by every *NoScheduleError.
	ErrNoSchedule = errors.New("planning: no fee schedule modelled for that date")
	// ErrFeeNotModelled: the calculator does not model the fee for this type
	// or category; work it out by hand from the regulations.
	ErrFeeNotModelled = errors.New("planning: fee not modelled for this application")
)

// NoScheduleError is Calculate's answer for an application made before the
// earliest fee schedule councilkit models (Earliest): the fee must be
// checked by hand against the regulations in force on Made. It matches
// ErrNoSchedule.
type NoScheduleError struct {
	Made, Earliest calendar.Date
}

func (e *NoScheduleError) Error() string {
	return "planning: no fee schedule modelled for " + e.Made.String() + "; the earliest begins on " + e.Earliest.String()
}

// Is reports whether target is ErrNoSchedule.
func (e *NoScheduleError) Is(target error) bool { return target == ErrNoSchedule }

// Text explains the error to a caseworker, in English and Welsh.
func (e *NoScheduleError) Text() councilkit.Text {
	return text("fee.no_schedule", "made", e.Made.String(), "earliest", e.Earliest.String())
}

// FeeCategory is the category of development in Schedule 1, Part 2 of the
// Fees Regulations that a planning application falls in. The zero
// FeeCategory is CategoryNone, "none": no category recorded.
type FeeCategory uint8

// Fee categories modelled. Append only.
const (
	CategoryNone        FeeCategory = iota
	CategoryDwellings               // category 1: erection of dwellinghouses
	CategoryBuildings               // category 2: erection of buildings other than dwellinghouses
	CategoryHouseholder             // category 6: enlargement, improvement or alteration of dwellinghouses
	CategoryCurtilage               // category 7(a): operations within the curtilage of a dwellinghouse
	CategoryChangeOfUse             // category 14: other material change of use of a building or land
)

var categoryNames = [...]string{"none", "dwellings", "buildings", "householder", "curtilage", "change_of_use"}

// String returns the stored name: "dwellings", "buildings", "householder",
// "curtilage", "change_of_use", or "none" for CategoryNone.
func (c FeeCategory) String() string { return enum.Name(categoryNames[:], c, "FeeCategory") }

// MarshalText returns the stored name; an undefined category is an error.
func (c FeeCategory) MarshalText() ([]byte, error) {
	return enum.Marshal(categoryNames[:], c, "planning", "FeeCategory")
}

// UnmarshalText parses a stored name, "none" included. Empty text, as
// versions before the zero category had a name wrote it, is CategoryNone.
func (c *FeeCategory) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = CategoryNone
		return nil
	}
	v, ok := enum.Parse[FeeCategory](categoryNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "fee category", string(b))
	}
	*c = v
	return nil
}

// FeeInputFor returns the calculator's input for an application: its type,
// the day it was submitted (in London), the fee category recorded on it,
// the numbers of homes and areas it holds (rounded up to whole square
// metres), whether it is major development, and the exemptions and
// reductions claimed ("disability", "parishCouncil", "alternative",
// "sports"). The "resubmission" exemption is passed as a free go claim with
// no earlier application, which the calculator reports as abolished.
func FeeInputFor(a *Application) FeeInput {
	made := a.Received
	if !a.SubmittedAt.IsZero() {
		made = calendar.DateOf(a.SubmittedAt)
	}
	in := FeeInput{
		Type:         a.Type,
		Made:         made,
		Category:     a.Fee.Category,
		Dwellings:    a.Proposal.Dwellings,
		SiteAreaM2:   ceil(a.Site.RedLineAreaM2),
		FloorSpaceM2: ceil(a.Proposal.FloorSpaceM2),
		Major:        a.IsMajor(),
	}
	for _, e := range a.Fee.Exemptions {
		switch e {
		case "disability":
			in.DisabledAccess = true
		case "resubmission":
			in.FreeGo.Claimed = true
		}
	}
	for _, r := range a.Fee.Reductions {
		switch r {
		case "parishCouncil":
			in.ParishCouncil = true
		case "alternative":
			in.AlternativeNotHighest = true
		case "sports":
			in.SportsClubPlayingField = true
		}
	}
	return in
}

func ceil(f float64) int64 {
	// mutation: equivalent — f <= 0 vs f < 0: 0 rounds up to 0 anyway.
	if f <= 0 || f != f {
		return 0
	}
	// mutation: equivalent — f > 1e15 vs f >= 1e15: 1e15 rounds up to 1e15 anyway.
	if f > 1e15 {
		return 1e15
	}
	n := int64(f)
	if float64(n) < f {
		n++
	}
	return n
}

// FeeInput is what the calculator needs to know about an application.
type FeeInput struct {
	Type ApplicationType
	// Made is the day the application is made; the schedule in force on it
	// applies (reg. 18A(4): an increase applies to applications made on or
	// after the fee change date).
	Made calendar.Date
	// Category is the Schedule 1 category of the development, for planning
	// permission, reserved matters and lawful development certificates.
	// Householder types are always category 6.
	Category FeeCategory
	// Dwellings is the number of dwellinghouses to be created (category 1)
	// or altered (category 6).
	Dwellings int64
	// SiteAreaM2 is the site area in square metres (outline applications).
	SiteAreaM2 int64
	// FloorSpaceM2 is the gross floor space to be created, in square metres
	// (category 2).
	FloorSpaceM2 int64
	// Major is whether the development is major development (section 73
	// fees from 1 April 2025).
	Major bool
	// Section73 marks an application under section 73 of the 1990 Act to
	// develop without complying with conditions.
	Section73 bool
	// BreachOfCondition marks a certificate of lawfulness of an existing use
	// in breach of a condition (reg. 11(3)(b)).
	BreachOfCondition bool

	// Exemptions.
	DisabledAccess              bool // reg. 4: works solely for a disabled person's access, safety, health or comfort
	PermittedDevelopmentRemoved bool // reg. 5: needed only because permitted development was removed by condition or an article 4 direction
	ConservationAreaDemolition  bool // reg. 5A: relevant demolition of an unlisted building in a conservation area

	// Reductions.
	ParishCouncil bool // an application by a parish council: half the fee
	// SportsClubPlayingField marks an application by a club, society or
	// other organisation not established or conducted for profit whose
	// objects are the provision of facilities for sport or recreation, for
	// a material change of use of land to a playing field or operations
	// (other than a building containing floor space) ancillary to one, on
	// land it occupies: a fixed fee replaces the scale fee.
	SportsClubPlayingField bool
	// AlternativeNotHighest marks one of several alternative applications
	// for the same site made by the same applicant on the same day, other
	// than the one with the highest fee: half its fee.
	AlternativeNotHighest bool

	// FreeGo describes an earlier application for the same development on
	// the same site, for the abolished "free go" (reg. 9).
	FreeGo FreeGo

	// Advert is what an advertisement consent application displays.
	Advert AdvertKind
}

// AdvertKind is the kind of advertisement, which sets the fee for consent.
// The zero AdvertKind is AdvertNone, "none": not an advertisement, or not
// said.
type AdvertKind uint8

// Kinds of advertisement. Append only.
const (
	AdvertNone        AdvertKind = iota
	AdvertOnPremises             // on business premises, about the business there
	AdvertAdvanceSign            // directing the public to business premises nearby but out of sight
	AdvertOther                  // any other advertisement (hoardings, poster sites)
)

var advertNames = [...]string{"none", "on_premises", "advance_sign", "other"}

// String returns the kind's name, such as "on_premises", or "none".
func (k AdvertKind) String() string { return enum.Name(advertNames[:], k, "AdvertKind") }

// MarshalText returns the kind's name; an undefined kind is an error.
func (k AdvertKind) MarshalText() ([]byte, error) {
	return enum.Marshal(advertNames[:], k, "planning", "AdvertKind")
}

// UnmarshalText parses a name returned by String.
func (k *AdvertKind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[AdvertKind](advertNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "advertisement kind", string(b))
	}
	*k = v
	return nil
}

// FreeGo describes an earlier application for development of the same
// character or description on the same site by the same applicant, whose
// withdrawal, grant or refusal once let the applicant re-apply once without
// a fee within 12 months (Fees Regulations 2012 regs. 8 and 9). Both were
// revoked by S.I. 2023/1197 regs. 4 and 5 from 6 December 2023, saved only
// where the 12-month period began no later than 5 December 2023: the
// period runs from the day a withdrawn application was received, and from
// the day of the decision on one granted or refused. The last free go
// therefore lapsed in December 2024; the rule is kept for the history.
type FreeGo struct {
	Claimed bool
	// EarlierMade is the day the earlier application was made (received).
	EarlierMade calendar.Date
	// EarlierDecided is the day it was granted or refused; zero if it was
	// withdrawn.
	EarlierDecided calendar.Date
	// Withdrawn marks an earlier application that was withdrawn.
	Withdrawn bool
}

// typeAddStoreys is pa.part1.classAA, the prior approval for adding
// storeys to a home; TestTypeConstants checks the number.
const typeAddStoreys ApplicationType = 34

// freeGoEnded is the day S.I. 2023/1197 came into force: a free-go period
// beginning on or after it gives no free resubmission.
var freeGoEnded = calendar.MustDate(2023, 12, 6)

// LineKind names one line of a fee breakdown: its rule and legal basis.
// The zero LineKind is LineNone, "none": no line. Its String, text and JSON
// forms are the snake_case names listed in lineNames.
type LineKind uint8

// Line kinds. Append only: the numbers and names are stored.
const (
	LineNone LineKind = iota
	LineDwellings
	LineOutlineDwellings
	LineBuildings
	LineOutlineBuildings
	LineHouseholderOne
	LineHouseholderMany
	LineCurtilage
	LineSection73
	LineConditions
	LinePriorApproval
	LinePriorApprovalPerHome
	LineLDCHalf
	LineLDCBreachOfCondition
	LineNoFee
	LineExemptDisabled
	LineExemptPermittedDevelopment
	LineExemptConservationDemolition
	LineParishCouncil
	LineAlternative
	LineFreeGoAbolished
	LineFreeGo
	LineFreeGoLapsed
	LineAdvert
	LineChangeOfUse
	LineSportsClub
)

var lineNames = [...]string{"none", "dwellings", "outline_dwellings", "buildings", "outline_buildings",
	"householder_one", "householder_many", "curtilage", "section73", "conditions", "prior_approval",
	"prior_approval_per_home", "ldc_half", "ldc_breach_of_condition", "no_fee", "exempt_disabled",
	"exempt_permitted_development", "exempt_conservation_demolition", "parish_council", "alternative",
	"free_go_abolished", "free_go", "free_go_lapsed", "advert", "change_of_use", "sports_club"}

// String returns the line kind's name, such as "householder_one"; the zero
// LineKind is "none" and an undefined one "LineKind(99)".
func (k LineKind) String() string { return enum.Name(lineNames[:], k, "LineKind") }

// ParseLineKind reads a name returned by String, including "none".
func ParseLineKind(name string) (LineKind, error) {
	if v, ok := enum.Parse[LineKind](lineNames[:], name); ok {
		return v, nil
	}
	return LineNone, enum.Unknown("planning", "fee line kind", name)
}

// MarshalText returns the line kind's name. An undefined kind is an error.
func (k LineKind) MarshalText() ([]byte, error) {
	return enum.Marshal(lineNames[:], k, "planning", "LineKind")
}

// UnmarshalText reads a name returned by String.
func (k *LineKind) UnmarshalText(b []byte) error {
	v, err := ParseLineKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

type lineInfo struct {
	key, basis string // key is the line's message in the catalogue
}

var lineInfos = [...]lineInfo{
	LineDwellings:                    {"fee.line.dwellings", "Fees Regulations 2012 Sch. 1 Pt 2 category 1(2)"},
	LineOutlineDwellings:             {"fee.line.outline_dwellings", "Fees Regulations 2012 Sch. 1 Pt 2 category 1(1)"},
	LineBuildings:                    {"fee.line.buildings", "Fees Regulations 2012 Sch. 1 Pt 2 category 2(3)"},
	LineOutlineBuildings:             {"fee.line.outline_buildings", "Fees Regulations 2012 Sch. 1 Pt 2 category 2(1)"},
	LineHouseholderOne:               {"fee.line.householder_one", "Fees Regulations 2012 Sch. 1 Pt 2 category 6(1)"},
	LineHouseholderMany:              {"fee.line.householder_many", "Fees Regulations 2012 Sch. 1 Pt 2 category 6(2)"},
	LineCurtilage:                    {"fee.line.curtilage", "Fees Regulations 2012 Sch. 1 Pt 2 category 7(a)"},
	LineSection73:                    {"fee.line.section73", "Fees Regulations 2012 Sch. 1 Pt 1 para. 5, substituted by S.I. 2025/342 reg. 5(2)"},
	LineConditions:                   {"fee.line.conditions", "Fees Regulations 2012 Sch. 1 Pt 1"},
	LinePriorApproval:                {"fee.line.prior_approval", "Fees Regulations 2012 reg. 14(1)"},
	LinePriorApprovalPerHome:         {"fee.line.prior_approval_per_home", "Fees Regulations 2012 reg. 14(1)(zc)"},
	LineLDCHalf:                      {"fee.line.ldc_half", "Fees Regulations 2012 reg. 11(2)"},
	LineLDCBreachOfCondition:         {"fee.line.ldc_breach_of_condition", "Fees Regulations 2012 reg. 11(3)(b)"},
	LineNoFee:                        {"fee.line.no_fee", "No fee is prescribed by the Fees Regulations 2012"},
	LineExemptDisabled:               {"fee.line.exempt_disabled", "Fees Regulations 2012 reg. 4"},
	LineExemptPermittedDevelopment:   {"fee.line.exempt_permitted_development", "Fees Regulations 2012 reg. 5"},
	LineExemptConservationDemolition: {"fee.line.exempt_conservation_demolition", "Fees Regulations 2012 reg. 5A"},
	LineParishCouncil:                {"fee.line.parish_council", "Fees Regulations 2012 Sch. 1 Pt 1 (parish councils)"},
	LineAlternative:                  {"fee.line.alternative", "Fees Regulations 2012 Sch. 1 Pt 1 (alternative applications)"},
	LineFreeGoAbolished:              {"fee.line.free_go_abolished", "Fees Regulations 2012 regs. 8 and 9, revoked by S.I. 2023/1197 regs. 4 and 5"},
	LineSportsClub:                   {"fee.line.sports_club", "Fees Regulations 2012 Sch. 1 Pt 1 (applications by non-profit sports and recreation clubs for playing fields)"},
	LineChangeOfUse:                  {"fee.line.change_of_use", "Fees Regulations 2012 Sch. 1 Pt 2 category 14"},
	LineAdvert:                       {"fee.line.advert", "Fees Regulations 2012 reg. 13 and Sch. 2"},
	LineFreeGoLapsed:                 {"fee.line.free_go_lapsed", "Fees Regulations 2012 regs. 8 and 9 (as they applied before their revocation by S.I. 2023/1197)"},
	LineFreeGo:                       {"fee.line.free_go", "Fees Regulations 2012 regs. 8 and 9 (revoked by S.I. 2023/1197, saved where the period began by 5 December 2023)"},
}

// FeeLine is one line of a fee breakdown.
type FeeLine struct {
	Kind LineKind
	// Quantity is the dwellinghouses or square metres the line is worked
	// out on; Units the units charged (dwellinghouses, tenths of a hectare,
	// 75 m²) and Rate the rate per unit, when the line uses one.
	Quantity, Units int64
	Rate            payments.Amount
	// Base is the fixed part of a "more than" step (£30,860 plus £186 for
	// each dwellinghouse over 50); Capped marks a fee held to the scale's
	// maximum.
	Base   payments.Amount
	Capped bool
	// Amount is the line's effect on the total: positive for a fee,
	// negative for a reduction or exemption, zero for a note.
	Amount payments.Amount
}

// Text describes the line for a resident, in English and Welsh.
func (l FeeLine) Text() councilkit.Text {
	info := lineInfos[0]
	if int(l.Kind) < len(lineInfos) {
		info = lineInfos[l.Kind]
	}
	t := text(info.key)
	switch {
	case l.Capped:
		t = text("fee.line.capped", "line", t)
	case l.Base.IsPositive():
		w := formatPounds(l.Base) + " + " + strconv.FormatInt(l.Units, 10) + " × " + formatPounds(l.Rate)
		t.English += " (" + w + ")"
		t.Welsh += " (" + w + ")"
	case l.Units > 0 && l.Rate.IsPositive():
		u := strconv.FormatInt(l.Units, 10)
		r := formatPounds(l.Rate)
		t.English += " (" + u + " × " + r + ")"
		t.Welsh += " (" + u + " × " + r + ")"
	}
	return t
}

// Basis cites the legal basis of the line.
func (l FeeLine) Basis() string {
	if int(l.Kind) < len(lineInfos) {
		return lineInfos[l.Kind].basis
	}
	return ""
}

// formatPounds formats an amount as "£1,234" or "£1,234.50": its String
// without the pence of a whole number of pounds.
func formatPounds(a payments.Amount) string {
	return strings.TrimSuffix(a.String(), ".00")
}

const maxLines = 6

// maxQuantity bounds dwellinghouses and square metres: a million square
// kilometres is larger than England, and keeps the arithmetic far from
// overflow.
const maxQuantity = 1e12

// Breakdown is a worked fee: each line with its legal basis, and the total.
// It holds its lines inline, so computing one does not allocate.
type Breakdown struct {
	// Schedule names the schedule applied ("2025-04-01").
	Schedule string
	lines    [maxLines]FeeLine
	n        uint8
	total    int64
}

// Lines returns the lines of the breakdown, in order.
func (b *Breakdown) Lines() []FeeLine { return append([]FeeLine(nil), b.lines[:b.n]...) }

// Total returns the fee payable.
func (b *Breakdown) Total() payments.Amount { return payments.Pence(b.total) }

// Exempt reports whether no fee is payable because of an exemption, or
// because none is prescribed.
func (b *Breakdown) Exempt() bool { return b.total == 0 }

func (b *Breakdown) add(l FeeLine) {
	// mutation: equivalent — < vs <= maxLines: Calculate adds at most four lines (exemption or free go, fee, LDC half, reduction).
	if int(b.n) < maxLines {
		b.lines[b.n] = l
		b.n++
	}
	b.total += l.Amount.Pence()
}

// Calculate works out the fee for an application made on in.Made, under the
// schedule in force that day. It returns a *NoScheduleError (matching
// ErrNoSchedule) for a date before the earliest schedule modelled,
// ErrFeeNotModelled for a fee the calculator does not model,
// and a *councilkit.ValidationError for impossible input. It does not
// allocate when it succeeds.
func Calculate(in FeeInput) (Breakdown, error) {
	var b Breakdown
	if in.Type.IsZero() {
		return b, errFeeType()
	}
	if in.Dwellings < 0 || in.SiteAreaM2 < 0 || in.FloorSpaceM2 < 0 {
		return b, errNegative()
	}
	if in.Dwellings > maxQuantity || in.SiteAreaM2 > maxQuantity || in.FloorSpaceM2 > maxQuantity {
		return b, feeProblem("", councilkit.CodeTooLarge, "fee.quantity.too_large")
	}
	s := scheduleAt(in.Made)
	if s == nil {
		return b, &NoScheduleError{Made: in.Made, Earliest: schedules[0].From}
	}
	b.Schedule = s.Name

	switch in.Type.Kind() {
	case KindListedBuilding, KindWorksToTrees:
		b.add(FeeLine{Kind: LineNoFee})
		return b, nil
	}

	// Exemptions for planning applications (regs. 4, 5, 5A).
	switch in.Type.Kind() {
	case KindPlanningPermission, KindOutline, KindReservedMatters:
		switch {
		case in.DisabledAccess:
			b.add(FeeLine{Kind: LineExemptDisabled})
			return b, nil
		case in.PermittedDevelopmentRemoved:
			b.add(FeeLine{Kind: LineExemptPermittedDevelopment})
			return b, nil
		case in.ConservationAreaDemolition:
			b.add(FeeLine{Kind: LineExemptConservationDemolition})
			return b, nil
		}
		if in.FreeGo.Claimed {
			switch freeGoApplies(in) {
			case freeGoYes:
				b.add(FeeLine{Kind: LineFreeGo})
				return b, nil
			case freeGoLapsed:
				b.add(FeeLine{Kind: LineFreeGoLapsed})
			default:
				b.add(FeeLine{Kind: LineFreeGoAbolished})
			}
		}
	}

	var err error
	switch in.Type.Kind() {
	case KindPlanningPermission, KindOutline, KindReservedMatters:
		if in.SportsClubPlayingField && !in.Section73 {
			// A fixed fee, not a reduction of the scale fee: no other
			// reduction applies to it.
			if err := flat(&b, LineSportsClub, s.SportsClub); err != nil {
				return Breakdown{}, err
			}
			return b, nil
		}
		if in.Section73 {
			err = section73(&b, s, in)
		} else {
			err = scheduleOne(&b, s, in)
		}
	case KindLawfulDevelopment:
		switch {
		case in.BreachOfCondition && in.Type != TypeLDCProposed:
			err = flat(&b, LineLDCBreachOfCondition, s.LDCBreachOfCondition)
		case in.Type == TypeLDCProposed:
			err = scheduleOne(&b, s, in)
			if err == nil {
				half := b.total / 2
				b.add(FeeLine{Kind: LineLDCHalf, Amount: payments.Pence(half - b.total)})
			}
		case in.Type == TypeLDCExisting:
			err = scheduleOne(&b, s, in) // reg. 11(1)-(2): the planning fee
		default:
			err = ErrFeeNotModelled
		}
	case KindAdvertisement:
		switch in.Advert {
		case AdvertOnPremises:
			err = flat(&b, LineAdvert, s.AdvertPremises)
		case AdvertAdvanceSign:
			err = flat(&b, LineAdvert, s.AdvertAdvanceSign)
		case AdvertOther:
			err = flat(&b, LineAdvert, s.AdvertOther)
		default:
			return Breakdown{}, feeProblem("advert", councilkit.CodeRequired, "fee.advert.required")
		}
	case KindConditions:
		if in.Category == CategoryHouseholder || in.Category == CategoryCurtilage {
			err = flat(&b, LineConditions, s.ConditionsHouseholder)
		} else {
			err = flat(&b, LineConditions, s.ConditionsOther)
		}
	case KindPriorApproval:
		switch in.Type {
		case TypeLargerHomeExtension, typeAddStoreys:
			err = flat(&b, LinePriorApproval, s.PriorApproval)
		case TypeCommercialToResidence:
			if in.Dwellings < 1 {
				return Breakdown{}, errDwellings()
			}
			if s.PriorApprovalPerHome == 0 {
				return Breakdown{}, ErrFeeNotModelled
			}
			b.add(FeeLine{Kind: LinePriorApprovalPerHome, Quantity: in.Dwellings, Units: in.Dwellings,
				Rate: payments.Pounds(s.PriorApprovalPerHome), Amount: payments.Pence(s.PriorApprovalPerHome * 100 * in.Dwellings)})
		default:
			err = ErrFeeNotModelled
		}
	default:
		err = ErrFeeNotModelled
	}
	if err != nil {
		return Breakdown{}, err
	}

	// Reductions apply to the fee worked out so far; only one applies.
	switch {
	case in.ParishCouncil:
		b.add(FeeLine{Kind: LineParishCouncil, Amount: payments.Pence(b.total/2 - b.total)})
	case in.AlternativeNotHighest:
		b.add(FeeLine{Kind: LineAlternative, Amount: payments.Pence(b.total/2 - b.total)})
	}
	return b, nil
}

const (
	freeGoAbolished = iota
	freeGoLapsed
	freeGoYes
)

func freeGoApplies(in FeeInput) int {
	f := in.FreeGo
	// The 12-month period begins on the day a withdrawn application was
	// received, or on the day of the decision on one granted or refused.
	start := f.EarlierDecided
	if f.Withdrawn {
		start = f.EarlierMade
	}
	if start.IsZero() || !start.Before(freeGoEnded) || in.Made.Before(start) {
		return freeGoAbolished
	}
	if in.Made.After(start.AddMonths(12)) {
		return freeGoLapsed
	}
	return freeGoYes
}

func flat(b *Breakdown, k LineKind, pounds int64) error {
	if pounds == 0 {
		return ErrFeeNotModelled
	}
	b.add(FeeLine{Kind: k, Amount: payments.Pounds(pounds)})
	return nil
}

func section73(b *Breakdown, s *Schedule, in FeeInput) error {
	var f int64
	switch {
	case in.Type.IsHouseholder() || in.Category == CategoryHouseholder:
		f = s.S73Householder
	case in.Major || in.Type.IsMajor():
		f = s.S73Major
	default:
		f = s.S73Other
	}
	return flat(b, LineSection73, f)
}

// scheduleOne adds the Schedule 1 fee for the category of development.
func scheduleOne(b *Breakdown, s *Schedule, in FeeInput) error {
	cat := in.Category
	if in.Type.IsHouseholder() {
		cat = CategoryHouseholder
	}
	outline := in.Type.Kind() == KindOutline
	switch cat {
	case CategoryHouseholder:
		if in.Dwellings > 1 {
			return flat(b, LineHouseholderMany, s.HouseholderMany)
		}
		return flat(b, LineHouseholderOne, s.HouseholderOne)
	case CategoryCurtilage:
		return flat(b, LineCurtilage, s.Curtilage)
	case CategoryChangeOfUse:
		return flat(b, LineChangeOfUse, s.ChangeOfUse)
	case CategoryDwellings:
		if outline {
			return scaled(b, LineOutlineDwellings, &s.OutlineDwellings, in.SiteAreaM2, errSiteArea)
		}
		return scaled(b, LineDwellings, &s.Dwellings, in.Dwellings, errDwellings)
	case CategoryBuildings:
		if outline {
			return scaled(b, LineOutlineBuildings, &s.OutlineBuildings, in.SiteAreaM2, errSiteArea)
		}
		b.add(scaleLine(LineBuildings, &s.Buildings, in.FloorSpaceM2))
		return nil
	}
	return errCategory()
}

func scaled(b *Breakdown, k LineKind, sc *Scale, q int64, missing func() error) error {
	if q <= 0 {
		return missing()
	}
	b.add(scaleLine(k, sc, q))
	return nil
}

// scaleLine works out one Schedule 1 scale and explains it.
func scaleLine(k LineKind, sc *Scale, q int64) FeeLine {
	f, step, u := sc.fee(q)
	l := FeeLine{Kind: k, Quantity: q, Amount: payments.Pounds(f)}
	switch step {
	case 1, 2:
		l.Units, l.Rate = u, payments.Pounds(sc.Bands[step-1].Rate)
	case 3:
		l.Units, l.Rate, l.Base = u, payments.Pounds(sc.Extra), payments.Pounds(sc.Base)
		l.Capped = sc.Max != 0 && f == sc.Max && sc.Base+sc.Extra*u > sc.Max
	}
	return l
}

// feeProblem returns a fresh *councilkit.ValidationError for one problem
// with the calculator's input.
func feeProblem(field string, code councilkit.Code, key string) error {
	return &councilkit.ValidationError{Problems: []councilkit.Problem{{
		Field: field, Code: code, Message: text(key)}}}
}

func errFeeType() error {
	return feeProblem("type", councilkit.CodeRequired, "type.required")
}

func errNegative() error {
	return feeProblem("", councilkit.CodeTooSmall, "fee.quantity.negative")
}

func errDwellings() error {
	return feeProblem("dwellings", councilkit.CodeRequired, "fee.dwellings.required")
}

func errSiteArea() error {
	return feeProblem("site_area_m2", councilkit.CodeRequired, "fee.site_area.required")
}

func errCategory() error {
	return feeProblem("category", councilkit.CodeRequired, "fee.category.required")
}

// FeeRule says how the fee for a type of application is worked out. The
// zero FeeRule is FeeNotModelled, "not_modelled".
type FeeRule uint8

// Fee rules. Append only.
const (
	FeeNotModelled     FeeRule = iota // the calculator does not model it
	FeeNone                           // no fee is prescribed (listed building consent, works to trees)
	FeeScheduleOne                    // by category of development, Schedule 1 Part 2
	FeeScheduleOneHalf                // half the Schedule 1 fee (proposed lawful development certificates, reg. 11(2))
	FeeFlat                           // a flat fee (approval of conditions, prior approval Part 1)
	FeePerHome                        // a fee for each new home (prior approval Part 3 Class MA)
)

var feeRuleNames = [...]string{"not_modelled", "none", "schedule_1", "schedule_1_half", "flat", "per_home"}

// String returns a stable name, such as "schedule_1".
func (r FeeRule) String() string { return enum.Name(feeRuleNames[:], r, "FeeRule") }

// MarshalText returns the rule's name; an undefined rule is an error.
func (r FeeRule) MarshalText() ([]byte, error) {
	return enum.Marshal(feeRuleNames[:], r, "planning", "FeeRule")
}

// UnmarshalText parses a name returned by String.
func (r *FeeRule) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[FeeRule](feeRuleNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "fee rule", string(b))
	}
	*r = v
	return nil
}

// FeeRule returns how Calculate works out the fee for the type.
func (t ApplicationType) FeeRule() FeeRule {
	switch t.Kind() {
	case KindListedBuilding, KindWorksToTrees:
		return FeeNone
	case KindPlanningPermission, KindOutline, KindReservedMatters:
		return FeeScheduleOne
	case KindLawfulDevelopment:
		switch t {
		case TypeLDCProposed:
			return FeeScheduleOneHalf
		case TypeLDCExisting:
			return FeeScheduleOne
		}
	case KindConditions, KindAdvertisement:
		return FeeFlat
	case KindPriorApproval:
		switch t {
		case TypeLargerHomeExtension, typeAddStoreys:
			return FeeFlat
		case TypeCommercialToResidence:
			return FeePerHome
		}
	}
	return FeeNotModelled
}
