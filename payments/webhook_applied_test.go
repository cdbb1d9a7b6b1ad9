package payments_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// applied records the calls WebhookConfig.OnApplied receives.
type applied struct {
	mu    sync.Mutex
	calls []appliedCall
}

type appliedCall struct {
	council       councilkit.Council
	before, after *payments.Payment
	stored        *payments.Payment // as the store had it during the call
	ctxErr        error
}

// onApplied returns an OnApplied that records each call and what the
// store held at the time, read through svc.
func (a *applied) onApplied(svc *payments.Service) func(context.Context, councilkit.Council, *payments.Payment, *payments.Payment) {
	return func(ctx context.Context, c councilkit.Council, before, after *payments.Payment) {
		stored, _ := svc.Get(ctx, c, after.ID)
		a.mu.Lock()
		defer a.mu.Unlock()
		a.calls = append(a.calls, appliedCall{council: c, before: before, after: after, stored: stored, ctxErr: ctx.Err()})
	}
}

func (a *applied) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.calls)
}

func (a *applied) last() appliedCall {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls[len(a.calls)-1]
}

// Issue 16: WebhookHandler lets the service act when a webhook changes a
// payment. OnApplied is called once, after the change is stored, for a
// succeeded payment; not for a replay of the same message, nor a second
// message with the same news, nor a refused message. GOV.UK Pay sends each
// message at least once and may send it again even after a 2xx answer
// ("Receive automatic payment event updates using webhooks", "Retry
// mechanism", https://docs.payments.service.gov.uk/webhooks/, as changed
// 18 December 2024), so replays are expected, not exceptional.
func TestWebhookOnAppliedOncePerChange(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	var a applied
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{OnApplied: a.onApplied(f.svc)})
	p, _ := f.svc.Start(ctx, durham, request("applied"))
	f.sbx.Visit(p.ProviderID)
	if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	body, sig, err := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-succeeded", secret)
	if err != nil {
		t.Fatal(err)
	}

	// Refused messages: a forged signature, another council's endpoint
	// (unknown payment), a malformed body.
	if code := post2(h, body, payments.Sign([]byte("guess"), body)); code != http.StatusUnauthorized {
		t.Errorf("forged: %d", code)
	}
	other := webhookHandler(t, f.svc, cardiff, secret, payments.WebhookConfig{OnApplied: a.onApplied(f.svc)})
	if code := post2(other, body, sig); code != http.StatusNotFound {
		t.Errorf("other council: %d", code)
	}
	junk := []byte(`{"not":"a message"}`)
	if code := post2(h, junk, payments.Sign(secret, junk)); code != http.StatusBadRequest {
		t.Errorf("malformed: %d", code)
	}
	if n := a.count(); n != 0 {
		t.Fatalf("OnApplied called %d times for refused messages", n)
	}

	// The genuine message: one call, after the store write.
	if code := post2(h, body, sig); code != http.StatusOK {
		t.Fatalf("genuine: %d", code)
	}
	if n := a.count(); n != 1 {
		t.Fatalf("OnApplied called %d times, want 1", n)
	}
	c := a.last()
	if c.council != durham || c.before == nil || c.after == nil || c.before.ID != p.ID || c.after.ID != p.ID {
		t.Fatalf("call %+v", c)
	}
	if c.before.Status == payments.StatusSuccess || c.after.Status != payments.StatusSuccess {
		t.Errorf("before %s, after %s; want not-success then success", c.before.Status, c.after.Status)
	}
	if c.stored == nil || c.stored.Status != payments.StatusSuccess || c.stored.Version != c.after.Version {
		t.Errorf("OnApplied ran before the change was stored: store had %+v", c.stored)
	}
	if c.ctxErr != nil {
		t.Errorf("OnApplied's context: %v", c.ctxErr)
	}

	// The same message again, and the same news under a new message ID.
	if code := post2(h, body, sig); code != http.StatusOK {
		t.Errorf("replay: %d", code)
	}
	again, sig2, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-succeeded-again", secret)
	if code := post2(h, again, sig2); code != http.StatusOK {
		t.Errorf("duplicate news: %d", code)
	}
	if n := a.count(); n != 1 {
		t.Errorf("OnApplied called %d times after a replay and a duplicate, want 1", n)
	}

	// A refund reported later is a change of its own.
	if _, err := f.sbx.Refund(ctx, p.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pounds(5), AmountAvailable: payments.Pounds(45)}); err != nil {
		t.Fatal(err)
	}
	rf := refundWebhook("msg-refund", "ext-refund-1", p.ProviderID, 500, "success")
	if code := post2(h, rf, payments.Sign(secret, rf)); code != http.StatusOK {
		t.Fatalf("refund: %d", code)
	}
	if n := a.count(); n != 2 {
		t.Fatalf("OnApplied called %d times after a refund, want 2", n)
	}
	if c := a.last(); len(c.after.Refunds) != len(c.before.Refunds)+1 || c.before.Status != payments.StatusSuccess {
		t.Errorf("refund call: before %d refunds, after %d", len(c.before.Refunds), len(c.after.Refunds))
	}
}

// A message that contradicts the stored payment (a refund of a payment not
// paid) is refused with 409 and does not call OnApplied; nor does a
// success that Service.Confirm recorded first, since the webhook then
// changes nothing (documented: act on Confirm's result too).
func TestWebhookOnAppliedNotForRefusalsOrKnownNews(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	var a applied
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{OnApplied: a.onApplied(f.svc)})
	p, _ := f.svc.Start(ctx, durham, request("refused"))
	rf := refundWebhook("msg-early-refund", "ext-r", p.ProviderID, 500, "success")
	if code := post2(h, rf, payments.Sign(secret, rf)); code != http.StatusConflict {
		t.Errorf("refund of an unpaid payment: %d", code)
	}
	f.sbx.Visit(p.ProviderID)
	if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	if q, err := f.svc.Confirm(ctx, durham, p.ID); err != nil || q.Status != payments.StatusSuccess {
		t.Fatalf("Confirm: %v, %v", q, err)
	}
	body, sig, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-late", secret)
	if code := post2(h, body, sig); code != http.StatusOK {
		t.Errorf("late success: %d", code)
	}
	if n := a.count(); n != 0 {
		t.Errorf("OnApplied called %d times, want 0", n)
	}
}

// seenFails is a store whose record of webhook messages fails, as a
// database might after the payment's own update committed.
type seenFails struct {
	*payments.MemStore
	fail bool
}

func (s *seenFails) MarkWebhookSeen(ctx context.Context, c councilkit.Council, id string) (bool, error) {
	if s.fail {
		return false, errors.New("store unavailable")
	}
	return s.MemStore.MarkWebhookSeen(ctx, c, id)
}

// When the payment changed but recording the message as seen failed, the
// change is still reported (ApplyWebhook's result, and one OnApplied
// call), the handler answers 500, and GOV.UK Pay's next attempt, which
// finds the change already stored, calls OnApplied no more.
func TestWebhookOnAppliedWhenRecordingTheMessageFails(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	store := &seenFails{MemStore: payments.NewMemStore(), fail: true}
	svc := payments.NewService(store, f.sbx, f.clock)
	var a applied
	h := webhookHandler(t, svc, durham, secret, payments.WebhookConfig{OnApplied: a.onApplied(svc)})
	p, err := svc.Start(ctx, durham, request("seen-fails"))
	if err != nil {
		t.Fatal(err)
	}
	f.sbx.Visit(p.ProviderID)
	if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	body, _, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-1", secret)
	m, err := payments.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := svc.ApplyWebhook(ctx, durham, m); err == nil || !res.Changed || res.Previous == nil ||
		res.Payment == nil || res.Payment.Status != payments.StatusSuccess || res.Previous.Status == payments.StatusSuccess {
		t.Fatalf("ApplyWebhook = %+v, %v; want the change reported with the error", res, err)
	}

	// The same through the handler, on a second payment.
	q, _ := svc.Start(ctx, durham, request("seen-fails-2"))
	f.sbx.Visit(q.ProviderID)
	if _, err := f.sbx.PayWithCard(q.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	body, sig, _ := f.sbx.Webhook(q.ProviderID, payments.CardPaymentSucceeded, "msg-2", secret)
	if code := post2(h, body, sig); code != http.StatusInternalServerError {
		t.Errorf("store failure: %d, want 500", code)
	}
	if n := a.count(); n != 1 || a.last().after.ID != q.ID {
		t.Fatalf("OnApplied called %d times, want once for the stored change", n)
	}
	store.fail = false
	if code := post2(h, body, sig); code != http.StatusOK {
		t.Errorf("retry: %d", code)
	}
	if n := a.count(); n != 1 {
		t.Errorf("OnApplied called %d times after GOV.UK Pay's retry, want 1", n)
	}
}

// WebhookHandler refuses, with ErrConfig, settings that would make every
// webhook fail or that cannot be meant.
func TestWebhookHandlerConfig(t *testing.T) {
	f := newFixture()
	for name, tc := range map[string]struct {
		council councilkit.Council
		secret  []byte
		cfg     payments.WebhookConfig
	}{
		"zero council":      {councilkit.Council{}, secret, payments.WebhookConfig{}},
		"no secret":         {durham, nil, payments.WebhookConfig{}},
		"empty secret":      {durham, []byte{}, payments.WebhookConfig{}},
		"negative MaxBytes": {durham, secret, payments.WebhookConfig{MaxBytes: -1}},
	} {
		if h, err := f.svc.WebhookHandler(tc.council, tc.secret, tc.cfg); !errors.Is(err, payments.ErrConfig) || h != nil {
			t.Errorf("%s: %v, %v; want ErrConfig and no handler", name, h, err)
		}
	}
	// The handler keeps its own copy of the secret.
	key := []byte("webhook-signing-secret")
	h := webhookHandler(t, f.svc, durham, key, payments.WebhookConfig{})
	copy(key, "XXXXXXXXXXXXXXXXXXXXXX")
	ctx := context.Background()
	p, _ := f.svc.Start(ctx, durham, request("secret-copy"))
	body, _, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentStarted, "msg-copy", secret)
	if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusOK {
		t.Errorf("after the caller reused its slice: %d, want 200", code)
	}
}

// GOV.UK Pay asks for a 2xx answer "as soon as possible" and, "to avoid
// timeouts", before the message is processed ("Receive automatic payment
// event updates using webhooks", https://docs.payments.service.gov.uk/webhooks/).
// The handler sends its answer before calling OnApplied, so a slow
// OnApplied does not keep GOV.UK Pay waiting, and OnApplied's context is
// not cancelled when GOV.UK Pay hangs up.
func TestWebhookAnswersBeforeOnApplied(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	entered, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{
		OnApplied: func(ctx context.Context, _ councilkit.Council, _, _ *payments.Payment) {
			close(entered)
			<-release
			done <- ctx.Err()
		},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	p, _ := f.svc.Start(ctx, durham, request("answer-first"))
	f.sbx.Visit(p.ProviderID)
	if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	body, sig, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-answer-first", secret)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	req.Header.Set(payments.SignatureHeader, sig)
	answered := make(chan int, 1)
	go func() {
		resp, err := srv.Client().Do(req)
		if err != nil {
			answered <- 0
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	<-entered // OnApplied is running and will not return until released
	select {
	case code := <-answered:
		if code != http.StatusOK {
			t.Errorf("answer %d, want 200", code)
		}
	case <-time.After(10 * time.Second):
		t.Error("no answer while OnApplied was still running")
	}
	srv.CloseClientConnections() // GOV.UK Pay hangs up
	close(release)
	if err := <-done; err != nil {
		t.Errorf("OnApplied's context: %v", err)
	}
}
