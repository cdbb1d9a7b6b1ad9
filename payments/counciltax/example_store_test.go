package counciltax_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments/counciltax"
)

// A council issues a bill and records it; when the single person discount
// ends on 1 October it computes the bill again with Adjust, records the
// adjustment with Modify, and the store records an event for each: the
// amounts and dates, not the resident's name or address. Band D is
// £2,228.25; 183 days at 75% and 182 at 100% of it (liability by the day,
// Local Government Finance Act 1992 s2) is £2,228.25 × 319.25 / 365 =
// £1,948.9556, so £1,948.96.
func ExampleMemStore() {
	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorSystem, ID: "billing"})
	table, err := charges().Compile()
	if err != nil {
		panic(err)
	}
	council := table.Council()
	account := counciltax.Account{
		Band:        counciltax.BandD,
		Periods:     []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
		Instalments: counciltax.InstalmentOptions{Issued: calendar.MustDate(2025, time.March, 10)},
	}
	bill, err := table.NewBill(&account)
	if err != nil {
		panic(err)
	}
	store := new(counciltax.MemStore)
	rec := &counciltax.BillRecord{
		ID: "2025-A-100200", Account: "A-100200", Bill: *bill,
		IssuedAt: time.Date(2025, time.March, 10, 9, 0, 0, 0, time.UTC),
		Liable:   []identity.Person{{GivenNames: "Sam", FamilyName: "Jones"}},
	}
	if err := store.Create(ctx, council, rec); err != nil {
		panic(err)
	}

	account.Periods = []counciltax.Period{
		{To: calendar.MustDate(2025, time.September, 30), Discount: counciltax.Discount{Kind: counciltax.SingleResident}},
		{From: calendar.MustDate(2025, time.October, 1)},
	}
	at := time.Date(2025, time.October, 1, 9, 0, 0, 0, time.UTC)
	if _, err := counciltax.Modify(ctx, store, council, rec.ID, func(r *counciltax.BillRecord) error {
		var next counciltax.Bill
		if err := table.Adjust(&account, r.Bill.Instalments, calendar.DateOf(at), &next); err != nil {
			return err
		}
		r.Adjust(&next, at, "single_person_discount_ended")
		return nil
	}); err != nil {
		panic(err)
	}

	evs, _ := store.EventLog().Subject(ctx, council, rec.ID)
	for _, r := range evs {
		fmt.Println(r.Event.Type.Short(), string(r.Event.Data))
	}
	// Output:
	// counciltax.bill.issued.v1 {"account":"A-100200","year":2025,"band":"D","payable_pence":167119,"previous_payable_pence":0,"instalments":10,"first_due":"2025-04-01","issued":"2025-03-10"}
	// counciltax.bill.adjusted.v1 {"account":"A-100200","year":2025,"band":"D","payable_pence":194896,"previous_payable_pence":167119,"instalments":10,"first_due":"2025-04-01","issued":"2025-10-01"}
}
