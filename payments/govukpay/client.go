package govukpay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// DefaultBaseURL is GOV.UK Pay's API address, the same for test and live
// accounts; the API key decides which.
const DefaultBaseURL = "https://publicapi.payments.service.gov.uk"

// DefaultRatePerSecond is GOV.UK Pay's published limit for each kind of POST
// request (API reference, "Rate limits": up to 15 create, 15 capture and 15
// other POST requests a second).
const DefaultRatePerSecond = 15

// maxResponseBytes bounds a response body read into memory.
const maxResponseBytes = 4 << 20

// Client calls the GOV.UK Pay API for one account (one API key). It is safe
// for concurrent use and implements payments.Provider.
type Client struct {
	baseURL    string
	apiKey     string
	http       *http.Client
	maxRetries int
	backoff    time.Duration
	maxBackoff time.Duration
	pacers     map[string]*pacer
	sleep      func(ctx context.Context, d time.Duration) error
}

var _ payments.Provider = (*Client)(nil)

// ErrConfig is wrapped by New's error for a configuration it cannot use.
var ErrConfig = errors.New("govukpay: invalid configuration")

// Config holds a Client's optional settings. The zero Config talks to
// GOV.UK Pay with the defaults given on each field.
type Config struct {
	// BaseURL is the API's address; empty means DefaultBaseURL. Tests
	// point it at a stub server. It must be an absolute http(s) URL.
	BaseURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout.
	HTTPClient *http.Client
	// MaxRetries is how many times a repeatable request is retried after
	// a rate-limit answer, a server error or a network failure; 0 means 3,
	// and a negative value means never.
	MaxRetries int
	// Backoff is the first wait before a retry, doubled each time up to 8
	// seconds; 0 means 250 ms. It must not be negative.
	Backoff time.Duration
	// RatePerSecond paces each kind of POST request; 0 means
	// DefaultRatePerSecond, and a negative value turns pacing off (for a
	// stub server in tests).
	RatePerSecond int
}

// New returns a client for the account whose API key is apiKey, with the
// optional settings in cfg. Its error wraps ErrConfig for an empty API key
// or an unusable setting.
func New(apiKey string, cfg Config) (*Client, error) {
	if apiKey == "" {
		return nil, fmt.Errorf("%w: no API key", ErrConfig)
	}
	c := &Client{
		baseURL:    DefaultBaseURL,
		apiKey:     apiKey,
		http:       cfg.HTTPClient,
		maxRetries: cfg.MaxRetries,
		backoff:    cfg.Backoff,
		maxBackoff: 8 * time.Second,
		sleep:      sleepCtx,
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("%w: BaseURL must be an absolute http(s) URL", ErrConfig)
		}
		c.baseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second}
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 3
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	switch {
	case c.backoff < 0:
		return nil, fmt.Errorf("%w: Backoff must not be negative", ErrConfig)
	case c.backoff == 0:
		c.backoff = 250 * time.Millisecond
	}
	switch {
	case cfg.RatePerSecond == 0:
		c.pacers = newPacers(DefaultRatePerSecond)
	case cfg.RatePerSecond > 0:
		c.pacers = newPacers(cfg.RatePerSecond)
	}
	return c, nil
}

// redacted stands in for the API key wherever a Client is printed or logged.
const redacted = "[REDACTED]"

// String describes the client without its API key: the key is a secret that
// moves money, so it never appears in fmt output or logs.
func (c Client) String() string {
	return "govukpay.Client{baseURL: " + strconv.Quote(redactedBase(c.baseURL)) + ", apiKey: " + redacted + "}"
}

// GoString is String, so that %#v too keeps the API key out.
func (c Client) GoString() string { return c.String() }

// Format prints the client as String does for every verb (%v, %+v, %#v,
// %s, %q …), never the API key.
func (c Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// LogValue logs the client's base URL and a redacted API key.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", redactedBase(c.baseURL)), slog.String("api_key", redacted))
}

// redactedBase returns the base URL without user information, query or
// fragment, any of which could hold a credential.
func redactedBase(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "(unparsable base URL)"
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return r.String()
}

// Name implements payments.Provider.
func (*Client) Name() string { return "govukpay" }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pacer spaces requests of one kind at least interval apart.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newPacers(perSecond int) map[string]*pacer {
	if perSecond <= 0 {
		return nil
	}
	iv := time.Second / time.Duration(perSecond)
	return map[string]*pacer{"create": {interval: iv}, "capture": {interval: iv}, "post": {interval: iv}}
}

// reserve returns how long to wait before sending.
func (p *pacer) reserve(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next.Before(now) {
		p.next = now
	}
	wait := p.next.Sub(now)
	p.next = p.next.Add(p.interval)
	return wait
}

// APIError is an error answer from GOV.UK Pay (API reference, "Responses"
// and "GOV.UK Pay API error codes"). It matches a payments sentinel error
// with errors.Is: ErrNotFound, ErrRateLimited, ErrRefundAvailableMismatch …
type APIError struct {
	StatusCode  int
	Code        string // "P0102"
	Field       string // the request field at fault, if any
	Header      string // the request header at fault, if any
	Description string // for developers, not residents
	kind        error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "govukpay: HTTP %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Field != "" {
		b.WriteString(" field " + e.Field)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	return b.String()
}

// Unwrap returns the payments sentinel the error corresponds to.
func (e *APIError) Unwrap() error { return e.kind }

// Retryable reports whether the same request may succeed later.
func (e *APIError) Retryable() bool {
	return errors.Is(e.kind, payments.ErrRateLimited) || errors.Is(e.kind, payments.ErrProviderUnavailable)
}

// classify maps a status and code to a sentinel, following the API
// reference's table of error codes.
func classify(status int, code string) error {
	switch code {
	case "P0200", "P0300", "P0500", "P0600", "P0700", "P0800", "P1000", "P2200", "P2500":
		return payments.ErrNotFound
	case "P0191":
		return payments.ErrIdempotencyConflict
	case "P0501", "P0502":
		return payments.ErrNotCancellable
	case "P1001", "P1003":
		return payments.ErrNotCapturable
	case "P0603":
		return payments.ErrNotRefundable
	case "P0604":
		return payments.ErrRefundAvailableMismatch
	case "P0900":
		return payments.ErrRateLimited
	case "P0999":
		return payments.ErrProviderUnavailable
	}
	if len(code) == 5 && strings.HasSuffix(code, "98") {
		return payments.ErrProviderUnavailable // P0198, P0298 … "something wrong with GOV.UK Pay"
	}
	switch {
	case status == http.StatusUnauthorized:
		return payments.ErrUnauthorised
	case status == http.StatusNotFound:
		return payments.ErrNotFound
	case status == http.StatusTooManyRequests:
		return payments.ErrRateLimited
	case status == http.StatusPreconditionFailed:
		return payments.ErrRefundAvailableMismatch
	case status >= 500:
		return payments.ErrProviderUnavailable
	}
	return payments.ErrProviderRejected
}

type call struct {
	method     string
	path       string
	body       any
	kind       string // pacer kind for POSTs
	idemKey    payments.IdempotencyKey
	repeatable bool
	want       []int // acceptable status codes
	out        any
}

func (c *Client) do(ctx context.Context, cl call) error {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, cl, payload)
		var ae *APIError
		retryable := errors.As(err, &ae) && ae.Retryable() || isTransport(err)
		if err == nil || !cl.repeatable || !retryable || attempt >= c.maxRetries || ctx.Err() != nil {
			return err
		}
		wait := min(c.backoff<<attempt, c.maxBackoff)
		if ae != nil && ae.StatusCode == http.StatusTooManyRequests && wait < time.Second {
			// "After a second, you'll be able to retry" (API reference,
			// "Rate limits").
			wait = time.Second
		}
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

type transportError struct{ err error }

func (e *transportError) Error() string { return "govukpay: " + e.err.Error() }
func (e *transportError) Unwrap() []error {
	return []error{e.err, payments.ErrProviderUnavailable}
}

func isTransport(err error) bool {
	var te *transportError
	return errors.As(err, &te)
}

func (c *Client) once(ctx context.Context, cl call, payload []byte) error {
	if p := c.pacers[cl.kind]; p != nil {
		if err := c.sleep(ctx, p.reserve(time.Now())); err != nil {
			return err
		}
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.baseURL+cl.path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "councilkit-govukpay")
	if cl.method == http.MethodPost {
		// GOV.UK Pay's firewall refuses POSTs without this header or with
		// an empty body (P0920).
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.idemKey != "" {
		req.Header.Set("Idempotency-Key", string(cl.idemKey))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &transportError{err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return &transportError{err: err}
	}
	ok := false
	for _, s := range cl.want {
		ok = ok || resp.StatusCode == s
	}
	if !ok {
		ae := &APIError{StatusCode: resp.StatusCode}
		var eb struct {
			Code        string `json:"code"`
			Field       string `json:"field"`
			Header      string `json:"header"`
			Description string `json:"description"`
		}
		if json.Unmarshal(data, &eb) == nil {
			ae.Code, ae.Field, ae.Header, ae.Description = eb.Code, eb.Field, eb.Header, eb.Description
		}
		ae.kind = classify(resp.StatusCode, ae.Code)
		return ae
	}
	if cl.out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, cl.out); err != nil {
			return fmt.Errorf("govukpay: decoding %s %s: %w", cl.method, cl.path, err)
		}
	}
	return nil
}

type createBody struct {
	Amount         int64             `json:"amount"`
	Reference      string            `json:"reference"`
	Description    string            `json:"description"`
	ReturnURL      string            `json:"return_url"`
	Language       payments.Language `json:"language,omitempty"`
	DelayedCapture bool              `json:"delayed_capture,omitempty"`
	Metadata       payments.Metadata `json:"metadata,omitempty"`
}

// Create implements payments.Provider: POST /v1/payments with the
// Idempotency-Key header.
func (c *Client) Create(ctx context.Context, req payments.ProviderRequest) (payments.ProviderPayment, error) {
	var out payments.PaymentResourceJSON
	err := c.do(ctx, call{
		method: http.MethodPost, path: "/v1/payments", kind: "create",
		body: createBody{
			Amount: req.Amount.Pence(), Reference: req.Reference, Description: req.Description,
			ReturnURL: req.ReturnURL, Language: req.Language, DelayedCapture: req.DelayedCapture, Metadata: req.Metadata,
		},
		idemKey:    req.IdempotencyKey,
		repeatable: req.IdempotencyKey != "",
		want:       []int{http.StatusCreated, http.StatusOK},
		out:        &out,
	})
	if err != nil {
		return payments.ProviderPayment{}, err
	}
	return out.ProviderPayment()
}

// Get implements payments.Provider: GET /v1/payments/{id}.
func (c *Client) Get(ctx context.Context, id string) (payments.ProviderPayment, error) {
	var out payments.PaymentResourceJSON
	if err := c.do(ctx, call{method: http.MethodGet, path: "/v1/payments/" + url.PathEscape(id), repeatable: true, want: []int{http.StatusOK}, out: &out}); err != nil {
		return payments.ProviderPayment{}, err
	}
	return out.ProviderPayment()
}

// Cancel implements payments.Provider: POST /v1/payments/{id}/cancel,
// answered 204.
func (c *Client) Cancel(ctx context.Context, id string) error {
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/payments/" + url.PathEscape(id) + "/cancel", kind: "post", body: struct{}{}, want: []int{http.StatusNoContent}})
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusConflict && ae.kind == payments.ErrProviderRejected {
		ae.kind = payments.ErrNotCancellable
	}
	return err
}

// Capture implements payments.Provider: POST /v1/payments/{id}/capture,
// answered 204.
func (c *Client) Capture(ctx context.Context, id string) error {
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/payments/" + url.PathEscape(id) + "/capture", kind: "capture", body: struct{}{}, want: []int{http.StatusNoContent}})
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusConflict && ae.kind == payments.ErrProviderRejected {
		ae.kind = payments.ErrNotCapturable
	}
	return err
}

// Refund implements payments.Provider: POST /v1/payments/{id}/refunds with
// amount and the refund_amount_available guard, answered 202. A zero
// AmountAvailable sends no guard: GOV.UK Pay's description allows only a
// guard of at least 1p.
func (c *Client) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	var out payments.RefundResourceJSON
	err := c.do(ctx, call{
		method: http.MethodPost, path: "/v1/payments/" + url.PathEscape(id) + "/refunds", kind: "post",
		body: struct {
			Amount          int64 `json:"amount"`
			AmountAvailable int64 `json:"refund_amount_available,omitempty"` // at least 1p when sent
		}{req.Amount.Pence(), req.AmountAvailable.Pence()},
		want: []int{http.StatusAccepted, http.StatusOK},
		out:  &out,
	})
	if err != nil {
		return payments.ProviderRefund{}, err
	}
	return out.ProviderRefund()
}

// GetRefund reads one refund: GET /v1/payments/{id}/refunds/{refund_id}.
// GOV.UK Pay asks that a refund's status be checked no more than once every
// 5 minutes.
func (c *Client) GetRefund(ctx context.Context, paymentID, refundID string) (payments.ProviderRefund, error) {
	var out payments.RefundResourceJSON
	err := c.do(ctx, call{method: http.MethodGet, path: "/v1/payments/" + url.PathEscape(paymentID) + "/refunds/" + url.PathEscape(refundID), repeatable: true, want: []int{http.StatusOK}, out: &out})
	if err != nil {
		return payments.ProviderRefund{}, err
	}
	return out.ProviderRefund()
}

// SearchQuery filters a payment search. Zero fields are left out.
type SearchQuery struct {
	Reference string
	// State filters by status; see Searchable for the ones GOV.UK Pay
	// accepts.
	State payments.Status
	// FromDate (inclusive) and ToDate (exclusive) bound the creation time.
	FromDate, ToDate time.Time
	// Page (from 1) and DisplaySize (at most 500) page the results.
	Page, DisplaySize int
}

// SearchResult is one page of a payment search.
type SearchResult struct {
	Total    int
	Count    int
	Page     int
	Payments []payments.ProviderPayment
}

// Searchable reports whether GOV.UK Pay's payment search accepts the
// status as its state filter. Its published API description lists created,
// started, submitted, success, failed, cancelled and error; a search for
// capturable is refused with 422 P0401. To find the payments awaiting
// capture, list them from the service's own store (payments.Filter with
// Status capturable) or Get each one.
func Searchable(s payments.Status) bool {
	return s.IsValid() && s != payments.StatusCapturable
}

// Validate reports every problem with the query at once as a
// *councilkit.ValidationError: a State GOV.UK Pay cannot search by
// (capturable), a negative Page or DisplaySize, a FromDate after ToDate.
// A DisplaySize over 500 is not a problem: Search asks for 500.
func (q SearchQuery) Validate() error {
	var ps councilkit.Problems
	if q.State != 0 && !Searchable(q.State) {
		ps.Add("state", councilkit.CodeInvalidChoice, text("state.invalid_choice"))
	}
	if q.Page < 0 {
		ps.Add("page", councilkit.CodeTooSmall, text("page.too_small"))
	}
	if q.DisplaySize < 0 {
		ps.Add("display_size", councilkit.CodeTooSmall, text("display_size.out_of_range"))
	}
	if !q.FromDate.IsZero() && !q.ToDate.IsZero() && !q.FromDate.Before(q.ToDate) {
		ps.Add("from_date", councilkit.CodeInvalid, text("date_range.invalid"))
	}
	return ps.Err()
}

// Search lists payments: GET /v1/payments. Search is eventually consistent
// at GOV.UK Pay; use Get to learn a payment's outcome. A query that fails
// Validate is refused before anything is sent.
func (c *Client) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	if err := q.Validate(); err != nil {
		return SearchResult{}, err
	}
	v := url.Values{}
	if q.Reference != "" {
		v.Set("reference", q.Reference)
	}
	if q.State.IsValid() {
		v.Set("state", q.State.String())
	}
	if !q.FromDate.IsZero() {
		v.Set("from_date", q.FromDate.UTC().Format(time.RFC3339))
	}
	if !q.ToDate.IsZero() {
		v.Set("to_date", q.ToDate.UTC().Format(time.RFC3339))
	}
	if q.Page > 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.DisplaySize > 0 {
		v.Set("display_size", strconv.Itoa(min(q.DisplaySize, 500)))
	}
	var out struct {
		Total   int                            `json:"total"`
		Count   int                            `json:"count"`
		Page    int                            `json:"page"`
		Results []payments.PaymentResourceJSON `json:"results"`
	}
	path := "/v1/payments"
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	if err := c.do(ctx, call{method: http.MethodGet, path: path, repeatable: true, want: []int{http.StatusOK}, out: &out}); err != nil {
		return SearchResult{}, err
	}
	res := SearchResult{Total: out.Total, Count: out.Count, Page: out.Page}
	for i := range out.Results {
		pp, err := out.Results[i].ProviderPayment()
		if err != nil {
			return SearchResult{}, err
		}
		res.Payments = append(res.Payments, pp)
	}
	return res, nil
}
