package counciltax

import (
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

// Tests that pin behaviours mutation testing (scripts/mutation.sh) found no
// test holding: each fails if one comparison or constant in the rule is
// changed.

// TestFivePoundRules follows Schedule 1 of the Council Tax (Administration
// and Enforcement) Regulations 1992 (SI 1992/613), as amended by SI 1995/22:
//
//   - para 2(5): an aggregate that divides into whole pounds is paid in
//     equal instalments;
//   - para 2(6): otherwise A = C/D to the nearest pound and the first is
//     B = C − (D − 1) × A;
//   - para 2(7): if that gives an instalment of less than £5, the second is
//     added to the first and there is one instalment fewer;
//   - para 3(1): if an instalment is still less than £5, an aggregate under
//     £10 is one instalment (a), and £10 or more is as many instalments as
//     whole £5s it holds (b), to which 2(5)–(7) apply again (3(3)).
//
// https://www.legislation.gov.uk/uksi/1992/613/schedule/1 (paragraph 2 as at
// 1 April 2013, paragraph 3 as at 29 April 2013). "Less than £5" means an
// instalment of exactly £5.00 stands.
func TestFivePoundRules(t *testing.T) {
	cases := []struct {
		name        string
		amount      string
		n           int
		first, rest string
		count       int
	}{
		// The issue's three examples.
		// 13.50/3 = 4.50 → A = £5 (half up), B = 13.50 − 10 = £3.50 < £5:
		// 2(7) gives £8.50 then £5.00, two instalments, none under £5.
		{"£13.50 over 3: 2(7)", "13.50", 3, "8.50", "5.00", 2},
		// 10/2 = £5 exactly: 2(5), and £5 is not less than £5.
		{"£10 over 2: 2(5), £5 stands", "10.00", 2, "5.00", "5.00", 2},
		// 10/3 → A = £3, B = £4: 2(7) gives £7 + £3, still under £5, so
		// 3(1)(b): £10 holds two £5s, 2 × £5.
		{"£10 over 3: 2(7) then 3(1)(b)", "10.00", 3, "5.00", "5.00", 2},
		// Neighbours at the £5 and £10 edges.
		{"£9.99 over 2: 3(1)(a) one instalment", "9.99", 2, "9.99", "9.99", 1},
		{"£10 over 10: 3(1)(b) two", "10.00", 10, "5.00", "5.00", 2},
		{"£15 over 3: 2(5) three of £5", "15.00", 3, "5.00", "5.00", 3},
		{"£15.01 over 3: 2(6), first £5.01", "15.01", 3, "5.01", "5.00", 3},
		// 14.99/3 → A = £5, B = £4.99 < £5: 2(7) merges.
		{"£14.99 over 3: first £4.99 merged", "14.99", 3, "9.99", "5.00", 2},
		// 19.99/4 → A = £5, B = £4.99: 2(7), three instalments.
		{"£19.99 over 4: 2(7)", "19.99", 4, "9.99", "5.00", 3},
		// 16.50/10 → A = £2, B = −£1.50: 2(7) and then 3(1)(b): three £5s,
		// so 16.50/3 = 5.50 → A = £6, B = £4.50 < £5, and 2(7) applies again
		// (3(3)): £10.50 then £6.00.
		{"£16.50 over 10: 3(1)(b) then 2(7) again", "16.50", 10, "10.50", "6.00", 2},
		// £5.00 over 1 and 2: one instalment of £5; two of £2.50 would be
		// under £5, and £5 is under £10 (3(1)(a)).
		{"£5 over 2: 3(1)(a)", "5.00", 2, "5.00", "5.00", 1},
		{"£5 over 1", "5.00", 1, "5.00", "5.00", 1},
		{"1p over 10", "0.01", 10, "0.01", "0.01", 1},
		// 2(6) rounding to the nearest pound at the half: 1,235/10 = 123.50 →
		// £124, first = 1,235 − 9 × 124 = £119.
		{"2(6) half a pound rounds up", "1235.00", 10, "119.00", "124.00", 10},
		{"2(6) just under half rounds down", "1234.99", 10, "127.99", "123.00", 10},
	}
	for _, c := range cases {
		first, rest, n := SplitInstalments(amt(c.amount), c.n)
		if first != amt(c.first) || rest != amt(c.rest) || n != c.count {
			t.Errorf("%s: SplitInstalments(%s, %d) = %v, %v, %d; want %s, %s, %d", c.name, c.amount, c.n, first, rest, n, c.first, c.rest, c.count)
		}
	}
}

// TestScheduleDoesNotFit: the instalments' months must be uninterrupted and
// in the relevant year (Sch 1 para 2(4)). Ten instalments from a notice of
// 30 April fit only if the first falls in June at the latest: June to March
// is ten months.
func TestScheduleDoesNotFit(t *testing.T) {
	tb := tableFor(t, "E06000047")
	issued := d(2025, 4, 30)
	// 61 days after 30 April is 30 June: the first instalment is on that day
	// (the 1st has passed) and the tenth on 1 March.
	plan, err := tb.Instalments(amt("1000"), InstalmentOptions{Issued: issued, NoticeDays: 61})
	if err != nil || len(plan) != 10 || plan[0].Due != d(2025, 6, 30) || plan[9].Due != d(2026, 3, 1) {
		t.Errorf("notice of 61 days: %v, %v", dates(plan), err)
	}
	// 62 days is 1 July: July to March is nine months, too few.
	if plan, err := tb.Instalments(amt("1000"), InstalmentOptions{Issued: issued, NoticeDays: 62}); !errors.Is(err, ErrScheduleDoesNotFit) {
		t.Errorf("notice of 62 days: %v, %v; want ErrScheduleDoesNotFit", dates(plan), err)
	}
	// The 15th of June is on or after the earliest day (14 June): it stands.
	plan, err = tb.Instalments(amt("1000"), InstalmentOptions{Issued: d(2025, 5, 31), NoticeDays: 14, DueDay: 14})
	if err != nil || plan[0].Due != d(2025, 6, 14) {
		t.Errorf("due on the earliest day: %v, %v", dates(plan), err)
	}
	// Due days out of range mean the 1st.
	for _, day := range []int{-1, 0, 32} {
		plan, err := tb.Instalments(amt("1000"), InstalmentOptions{Issued: d(2025, 3, 1), DueDay: day})
		if err != nil || plan[0].Due != d(2025, 4, 1) || plan[1].Due != d(2025, 5, 1) {
			t.Errorf("due day %d: %v, %v", day, dates(plan), err)
		}
	}
	// A due day of 31 stays 31 where the month has one.
	plan, _ = tb.Instalments(amt("1000"), InstalmentOptions{Issued: d(2025, 3, 1), DueDay: 31})
	if plan[1].Due != d(2025, 5, 31) {
		t.Errorf("due day 31: %v", dates(plan))
	}
	// A negative notice period means the default 14 days.
	plan, _ = tb.Instalments(amt("1000"), InstalmentOptions{Issued: d(2026, 1, 5), NoticeDays: -3})
	if len(plan) != 1 || plan[0].Due != d(2026, 1, 19) {
		t.Errorf("negative notice days: %v", dates(plan))
	}
}

// TestNoticeAfterTheYear: paragraph 2 applies only to a notice issued on or
// before 31 December in the relevant year (Sch 1 para 2(1)); a later notice,
// including one issued after the year has ended (a bill for a past year),
// demands the aggregate in one sum, here 14 days after issue.
func TestNoticeAfterTheYear(t *testing.T) {
	tb := tableFor(t, "E06000047")
	cases := []struct {
		issued calendar.Date
		want   []string
	}{
		{d(2025, 12, 31), []string{"2026-02-01", "2026-03-01"}}, // two: January–March less one
		{d(2026, 1, 1), []string{"2026-01-15"}},
		{d(2026, 3, 31), []string{"2026-04-14"}},
		{d(2026, 4, 1), []string{"2026-04-15"}},
		{d(2027, 6, 30), []string{"2027-07-14"}},
	}
	for _, c := range cases {
		plan, err := tb.Instalments(amt("1234.56"), InstalmentOptions{Issued: c.issued})
		if err != nil || !equal(dates(plan), c.want) {
			t.Errorf("issued %v: %v, %v; want %v", c.issued, dates(plan), err, c.want)
			continue
		}
		assertSum(t, plan, "1234.56")
	}
	if got := InstalmentCount(2025, d(2026, 4, 1), false); got != 1 {
		t.Errorf("InstalmentCount after the year = %d, want 1", got)
	}
	if got := InstalmentCount(2025, d(2026, 4, 1), true); got != 1 {
		t.Errorf("InstalmentCount(twelve) after the year = %d, want 1", got)
	}
	// The last days of each rule: 30 April (10), 15 and 16 April (12 and 11
	// on request), 31 March before the year.
	for _, c := range []struct {
		issued calendar.Date
		twelve bool
		want   int
	}{
		{d(2025, 3, 31), false, 10}, {d(2025, 4, 1), false, 10}, {d(2025, 4, 1), true, 12},
		{d(2025, 4, 16), false, 10}, {d(2025, 5, 31), false, 9}, {d(2025, 5, 31), true, 10},
		{d(2025, 11, 30), false, 3}, {d(2025, 12, 1), false, 2}, {d(2025, 12, 31), true, 3},
	} {
		if got := InstalmentCount(2025, c.issued, c.twelve); got != c.want {
			t.Errorf("InstalmentCount(%v, twelve=%v) = %d, want %d", c.issued, c.twelve, got, c.want)
		}
	}
}

// TestWelshBandsBilled: Welsh dwellings have nine bands from 1 April 2005,
// band I being 21/9 of band D (Local Government Finance Act 1992 s5(1A),
// inserted by the Council Tax (Valuation Bands) (Wales) Order 2003, SI
// 2003/3046); every band can be billed, including from a precept given as
// stated band amounts (s40(2)).
func TestWelshBandsBilled(t *testing.T) {
	for _, y := range []Year{2005, 2025} {
		tb := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: y, Lines: []PreceptLine{
			{Kind: BillingAuthority, Name: "Cardiff", BandD: amt("900.00")},
		}}.MustCompile()
		want := []string{"600.00", "700.00", "800.00", "900.00", "1100.00", "1300.00", "1500.00", "1800.00", "2100.00"}
		for i, w := range want {
			b := BandA + Band(i)
			bill, err := tb.NewBill(&Account{Band: b, Instalments: InstalmentOptions{Issued: d(int(y), 3, 1)}})
			if err != nil {
				t.Errorf("%v band %v: %v", y, b, err)
				continue
			}
			if bill.Payable != amt(w) || bill.Annual != amt(w) {
				t.Errorf("%v band %v: payable %v, want %s", y, b, bill.Payable, w)
			}
		}
		if y == 2005 {
			if r, _, ok := BandI.RatioIn(Wales, y); !ok || r != 21 {
				t.Errorf("band I in 2005/06: %d, %v", r, ok)
			}
		}
	}
	if _, _, ok := BandI.RatioIn(Wales, 2004); ok {
		t.Error("band I in Wales in 2004/05")
	}
	stated := []payments.Amount{amt("1"), amt("2"), amt("3"), amt("4"), amt("5"), amt("6"), amt("7"), amt("8"), amt("9")}
	tb, err := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{
		{Kind: ParishOrTown, Name: "Community council", Bands: stated},
	}}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range stated {
		b := BandA + Band(i)
		bill, err := tb.NewBill(&Account{Band: b, Instalments: annualIssue})
		if err != nil || bill.Annual != a {
			t.Errorf("stated band %v: %v, %v; want %v", b, bill, err, a)
		}
	}
	// Eight stated amounts are one too few in Wales; nine one too many in
	// England.
	_, err = Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{{Name: "x", Bands: stated[:8]}}}.Compile()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("lines[0].bands", councilkit.CodeInvalid) {
		t.Errorf("eight Welsh bands: %v", err)
	}
	_, err = Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{{Name: "x", Bands: stated}}}.Compile()
	if !errors.As(err, &ve) || !ve.Has("lines[0].bands", councilkit.CodeInvalid) {
		t.Errorf("nine English bands: %v", err)
	}
	// A stated amount above £3,000,000 or below zero is refused; exactly
	// £3,000,000 and £0 are accepted.
	big := append([]payments.Amount(nil), stated...)
	big[0], big[8] = amt("0"), amt("3000000.00")
	if _, err := (Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{{Name: "x", Bands: big}}}).Compile(); err != nil {
		t.Errorf("£0 and £3,000,000 stated: %v", err)
	}
	big[0], big[8] = amt("-0.01"), amt("3000000.01")
	_, err = Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{{Name: "x", Bands: big}}}.Compile()
	if !errors.As(err, &ve) || !ve.Has("lines[0].bands[0]", councilkit.CodeInvalid) || !ve.Has("lines[0].bands[8]", councilkit.CodeInvalid) {
		t.Errorf("out-of-range stated amounts: %v", err)
	}
}

// TestAccountFaultsRefused: an account whose only fault is one of these is
// refused with a validation problem (stable code, English and Welsh), never
// billed: an unknown discount kind, a discount rate outside 0–100%, an
// unknown premium kind, or a premium exception outside England (the
// exceptions are classes of the Council Tax (Prescribed Classes of
// Dwellings) (England) Regulations 2003, from 1 April 2025).
func TestAccountFaultsRefused(t *testing.T) {
	eng := harrow(t)
	wales := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: SecondHome, From: d(2025, 4, 1), Tiers: []PremiumTier{{Rate: 10000}}}}}.MustCompile()
	scot := Charges{Council: councilkit.MustParseCouncil("S12000042"), Year: 2025, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: SecondHome, From: d(2025, 4, 1), Tiers: []PremiumTier{{Rate: 10000}}}}}.MustCompile()
	eng2024 := Charges{Council: councilkit.MustParseCouncil("E09000015"), Year: 2024, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: LongTermEmpty, From: d(2024, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 10000}}}}}.MustCompile()
	cases := []struct {
		name  string
		tb    *Table
		p     Period
		field string
		code  councilkit.Code
	}{
		{"unknown discount kind", eng, Period{Discount: Discount{Kind: LocalDiscount + 1}}, "periods[0].discount.kind", councilkit.CodeInvalidChoice},
		{"negative discount rate", eng, Period{Discount: Discount{Kind: LocalDiscount, Rate: -1}}, "periods[0].discount.rate_bp", councilkit.CodeInvalid},
		{"negative rate, no discount", eng, Period{Discount: Discount{Rate: -1}}, "periods[0].discount.rate_bp", councilkit.CodeInvalid},
		{"rate above 100%", eng, Period{Discount: Discount{Kind: LocalDiscount, Rate: 10001}}, "periods[0].discount.rate_bp", councilkit.CodeInvalid},
		{"unknown premium kind", eng, Period{Premium: SecondHome + 1}, "periods[0].premium", councilkit.CodeInvalidChoice},
		{"premium exception in Wales", wales, Period{Premium: SecondHome, Exception: ExceptionG}, "periods[0].premium_exception", councilkit.CodeInvalidChoice},
		{"premium exception in Scotland", scot, Period{Premium: SecondHome, Exception: ExceptionG}, "periods[0].premium_exception", councilkit.CodeInvalidChoice},
		{"exception before 1 April 2025", eng2024, Period{From: d(2025, 3, 31), Premium: LongTermEmpty, EmptySince: d(2020, 1, 1), Exception: ExceptionG}, "periods[0].premium_exception", councilkit.CodeInvalidChoice},
		{"period ends before the year", eng, Period{From: d(2025, 3, 30), To: d(2025, 3, 31)}, "periods[0].to", CodeOutOfYear},
		{"exception not for this premium", eng, Period{Premium: LongTermEmpty, EmptySince: d(2020, 1, 1), Exception: ExceptionJ}, "periods[0].premium_exception", councilkit.CodeInvalidChoice},
		{"exception without a premium", eng, Period{Exception: ExceptionG}, "periods[0].premium_exception", councilkit.CodeInvalidChoice},
		{"exemption class A in England", eng, Period{Exempt: ClassA}, "periods[0].exempt", CodeNotInNation},
		{"exemption class in Scotland", scot, Period{Exempt: ClassB}, "periods[0].exempt", CodeNotInNation},
		{"period ends after the year", eng, Period{To: d(2026, 4, 1)}, "periods[0].to", CodeOutOfYear},
		{"period starts after the year", eng, Period{From: d(2026, 4, 1), To: d(2026, 4, 2)}, "periods[0].from", CodeOutOfYear},
		{"period ends before it starts", eng, Period{From: d(2025, 5, 2), To: d(2025, 5, 1)}, "periods[0].to", councilkit.CodeInvalid},
	}
	for _, c := range cases {
		bill, err := c.tb.NewBill(&Account{Band: BandD, Periods: []Period{c.p}, Instalments: annualIssue})
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: billed (%v), want a validation error", c.name, bill)
			continue
		}
		if !ve.Has(c.field, c.code) {
			t.Errorf("%s: %v; want %s %s", c.name, ve, c.field, c.code)
		}
		for _, p := range ve.Problems {
			if p.Message.English == "" || p.Message.Welsh == "" {
				t.Errorf("%s: %v lacks English or Welsh", c.name, p)
			}
		}
	}
	// A negative council tax reduction alone is refused too.
	if _, err := eng.NewBill(&Account{Band: BandD, Reduction: payments.Pence(-1), Instalments: annualIssue}); err == nil {
		t.Error("negative reduction billed")
	}
}

// TestAccountEdgesBilled: the values at the edges of what the checks allow
// are billed, without the allocation a refused account costs (Compute
// allocates nothing for a valid account; see TestBillRunAllocates).
func TestAccountEdgesBilled(t *testing.T) {
	eng := harrow(t)
	cases := []struct {
		name string
		p    []Period
	}{
		{"rate 0 (statutory)", []Period{{Discount: Discount{Kind: SingleResident, Rate: 0}}}},
		{"rate 100%", []Period{{Discount: Discount{Kind: LocalDiscount, Rate: 10000}}}},
		{"local discount", []Period{{Discount: Discount{Kind: LocalDiscount, Rate: 1}}}},
		{"second homes premium", []Period{{Premium: SecondHome}}},
		{"exception from 1 April 2025", []Period{{From: d(2025, 4, 1), Premium: SecondHome, Exception: ExceptionL}}},
		{"Wales-and-England class W", []Period{{Exempt: ClassW}}},
		{"whole year by dates", []Period{{From: d(2025, 4, 1), To: d(2026, 3, 31)}}},
		{"adjacent periods", []Period{{To: d(2025, 9, 30)}, {From: d(2025, 10, 1)}}},
		{"one day", []Period{{From: d(2026, 3, 31), To: d(2026, 3, 31)}}},
	}
	var bill Bill
	for _, c := range cases {
		a := &Account{Band: BandD, Periods: c.p, Instalments: annualIssue}
		if err := eng.Compute(a, &bill); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if allocs := testing.AllocsPerRun(3, func() { _ = eng.Compute(a, &bill) }); allocs != 0 {
			t.Errorf("%s: Compute allocates %v times: the check took it for a fault", c.name, allocs)
		}
	}
}

// TestNationText: a Nation is written by its English name and read back;
// anything else is ErrInvalidNation.
func TestNationText(t *testing.T) {
	for _, n := range []Nation{England, Wales, Scotland} {
		b, err := n.MarshalText()
		if err != nil || string(b) != n.String() {
			t.Errorf("%v.MarshalText() = %q, %v", n, b, err)
		}
		var back Nation
		if err := back.UnmarshalText(b); err != nil || back != n {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, back, err)
		}
	}
	// The zero Nation is UnknownNation, which has a name of its own (issue
	// 16); only values past the last nation are refused.
	for _, n := range []Nation{Scotland + 1} {
		if _, err := n.MarshalText(); !errors.Is(err, ErrInvalidNation) {
			t.Errorf("Nation(%d).MarshalText: %v", n, err)
		}
	}
	if Nation(0) != UnknownNation || Nation(0).String() == "" || Nation(4).String() != "Nation(4)" {
		t.Errorf("String of unknown nations: %q %q", Nation(0).String(), Nation(4).String())
	}
	for _, s := range []string{"", "england", "Northern Ireland", "Nation(4)"} {
		var n Nation
		if err := n.UnmarshalText([]byte(s)); !errors.Is(err, ErrInvalidNation) {
			t.Errorf("UnmarshalText(%q) = %v, %v", s, n, err)
		}
	}
}

// TestExemptClassEnds: classes A and W are the first and last of the
// Council Tax (Exempt Dwellings) Order 1992 art 3 (class W inserted by SI
// 1997/656); A (and C) are Welsh only since the Council Tax (Exempt
// Dwellings) (England) (Amendment) Order 2012, SI 2012/2965.
func TestExemptClassEnds(t *testing.T) {
	for _, c := range []struct {
		s    string
		want ExemptClass
	}{{"A", ClassA}, {"a", ClassA}, {"Class A", ClassA}, {"W", ClassW}, {"class w", ClassW}} {
		if got, err := ParseExemptClass(c.s); err != nil || got != c.want {
			t.Errorf("ParseExemptClass(%q) = %v, %v", c.s, got, err)
		}
	}
	for _, s := range []string{"X", "@", "[", "Class X", ""} {
		if got, err := ParseExemptClass(s); err == nil {
			t.Errorf("ParseExemptClass(%q) = %v", s, got)
		}
	}
	for _, c := range []ExemptClass{ClassA, ClassW} {
		if c.Letter() == "" || c.String() != "Class "+c.Letter() || c.Text().English == "" || c.Text().Welsh == "" || c.LegalBasis() == "" {
			t.Errorf("%d: %q %q %v %q", c, c.Letter(), c.String(), c.Text(), c.LegalBasis())
		}
		if !c.In(Wales) || c.In(Scotland) {
			t.Errorf("%v in Wales %v, Scotland %v", c, c.In(Wales), c.In(Scotland))
		}
	}
	if ClassA.In(England) || !ClassW.In(England) || !ClassB.In(England) || ClassC.In(England) {
		t.Error("English exemption classes wrong at the ends")
	}
	over := ClassW + 1
	if over.Letter() != "" || over.String() != "ExemptClass(24)" || over.Text() != (councilkit.Text{}) || over.LegalBasis() != "" || over.In(Wales) || over.In(England) {
		t.Errorf("class after W: %q %q", over.Letter(), over.String())
	}
	if ClassA.Letter() != "A" || ClassW.Letter() != "W" {
		t.Errorf("letters %q %q", ClassA.Letter(), ClassW.Letter())
	}
}

// TestScottishBandsBefore2017: before 1 April 2017 Scottish bands used the
// original proportion of s74(1) (band A 6/9 … band H 18/9); from 2017/18
// the Council Tax (Substitution of Proportion) (Scotland) Order 2016 (SSI
// 2016/368) sets 240/360 … 882/360. Band A is two thirds of band D either
// way, so the ratio printed on the bill is what tells the years apart.
func TestScottishBandsBefore2017(t *testing.T) {
	for _, c := range []struct {
		y        Year
		b        Band
		num, den int64
	}{
		{2016, BandA, 6, 9}, {2016, BandH, 18, 9}, {2017, BandA, 240, 360}, {2017, BandH, 882, 360},
	} {
		num, den, ok := c.b.RatioIn(Scotland, c.y)
		if !ok || num != c.num || den != c.den {
			t.Errorf("band %v in %v: %d/%d %v; want %d/%d", c.b, c.y, num, den, ok, c.num, c.den)
		}
	}
	if _, _, ok := BandI.RatioIn(Scotland, 2016); ok {
		t.Error("band I in Scotland 2016/17")
	}
	if _, _, ok := Band(0).RatioIn(Scotland, 2016); ok {
		t.Error("band 0 in Scotland 2016/17")
	}
	tb := Charges{Council: councilkit.MustParseCouncil("S12000042"), Year: 2016, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}}}.MustCompile()
	bill, err := tb.NewBill(&Account{Band: BandA, Instalments: InstalmentOptions{Issued: d(2016, 3, 1)}})
	if err != nil || bill.Ratio != "6/9" || bill.Annual != amt("600") {
		t.Errorf("Scotland 2016/17 band A: %v, %v", bill, err)
	}
}

// TestZeroPrecept: a precepting authority may set a band D amount of £0.00
// (a parish or community council that raises nothing, for one); its line is
// £0.00 in every band and the table compiles, from a stated band D or from
// an exact fraction of zero.
func TestZeroPrecept(t *testing.T) {
	for _, l := range []PreceptLine{
		{Kind: ParishOrTown, Name: "Parish", BandD: amt("0")},
		{Kind: ParishOrTown, Name: "Parish", Exact: Fraction{Num: 0, Den: 100}},
	} {
		tb, err := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{
			{Kind: BillingAuthority, Name: "Council", BandD: amt("1800")}, l,
		}}.Compile()
		if err != nil {
			t.Fatalf("%+v: %v", l, err)
		}
		for b := BandA; b <= BandH; b++ {
			if !tb.LineAmount(1, b).IsZero() || tb.Amount(b) != tb.LineAmount(0, b) {
				t.Errorf("%+v band %v: line %v total %v", l, b, tb.LineAmount(1, b), tb.Amount(b))
			}
		}
	}
}

// TestWelshStatedBandsBefore2005: before 1 April 2005 Wales had eight bands
// (band I was added by the Council Tax (Valuation Bands) (Wales) Order
// 2003, SI 2003/3046, from 2005/06), so a precept for 2004/05 states eight
// amounts, A to H; nine are refused.
func TestWelshStatedBandsBefore2005(t *testing.T) {
	eight := []payments.Amount{amt("600"), amt("700"), amt("800"), amt("900"), amt("1100"), amt("1300"), amt("1500"), amt("1800")}
	tb, err := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2004, Lines: []PreceptLine{{Name: "x", Bands: eight}}}.Compile()
	if err != nil {
		t.Fatalf("eight bands in 2004/05: %v", err)
	}
	bill, err := tb.NewBill(&Account{Band: BandH, Instalments: InstalmentOptions{Issued: d(2004, 3, 1)}})
	if err != nil || bill.Annual != amt("1800") {
		t.Errorf("band H 2004/05: %v, %v", bill, err)
	}
	nine := append(eight[:8:8], amt("2100"))
	_, err = Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2004, Lines: []PreceptLine{{Name: "x", Bands: nine}}}.Compile()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("lines[0].bands", councilkit.CodeInvalid) || !strings.Contains(ve.Problems[0].Message.English, "(8)") {
		t.Errorf("nine bands in 2004/05: %v", err)
	}
}

// TestParseBandForms: "Band C", "band C" and "BAND C" are all read.
func TestParseBandForms(t *testing.T) {
	for _, s := range []string{"C", "c", "Band C", "band C", "BAND C", "BAND c"} {
		if b, err := ParseBand(s); err != nil || b != BandC {
			t.Errorf("ParseBand(%q) = %v, %v", s, b, err)
		}
	}
	for _, s := range []string{"BanD C", "Band  C", "J", "@", "Band"} {
		if b, err := ParseBand(s); err == nil {
			t.Errorf("ParseBand(%q) = %v", s, b)
		}
	}
}

// TestProblemsListOnlyFaults: a refused account lists its faults and
// nothing else: the edges of what is allowed (a period from 1 April, a 100%
// local discount, a statutory rate given as 0, the second homes premium,
// class W) are not reported alongside a real fault.
func TestProblemsListOnlyFaults(t *testing.T) {
	tb := harrow(t)
	_, err := tb.NewBill(&Account{Band: 0, Instalments: annualIssue, Periods: []Period{
		{From: d(2025, 4, 1), To: d(2025, 6, 30), Discount: Discount{Kind: LocalDiscount, Rate: 10000}},
		{From: d(2025, 7, 1), To: d(2025, 9, 30), Discount: Discount{Kind: SingleResident}, Premium: SecondHome},
		{From: d(2025, 10, 1), Exempt: ClassW},
	}})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || !ve.Has("band", CodeInvalidBand) {
		t.Errorf("err = %v; want only the band", err)
	}
}

// TestPremiumExceptionClassEnds: the exception classes run from E to M
// (Council Tax (Prescribed Classes of Dwellings) (England) Regulations 2003
// as amended from 1 April 2025); D and N are not exception classes.
func TestPremiumExceptionClassEnds(t *testing.T) {
	for _, c := range []struct {
		s    string
		want PremiumException
	}{{"E", ExceptionE}, {"e", ExceptionE}, {"Class E", ExceptionE}, {"class M", ExceptionM}, {"M", ExceptionM}} {
		if got, err := ParseExceptionClass(c.s); err != nil || got != c.want {
			t.Errorf("ParseExceptionClass(%q) = %v, %v", c.s, got, err)
		}
	}
	for _, s := range []string{"D", "N", "class N", "CLASS E", "Class  E", ""} {
		if got, err := ParseExceptionClass(s); err == nil {
			t.Errorf("ParseExceptionClass(%q) = %v", s, got)
		}
	}
	for _, e := range []PremiumException{ExceptionE, ExceptionM} {
		if e.Letter() == "" || e.String() != "Class "+e.Letter() || e.Text().Welsh == "" || e.LegalBasis() == "" {
			t.Errorf("%d: %q %q", e, e.Letter(), e.String())
		}
	}
	if ExceptionE.Letter() != "E" || ExceptionM.Letter() != "M" {
		t.Error("letters at the ends")
	}
	over := ExceptionM + 1
	if over.Letter() != "" || over.String() != "PremiumException(10)" || over.Text() != (councilkit.Text{}) || over.LegalBasis() != "" || over.Applies(LongTermEmpty) {
		t.Errorf("class after M: %q %q", over.Letter(), over.String())
	}
	if PremiumException(0) != NoException || PremiumException(0).String() == "" || PremiumException(0).Applies(SecondHome) {
		t.Error("no exception")
	}
}

// TestLargestBill: the apportionment sums pence × weights in 128 bits. The
// largest charge Compile allows (band D £1,000,000), band H (18/9), with a
// 300% long-term empty premium for a year takes the sum past 2^64 and must
// still come to exactly four times the band's £2,000,000.
func TestLargestBill(t *testing.T) {
	tb := Charges{Council: councilkit.MustParseCouncil("E09000015"), Year: 2025, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "x", BandD: amt("1000000")},
	}, Premiums: []PremiumPolicy{
		{Kind: LongTermEmpty, From: d(2025, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 10000}, {AfterYears: 5, Rate: 20000}, {AfterYears: 10, Rate: 30000}}},
	}}.MustCompile()
	bill, err := tb.NewBill(&Account{Band: BandH, Instalments: annualIssue, Periods: []Period{{Premium: LongTermEmpty, EmptySince: d(2010, 1, 1)}}})
	if err != nil {
		t.Fatal(err)
	}
	if bill.Liability != amt("8000000") || bill.Periods[0].PremiumRate != 30000 {
		t.Errorf("liability %v, premium %d", bill.Liability, bill.Periods[0].PremiumRate)
	}
	// Cut into two periods it still adds up.
	bill, err = tb.NewBill(&Account{Band: BandH, Instalments: annualIssue, Periods: []Period{
		{To: d(2025, 9, 30), Premium: LongTermEmpty, EmptySince: d(2010, 1, 1)},
		{From: d(2025, 10, 1), Premium: LongTermEmpty, EmptySince: d(2010, 1, 1)},
	}})
	if err != nil || bill.Liability != amt("8000000") {
		t.Errorf("two periods: %v, %v", bill, err)
	}
}

// TestKindNamesAtTheEnds: every kind's name, text and legal basis is found
// up to the last kind, and a kind beyond it has a numbered name and no text.
func TestKindNamesAtTheEnds(t *testing.T) {
	if CombinedAuthority.String() != "combined_authority" || PreceptKind(CombinedAuthority+1).String() != "PreceptKind(9)" {
		t.Errorf("precept kinds: %q %q", CombinedAuthority.String(), PreceptKind(CombinedAuthority+1).String())
	}
	if LocalDiscount.String() != "local" || LocalDiscount.Text().Welsh == "" || LocalDiscount.LegalBasis() == "" {
		t.Errorf("local discount: %q %v %q", LocalDiscount.String(), LocalDiscount.Text(), LocalDiscount.LegalBasis())
	}
	over := LocalDiscount + 1
	if over.String() != "DiscountKind(6)" || over.Text() != (councilkit.Text{}) || over.LegalBasis() != "" || over.StatutoryRate() != 0 {
		t.Errorf("discount kind 6: %q %v %q", over.String(), over.Text(), over.LegalBasis())
	}
	if SecondHome.String() != "second_home" || SecondHome.Text().Welsh == "" || SecondHome.LegalBasis() == "" {
		t.Errorf("second homes: %q %v %q", SecondHome.String(), SecondHome.Text(), SecondHome.LegalBasis())
	}
	pover := SecondHome + 1
	if pover.String() != "PremiumKind(3)" || pover.Text() != (councilkit.Text{}) || pover.LegalBasis() != "" {
		t.Errorf("premium kind 3: %q %v %q", pover.String(), pover.Text(), pover.LegalBasis())
	}
}

// TestCompileEdges: the edges of what Compile accepts. Council tax began on
// 1 April 1993 (Local Government Finance Act 1992 s1); years run to
// 9998/99, the last a calendar.Date can end. An exact band D may have a
// denominator up to 2^40; a stated band D equal to the stated amounts is
// accepted; LineAmount answers for every line and band and nothing past
// them.
func TestCompileEdges(t *testing.T) {
	line := []PreceptLine{{Name: "x", BandD: amt("900")}}
	for _, y := range []Year{1993, 9998} {
		if _, err := (Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: y, Lines: line}).Compile(); err != nil {
			t.Errorf("year %v: %v", y, err)
		}
	}
	for _, y := range []Year{1992, 9999} {
		_, err := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: y, Lines: line}.Compile()
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has("year", councilkit.CodeInvalid) {
			t.Errorf("year %d: %v", int(y), err)
		}
	}
	const big = 1 << 40
	if _, err := (Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{
		{Name: "x", Exact: Fraction{Num: 90000 * big, Den: big}}}}).Compile(); err != nil {
		t.Errorf("denominator 2^40: %v", err)
	}
	_, err := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{
		{Name: "x", Exact: Fraction{Num: 90000 * (big + 1), Den: big + 1}},
		{Name: "y", Exact: Fraction{Num: -1, Den: 100}},
	}}.Compile()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("lines[0].exact", councilkit.CodeInvalid) || !ve.Has("lines[1].exact", councilkit.CodeInvalid) {
		t.Errorf("denominator 2^40+1, negative numerator: %v", err)
	}
	stated := []payments.Amount{amt("148.69"), amt("173.47"), amt("198.26"), amt("223.04"), amt("272.61"), amt("322.17"), amt("371.73"), amt("446.08")}
	if _, err := (Charges{Council: councilkit.MustParseCouncil("E07000195"), Year: 2025, Lines: []PreceptLine{
		{Name: "x", BandD: amt("223.04"), Bands: stated}}}).Compile(); err != nil {
		t.Errorf("band D equal to the stated band D: %v", err)
	}
	wales := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{
		{Name: "x", BandD: amt("900")}, {Name: "y", BandD: amt("90")}}}.MustCompile()
	if wales.LineAmount(1, BandI) != amt("210") || wales.LineAmount(0, BandI) != amt("2100") || wales.Amount(BandI) != amt("2310") {
		t.Errorf("band I lines %v %v", wales.LineAmount(0, BandI), wales.LineAmount(1, BandI))
	}
	if !wales.LineAmount(2, BandA).IsZero() || !wales.LineAmount(-1, BandA).IsZero() || !wales.LineAmount(0, BandI+1).IsZero() || !wales.Amount(BandI+1).IsZero() {
		t.Error("LineAmount past the lines or bands")
	}
}

// TestPremiumTierEdges: a tier's rate must be at least 1 basis point, and
// tiers must start at strictly increasing whole years (s11B(1A)–(1C) sets
// its steps at distinct periods empty).
func TestPremiumTierEdges(t *testing.T) {
	for _, c := range []struct {
		tiers []PremiumTier
		field string
		code  councilkit.Code
	}{
		{[]PremiumTier{{AfterYears: 1, Rate: 0}}, "premiums[0].tiers[0].rate_bp", councilkit.CodeTooSmall},
		{[]PremiumTier{{AfterYears: 1, Rate: 10000}, {AfterYears: 1, Rate: 20000}}, "premiums[0].tiers[1].after_years", councilkit.CodeInvalid},
	} {
		_, err := Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
			Premiums: []PremiumPolicy{{Kind: LongTermEmpty, From: d(2025, 4, 1), Tiers: c.tiers}}}.Compile()
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has(c.field, c.code) {
			t.Errorf("%+v: %v", c.tiers, err)
		}
	}
	if _, err := (Charges{Council: councilkit.MustParseCouncil("E06000047"), Year: 2025, Lines: []PreceptLine{{Name: "x", BandD: amt("900")}},
		Premiums: []PremiumPolicy{{Kind: LongTermEmpty, From: d(2025, 4, 1), Tiers: []PremiumTier{{AfterYears: 1, Rate: 1}, {AfterYears: 2, Rate: 2}}}}}).Compile(); err != nil {
		t.Errorf("1 bp then 2 bp: %v", err)
	}
}

// TestParseYearEdges: financial years from 1993/94, the first year of
// council tax (Local Government Finance Act 1992 s1), to 9998/99.
func TestParseYearEdges(t *testing.T) {
	for _, s := range []string{"1993", "1993/94", "9998", "9998-99"} {
		if _, err := ParseYear(s); err != nil {
			t.Errorf("ParseYear(%q): %v", s, err)
		}
	}
	for _, s := range []string{"1992", "1992/93", "9999", "9999/00"} {
		if y, err := ParseYear(s); err == nil {
			t.Errorf("ParseYear(%q) = %v", s, y)
		}
	}
}

// TestTrunc: error messages quote at most 20 bytes of the input, never
// splitting a character.
func TestTrunc(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{strings.Repeat("x", 20), strings.Repeat("x", 20)},
		{strings.Repeat("x", 21), strings.Repeat("x", 20)},
		{strings.Repeat("x", 19) + "£1", strings.Repeat("x", 19)}, // £ is bytes 19–20
		{strings.Repeat("x", 18) + "£1", strings.Repeat("x", 18) + "£"},
		{strings.Repeat("\x80", 25), ""}, // no character starts in the first 21 bytes
	} {
		if got := trunc(c.in); got != c.want {
			t.Errorf("trunc(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
