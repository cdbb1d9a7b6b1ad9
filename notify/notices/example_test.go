package notices_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notifyfake"
)

// A supplier subscribes a back-office system and a Notify receipt to
// payment events. In a service the Notify client is made with the
// council's API key, the recipient is read from the payments store by the
// event's subject, and a dispatcher gives each subscriber its events; here
// the fake Notify stands in and a loop over the log delivers them.
func Example() {
	fake := notifyfake.NewServer(notifyfake.Config{})
	defer fake.Close()
	client, _ := notify.New(fake.APIKey(), notify.Config{BaseURL: fake.URL})
	cardiff := councilkit.MustParseCouncil("W06000015")

	payer := notices.RecipientsFunc(func(ctx context.Context, e events.Event) (notices.Recipient, error) {
		return notices.Recipient{Email: "resident@example.com", Language: councilkit.Welsh}, nil // by e.Subject
	})
	receipts, err := notices.New(cardiff, client, payer, notices.Config{Templates: notices.Templates{
		PaymentReceipt: notices.Message{Email: notify.Template{
			English: "6c7e4f3e-1f1a-4d1e-9a3b-2f1e0c9d8b7a", Welsh: "0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"}}}})
	if err != nil {
		log.Fatal(err)
	}
	backOffice := events.Subscriber{Name: "ledger", Types: []events.Type{events.PaymentSucceeded},
		Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
			fmt.Println("back office:", r.Event.Type.Short(), r.Event.Subject)
			return nil
		})}
	subscribers := []events.Subscriber{receipts.Subscriber("notify"), backOffice}

	// A payment succeeds: its store appends the event to the log.
	var evlog events.MemLog
	ev, _ := events.New(cardiff, events.PaymentSucceeded, "pay-1", time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC),
		events.Actor{Kind: events.ActorProvider, ID: "govukpay"},
		events.Payment{PaymentID: "pay-1", Reference: "CT-0042", AmountPence: 4500, Status: "success"})
	_ = evlog.Append(context.Background(), ev)

	records, _ := evlog.Since(context.Background(), 0, 0)
	for _, r := range records {
		for _, s := range subscribers {
			if s.Wants(r.Event.Type) {
				if err := s.Handler.Handle(context.Background(), r); err != nil {
					log.Print(err) // a dispatcher gives the event again later
				}
			}
		}
	}
	m := fake.Sent()[0]
	fmt.Println("Notify:", m.Type, m.Personalisation["amount"], m.Personalisation["paid_on"], m.Reference == ev.ID)
	// Output:
	// back office: payment.succeeded.v1 pay-1
	// Notify: email £45.00 2 Rhagfyr 2026 true
}
