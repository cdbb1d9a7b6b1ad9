package counciltax

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"

	"github.com/lgds/councilkit/internal/jsontest"
)

// FuzzStoredJSON: for every type this package keeps or exchanges as
// JSON, encoding, decoding and encoding again gives the same bytes (the
// fault class of issue 15, finding 6: an omitzero struct whose empty but
// non-nil slice vanishes on the second encode).
func FuzzStoredJSON(f *testing.F) {
	types := []func(testing.TB, []byte) []byte{
		jsontest.Stable[Account],
		jsontest.Stable[Period],
		jsontest.Stable[Bill],
		jsontest.Stable[BillLine],
		jsontest.Stable[Segment],
		jsontest.Stable[Adjustment],
		jsontest.Stable[BillRecord],
	}
	// A stored bill, adjusted once.
	table := Charges{Council: councilkit.MustParseCouncil("E07000132"), Year: 2025, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "Borough", BandD: payments.MustParseAmount("2,000.00")}}}.MustCompile()
	bill, err := table.NewBill(&Account{Band: BandB, Instalments: InstalmentOptions{Issued: calendar.MustParseDate("2025-03-10")}})
	if err != nil {
		f.Fatal(err)
	}
	r := BillRecord{ID: "b1", Account: "A-1", Bill: *bill, IssuedAt: time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC),
		Liable: []identity.Person{{FamilyName: "Jones"}}, Address: identity.Address{Lines: []string{"1 High Street"}}}
	next := *bill
	next.Payable = payments.Pence(100)
	r.Adjust(&next, time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC), "test")
	if b, err := json.Marshal(r); err == nil {
		f.Add(uint8(len(types)-1), b)
	}
	f.Add(uint8(0), []byte(`{}`))
	f.Add(uint8(0), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		types[int(which)%len(types)](t, data)
	})
}
