package govukpay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit/payments"
)

// fakePay is an httptest stand-in for GOV.UK Pay following its published
// contract (API reference: endpoints, HTTP status codes, error codes and the
// example bodies of "Create a payment" and "Refunding payments").
type fakePay struct {
	t        *testing.T
	mu       sync.Mutex
	seq      int
	payments map[string]*fakePayment
	keys     map[string]string // Idempotency-Key -> payment ID
	// Failures to inject: the next n requests to a path prefix answer with
	// status and body.
	inject []injection
	calls  map[string]int
	// refundStatus is the status GET of a refund reports.
	refundStatus string
}

type injection struct {
	prefix string
	n      int
	status int
	body   string
}

type fakePayment struct {
	body     map[string]any
	raw      string
	id       string
	status   string
	code     string
	amount   int64
	refunded int64
	delayed  bool
}

func newFakePay(t *testing.T) (*fakePay, *Client) {
	f := &fakePay{t: t, payments: map[string]*fakePayment{}, keys: map[string]string{}, calls: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := New("api_test_123abc456def", Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return f, c
}

func writeErr(w http.ResponseWriter, status int, code, field, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	m := map[string]string{"code": code, "description": desc}
	if field != "" {
		m["field"] = field
	}
	json.NewEncoder(w).Encode(m)
}

func (f *fakePay) resource(p *fakePayment) map[string]any {
	state := map[string]any{"status": p.status, "finished": p.status == "success" || p.status == "failed" || p.status == "cancelled" || p.status == "error"}
	if p.code != "" {
		state["code"] = p.code
	}
	refund := map[string]any{"status": "pending", "amount_available": p.amount, "amount_submitted": p.refunded}
	if p.status == "success" {
		refund["status"] = "available"
		refund["amount_available"] = p.amount - p.refunded
	}
	return map[string]any{
		"amount": p.amount, "description": p.body["description"], "reference": p.body["reference"], "language": "en",
		"state": state, "payment_id": p.id, "payment_provider": "sandbox", "created_date": "2026-04-01T09:00:00.000Z",
		"refund_summary": refund, "settlement_summary": map[string]any{}, "delayed_capture": p.delayed, "moto": false,
		"return_url": p.body["return_url"],
		"_links": map[string]any{
			"self":     map[string]any{"href": "https://publicapi.payments.service.gov.uk/v1/payments/" + p.id, "method": "GET"},
			"next_url": map[string]any{"href": "https://www.payments.service.gov.uk/secure/" + p.id, "method": "GET"},
		},
	}
}

func (f *fakePay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[r.Method+" "+r.URL.Path]++
	if r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") == "" {
		f.t.Errorf("%s %s: Accept %q, User-Agent %q", r.Method, r.URL.Path, r.Header.Get("Accept"), r.Header.Get("User-Agent"))
	}
	if r.Header.Get("Authorization") != "Bearer api_test_123abc456def" {
		writeErr(w, 401, "", "", "Credentials are required to access this resource")
		return
	}
	for i := range f.inject {
		in := &f.inject[i]
		if in.n > 0 && strings.HasPrefix(r.Method+" "+r.URL.Path, in.prefix) {
			in.n--
			w.WriteHeader(in.status)
			w.Write([]byte(in.body))
			return
		}
	}
	if r.Method == http.MethodPost && r.Header.Get("Content-Type") != "application/json" {
		writeErr(w, 400, "P0920", "", "Request blocked by security rules")
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1/payments")
	switch {
	case r.Method == http.MethodPost && path == "":
		f.create(w, r)
	case r.Method == http.MethodGet && path == "":
		res := []any{}
		for _, p := range f.payments {
			if ref := r.URL.Query().Get("reference"); ref == "" || ref == p.body["reference"] {
				res = append(res, f.resource(p))
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"total": len(res), "count": len(res), "page": 1, "results": res})
	default:
		parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
		p, ok := f.payments[parts[0]]
		if !ok {
			codes := map[string]string{"": "P0200", "cancel": "P0500", "refunds": "P0600", "capture": "P1000"}
			action := ""
			if len(parts) > 1 {
				action = parts[1]
			}
			writeErr(w, 404, codes[action], "", "Not found")
			return
		}
		switch {
		case r.Method == http.MethodGet && len(parts) == 1:
			json.NewEncoder(w).Encode(f.resource(p))
		case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "cancel":
			if p.status == "success" || p.status == "failed" || p.status == "cancelled" || p.status == "error" {
				writeErr(w, 409, "P0502", "", "Cancellation of payment failed")
				return
			}
			p.status, p.code = "cancelled", "P0040"
			w.WriteHeader(204)
		case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "capture":
			if p.status != "capturable" {
				writeErr(w, 409, "P1003", "", "Payment cannot be captured")
				return
			}
			p.status = "success"
			w.WriteHeader(204)
		case r.Method == http.MethodGet && len(parts) == 3 && parts[1] == "refunds":
			st := f.refundStatus
			if st == "" {
				st = "submitted"
			}
			json.NewEncoder(w).Encode(map[string]any{"refund_id": parts[2], "created_date": "2026-04-02T10:00:00.000Z", "amount": p.refunded, "status": st})
		case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "refunds":
			var body struct {
				Amount          *int64 `json:"amount"`
				AmountAvailable *int64 `json:"refund_amount_available"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Amount == nil {
				writeErr(w, 400, "P0601", "amount", "Missing mandatory attribute: amount")
				return
			}
			avail := p.amount - p.refunded
			if p.status != "success" || *body.Amount > avail || *body.Amount < 1 {
				writeErr(w, 400, "P0603", "", "The payment is not available for refund. Payment refund status: amount_not_available")
				return
			}
			if body.AmountAvailable != nil && *body.AmountAvailable != avail {
				writeErr(w, 412, "P0604", "", "Refund amount available mismatch.")
				return
			}
			p.refunded += *body.Amount
			w.WriteHeader(202)
			json.NewEncoder(w).Encode(map[string]any{"refund_id": fmt.Sprintf("rf%d", p.refunded), "created_date": "2026-04-02T10:00:00.000Z", "amount": *body.Amount, "status": "submitted"})
		default:
			writeErr(w, 404, "", "", "Not found")
		}
	}
}

func (f *fakePay) create(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		writeErr(w, 400, "P0197", "", "Unable to parse JSON")
		return
	}
	var body map[string]any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	d.Decode(&body)
	for _, field := range []string{"amount", "reference", "description", "return_url"} {
		if _, ok := body[field]; !ok {
			writeErr(w, 400, "P0101", field, "Missing mandatory attribute: "+field)
			return
		}
	}
	amount, err := body["amount"].(json.Number).Int64()
	if err != nil || amount > 10000000 {
		writeErr(w, 422, "P0102", "amount", "Invalid attribute value: amount. Must be less than or equal to 10000000")
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if id, ok := f.keys[key]; ok && key != "" {
		if f.payments[id].raw != string(raw) {
			writeErr(w, 409, "P0191", "", "The Idempotency-Key has already been used to create a payment")
			return
		}
		json.NewEncoder(w).Encode(f.resource(f.payments[id]))
		return
	}
	f.seq++
	p := &fakePayment{body: body, raw: string(raw), id: fmt.Sprintf("hu20sqlact5260q2nanm0q8u%02d", f.seq), status: "created", amount: amount}
	if b, _ := body["delayed_capture"].(bool); b {
		p.delayed = true
	}
	f.payments[p.id] = p
	if key != "" {
		f.keys[key] = p.id
	}
	w.WriteHeader(201)
	json.NewEncoder(w).Encode(f.resource(p))
}

func req(key string) payments.ProviderRequest {
	return payments.ProviderRequest{
		Amount: payments.Pence(14500), Reference: "12345", Description: "Pay your council tax",
		ReturnURL: "https://your.service.gov.uk/completed", Language: payments.LanguageEnglish,
		Metadata:       payments.Metadata{"ledger_code": payments.MetadataString("AB100"), "internal_reference_number": payments.MetadataInt(200)},
		IdempotencyKey: payments.IdempotencyKey(key),
	}
}

func TestCreateAndGet(t *testing.T) {
	f, c := newFakePay(t)
	ctx := context.Background()
	p, err := c.Create(ctx, req("k-1"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != payments.StatusCreated || p.Amount != payments.Pence(14500) || !strings.HasPrefix(p.NextURL, "https://www.payments.service.gov.uk/secure/") || p.RefundSummary.Status != payments.RefundPending {
		t.Errorf("Create = %+v", p)
	}
	body := f.payments[p.ProviderID].body
	if body["reference"] != "12345" || body["language"] != "en" || body["metadata"].(map[string]any)["internal_reference_number"] != json.Number("200") {
		t.Errorf("request body = %v", body)
	}
	again, err := c.Create(ctx, req("k-1"))
	if err != nil || again.ProviderID != p.ProviderID {
		t.Errorf("same key: %+v, %v", again, err)
	}
	changed := req("k-1")
	changed.Amount = payments.Pence(14501)
	_, err = c.Create(ctx, changed)
	var ae *APIError
	if !errors.Is(err, payments.ErrIdempotencyConflict) || !errors.As(err, &ae) || ae.Code != "P0191" {
		t.Errorf("same key, other body: %v", err)
	}
	f.payments[p.ProviderID].status, f.payments[p.ProviderID].code = "failed", "P0020"
	got, err := c.Get(ctx, p.ProviderID)
	if err != nil || got.Status != payments.StatusFailed || got.FailureCode != payments.FailureExpired {
		t.Errorf("Get = %+v, %v", got, err)
	}
	if _, err := c.Get(ctx, "nope"); !errors.Is(err, payments.ErrNotFound) || !errors.As(err, &ae) || ae.Code != "P0200" {
		t.Errorf("Get unknown: %v", err)
	}
	res, err := c.Search(ctx, SearchQuery{Reference: "12345", DisplaySize: 1000})
	if err != nil || res.Total != 1 || len(res.Payments) != 1 {
		t.Errorf("Search = %+v, %v", res, err)
	}
}

func TestErrorBodies(t *testing.T) {
	f, c := newFakePay(t)
	ctx := context.Background()
	big := req("k-big")
	big.Amount = payments.Pence(10000001)
	_, err := c.Create(ctx, big)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 422 || ae.Code != "P0102" || ae.Field != "amount" || !strings.Contains(ae.Description, "10000000") || !errors.Is(err, payments.ErrProviderRejected) {
		t.Errorf("P0102: %#v", err)
	}
	bad, _ := New("wrong-key", Config{BaseURL: c.baseURL})
	if _, err := bad.Get(ctx, "x"); !errors.Is(err, payments.ErrUnauthorised) {
		t.Errorf("401: %v", err)
	}
	f.inject = []injection{{prefix: "POST /v1/payments", n: 1, status: 403, body: `{"code":"P0920","description":"Request blocked by security rules"}`}}
	if _, err := c.Create(ctx, req("k-fw")); !errors.Is(err, payments.ErrProviderRejected) || !errors.As(err, &ae) || ae.Code != "P0920" {
		t.Errorf("P0920: %v", err)
	}
	f.inject = []injection{{prefix: "GET", n: 99, status: 503, body: `{"code":"P0999","description":"GOV.UK Pay is unavailable"}`}}
	if _, err := c.Get(ctx, "x"); !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Errorf("P0999: %v", err)
	}
	f.inject = []injection{{prefix: "GET", n: 1, status: 502, body: `<html>bad gateway</html>`}}
	if _, err := c.Get(ctx, "x"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("after one 502 the retry should reach the server: %v", err)
	}
}

func TestRetries(t *testing.T) {
	f, c := newFakePay(t)
	ctx := context.Background()
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	c.pacers = nil

	// 429 then 500 then success on an idempotent create: retried.
	f.inject = []injection{
		{prefix: "POST /v1/payments", n: 1, status: 429, body: `{"code":"P0900","description":"Too many requests"}`},
		{prefix: "POST /v1/payments", n: 1, status: 500, body: `{"code":"P0198","description":"Downstream system error"}`},
	}
	p, err := c.Create(ctx, req("k-retry"))
	if err != nil {
		t.Fatal(err)
	}
	if f.calls["POST /v1/payments"] != 3 || len(f.payments) != 1 {
		t.Errorf("create calls %d, payments %d", f.calls["POST /v1/payments"], len(f.payments))
	}
	// "After a second, you'll be able to retry" (API reference, "Rate limits").
	if len(waits) != 2 || waits[0] < time.Second || waits[1] != 500*time.Millisecond {
		t.Errorf("waits = %v, want [1s 500ms]", waits)
	}

	// A create without a key is not repeatable.
	f.inject = []injection{{prefix: "POST /v1/payments", n: 1, status: 503, body: `{}`}}
	if _, err := c.Create(ctx, req("")); !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Errorf("keyless create: %v", err)
	}

	// Refunds, cancels and captures are never retried by the client.
	f.payments[p.ProviderID].status = "success"
	f.inject = []injection{{prefix: "POST /v1/payments/" + p.ProviderID + "/refunds", n: 1, status: 503, body: `{"code":"P0698"}`}}
	before := f.calls["POST /v1/payments/"+p.ProviderID+"/refunds"]
	if _, err := c.Refund(ctx, p.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(100), AmountAvailable: payments.Pence(14500)}); !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Errorf("refund 503: %v", err)
	}
	if n := f.calls["POST /v1/payments/"+p.ProviderID+"/refunds"] - before; n != 1 {
		t.Errorf("refund sent %d times, want once", n)
	}

	// Retries are bounded.
	f.inject = []injection{{prefix: "GET", n: 100, status: 503, body: `{}`}}
	before = f.calls["GET /v1/payments/"+p.ProviderID]
	c.Get(ctx, p.ProviderID)
	if n := f.calls["GET /v1/payments/"+p.ProviderID] - before; n != c.maxRetries+1 {
		t.Errorf("GET tried %d times, want %d", n, c.maxRetries+1)
	}
}

func TestRefundGuardAndCancelCapture(t *testing.T) {
	f, c := newFakePay(t)
	ctx := context.Background()
	p, _ := c.Create(ctx, req("k-r"))
	if err := c.Capture(ctx, p.ProviderID); !errors.Is(err, payments.ErrNotCapturable) {
		t.Errorf("capture of created payment: %v", err)
	}
	f.payments[p.ProviderID].status = "success"
	r, err := c.Refund(ctx, p.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(2000), AmountAvailable: payments.Pence(14500)})
	if err != nil || r.Status != payments.RefundSubmitted || r.Amount != payments.Pence(2000) {
		t.Fatalf("refund = %+v, %v", r, err)
	}
	// The duplicate of that request carries a stale guard: refused, P0604.
	_, err = c.Refund(ctx, p.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(2000), AmountAvailable: payments.Pence(14500)})
	var ae *APIError
	if !errors.Is(err, payments.ErrRefundAvailableMismatch) || !errors.As(err, &ae) || ae.StatusCode != 412 {
		t.Errorf("duplicate refund: %v", err)
	}
	if _, err := c.Refund(ctx, p.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(20000), AmountAvailable: payments.Pence(12500)}); !errors.Is(err, payments.ErrNotRefundable) {
		t.Errorf("too large refund: %v", err)
	}
	if err := c.Cancel(ctx, p.ProviderID); !errors.Is(err, payments.ErrNotCancellable) {
		t.Errorf("cancel of finished payment: %v", err)
	}
	q, _ := c.Create(ctx, req("k-c"))
	if err := c.Cancel(ctx, q.ProviderID); err != nil {
		t.Errorf("cancel: %v", err)
	}
	if got, _ := c.Get(ctx, q.ProviderID); got.Status != payments.StatusCancelled || got.FailureCode != payments.FailureCancelledByService {
		t.Errorf("after cancel: %+v", got)
	}
}

// Every POST of one kind is spaced 1/15 s after the last (API reference,
// "Rate limits"). The pacer is checked with a recorded clock, not wall time.
func TestPacing(t *testing.T) {
	p := &pacer{interval: time.Second / DefaultRatePerSecond}
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var waits []time.Duration
	for range 16 {
		waits = append(waits, p.reserve(now))
	}
	if waits[0] != 0 || waits[1] != time.Second/15 || waits[15] != 15*(time.Second/15) {
		t.Errorf("waits = %v", waits)
	}
	// After a quiet second the pacer does not make a request wait.
	if w := p.reserve(now.Add(10 * time.Second)); w != 0 {
		t.Errorf("after idle: %v", w)
	}
	c, _ := New("k", Config{})
	if len(c.pacers) != 3 || c.pacers["create"] == c.pacers["post"] {
		t.Error("create, capture and other POSTs must be paced separately")
	}
}

func TestClientIsAProviderForTheService(t *testing.T) {
	_, c := newFakePay(t)
	var _ payments.Provider = c
	if c.Name() != "govukpay" {
		t.Error(c.Name())
	}
	if _, err := New("", Config{}); !errors.Is(err, ErrConfig) {
		t.Errorf("New without a key: %v, want ErrConfig", err)
	}
}

// TestNewConfig checks that each zero field of Config means its documented
// default and that New refuses unusable settings with ErrConfig.
func TestNewConfig(t *testing.T) {
	c, err := New("k", Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL != DefaultBaseURL || c.maxRetries != 3 || c.backoff != 250*time.Millisecond ||
		c.http == nil || c.http.Timeout != 30*time.Second || len(c.pacers) != 3 ||
		c.pacers["create"].interval != time.Second/DefaultRatePerSecond {
		t.Errorf("defaults: %+v", *c)
	}
	hc := &http.Client{}
	c, err = New("k", Config{BaseURL: "http://127.0.0.1:8080/", HTTPClient: hc, MaxRetries: -1, Backoff: time.Second, RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL != "http://127.0.0.1:8080" || c.http != hc || c.maxRetries != 0 || c.backoff != time.Second || c.pacers != nil {
		t.Errorf("settings not applied: %+v", *c)
	}
	for _, cfg := range []Config{
		{BaseURL: "publicapi.payments.service.gov.uk"}, // no scheme
		{BaseURL: "ftp://pay.example"},
		{BaseURL: "https://"},
		{BaseURL: "://bad"},
		{Backoff: -time.Second},
	} {
		if _, err := New("k", cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("New(%+v) = %v, want ErrConfig", cfg, err)
		}
	}
}
