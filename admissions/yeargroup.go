package admissions

import (
	"fmt"
	"strconv"
	"time"

	"github.com/lgds/councilkit/calendar"
)

// SchoolYear is an academic year in England, named by the calendar year in
// which it starts: SchoolYear(2026) runs from 1 September 2026 to 31 August
// 2027 and prints as "2026/27". The zero value means no year.
type SchoolYear int

// Start returns 1 September of the year.
func (y SchoolYear) Start() calendar.Date { return calendar.MustDate(int(y), time.September, 1) }

// End returns 31 August of the following calendar year.
func (y SchoolYear) End() calendar.Date { return calendar.MustDate(int(y)+1, time.August, 31) }

// String returns the year as "2026/27".
func (y SchoolYear) String() string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100)
}

// SchoolYearOf returns the school year that contains d.
func SchoolYearOf(d calendar.Date) SchoolYear {
	if d.Month() >= time.September {
		return SchoolYear(d.Year())
	}
	return SchoolYear(d.Year() - 1)
}

// YearGroup is a national curriculum year group. Reception is the year in
// which a child turns five; Year 1 follows it, up to Year 13. The values are
// stable: Reception is 0 and YearN is N.
type YearGroup int8

// Year groups.
const (
	Reception YearGroup = 0
	Year1     YearGroup = 1
	Year2     YearGroup = 2
	Year3     YearGroup = 3
	Year4     YearGroup = 4
	Year5     YearGroup = 5
	Year6     YearGroup = 6
	Year7     YearGroup = 7
	Year8     YearGroup = 8
	Year9     YearGroup = 9
	Year10    YearGroup = 10
	Year11    YearGroup = 11
	Year12    YearGroup = 12
	Year13    YearGroup = 13
)

// Valid reports whether g is Reception or Year 1 to Year 13.
func (g YearGroup) Valid() bool { return g >= Reception && g <= Year13 }

// String returns "Reception" or "Year 7".
func (g YearGroup) String() string {
	switch {
	case g == Reception:
		return "Reception"
	case g.Valid():
		return "Year " + strconv.Itoa(int(g))
	}
	return "YearGroup(" + strconv.Itoa(int(g)) + ")"
}

// MarshalText encodes the year group as "R" or "7".
func (g YearGroup) MarshalText() ([]byte, error) {
	if !g.Valid() {
		return nil, fmt.Errorf("admissions: invalid year group %d", int(g))
	}
	if g == Reception {
		return []byte("R"), nil
	}
	return []byte(strconv.Itoa(int(g))), nil
}

// UnmarshalText accepts "R" (or "Reception") and "1" to "13" (or "Year 7").
func (g *YearGroup) UnmarshalText(b []byte) error {
	v, err := ParseYearGroup(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// ParseYearGroup parses "R", "Reception", "7", "Y7" or "Year 7".
func ParseYearGroup(s string) (YearGroup, error) {
	switch s {
	case "R", "r", "Reception", "reception", "YR":
		return Reception, nil
	}
	t := s
	switch {
	case len(t) > 5 && (t[:5] == "Year " || t[:5] == "year "):
		t = t[5:]
	case len(t) > 1 && (t[0] == 'Y' || t[0] == 'y'):
		t = t[1:]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > 13 || len(t) > 2 {
		return 0, fmt.Errorf("%w: not a year group (want R or 1 to 13)", ErrInvalidYearGroup)
	}
	return YearGroup(n), nil
}

// Cohort returns the dates of birth of the children whose normal year group
// in school year y is g: those born from 1 September to 31 August of one
// school year. Reception in 2026/27 is the cohort born 1 September 2021 to
// 31 August 2022: the children who turn five during 2026/27.
func Cohort(g YearGroup, y SchoolYear) (first, last calendar.Date) {
	born := SchoolYear(int(y) - 5 - int(g))
	return born.Start(), born.End()
}

// NormalYearGroup returns the year group a child born on dob belongs to in
// school year y, by age alone. ok is false for a child too young for
// Reception or too old for Year 13.
func NormalYearGroup(dob calendar.Date, y SchoolYear) (g YearGroup, ok bool) {
	born := SchoolYearOf(dob)
	n := int(y) - int(born) - 5
	if n < 0 || n > 13 || dob.IsZero() {
		return 0, false
	}
	return YearGroup(n), true
}

// YearGroupOf returns the year group a child born on dob is in during
// school year y, allowing for a summer-born child admitted to Reception a
// year after their cohort (deferred is true): such a child is taught with
// the younger cohort, one year group below their normal one, from then on
// (School Admissions Code 2021, paragraphs 2.18 to 2.20). ok is false for
// a child too young for Reception or too old for Year 13, and for a
// deferral claimed for a child who is not summer born.
func YearGroupOf(dob calendar.Date, y SchoolYear, deferred bool) (g YearGroup, ok bool) {
	if !deferred {
		return NormalYearGroup(dob, y)
	}
	if !IsSummerBorn(dob) {
		return 0, false
	}
	return NormalYearGroup(dob, y-1)
}

// IsSummerBorn reports whether dob falls between 1 April and 31 August, the
// children DfE guidance calls summer born: they reach compulsory school age
// in the September after their fifth birthday, a whole year after their
// cohort starts Reception, and their parents may ask for them to start
// Reception a year later (School Admissions Code 2021, paragraphs 2.18 to
// 2.20).
func IsSummerBorn(dob calendar.Date) bool {
	m := dob.Month()
	return !dob.IsZero() && m >= time.April && m <= time.August
}

// CompulsorySchoolAge returns the date a child born on dob reaches
// compulsory school age in England: the first of 31 December, 31 March or
// 31 August on or after their fifth birthday (Education Act 1996, section 8,
// and the Education (Start of Compulsory School Age) Order 1998).
func CompulsorySchoolAge(dob calendar.Date) calendar.Date {
	five := dob.AddYears(5)
	y := five.Year()
	for _, d := range []calendar.Date{
		calendar.MustDate(y, time.March, 31),
		calendar.MustDate(y, time.August, 31),
		calendar.MustDate(y, time.December, 31),
	} {
		if !d.Before(five) {
			return d
		}
	}
	return calendar.MustDate(y+1, time.March, 31)
}
