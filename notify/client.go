package notify

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
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/lgds/councilkit"
)

// BaseURL is GOV.UK Notify's API.
const BaseURL = "https://api.notifications.service.gov.uk"

// DefaultRatePerMinute is Notify's published per-minute rate limit for
// every API key type: 3,000 requests a minute.
const DefaultRatePerMinute = 3000

// ErrConfig is wrapped by New for a configuration it cannot use.
var ErrConfig = errors.New("notify: invalid configuration")

// Config holds a Client's settings. The zero Config talks to GOV.UK Notify
// with the defaults given on each field.
type Config struct {
	// BaseURL is the API's address; empty means BaseURL. Tests point it
	// at a notifyfake server.
	BaseURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout.
	HTTPClient *http.Client
	// Clock gives the time for each token's iat; nil means the system
	// clock. Notify refuses a token more than 30 seconds out.
	Clock councilkit.Clock
	// RatePerMinute paces requests; 0 means DefaultRatePerMinute, and a
	// negative value turns pacing off (for a fake server in tests).
	RatePerMinute int
	// MaxRetries is how many times a 500 or a rate-limit answer is retried;
	// 0 means 3, and a negative value means never.
	MaxRetries int
	// Backoff is the first wait before a retry, doubled each time; 0 means
	// 500 ms.
	Backoff time.Duration
}

// Client sends messages through GOV.UK Notify. It is safe for concurrent
// use. It never prints its API key's secret.
type Client struct {
	key     APIKey
	base    string
	http    *http.Client
	clock   councilkit.Clock
	limiter *rate.Limiter
	retries int
	backoff time.Duration
	signer  jose.Signer
}

// New returns a Client for the API key GOV.UK Notify issued (see
// ParseAPIKey). Its error wraps ErrInvalidAPIKey or ErrConfig.
func New(apiKey string, cfg Config) (*Client, error) {
	key, err := ParseAPIKey(apiKey)
	if err != nil {
		return nil, err
	}
	c := &Client{key: key, base: BaseURL, http: cfg.HTTPClient, clock: cfg.Clock, retries: cfg.MaxRetries, backoff: cfg.Backoff}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("%w: BaseURL must be an http(s) address", ErrConfig)
		}
		c.base = strings.TrimRight(cfg.BaseURL, "/")
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second}
	}
	if c.clock == nil {
		c.clock = councilkit.SystemClock{}
	}
	switch {
	case cfg.RatePerMinute == 0:
		c.limiter = newLimiter(DefaultRatePerMinute)
	case cfg.RatePerMinute > 0:
		c.limiter = newLimiter(cfg.RatePerMinute)
	}
	switch {
	case c.retries == 0:
		c.retries = 3
	case c.retries < 0:
		c.retries = 0
	}
	if c.backoff <= 0 {
		c.backoff = 500 * time.Millisecond
	}
	c.signer, err = jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte(key.secret)},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	return c, nil
}

// newLimiter is a token bucket refilled at perMinute/60 a second, with
// Notify's own burst: a third of the minute's allowance, at most 1,001.
func newLimiter(perMinute int) *rate.Limiter {
	burst := min(perMinute/3+1, 1001)
	return rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst)
}

// String describes the client without its secret.
func (c *Client) String() string { return "notify.Client(" + c.key.String() + " " + c.base + ")" }

// GoString is String, so %#v does not show the secret.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue logs the key's name and service ID and the base URL.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("key", c.key), slog.String("base_url", c.base))
}

// token signs a fresh JWT: iss is the service ID and iat the time now.
func (c *Client) token() (string, error) {
	claims := struct {
		Issuer   string `json:"iss"`
		IssuedAt int64  `json:"iat"`
	}{c.key.serviceID, c.clock.Now().Unix()}
	return jwt.Signed(c.signer).Claims(claims).Serialize()
}

// letterBody is the JSON of a letter: address lines go into the
// personalisation as address_line_1 to address_line_7.
func letterBody(m Letter) map[string]any {
	p := make(map[string]string, len(m.Personalisation)+len(m.Address))
	for k, v := range m.Personalisation {
		p[k] = v
	}
	for i, l := range m.Address {
		p[fmt.Sprintf("address_line_%d", i+1)] = l
	}
	body := map[string]any{"template_id": m.TemplateID, "personalisation": p}
	if m.Reference != "" {
		body["reference"] = m.Reference
	}
	return body
}

// SendEmail sends an email by template. A message that fails Validate is
// refused with a *councilkit.ValidationError before anything is sent.
func (c *Client) SendEmail(ctx context.Context, m Email) (*Sent, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var s Sent
	return &s, c.do(ctx, http.MethodPost, "/v2/notifications/email", m, &s)
}

// SendSMS sends a text message by template.
func (c *Client) SendSMS(ctx context.Context, m SMS) (*Sent, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var s Sent
	return &s, c.do(ctx, http.MethodPost, "/v2/notifications/sms", m, &s)
}

// SendLetter posts a letter by template. Notify sends letters only for a
// live service with a live key.
func (c *Client) SendLetter(ctx context.Context, m Letter) (*Sent, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var s Sent
	return &s, c.do(ctx, http.MethodPost, "/v2/notifications/letter", letterBody(m), &s)
}

// Notification returns a message's status. Notify keeps messages for 7
// days; an older or unknown ID gives ErrNotFound.
func (c *Client) Notification(ctx context.Context, id string) (*Notification, error) {
	if err := uuid.Validate(id); err != nil || len(id) != 36 {
		return nil, fmt.Errorf("%w: the notification ID is not a UUID", ErrBadRequest)
	}
	var n Notification
	return &n, c.do(ctx, http.MethodGet, "/v2/notifications/"+id, nil, &n)
}

// maxResponse bounds what the client reads of any response.
const maxResponse = 1 << 20

// do sends one request, retrying where Notify's documentation allows.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	wait := c.backoff
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, method, path, payload, out)
		if err == nil {
			return nil
		}
		var ae *APIError
		retryable := errors.As(err, &ae) && (ae.StatusCode == 500 || errors.Is(err, ErrRateLimited))
		// A GET is safe to repeat after a transport failure; a POST may
		// already have been sent.
		if method == http.MethodGet && ae == nil && errors.Is(err, ErrUnavailable) {
			retryable = true
		}
		if !retryable || attempt >= c.retries {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait *= 2
	}
}

func (c *Client) once(ctx context.Context, method, path string, payload []byte, out any) error {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return err
		}
	}
	tok, err := c.token()
	if err != nil {
		return err
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "councilkit-notify")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		what := "could not reach Notify"
		if method != http.MethodGet {
			what += "; the message may or may not have been sent"
		}
		return fmt.Errorf("%w: %s: %v", ErrUnavailable, what, redactURL(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("%w: reading Notify's answer: %v", ErrUnavailable, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			if method != http.MethodGet {
				// Notify answers 201 only for a message it has taken: saying
				// "unavailable" alone would invite a second send.
				return fmt.Errorf("%w: Notify accepted the request (HTTP %d), so the message was sent, but its answer is not the JSON it documents: %v",
					ErrUnavailable, resp.StatusCode, err)
			}
			return fmt.Errorf("%w: Notify's answer is not the JSON it documents: %v", ErrUnavailable, err)
		}
		return nil
	}
	var e struct {
		Errors []ErrorItem `json:"errors"`
	}
	_ = json.Unmarshal(data, &e) // a proxy's HTML error page has no items
	return &APIError{StatusCode: resp.StatusCode, Errors: e.Errors, err: classify(resp.StatusCode, e.Errors)}
}

// redactURL drops the URL from a transport error: it holds no secret, but
// keeps the message short.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// NotificationFilter selects messages for Client.Notifications. The zero
// NotificationFilter selects every message of the last 7 days.
type NotificationFilter struct {
	// Type is "email", "sms" or "letter"; empty means every type.
	Type string
	// Status selects messages in one status; empty means any.
	Status Status
	// Reference selects the messages sent with this reference.
	Reference string
	// OlderThan, a notification ID, asks for the page of messages older
	// than that one.
	OlderThan string
}

// Notifications returns one page of up to 250 messages that match f,
// newest first (GET /v2/notifications). Notify keeps messages for 7 days.
// With a Reference it answers "was this message sent?" after a send whose
// answer was lost in transport: Notify has no idempotency key, but the
// reference is stored with the message.
func (c *Client) Notifications(ctx context.Context, f NotificationFilter) ([]Notification, error) {
	q := url.Values{}
	switch f.Type {
	case "":
	case "email", "sms", "letter":
		q.Set("template_type", f.Type)
	default:
		return nil, fmt.Errorf("%w: the message type is email, sms or letter", ErrBadRequest)
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.Reference != "" {
		if len(f.Reference) > MaxReferenceLength {
			return nil, fmt.Errorf("%w: the reference is longer than %d characters", ErrBadRequest, MaxReferenceLength)
		}
		q.Set("reference", f.Reference)
	}
	if f.OlderThan != "" {
		if err := uuid.Validate(f.OlderThan); err != nil || len(f.OlderThan) != 36 {
			return nil, fmt.Errorf("%w: older-than is not a notification ID", ErrBadRequest)
		}
		q.Set("older_than", f.OlderThan)
	}
	path := "/v2/notifications"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var page struct {
		Notifications []Notification `json:"notifications"`
	}
	if err := c.do(ctx, http.MethodGet, path, nil, &page); err != nil {
		return nil, err
	}
	return page.Notifications, nil
}
