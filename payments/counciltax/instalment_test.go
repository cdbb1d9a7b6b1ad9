package counciltax

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

func d(y, m, day int) calendar.Date { return calendar.MustDate(y, timeMonth(m), day) }

// TestInstalmentCount follows Schedule 1 paragraph 2(1), (3) and (3A) of the
// Council Tax (Administration and Enforcement) Regulations 1992
// (https://www.legislation.gov.uk/uksi/1992/613/schedule/1; 2(3A) inserted
// for England by SI 2012/3086 from 1 April 2013).
func TestInstalmentCount(t *testing.T) {
	cases := []struct {
		issued calendar.Date
		twelve bool
		want   int
	}{
		{d(2025, 3, 10), false, 10}, // before the year: 10
		{d(2025, 4, 30), false, 10}, // by 30 April: 10
		{d(2025, 5, 1), false, 9},   // June–March is 10 whole months after issue, less one
		{d(2025, 6, 15), false, 8},  // July–March is 9, less one
		{d(2025, 12, 31), false, 2}, // January–March is 3, less one
		{d(2026, 1, 1), false, 1},   // after 31 December paragraph 2 does not apply
		{d(2026, 3, 31), false, 1},
		{d(2025, 3, 10), true, 12},
		{d(2025, 4, 15), true, 12}, // by 15 April: 12
		{d(2025, 4, 16), true, 11}, // May–March: the whole months remaining
		// Slough: "if your request is received in June you will be given nine
		// instalments from July to March" (https://www.slough.gov.uk/council-tax/pay-council-tax/9).
		{d(2025, 6, 20), true, 9},
		{d(2026, 2, 10), true, 1},
	}
	for _, c := range cases {
		if got := InstalmentCount(2025, c.issued, c.twelve); got != c.want {
			t.Errorf("InstalmentCount(%v, twelve=%v) = %d, want %d", c.issued, c.twelve, got, c.want)
		}
	}
}

// TestSplitInstalments follows Schedule 1 paragraphs 2(5)–(7) and 3.
func TestSplitInstalments(t *testing.T) {
	cases := []struct {
		name        string
		amount      string
		n           int
		first, rest string
		count       int
	}{
		// 2(6): the example. 1,234.56/10 = 123.456 → £123; the first
		// is 1,234.56 − 9 × 123 = £127.56.
		{"2(6) first takes the rest", "1234.56", 10, "127.56", "123.00", 10},
		{"2(6) rounds up to the nearest pound", "1711.91", 12, "138.91", "143.00", 12},
		{"2(5) a whole number of pounds", "1230.00", 10, "123.00", "123.00", 10},
		// 2(6) then 2(7): 85/10 = 8.50 → £9 (half up); first = 85 − 81 = £4,
		// under £5, so the second is added to it: £13 then eight of £9.
		{"2(7) small first instalment merged", "85.00", 10, "13.00", "9.00", 9},
		// 3(1)(b): 40/10 = £4 is under £5; £40 holds eight £5s.
		{"3(1)(b) as many instalments as whole £5s", "40.00", 10, "5.00", "5.00", 8},
		{"3(1)(b) then 2(6)", "12.00", 10, "6.00", "6.00", 2},
		{"3(1)(a) under £10 is one instalment", "9.99", 10, "9.99", "9.99", 1},
		{"nothing to pay", "0", 10, "0", "0", 1},
		{"a credit", "-12.34", 10, "-12.34", "-12.34", 1},
	}
	for _, c := range cases {
		first, rest, n := SplitInstalments(amt(c.amount), c.n)
		if first != amt(c.first) || rest != amt(c.rest) || n != c.count {
			t.Errorf("%s: SplitInstalments(%s, %d) = %v, %v, %d; want %s, %s, %d", c.name, c.amount, c.n, first, rest, n, c.first, c.rest, c.count)
		}
	}
}

// TestSplitProperties: for any amount and count the instalments add up to
// the amount, every instalment after the first is a whole number of pounds,
// none is under £5 unless there is only one, and the count never grows.
func TestSplitProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200_000; i++ {
		var c int64
		switch i % 3 {
		case 0:
			c = r.Int64N(20_000) // small amounts exercise the £5 rules
		default:
			c = r.Int64N(2_000_000)
		}
		n := 1 + r.IntN(12)
		first, rest, count := split(c, n)
		if first+int64(count-1)*rest != c {
			t.Fatalf("split(%d, %d) = %d + %d×%d does not add up", c, n, first, count-1, rest)
		}
		if count > n || count < 1 {
			t.Fatalf("split(%d, %d) count %d", c, n, count)
		}
		if count > 1 && (rest%100 != 0 && c%(100*int64(count)) != 0) {
			t.Fatalf("split(%d, %d): later instalment %d is not whole pounds", c, n, rest)
		}
		if count > 1 && (first < 500 || rest < 500) {
			t.Fatalf("split(%d, %d) = %d, %d: instalment under £5", c, n, first, rest)
		}
	}
}

func tableFor(t testing.TB, council string) *Table {
	t.Helper()
	return Charges{Council: councilkit.MustParseCouncil(council), Year: 2025, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "Council", BandD: amt("2000.00")},
	}}.MustCompile()
}

func dates(plan []Instalment) []string {
	out := make([]string, len(plan))
	for i, in := range plan {
		out[i] = in.Due.String()
	}
	return out
}

func TestInstalmentDates(t *testing.T) {
	tb := tableFor(t, "E06000047")
	cases := []struct {
		name string
		opts InstalmentOptions
		want []string
	}{
		{"annual bill, 10 on the 1st", InstalmentOptions{Issued: d(2025, 3, 10)},
			[]string{"2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01"}},
		{"annual bill, 12 on the 31st clamps to month end", InstalmentOptions{Issued: d(2025, 3, 10), Twelve: true, DueDay: 31},
			[]string{"2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31"}},
		{"mid-May bill: 9 from June", InstalmentOptions{Issued: d(2025, 5, 15), DueDay: 15},
			[]string{"2025-06-15", "2025-07-15", "2025-08-15", "2025-09-15", "2025-10-15", "2025-11-15", "2025-12-15", "2026-01-15", "2026-02-15"}},
		{"12 requested on 10 April: first 14 days after issue", InstalmentOptions{Issued: d(2025, 4, 10), Twelve: true},
			[]string{"2025-04-24", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01"}},
		{"after 31 December: one payment", InstalmentOptions{Issued: d(2026, 1, 20)}, []string{"2026-02-03"}},
	}
	for _, c := range cases {
		plan, err := tb.Instalments(amt("1234.56"), c.opts)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := dates(plan); !equal(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
		var sum payments.Amount
		for _, in := range plan {
			sum = sum.Add(in.Amount)
		}
		if sum != amt("1234.56") {
			t.Errorf("%s: instalments sum to %v", c.name, sum)
		}
	}
	// A due date on a Sunday moves to the next working day: 1 June 2025 is a
	// Sunday; 1 September 2025 is a Monday.
	plan, _ := tb.Instalments(amt("1000"), InstalmentOptions{Issued: d(2025, 3, 10), Calendar: calendar.New(calendar.EnglandAndWales)})
	if plan[2].Due != d(2025, 6, 2) || plan[5].Due != d(2025, 9, 1) {
		t.Errorf("rolled dates %v", dates(plan))
	}
	if _, err := tb.Instalments(amt("10"), InstalmentOptions{}); err == nil {
		t.Error("no issue date accepted")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReprofile: when the amount changes part way through the year the
// instalments already due stand and the rest are recomputed, always adding
// up to the new amount.
func TestReprofile(t *testing.T) {
	tb := tableFor(t, "E06000047")
	plan, _ := tb.Instalments(amt("1234.56"), InstalmentOptions{Issued: d(2025, 3, 10)})
	// Single person discount from 1 August: the year's liability falls to
	// £1,011.17; April–August (five instalments, £619.56) stand.
	re := Reprofile(plan, amt("1011.17"), d(2025, 8, 10))
	if len(re) != 10 || re[4] != plan[4] || re[5].Amount != amt("79.61") || re[6].Amount != amt("78.00") {
		t.Errorf("reprofiled %+v", re)
	}
	assertSum(t, re, "1011.17")
	// Moved out: liability below what has been demanded; a credit.
	re = Reprofile(plan, amt("500.00"), d(2025, 8, 10))
	if len(re) != 6 || re[5].Amount != amt("-119.56") || re[5].Due != d(2025, 9, 1) {
		t.Errorf("credit %+v", re)
	}
	assertSum(t, re, "500.00")
	// Change after the last instalment.
	re = Reprofile(plan, amt("1300.00"), d(2026, 2, 10))
	if len(re) != 11 || re[10].Due != d(2026, 2, 24) {
		t.Errorf("late change %+v", re)
	}
	assertSum(t, re, "1300.00")
}

func assertSum(t *testing.T, plan []Instalment, want string) {
	t.Helper()
	var sum payments.Amount
	for _, in := range plan {
		sum = sum.Add(in.Amount)
	}
	if sum != amt(want) {
		t.Errorf("instalments sum to %v, want %v", sum, want)
	}
}

func timeMonth(m int) time.Month { return time.Month(m) }

// TestAdjust: a resident's partner leaves on 31 July; the single person
// discount from 1 August is notified on 10 August. The bill is recomputed
// and the September–January instalments collect the new balance.
func TestAdjust(t *testing.T) {
	tb := harrow(t)
	acct := Account{Band: BandD, Instalments: InstalmentOptions{Issued: d(2025, 3, 10)}}
	first, err := tb.NewBill(&acct)
	if err != nil {
		t.Fatal(err)
	}
	acct.Periods = []Period{{To: d(2025, 7, 31)}, {From: d(2025, 8, 1), Discount: Discount{Kind: SingleResident}}}
	var adjusted Bill
	if err := tb.Adjust(&acct, first.Instalments, d(2025, 8, 10), &adjusted); err != nil {
		t.Fatal(err)
	}
	// 122 days full and 243 days at 75% of £2,395.86: £1,997.10.
	if adjusted.Payable != amt("1997.10") {
		t.Errorf("payable %v", adjusted.Payable)
	}
	for i := 0; i < 5; i++ {
		if adjusted.Instalments[i] != first.Instalments[i] {
			t.Errorf("instalment %d changed: %+v", i, adjusted.Instalments[i])
		}
	}
	assertSum(t, adjusted.Instalments, "1997.10")
	if len(adjusted.Instalments) != 10 || adjusted.Instalments[9].Due != d(2026, 1, 1) {
		t.Errorf("instalments %+v", adjusted.Instalments)
	}
}
