package calendar

import (
	"slices"
	"testing"
	"time"
)

// The definition these tests check, as S.I. 2018/119 (the Town and Country
// Planning (Local Authority Consultations etc.) (England) Order 2018)
// inserts it into the orders it amends, for example art. 11 for the
// Section 62A Order 2013 and art. 28 for the Permission in Principle Order
// 2017: "'public holiday' means Christmas Day, Good Friday or a day which
// under the Banking and Financial Dealings Act 1971 is a bank holiday in
// England". Schedule 1 para. 1 to the 1971 Act: the bank holidays in
// England and Wales are Easter Monday, the last Mondays in May and August,
// "26th December, if it be not a Sunday" and "27th December in a year in
// which 25th or 26th December is a Sunday"; the rest (New Year's Day, the
// early May holiday, substitute days) are appointed by proclamation under
// s. 1(3) and listed by https://www.gov.uk/bank-holidays.

func dates(ss ...string) []Date {
	out := make([]Date, len(ss))
	for i, s := range ss {
		out[i] = MustParseDate(s)
	}
	return out
}

func holidayDates(hs []Holiday) []Date {
	out := make([]Date, len(hs))
	for i, h := range hs {
		out[i] = h.Date
	}
	return out
}

// TestPublicHolidaysChristmasEveryWeekday covers a year in which Christmas
// Day falls on each day of the week, December only, England and Wales.
func TestPublicHolidaysChristmasEveryWeekday(t *testing.T) {
	cases := []struct {
		year    int
		weekday time.Weekday // of 25 December
		want    []Date       // public holidays in December
	}{
		// Mon 25, Tue 26: both weekdays, both listed by GOV.UK.
		{2023, time.Monday, dates("2023-12-25", "2023-12-26")},
		{2018, time.Tuesday, dates("2018-12-25", "2018-12-26")},
		{2019, time.Wednesday, dates("2019-12-25", "2019-12-26")},
		{2025, time.Thursday, dates("2025-12-25", "2025-12-26")},
		// Fri 25, Sat 26: Saturday 26 December is a Schedule 1 bank
		// holiday ("if it be not a Sunday"); Monday 28 is proclaimed in
		// its place (GOV.UK: "Boxing Day (substitute day)").
		{2026, time.Friday, dates("2026-12-25", "2026-12-26", "2026-12-28")},
		{2020, time.Friday, dates("2020-12-25", "2020-12-26", "2020-12-28")},
		// Sat 25, Sun 26: Christmas Day on Saturday counts; 27 December
		// is a Schedule 1 bank holiday because 26th is a Sunday; Tuesday
		// 28 is proclaimed for Christmas Day.
		{2021, time.Saturday, dates("2021-12-25", "2021-12-27", "2021-12-28")},
		{2027, time.Saturday, dates("2027-12-25", "2027-12-27", "2027-12-28")},
		// Sun 25, Mon 26: Christmas Day on Sunday counts; 26th is a bank
		// holiday, and 27th because 25th is a Sunday.
		{2022, time.Sunday, dates("2022-12-25", "2022-12-26", "2022-12-27")},
		{2016, time.Sunday, dates("2016-12-25", "2016-12-26", "2016-12-27")},
	}
	cal := New(EnglandAndWales)
	for _, c := range cases {
		if wd := MustDate(c.year, time.December, 25).Weekday(); wd != c.weekday {
			t.Fatalf("%d: 25 December is a %v, test says %v", c.year, wd, c.weekday)
		}
		var got []Date
		for _, h := range PublicHolidays(EnglandAndWales, c.year) {
			if h.Date.Month() == time.December {
				got = append(got, h.Date)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%d (Christmas on %v): December public holidays %v, want %v", c.year, c.weekday, got, c.want)
		}
		for d := MustDate(c.year, time.December, 20); d.Year() == c.year; d = d.AddDays(1) {
			if want := slices.Contains(c.want, d); cal.IsPublicHoliday(d) != want {
				t.Errorf("IsPublicHoliday(%s) = %v, want %v", d, !want, want)
			}
		}
	}
}

func TestPublicHolidaysWholeYear(t *testing.T) {
	cases := []struct {
		r    Region
		year int
		want []Date
	}{
		// 1 January 2022 was a Saturday: not a bank holiday in England
		// and Wales (Monday 3rd was proclaimed instead), so not a public
		// holiday. Good Friday 15 April. Christmas Day on Sunday.
		{EnglandAndWales, 2022, dates("2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
			"2022-06-03", "2022-08-29", "2022-09-19", "2022-12-25", "2022-12-26", "2022-12-27")},
		// Scotland 2022: Schedule 1 para. 2, "New Year's Day, if it be not
		// a Sunday" makes Saturday 1 January a bank holiday; "2nd January,
		// ... if it be a Sunday, 3rd January" gives Monday 3rd; Tuesday 4th
		// is proclaimed. Christmas Day "if it be not a Sunday, or if it be
		// a Sunday, 26th December".
		{Scotland, 2022, dates("2022-01-01", "2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02",
			"2022-06-02", "2022-06-03", "2022-08-01", "2022-09-19", "2022-11-30", "2022-12-25", "2022-12-26", "2022-12-27")},
		// Northern Ireland 2029: 17 March is a Saturday, a Schedule 1
		// para. 3 bank holiday ("17th March, if it be not a Sunday"), with
		// Monday 19th proclaimed.
		{NorthernIreland, 2029, dates("2029-01-01", "2029-03-17", "2029-03-19", "2029-03-30", "2029-04-02", "2029-05-07",
			"2029-05-28", "2029-07-12", "2029-08-27", "2029-12-25", "2029-12-26")},
	}
	for _, c := range cases {
		if got := holidayDates(PublicHolidays(c.r, c.year)); !slices.Equal(got, c.want) {
			t.Errorf("%v %d:\n got %v\nwant %v", c.r, c.year, got, c.want)
		}
	}
}

// TestIsPublicHolidayAgreesWithList checks the fast path against the list
// for every day of the table and a few years either side, in every region,
// and that a public holiday list holds every bank holiday, Christmas Day
// and Good Friday.
func TestIsPublicHolidayAgreesWithList(t *testing.T) {
	for _, r := range []Region{EnglandAndWales, Scotland, NorthernIreland} {
		cal := New(r, MustDate(2024, time.December, 27)) // a closure is not a public holiday
		for y := tableFirstYear - 3; y <= tableLastYear+3; y++ {
			ph := PublicHolidays(r, y)
			set := map[Date]bool{}
			for _, h := range ph {
				set[h.Date] = true
			}
			for _, h := range BankHolidays(r, y) {
				if !set[h.Date] {
					t.Fatalf("%v %d: bank holiday %s missing from public holidays", r, y, h.Date)
				}
			}
			if xmas := MustDate(y, time.December, 25); !set[xmas] {
				t.Fatalf("%v %d: Christmas Day missing", r, y)
			}
			if gf := Easter(y).AddDays(-2); !set[gf] {
				t.Fatalf("%v %d: Good Friday missing", r, y)
			}
			if !slices.IsSortedFunc(ph, func(a, b Holiday) int { return a.Date.Compare(b.Date) }) {
				t.Fatalf("%v %d: not in date order", r, y)
			}
			for d := MustDate(y, time.January, 1); d.Year() == y; d = d.AddDays(1) {
				if cal.IsPublicHoliday(d) != set[d] {
					t.Fatalf("%v: IsPublicHoliday(%s) = %v, list says %v", r, d, !set[d], set[d])
				}
			}
		}
	}
	if New(EnglandAndWales).IsPublicHoliday(Date{}) {
		t.Error("the zero Date is a public holiday")
	}
	if PublicHolidays(0, 2025) != nil || PublicHolidays(EnglandAndWales, 0) != nil {
		t.Error("invalid input gave holidays")
	}
}

func TestIsPublicHolidayDoesNotAllocate(t *testing.T) {
	cal := New(EnglandAndWales)
	d := MustDate(2021, time.December, 25)
	if n := testing.AllocsPerRun(100, func() { sinkBool = cal.IsPublicHoliday(d) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func BenchmarkIsPublicHoliday(b *testing.B) {
	cal := New(EnglandAndWales)
	d := MustDate(2026, time.December, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = cal.IsPublicHoliday(d.AddDays(i & 63))
	}
}

// TestNextWorkingDayAfterChristmasEveryWeekday: the working-day rules that
// council tax instalments and national offer day use skip weekends anyway,
// so a weekend Christmas Day needs nothing more there; the substitute days
// (GOV.UK list) are what matter.
func TestNextWorkingDayAfterChristmasEveryWeekday(t *testing.T) {
	cases := []struct {
		year int
		want string // the first working day on or after 25 December
	}{
		{2023, "2023-12-27"}, // Mon 25, Tue 26
		{2018, "2018-12-27"}, // Tue 25, Wed 26
		{2019, "2019-12-27"}, // Wed 25, Thu 26
		{2025, "2025-12-29"}, // Thu 25, Fri 26
		{2026, "2026-12-29"}, // Fri 25, Sat 26, Mon 28 substitute
		{2021, "2021-12-29"}, // Sat 25, Sun 26, Mon 27 and Tue 28
		{2022, "2022-12-28"}, // Sun 25, Mon 26, Tue 27
	}
	cal := New(EnglandAndWales)
	for _, c := range cases {
		if got := cal.NextWorkingDay(MustDate(c.year, time.December, 25)); got != MustParseDate(c.want) {
			t.Errorf("%d: %s, want %s", c.year, got, c.want)
		}
	}
}
