package sandbox_test

import (
	"context"
	"errors"
	"log/slog"
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

// A Store is kept by council: New refuses one without the Council whose
// account the sandbox plays.
func TestNewStoreNeedsCouncil(t *testing.T) {
	if _, err := sandbox.New(nil, "", sandbox.Config{Store: sandbox.NewMemStore()}); !errors.Is(err, sandbox.ErrConfig) {
		t.Errorf("a Store without a Council: %v, want ErrConfig", err)
	}
	durham := councilkit.MustParseCouncil("E06000047")
	if _, err := sandbox.New(nil, "", sandbox.Config{Store: sandbox.NewMemStore(), Council: durham}); err != nil {
		t.Errorf("a Store with a Council: %v", err)
	}
	if _, err := sandbox.New(nil, "", sandbox.Config{Council: durham}); err != nil {
		t.Errorf("a Council with the default Store: %v", err)
	}
}

// Two councils' sandboxes on one Store each see only their own payments,
// and number them on their own.
func TestProvidersKeptApartByCouncil(t *testing.T) {
	ctx := context.Background()
	store := sandbox.NewMemStore()
	durham := newSandbox(t, nil, "", sandbox.Config{Store: store, Council: councilkit.MustParseCouncil("E06000047")})
	cardiff := newSandbox(t, nil, "", sandbox.Config{Store: store, Council: councilkit.MustParseCouncil("W06000015")})
	a, err := durham.Create(ctx, req("k1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cardiff.Get(ctx, a.ProviderID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Cardiff's sandbox read Durham's payment: %v", err)
	}
	if err := cardiff.VisitContext(ctx, a.ProviderID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Cardiff's sandbox changed Durham's payment: %v", err)
	}
	b, err := cardiff.Create(ctx, req("k1"))
	if err != nil || b.ProviderID != a.ProviderID {
		t.Errorf("Cardiff's first payment, with Durham's key: %+v, %v; want its own %s", b, err, a.ProviderID)
	}
	if err := cardiff.CancelByUserContext(ctx, b.ProviderID); err != nil {
		t.Fatal(err)
	}
	if got, _ := durham.Get(ctx, a.ProviderID); got.Status != payments.StatusCreated {
		t.Errorf("Cardiff's cancelling its payment changed Durham's: %+v", got)
	}
}

// A payment left waiting for the resident expires after 90 minutes
// (GOV.UK Pay API reference, "Errors caused by payment statuses": P0020):
// Get reports it failed, P0020, and the resident can no longer pay or
// cancel. A payment awaiting capture does not expire.
func TestExpiry(t *testing.T) {
	ctx := context.Background()
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	p := newSandbox(t, clock, "", sandbox.Config{})
	a, _ := p.Create(ctx, req("k1"))
	delayed := req("k2")
	delayed.DelayedCapture = true
	d, _ := p.Create(ctx, delayed)
	if st, err := p.PayWithCardContext(ctx, d.ProviderID, "4444333322221111"); err != nil || st != payments.StatusCapturable {
		t.Fatalf("delayed capture: %v, %v", st, err)
	}
	clock.Advance(sandbox.ExpiryAfter - time.Second)
	if got, _ := p.Get(ctx, a.ProviderID); got.Status != payments.StatusCreated {
		t.Errorf("a second before expiry: %s", got.Status)
	}
	clock.Advance(time.Second)
	got, _ := p.Get(ctx, a.ProviderID)
	if got.Status != payments.StatusFailed || got.FailureCode != payments.FailureExpired {
		t.Errorf("at expiry: %s %s, want failed P0020", got.Status, got.FailureCode)
	}
	if st, err := p.PayWithCardContext(ctx, a.ProviderID, "4444333322221111"); !errors.Is(err, sandbox.ErrWrongState) || st != payments.StatusFailed {
		t.Errorf("paying an expired payment: %v, %v", st, err)
	}
	if err := p.Cancel(ctx, a.ProviderID); !errors.Is(err, payments.ErrNotCancellable) {
		t.Errorf("cancelling an expired payment: %v", err)
	}
	if err := p.Capture(ctx, d.ProviderID); err != nil {
		t.Errorf("capturing after 90 minutes: %v", err)
	}
}

// The Context methods honour a cancelled context and change nothing.
func TestCancelledContext(t *testing.T) {
	p := newSandbox(t, nil, "", sandbox.Config{})
	a, _ := p.Create(context.Background(), req("k1"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.VisitContext(ctx, a.ProviderID); !errors.Is(err, context.Canceled) {
		t.Errorf("VisitContext: %v", err)
	}
	if _, err := p.PayWithCardContext(ctx, a.ProviderID, "4444333322221111"); !errors.Is(err, context.Canceled) {
		t.Errorf("PayWithCardContext: %v", err)
	}
	if err := p.CancelByUserContext(ctx, a.ProviderID); !errors.Is(err, context.Canceled) {
		t.Errorf("CancelByUserContext: %v", err)
	}
	if _, _, err := p.WebhookContext(ctx, a.ProviderID, payments.CardPaymentSucceeded, "m1", []byte("s")); !errors.Is(err, context.Canceled) {
		t.Errorf("WebhookContext: %v", err)
	}
	if _, err := p.Create(ctx, req("k2")); !errors.Is(err, context.Canceled) {
		t.Errorf("Create: %v", err)
	}
	if got, _ := p.Get(context.Background(), a.ProviderID); got.Status != payments.StatusCreated {
		t.Errorf("after cancelled calls: %s", got.Status)
	}
}

// A payment's log form holds its ID, status and amount, never the
// reference, description or metadata, which may be personal data.
func TestPaymentLogValue(t *testing.T) {
	p := &sandbox.Payment{ID: "sbx100001", Amount: payments.Pence(1234), Reference: "ACCOUNT-0042", Description: "Jo Bloggs's bin",
		Metadata: payments.Metadata{"name": payments.MetadataString("Jo Bloggs")}, Status: payments.StatusSuccess}
	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, nil)).Info("paid", "payment", p)
	out := buf.String()
	for _, secret := range []string{"ACCOUNT-0042", "Bloggs"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q: %s", secret, out)
		}
	}
	for _, want := range []string{"sbx100001", "success", "12.34"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
}
