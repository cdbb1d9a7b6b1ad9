// Package counciltaxtest is the conformance suite for counciltax.Store
// implementations. Every store, in memory or in a database, must pass
// RunStoreTests: it creates, reads, updates and lists issued bills, checks
// council isolation on every method, the versioned compare-and-swap, the
// append-only adjustments, concurrent writers, the events each change
// records, and that the liable people's names and the address appear in no
// error, log line or event.
//
//	func TestStore(t *testing.T) {
//		counciltaxtest.RunStoreTests(t, func(t *testing.T) counciltax.Store {
//			return new(counciltax.MemStore)
//		})
//	}
package counciltaxtest

import (
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// Councils the suite uses: Hinckley and Bosworth, whose 2025/26 figures
// the bills use, and Durham, billed on the same figures only to test
// isolation.
var (
	CouncilA = councilkit.MustParseCouncil("E07000132")
	CouncilB = councilkit.MustParseCouncil("E06000047")
)

// IssuedAt is when NewBill's demand notice is issued: 10 March 2025, 09:00
// UTC.
var IssuedAt = time.Date(2025, time.March, 10, 9, 0, 0, 0, time.UTC)

// The personal data on NewBill's demand notice, which the suite looks for
// in errors, logs and events.
const (
	liableGiven  = "Evangelina"
	liableFamily = "Throckmorton-Voss"
	addressLine  = "17 Quarrington Close"
	postcode     = "LE10 0FR"
)

// Table returns the council's 2025/26 table on Hinckley and Bosworth's
// band D precepts as the borough published them: Leicestershire County
// Council £1,681.50, the Police and Crime Commissioner £300.23, the fire
// authority £86.65 and the borough's average £159.87
// (https://www.hinckley-bosworth.gov.uk/info/200397/borough_bulletin/2061/hinckley_and_bosworth_borough_bulletin_spring_2025_edition_97/3).
func Table(c councilkit.Council) *counciltax.Table {
	return counciltax.Charges{
		Council: c,
		Year:    2025,
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.CountyCouncil, Name: "Leicestershire County Council", BandD: payments.MustParseAmount("1,681.50")},
			{Kind: counciltax.Police, Name: "Police and Crime Commissioner", BandD: payments.MustParseAmount("300.23")},
			{Kind: counciltax.FireAndRescue, Name: "Combined Fire Authority", BandD: payments.MustParseAmount("86.65")},
			{Kind: counciltax.BillingAuthority, Name: "Hinckley & Bosworth BC", BandD: payments.MustParseAmount("159.87")},
		},
	}.MustCompile()
}

// Account is NewBill's account: band D, liable all year with a single
// person discount, issued on 10 March 2025 for 10 instalments. The band D
// total is £2,228.25; 25% off is £1,671.1875, so £1,671.19 is payable
// (Local Government Finance Act 1992 s11(1)(b); Schedule 1 paragraph 2(6)
// of the Council Tax (Administration and Enforcement) Regulations 1992:
// nine instalments of £167 and a first of £168.19).
func Account() *counciltax.Account {
	return &counciltax.Account{
		Band:        counciltax.BandD,
		Periods:     []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
		Instalments: counciltax.InstalmentOptions{Issued: calendar.DateOf(IssuedAt)},
	}
}

// NewBill returns an issued bill for council c with the given ID, on
// account "A-100200", computed from Account with c's Table.
func NewBill(c councilkit.Council, id string) *counciltax.BillRecord {
	b, err := Table(c).NewBill(Account())
	if err != nil {
		panic(err)
	}
	r := &counciltax.BillRecord{ID: id, Council: c, Account: "A-100200", Bill: *b, IssuedAt: IssuedAt}
	r.Liable = []identity.Person{{GivenNames: liableGiven, FamilyName: liableFamily, DateOfBirth: calendar.MustParseDate("1971-05-04")}}
	r.Address = identity.Address{Lines: []string{addressLine}, Town: "Hinckley", Postcode: identity.MustParsePostcode(postcode)}
	return r
}

// AdjustedAt is when Adjust's adjustment is made: 1 October 2025, 09:00
// UTC.
var AdjustedAt = time.Date(2025, time.October, 1, 9, 0, 0, 0, time.UTC)

// Adjust records on r that the single person discount ended on 1 October
// 2025: the bill is computed again (Table.Adjust) with the discount for
// April to September only, and the instalments not yet due collect the
// new amount.
func Adjust(t testing.TB, r *counciltax.BillRecord, at time.Time) {
	t.Helper()
	a := Account()
	a.Periods = []counciltax.Period{
		{To: calendar.MustParseDate("2025-09-30"), Discount: counciltax.Discount{Kind: counciltax.SingleResident}},
		{From: calendar.MustParseDate("2025-10-01")},
	}
	var b counciltax.Bill
	if err := Table(r.Council).Adjust(a, r.Bill.Instalments, calendar.DateOf(at), &b); err != nil {
		t.Fatal(err)
	}
	r.Adjust(&b, at, "single_person_discount_ended")
}
