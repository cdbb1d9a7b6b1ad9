package admissions

import (
	"fmt"
	"slices"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Term is one stretch of school days, first and last day included, such as
// the first half of the autumn term.
type Term struct {
	Start calendar.Date `json:"start"`
	End   calendar.Date `json:"end"`
}

// Holidays reports days a school is closed although in term, such as bank
// holidays. *calendar.Calendar satisfies it.
type Holidays interface {
	IsHoliday(d calendar.Date) bool
}

// TermDates is an authority's term-dates calendar: the school days on
// which the Codes' deadlines are counted. A school day is a weekday inside
// a term that is neither a holiday nor a closure day. TermDates is
// immutable and safe for concurrent use.
type TermDates struct {
	days []calendar.Date // sorted school days
}

// NewTermDates builds a term-dates calendar. holidays may be nil; closures
// are further days the schools are shut (training days, polling days).
// Terms must not overlap and must end on or after they start; every
// problem is reported at once.
func NewTermDates(terms []Term, holidays Holidays, closures ...calendar.Date) (*TermDates, error) {
	var ps councilkit.Problems
	sorted := slices.Clone(terms)
	for i, t := range terms {
		f := councilkit.IndexField("terms", i)
		switch {
		case t.Start.IsZero():
			ps.Add(councilkit.JoinField(f, "start"), councilkit.CodeRequired, councilkit.RequiredText())
		case t.End.IsZero():
			ps.Add(councilkit.JoinField(f, "end"), councilkit.CodeRequired, councilkit.RequiredText())
		case t.End.Before(t.Start):
			ps.Add(councilkit.JoinField(f, "end"), councilkit.CodeTooSmall, text("term.end_before_start"))
		case t.End.Sub(t.Start) > 366:
			ps.Add(councilkit.JoinField(f, "end"), councilkit.CodeTooLarge, text("term.too_long", "max", "366"))
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(sorted, func(a, b Term) int { return a.Start.Compare(b.Start) })
	for i := 1; i < len(sorted); i++ {
		if !sorted[i].Start.After(sorted[i-1].End) {
			ps.Add("terms", CodeOverlap, text("terms.overlap"))
			return nil, ps.Err()
		}
	}
	closed := make(map[calendar.Date]bool, len(closures))
	for _, d := range closures {
		closed[d] = true
	}
	td := &TermDates{}
	for _, t := range sorted {
		for d := t.Start; !d.After(t.End); d = d.AddDays(1) {
			if d.IsWeekend() || closed[d] || (holidays != nil && holidays.IsHoliday(d)) {
				continue
			}
			td.days = append(td.days, d)
		}
	}
	return td, nil
}

// CodeOverlap is the problem code for overlapping terms.
const CodeOverlap councilkit.Code = "overlap"

// IsSchoolDay reports whether d is a school day.
func (t *TermDates) IsSchoolDay(d calendar.Date) bool {
	_, ok := slices.BinarySearchFunc(t.days, d, calendar.Date.Compare)
	return ok
}

// AddSchoolDays returns the n'th school day after d, d itself not counted
// (n >= 1). It fails with ErrOutsideTerms if the terms supplied end first.
func (t *TermDates) AddSchoolDays(d calendar.Date, n int) (calendar.Date, error) {
	if n < 1 {
		return calendar.Date{}, fmt.Errorf("admissions: AddSchoolDays needs n >= 1, got %d", n)
	}
	if j := t.after(d) + n - 1; j < len(t.days) {
		return t.days[j], nil
	}
	return calendar.Date{}, fmt.Errorf("%w: %d school days after %s", ErrOutsideTerms, n, d)
}

// SchoolDaysBetween counts the school days after from, up to and including
// to.
func (t *TermDates) SchoolDaysBetween(from, to calendar.Date) int {
	if !to.After(from) {
		return 0
	}
	return t.after(to) - t.after(from)
}

// after returns the index in t.days of the first school day after d.
func (t *TermDates) after(d calendar.Date) int {
	i, found := slices.BinarySearchFunc(t.days, d, calendar.Date.Compare)
	if found {
		i++
	}
	return i
}

// AppealDays is the least time parents must be given to lodge an appeal:
// at least 20 school days from the date they are notified that their
// application was unsuccessful (School Admission Appeals Code 2022,
// section 2, "Timetable"). The issue that asked for this package put it in
// the School Admissions Code and counted it from offer day; the Appeals
// Code counts from notification, which for a late application can be after
// offer day.
const AppealDays = 20

// AppealDeadline returns the earliest lawful deadline for lodging an appeal
// against a refusal notified on notified: the 20th school day after it.
// An authority may set a later one.
func AppealDeadline(notified calendar.Date, t *TermDates) (calendar.Date, error) {
	return t.AddSchoolDays(notified, AppealDays)
}

// InYearDays is the time within which parents must be told the outcome of
// an in-year application: 15 school days from receipt, with an aim of 10
// (School Admissions Code 2021, paragraph 2.28).
const (
	InYearDays       = 15
	InYearTargetDays = 10
)

// InYearOutcomeDue returns the last day by which the outcome of an in-year
// application received on received must be notified in writing.
func InYearOutcomeDue(received calendar.Date, t *TermDates) (calendar.Date, error) {
	return t.AddSchoolDays(received, InYearDays)
}

// WorkingDays reports working days. *calendar.Calendar satisfies it.
type WorkingDays interface {
	IsWorkingDay(d calendar.Date) bool
}

// NationalOfferDay returns national offer day in England for entry in
// school year entry: 1 March of the calendar year entry starts in for
// secondary schools, 16 April for every other phase, or the next working
// day if that
// is not one (the School Admissions (Admission Arrangements and
// Co-ordination of Admission Arrangements) (England) Regulations 2012,
// SI 2012/8, regulation 30). w may be nil, in which case only weekends are skipped; pass
// a calendar that knows bank holidays, since 16 April can fall at Easter.
// Pass Secondary for the Year 7 intake of an all-through school and for a
// middle school deemed secondary.
func NationalOfferDay(p Phase, entry SchoolYear, w WorkingDays) calendar.Date {
	d := calendar.MustDate(int(entry), time.April, 16)
	if p == Secondary {
		d = calendar.MustDate(int(entry), time.March, 1)
	}
	for d.IsWeekend() || (w != nil && !w.IsWorkingDay(d)) {
		d = d.AddDays(1)
	}
	return d
}

// WaitingListsUntil returns the earliest day an admission authority may
// close its waiting lists for entry in school year y: they must be kept
// until at least 31 December of the school year of admission (School
// Admissions Code 2021, paragraph 2.15). The issue that asked for this
// package said "the first term", the wording of the 2014 Code.
func WaitingListsUntil(y SchoolYear) calendar.Date {
	return calendar.MustDate(int(y), time.December, 31)
}

// AcceptanceDeadline returns the last day a parent may accept an offer made
// on national offer day: the coordinated scheme must require acceptance
// within two weeks after the offer date (SI 2012/8, Schedule 2, paragraph
// 1(f)).
func AcceptanceDeadline(offerDate calendar.Date) calendar.Date { return offerDate.AddDays(14) }
