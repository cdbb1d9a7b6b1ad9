package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"golang.org/x/text/language"
)

// TestDateMatchesTime walks every day from 1600 to 2400 and checks the day
// numbering against the standard library's proleptic Gregorian calendar.
func TestDateMatchesTime(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	d := MustDate(1600, time.January, 1)
	for i := 0; i < 800*366; i++ {
		tt := start.AddDate(0, 0, i)
		y, m, dd := d.Civil()
		if y != tt.Year() || m != tt.Month() || dd != tt.Day() || d.Weekday() != tt.Weekday() {
			t.Fatalf("day %d: got %d-%d-%d %v, want %s %v", i, y, m, dd, d.Weekday(), tt.Format("2006-01-02"), tt.Weekday())
		}
		if got := d.String(); got != tt.Format("2006-01-02") {
			t.Fatalf("String() = %q, want %q", got, tt.Format("2006-01-02"))
		}
		d = d.AddDays(1)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-02-29", "2024-02-29", true},
		{"2023-02-29", "", false}, // 2023 was not a leap year
		{"1900-02-29", "", false}, // century not divisible by 400
		{"2000-02-29", "2000-02-29", true},
		{"0001-01-01", "0001-01-01", true},
		{"9999-12-31", "9999-12-31", true},
		{"0000-12-31", "", false},
		{"2024-13-01", "", false},
		{"2024-00-10", "", false},
		{"2024-04-31", "", false},
		{"2024-4-1", "", false},
		{"2024/04/01", "", false},
		{" 2024-04-01", "", false},
		{"2024-04-01T00:00:00Z", "", false},
		{"", "", false},
		{"+024-04-01", "", false},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in)
		if tc.ok != (err == nil) {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if err != nil && !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v does not wrap ErrInvalidDate", tc.in, err)
		}
		if tc.ok && d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, d, tc.want)
		}
	}
}

func TestAddMonthsClamps(t *testing.T) {
	tests := []struct {
		from   string
		months int
		want   string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-08-31", 1, "2024-09-30"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-11-15", 3, "2025-02-15"},
		{"2025-01-15", -13, "2023-12-15"},
	}
	for _, tc := range tests {
		got := MustParseDate(tc.from).AddMonths(tc.months)
		if got.String() != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
}

func TestDateOfUsesLondon(t *testing.T) {
	// 23:30 UTC on 30 June is 00:30 BST on 1 July.
	ts := time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)
	if got := DateOf(ts); got != MustDate(2026, time.July, 1) {
		t.Errorf("DateOf(%v) = %s, want 2026-07-01", ts, got)
	}
	// In winter London is on UTC.
	ts = time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := DateOf(ts); got != MustDate(2026, time.December, 31) {
		t.Errorf("DateOf(%v) = %s, want 2026-12-31", ts, got)
	}
	clock := councilkit.NewFixedClock(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC))
	if got := Today(clock); got != MustDate(2026, time.March, 29) {
		t.Errorf("Today = %s", got)
	}
}

func TestDateJSONAndZero(t *testing.T) {
	type rec struct {
		Born Date `json:"born"`
		Died Date `json:"died"`
	}
	b, err := json.Marshal(rec{Born: MustDate(2019, time.September, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"born":"2019-09-01","died":null}` {
		t.Errorf("Marshal = %s", b)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Born != MustDate(2019, time.September, 1) || !r.Died.IsZero() {
		t.Errorf("round trip = %+v", r)
	}
	if err := json.Unmarshal([]byte(`{"born":"2019-02-30"}`), &r); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("bad date error = %v", err)
	}
	if err := json.Unmarshal([]byte(`{"born":20190901}`), &r); err == nil {
		t.Error("number accepted as date")
	}
	var z Date
	if z.String() != "" || z.AddDays(3) != z || z.Year() != 0 {
		t.Error("zero Date is not inert")
	}
	if !z.Before(MustDate(1, 1, 1)) {
		t.Error("zero Date does not sort first")
	}
}

func TestDateScanValue(t *testing.T) {
	d := MustDate(2025, time.April, 1)
	v, _ := d.Value()
	if v != "2025-04-01" {
		t.Errorf("Value = %v", v)
	}
	var got Date
	for _, src := range []any{"2025-04-01", []byte("2025-04-01"), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)} {
		if err := got.Scan(src); err != nil || got != d {
			t.Errorf("Scan(%#v) = %s, %v", src, got, err)
		}
	}
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %s, %v", got, err)
	}
	if err := got.Scan(42); err == nil {
		t.Error("Scan(int) succeeded")
	}
}

func TestLong(t *testing.T) {
	d := MustDate(2026, time.April, 1)
	if got := d.Long(language.BritishEnglish); got != "1 April 2026" {
		t.Errorf("English = %q", got)
	}
	if got := d.Long(language.MustParse("cy")); got != "1 Ebrill 2026" {
		t.Errorf("Welsh = %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "9999-12-31", "0000-01-01", "2024-1-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("error %v does not wrap ErrInvalidDate", err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		tt, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatalf("ParseDate accepted %q that time.Parse rejects: %v", s, err)
		}
		if y, m, dd := d.Civil(); y != tt.Year() || m != tt.Month() || dd != tt.Day() {
			t.Fatalf("mismatch with time for %q", s)
		}
	})
}
