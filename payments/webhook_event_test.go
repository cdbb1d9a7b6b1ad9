package payments_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/lgds/councilkit/payments"
)

func paymentWebhook(messageID, event, paymentID, state string) []byte {
	return fmt.Appendf(nil, `{"webhook_message_id":%q,"created_date":"2026-04-01T10:00:00.000Z","resource_id":%q,"resource_type":"PAYMENT","event_type":%q,"resource":{"payment_id":%q,"amount":4500,"state":%s}}`,
		messageID, paymentID, event, paymentID, state)
}

// Issue 14 item 6: GOV.UK Pay's failed and expired webhook events are
// handled, not ignored. GOV.UK Pay, "Receive automatic payment event
// updates using webhooks" (https://docs.payments.service.gov.uk/webhooks/,
// read 2 December 2026) sends messages when a payment succeeds, fails,
// expires, is captured, is settled or is refunded; the API reference,
// "Errors caused by payment statuses", gives P0010 for a rejected payment
// and P0020 for one that expired. The resource in a message is a snapshot
// that may lag behind its event: the page's own example is a
// CARD_PAYMENT_CAPTURED message whose resource is still "submitted".
func TestParseWebhookEventTypes(t *testing.T) {
	const (
		created   = `{"status":"created","finished":false}`
		started   = `{"status":"started","finished":false}`
		submitted = `{"status":"submitted","finished":false}`
		capt      = `{"status":"capturable","finished":false}`
		success   = `{"status":"success","finished":true}`
		rejected  = `{"status":"failed","finished":true,"code":"P0010"}`
		expired   = `{"status":"failed","finished":true,"code":"P0020"}`
		userQuit  = `{"status":"failed","finished":true,"code":"P0030"}`
		failedNC  = `{"status":"failed","finished":true}`
		cancelled = `{"status":"cancelled","finished":true,"code":"P0040"}`
	)
	tests := []struct {
		event, state string
		status       payments.Status
		code         payments.FailureCode
		bad          bool
	}{
		{"card_payment_failed", rejected, payments.StatusFailed, payments.FailureRejected, false},
		{"CARD_PAYMENT_FAILED", userQuit, payments.StatusFailed, payments.FailureCancelledByUser, false},
		{"card_payment_failed", failedNC, payments.StatusFailed, payments.FailureRejected, false},
		{"card_payment_failed", started, payments.StatusFailed, payments.FailureRejected, false},
		{"card_payment_failed", submitted, payments.StatusFailed, payments.FailureRejected, false},
		{"card_payment_failed", success, 0, "", true},
		{"card_payment_failed", cancelled, 0, "", true},
		{"card_payment_expired", expired, payments.StatusFailed, payments.FailureExpired, false},
		{"CARD_PAYMENT_EXPIRED", failedNC, payments.StatusFailed, payments.FailureExpired, false},
		{"card_payment_expired", created, payments.StatusFailed, payments.FailureExpired, false},
		{"card_payment_expired", started, payments.StatusFailed, payments.FailureExpired, false},
		{"card_payment_expired", success, 0, "", true},
		{"card_payment_captured", submitted, payments.StatusSuccess, "", false},
		{"card_payment_captured", capt, payments.StatusSuccess, "", false},
		{"card_payment_captured", success, payments.StatusSuccess, "", false},
		{"card_payment_captured", rejected, 0, "", true},
		{"card_payment_settled", success, payments.StatusSuccess, "", false},
		{"card_payment_settled", expired, 0, "", true},
		// Succeeded means authorised: capturable for a delayed capture, so it
		// implies no status of its own.
		{"card_payment_succeeded", capt, payments.StatusCapturable, "", false},
		{"card_payment_succeeded", submitted, payments.StatusSubmitted, "", false},
		{"card_payment_started", started, payments.StatusStarted, "", false},
		// A type GOV.UK Pay may add later: the resource's state counts.
		{"card_payment_disputed", success, payments.StatusSuccess, "", false},
	}
	for _, tt := range tests {
		m, err := payments.ParseWebhook(paymentWebhook("m", tt.event, "pay1", tt.state))
		if tt.bad {
			var we *payments.WebhookError
			if !errors.As(err, &we) || we.Code != payments.CodeWebhookInconsistent || !errors.Is(err, payments.ErrWebhookMalformed) || we.Message.Welsh == "" {
				t.Errorf("%s with %s: err = %v, want an inconsistent *WebhookError", tt.event, tt.state, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s with %s: %v", tt.event, tt.state, err)
			continue
		}
		if m.Payment.Status != tt.status || m.Payment.FailureCode != tt.code {
			t.Errorf("%s with %s: %v %q, want %v %q", tt.event, tt.state, m.Payment.Status, m.Payment.FailureCode, tt.status, tt.code)
		}
	}
}

// Through the service: an expired or failed event changes a stored
// unfinished payment even when its resource is a stale snapshot, and the
// resident's message says why; the same events for a paid payment are
// refused and change nothing.
func TestWebhookFailedAndExpiredEventsApplied(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
	for _, tt := range []struct {
		event, key string
		code       payments.FailureCode
		en         string
	}{
		{"card_payment_expired", "expired", payments.FailureExpired, "Your payment session timed out"},
		{"card_payment_failed", "failed", payments.FailureRejected, "Your payment was declined"},
	} {
		p, err := f.svc.Start(ctx, durham, request("ev-"+tt.key))
		if err != nil {
			t.Fatal(err)
		}
		f.sbx.Visit(p.ProviderID)
		body := paymentWebhook("m-"+tt.event, tt.event, p.ProviderID, `{"status":"started","finished":false}`)
		if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusOK {
			t.Fatalf("%s: handler answered %d", tt.event, code)
		}
		q, _ := f.svc.Get(ctx, durham, p.ID)
		if q.Status != payments.StatusFailed || q.FailureCode != tt.code || q.FailureCode.Message().English != tt.en || q.FailureCode.Message().Welsh == "" {
			t.Errorf("%s: stored %v %q", tt.event, q.Status, q.FailureCode)
		}

		paid := f.paid(t, "ev-paid-"+tt.key)
		before, _ := f.svc.Get(ctx, durham, paid.ID)
		for i, state := range []string{`{"status":"started","finished":false}`, `{"status":"failed","finished":true,"code":"` + string(tt.code) + `"}`} {
			body := paymentWebhook(fmt.Sprintf("p-%s-%d", tt.event, i), tt.event, paid.ProviderID, state)
			if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusConflict {
				t.Errorf("%s for a paid payment (%s): handler answered %d, want 409", tt.event, state, code)
			}
		}
		if after, _ := f.svc.Get(ctx, durham, paid.ID); !reflect.DeepEqual(before, after) {
			t.Errorf("%s changed a paid payment", tt.event)
		}
	}
}

// Every way ParseWebhook refuses a body is a *WebhookError with a stable
// code and English and Welsh text.
func TestParseWebhookErrorsAreTyped(t *testing.T) {
	for body, code := range map[string]string{
		`{`:                          "webhook_not_json",
		`{"webhook_message_id":"m"}`: "webhook_incomplete",
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"AGREEMENT","resource":{}}`:                                            "webhook_resource_type",
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"payment_id":"q","state":{"status":"success"}}}`: "webhook_inconsistent",
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"state":{"status":"paid"}}}`:                     "webhook_invalid_value",
		`{"webhook_message_id":"m","resource_id":"r","resource_type":"REFUND","resource":{"status":"success"}}`:                             "webhook_incomplete",
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"amount":"x"}}`:                                  "webhook_not_json",
	} {
		_, err := payments.ParseWebhook([]byte(body))
		var we *payments.WebhookError
		if !errors.As(err, &we) || string(we.Code) != code || we.Message.English == "" || we.Message.Welsh == "" || !errors.Is(err, payments.ErrWebhookMalformed) {
			t.Errorf("ParseWebhook(%s) = %v, want %s", body, err, code)
		}
	}
}
