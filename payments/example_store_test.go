package payments_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

// A store's Update is a versioned compare-and-swap: a change saved over a
// stale copy fails with ErrConflict, and Modify reads the payment again and
// retries. The zero MemStore is ready to use.
func ExampleModify() {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")
	var store payments.MemStore

	p := paymentstest.NewPayment(durham, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	if err := store.Create(ctx, durham, p); err != nil {
		panic(err)
	}
	stale, _ := store.Get(ctx, durham, p.ID)

	got, err := payments.Modify(ctx, &store, durham, p.ID, func(p *payments.Payment) error {
		p.FundCode = "GW200"
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(got.FundCode, "version", got.Version)

	stale.FundCode = "GW300"
	err = store.Update(ctx, durham, stale)
	fmt.Println(errors.Is(err, payments.ErrConflict))

	_, err = store.Get(ctx, councilkit.Council{}, p.ID)
	fmt.Println(errors.Is(err, payments.ErrNoCouncil), errors.Is(err, councilkit.ErrNoCouncil))
	// Output:
	// GW200 version 2
	// true
	// true true
}
