package calendar

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Europe/London must load even where the system has no zoneinfo.

	"github.com/lgds/councilkit"
	"golang.org/x/text/language"
)

// ErrInvalidDate is wrapped by every error about a malformed or impossible
// date.
var ErrInvalidDate = errors.New("calendar: invalid date")

// london is the zone in which UK civil dates begin and end. It is loaded once
// and never changed.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("calendar: Europe/London not in embedded tzdata: " + err.Error())
	}
	return loc
}()

// London returns the Europe/London time zone.
func London() *time.Location { return london }

// Date is a civil date: a year, month and day with no time of day and no time
// zone, as on a birth certificate or a bill. Dates run from 0001-01-01 to
// 9999-12-31 in the proleptic Gregorian calendar.
//
// The zero Date means "no date": IsZero reports it, it formats as "" (JSON
// null) and it sorts before every real date. Dates are comparable with ==.
type Date struct {
	// n counts days from 0000-03-01, which is day 0; every valid date has
	// n > 0, so the zero value is not a valid date.
	n int32
}

const (
	minDay = 306     // 0001-01-01
	maxDay = 3652364 // 9999-12-31
)

// daysFromCivil returns the day number of y-m-d (Howard Hinnant's algorithm,
// counted from 0000-03-01). y must be at least 1.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe)
}

// civil returns the year, month and day of day number n.
func civil(n int32) (y, m, d int) {
	z := int(n)
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
		y++
	}
	return y, m, d
}

// IsLeapYear reports whether year has a 29 February.
func IsLeapYear(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// DaysIn returns the number of days in a month of a year.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if IsLeapYear(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// NewDate returns the date year-month-day, or an error wrapping
// ErrInvalidDate if there is no such day (30 February, month 13, year 0).
// Unlike time.Date it does not roll an impossible date over into the next
// month.
func NewDate(year int, month time.Month, day int) (Date, error) {
	if year < 1 || year > 9999 {
		return Date{}, fmt.Errorf("%w: year %d is outside 1 to 9999", ErrInvalidDate, year)
	}
	if month < time.January || month > time.December {
		return Date{}, fmt.Errorf("%w: month %d is outside 1 to 12", ErrInvalidDate, int(month))
	}
	if day < 1 || day > DaysIn(year, month) {
		return Date{}, fmt.Errorf("%w: %s %d has no day %d", ErrInvalidDate, month, year, day)
	}
	return Date{daysFromCivil(year, int(month), day)}, nil
}

// MustDate is like NewDate but panics if the date does not exist. Use it for
// constants in programs and tests.
func MustDate(year int, month time.Month, day int) Date {
	d, err := NewDate(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the date that t falls on in the UK (Europe/London). An
// instant just after midnight BST is already the next day, though in UTC it
// is still the day before.
func DateOf(t time.Time) Date { return DateIn(t, london) }

// DateIn returns the date that t falls on in loc.
func DateIn(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	if y < 1 || y > 9999 {
		return Date{}
	}
	return Date{daysFromCivil(y, int(m), d)}
}

// Today returns the UK date now, by clock.
func Today(clock councilkit.Clock) Date { return DateOf(clock.Now()) }

// Year returns the year, or 0 for the zero Date.
func (d Date) Year() int {
	y, _, _ := d.Civil()
	return y
}

// Month returns the month, or 0 for the zero Date.
func (d Date) Month() time.Month {
	_, m, _ := d.Civil()
	return m
}

// Day returns the day of the month, or 0 for the zero Date.
func (d Date) Day() int {
	_, _, dd := d.Civil()
	return dd
}

// Civil returns the year, month and day; all zero for the zero Date.
func (d Date) Civil() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civil(d.n)
	return y, time.Month(m), dd
}

// Weekday returns the day of the week. 0000-03-01 was a Wednesday.
func (d Date) Weekday() time.Weekday { return time.Weekday((d.n + 3) % 7) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// IsWeekend reports whether d is a Saturday or Sunday.
func (d Date) IsWeekend() bool {
	w := (d.n + 3) % 7
	return w == 0 || w == 6
}

// AddDays returns the date n days after d (before, for negative n). Adding to
// the zero Date gives the zero Date.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	v := int64(d.n) + int64(n)
	if v < minDay || v > maxDay {
		return Date{}
	}
	return Date{int32(v)}
}

// AddWeeks returns the date n weeks after d.
func (d Date) AddWeeks(n int) Date { return d.AddDays(7 * n) }

// AddMonths returns the date n calendar months after d, clamped to the end of
// the month where the day does not exist there: 31 January plus one month is
// 28 (or 29) February, and 31 August plus one month is 30 September. This is
// how statutory periods "of one month" are read in English law (the
// corresponding date rule, with the last day when there is none).
func (d Date) AddMonths(n int) Date {
	if d.n == 0 {
		return d
	}
	y, m, dd := civil(d.n)
	total := y*12 + (m - 1) + n
	ny, nm := total/12, total%12+1
	// mutation: equivalent — total < 0 vs <= 0: a total of 0 is year 0, which ny < 1 refuses.
	if total < 0 || ny < 1 || ny > 9999 {
		return Date{}
	}
	// mutation: equivalent — dd > max vs >= max: at max, dd = max changes nothing.
	if max := DaysIn(ny, time.Month(nm)); dd > max {
		dd = max
	}
	return Date{daysFromCivil(ny, nm, dd)}
}

// AddYears returns the date n years after d; 29 February becomes 28 February
// in a year that has none.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// Sub returns the number of days from u to d: positive when d is later.
func (d Date) Sub(u Date) int { return int(d.n - u.n) }

// Before reports whether d is earlier than u.
func (d Date) Before(u Date) bool { return d.n < u.n }

// After reports whether d is later than u.
func (d Date) After(u Date) bool { return d.n > u.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after u, for use
// with slices.SortFunc.
func (d Date) Compare(u Date) int {
	switch {
	case d.n < u.n:
		return -1
	case d.n > u.n:
		return 1
	}
	return 0
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// String returns the ISO 8601 form "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	var buf [10]byte
	return string(d.appendISO(buf[:0]))
}

func (d Date) appendISO(b []byte) []byte {
	y, m, dd := civil(d.n)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}

var (
	englishMonths = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	welshMonths   = [...]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}
)

// Long formats d for a resident in the GOV.UK style, "1 April 2026" in
// English or "1 Ebrill 2026" in Welsh (any tag whose base language is cy).
func (d Date) Long(tag language.Tag) string {
	if d.n == 0 {
		return ""
	}
	y, m, dd := civil(d.n)
	months := englishMonths
	if base, _ := tag.Base(); base.String() == "cy" {
		months = welshMonths
	}
	return strconv.Itoa(dd) + " " + months[m-1] + " " + strconv.Itoa(y)
}

// ParseDate parses an ISO 8601 calendar date, "2006-01-02", exactly: four
// digit year, two digit month and day, hyphens, nothing else.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w: %q is not in the form YYYY-MM-DD", ErrInvalidDate, s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%w: %q is not in the form YYYY-MM-DD", ErrInvalidDate, s)
	}
	return NewDate(y, time.Month(m), d)
}

// MustParseDate is like ParseDate but panics on error; for tests and
// constants.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// MarshalText implements encoding.TextMarshaler: ISO 8601, empty for the zero
// Date.
func (d Date) MarshalText() ([]byte, error) {
	if d.n == 0 {
		return []byte{}, nil
	}
	return d.appendISO(make([]byte, 0, 10)), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as an ISO 8601 string, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.n == 0 {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b = d.appendISO(b)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes an ISO 8601 string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("%w: JSON value is not a string", ErrInvalidDate)
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}

// Value implements driver.Valuer: the ISO 8601 string, which PostgreSQL
// accepts for a date column, or NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.n == 0 {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner for date and text columns. A time.Time is taken
// at its own year, month and day (drivers return a date column as midnight
// UTC), not converted to London time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateIn(v, v.Location())
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return fmt.Errorf("%w: cannot scan %T into a Date", ErrInvalidDate, src)
}
