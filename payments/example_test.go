package payments_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/shopspring/decimal"
)

func ExampleParseAmount() {
	a, err := payments.ParseAmount("£1,234.5")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a, a.Pence(), a.Plain())
	fmt.Println(a.Neg())
	fmt.Println(a.Format(councilkit.Welsh))

	_, err = payments.ParseAmount("1.005")
	fmt.Println(err)
	// Output:
	// £1,234.50 123450 1234.50
	// -£1,234.50
	// £1,234.50
	// payments: cannot read "1.005" as an amount: more than two decimal places
}

func ExampleAmount_Allocate() {
	// £100.00 shared 1:1:1 between three funds: the odd penny goes to the
	// part with the largest remainder, the earliest among equals.
	parts, _ := payments.Pounds(100).Allocate(1, 1, 1)
	fmt.Println(parts)

	// A £45.00 payment split 70:30 between two ledgers.
	parts, _ = payments.Pounds(45).Allocate(70, 30)
	fmt.Println(parts)

	// Split takes a count and, like Allocate, returns an error for a bad one.
	thirds, _ := payments.Pounds(10).Split(3)
	fmt.Println(thirds)
	_, err := payments.Pounds(10).Split(0)
	fmt.Println(err)
	// Output:
	// [£33.34 £33.33 £33.33]
	// [£31.50 £13.50]
	// [£3.34 £3.33 £3.33]
	// payments: invalid amount: cannot split into 0 parts
}

func ExampleAmount_MulPercent() {
	charge := payments.MustParseAmount("1,987.65")
	// A 25% single person discount, rounded half up.
	discount, _ := charge.MulPercent(decimal.NewFromInt(25), payments.RoundHalfUp)
	fmt.Println(discount, charge.Sub(discount))

	// 93 days of a 365-day year, rounded down so nobody is overcharged.
	part, _ := charge.MulRatio(93, 365, payments.RoundDown)
	fmt.Println(part)
	// Output:
	// £496.91 £1,490.74
	// £506.44
}

// A full payment against the sandbox: start it, let the "resident" pay with
// one of GOV.UK Pay's mock cards, confirm it when they return, refund part
// and print the day's settlement.
func ExampleService() {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC))
	provider, err := sandbox.New(clock, "https://portal.example/sandbox/pay/", sandbox.Config{})
	if err != nil {
		log.Fatal(err)
	}
	svc := payments.NewService(payments.NewMemStore(), provider, clock)
	durham := councilkit.MustParseCouncil("E06000047")

	p, err := svc.Start(ctx, durham, payments.StartRequest{
		Amount:         payments.MustParseAmount("£45.00"),
		Reference:      "GW-2026-0042",
		Description:    "Garden waste collection 2026",
		ReturnURL:      "https://portal.example/garden-waste/paid",
		FundCode:       "GW100",
		IdempotencyKey: "gw-2026-0042-attempt-1",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.NextURL)

	// The resident pays on the provider's pages…
	provider.PayWithCard(p.ProviderID, "4444333322221111")

	// …and comes back to the return URL. Ask the provider what happened.
	p, _ = svc.Confirm(ctx, durham, p.ID)
	fmt.Println(p.Status, p.Finished())

	r, _ := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "gw-2026-0042-refund-1", Reason: "Paid twice"})
	p, _ = svc.Get(ctx, durham, p.ID)
	fmt.Println(r.Status, r.Amount, p.RefundSummary().Available)

	rep, _ := payments.BuildSettlement(ctx, svc.Store(), durham, calendar.MustDate(2026, time.April, 1))
	rep.WriteCSV(os.Stdout)
	// Output:
	// created https://portal.example/sandbox/pay/sbx100001
	// success true
	// success £5.00 £40.00
	// council,date,fund_code,payments,gross,refunds,refunded,net
	// E06000047,2026-04-01,GW100,1,45.00,1,5.00,40.00
}

func ExampleStartRequest_Validate() {
	err := payments.StartRequest{
		Amount:    payments.Pounds(150000),
		Reference: "see www.example.com",
	}.Validate()
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems[:2] {
			fmt.Printf("%s %s: %s / %s\n", p.Field, p.Code, p.Message.English, p.Message.Welsh)
		}
	}
	// Output:
	// amount too_large: Must be £100,000.00 or less / Rhaid iddo fod yn £100,000.00 neu lai
	// reference contains_url: Must not contain a web address / Ni ddylai gynnwys cyfeiriad gwe
}
