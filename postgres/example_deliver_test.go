package postgres_test

import (
	"context"
	"errors"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/postgres"
)

// A worker process that sends a receipt when a payment succeeds. Every
// process that records events (the portal) opens the database with the
// same Subscribers, so that each payment's events are enqueued for the
// receipt sender in the transaction that records them; this one also runs
// Deliver until it is interrupted.
func ExampleDB_Deliver() {
	ctx := context.Background()
	receipts := events.Subscriber{
		Name:  "receipts",
		Types: []events.Type{events.PaymentSucceeded},
		Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
			// Send the receipt, passing r.Event.ID as the message's
			// reference so that a repeated delivery sends nothing new.
			// An error here is retried later with backoff.
			return nil
		}),
	}
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Config{
		Subscribers: []events.Subscriber{receipts},
		Delivery:    postgres.DeliveryConfig{Timeout: 10 * time.Second},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	if err := db.Deliver(ctx); !errors.Is(err, context.Canceled) {
		log.Print(err)
	}
}
