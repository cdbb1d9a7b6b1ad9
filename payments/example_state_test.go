package payments_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// A refund of a payment that was never paid is refused with a
// *StateError, whose stable code and English and Welsh message can be
// shown to the officer who asked; the payment is unchanged.
func ExampleStateError() {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(t0)
	svc := payments.NewService(payments.NewMemStore(), newSandbox(clock, ""), clock)
	p, err := svc.Start(ctx, durham, request("example-unpaid"))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(500), Key: "example-refund", Reason: "Paid twice"})
	var se *payments.StateError
	if errors.As(err, &se) {
		fmt.Println(se.Code, errors.Is(err, payments.ErrNotPaid), se.Status)
		fmt.Println(se.Message.English)
		fmt.Println(se.Message.Welsh)
	}
	// Output:
	// not_paid true created
	// This payment has not been paid, so there is nothing to refund. Nothing was changed
	// Nid yw'r taliad hwn wedi'i dalu, felly nid oes dim i'w ad-dalu. Ni newidiwyd dim
}
