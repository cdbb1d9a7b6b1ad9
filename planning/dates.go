package planning

import (
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// Holidays reports whether a day is a public holiday as the planning orders
// define it ("Christmas Day, Good Friday or a day which under the Banking
// and Financial Dealings Act 1971 is a bank holiday in England", the
// definition S.I. 2018/119 inserts in the orders it amends), on any day of
// the week: Christmas Day on a Sunday is a public holiday. *calendar.Calendar satisfies it, and its
// IsPublicHoliday leaves out the council's own closure days, which are not
// public holidays.
//
// Before this interface asked for IsPublicHoliday it asked for IsHoliday,
// which a *calendar.Calendar answers for weekdays only: a notice period
// over a weekend Christmas ended a day early.
type Holidays interface {
	IsPublicHoliday(d calendar.Date) bool
}

// englandHolidays is built once and never changed.
var englandHolidays = calendar.New(calendar.EnglandAndWales)

// EnglandHolidays returns the public holidays of England, for
// ConsultationEnd.
func EnglandHolidays() Holidays { return englandHolidays }

type periodUnit uint8

const (
	unitDays periodUnit = iota + 1
	unitWeeks
	unitMonths
)

// Period is a statutory length of time: a number of days, weeks or months.
// The zero Period means "no period" (for example, an appeal that may be made
// at any time).
type Period struct {
	n    int32
	unit periodUnit
}

// Days, Weeks and Months build periods.
func Days(n int) Period   { return Period{int32(n), unitDays} }
func Weeks(n int) Period  { return Period{int32(n), unitWeeks} }
func Months(n int) Period { return Period{int32(n), unitMonths} }

// IsZero reports whether p is no period.
func (p Period) IsZero() bool { return p.unit == 0 }

// add returns d moved forward by the period.
func (p Period) add(d calendar.Date) calendar.Date {
	switch p.unit {
	case unitDays:
		return d.AddDays(int(p.n))
	case unitWeeks:
		return d.AddWeeks(int(p.n))
	case unitMonths:
		return d.AddMonths(int(p.n))
	}
	return d
}

// EndBeginningWith returns the last day of the period "beginning with" day
// d, counting d itself: 21 days beginning with 1 March end on 21 March, 6
// months beginning with 10 January end on 9 July, and 6 months beginning
// with 31 August end on the last day of February. A period "beginning
// with the day immediately following" d ends on EndBeginningWith(d.AddDays(1)),
// which is d plus the period.
func (p Period) EndBeginningWith(d calendar.Date) calendar.Date {
	if p.IsZero() || d.IsZero() {
		return calendar.Date{}
	}
	end := p.add(d)
	if p.unit == unitMonths && end.Day() != d.Day() {
		// No corresponding day (6 months beginning with 31 August): the
		// period runs to the end of the shorter month.
		return end
	}
	return end.AddDays(-1)
}

// String returns "8 weeks", "56 days", "6 months".
func (p Period) String() string { return p.Text().English }

// Text returns the period in English and Welsh.
func (p Period) Text() councilkit.Text {
	if p.IsZero() {
		return text("period.none")
	}
	// English has a singular; Welsh puts the singular noun after any
	// number (8 wythnos).
	n := strconv.Itoa(int(p.n))
	switch {
	case p.unit == unitDays && p.n == 1:
		return text("period.day", "n", n)
	case p.unit == unitDays:
		return text("period.days", "n", n)
	case p.unit == unitWeeks && p.n == 1:
		return text("period.week", "n", n)
	case p.unit == unitWeeks:
		return text("period.weeks", "n", n)
	case p.n == 1:
		return text("period.month", "n", n)
	}
	return text("period.months", "n", n)
}

// DeadlineCase holds what fixes an application's statutory periods: its
// type, when a valid application was received, whether it is major or EIA
// development, and any extension agreed in writing. Application.DeadlineCase
// fills one from an application. The zero DeadlineCase has no type and so
// no statutory period.
type DeadlineCase struct {
	// Type is the type of application.
	Type ApplicationType
	// Received is the day a valid application was received. The periods
	// are known without it; the deadlines are not.
	Received calendar.Date
	// Major says the development is major development (see
	// Application.IsMajor). A type whose code says "major" is always major,
	// whatever this says.
	Major bool
	// EIA says the application is an EIA application (Town and Country
	// Planning (Environmental Impact Assessment) Regulations 2017).
	EIA bool
	// AgreedExtension is the end of a longer period agreed in writing with
	// the applicant (DMPO 2015 art. 34(2)(c)); zero if none was agreed.
	AgreedExtension calendar.Date
}

// DeterminationPeriod returns the period within which the local planning
// authority must decide an application of type c.Type, counted from the day
// after a valid application is received, given c.Major and c.EIA.
//
//   - Planning permission, reserved matters: 8 weeks, 13 weeks for major
//     development (Development Management Procedure Order 2015 art. 34(2)),
//     16 weeks for EIA applications (Environmental Impact Assessment
//     Regulations 2017, which substitute the period in art. 34).
//   - Permission in principle: 5 weeks (Permission in Principle Order 2017);
//     technical details consent: 5 weeks, 10 weeks for major development
//     (DMPO 2015 art. 34 as amended by S.I. 2017/402).
//   - Listed building consent: 8 weeks (Planning (Listed Buildings and
//     Conservation Areas) Regulations 1990 reg. 3A).
//   - Lawful development certificates: 8 weeks (DMPO 2015 art. 39(11)).
//   - Prior approval: 56 days (GPDO 2015 Sch. 2 Part 3 para. W(11)(c) and
//     the like paragraphs of other Parts); 42 days for the larger home
//     extension (Part 1 Class A para. A.4(10)(c)).
//   - Approval of details reserved by condition: 8 weeks (DMPO art. 27).
//   - Advertisement consent: 8 weeks (Control of Advertisements Regulations
//     2007 reg. 14).
//   - Non-material amendment: 28 days (DMPO art. 10).
//   - Notice of works to trees in a conservation area: 6 weeks (Town and
//     Country Planning Act 1990 s. 211(3)); tree preservation order consent
//     8 weeks.
//
// The zero Period is returned for types with no statutory period.
func (c DeadlineCase) DeterminationPeriod() Period {
	t, major, eia := c.Type, c.Major, c.EIA
	switch t.Kind() {
	case KindPermissionInPrinciple:
		return Weeks(5) // Permission in Principle Order 2017 art. 5S: 5 weeks
	case KindPlanningPermission, KindOutline, KindReservedMatters:
		if t.hasPrefix("pp.full.major.technicalDetails") {
			return Weeks(10)
		}
		if t.hasPrefix("pp.full.minor.technicalDetails") {
			return Weeks(5)
		}
		switch {
		case eia:
			return Weeks(16)
		case major || t.IsMajor():
			return Weeks(13)
		}
		return Weeks(8)
	case KindListedBuilding, KindLawfulDevelopment, KindConditions, KindAdvertisement:
		return Weeks(8)
	case KindPriorApproval:
		if t == TypeLargerHomeExtension {
			return Days(42)
		}
		return Days(56)
	case KindAmendment:
		if t.String() == "amendment.nonMaterial" {
			return Days(28)
		}
		return Weeks(8)
	case KindWorksToTrees:
		if t.String() == "wtt.notice" {
			return Weeks(6)
		}
		return Weeks(8)
	}
	return Period{}
}

// DeterminationDeadline returns the last day on which the authority may
// decide the application without the applicant being able to appeal
// against non-determination: the determination period beginning with the
// day immediately following the day a valid application was received
// (DMPO 2015 art. 34(2)(a) and (b)), or the extended period agreed in
// writing with the applicant (art. 34(2)(c)), c.AgreedExtension, which
// replaces it. The zero Date is returned when the type has no statutory
// period or c.Received is zero.
func DeterminationDeadline(c DeadlineCase) calendar.Date {
	if !c.AgreedExtension.IsZero() {
		return c.AgreedExtension
	}
	p := c.DeterminationPeriod()
	if p.IsZero() || c.Received.IsZero() {
		return calendar.Date{}
	}
	return p.EndBeginningWith(c.Received.AddDays(1))
}

// NoticeKind is a way of publicising an application, each with its own
// minimum period for representations. The zero NoticeKind is NoticeNone,
// "none": no notice, with no period.
type NoticeKind uint8

// Kinds of notice. Append only.
const (
	NoticeNone      NoticeKind = iota // no notice
	NoticeSite                        // site notice (DMPO 2015 art. 15): 21 days
	NoticeNeighbour                   // notice served on an adjoining owner or occupier (art. 15): 21 days
	NoticeNewspaper                   // notice in a local newspaper (art. 15): 14 days
	NoticeEIA                         // publicity for an EIA application with an environmental statement: 30 days
)

var noticeNames = [...]string{"none", "site", "neighbour", "newspaper", "eia"}

// String returns the kind's name, such as "site", or "none".
func (k NoticeKind) String() string { return enum.Name(noticeNames[:], k, "NoticeKind") }

// MarshalText returns the kind's name; an undefined kind is an error.
func (k NoticeKind) MarshalText() ([]byte, error) {
	return enum.Marshal(noticeNames[:], k, "planning", "NoticeKind")
}

// UnmarshalText parses a name returned by String.
func (k *NoticeKind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[NoticeKind](noticeNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "kind of notice", string(b))
	}
	*k = v
	return nil
}

// Days returns the length of the representation period, in days.
func (k NoticeKind) Days() int {
	switch k {
	case NoticeSite, NoticeNeighbour:
		return 21
	case NoticeNewspaper:
		return 14
	case NoticeEIA:
		return 30
	}
	return 0
}

// ConsultationEnd returns the last day for representations on a notice given
// on day first: the period of 21 days (14 for a newspaper notice, 30 for EIA
// publicity) beginning with the day the notice was first displayed, served
// or published (DMPO 2015 art. 33(1)), computed with every public holiday
// disregarded, so that the period grows by one day for each public holiday
// in it, including any holiday the growth itself brings in (Town and
// Country Planning (Local Authority Consultations etc.) (England) Order 2018,
// S.I. 2018/119, which inserted the rule; its art. 26 does the same for the
// neighbour consultation on prior approvals, GPDO 2015 Sch. 2 Part 1 para.
// A.4(16) and Part 3 para. W(14)). Weekends count. A public holiday is
// whatever h reports (see Holidays): Christmas Day and Good Friday on any
// day of the week and every bank holiday in England, so a site notice put
// up on 20 December 2021, when Christmas Day was a Saturday, runs to 13
// January 2022, not 12 January. The authority must not determine the
// application before the day after.
//
// The 2018 Order excludes EIA applications accompanied by an environmental
// statement from the rule in some of the orders it amends; ConsultationEnd
// disregards holidays for NoticeEIA too, which can only give a later date,
// never one on which a decision would be premature. The zero Date is
// returned for an unknown notice kind, a zero first day, or holidays that
// leave no end within a year.
func ConsultationEnd(h Holidays, first calendar.Date, kind NoticeKind) calendar.Date {
	n := kind.Days()
	if n == 0 || first.IsZero() {
		return calendar.Date{}
	}
	d := first
	counted := 0
	// A year holds at most a dozen public holidays; a Holidays that reports
	// far more (a calendar with a council's closures, say) is a mistake, not
	// a reason to loop for ever.
	for limit := first.AddDays(n + 366); d.Before(limit); d = d.AddDays(1) {
		if h == nil || !h.IsPublicHoliday(d) {
			counted++
			if counted == n {
				return d
			}
		}
	}
	return calendar.Date{}
}

// AppealWindow returns the period, beginning with the date of the decision
// notice, within which the applicant may appeal against a refusal:
//
//   - householder applications: 12 weeks (DMPO 2015 art. 37(2)(a));
//   - other planning permission, reserved matters, conditions, prior
//     approval: 6 months (art. 37(2)(d));
//   - listed building consent: 6 months (Planning (Listed Buildings and
//     Conservation Areas) Regulations 1990 reg. 8(2)); a householder
//     application with listed building consent keeps 12 weeks for the
//     planning appeal;
//   - advertisement consent: 8 weeks (Control of Advertisements Regulations
//     2007 Sch. 4 para. 2(2));
//   - tree preservation order consent: 28 days (Town and Country Planning
//     (Tree Preservation) (England) Regulations 2012 reg. 20).
//
// Lawful development certificate appeals have no time limit (zero Period).
// The window for an appeal against conditions or non-determination, and
// for a minor commercial application or where an enforcement notice has
// been served, can differ: use AppealTimeLimit, which takes the ground of
// appeal.
func (t ApplicationType) AppealWindow() Period {
	switch {
	case t.IsHouseholder():
		return Weeks(12)
	case t.Kind() == KindAdvertisement, t.String() == "pp.full.advertConsent":
		return Weeks(8)
	case t.String() == "wtt.consent":
		return Days(28)
	}
	switch t.Kind() {
	case KindPlanningPermission, KindOutline, KindPermissionInPrinciple, KindReservedMatters,
		KindConditions, KindPriorApproval, KindListedBuilding:
		return Months(6)
	}
	return Period{}
}

// AppealDeadline returns the last day on which an appeal may be lodged
// against the refusal notified on decided, and false when the type has no
// time limit for appeals or decided is zero.
//
// Deprecated: AppealDeadline assumes the appeal is against a refusal, and
// knows nothing of minor commercial applications or enforcement notices.
// Use AppealTimeLimit, which takes the ground of appeal: an appeal against
// the conditions on a householder permission has 6 months, not 12 weeks.
func AppealDeadline(t ApplicationType, decided calendar.Date) (calendar.Date, bool) {
	l, err := AppealTimeLimit(AppealCase{Type: t, Ground: AppealRefusal, Decided: decided})
	if err != nil || !l.HasLimit() {
		return calendar.Date{}, false
	}
	return l.Last, true
}

// PriorApprovalDeadline returns the last day of the period in which the
// authority must notify its determination of a prior approval application
// received on received: 56 days following the date of receipt (GPDO 2015
// Sch. 2 Part 3 para. W(11)(c)), 42 days for a larger home extension (Part
// 1 para. A.4(10)(c)). Weekends and public holidays count. If no
// determination is notified by the end of that day, the development may go
// ahead from the next day. The second result is false for other types.
func PriorApprovalDeadline(t ApplicationType, received calendar.Date) (calendar.Date, bool) {
	if t.Kind() != KindPriorApproval || received.IsZero() {
		return calendar.Date{}, false
	}
	return received.AddDays(int(DeadlineCase{Type: t}.DeterminationPeriod().n)), true
}

// GuaranteePeriod returns the period after which the fee for an application
// of type c.Type must be refunded if it is still undetermined (the planning
// guarantee, Fees Regulations 2012 reg. 9A(1A) as substituted by S.I.
// 2023/1197 reg. 6): 16 weeks beginning with the day after receipt for an
// application within DMPO art. 34(2)(b) (not major, not EIA), otherwise 26
// weeks beginning with the date of receipt. The guarantee covers
// applications for planning permission, permission in principle and
// approval of reserved matters; the second result is false for other types.
func (c DeadlineCase) GuaranteePeriod() (Period, bool) {
	t, major, eia := c.Type, c.Major, c.EIA
	switch t.Kind() {
	case KindPlanningPermission, KindOutline, KindPermissionInPrinciple, KindReservedMatters:
	default:
		return Period{}, false
	}
	if major || eia || t.IsMajor() {
		return Weeks(26), true
	}
	return Weeks(16), true
}

// FeeRefundDate returns the last day of the planning guarantee period: if
// the application is not determined by the end of it, the fee is refunded,
// unless the applicant agreed an extended period in writing, appealed
// against non-determination, or the Secretary of State called the
// application in before it ended (reg. 9A(2)). Note the two periods are
// counted differently: 16 weeks from the day after receipt, 26 weeks from
// the day of receipt. The second result is false when the guarantee does not
// apply to the type or c.Received is zero. c.AgreedExtension is not used:
// whether an extension removes the refund is for the caller to decide.
func FeeRefundDate(c DeadlineCase) (calendar.Date, bool) {
	p, ok := c.GuaranteePeriod()
	if !ok || c.Received.IsZero() {
		return calendar.Date{}, false
	}
	if p == Weeks(16) {
		return p.EndBeginningWith(c.Received.AddDays(1)), true
	}
	return p.EndBeginningWith(c.Received), true
}

// NonDeterminationAppealDeadline returns the last day for an appeal
// against the authority's failure to decide in time: 6 months beginning
// with the day after the determination deadline (DMPO 2015 art. 37(2)(d)),
// householder applications included (the 12 weeks of art. 37(2)(a) are
// for refusals only), 8 weeks for advertisement consent. The second result
// is false when there is no time limit: lawful development certificates,
// tree preservation order consent, types with no appeal. It is
// AppealTimeLimit with the ground AppealNonDetermination and no
// enforcement notice.
func NonDeterminationAppealDeadline(t ApplicationType, deadline calendar.Date) (calendar.Date, bool) {
	l, err := AppealTimeLimit(AppealCase{Type: t, Ground: AppealNonDetermination, DeterminationDeadline: deadline})
	if err != nil || !l.HasLimit() {
		return calendar.Date{}, false
	}
	return l.Last, true
}
