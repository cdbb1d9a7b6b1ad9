package counciltax

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Welsh premiums are dated:
//
//   - Local Government Finance Act 1992 ss12A and 12B were inserted by the
//     Housing (Wales) Act 2014 s139 "of not more than 100" per cent
//     (https://www.legislation.gov.uk/anaw/2014/7/section/139/2015-12-16);
//     s139 came into force on 16 December 2015, the day after the
//     Housing (Wales) Act 2014 (Commencement No. 5) Order 2015 (WSI
//     2015/2046) was made, and billing authorities may determine a higher
//     amount "only in relation to a financial year that begins on or after
//     1 April 2017" (explanatory note,
//     https://www.legislation.gov.uk/wsi/2015/2046/note/made). Article 2(2)
//     makes 1 April 2016 the day from which a dwelling's time empty counts
//     for s12A(12).
//   - The Council Tax (Long-term Empty Dwellings and Dwellings Occupied
//     Periodically) (Wales) Regulations 2022 (WSI 2022/370) amend ss12A and
//     12B so that "for a financial year beginning on or after 1 April 2023"
//     the increase may be "not more than 300"
//     (https://www.legislation.gov.uk/wsi/2022/370/note/made).
func TestMaxPremiumWales(t *testing.T) {
	cases := []struct {
		kind     PremiumKind
		day      string
		years    int
		rate     int32
		minYears int
	}{
		{LongTermEmpty, "2016-04-01", 5, 0, 0},
		{SecondHome, "2017-03-31", 0, 0, 0},
		{LongTermEmpty, "2017-04-01", 1, 10000, 1},
		{SecondHome, "2017-04-01", 0, 10000, 0},
		{LongTermEmpty, "2023-03-31", 10, 10000, 1},
		{SecondHome, "2022-04-01", 0, 10000, 0},
		{LongTermEmpty, "2023-04-01", 1, 30000, 1},
		{SecondHome, "2023-04-01", 0, 30000, 0},
		{SecondHome, "2026-04-01", 0, 30000, 0},
		{NoPremium, "2025-04-01", 0, 0, 0},
	}
	for _, c := range cases {
		day := calendar.MustParseDate(c.day)
		rate, minYears := MaxPremium(Wales, c.kind, day, c.years)
		if rate != c.rate || minYears != c.minYears {
			t.Errorf("MaxPremium(Wales, %v, %s) = %d, %d; want %d, %d", c.kind, c.day, rate, minYears, c.rate, c.minYears)
		}
	}
	// No nation, no premium.
	if rate, _ := MaxPremium(0, LongTermEmpty, calendar.MustParseDate("2025-04-01"), 10); rate != 0 {
		t.Errorf("MaxPremium(no nation) = %d", rate)
	}
}

// Determinations above the limit of their year are refused, with English
// and Welsh text; lawful ones compile.
func TestPremiumLimitsWales(t *testing.T) {
	gwynedd := councilkit.MustParseCouncil("W06000002")
	line := []PreceptLine{{Name: "x", BandD: amt("1000")}}
	refused := []struct {
		name  string
		year  Year
		p     PremiumPolicy
		field string
		code  councilkit.Code
	}{
		{"second homes before April 2017", 2016, PremiumPolicy{Kind: SecondHome, From: calendar.MustDate(2016, 4, 1), Tiers: []PremiumTier{{Rate: 5000}}}, "premiums[0].from", CodePremiumTooSoon},
		{"empty homes before April 2017", 2016, PremiumPolicy{Kind: LongTermEmpty, From: calendar.MustDate(2016, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 5000}}}, "premiums[0].from", CodePremiumTooSoon},
		{"second homes at 150% in 2022/23", 2022, PremiumPolicy{Kind: SecondHome, From: calendar.MustDate(2022, 4, 1), Tiers: []PremiumTier{{Rate: 15000}}}, "premiums[0].tiers[0].rate_bp", CodePremiumTooHigh},
		{"empty homes at 300% in 2022/23", 2022, PremiumPolicy{Kind: LongTermEmpty, From: calendar.MustDate(2022, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 10000}, {AfterYears: 3, Rate: 30000}}}, "premiums[0].tiers[1].rate_bp", CodePremiumTooHigh},
		{"second homes at 301% in 2025/26", 2025, PremiumPolicy{Kind: SecondHome, From: calendar.MustDate(2025, 4, 1), Tiers: []PremiumTier{{Rate: 30100}}}, "premiums[0].tiers[0].rate_bp", CodePremiumTooHigh},
		{"empty homes before a year", 2025, PremiumPolicy{Kind: LongTermEmpty, From: calendar.MustDate(2025, 4, 1), Tiers: []PremiumTier{{AfterYears: 0, Rate: 10000}}}, "premiums[0].tiers[0].after_years", councilkit.CodeTooSmall},
	}
	for _, c := range refused {
		tb, err := Charges{Council: gwynedd, Year: c.year, Lines: line, Premiums: []PremiumPolicy{c.p}}.Compile()
		var ve *councilkit.ValidationError
		if tb != nil || !errors.As(err, &ve) || !ve.Has(c.field, c.code) {
			t.Errorf("%s: err = %v, want %s %s", c.name, err, c.field, c.code)
			continue
		}
		for _, p := range ve.Problems {
			if p.Message.English == "" || p.Message.Welsh == "" {
				t.Errorf("%s: problem %v lacks English or Welsh", c.name, p)
			}
		}
	}
	lawful := []struct {
		year Year
		p    PremiumPolicy
	}{
		{2017, PremiumPolicy{Kind: SecondHome, From: calendar.MustDate(2017, 4, 1), Tiers: []PremiumTier{{Rate: 10000}}}},
		{2022, PremiumPolicy{Kind: LongTermEmpty, From: calendar.MustDate(2022, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 10000}}}},
		// Any rate up to 300% is lawful from 1 April 2023.
		{2023, PremiumPolicy{Kind: SecondHome, From: calendar.MustDate(2023, 4, 1), Tiers: []PremiumTier{{Rate: 15000}}}},
		{2024, PremiumPolicy{Kind: LongTermEmpty, From: calendar.MustDate(2024, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 10000}, {AfterYears: 2, Rate: 20000}, {AfterYears: 3, Rate: 30000}}}},
	}
	for _, c := range lawful {
		if _, err := (Charges{Council: gwynedd, Year: c.year, Lines: line, Premiums: []PremiumPolicy{c.p}}).Compile(); err != nil {
			t.Errorf("%v from %s refused: %v", c.p.Kind, c.p.From, err)
		}
	}
}

// A council that is not in Great Britain is reported once, not also as a
// premium that "cannot be charged from that date".
func TestPremiumNoNation(t *testing.T) {
	_, err := Charges{Council: councilkit.MustParseCouncil("N09000001"), Year: 2025, Lines: []PreceptLine{{Name: "x", BandD: amt("1")}},
		Premiums: []PremiumPolicy{{Kind: SecondHome, From: calendar.MustDate(2025, 4, 1), Tiers: []PremiumTier{{Rate: 10000}}}}}.Compile()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("council", councilkit.CodeInvalidCouncil) || ve.Has("premiums[0].from", CodePremiumTooSoon) {
		t.Errorf("err = %v", err)
	}
}

// In Wales a dwelling's time empty counts only from 1 April 2016 (WSI
// 2015/2046 art 2(2) for s12A(12)): one empty since 2010 reaches five
// years on 1 April 2021, not in 2015.
func TestWalesEmptySince2016(t *testing.T) {
	tb := Charges{Council: councilkit.MustParseCouncil("W06000002"), Year: 2020, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: LongTermEmpty, From: calendar.MustDate(2020, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 5000}, {AfterYears: 5, Rate: 10000}}}}}.MustCompile()
	since := calendar.MustDate(2010, 1, 1)
	rate, next := tb.premiumRate(LongTermEmpty, since, calendar.MustDate(2020, 4, 1))
	if rate != 5000 || next != calendar.MustDate(2021, 4, 1) {
		t.Errorf("rate %d, next %s; want 5000 until 2021-04-01", rate, next)
	}
	// England has no such start: the same dwelling has long passed five
	// years.
	eng := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2020, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: LongTermEmpty, From: calendar.MustDate(2020, 4, 1), Tiers: []PremiumTier{{AfterYears: 2, Rate: 10000}, {AfterYears: 5, Rate: 20000}}}}}.MustCompile()
	if rate, _ := eng.premiumRate(LongTermEmpty, since, calendar.MustDate(2020, 4, 1)); rate != 20000 {
		t.Errorf("England rate %d", rate)
	}
}
