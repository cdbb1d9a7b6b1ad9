package calendar

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
)

type govukHoliday struct {
	date  Date
	title string
}

// loadGOVUK reads testdata/govuk-bank-holidays-2012-2027.tsv: every bank
// holiday GOV.UK published for 2012 to 2027 in its feed
// https://www.gov.uk/bank-holidays.json (division, date, title).
func loadGOVUK(t *testing.T) map[Region]map[int][]govukHoliday {
	t.Helper()
	f, err := os.Open("testdata/govuk-bank-holidays-2012-2027.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[Region]map[int][]govukHoliday{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("bad line %q", line)
		}
		r, err := ParseRegion(cols[0])
		if err != nil {
			t.Fatal(err)
		}
		d := MustParseDate(cols[1])
		if out[r] == nil {
			out[r] = map[int][]govukHoliday{}
		}
		out[r][d.Year()] = append(out[r][d.Year()], govukHoliday{d, strings.ReplaceAll(cols[2], "’", "'")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBankHolidaysMatchGOVUK checks the rules against every bank holiday
// GOV.UK published for the three regions from 2012 to 2027, date and title.
func TestBankHolidaysMatchGOVUK(t *testing.T) {
	want := loadGOVUK(t)
	total := 0
	for _, r := range []Region{EnglandAndWales, Scotland, NorthernIreland} {
		for y := 2012; y <= 2027; y++ {
			got := BankHolidays(r, y)
			exp := want[r][y]
			if len(exp) == 0 {
				t.Fatalf("%v %d: no published holidays in testdata", r, y)
			}
			if len(got) != len(exp) {
				t.Errorf("%v %d: got %d holidays %v, GOV.UK has %d %v", r, y, len(got), got, len(exp), exp)
				continue
			}
			for i := range got {
				if got[i].Date != exp[i].date || got[i].Name != exp[i].title {
					t.Errorf("%v %d: holiday %d = %s %q, GOV.UK has %s %q", r, y, i, got[i].Date, got[i].Name, exp[i].date, exp[i].title)
				}
				total++
			}
		}
	}
	if total != 445 {
		t.Errorf("checked %d holidays, want all 445 in testdata", total)
	}
}

func TestSubstituteDays(t *testing.T) {
	// Christmas 2021 fell on a Saturday: GOV.UK lists 27 and 28 December as
	// the substitute days for Christmas Day and Boxing Day.
	hs := BankHolidays(EnglandAndWales, 2021)
	last2 := hs[len(hs)-2:]
	if last2[0].Date != MustDate(2021, 12, 27) || !last2[0].Substitute || last2[0].Name != ChristmasDay {
		t.Errorf("2021 Christmas substitute = %+v", last2[0])
	}
	if last2[1].Date != MustDate(2021, 12, 28) || !last2[1].Substitute || last2[1].Name != BoxingDay {
		t.Errorf("2021 Boxing Day substitute = %+v", last2[1])
	}
	// 1 January 2017 was a Sunday: Scotland kept 2 January on Monday 2nd and
	// moved New Year's Day to Tuesday 3rd.
	s := BankHolidays(Scotland, 2017)
	if s[0].Date != MustDate(2017, 1, 2) || s[0].Name != SecondJanuary || s[0].Substitute {
		t.Errorf("Scotland 2017 first = %+v", s[0])
	}
	if s[1].Date != MustDate(2017, 1, 3) || s[1].Name != NewYearsDay || !s[1].Substitute {
		t.Errorf("Scotland 2017 second = %+v", s[1])
	}
}

func TestEaster(t *testing.T) {
	// Easter Sundays from the Church of England's tables of Easter dates.
	for y, want := range map[int]string{
		1818: "1818-03-22", 1943: "1943-04-25", 2000: "2000-04-23", 2008: "2008-03-23",
		2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
		2038: "2038-04-25", 2285: "2285-03-22",
	} {
		if got := Easter(y).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for code, want := range map[string]Region{
		"E06000047": EnglandAndWales, "W06000015": EnglandAndWales,
		"S12000036": Scotland, "N09000003": NorthernIreland,
	} {
		if got := RegionOf(councilkit.MustParseCouncil(code)); got != want {
			t.Errorf("RegionOf(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestWorkingDays(t *testing.T) {
	ew := New(EnglandAndWales)
	sc := New(Scotland)
	ni := New(NorthernIreland)
	d := MustParseDate
	tests := []struct {
		name string
		cal  *Calendar
		from string
		n    int
		want string
	}{
		// Christmas 2026: Friday 25 and Monday 28 December (Boxing Day
		// substitute) are bank holidays.
		{"over Christmas 2026", ew, "2026-12-24", 1, "2026-12-29"},
		{"Christmas to New Year 2026", ew, "2026-12-24", 5, "2027-01-05"},
		// Easter 2026: Good Friday 3 April, Easter Monday 6 April.
		{"over Easter 2026", ew, "2026-04-02", 1, "2026-04-07"},
		// No Easter Monday in Scotland.
		{"over Easter 2026 in Scotland", sc, "2026-04-02", 1, "2026-04-06"},
		{"20 days over Easter 2025", ew, "2025-04-01", 20, "2025-05-01"},
		{"20 days over Christmas 2025", ew, "2025-12-15", 20, "2026-01-15"},
		{"Scotland 2 January 2026", sc, "2025-12-31", 1, "2026-01-05"},
		{"England 2 January 2026", ew, "2025-12-31", 1, "2026-01-02"},
		{"St Patrick's Day 2026 (Tuesday)", ni, "2026-03-16", 1, "2026-03-18"},
		{"backwards over Easter", ew, "2026-04-07", -1, "2026-04-02"},
		{"backwards over Christmas", ew, "2027-01-05", -5, "2026-12-24"},
		{"from a Saturday", ew, "2026-11-21", 1, "2026-11-23"},
		{"zero days", ew, "2026-11-21", 0, "2026-11-21"},
		{"far future, past the table", ew, "2199-12-30", 3, "2200-01-03"},
		{"far past, before the table", ew, "1899-12-28", 3, "1900-01-03"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.AddWorkingDays(d(tc.from), tc.n)
			if got.String() != tc.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
			if tc.n != 0 {
				if back := tc.cal.WorkingDaysBetween(d(tc.from), got); back != tc.n {
					t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from, got, back, tc.n)
				}
			}
		})
	}
}

// TestWorkingDaysAgreeWithSlowRule compares the bitset answers with a day by
// day count by rule, for every start day of two decades and many distances.
func TestWorkingDaysAgreeWithSlowRule(t *testing.T) {
	c := New(Scotland, MustDate(2026, 12, 29), MustDate(2026, 12, 30))
	// The rule, day by day, with each year's holidays computed once.
	holidays := map[Date]bool{}
	for y := 2013; y <= 2037; y++ {
		for _, h := range BankHolidays(Scotland, y) {
			holidays[h.Date] = true
		}
	}
	for _, d := range c.Closures() {
		holidays[d] = true
	}
	byRule := func(d Date) bool { return !d.IsWeekend() && !holidays[d] }
	start := MustDate(2015, 1, 1)
	for i := 0; i < 20*365; i += 5 {
		from := start.AddDays(i)
		if got, want := c.IsWorkingDay(from), c.slowIsWorkingDay(from); got != want || got != byRule(from) {
			t.Fatalf("IsWorkingDay(%s) = %v, slow path %v", from, got, want)
		}
		for _, n := range []int{1, 2, 5, 20, 63, 64, 65, 130, -1, -20, -64, -200} {
			got := c.AddWorkingDays(from, n)
			cur, left, step := from, n, 1
			if n < 0 {
				left, step = -n, -1
			}
			for left > 0 {
				cur = cur.AddDays(step)
				if byRule(cur) {
					left--
				}
			}
			if got != cur {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, by rule %s", from, n, got, cur)
			}
			if back := c.WorkingDaysBetween(from, got); back != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", from, got, back, n)
			}
		}
	}
}

func TestClosures(t *testing.T) {
	// A council that shuts between Christmas and New Year.
	c := New(EnglandAndWales, MustDate(2026, 12, 29), MustDate(2026, 12, 30), MustDate(2026, 12, 31), MustDate(2026, 12, 29))
	if c.IsWorkingDay(MustDate(2026, 12, 30)) || !c.IsHoliday(MustDate(2026, 12, 30)) {
		t.Error("closure day counted as working")
	}
	if got := c.AddWorkingDays(MustDate(2026, 12, 24), 1); got != MustDate(2027, 1, 4) {
		t.Errorf("after closures = %s, want 2027-01-04", got)
	}
	if len(c.Closures()) != 3 {
		t.Errorf("Closures() = %v", c.Closures())
	}
	// The region's shared table is not changed by one council's closures.
	if !New(EnglandAndWales).IsWorkingDay(MustDate(2026, 12, 30)) {
		t.Error("closures leaked into another calendar")
	}
	if _, ok := c.Holiday(MustDate(2026, 12, 30)); ok {
		t.Error("closure reported as a bank holiday")
	}
	if h, ok := c.Holiday(MustDate(2026, 12, 28)); !ok || h.Name != BoxingDay || !h.Substitute {
		t.Errorf("Holiday(28 Dec 2026) = %+v, %v", h, ok)
	}
	if c.NextWorkingDay(MustDate(2026, 12, 25)) != MustDate(2027, 1, 4) {
		t.Error("NextWorkingDay")
	}
	if c.PreviousWorkingDay(MustDate(2027, 1, 1)) != MustDate(2026, 12, 24) {
		t.Error("PreviousWorkingDay")
	}
	if c.IsWorkingDay(Date{}) || c.AddWorkingDays(Date{}, 5) != (Date{}) {
		t.Error("zero Date")
	}
	_ = time.Monday
}
