package events_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// A back-office subscriber whose receiver fails once: the payment's later
// event waits behind the failed one, another payment's event goes ahead,
// and after the backoff both are delivered in order. (Run delivers by
// itself; a test with a FixedClock calls Drain.)
func ExampleDispatcher() {
	ctx := context.Background()
	var log events.MemLog // the memory stores append to it
	clock := councilkit.NewFixedClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	failed := false
	backOffice := events.HandlerFunc(func(ctx context.Context, r events.Record) error {
		if r.Event.Subject == "pay_1" && !failed {
			failed = true
			return errors.New("back office unavailable")
		}
		fmt.Println("delivered", r.Seq, r.Event.Type.Short(), r.Event.Subject)
		return nil
	})
	d, err := events.NewDispatcher(&log, []events.Subscriber{{Name: "backoffice", Handler: backOffice}},
		events.DispatcherConfig{Clock: clock, RetryBase: time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	durham := councilkit.MustParseCouncil("E06000047")
	for _, p := range []struct {
		t       events.Type
		subject string
	}{{events.PaymentCreated, "pay_1"}, {events.PaymentSucceeded, "pay_1"}, {events.PaymentCreated, "pay_2"}} {
		e, _ := events.New(durham, p.t, p.subject, clock.Now(), events.Actor{Kind: events.ActorResident}, events.Payment{PaymentID: p.subject})
		_ = log.Append(ctx, e)
	}
	_ = d.Drain(ctx)
	fmt.Println("held back:", d.Stats()[0].Held)
	clock.Advance(time.Second)
	_ = d.Drain(ctx)
	// Output:
	// delivered 3 payment.created.v1 pay_2
	// held back: 2
	// delivered 1 payment.created.v1 pay_1
	// delivered 2 payment.succeeded.v1 pay_1
}
