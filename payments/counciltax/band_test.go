package counciltax

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// TestRatios checks every band's proportion of band D against the statutes.
//
// England: Local Government Finance Act 1992 s5(1), "6: 7: 8: 9: 11: 13: 15:
// 18", https://www.legislation.gov.uk/ukpga/1992/14/section/5.
// Wales: s5(1A), inserted for years from 1 April 2005, "6: 7: 8: 9: 11: 13:
// 15: 18: 21".
// Scotland: s74(1) as substituted by the Council Tax (Substitution of
// Proportion) (Scotland) Order 2016 (SSI 2016/368) art 2 from 1 April 2017,
// "240: 280: 320: 360: 473: 585: 705: 882",
// https://www.legislation.gov.uk/ssi/2016/368/made.
func TestRatios(t *testing.T) {
	want := map[Nation][]string{
		England:  {"6/9", "7/9", "8/9", "9/9", "11/9", "13/9", "15/9", "18/9", ""},
		Wales:    {"6/9", "7/9", "8/9", "9/9", "11/9", "13/9", "15/9", "18/9", "21/9"},
		Scotland: {"240/360", "280/360", "320/360", "360/360", "473/360", "585/360", "705/360", "882/360", ""},
	}
	for n, ratios := range want {
		for i, w := range ratios {
			b := BandA + Band(i)
			if got := b.RatioString(n); got != w {
				t.Errorf("%v band %v ratio = %q, want %q", n, b, got, w)
			}
			if got := b.In(n); got != (w != "") {
				t.Errorf("%v band %v In = %v", n, b, got)
			}
		}
	}
	if _, _, ok := Band(0).Ratio(England); ok {
		t.Error("zero band has a ratio")
	}
	if _, _, ok := BandA.Ratio(Nation(9)); ok {
		t.Error("unknown nation has a ratio")
	}
}

func TestParseBand(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Band
	}{{"A", BandA}, {"d", BandD}, {"Band H", BandH}, {"band i", BandI}, {"I", BandI}} {
		got, err := ParseBand(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseBand(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if got.String() != c.want.String() {
			t.Errorf("String round trip %q", c.in)
		}
	}
	for _, in := range []string{"", "J", "AA", "Band", "Band J", "0", "é"} {
		if _, err := ParseBand(in); !errors.Is(err, ErrInvalidBand) {
			t.Errorf("ParseBand(%q) error = %v, want ErrInvalidBand", in, err)
		}
	}
	var b Band
	if err := b.UnmarshalText([]byte("F")); err != nil || b != BandF {
		t.Errorf("UnmarshalText = %v, %v", b, err)
	}
	if v, _ := b.Value(); v != "F" {
		t.Errorf("Value = %v", v)
	}
	// NoBand is stored as its name, like every other band; NULL, as
	// earlier versions stored it, still reads as NoBand.
	if v, _ := Band(0).Value(); v != "none" {
		t.Errorf("zero Value = %v, want none", v)
	}
	if _, err := Band(10).Value(); !errors.Is(err, ErrInvalidBand) {
		t.Errorf("Band(10).Value: %v", err)
	}
	if err := b.Scan([]byte("c")); err != nil || b != BandC {
		t.Errorf("Scan = %v, %v", b, err)
	}
	if err := b.Scan(nil); err != nil || b != 0 {
		t.Errorf("Scan(nil) = %v, %v", b, err)
	}
	if err := b.Scan(3); !errors.Is(err, ErrInvalidBand) {
		t.Errorf("Scan(int) = %v", err)
	}
}

func TestNationOf(t *testing.T) {
	for code, want := range map[string]Nation{"E06000047": England, "W06000015": Wales, "S12000042": Scotland} {
		if got, err := NationOf(councilkit.MustParseCouncil(code)); err != nil || got != want {
			t.Errorf("NationOf(%s) = %v, %v", code, got, err)
		}
	}
	if _, err := NationOf(councilkit.MustParseCouncil("N09000003")); !errors.Is(err, ErrInvalidNation) {
		t.Errorf("Northern Ireland: %v", err)
	}
	if _, err := NationOf(councilkit.Council{}); !errors.Is(err, ErrInvalidNation) {
		t.Errorf("zero council: %v", err)
	}
}

func TestYear(t *testing.T) {
	y := Year(2025)
	if y.String() != "2025/26" || y.Start() != calendar.MustDate(2025, 4, 1) || y.End() != calendar.MustDate(2026, 3, 31) {
		t.Errorf("year %v %v %v", y, y.Start(), y.End())
	}
	if y.Days() != 365 || Year(2027).Days() != 366 || Year(2024).Days() != 365 || Year(2023).Days() != 366 {
		t.Error("Days: a year has 366 days when its March falls in a leap year")
	}
	if YearOf(calendar.MustDate(2026, 3, 31)) != 2025 || YearOf(calendar.MustDate(2026, 4, 1)) != 2026 {
		t.Error("YearOf")
	}
	for in, want := range map[string]Year{"2025/26": 2025, "2025-26": 2025, "2099/00": 2099, "2030": 2030} {
		if got, err := ParseYear(in); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2025/27", "2025 26", "25/26", "1900/01", "abcd/ef"} {
		if _, err := ParseYear(in); err == nil {
			t.Errorf("ParseYear(%q) accepted", in)
		}
	}
	if !y.Contains(calendar.MustDate(2025, 4, 1)) || y.Contains(calendar.MustDate(2025, 3, 31)) || y.Contains(calendar.Date{}) {
		t.Error("Contains")
	}
}

func TestExemptClass(t *testing.T) {
	c, err := ParseExemptClass("Class N")
	if err != nil || c != ClassN || c.Letter() != "N" || c.String() != "Class N" {
		t.Fatalf("ParseExemptClass = %v, %v", c, err)
	}
	if c.Text().English == "" || c.Text().Welsh == "" || c.LegalBasis() == "" {
		t.Error("class N has no description")
	}
	for k := ClassA; k <= ClassW; k++ {
		if k.Text().English == "" || k.Text().Welsh == "" {
			t.Errorf("%v has no description", k)
		}
	}
	// Classes A and C were revoked in England from 1 April 2013 by SI
	// 2012/2965 and remain in Wales.
	if ClassA.In(England) || ClassC.In(England) || !ClassA.In(Wales) || !ClassN.In(England) || ClassN.In(Scotland) {
		t.Error("In")
	}
	for _, in := range []string{"", "X", "Class", "n1"} {
		if _, err := ParseExemptClass(in); err == nil {
			t.Errorf("ParseExemptClass(%q) accepted", in)
		}
	}
}

func FuzzParseBand(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBand(s)
		if err != nil {
			return
		}
		if b2, err := ParseBand(b.String()); err != nil || b2 != b {
			t.Fatalf("round trip %q: %v %v", s, b2, err)
		}
	})
}

func FuzzParseYear(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		y, err := ParseYear(s)
		if err != nil {
			return
		}
		if y2, err := ParseYear(y.String()); err != nil || y2 != y {
			t.Fatalf("round trip %q: %v %v", s, y2, err)
		}
		if y.Days() != y.End().Sub(y.Start())+1 {
			t.Fatalf("%v: Days %d", y, y.Days())
		}
	})
}

func FuzzParseExemptClass(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseExemptClass(s)
		if err != nil {
			return
		}
		if c2, err := ParseExemptClass(c.Letter()); err != nil || c2 != c {
			t.Fatalf("round trip %q", s)
		}
	})
}
