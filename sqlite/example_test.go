package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/sqlite"
)

// Open a data file, bring its schema up to date, and give the payments
// service a store that survives a restart.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "councilkit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "councilkit.db")

	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Config{})
	if err != nil {
		log.Fatal(err) // wraps sqlite.ErrCorrupt, ErrUnwritable or ErrSchemaTooNew, saying which file
	}
	if err := db.Migrate(ctx); err != nil { // idempotent: run it at every start-up
		log.Fatal(err)
	}
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC))
	provider, err := sandbox.New(clock, "https://pay.example.gov.uk/", sandbox.Config{})
	if err != nil {
		log.Fatal(err)
	}
	cardiff := councilkit.MustParseCouncil("W06000015")
	svc := payments.NewService(db.Payments(), provider, clock)
	p, err := svc.Start(ctx, cardiff, payments.StartRequest{
		Amount: payments.MustParseAmount("£45.00"), Reference: "GW-2026-0042",
		Description: "Garden waste collection 2026", ReturnURL: "https://example.gov.uk/paid",
		FundCode: "GW100", IdempotencyKey: payments.NewIdempotencyKey(),
	})
	if err != nil {
		log.Fatal(err)
	}
	db.Close() // the process stops ...

	db, err = sqlite.Open(ctx, path, sqlite.Config{}) // ... and starts again
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	stored, err := db.Payments().Get(ctx, cardiff, p.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(stored.Status, stored.Amount, stored.Reference)
	_, err = db.Payments().Get(ctx, councilkit.MustParseCouncil("E06000047"), p.ID)
	fmt.Println("County Durham sees it:", err == nil)
	// Output:
	// created £45.00 GW-2026-0042
	// County Durham sees it: false
}

// A service on one machine that sends a receipt when a payment succeeds.
// The stores enqueue each payment's events for the receipt sender in the
// transaction that records them; Deliver hands them over until the
// process is interrupted.
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
	db, err := sqlite.Open(ctx, "councilkit.db", sqlite.Config{
		Subscribers: []events.Subscriber{receipts},
		Delivery:    sqlite.DeliveryConfig{Timeout: 10 * time.Second},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close() // after Deliver has returned
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// Run the service's stores (db.Payments() and the rest) alongside.
	if err := db.Deliver(ctx); !errors.Is(err, context.Canceled) {
		log.Print(err)
	}
}
