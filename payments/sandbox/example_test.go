package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// GOV.UK Pay's mock card numbers decide the outcome.
func Example() {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	p, err := sandbox.New(clock, "https://portal.example/pay/", sandbox.Config{})
	if err != nil {
		log.Fatal(err)
	}
	for _, card := range []string{"4444333322221111", "4000000000000002", "4000000000000119"} {
		pay, _ := p.Create(ctx, payments.ProviderRequest{
			Amount: payments.Pounds(12), Reference: "R1", Description: "Bulky waste collection",
			ReturnURL: "https://portal.example/done", IdempotencyKey: payments.IdempotencyKey("k" + card),
		})
		p.Visit(pay.ProviderID)
		status, _ := p.PayWithCard(pay.ProviderID, card)
		got, _ := p.Get(ctx, pay.ProviderID)
		fmt.Printf("%s %s %q\n", card, status, got.FailureCode)
	}
	// Output:
	// 4444333322221111 success ""
	// 4000000000000002 failed "P0010"
	// 4000000000000119 error "P0050"
}

// Two instances of an application share one Store (here a MemStore; in
// production their database's, postgres.DB.Sandbox or sqlite.DB.Sandbox):
// a payment started on one is paid on the other.
func ExampleConfig_store() {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	durham := councilkit.MustParseCouncil("E06000047")
	shared := sandbox.NewMemStore()
	instance := func() *sandbox.Provider {
		p, err := sandbox.New(clock, "/sandbox-pay/", sandbox.Config{Store: shared, Council: durham})
		if err != nil {
			log.Fatal(err)
		}
		return p
	}
	a, b := instance(), instance()
	pay, err := a.Create(ctx, payments.ProviderRequest{
		Amount: payments.Pounds(172), Reference: "10000001", Description: "Council tax",
		ReturnURL: "https://portal.example/done", IdempotencyKey: "k1",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pay.NextURL)
	status, err := b.PayWithCardContext(ctx, pay.ProviderID, "4444 3333 2222 1111")
	fmt.Println(status, err)
	_, err = a.PayWithCardContext(ctx, pay.ProviderID, "4444 3333 2222 1111")
	fmt.Println(errors.Is(err, sandbox.ErrWrongState))
	// Output:
	// /sandbox-pay/sbx100001
	// success <nil>
	// true
}
