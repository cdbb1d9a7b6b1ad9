package events_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// An officer's "who did what, when" for one payment: the stores record each
// change's event with the actor the change was made by, and History reads
// them back.
func ExampleHistory() {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var log events.MemLog // a store's event log (EventLog)
	for _, ev := range []struct {
		typ   events.Type
		after time.Duration
		actor events.Actor
		data  any
	}{
		{events.PaymentCreated, 0, events.Actor{Kind: events.ActorResident}, events.Payment{PaymentID: "pay-1"}},
		{events.PaymentSucceeded, 2 * time.Minute, events.Actor{Kind: events.ActorProvider, ID: "govukpay"}, events.Payment{PaymentID: "pay-1"}},
		{events.PaymentRefunded, 26 * time.Hour, events.Actor{Kind: events.ActorOfficer, ID: "officer-7"},
			events.Refund{PaymentID: "pay-1", RefundID: "ref-1", AmountPence: 500, RefundedPence: 500}},
	} {
		e, _ := events.New(durham, ev.typ, "pay-1", at.Add(ev.after), ev.actor, ev.data)
		_ = log.Append(ctx, e)
	}

	trail, err := events.History(ctx, &log, durham, "pay-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range trail {
		who := string(e.Actor.Kind)
		if e.Actor.ID != "" {
			who += " " + e.Actor.ID
		}
		fmt.Println(e.Time.Format("2 Jan 15:04"), e.Type.Short(), who)
	}
	// Output:
	// 1 Apr 09:00 payment.created.v1 resident
	// 1 Apr 09:02 payment.succeeded.v1 provider govukpay
	// 2 Apr 11:00 payment.refunded.v1 officer officer-7
}
