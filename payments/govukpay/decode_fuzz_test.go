package govukpay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

// cannedTransport answers every request with the same status and body,
// without a network, and counts the requests.
type cannedTransport struct {
	status int
	body   []byte
	calls  int
}

func (c *cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls++
	return &http.Response{
		StatusCode: c.status,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(c.body)),
		Request:    r,
	}, nil
}

// cannedClient returns a Client whose every request gets status and body,
// retrying repeatable requests once, without sleeping.
func cannedClient(t *testing.T, status int, body []byte) (*Client, *cannedTransport) {
	t.Helper()
	tr := &cannedTransport{status: status, body: body}
	c, err := New("api_test_fuzz", Config{HTTPClient: &http.Client{Transport: tr}, MaxRetries: 1, Backoff: time.Millisecond, RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c, tr
}

// fuzzStatus maps any int onto an HTTP status from 200 to 599.
func fuzzStatus(n int) int {
	n %= 400
	if n < 0 {
		n = -n
	}
	return 200 + n
}

// checkAPIError checks the error a non-success answer gave: an *APIError
// with the status, the code of the body if it has one, classified as the
// API reference's table says, and retried exactly when it may succeed
// later and the request is safe to repeat.
func checkAPIError(t *testing.T, err error, status int, body []byte, calls int, repeatable bool) {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != status {
		t.Fatalf("HTTP %d %q: error %v is not an APIError of that status", status, body, err)
	}
	var eb struct {
		Code        string `json:"code"`
		Description string `json:"description"`
	}
	if json.Unmarshal(body, &eb) == nil && (ae.Code != eb.Code || ae.Description != eb.Description) {
		t.Fatalf("body %q: APIError code %q description %q", body, ae.Code, ae.Description)
	}
	if want := classify(status, ae.Code); !errors.Is(err, want) {
		t.Fatalf("HTTP %d %s: error %v does not match %v", status, ae.Code, err, want)
	}
	matched := 0
	for _, s := range []error{payments.ErrNotFound, payments.ErrIdempotencyConflict, payments.ErrNotCancellable, payments.ErrNotCapturable,
		payments.ErrNotRefundable, payments.ErrRefundAvailableMismatch, payments.ErrRateLimited, payments.ErrProviderUnavailable,
		payments.ErrUnauthorised, payments.ErrProviderRejected} {
		if errors.Is(err, s) {
			matched++
		}
	}
	if matched != 1 {
		t.Fatalf("HTTP %d %s: error %v matches %d sentinels, want 1", status, ae.Code, err, matched)
	}
	want := 1
	if repeatable && ae.Retryable() {
		want = 2
	}
	if calls != want {
		t.Fatalf("HTTP %d %s (retryable %v): %d requests, want %d", status, ae.Code, ae.Retryable(), calls, want)
	}
}

// paymentBody is the payment resource GOV.UK Pay would send for pp.
func paymentBody(pp payments.ProviderPayment) []byte {
	state := map[string]any{"status": pp.Status.String(), "finished": pp.Status.Finished()}
	if pp.FailureCode != "" {
		state["code"] = string(pp.FailureCode)
	}
	settlement := map[string]any{}
	if !pp.CapturedAt.IsZero() {
		settlement["captured_date"] = pp.CapturedAt.In(calendar.London()).Format(time.DateOnly)
	}
	if !pp.SettledAt.IsZero() {
		settlement["settled_date"] = pp.SettledAt.In(calendar.London()).Format(time.DateOnly)
	}
	b, err := json.Marshal(map[string]any{
		"payment_id": pp.ProviderID, "amount": pp.Amount, "reference": pp.Reference, "state": state,
		"created_date": pp.CreatedAt,
		"refund_summary": map[string]any{"status": pp.RefundSummary.Status, "amount_available": pp.RefundSummary.Available,
			"amount_submitted": pp.RefundSummary.Submitted},
		"settlement_summary": settlement,
		"_links":             map[string]any{"next_url": map[string]any{"href": pp.NextURL}},
	})
	if err != nil {
		panic(err)
	}
	return b
}

func samePayment(a, b payments.ProviderPayment) bool {
	return a.ProviderID == b.ProviderID && a.NextURL == b.NextURL && a.Amount == b.Amount && a.Status == b.Status &&
		a.FailureCode == b.FailureCode && a.Reference == b.Reference && a.RefundSummary == b.RefundSummary &&
		a.CreatedAt.Equal(b.CreatedAt) && a.CapturedAt.Equal(b.CapturedAt) && a.SettledAt.Equal(b.SettledAt)
}

// FuzzPaymentResponse decodes arbitrary answers to GET /v1/payments/{id}
// (and so to create and search, which share the decoding). An error answer
// must become an *APIError that is classified and retried as documented.
// A 200 answer must give either an error or a payment whose status and
// failure code are valid and which, sent back as GOV.UK Pay would send
// it, decodes to the same payment: nothing is lost or invented.
func FuzzPaymentResponse(f *testing.F) {
	// The example response of "Get information about a single payment"
	// (API reference), trimmed to the fields read.
	f.Add(200, []byte(`{"amount":14500,"description":"Pay your council tax","reference":"12345","language":"en","state":{"status":"success","finished":true},"payment_id":"hu20sqlact5260q2nanm0q8u93","created_date":"2026-01-21T17:15:00.000Z","refund_summary":{"status":"available","amount_available":14500,"amount_submitted":0},"settlement_summary":{"capture_submit_time":"2026-01-21T17:15:00.000Z","captured_date":"2026-01-21","settled_date":"2026-01-22"},"_links":{"next_url":{"href":"https://www.payments.service.gov.uk/secure/bb0a272c","method":"GET"}}}`))
	f.Add(200, []byte(`{"amount":4500,"payment_id":"p1","state":{"status":"failed","finished":true,"code":"P0010","message":"Payment method rejected"}}`))
	f.Add(200, []byte(`{"amount":4500,"payment_id":"p1","state":{"status":"failed","code":"P10"}}`))
	f.Add(200, []byte(`{"amount":12.5,"state":{"status":"created"}}`))
	f.Add(200, []byte(`{"amount":"4500","state":{"status":"created"}}`))
	f.Add(200, []byte(`{"state":{"status":"paid"}}`))
	f.Add(200, []byte(`null`))
	f.Add(200, []byte(``))
	f.Add(404, []byte(`{"code":"P0200","description":"paymentId not found"}`))
	f.Add(429, []byte(`{"code":"P0900","description":"Too many requests"}`))
	f.Add(500, []byte(`{"code":"P0198","description":"Downstream system error"}`))
	f.Add(500, []byte(`<html>Internal Server Error</html>`))
	f.Add(401, []byte(`Credentials are required to access this resource`))
	f.Add(503, []byte(`{"code":"P0200"}`))
	f.Add(201, []byte(`{}`))
	f.Fuzz(func(t *testing.T, n int, body []byte) {
		status := fuzzStatus(n)
		c, tr := cannedClient(t, status, body)
		pp, err := c.Get(context.Background(), "pay-1")
		if status != http.StatusOK {
			checkAPIError(t, err, status, body, tr.calls, true)
			return
		}
		if err != nil {
			var ae *APIError
			if errors.As(err, &ae) {
				t.Fatalf("a 200 answer gave an APIError: %v", err)
			}
			return
		}
		if !pp.Status.IsValid() || (pp.FailureCode != "" && !failureCodeForm(string(pp.FailureCode))) {
			t.Fatalf("body %q decoded to status %v, code %q", body, pp.Status, pp.FailureCode)
		}
		again := paymentBody(pp)
		c2, _ := cannedClient(t, http.StatusOK, again)
		back, err := c2.Get(context.Background(), "pay-1")
		if err != nil || !samePayment(pp, back) {
			t.Fatalf("body %q decoded to %+v; re-encoded as %s it decodes to %+v, %v", body, pp, again, back, err)
		}
	})
}

func failureCodeForm(s string) bool {
	_, err := payments.ParseFailureCode(s)
	return err == nil
}

// FuzzRefundResponse decodes arbitrary answers to GET
// /v1/payments/{id}/refunds/{refund_id}: an error answer must become a
// classified *APIError; a 200 answer either an error or a refund with a
// valid status that survives being sent back.
func FuzzRefundResponse(f *testing.F) {
	// The example response of "Check the status of a refund" (API
	// reference).
	f.Add(200, []byte(`{"refund_id":"j6se0f2o427g28g8yg3u3i","created_date":"2026-01-25T13:00:00.000Z","amount":1200,"status":"success","settlement_summary":{"settled_date":"2026-01-26"},"_links":{}}`))
	f.Add(200, []byte(`{"refund_id":"r1","amount":-1200,"status":"SUBMITTED"}`))
	f.Add(200, []byte(`{"refund_id":"r1","amount":1200,"status":"pending"}`))
	f.Add(200, []byte(`{"refund_id":"r1","amount":1e3,"status":"success"}`))
	f.Add(404, []byte(`{"code":"P0800","description":"Not found"}`))
	f.Add(500, []byte(``))
	f.Fuzz(func(t *testing.T, n int, body []byte) {
		status := fuzzStatus(n)
		c, tr := cannedClient(t, status, body)
		pr, err := c.GetRefund(context.Background(), "pay-1", "ref-1")
		if status != http.StatusOK {
			checkAPIError(t, err, status, body, tr.calls, true)
			return
		}
		if err != nil {
			return
		}
		if pr.Status != payments.RefundSubmitted && pr.Status != payments.RefundSuccess && pr.Status != payments.RefundError {
			t.Fatalf("body %q decoded to refund status %v", body, pr.Status)
		}
		again, err := json.Marshal(map[string]any{"refund_id": pr.ProviderID, "amount": pr.Amount, "status": pr.Status, "created_date": pr.CreatedAt})
		if err != nil {
			t.Fatal(err)
		}
		c2, _ := cannedClient(t, http.StatusOK, again)
		back, err := c2.GetRefund(context.Background(), "pay-1", "ref-1")
		if err != nil || back.ProviderID != pr.ProviderID || back.Amount != pr.Amount || back.Status != pr.Status || !back.CreatedAt.Equal(pr.CreatedAt) {
			t.Fatalf("body %q decoded to %+v; re-encoded as %s it decodes to %+v, %v", body, pr, again, back, err)
		}
	})
}

// FuzzErrorResponse decodes arbitrary error answers to a cancel, a POST
// that is never repeated: only 204 succeeds, and every other answer is one
// classified *APIError after exactly one request, a 409 without a more
// specific code meaning the payment cannot be cancelled.
func FuzzErrorResponse(f *testing.F) {
	f.Add(204, []byte(``))
	f.Add(204, []byte(`{"unexpected":"body"}`))
	f.Add(400, []byte(`{"field":"amount","code":"P0102","description":"Invalid attribute value: amount. Must be less than or equal to 10000000"}`))
	f.Add(409, []byte(`{"code":"P0502","description":"Cancellation of payment failed"}`))
	f.Add(409, []byte(`{}`))
	f.Add(422, []byte(`{"code":"P0199","description":"..."}`))
	f.Add(500, []byte(`{"code":"P0598"}`))
	f.Add(502, []byte(`Bad Gateway`))
	f.Add(429, []byte(`{"code":`))
	f.Fuzz(func(t *testing.T, n int, body []byte) {
		status := fuzzStatus(n)
		c, tr := cannedClient(t, status, body)
		err := c.Cancel(context.Background(), "pay-1")
		if status == http.StatusNoContent {
			if err != nil || tr.calls != 1 {
				t.Fatalf("204: %v after %d requests", err, tr.calls)
			}
			return
		}
		var ae *APIError
		if errors.As(err, &ae) && status == http.StatusConflict && errors.Is(classify(status, ae.Code), payments.ErrProviderRejected) {
			if !errors.Is(err, payments.ErrNotCancellable) {
				t.Fatalf("409 %q: %v does not match ErrNotCancellable", body, err)
			}
			return
		}
		checkAPIError(t, err, status, body, tr.calls, false)
	})
}
