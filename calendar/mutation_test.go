package calendar

import (
	"testing"
	"time"
)

// Tests that pin behaviours mutation testing (scripts/mutation.sh) found no
// test holding.

// easterUSNO is Easter Sunday by a different formulation of the Gregorian
// computus, the one published by the US Naval Observatory ("The Date of
// Easter", after J.-M. Oudin, 1940), written independently of Easter.
func easterUSNO(y int) (month, day int) {
	c := y / 100
	n := y - 19*(y/19)
	k := (c - 17) / 25
	i := c - c/4 - (c-k)/3 + 19*n + 15
	i -= 30 * (i / 30)
	i -= (i / 28) * (1 - (i/28)*(29/(i+1))*((21-n)/11))
	j := y + y/4 + i + 2 - c + c/4
	j -= 7 * (j / 7)
	l := i - j
	month = 3 + (l+40)/44
	day = l + 28 - 31*(month/4)
	return month, day
}

// TestEasterRareCorrection: in a few years the paschal full moon's epact
// needs the correction that moves Easter from 26 to 19 April, or from 25 to
// 18 April (Gauss's exceptions; the "m" term of the Meeus/Jones/Butcher
// algorithm). Easter 1954 was 18 April and 1981 was 19 April (Church of
// England, Book of Common Prayer tables of the moveable feasts); 2049 is 18
// April and 2076 is 19 April.
func TestEasterRareCorrection(t *testing.T) {
	for y, want := range map[int]string{
		1609: "1609-04-19", 1954: "1954-04-18", 1981: "1981-04-19", 2049: "2049-04-18",
		2076: "2076-04-19", 2106: "2106-04-18", 2133: "2133-04-19", 2201: "2201-04-19",
	} {
		if got := Easter(y).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
	// Every Gregorian year the package can represent agrees with the
	// independent formulation, and Easter is always a Sunday from 22 March
	// to 25 April.
	for y := 1583; y <= 9999; y++ {
		e := Easter(y)
		m, d := easterUSNO(y)
		if e.Year() != y || int(e.Month()) != m || e.Day() != d {
			t.Fatalf("Easter(%d) = %s, want %04d-%02d-%02d", y, e, y, m, d)
		}
		if e.Weekday() != time.Sunday || e.Before(MustDate(y, time.March, 22)) || e.After(MustDate(y, time.April, 25)) {
			t.Fatalf("Easter(%d) = %s, %v", y, e, e.Weekday())
		}
	}
}

// TestDateEveryRepresentableDay extends TestDateMatchesTime to the whole
// range, 1 January 1 to 31 December 9999, and checks AddDays refuses to
// leave it.
func TestDateEveryRepresentableDay(t *testing.T) {
	first, last := MustDate(1, time.January, 1), MustDate(9999, time.December, 31)
	tt := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	d := first
	for !d.IsZero() {
		y, m, dd := d.Civil()
		if y != tt.Year() || m != tt.Month() || dd != tt.Day() || d.Weekday() != tt.Weekday() {
			t.Fatalf("got %d-%d-%d %v, want %s %v", y, m, dd, d.Weekday(), tt.Format("2006-01-02"), tt.Weekday())
		}
		if d.IsWeekend() != (tt.Weekday() == time.Saturday || tt.Weekday() == time.Sunday) {
			t.Fatalf("%s IsWeekend = %v", d, d.IsWeekend())
		}
		if d != last && d.AddDays(1) == (Date{}) {
			t.Fatalf("%s + 1 day is zero", d)
		}
		d = d.AddDays(1)
		tt = tt.Add(24 * time.Hour)
	}
	if tt.Year() != 10000 {
		t.Fatalf("walk stopped at %s", tt.Format("2006-01-02"))
	}
	if !first.AddDays(-1).IsZero() || !last.AddDays(1).IsZero() {
		t.Error("AddDays left the range")
	}
	if first.AddDays(0) != first || last.AddDays(0) != last || last.AddDays(-1) != MustDate(9999, time.December, 30) {
		t.Error("AddDays at the ends")
	}
	if !last.AddMonths(1).IsZero() || !first.AddMonths(-1).IsZero() || last.AddMonths(-1) != MustDate(9999, time.November, 30) {
		t.Errorf("AddMonths at the ends: %v %v %v", last.AddMonths(1), first.AddMonths(-1), last.AddMonths(-1))
	}
	if first.AddMonths(1) != MustDate(1, time.February, 1) || last.AddYears(-9998) != MustDate(1, time.December, 31) {
		t.Error("AddMonths within the range")
	}
	for _, c := range []struct {
		y, m, d int
		ok      bool
	}{
		{0, 1, 1, false}, {1, 1, 1, true}, {9999, 12, 31, true}, {10000, 1, 1, false},
		{2024, 0, 1, false}, {2024, 13, 1, false}, {2024, 12, 31, true}, {2024, 1, 0, false},
		{2024, 2, 29, true}, {2023, 2, 29, false}, {1900, 2, 29, false}, {2000, 2, 29, true},
		{2025, 4, 30, true}, {2025, 4, 31, false},
	} {
		if _, err := NewDate(c.y, time.Month(c.m), c.d); (err == nil) != c.ok {
			t.Errorf("NewDate(%d, %d, %d): %v", c.y, c.m, c.d, err)
		}
	}
}

// TestFastAndSlowPathsAgree: inside 1900–2199 a Calendar answers from a
// bitset; outside it, by rule. The two must agree for every region, with a
// closure day, on every day of the table and across its edges.
func TestFastAndSlowPathsAgree(t *testing.T) {
	for _, r := range []Region{EnglandAndWales, Scotland, NorthernIreland} {
		c := New(r, MustDate(2025, time.December, 29), MustDate(1900, time.January, 2), MustDate(2199, time.December, 30))
		for n := tableStart - 40; n <= tableEnd+40; n++ {
			d := Date{n}
			if fast, slow := c.IsWorkingDay(d), c.slowIsWorkingDay(d); fast != slow {
				t.Fatalf("%v %s: table %v, rule %v", r, d, fast, slow)
			}
		}
		// Counting across the table's ends agrees with counting day by day.
		for _, span := range [][2]Date{
			{MustDate(1899, time.December, 1), MustDate(1900, time.February, 1)},
			{MustDate(2199, time.November, 20), MustDate(2200, time.January, 20)},
			{MustDate(1899, time.December, 20), MustDate(1900, time.January, 3)},
			{MustDate(2025, time.March, 3), MustDate(2025, time.March, 4)},
			{MustDate(2025, time.March, 1), MustDate(2025, time.May, 30)},
		} {
			want := 0
			for d := span[0].AddDays(1); !d.After(span[1]); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					want++
				}
			}
			if got := c.WorkingDaysBetween(span[0], span[1]); got != want {
				t.Errorf("%v WorkingDaysBetween(%s, %s) = %d, want %d", r, span[0], span[1], got, want)
			}
			if got := c.WorkingDaysBetween(span[1], span[0]); got != -countBack(c, span[0], span[1]) {
				t.Errorf("%v WorkingDaysBetween(%s, %s) = %d", r, span[1], span[0], got)
			}
			for _, n := range []int{1, 2, 5, 23, 64, 65, 130} {
				fwd := c.AddWorkingDays(span[0], n)
				if got := c.WorkingDaysBetween(span[0], fwd); got != n || !c.IsWorkingDay(fwd) {
					t.Errorf("%v AddWorkingDays(%s, %d) = %s (%d between)", r, span[0], n, fwd, got)
				}
				if step := stepWorkingDays(c, span[0], n); fwd != step {
					t.Errorf("%v AddWorkingDays(%s, %d) = %s, day by day %s", r, span[0], n, fwd, step)
				}
				back := c.AddWorkingDays(span[1], -n)
				if step := stepWorkingDays(c, span[1], -n); back != step {
					t.Errorf("%v AddWorkingDays(%s, %d) = %s, day by day %s", r, span[1], -n, back, step)
				}
			}
		}
	}
}

// countBack counts working days from a up to but not including b.
func countBack(c *Calendar, a, b Date) int {
	n := 0
	for d := a; d.Before(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// stepWorkingDays is AddWorkingDays one day at a time.
func stepWorkingDays(c *Calendar, d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// TestDateInRange: an instant's date is found for years 1 to 9999 and is the
// zero Date outside them.
func TestDateInRange(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01"},
		{time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC), "9999-12-31"},
		{time.Date(0, 12, 31, 12, 0, 0, 0, time.UTC), ""},
		{time.Date(10000, 1, 1, 12, 0, 0, 0, time.UTC), ""},
	} {
		if got := DateIn(c.t, time.UTC).String(); got != c.want {
			t.Errorf("DateIn(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

// TestDateJSONEmptyString: the JSON string "" is the zero Date, as empty
// text is; a lone quote is not a JSON string.
func TestDateJSONEmptyString(t *testing.T) {
	d := MustDate(2025, time.April, 1)
	if err := d.UnmarshalJSON([]byte(`""`)); err != nil || !d.IsZero() {
		t.Errorf(`UnmarshalJSON("") = %v, %v`, d, err)
	}
	if err := d.UnmarshalJSON([]byte(`"`)); err == nil {
		t.Error("a lone quote accepted")
	}
}

// TestNthWeekday: the nth weekday of a month, counting from 1, and the last
// for n = -1. March 2025 began on a Saturday.
func TestNthWeekday(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{1, "2025-03-03"}, {2, "2025-03-10"}, {4, "2025-03-24"}, {5, "2025-03-31"}, {-1, "2025-03-31"}} {
		if got := nthWeekday(2025, time.March, time.Monday, c.n).String(); got != c.want {
			t.Errorf("Monday %d of March 2025 = %s, want %s", c.n, got, c.want)
		}
	}
	if got := nthWeekday(2025, time.March, time.Saturday, 1).String(); got != "2025-03-01" {
		t.Errorf("first Saturday = %s", got)
	}
}

// TestBankHolidaysEdges: holidays are computed for years 1 to 9999 only,
// and St Andrew's Day is a Scottish bank holiday from 2007 (St Andrew's Day
// Bank Holiday (Scotland) Act 2007); a closure on the table's last day
// (31 December 2199) is kept.
func TestBankHolidaysEdges(t *testing.T) {
	for _, y := range []int{1, 9999} {
		if len(BankHolidays(EnglandAndWales, y)) == 0 {
			t.Errorf("no holidays in %d", y)
		}
	}
	for _, y := range []int{0, 10000} {
		if BankHolidays(EnglandAndWales, y) != nil {
			t.Errorf("holidays in %d", y)
		}
	}
	has := func(y int) bool {
		for _, h := range BankHolidays(Scotland, y) {
			if h.Name == StAndrewsDay {
				return true
			}
		}
		return false
	}
	if has(2006) || !has(2007) {
		t.Errorf("St Andrew's Day: 2006 %v, 2007 %v", has(2006), has(2007))
	}
	last := MustDate(2199, time.December, 31)
	if last.IsWeekend() || !New(EnglandAndWales).IsWorkingDay(last) {
		t.Fatalf("%s is not a working day", last)
	}
	if New(EnglandAndWales, last).IsWorkingDay(last) {
		t.Error("closure on the table's last day ignored")
	}
}

// TestCountOneDayAtTheTableEnds: counting the working days in a span of one
// day gives one for a working day and none otherwise, on and either side of
// the table's first and last days.
func TestCountOneDayAtTheTableEnds(t *testing.T) {
	c := New(EnglandAndWales)
	for _, base := range []int32{tableStart, tableEnd} {
		for k := int32(-6); k <= 6; k++ {
			d := Date{base + k}
			want := 0
			if c.IsWorkingDay(d) {
				want = 1
			}
			if got := c.WorkingDaysBetween(d.AddDays(-1), d); got != want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", d.AddDays(-1), d, got, want)
			}
			// Backwards it counts the days from the earlier up to but not
			// including the later: the one day is d itself, so d+1 back to d.
			if got := c.WorkingDaysBetween(d.AddDays(1), d); got != -want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", d.AddDays(1), d, got, -want)
			}
		}
	}
}
