package payments_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// gardenWaste is a service's own record of garden waste subscriptions,
// kept by payment reference.
type gardenWaste struct {
	mu     sync.Mutex
	active map[string]bool
}

// activate starts the subscription that payment p paid for. The second
// call for the same payment does nothing, so the service can call it both
// when the webhook reports success and when the resident comes back.
func (g *gardenWaste) activate(p *payments.Payment) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.active[p.Reference] {
		return
	}
	g.active[p.Reference] = true
	fmt.Printf("subscription %s activated: %s paid\n", p.Reference, p.Amount)
}

// A garden waste subscription activated when its payment succeeds. The
// webhook handler calls OnApplied once for each change a message makes,
// after the change is stored; GOV.UK Pay's second delivery of the same
// message changes nothing and calls nothing.
func ExampleService_WebhookHandler() {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC))
	provider, err := sandbox.New(clock, "https://portal.example/sandbox/pay/", sandbox.Config{})
	if err != nil {
		log.Fatal(err)
	}
	svc := payments.NewService(payments.NewMemStore(), provider, clock)
	durham := councilkit.MustParseCouncil("E06000047")
	subs := &gardenWaste{active: make(map[string]bool)}

	// The webhook's signing secret, from the GOV.UK Pay admin tool.
	secret := []byte("webhook-signing-secret")
	hook, err := svc.WebhookHandler(durham, secret, payments.WebhookConfig{
		OnApplied: func(ctx context.Context, c councilkit.Council, before, after *payments.Payment) {
			if after.Status == payments.StatusSuccess && before.Status != payments.StatusSuccess {
				subs.activate(after)
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/govukpay/durham", hook)

	p, err := svc.Start(ctx, durham, payments.StartRequest{
		Amount:         payments.MustParseAmount("£45.00"),
		Reference:      "GW-2026-0042",
		Description:    "Garden waste collection 2026",
		ReturnURL:      "https://portal.example/garden-waste/paid",
		FundCode:       "GW100",
		IdempotencyKey: "gw-2026-0042-attempt-1",
	})
	if err != nil {
		log.Fatal(err)
	}
	provider.PayWithCard(p.ProviderID, "4444333322221111")

	// GOV.UK Pay reports the success, and may send the message twice.
	body, signature, _ := provider.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "message-1", secret)
	for range 2 {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/govukpay/durham", bytes.NewReader(body))
		req.Header.Set(payments.SignatureHeader, signature)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Println("webhook answered", rec.Code)
	}

	// The resident comes back to the return URL. Confirm finds the
	// payment already succeeded; activating again does nothing.
	p, _ = svc.Confirm(ctx, durham, p.ID)
	if p.Status == payments.StatusSuccess {
		subs.activate(p)
	}
	fmt.Println(p.Status, subs.active["GW-2026-0042"])
	// Output:
	// subscription GW-2026-0042 activated: £45.00 paid
	// webhook answered 200
	// webhook answered 200
	// success true
}
