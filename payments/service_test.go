package payments_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

var (
	durham  = councilkit.MustParseCouncil("E06000047")
	cardiff = councilkit.MustParseCouncil("W06000015")
	t0      = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	secret  = []byte("webhook-signing-secret")
)

type fixture struct {
	clock *councilkit.FixedClock
	sbx   *sandbox.Provider
	store *payments.MemStore
	svc   *payments.Service
}

func newFixture() *fixture {
	clock := councilkit.NewFixedClock(t0)
	sbx := newSandbox(clock, "https://portal.example/pay/")
	store := payments.NewMemStore()
	return &fixture{clock: clock, sbx: sbx, store: store, svc: payments.NewService(store, sbx, clock)}
}

// newSandbox returns a sandbox with the default Config.
func newSandbox(clock councilkit.Clock, nextURLBase string) *sandbox.Provider {
	p, err := sandbox.New(clock, nextURLBase, sandbox.Config{})
	if err != nil {
		panic(err)
	}
	return p
}

func request(key string) payments.StartRequest {
	return payments.StartRequest{
		Amount:         payments.MustParseAmount("£45.00"),
		Reference:      "GW-2026-0042",
		Description:    "Garden waste collection 2026",
		ReturnURL:      "https://portal.example/garden-waste/paid",
		FundCode:       "GW100",
		IdempotencyKey: payments.IdempotencyKey(key),
	}
}

func (f *fixture) paid(t *testing.T, key string) *payments.Payment {
	t.Helper()
	ctx := context.Background()
	p, err := f.svc.Start(ctx, durham, request(key))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sbx.PayWithCard(p.ProviderID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	p, err = f.svc.Confirm(ctx, durham, p.ID)
	if err != nil || p.Status != payments.StatusSuccess {
		t.Fatalf("Confirm = %v, %v", p, err)
	}
	return p
}

func TestSandboxCardOutcomes(t *testing.T) {
	// GOV.UK Pay, "Test your integration", mock card numbers for sandbox
	// accounts.
	tests := []struct {
		card   string
		status payments.Status
		code   payments.FailureCode
	}{
		{"4444333322221111", payments.StatusSuccess, ""},
		{"4242 4242 4242 4242", payments.StatusSuccess, ""},
		{"371449635398431", payments.StatusSuccess, ""},
		{"4000000000000002", payments.StatusFailed, payments.FailureRejected},
		{"4000000000000069", payments.StatusFailed, payments.FailureRejected},
		{"4000000000000127", payments.StatusFailed, payments.FailureRejected},
		{"4000000000000119", payments.StatusError, payments.FailureProviderError},
	}
	for i, tt := range tests {
		f := newFixture()
		ctx := context.Background()
		p, err := f.svc.Start(ctx, durham, request(fmt.Sprintf("key-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != payments.StatusCreated || !strings.HasPrefix(p.NextURL, "https://portal.example/pay/") || p.Provider != "sandbox" {
			t.Fatalf("started payment = %+v", p)
		}
		if err := f.sbx.Visit(p.ProviderID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sbx.PayWithCard(p.ProviderID, tt.card); err != nil {
			t.Fatal(err)
		}
		p, err = f.svc.Confirm(ctx, durham, p.ID)
		if err != nil || p.Status != tt.status || p.FailureCode != tt.code {
			t.Errorf("card %s: %v %v, %v; want %v %v", tt.card, p.Status, p.FailureCode, err, tt.status, tt.code)
		}
	}
}

func TestSandboxResidentJourneys(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p, _ := f.svc.Start(ctx, durham, request("maestro"))
	if _, err := f.sbx.PayWithCard(p.ProviderID, "6759649826438453"); !errors.Is(err, sandbox.ErrCardNotAccepted) {
		t.Errorf("Maestro: %v", err)
	}
	if _, err := f.sbx.PayWithCard(p.ProviderID, "1234567812345678"); !errors.Is(err, sandbox.ErrUnknownCard) {
		t.Errorf("unknown card: %v", err)
	}
	if p, _ = f.svc.Confirm(ctx, durham, p.ID); p.Status != payments.StatusStarted {
		t.Errorf("after a refused card the payment is %v, want started", p.Status)
	}
	if err := f.sbx.CancelByUser(p.ProviderID); err != nil {
		t.Fatal(err)
	}
	if p, _ = f.svc.Confirm(ctx, durham, p.ID); p.Status != payments.StatusFailed || p.FailureCode != payments.FailureCancelledByUser {
		t.Errorf("user cancel: %v %v", p.Status, p.FailureCode)
	}

	// GOV.UK Pay expires a payment not completed within 90 minutes (P0020).
	q, _ := f.svc.Start(ctx, durham, request("expiry"))
	f.clock.Advance(89 * time.Minute)
	if q, _ = f.svc.Confirm(ctx, durham, q.ID); q.Status != payments.StatusCreated {
		t.Errorf("at 89 minutes: %v", q.Status)
	}
	f.clock.Advance(time.Minute)
	if q, _ = f.svc.Confirm(ctx, durham, q.ID); q.Status != payments.StatusFailed || q.FailureCode != payments.FailureExpired {
		t.Errorf("at 90 minutes: %v %v", q.Status, q.FailureCode)
	}

	// Cancelled by the service (P0040).
	c, _ := f.svc.Start(ctx, durham, request("cancel"))
	if c, err := f.svc.Cancel(ctx, durham, c.ID); err != nil || c.Status != payments.StatusCancelled || c.FailureCode != payments.FailureCancelledByService {
		t.Errorf("Cancel = %v, %v", c, err)
	}
	if _, err := f.svc.Cancel(ctx, durham, c.ID); !errors.Is(err, payments.ErrNotCancellable) {
		t.Errorf("second Cancel: %v", err)
	}
}

func TestDelayedCapture(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	r := request("delayed")
	r.DelayedCapture = true
	p, err := f.svc.Start(ctx, durham, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Capture(ctx, durham, p.ID); !errors.Is(err, payments.ErrNotCapturable) {
		t.Errorf("capture before payment: %v", err)
	}
	f.sbx.PayWithCard(p.ProviderID, "5105105105105100")
	if p, _ = f.svc.Confirm(ctx, durham, p.ID); p.Status != payments.StatusCapturable || p.Finished() {
		t.Fatalf("after card: %v", p.Status)
	}
	if p, err = f.svc.Capture(ctx, durham, p.ID); err != nil || p.Status != payments.StatusSuccess {
		t.Errorf("Capture = %v, %v", p, err)
	}
}

func TestStartIdempotency(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	first, err := f.svc.Start(ctx, durham, request("same-key"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Start(ctx, durham, request("same-key"))
	if err != nil || again.ID != first.ID || again.ProviderID != first.ProviderID {
		t.Errorf("retry = %v, %v; want the first payment", again, err)
	}
	changed := request("same-key")
	changed.Amount = payments.Pounds(46)
	if _, err := f.svc.Start(ctx, durham, changed); !errors.Is(err, payments.ErrIdempotencyConflict) {
		t.Errorf("same key, different request: %v", err)
	}
	// Another council, with its own provider account and Service but the
	// same store, may use the same key for its own payment.
	cardiffSvc := payments.NewService(f.store, newSandbox(f.clock, ""), f.clock)
	other, err := cardiffSvc.Start(ctx, cardiff, request("same-key"))
	if err != nil || other.ID == first.ID {
		t.Errorf("other council: %v, %v", other, err)
	}
	list, _ := f.svc.List(ctx, durham, payments.Filter{})
	if len(list) != 1 {
		t.Errorf("Durham has %d payments, want 1", len(list))
	}
}

// A provider that fails the first Create after doing it, as a timeout
// does: the retry with the same key must link the same provider payment,
// not create a second one.
type flakyProvider struct {
	payments.Provider
	mu    sync.Mutex
	fails int
	calls int
}

func (p *flakyProvider) Create(ctx context.Context, req payments.ProviderRequest) (payments.ProviderPayment, error) {
	pp, err := p.Provider.Create(ctx, req)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fails > 0 {
		p.fails--
		return payments.ProviderPayment{}, fmt.Errorf("%w: timeout", payments.ErrProviderUnavailable)
	}
	return pp, err
}

func TestStartRetryAfterLostAnswer(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	flaky := &flakyProvider{Provider: f.sbx, fails: 1}
	svc := payments.NewService(f.store, flaky, f.clock)
	if _, err := svc.Start(ctx, durham, request("k1")); !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Fatalf("first Start: %v", err)
	}
	p, err := svc.Start(ctx, durham, request("k1"))
	if err != nil || p.ProviderID != "sbx100001" {
		t.Fatalf("retry = %+v, %v; want the sandbox's first payment", p, err)
	}
	if other, _ := f.sbx.Create(ctx, payments.ProviderRequest{Amount: payments.Pence(1), Reference: "r", Description: "d", ReturnURL: "https://x", IdempotencyKey: "k2"}); other.ProviderID != "sbx100002" {
		t.Errorf("the retry created a second provider payment: next ID is %s", other.ProviderID)
	}
}

func TestConcurrentStartSameKey(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	var wg sync.WaitGroup
	ids := make([]string, 20)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := f.svc.Start(ctx, durham, request("race"))
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = p.ID + "/" + p.ProviderID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent Starts with one key gave different payments: %v", ids)
		}
	}
}

func TestRefunds(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p := f.paid(t, "refund-me")
	r1, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(20), Key: "refund-1", Reason: "Paid twice"})
	if err != nil || r1.Status != payments.RefundSuccess || r1.AvailableBefore != payments.Pounds(45) || r1.ProviderID == "" {
		t.Fatalf("first refund = %+v, %v", r1, err)
	}
	// A repeated request with the same key returns the same refund.
	again, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(20), Key: "refund-1", Reason: "Paid twice"})
	if err != nil || again.ID != r1.ID {
		t.Errorf("repeat = %+v, %v", again, err)
	}
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(21), Key: "refund-1", Reason: "Paid twice"}); !errors.Is(err, payments.ErrIdempotencyConflict) {
		t.Errorf("same key, other amount: %v", err)
	}
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(26), Key: "", Reason: "Paid twice"}); !errors.Is(err, payments.ErrRefundExceedsAvailable) {
		t.Errorf("over-refund: %v", err)
	}
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(25), Key: "refund-2", Reason: "Paid twice"}); err != nil {
		t.Fatal(err)
	}
	p, _ = f.svc.Get(ctx, durham, p.ID)
	if s := p.RefundSummary(); s.Status != payments.RefundFull || s.Submitted != payments.Pounds(45) {
		t.Errorf("summary = %+v", s)
	}
	if _, err := f.svc.Refund(ctx, cardiff, p.ID, payments.RefundRequest{Amount: payments.Pence(1), Key: "", Reason: "Paid twice"}); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("refund through another council: %v", err)
	}
	failed, _ := f.svc.Start(ctx, durham, request("not-paid"))
	if _, err := f.svc.Refund(ctx, durham, failed.ID, payments.RefundRequest{Amount: payments.Pence(1), Key: "", Reason: "Paid twice"}); !errors.Is(err, payments.ErrNotRefundable) {
		t.Errorf("refund of unpaid payment: %v", err)
	}
}

// Refunds racing for the same money. What Service.Refund promises (see its
// godoc): whatever the interleaving, nothing is over-refunded; every call
// either succeeds or fails with ErrRefundExceedsAvailable (lost the race
// for the reservation) or ErrRefundAvailableMismatch (lost the race at the
// provider: nothing refunded, reservation released); the store and the
// provider agree on the total, which is the sum of the successes; and no
// money is stranded, so refunding again afterwards, one at a time, reaches
// exactly four £10 refunds of the £45 payment. How many of the sixteen
// concurrent calls succeed depends on the order their provider calls land
// in (at least one: the first reservation carries the provider's own
// figure). Run with -race and a high -count: CI runs it with -count=200.
func TestRefundRace(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p := f.paid(t, "race-refund") // £45.00
	const n = 16
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		total     payments.Amount
		succeeded int
		start     = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(10), Key: payments.IdempotencyKey(fmt.Sprintf("r-%d", i)), Reason: "Paid twice"})
			if err != nil {
				if !errors.Is(err, payments.ErrRefundExceedsAvailable) && !errors.Is(err, payments.ErrRefundAvailableMismatch) {
					t.Errorf("refund %d: %v, want success, ErrRefundExceedsAvailable or ErrRefundAvailableMismatch", i, err)
				}
				return
			}
			if r.Status != payments.RefundSuccess || r.Amount != payments.Pounds(10) {
				t.Errorf("refund %d = %+v, want a £10.00 success", i, r)
			}
			mu.Lock()
			total = total.Add(r.Amount)
			succeeded++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if succeeded < 1 || succeeded > 4 {
		t.Fatalf("%d of %d concurrent £10.00 refunds of £45.00 succeeded, want 1 to 4", succeeded, n)
	}
	checkRefunded(t, f, p.ID, p.ProviderID, total)

	// The losers try again, one at a time, with new keys: the money not yet
	// refunded is all still there to refund.
	for i := 0; ; i++ {
		_, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(10), Key: payments.IdempotencyKey(fmt.Sprintf("again-%d", i)), Reason: "Paid twice"})
		if errors.Is(err, payments.ErrRefundExceedsAvailable) {
			break
		}
		if err != nil || i > n {
			t.Fatalf("retry %d: %v", i, err)
		}
		total = total.Add(payments.Pounds(10))
	}
	if total != payments.Pounds(40) {
		t.Errorf("refunded %v after retrying, want four £10.00 refunds", total)
	}
	checkRefunded(t, f, p.ID, p.ProviderID, total)
}

// checkRefunded fails unless the store and the provider both record want
// refunded and the store holds no refund still awaiting an answer.
func checkRefunded(t *testing.T, f *fixture, id string, providerID string, want payments.Amount) {
	t.Helper()
	ctx := context.Background()
	p, err := f.svc.Get(ctx, durham, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Refunded() != want {
		t.Errorf("store says %v refunded, callers were told %v", p.Refunded(), want)
	}
	for _, r := range p.Refunds {
		if r.Status == payments.RefundSubmitted {
			t.Errorf("refund %s still submitted after the provider answered", r.ID)
		}
	}
	pp, err := f.sbx.Get(ctx, providerID)
	if err != nil {
		t.Fatal(err)
	}
	if pp.RefundSummary.Submitted != want {
		t.Errorf("provider refunded %v, callers were told %v", pp.RefundSummary.Submitted, want)
	}
}

// orderedRefundProvider holds back the refund whose guard is holdBack
// until another refund has reached the provider: the interleaving behind
// TestRefundRace's old flake, made certain.
type orderedRefundProvider struct {
	payments.Provider
	holdBack payments.Amount
	other    chan struct{}
}

func (p *orderedRefundProvider) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	if req.AmountAvailable == p.holdBack {
		<-p.other
		return p.Provider.Refund(ctx, id, req)
	}
	defer close(p.other)
	return p.Provider.Refund(ctx, id, req)
}

// Two refunds reserved in one order reach the provider in the other: the
// second reservation's guard (£35.00 available) does not match the
// provider's £45.00, so it fails with ErrRefundAvailableMismatch, its
// reservation is released and marked error, and the first succeeds.
func TestRefundLosesTheRaceAtTheProvider(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p := f.paid(t, "ordered") // £45.00
	prov := &orderedRefundProvider{Provider: f.sbx, holdBack: payments.Pounds(45), other: make(chan struct{})}
	svc := payments.NewService(f.store, prov, f.clock)
	first := make(chan error, 1)
	go func() {
		_, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(10), Key: "first", Reason: "Paid twice"})
		first <- err
	}()
	// Wait until the first refund is reserved before starting the second.
	for {
		got, err := f.store.Get(ctx, durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Refunds) == 1 {
			break
		}
		runtime.Gosched()
	}
	_, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(10), Key: "second", Reason: "Paid twice"})
	if !errors.Is(err, payments.ErrRefundAvailableMismatch) {
		t.Errorf("second refund: %v, want ErrRefundAvailableMismatch", err)
	}
	if err := <-first; err != nil {
		t.Errorf("first refund: %v", err)
	}
	checkRefunded(t, f, p.ID, p.ProviderID, payments.Pounds(10))
	got, _ := f.store.Get(ctx, durham, p.ID)
	for _, r := range got.Refunds {
		want := payments.RefundSuccess
		if r.Key == "second" {
			want = payments.RefundError
		}
		if r.Status != want {
			t.Errorf("refund %s is %v, want %v", r.Key, r.Status, want)
		}
	}
}

// A refund whose answer was lost is retried with its original guard; the
// provider's refund_amount_available check stops a second refund.
type lostRefundProvider struct {
	payments.Provider
	lose bool
}

func (p *lostRefundProvider) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	r, err := p.Provider.Refund(ctx, id, req)
	if p.lose {
		p.lose = false
		return payments.ProviderRefund{}, fmt.Errorf("%w: timeout", payments.ErrProviderUnavailable)
	}
	return r, err
}

func TestRefundRetryCannotRefundTwice(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p := f.paid(t, "lost")
	svc := payments.NewService(f.store, &lostRefundProvider{Provider: f.sbx, lose: true}, f.clock)
	if _, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "once", Reason: "Paid twice"}); !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Fatalf("first attempt: %v", err)
	}
	_, err := svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "once", Reason: "Paid twice"})
	if !errors.Is(err, payments.ErrRefundAvailableMismatch) {
		t.Fatalf("retry: %v, want the provider's guard to refuse it", err)
	}
	pp, _ := f.sbx.Get(ctx, p.ProviderID)
	if pp.RefundSummary.Submitted != payments.Pounds(5) {
		t.Errorf("provider refunded %v, want £5.00 once", pp.RefundSummary.Submitted)
	}
	p, _ = f.svc.Get(ctx, durham, p.ID)
	if p.Refunded() != payments.Pounds(5) {
		t.Errorf("store records %v refunded, want the £5.00 reservation kept", p.Refunded())
	}
}

func TestWebhooks(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p, _ := f.svc.Start(ctx, durham, request("hook"))
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
	post := func(body []byte, sig string) int {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/govukpay", bytes.NewReader(body))
		if sig != "" {
			req.Header.Set(payments.SignatureHeader, sig)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	f.sbx.PayWithCard(p.ProviderID, "4444333322221111")
	body, sig, err := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "msg-1", secret)
	if err != nil {
		t.Fatal(err)
	}
	stored := func() *payments.Payment { q, _ := f.svc.Get(ctx, durham, p.ID); return q }

	// Forged: signed with another secret.
	if code := post(body, payments.Sign([]byte("guess"), body)); code != http.StatusUnauthorized {
		t.Errorf("forged: %d", code)
	}
	// Missing and upper-case signatures.
	if code := post(body, ""); code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", code)
	}
	if code := post(body, strings.ToUpper(sig)); code != http.StatusUnauthorized {
		t.Errorf("upper-case hex: %d", code)
	}
	// Truncated: the signature no longer matches.
	if code := post(body[:len(body)-10], sig); code != http.StatusUnauthorized {
		t.Errorf("truncated: %d", code)
	}
	if stored().Status != payments.StatusCreated {
		t.Fatal("a rejected webhook changed the payment")
	}
	if code := post(body, sig); code != http.StatusOK {
		t.Fatalf("genuine: %d", code)
	}
	if stored().Status != payments.StatusSuccess {
		t.Fatalf("genuine webhook not applied: %v", stored().Status)
	}
	v := stored().Version
	if code := post(body, sig); code != http.StatusOK || stored().Version != v {
		t.Errorf("replay: %d, version %d → %d", code, v, stored().Version)
	}
	// Another council's endpoint does not find Durham's payment.
	if code := post2(webhookHandler(t, f.svc, cardiff, secret, payments.WebhookConfig{}), body, sig); code != http.StatusNotFound {
		t.Errorf("other council: %d", code)
	}
}

// webhookHandler returns svc's webhook handler for council c.
func webhookHandler(t testing.TB, svc *payments.Service, c councilkit.Council, secret []byte, cfg payments.WebhookConfig) http.Handler {
	t.Helper()
	h, err := svc.WebhookHandler(c, secret, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func post2(h http.Handler, body []byte, sig string) int {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set(payments.SignatureHeader, sig)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// A message that says "started" arriving after the payment succeeded
// changes nothing.
func TestWebhookOutOfOrder(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p, _ := f.svc.Start(ctx, durham, request("ooo"))
	f.sbx.Visit(p.ProviderID)
	early, _, _ := f.sbx.Webhook(p.ProviderID, "card_payment_started", "m-early", secret)
	f.sbx.PayWithCard(p.ProviderID, "4444333322221111")
	late, _, _ := f.sbx.Webhook(p.ProviderID, payments.CardPaymentSucceeded, "m-late", secret)
	for _, b := range [][]byte{late, early} {
		m, err := payments.ParseWebhook(b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ApplyWebhook(ctx, durham, m); err != nil {
			t.Fatal(err)
		}
	}
	if q, _ := f.svc.Get(ctx, durham, p.ID); q.Status != payments.StatusSuccess {
		t.Errorf("after out-of-order webhooks: %v", q.Status)
	}
}

// A body larger than the limit is refused before it is read whole: the
// reader is never drained past the limit.
func TestWebhookOversized(t *testing.T) {
	f := newFixture()
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{MaxBytes: 1024})
	src := &countingReader{n: 10 << 20}
	req := httptest.NewRequest(http.MethodPost, "/", src)
	req.ContentLength = -1 // unknown length: chunked
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d", rec.Code)
	}
	if src.read > 4096 {
		t.Errorf("read %d bytes of an oversized body", src.read)
	}
	big := httptest.NewRequest(http.MethodPost, "/", &countingReader{n: 2048})
	big.ContentLength = 2048
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, big)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared length: status %d", rec.Code)
	}
}

type countingReader struct{ n, read int }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, fmt.Errorf("EOF")
	}
	k := min(len(p), r.n-r.read)
	for i := range p[:k] {
		p[i] = ' '
	}
	r.read += k
	return k, nil
}

func TestParseWebhook(t *testing.T) {
	ok := `{"webhook_message_id":"m1","api_version":1,"created_date":"2026-04-01T10:00:00.000Z","resource_id":"pay1","resource_type":"PAYMENT","event_type":"CARD_PAYMENT_CAPTURED",
	  "resource":{"payment_id":"pay1","amount":4500,"reference":"r","state":{"status":"success","finished":true},"settlement_summary":{"captured_date":"2026-04-01","settled_date":"2026-04-03"}}}`
	m, err := payments.ParseWebhook([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if m.EventType != payments.CardPaymentCaptured || m.ResourceType != "payment" || m.Payment.Status != payments.StatusSuccess || m.Payment.Amount != payments.Pence(4500) || m.Payment.SettledAt.IsZero() {
		t.Errorf("parsed %+v %+v", m, m.Payment)
	}
	refund := `{"webhook_message_id":"m2","resource_id":"rf1","resource_type":"REFUND","event_type":"card_payment_refunded","resource":{"refund_id":"rf1","payment_id":"pay1","amount":500,"status":"success"}}`
	if m, err := payments.ParseWebhook([]byte(refund)); err != nil || m.Refund.Status != payments.RefundSuccess || m.RefundPaymentID != "pay1" {
		t.Errorf("refund: %+v %v", m, err)
	}
	// GOV.UK Pay adds event types over time (its webhooks page lists the
	// current ones); a type this package does not name is kept as sent and
	// the resource's state still counts, since state never comes from the
	// event's name.
	future := `{"webhook_message_id":"m3","resource_id":"pay2","resource_type":"payment","event_type":"card_payment_expired","resource":{"payment_id":"pay2","amount":100,"state":{"status":"failed","finished":true,"code":"P0020"}}}`
	if m, err := payments.ParseWebhook([]byte(future)); err != nil || m.EventType != "card_payment_expired" || m.Payment.Status != payments.StatusFailed {
		t.Errorf("unknown event type: %+v %v", m, err)
	}
	for _, bad := range []string{
		`{`, `[]`, `{"webhook_message_id":"m"}`,
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"AGREEMENT","resource":{}}`,
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"payment_id":"other","state":{"status":"success"}}}`,
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"state":{"status":"paid"}}}`,
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"amount":1.5,"state":{"status":"success"}}}`,
		`{"webhook_message_id":"m","resource_id":"r","resource_type":"REFUND","resource":{"status":"success"}}`,
		// Negative amounts are never sent by a provider.
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"amount":-1200,"state":{"status":"success"}}}`,
		`{"webhook_message_id":"m","resource_id":"p","resource_type":"PAYMENT","resource":{"amount":1200,"state":{"status":"success"},"refund_summary":{"amount_available":-1}}}`,
		`{"webhook_message_id":"m","resource_id":"r","resource_type":"REFUND","resource":{"refund_id":"r","payment_id":"p","amount":-1200,"status":"success"}}`,
	} {
		if _, err := payments.ParseWebhook([]byte(bad)); !errors.Is(err, payments.ErrWebhookMalformed) {
			t.Errorf("ParseWebhook(%s) = %v", bad, err)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"a":1}`)
	sig := payments.Sign(secret, body)
	if !payments.VerifySignature(secret, body, sig) {
		t.Fatal("own signature refused")
	}
	if payments.VerifySignature(nil, body, payments.Sign(nil, body)) {
		t.Error("empty secret verified")
	}
	if payments.VerifySignature(secret, body, sig[:63]) || payments.VerifySignature(secret, body, sig+"0") || payments.VerifySignature(secret, append(body, ' '), sig) {
		t.Error("altered signature or body verified")
	}
}

func TestRefundWebhook(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	p := f.paid(t, "refund-hook")
	// A refund made in the provider's admin tool arrives only by webhook.
	body := fmt.Appendf(nil, `{"webhook_message_id":"r-1","resource_id":"ext1","resource_type":"refund","event_type":"card_payment_refunded","resource":{"refund_id":"ext1","payment_id":%q,"amount":1500,"status":"success"}}`, p.ProviderID)
	m, err := payments.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.ApplyWebhook(ctx, durham, m)
	if err != nil || !res.Changed || res.Payment.Refunded() != payments.Pence(1500) {
		t.Fatalf("refund webhook: %+v, %v", res, err)
	}
	res, err = f.svc.ApplyWebhook(ctx, durham, m)
	if err != nil || res.Changed || !res.Replay || res.Payment.Refunded() != payments.Pence(1500) {
		t.Errorf("replayed refund webhook: %+v, %v", res, err)
	}
	// A refund webhook that would take refunds past the payment is refused.
	over := fmt.Appendf(nil, `{"webhook_message_id":"r-2","resource_id":"ext2","resource_type":"refund","resource":{"refund_id":"ext2","payment_id":%q,"amount":4000,"status":"success"}}`, p.ProviderID)
	m, _ = payments.ParseWebhook(over)
	if _, err := f.svc.ApplyWebhook(ctx, durham, m); !errors.Is(err, payments.ErrRefundExceedsAvailable) {
		t.Errorf("over-refund webhook: %v", err)
	}
}

func TestWebhookHandlerAnswers(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	h := webhookHandler(t, f.svc, durham, secret, payments.WebhookConfig{})
	if rec := httptest.NewRecorder(); true {
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodPost {
			t.Errorf("GET: %d", rec.Code)
		}
	}
	junk := []byte(`{"not":"a webhook"}`)
	if code := post2(h, junk, payments.Sign(secret, junk)); code != http.StatusBadRequest {
		t.Errorf("signed junk: %d", code)
	}
	// A paid payment then a signed message saying it failed: a conflict a
	// person must look at, answered 409 so GOV.UK Pay does not retry it
	// forever, and the payment stays paid.
	p := f.paid(t, "conflict")
	body := fmt.Appendf(nil, `{"webhook_message_id":"c1","resource_id":%q,"resource_type":"payment","event_type":"card_payment_failed","resource":{"payment_id":%q,"amount":4500,"state":{"status":"failed","finished":true,"code":"P0010"}}}`, p.ProviderID, p.ProviderID)
	if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusConflict {
		t.Errorf("contradicting webhook: %d", code)
	}
	// A message whose amount differs from the stored payment is refused.
	body = fmt.Appendf(nil, `{"webhook_message_id":"c2","resource_id":%q,"resource_type":"payment","resource":{"payment_id":%q,"amount":1,"state":{"status":"success"}}}`, p.ProviderID, p.ProviderID)
	if code := post2(h, body, payments.Sign(secret, body)); code != http.StatusConflict {
		t.Errorf("amount mismatch: %d", code)
	}
	if q, _ := f.svc.Get(ctx, durham, p.ID); q.Status != payments.StatusSuccess || q.FailureCode != "" {
		t.Errorf("payment changed to %v %v", q.Status, q.FailureCode)
	}
}

type rejectingProvider struct {
	payments.Provider
	calls int
}

func (p *rejectingProvider) Create(context.Context, payments.ProviderRequest) (payments.ProviderPayment, error) {
	p.calls++
	return payments.ProviderPayment{}, fmt.Errorf("%w: P0102 amount", payments.ErrProviderRejected)
}

func TestStartRejectedByProvider(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	rej := &rejectingProvider{Provider: f.sbx}
	svc := payments.NewService(f.store, rej, f.clock)
	if _, err := svc.Start(ctx, durham, request("rejected")); !errors.Is(err, payments.ErrProviderRejected) {
		t.Fatalf("Start: %v", err)
	}
	p, err := svc.Start(ctx, durham, request("rejected"))
	if err != nil || p.Status != payments.StatusError || p.ProviderID != "" || rej.calls != 1 {
		t.Errorf("retry = %+v, %v after %d provider calls", p, err, rej.calls)
	}
}
