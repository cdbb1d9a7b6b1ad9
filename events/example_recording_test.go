package events_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
)

// A store records the events of its changes, with the changes: here an
// in-memory payments store records into a log the caller gives it (several
// stores may share one), and an officer's change and a provider's news are
// recorded with their actors.
func Example_recording() {
	var log events.MemLog
	store := &payments.MemStore{Events: &log}
	durham := councilkit.MustParseCouncil("E06000047")
	created := time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)

	ctx := events.WithActor(context.Background(), events.Actor{Kind: events.ActorOfficer, ID: "officer-7"})
	p := &payments.Payment{
		ID: "2f1c7c52-2f7a-4c35-9f43-8d1e0f6b2a10", Reference: "GW-2026-0042", Amount: payments.Pence(4500),
		FundCode: "GW100", Status: payments.StatusCreated, CreatedAt: created, UpdatedAt: created,
	}
	if err := store.Create(ctx, durham, p); err != nil {
		fmt.Println(err)
		return
	}
	webhook := events.WithActor(context.Background(), events.Actor{Kind: events.ActorProvider, ID: "govukpay"})
	if _, err := payments.Modify(webhook, store, durham, p.ID, func(p *payments.Payment) error {
		_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess, Source: "webhook"}, created.Add(2*time.Minute))
		return err
	}); err != nil {
		fmt.Println(err)
		return
	}

	rs, _ := log.Since(context.Background(), 0, 0)
	for _, r := range rs {
		e := r.Event
		fmt.Println(r.Seq, e.Type.Short(), e.Council, e.Time.Format(time.RFC3339), e.Actor.Kind, e.Actor.ID)
	}
	// Output:
	// 1 payment.created.v1 E06000047 2026-04-01T09:30:00Z officer officer-7
	// 2 payment.succeeded.v1 E06000047 2026-04-01T09:32:00Z provider govukpay
}
