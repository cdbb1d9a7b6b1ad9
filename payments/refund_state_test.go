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

// unpaid returns a stored payment of the fixture in each status that has
// taken no money, keyed by status name. Statuses and their meanings follow
// GOV.UK Pay's API reference, "Payment status lifecycle"
// (https://docs.payments.service.gov.uk/api_reference/#payment-status-lifecycle):
// only success means the money was taken.
func (f *fixture) unpaid(t *testing.T) map[string]*payments.Payment {
	t.Helper()
	ctx := context.Background()
	out := map[string]*payments.Payment{}
	start := func(key string, delayed bool) *payments.Payment {
		r := request(key)
		r.DelayedCapture = delayed
		p, err := f.svc.Start(ctx, durham, r)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	confirm := func(p *payments.Payment, want payments.Status) *payments.Payment {
		t.Helper()
		q, err := f.svc.Confirm(ctx, durham, p.ID)
		if err != nil || q.Status != want {
			t.Fatalf("Confirm = %v, %v; want %v", q, err, want)
		}
		return q
	}
	out["created"] = start("unpaid-created", false)

	p := start("unpaid-started", false)
	f.sbx.Visit(p.ProviderID)
	out["started"] = confirm(p, payments.StatusStarted)

	// The sandbox never reports submitted; GOV.UK Pay does, in a webhook.
	p = start("unpaid-submitted", false)
	body := fmt.Appendf(nil, `{"webhook_message_id":"sub-%s","resource_id":%q,"resource_type":"payment","event_type":"card_payment_started","resource":{"payment_id":%q,"amount":4500,"state":{"status":"submitted","finished":false}}}`, p.ProviderID, p.ProviderID, p.ProviderID)
	m, err := payments.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := f.svc.ApplyWebhook(ctx, durham, m); err != nil || res.Payment.Status != payments.StatusSubmitted {
		t.Fatalf("submitted: %+v, %v", res, err)
	}
	out["submitted"], _ = f.svc.Get(ctx, durham, p.ID)

	p = start("unpaid-capturable", true)
	f.sbx.PayWithCard(p.ProviderID, "4444333322221111")
	out["capturable"] = confirm(p, payments.StatusCapturable)

	p = start("unpaid-failed", false)
	f.sbx.PayWithCard(p.ProviderID, "4000000000000002")
	out["failed"] = confirm(p, payments.StatusFailed)

	p = start("unpaid-error", false)
	f.sbx.PayWithCard(p.ProviderID, "4000000000000119")
	out["error"] = confirm(p, payments.StatusError)

	p = start("unpaid-cancelled", false)
	if out["cancelled"], err = f.svc.Cancel(ctx, durham, p.ID); err != nil {
		t.Fatal(err)
	}
	return out
}

func refundWebhook(messageID, refundID, paymentID string, pence int64, status string) []byte {
	return fmt.Appendf(nil, `{"webhook_message_id":%q,"created_date":"2026-04-01T10:00:00.000Z","resource_id":%q,"resource_type":"REFUND","event_type":"CARD_PAYMENT_REFUNDED","resource":{"refund_id":%q,"payment_id":%q,"amount":%d,"status":%q,"created_date":"2026-04-01T10:00:00.000Z"}}`,
		messageID, refundID, refundID, paymentID, pence, status)
}

// checkStateError checks err is a *StateError with the code and sentinel,
// with English and Welsh text.
func checkStateError(t *testing.T, what string, err error, code string, sentinel error) {
	t.Helper()
	var se *payments.StateError
	if !errors.As(err, &se) || string(se.Code) != code || !errors.Is(err, sentinel) {
		t.Errorf("%s: err = %v, want a *StateError %s matching %v", what, err, code, sentinel)
		return
	}
	if se.Message.English == "" || se.Message.Welsh == "" || se.Message.English == se.Message.Welsh {
		t.Errorf("%s: message %+v, want English and Welsh", what, se.Message)
	}
}

// Issue 14 item 6: a signed refund webhook for a payment that has not
// succeeded is refused with a typed error, and the stored payment is left
// exactly as it was. GOV.UK Pay refunds only a successful payment
// ("Refunding payments", https://docs.payments.service.gov.uk/refunding_payments/:
// P0603 "The payment cannot be refunded"), so such a message is forged,
// misdirected, or overtook the news of success.
func TestRefundWebhookForUnpaidPaymentRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
	for name, p := range f.unpaid(t) {
		before, _ := f.svc.Get(ctx, durham, p.ID)
		for i, status := range []string{"success", "submitted", "error"} {
			body := refundWebhook(fmt.Sprintf("rf-%s-%d", name, i), "ext-"+name, p.ProviderID, 1500, status)
			m, err := payments.ParseWebhook(body)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.ApplyWebhook(ctx, durham, m)
			checkStateError(t, name+" "+status, err, "not_paid", payments.ErrNotPaid)
			if !errors.Is(err, payments.ErrNotRefundable) {
				t.Errorf("%s: %v does not match ErrNotRefundable", name, err)
			}
			if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusConflict {
				t.Errorf("%s %s: handler answered %d, want 409", name, status, code)
			}
		}
		after, _ := f.svc.Get(ctx, durham, p.ID)
		if !reflect.DeepEqual(before, after) {
			t.Errorf("%s: payment changed\nbefore %+v\nafter  %+v", name, before, after)
		}
	}
}

// A refund webhook that overtook the news of success is refused, not
// marked seen, and applies when GOV.UK Pay sends it again after the payment
// is known to be paid.
func TestRefundWebhookBeforeSuccessAppliesOnRetry(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p, _ := f.svc.Start(ctx, durham, request("overtaken"))
	f.sbx.PayWithCard(p.ProviderID, "4444333322221111")
	m, _ := payments.ParseWebhook(refundWebhook("early-refund", "ext-1", p.ProviderID, 1000, "success"))
	if _, err := f.svc.ApplyWebhook(ctx, durham, m); !errors.Is(err, payments.ErrNotPaid) {
		t.Fatalf("refund before success: %v", err)
	}
	if _, err := f.svc.Confirm(ctx, durham, p.ID); err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.ApplyWebhook(ctx, durham, m)
	if err != nil || !res.Changed || res.Replay || res.Payment.Refunded() != payments.Pence(1000) {
		t.Errorf("retried refund: %+v, %v", res, err)
	}
}

// The service's own refunds of an unpaid payment are refused the same way,
// before the provider is asked.
func TestServiceRefundOfUnpaidPaymentRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	for name, p := range f.unpaid(t) {
		before, _ := f.svc.Get(ctx, durham, p.ID)
		_, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(100), Key: payments.IdempotencyKey("refund-" + name), Reason: "Paid twice"})
		checkStateError(t, name, err, "not_paid", payments.ErrNotPaid)
		if !errors.Is(err, payments.ErrNotRefundable) {
			t.Errorf("%s: %v does not match ErrNotRefundable", name, err)
		}
		after, _ := f.svc.Get(ctx, durham, p.ID)
		if !reflect.DeepEqual(before, after) {
			t.Errorf("%s: payment changed", name)
		}
	}
}

// The neighbours of a refund of an unpaid payment: too much, unknown
// payment, duplicates, and webhooks out of order.
func TestRefundAndWebhookNeighbours(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
	p := f.paid(t, "neighbours") // £45.00

	// More than was paid, through the service: refused, nothing reserved.
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(4501), Key: "too-much", Reason: "Paid twice"}); !errors.Is(err, payments.ErrRefundExceedsAvailable) {
		t.Errorf("refund over the amount paid: %v", err)
	}
	if q, _ := f.svc.Get(ctx, durham, p.ID); len(q.Refunds) != 0 {
		t.Errorf("refused refund recorded: %+v", q.Refunds)
	}

	// More than was paid, by webhook: a typed error, nothing recorded.
	m, _ := payments.ParseWebhook(refundWebhook("over", "ext-over", p.ProviderID, 4501, "success"))
	_, err := f.svc.ApplyWebhook(ctx, durham, m)
	checkStateError(t, "over-refund webhook", err, "refunds_exceed_payment", payments.ErrRefundExceedsAvailable)
	if q, _ := f.svc.Get(ctx, durham, p.ID); len(q.Refunds) != 0 || q.Version != p.Version {
		t.Errorf("over-refund webhook recorded: %+v", q.Refunds)
	}

	// A refund for a payment nobody knows: not found, 404.
	body := refundWebhook("unknown", "ext-x", "no-such-payment", 100, "success")
	m, _ = payments.ParseWebhook(body)
	if _, err := f.svc.ApplyWebhook(ctx, durham, m); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("refund of unknown payment: %v", err)
	}
	if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusNotFound {
		t.Errorf("refund of unknown payment answered %d", code)
	}

	// The same refund twice, under two message IDs (GOV.UK Pay sends at
	// least once): recorded once.
	for i, id := range []string{"dup-1", "dup-2", "dup-1"} {
		m, _ = payments.ParseWebhook(refundWebhook(id, "ext-dup", p.ProviderID, 2000, "success"))
		res, err := f.svc.ApplyWebhook(ctx, durham, m)
		if err != nil || res.Changed != (i == 0) || res.Payment.Refunded() != payments.Pence(2000) || len(res.Payment.Refunds) != 1 {
			t.Errorf("duplicate %d (%s): %+v, %v", i, id, res, err)
		}
	}

	// Out of order: success after failed is refused with a typed error and
	// changes nothing; failed after success likewise.
	failed, _ := f.svc.Start(ctx, durham, request("failed-then-success"))
	f.sbx.PayWithCard(failed.ProviderID, "4000000000000002")
	failed, _ = f.svc.Confirm(ctx, durham, failed.ID)
	for _, tc := range []struct {
		p     *payments.Payment
		state string
	}{
		{failed, `{"status":"success","finished":true}`},
		{p, `{"status":"failed","finished":true,"code":"P0010"}`},
		{p, `{"status":"cancelled","finished":true,"code":"P0040"}`},
	} {
		before, _ := f.svc.Get(ctx, durham, tc.p.ID)
		body := fmt.Appendf(nil, `{"webhook_message_id":"ooo-%s","resource_id":%q,"resource_type":"payment","resource":{"payment_id":%q,"amount":4500,"state":%s}}`, tc.p.ProviderID, tc.p.ProviderID, tc.p.ProviderID, tc.state)
		m, err := payments.ParseWebhook(body)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.ApplyWebhook(ctx, durham, m)
		checkStateError(t, before.Status.String()+" then "+tc.state, err, "contradicts_status", payments.ErrIllegalTransition)
		if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusConflict {
			t.Errorf("%s then %s answered %d", before.Status, tc.state, code)
		}
		if after, _ := f.svc.Get(ctx, durham, tc.p.ID); !reflect.DeepEqual(before, after) {
			t.Errorf("%s then %s changed the payment", before.Status, tc.state)
		}
	}
}
