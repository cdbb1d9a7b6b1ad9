package webhooks_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
)

// A council registers its finance ledger for payment events; the Sender,
// subscribed to the event log, delivers each one signed; the ledger
// verifies it with the secret it was given, deduplicates by webhook-id and
// answers 2xx.
func ExampleSender() {
	ctx := context.Background()
	durham := councilkit.MustParseCouncil("E06000047")

	// The back office (here a test server; in life the council's ledger).
	secret, _ := webhooks.NewSecret() // shown once to the officer, who gives it to the ledger's team
	seen := map[string]bool{}
	ledger := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		id, err := webhooks.Verify(r.Header, body, time.Now(), secret)
		if err != nil {
			http.Error(w, "not verified", http.StatusUnauthorized)
			return
		}
		if !seen[id] {
			seen[id] = true
			e, _, _ := events.Decode(body)
			fmt.Println("ledger stored", e.Type.Short(), "for", e.Subject)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer ledger.Close()

	// The council's officer registers the endpoint. (Production Rules
	// accept only https; loopback http is allowed here for the test
	// server.)
	store := webhooks.NewMemStore(webhooks.Rules{AllowLoopbackHTTP: true})
	ep := &webhooks.Endpoint{
		URL:         ledger.URL + "/councilkit",
		Types:       []events.Type{events.PaymentSucceeded, events.PaymentRefunded},
		Secrets:     []webhooks.Secret{secret},
		Description: "Finance ledger",
		Created:     time.Now(),
	}
	if err := store.CreateEndpoint(ctx, durham, ep); err != nil {
		fmt.Println(err)
		return
	}
	// A malformed endpoint is refused with every problem listed.
	bad := &webhooks.Endpoint{URL: "http://ledger.example/#x", Secrets: []webhooks.Secret{secret}}
	fmt.Println(store.CreateEndpoint(ctx, durham, bad))

	// The Sender handles each event (an events.Dispatcher or River calls
	// it; here directly, twice, as a retry after a lost answer would).
	sender, err := webhooks.NewSender(store, webhooks.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, _ := events.New(durham, events.PaymentSucceeded, "pay_123", time.Now(), events.Actor{Kind: events.ActorProvider, ID: "govukpay"},
		events.Payment{PaymentID: "pay_123", Reference: "GW-2026-0042", AmountPence: 4500, Status: "success", FundCode: "GW100"})
	for range 2 {
		if err := sender.Handle(ctx, events.Record{Seq: 1, Event: ev}); err != nil {
			fmt.Println(err)
		}
	}
	d, _ := store.GetDeliveryOf(ctx, durham, ep.ID, ev.ID)
	fmt.Println(d.State, len(d.Attempts), "attempt(s), status", d.Attempts[0].Status)
	// Output:
	// validation failed: url: Enter a web address without a # part; url: Enter a web address that starts with https://; types: Choose at least one kind of event
	// ledger stored payment.succeeded.v1 for pay_123
	// delivered 1 attempt(s), status 204
}
