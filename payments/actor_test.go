package payments_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
)

// actorOf returns the actor of the payment's last event of type typ.
func actorOf(t *testing.T, f *fixture, id string, typ events.Type) events.Actor {
	t.Helper()
	rs, err := f.store.EventLog().Subject(context.Background(), durham, id)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Event.Type == typ {
			return rs[i].Event.Actor
		}
	}
	t.Fatalf("payment %s has no %s event", id, typ.Short())
	return events.Actor{}
}

// Each change's events name who caused it: the actor the caller put in
// the context, never overwritten; the provider where the Service stores
// what the provider reports and the caller named no one; and the provider
// always for a signed webhook.
func TestServiceRecordsActor(t *testing.T) {
	resident := events.Actor{Kind: events.ActorResident}
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	sandboxPay := events.Actor{Kind: events.ActorProvider, ID: "sandbox"}
	asResident := events.WithActor(context.Background(), resident)
	asOfficer := events.WithActor(context.Background(), officer)

	t.Run("resident starts, provider's poll confirms", func(t *testing.T) {
		f := newFixture()
		p, err := f.svc.Start(asResident, durham, request("actor-1"))
		if err != nil {
			t.Fatal(err)
		}
		if got := actorOf(t, f, p.ID, events.PaymentCreated); got != resident {
			t.Errorf("created by %v, want %v", got, resident)
		}
		if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Confirm(context.Background(), durham, p.ID); err != nil {
			t.Fatal(err)
		}
		if got := actorOf(t, f, p.ID, events.PaymentSucceeded); got != sandboxPay {
			t.Errorf("success recorded as %v, want %v", got, sandboxPay)
		}
	})
	t.Run("an actor the caller set is kept", func(t *testing.T) {
		f := newFixture()
		p, err := f.svc.Start(asResident, durham, request("actor-2"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Confirm(asResident, durham, p.ID); err != nil {
			t.Fatal(err)
		}
		if got := actorOf(t, f, p.ID, events.PaymentSucceeded); got != resident {
			t.Errorf("success recorded as %v, want %v", got, resident)
		}
		if _, err := f.svc.Refund(asOfficer, durham, p.ID, payments.RefundRequest{Amount: payments.MustParseAmount("£5.00"), Key: "refund-actor-2", Reason: "Paid twice"}); err != nil {
			t.Fatal(err)
		}
		if got := actorOf(t, f, p.ID, events.PaymentRefunded); got != officer {
			t.Errorf("refund recorded as %v, want %v", got, officer)
		}
	})
	t.Run("webhook", func(t *testing.T) {
		f := newFixture()
		// A middleware that names the signed-in resident must not make the
		// provider's message the resident's.
		h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
		mw := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(events.WithActor(r.Context(), resident)))
		})
		for i, handler := range []http.Handler{h, mw} {
			p, err := f.svc.Start(asResident, durham, request(fmt.Sprintf("actor-webhook-%d", i)))
			if err != nil {
				t.Fatal(err)
			}
			f.sbx.Visit(p.ProviderID)
			body := paymentWebhook("m-"+p.ID, "card_payment_expired", p.ProviderID, `{"status":"started","finished":false}`)
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.Header.Set(payments.SignatureHeader, payments.Sign(secret, body))
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("handler answered %d", rec.Code)
			}
			if got := actorOf(t, f, p.ID, events.PaymentFailed); got != sandboxPay {
				t.Errorf("webhook's change recorded as %v, want %v", got, sandboxPay)
			}
		}
	})
}
