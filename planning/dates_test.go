package planning

import (
	"testing"

	"github.com/lgds/councilkit/calendar"
)

// holidayList lists the public holidays in England for 2024-2026: the bank
// holidays published at https://www.gov.uk/bank-holidays, Christmas Day and
// Good Friday (the definition of "public holiday" inserted by S.I.
// 2018/119), and Saturday 26 December 2026, a bank holiday under Schedule 1
// para. 1 to the Banking and Financial Dealings Act 1971 ("26th December,
// if it be not a Sunday") that GOV.UK leaves out because Monday 28th is
// proclaimed as well. The tests use it instead of calendar.Calendar so that they pin
// the dates they cite.
type holidayList map[calendar.Date]bool

func (h holidayList) IsPublicHoliday(d calendar.Date) bool { return h[d] }

var england = func() holidayList {
	h := holidayList{}
	for _, s := range []string{
		"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
		"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
		"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-26", "2026-12-28",
	} {
		h[calendar.MustParseDate(s)] = true
	}
	return h
}()

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

func TestDeterminationDeadline(t *testing.T) {
	// DMPO 2015 art. 34(2): 8 weeks (13 for major development) "beginning
	// with the day immediately following that on which the application is
	// received"; art. 34(2)(c): an extended period agreed in writing;
	// https://www.legislation.gov.uk/uksi/2015/595/article/34
	received := d("2025-06-02")
	cases := []struct {
		name       string
		t          ApplicationType
		major, eia bool
		ext        calendar.Date
		want       string
	}{
		{"householder, 8 weeks", TypeHouseholder, false, false, calendar.Date{}, "2025-07-28"},
		{"minor made major by its size", TypeFullMinor, true, false, calendar.Date{}, "2025-09-01"},
		{"major type, 13 weeks", TypeFullMajor, false, false, calendar.Date{}, "2025-09-01"},
		{"EIA, 16 weeks", TypeFullMajor, true, true, calendar.Date{}, "2025-09-22"},
		{"agreed extension replaces it", TypeFullMajor, false, false, d("2025-10-31"), "2025-10-31"},
		{"listed building consent, 8 weeks", TypeListed, false, false, calendar.Date{}, "2025-07-28"},
		{"permission in principle, 5 weeks", MustParseApplicationType("pp.pip"), false, false, calendar.Date{}, "2025-07-07"},
		{"non-material amendment, 28 days", TypeNonMaterialAmendment, false, false, calendar.Date{}, "2025-06-30"},
		{"technical details consent, 5 weeks", MustParseApplicationType("pp.full.minor.technicalDetails"), false, false, calendar.Date{}, "2025-07-07"},
		{"major technical details consent, 10 weeks", MustParseApplicationType("pp.full.major.technicalDetails"), false, false, calendar.Date{}, "2025-08-11"},
		{"conservation area tree notice, 6 weeks", MustParseApplicationType("wtt.notice"), false, false, calendar.Date{}, "2025-07-14"},
	}
	for _, c := range cases {
		got := DeterminationDeadline(DeadlineCase{Type: c.t, Received: received, Major: c.major, EIA: c.eia, AgreedExtension: c.ext})
		if got != d(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if got := DeterminationDeadline(DeadlineCase{Type: MustParseApplicationType("obligation"), Received: received}); !got.IsZero() {
		t.Errorf("planning obligation has a period: %s", got)
	}
	if got := DeterminationDeadline(DeadlineCase{Type: TypeHouseholder}); !got.IsZero() {
		t.Errorf("zero received date gave %s", got)
	}
}

func TestConsultationEnd(t *testing.T) {
	// DMPO 2015 art. 33(1): representations within 21 days beginning with the
	// day the site notice was first displayed or the notice served, 14 days
	// beginning with the day of newspaper publication; S.I. 2018/119 (Local
	// Authority Consultations etc. Order 2018): "any day which is a public
	// holiday must be disregarded", extending the period by one day for each
	// public holiday in it.
	cases := []struct {
		name  string
		first string
		kind  NoticeKind
		want  string
	}{
		{"no holiday in the period", "2025-06-02", NoticeSite, "2025-06-22"},
		{"Easter and May Day add three days", "2025-04-17", NoticeSite, "2025-05-10"},
		{"the extension brings in Boxing Day", "2025-12-05", NoticeNeighbour, "2025-12-27"},
		{"the last day is New Year's Day", "2025-12-12", NoticeSite, "2026-01-04"},
		{"a notice first displayed on a holiday", "2025-12-25", NoticeSite, "2026-01-17"},
		{"newspaper, 14 days over Christmas", "2025-12-18", NoticeNewspaper, "2026-01-03"},
		{"EIA, 30 days", "2025-06-02", NoticeEIA, "2025-07-01"},
	}
	for _, c := range cases {
		if got := ConsultationEnd(england, d(c.first), c.kind); got != d(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if got := ConsultationEnd(nil, d("2025-03-01"), NoticeSite); got != d("2025-03-21") {
		t.Errorf("without holidays: %s", got)
	}
	if got := ConsultationEnd(england, d("2025-03-01"), 0); !got.IsZero() {
		t.Errorf("unknown notice kind: %s", got)
	}
}

func TestAppealDeadline(t *testing.T) {
	// DMPO 2015 art. 37(2): 12 weeks beginning with the date of the notice
	// for householder appeals, otherwise 6 months; Planning (Listed
	// Buildings and Conservation Areas) Regulations 1990 reg. 8: 6 months;
	// Control of Advertisements Regulations 2007: 8 weeks.
	cases := []struct {
		name    string
		t       ApplicationType
		decided string
		want    string
	}{
		{"householder, 12 weeks", TypeHouseholder, "2025-01-10", "2025-04-03"},
		{"planning permission, 6 months", TypeFullMinor, "2025-01-10", "2025-07-09"},
		{"6 months from 1 March run to 31 August", TypeFullMajor, "2025-03-01", "2025-08-31"},
		{"6 months from 31 August end with February", TypeFullMajor, "2025-08-31", "2026-02-28"},
		{"6 months from 28 August", TypeFullMajor, "2025-08-28", "2026-02-27"},
		{"listed building consent, 6 months", TypeListed, "2025-01-10", "2025-07-09"},
		{"householder with listed building consent, 12 weeks", MustParseApplicationType("pp.full.householder.listed"), "2025-01-10", "2025-04-03"},
		{"advertisement, 8 weeks", TypeAdvertConsent, "2025-01-10", "2025-03-06"},
		{"prior approval, 6 months", TypeLargerHomeExtension, "2025-01-10", "2025-07-09"},
		{"tree preservation order, 28 days", MustParseApplicationType("wtt.consent"), "2025-01-10", "2025-02-06"},
	}
	for _, c := range cases {
		got, ok := AppealDeadline(c.t, d(c.decided))
		if !ok || got != d(c.want) {
			t.Errorf("%s: %s %v, want %s", c.name, got, ok, c.want)
		}
	}
	if _, ok := AppealDeadline(TypeLDCProposed, d("2025-01-10")); ok {
		t.Error("a lawful development certificate appeal has no time limit")
	}
}

func TestPriorApprovalDeadline(t *testing.T) {
	// GPDO 2015 Sch. 2 Part 3 para. W(11)(c): "the expiry of 56 days
	// following the date on which the application was received"; Part 1
	// para. A.4(10)(c): 42 days for the larger home extension. Holidays are
	// not disregarded.
	cases := []struct {
		t    ApplicationType
		want string
	}{
		{TypeCommercialToResidence, "2026-01-26"},
		{TypeLargerHomeExtension, "2026-01-12"},
	}
	for _, c := range cases {
		got, ok := PriorApprovalDeadline(c.t, d("2025-12-01"))
		if !ok || got != d(c.want) {
			t.Errorf("%s: %s %v, want %s", c.t, got, ok, c.want)
		}
	}
	if _, ok := PriorApprovalDeadline(TypeHouseholder, d("2025-12-01")); ok {
		t.Error("householder application has a prior approval deadline")
	}
}

func TestFeeRefundDate(t *testing.T) {
	// Fees Regulations 2012 reg. 9A(1A), substituted by S.I. 2023/1197 reg.
	// 6: (a) 16 weeks beginning with the day immediately following receipt
	// for applications within DMPO art. 34(2)(b); (b) otherwise 26 weeks
	// beginning with the date of receipt;
	// https://www.legislation.gov.uk/uksi/2012/2920/regulation/9A
	received := d("2025-06-02")
	cases := []struct {
		name  string
		t     ApplicationType
		major bool
		want  string
	}{
		{"householder, 16 weeks from the next day", TypeHouseholder, false, "2025-09-22"},
		{"major, 26 weeks from the day itself", TypeFullMajor, false, "2025-11-30"},
		{"minor made major by its size", TypeFullMinor, true, "2025-11-30"},
		{"reserved matters", TypeReservedMatters, false, "2025-09-22"},
	}
	for _, c := range cases {
		got, ok := FeeRefundDate(DeadlineCase{Type: c.t, Received: received, Major: c.major})
		if !ok || got != d(c.want) {
			t.Errorf("%s: %s %v, want %s", c.name, got, ok, c.want)
		}
	}
	if _, ok := FeeRefundDate(DeadlineCase{Type: TypeListed, Received: received}); ok {
		t.Error("the planning guarantee does not cover listed building consent")
	}
}

func TestPeriodText(t *testing.T) {
	if got := Weeks(8).Text(); got.English != "8 weeks" || got.Welsh != "8 wythnos" {
		t.Errorf("Weeks(8) = %+v", got)
	}
	if got := Days(1).String(); got != "1 day" {
		t.Errorf("Days(1) = %q", got)
	}
	if got := (Period{}).String(); got != "no period" {
		t.Errorf("zero = %q", got)
	}
}

func TestEnglandHolidaysMatchGovUK(t *testing.T) {
	// The calendar package's England and Wales holidays agree with the list
	// above for every day of 2024-2026.
	h := EnglandHolidays()
	for day := d("2024-01-01"); day.Before(d("2027-01-01")); day = day.AddDays(1) {
		if h.IsPublicHoliday(day) != england.IsPublicHoliday(day) {
			t.Errorf("%s: calendar %v, gov.uk %v", day, h.IsPublicHoliday(day), england.IsPublicHoliday(day))
		}
	}
	if got := ConsultationEnd(h, d("2025-12-05"), NoticeSite); got != d("2025-12-27") {
		t.Errorf("with the calendar package: %s", got)
	}
}

func TestNonDeterminationAppealDeadline(t *testing.T) {
	// DMPO 2015 art. 37(2)(d)(ii): 6 months from the expiry of the period
	// for deciding, beginning with the day after it. The 12 weeks of art.
	// 37(2)(a) are for householder appeals, which are appeals against a
	// refusal: a householder application not decided in time has 6 months
	// (Planning Portal, "Appeal time limits": "if the LPA have failed to
	// determine your householder planning application ... please follow
	// the time limits under 'Planning application'").
	if got, ok := NonDeterminationAppealDeadline(TypeFullMinor, d("2025-07-28")); !ok || got != d("2026-01-28") {
		t.Errorf("minor: %s %v", got, ok)
	}
	if got, ok := NonDeterminationAppealDeadline(TypeHouseholder, d("2025-07-28")); !ok || got != d("2026-01-28") {
		t.Errorf("householder: %s %v, want 6 months", got, ok)
	}
	if _, ok := NonDeterminationAppealDeadline(TypeLDCProposed, d("2025-07-28")); ok {
		t.Error("LDC has no window")
	}
	// GOV.UK, "Appeal a decision about a tree preservation order": "There's
	// no deadline if you're appealing because your application wasn't
	// decided within 8 weeks."
	if got, ok := NonDeterminationAppealDeadline(MustParseApplicationType("wtt.consent"), d("2025-07-28")); ok {
		t.Errorf("tree preservation order consent, not decided: %s, want no time limit", got)
	}
}

type everyDay struct{}

func (everyDay) IsPublicHoliday(calendar.Date) bool { return true }

func TestConsultationEndTerminates(t *testing.T) {
	if got := ConsultationEnd(everyDay{}, d("2025-06-02"), NoticeSite); !got.IsZero() {
		t.Errorf("every day a holiday gave %s", got)
	}
}

// Application.DeadlineCase carries the application's own facts, so its
// deadlines agree with the package functions given the same case; a minor
// type made major by its size gets the major periods (DMPO 2015 art.
// 34(2)(a); Fees Regulations 2012 reg. 9A(1A)(b)).
func TestApplicationDeadlineCase(t *testing.T) {
	a := &Application{Type: TypeFullMinor, Received: d("2025-06-02"), Proposal: Proposal{Dwellings: 10}}
	c := a.DeadlineCase()
	if c.Type != TypeFullMinor || c.Received != a.Received || !c.Major || c.EIA {
		t.Fatalf("DeadlineCase = %+v", c)
	}
	if got := a.DeterminationDeadline(); got != d("2025-09-01") {
		t.Errorf("DeterminationDeadline = %s, want 2025-09-01 (13 weeks)", got)
	}
	if got, ok := a.FeeRefundDate(); !ok || got != d("2025-11-30") {
		t.Errorf("FeeRefundDate = %s %v, want 2025-11-30 (26 weeks)", got, ok)
	}
}
