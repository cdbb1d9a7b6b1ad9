package events_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// The event a payment's success records, as a back-office subscriber
// receives it.
func ExampleNew() {
	e, err := events.New(councilkit.MustParseCouncil("E06000047"), events.PaymentSucceeded, "pay_123",
		time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC), events.Actor{Kind: events.ActorProvider, ID: "govukpay"},
		events.Payment{PaymentID: "pay_123", Reference: "GW-2026-0042", AmountPence: 4500, Status: "success", FundCode: "GW100"})
	if err != nil {
		fmt.Println(err)
		return
	}
	e.ID = "00000000-0000-4000-8000-000000000001" // random; fixed here for the output
	b, _ := json.MarshalIndent(e, "", "  ")
	fmt.Println(string(b))
	// Output:
	// {
	//   "specversion": "1.0",
	//   "id": "00000000-0000-4000-8000-000000000001",
	//   "source": "/councils/E06000047/payment",
	//   "type": "io.github.lgds.councilkit.payment.succeeded.v1",
	//   "subject": "pay_123",
	//   "time": "2026-04-01T09:30:00Z",
	//   "datacontenttype": "application/json",
	//   "dataschema": "https://github.com/lgds/councilkit/blob/main/events/schemas/payment.succeeded.v1.json",
	//   "council": "E06000047",
	//   "actor": {
	//     "kind": "provider",
	//     "id": "govukpay"
	//   },
	//   "data": {
	//     "payment_id": "pay_123",
	//     "reference": "GW-2026-0042",
	//     "amount_pence": 4500,
	//     "status": "success",
	//     "fund_code": "GW100",
	//     "provider": "",
	//     "provider_id": "",
	//     "failure_code": ""
	//   }
	// }
}
