package counciltax

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/lgds/councilkit/calendar"
)

// Year is a financial year, 1 April to 31 March, named by the calendar year
// in which it starts: Year(2025) is 2025/26. Council tax is set and billed
// for a financial year (Local Government Finance Act 1992 s1 and s30).
type Year int

// YearOf returns the financial year containing d.
func YearOf(d calendar.Date) Year {
	if d.Month() >= time.April {
		return Year(d.Year())
	}
	return Year(d.Year() - 1)
}

// ParseYear reads "2025/26", "2025-26" or "2025".
func ParseYear(s string) (Year, error) {
	if len(s) != 4 && len(s) != 7 {
		return 0, fmt.Errorf("counciltax: invalid financial year %q", trunc(s))
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || Year(y) < minYear || Year(y) > maxYear {
		return 0, fmt.Errorf("counciltax: invalid financial year %q", trunc(s))
	}
	if len(s) == 7 {
		if s[4] != '/' && s[4] != '-' {
			return 0, fmt.Errorf("counciltax: invalid financial year %q", trunc(s))
		}
		n, err := strconv.Atoi(s[5:])
		if err != nil || n != (y+1)%100 {
			return 0, fmt.Errorf("counciltax: invalid financial year %q", trunc(s))
		}
	}
	return Year(y), nil
}

func trunc(s string) string {
	if len(s) <= 20 {
		return s
	}
	cut := 20
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut-- // never split a character
	}
	return s[:cut]
}

// String returns "2025/26".
func (y Year) String() string {
	return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100)
}

// Start returns 1 April of the year.
func (y Year) Start() calendar.Date { return calendar.MustDate(int(y), time.April, 1) }

// End returns 31 March of the following calendar year, the last day of the
// financial year.
func (y Year) End() calendar.Date { return calendar.MustDate(int(y)+1, time.March, 31) }

// Days returns the number of days in the year: 366 when it contains
// 29 February, otherwise 365.
func (y Year) Days() int {
	if calendar.IsLeapYear(int(y) + 1) {
		return 366
	}
	return 365
}

// Contains reports whether d falls in the year.
func (y Year) Contains(d calendar.Date) bool {
	return !d.IsZero() && !d.Before(y.Start()) && !d.After(y.End())
}

// MarshalText encodes the year as "2025/26". A year that UnmarshalText
// could not read back (before 1993/94, when council tax began, or after
// 9998/99), the zero Year included, is an error, so that nothing is stored
// that cannot be read.
func (y Year) MarshalText() ([]byte, error) {
	if !y.valid() {
		return nil, fmt.Errorf("counciltax: financial year %d cannot be encoded", int(y))
	}
	return []byte(y.String()), nil
}

// valid reports whether ParseYear accepts the year.
func (y Year) valid() bool { return y >= minYear && y <= maxYear }

// The first and last financial years ParseYear accepts.
const (
	minYear Year = 1993
	maxYear Year = 9998
)

// UnmarshalText decodes any form ParseYear accepts.
func (y *Year) UnmarshalText(b []byte) error {
	v, err := ParseYear(string(b))
	if err != nil {
		return err
	}
	*y = v
	return nil
}
