package govukpay

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

func contractRequest(key string, delayed bool) payments.ProviderRequest {
	return payments.ProviderRequest{
		Amount: payments.Pence(14500), Reference: "CT-2026-0042", Description: "Talu eich treth gyngor",
		ReturnURL: "https://your.service.gov.uk/completed", Language: payments.LanguageWelsh, DelayedCapture: delayed,
		Metadata: payments.Metadata{
			"ledger_code": payments.MetadataString("AB100"), "council_tax_year": payments.MetadataInt(2026), "paid_online": payments.MetadataBool(true),
		},
		IdempotencyKey: payments.IdempotencyKey(key),
	}
}

// Issue 14 item 6: every request the client sends is valid per GOV.UK
// Pay's published OpenAPI description, and the client reads every
// response the description allows. Each client method is exercised
// through contractPay, which checks both directions; the cleanup fails the
// test on any departure.
func TestContractEveryClientMethod(t *testing.T) {
	ctx := context.Background()
	cp, c := newContractPay(t)
	req := contractRequest("contract-create-1", false)

	// Create: created, nothing paid yet, metadata returned as sent.
	pp, err := c.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if pp.Status != payments.StatusCreated || pp.NextURL == "" || pp.Amount != req.Amount || pp.TotalAmount != req.Amount || pp.HasFee || !pp.Card.IsZero() || !maps.Equal(pp.Metadata, req.Metadata) {
		t.Errorf("created %+v", pp)
	}
	again, err := c.Create(ctx, req)
	if err != nil || again.ProviderID != pp.ProviderID {
		t.Errorf("create with the same key: %v, %v", again.ProviderID, err)
	}

	// The resident pays with a corporate credit card: GOV.UK Pay adds a
	// £2.50 surcharge ("Add corporate card fees",
	// https://docs.payments.service.gov.uk/corporate_card_surcharges/) and,
	// once captured, reports the PSP fee and net amount ("PSP fees",
	// https://docs.payments.service.gov.uk/reporting/#psp-fees).
	cp.pay(pp.ProviderID, 250)
	got, err := c.Get(ctx, pp.ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	wantCard := payments.CardDetails{Brand: "Visa", Type: "credit", FirstDigits: "424242", LastDigits: "4242", ExpiryDate: "04/29", CardholderName: "Ms Rhiannon Jones"}
	switch {
	case got.Status != payments.StatusSuccess:
		t.Errorf("status %v", got.Status)
	case got.Amount != payments.Pence(14500) || got.CorporateCardSurcharge != payments.Pence(250) || got.TotalAmount != payments.Pence(14750):
		t.Errorf("amount %v surcharge %v total %v", got.Amount, got.CorporateCardSurcharge, got.TotalAmount)
	case !got.HasFee || got.Fee != payments.Pence(25) || got.NetAmount != payments.Pence(14725):
		t.Errorf("fee %v net %v (%v)", got.Fee, got.NetAmount, got.HasFee)
	case got.Card != wantCard:
		t.Errorf("card %#v", got.Card)
	case !maps.Equal(got.Metadata, req.Metadata):
		t.Errorf("metadata %v", got.Metadata)
	case !got.CaptureSubmittedAt.Equal(contractT0.Add(2*time.Minute + 345*time.Millisecond)):
		t.Errorf("capture submit time %v", got.CaptureSubmittedAt)
	case got.CapturedAt.IsZero():
		t.Errorf("no captured date")
	}

	// Refund, with and without a matching guard, then read the refund.
	rf, err := c.Refund(ctx, pp.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(4500), AmountAvailable: payments.Pence(14500)})
	if err != nil || rf.Status != payments.RefundSubmitted || rf.ProviderID == "" || rf.Amount != payments.Pence(4500) {
		t.Fatalf("Refund = %+v, %v", rf, err)
	}
	if _, err := c.Refund(ctx, pp.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(100), AmountAvailable: payments.Pence(14500)}); !errors.Is(err, payments.ErrRefundAvailableMismatch) {
		t.Errorf("stale guard: %v", err)
	}
	// No guard: none is sent, rather than an invalid guard of 0p.
	if _, err := c.Refund(ctx, pp.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(1)}); err != nil {
		t.Errorf("refund without a guard: %v", err)
	}
	if r, err := c.GetRefund(ctx, pp.ProviderID, rf.ProviderID); err != nil || r.Status != payments.RefundSuccess || r.ProviderID != rf.ProviderID {
		t.Errorf("GetRefund = %+v, %v", r, err)
	}
	// As GOV.UK Pay really answers: 202 with the refund.
	cp.mu.Lock()
	cp.refundAnswer202 = true
	cp.mu.Unlock()
	if r, err := c.Refund(ctx, pp.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(1), AmountAvailable: payments.Pence(9999)}); err != nil || r.Status != payments.RefundSubmitted {
		t.Errorf("Refund answered 202 = %+v, %v", r, err)
	}

	// Delayed capture.
	d, err := c.Create(ctx, contractRequest("contract-delayed-1", true))
	if err != nil {
		t.Fatal(err)
	}
	cp.pay(d.ProviderID, 0)
	if g, _ := c.Get(ctx, d.ProviderID); g.Status != payments.StatusCapturable || !g.CaptureSubmittedAt.IsZero() || g.HasFee {
		t.Errorf("before capture: %+v", g)
	}
	if err := c.Capture(ctx, d.ProviderID); err != nil {
		t.Fatal(err)
	}
	if err := c.Capture(ctx, d.ProviderID); !errors.Is(err, payments.ErrNotCapturable) {
		t.Errorf("second capture: %v", err)
	}
	if g, _ := c.Get(ctx, d.ProviderID); g.Status != payments.StatusSuccess || g.CaptureSubmittedAt.IsZero() || g.TotalAmount != g.Amount {
		t.Errorf("after capture: %+v", g)
	}

	// Cancel.
	x, err := c.Create(ctx, contractRequest("contract-cancel-1", false))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Cancel(ctx, x.ProviderID); err != nil {
		t.Fatal(err)
	}
	if err := c.Cancel(ctx, x.ProviderID); !errors.Is(err, payments.ErrNotCancellable) {
		t.Errorf("second cancel: %v", err)
	}
	if _, err := c.Get(ctx, "no-such-payment"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("unknown payment: %v", err)
	}
	// A key GOV.UK Pay does not know: 401, which the description gives no
	// body.
	wrong, _ := New("api_test_revoked", Config{BaseURL: cp.srv.URL})
	if _, err := wrong.Get(ctx, pp.ProviderID); !errors.Is(err, payments.ErrUnauthorised) {
		t.Errorf("revoked key: %v", err)
	}

	// Search by every status GOV.UK Pay accepts, with every other filter.
	for _, st := range payments.AllStatuses() {
		q := SearchQuery{Reference: "CT-2026-0042", State: st, FromDate: contractT0, ToDate: contractT0.Add(24 * time.Hour), Page: 1, DisplaySize: 50}
		res, err := c.Search(ctx, q)
		if !Searchable(st) {
			if err == nil {
				t.Errorf("search by %v was sent", st)
			}
			continue
		}
		if err != nil {
			t.Errorf("search by %v: %v", st, err)
			continue
		}
		for _, p := range res.Payments {
			if p.Status != st {
				t.Errorf("search by %v found %v", st, p.Status)
			}
		}
		if st == payments.StatusSuccess && (len(res.Payments) != 2 || res.Payments[0].Card != wantCard || res.Payments[0].TotalAmount != payments.Pence(14750) || res.Payments[0].Fee != payments.Pence(25)) {
			t.Errorf("search by success: %+v", res.Payments)
		}
	}
	if res, err := c.Search(ctx, SearchQuery{}); err != nil || res.Total != 3 {
		t.Errorf("search for everything: %+v, %v", res, err)
	}
}

// Issue 14 item 6: GOV.UK Pay refuses a search with state=capturable (422
// P0401); its description lists created, started, submitted, success,
// failed, cancelled and error. The client refuses it first, with a typed
// error in English and Welsh, and sends nothing.
func TestSearchByCapturableRefusedBeforeSending(t *testing.T) {
	cp, c := newContractPay(t)
	_, err := c.Search(context.Background(), SearchQuery{State: payments.StatusCapturable, Page: -1, DisplaySize: -5, FromDate: contractT0, ToDate: contractT0})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("state", councilkit.CodeInvalidChoice) || !ve.Has("page", councilkit.CodeTooSmall) || !ve.Has("display_size", councilkit.CodeTooSmall) || !ve.Has("from_date", councilkit.CodeInvalid) {
		t.Fatalf("err = %v", err)
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("problem %+v lacks English or Welsh", p)
		}
	}
	if r := cp.Requests(); len(r) != 0 {
		t.Errorf("sent %v", r)
	}
}

// The checker itself: each departure from the description is caught, so a
// client that sent it would fail TestContractEveryClientMethod.
func TestContractCatchesDepartures(t *testing.T) {
	cp, _ := newContractPay(t)
	send := func(method, path, body string, hdr map[string]string) int {
		t.Helper()
		r, _ := http.NewRequest(method, cp.srv.URL+path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer api_test_contract0key")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	const create = `{"amount":100,"reference":"r","description":"d","return_url":"https://x.gov.uk/"}`
	tests := []struct {
		name, method, path, body string
		hdr                      map[string]string
		want                     string // in the violation
	}{
		{"state capturable", "GET", "/v1/payments?state=capturable", "", nil, "state"},
		{"unknown query parameter", "GET", "/v1/payments?colour=red", "", nil, "colour"},
		{"state repeated", "GET", "/v1/payments?state=success&state=failed", "", nil, "repeated"},
		{"no reference", "POST", "/v1/payments", `{"amount":100,"description":"d","return_url":"https://x.gov.uk/"}`, nil, "reference"},
		{"misspelt field", "POST", "/v1/payments", `{"amount":100,"reference":"r","description":"d","return_url":"https://x.gov.uk/","delayed_captur":true}`, nil, "delayed_captur"},
		{"amount too large", "POST", "/v1/payments", `{"amount":10000001,"reference":"r","description":"d","return_url":"https://x.gov.uk/"}`, nil, "amount"},
		{"language not en or cy", "POST", "/v1/payments", `{"amount":100,"reference":"r","description":"d","return_url":"https://x.gov.uk/","language":"fr"}`, nil, "language"},
		{"bad idempotency key", "POST", "/v1/payments", create, map[string]string{"Idempotency-Key": "not a key!"}, "Idempotency-Key"},
		{"refund of 0p", "POST", "/v1/payments/p1/refunds", `{"amount":0}`, nil, "amount"},
		{"refund guard of 0p", "POST", "/v1/payments/p1/refunds", `{"amount":1,"refund_amount_available":0}`, nil, "refund_amount_available"},
		{"body on capture", "POST", "/v1/payments/p1/capture", `{"now":true}`, nil, "takes no body"},
		{"no such operation", "DELETE", "/v1/payments/p1", "", nil, "no operation"},
	}
	for _, tt := range tests {
		code := send(tt.method, tt.path, tt.body, tt.hdr)
		v := cp.Violations()
		if len(v) == 0 || !strings.Contains(strings.Join(v, "\n"), tt.want) {
			t.Errorf("%s: violations %q, want one naming %s", tt.name, v, tt.want)
		}
		if tt.name == "state capturable" && code != http.StatusUnprocessableEntity {
			t.Errorf("state capturable answered %d, want 422", code)
		}
	}
	op, _ := cp.spec.match("GET", "/v1/payments/p1")
	if v := op.checkResponse(200, []byte(`{"amount":"12"}`)); len(v) == 0 {
		t.Error("a string amount passed the response check")
	}
	if v := op.checkResponse(204, nil); len(v) == 0 {
		t.Error("a status the description does not list passed")
	}
	if v := op.checkResponse(200, []byte(`{"amount":1200,"state":{"status":"success","finished":true,"can_retry":null}}`)); len(v) != 0 {
		t.Errorf("nullable can_retry refused: %v", v)
	}
}

// The Service runs over the client against the contract: start, pay,
// confirm, refund, confirm the refund; delayed capture; cancel.
func TestContractServiceOverClient(t *testing.T) {
	ctx := context.Background()
	cp, c := newContractPay(t)
	clock := councilkit.NewFixedClock(contractT0)
	svc := payments.NewService(payments.NewMemStore(), c, clock)
	cardiff := councilkit.MustParseCouncil("W06000015")
	start := func(key string, delayed bool) *payments.Payment {
		t.Helper()
		p, err := svc.Start(ctx, cardiff, payments.StartRequest{
			Amount: payments.Pence(14500), Reference: "CT-2026-0042", Description: "Talu eich treth gyngor",
			ReturnURL: "https://your.service.gov.uk/completed", Language: payments.LanguageWelsh, FundCode: "CT01",
			Metadata: payments.Metadata{"ledger_code": payments.MetadataString("AB100")}, DelayedCapture: delayed,
			IdempotencyKey: payments.IdempotencyKey(key),
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := start("svc-contract-1", false)
	cp.pay(p.ProviderID, 0)
	if p, _ = svc.Confirm(ctx, cardiff, p.ID); p.Status != payments.StatusSuccess {
		t.Fatalf("Confirm: %v", p.Status)
	}
	r, err := svc.Refund(ctx, cardiff, p.ID, payments.RefundRequest{Amount: payments.Pence(4500), Key: "svc-contract-refund-1", Reason: "Paid twice"})
	if err != nil || r.ProviderID == "" {
		t.Fatalf("Refund = %+v, %v", r, err)
	}
	if r, err = svc.ConfirmRefund(ctx, cardiff, p.ID, r.ID); err != nil || r.Status != payments.RefundSuccess {
		t.Errorf("ConfirmRefund = %+v, %v", r, err)
	}
	d := start("svc-contract-2", true)
	cp.pay(d.ProviderID, 0)
	if d, _ = svc.Confirm(ctx, cardiff, d.ID); d.Status != payments.StatusCapturable {
		t.Fatalf("delayed: %v", d.Status)
	}
	if d, err = svc.Capture(ctx, cardiff, d.ID); err != nil || d.Status != payments.StatusSuccess {
		t.Errorf("Capture = %v, %v", d, err)
	}
	x := start("svc-contract-3", false)
	if x, err = svc.Cancel(ctx, cardiff, x.ID); err != nil || x.Status != payments.StatusCancelled {
		t.Errorf("Cancel = %v, %v", x, err)
	}
}
