package sandbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

func req(key string) payments.ProviderRequest {
	return payments.ProviderRequest{Amount: payments.Pence(1000), Reference: "R1", Description: "Parking penalty", ReturnURL: "https://x.example/done", IdempotencyKey: payments.IdempotencyKey(key)}
}

func newSandbox(t *testing.T, clock councilkit.Clock, nextURLBase string, cfg sandbox.Config) *sandbox.Provider {
	t.Helper()
	p, err := sandbox.New(clock, nextURLBase, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNewConfig checks that New refuses, with ErrConfig, a prefix that
// would not survive being put in the payment page's address, and accepts
// the ones the portal and the documentation use.
func TestNewConfig(t *testing.T) {
	for _, prefix := range []string{"", "sbx", "sbx-1a2b3c4d-", "run_2", strings.Repeat("x", 32)} {
		if _, err := sandbox.New(nil, "/sandbox-pay/", sandbox.Config{IDPrefix: prefix}); err != nil {
			t.Errorf("IDPrefix %q: %v", prefix, err)
		}
	}
	for _, prefix := range []string{"a/b", "a?b", "a b", "sbx#", "é", strings.Repeat("x", 33)} {
		if _, err := sandbox.New(nil, "", sandbox.Config{IDPrefix: prefix}); !errors.Is(err, sandbox.ErrConfig) {
			t.Errorf("IDPrefix %q: %v, want ErrConfig", prefix, err)
		}
	}
	if _, err := sandbox.New(nil, "://no-scheme", sandbox.Config{}); !errors.Is(err, sandbox.ErrConfig) {
		t.Errorf("unparsable nextURLBase: %v, want ErrConfig", err)
	}
}

func TestIdempotencyAndDeterminism(t *testing.T) {
	ctx := context.Background()
	p := newSandbox(t, councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)), "", sandbox.Config{})
	a, _ := p.Create(ctx, req("k1"))
	b, _ := p.Create(ctx, req("k1"))
	c, _ := p.Create(ctx, req("k2"))
	if a.ProviderID != "sbx100001" || b.ProviderID != a.ProviderID || c.ProviderID != "sbx100002" {
		t.Errorf("IDs %s %s %s", a.ProviderID, b.ProviderID, c.ProviderID)
	}
	// Two processes sharing a durable store each take their own prefix.
	q := newSandbox(t, nil, "", sandbox.Config{IDPrefix: "sbx-run2-"})
	if d, err := q.Create(ctx, req("k1")); err != nil || d.ProviderID != "sbx-run2-100001" {
		t.Errorf("prefixed ID %q, %v", d.ProviderID, err)
	} else if got, err := q.Get(ctx, d.ProviderID); err != nil || got.ProviderID != d.ProviderID {
		t.Errorf("Get prefixed: %+v %v", got, err)
	}
	changed := req("k1")
	changed.Reference = "R2"
	if _, err := p.Create(ctx, changed); !errors.Is(err, payments.ErrIdempotencyConflict) {
		t.Errorf("conflict: %v", err)
	}
	tooBig := req("k3")
	tooBig.Amount = payments.Pence(payments.MaxPence + 1)
	if _, err := p.Create(ctx, tooBig); !errors.Is(err, payments.ErrProviderRejected) {
		t.Errorf("over £100,000: %v", err)
	}
	if _, err := p.Get(ctx, "nope"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

func TestRefundGuard(t *testing.T) {
	ctx := context.Background()
	p := newSandbox(t, nil, "", sandbox.Config{})
	a, _ := p.Create(ctx, req("k1"))
	if _, err := p.Refund(ctx, a.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(1), AmountAvailable: payments.Pence(1000)}); !errors.Is(err, payments.ErrNotRefundable) {
		t.Errorf("refund before payment: %v", err)
	}
	if _, err := p.PayWithCard(a.ProviderID, "4000 0566 5566 5556"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.PayWithCard(a.ProviderID, "4444333322221111"); !errors.Is(err, sandbox.ErrWrongState) {
		t.Errorf("paying twice: %v", err)
	}
	r, err := p.Refund(ctx, a.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(400), AmountAvailable: payments.Pence(1000)})
	if err != nil || r.Status != payments.RefundSuccess {
		t.Fatalf("refund: %+v %v", r, err)
	}
	if _, err := p.Refund(ctx, a.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(400), AmountAvailable: payments.Pence(1000)}); !errors.Is(err, payments.ErrRefundAvailableMismatch) {
		t.Errorf("stale guard: %v", err)
	}
	if _, err := p.Refund(ctx, a.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(601), AmountAvailable: payments.Pence(600)}); !errors.Is(err, payments.ErrNotRefundable) {
		t.Errorf("too much: %v", err)
	}
	got, _ := p.Get(ctx, a.ProviderID)
	if got.RefundSummary.Available != payments.Pence(600) || got.RefundSummary.Status != payments.RefundAvailable {
		t.Errorf("summary %+v", got.RefundSummary)
	}
}

func TestWebhookIsSignedAndParses(t *testing.T) {
	ctx := context.Background()
	p := newSandbox(t, nil, "", sandbox.Config{})
	a, _ := p.Create(ctx, req("k1"))
	p.PayWithCard(a.ProviderID, "4000000000000002")
	body, sig, err := p.Webhook(a.ProviderID, "card_payment_failed", "m1", []byte("s"))
	if err != nil || !payments.VerifySignature([]byte("s"), body, sig) {
		t.Fatalf("webhook %s %v", body, err)
	}
	m, err := payments.ParseWebhook(body)
	if err != nil || m.Payment.Status != payments.StatusFailed || m.Payment.FailureCode != payments.FailureRejected {
		t.Errorf("parsed %+v %v", m.Payment, err)
	}
}

// Every mock card published for sandbox accounts ("Test your integration")
// is known, and nothing else is.
func TestCardOutcomes(t *testing.T) {
	published := map[string]sandbox.Outcome{
		"4444333322221111": sandbox.OutcomeSuccess, "4242424242424242": sandbox.OutcomeSuccess,
		"4000056655665556": sandbox.OutcomeSuccess, "4988080000000000": sandbox.OutcomeSuccess,
		"4000160000000004": sandbox.OutcomeSuccess, "4131840000000003": sandbox.OutcomeSuccess,
		"4000620000000007": sandbox.OutcomeSuccess, "4000000000000010": sandbox.OutcomeSuccess,
		"5101110000000004": sandbox.OutcomeSuccess, "5105105105105100": sandbox.OutcomeSuccess,
		"5200828282828210": sandbox.OutcomeSuccess, "371449635398431": sandbox.OutcomeSuccess,
		"3566002020360505": sandbox.OutcomeSuccess, "6011000990139424": sandbox.OutcomeSuccess,
		"6759649826438453": sandbox.OutcomeNotAccepted, "4000000000000002": sandbox.OutcomeDeclined,
		"4000000000000069": sandbox.OutcomeExpired, "4000000000000127": sandbox.OutcomeInvalidCVC,
		"4000000000000119": sandbox.OutcomeError,
	}
	for card, want := range published {
		if got, ok := sandbox.CardOutcome(card); !ok || got != want {
			t.Errorf("CardOutcome(%s) = %v, %v; want %v", card, got, ok, want)
		}
	}
	for _, bad := range []string{"", "4444333322221112", "4000000000000259"} {
		if _, ok := sandbox.CardOutcome(bad); ok {
			t.Errorf("CardOutcome(%q) known", bad)
		}
	}
}
