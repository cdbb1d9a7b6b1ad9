package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// Sender defaults.
const (
	// DefaultTimeout is Config.Timeout's default: the Standard Webhooks
	// specification (1.0.0, "Request timeouts") recommends 15 to 30
	// seconds.
	DefaultTimeout = 15 * time.Second
	// DefaultGiveUpAfter is Config.GiveUpAfter's default, three days: the
	// specification ("Deliverability and reliability") recommends retrying
	// "following a retry schedule spanning multiple days"; Svix, whose
	// schedule it cites, gives up after about 27 hours.
	DefaultGiveUpAfter = 72 * time.Hour
	// DefaultMaxResponseBytes is Config.MaxResponseBytes's default.
	DefaultMaxResponseBytes = 64 << 10
	// DefaultUserAgent is Config.UserAgent's default.
	DefaultUserAgent = "councilkit-webhooks/1"
	// DefaultConcurrency is Config.Concurrency's default: as many as a
	// council may have endpoints by default, so that one Handle takes
	// about one Timeout at most (the in-process Dispatcher allows a
	// handler one minute by default).
	DefaultConcurrency = DefaultMaxEndpoints
	// SubscriberName is the name Sender.Subscriber gives the sender.
	SubscriberName = "webhooks"
)

// ErrConfig is wrapped by NewSender's error for a Config it cannot use.
var ErrConfig = errors.New("webhooks: invalid configuration")

// ErrDeliveryFailed is wrapped by Handle's error when an endpoint has not
// yet accepted an event and the sender has not yet given up on it (the
// engine retries later), and by Replay's when the replay was refused.
var ErrDeliveryFailed = errors.New("webhooks: delivery failed")

// Config holds NewSender's settings. Each zero field means the default its
// comment gives.
type Config struct {
	// Client sends the requests; nil means a new http.Client. Whatever
	// client is given, redirects are never followed (a copy is made whose
	// CheckRedirect stops at the first response).
	Client *http.Client
	// Clock tells the time of attempts and signatures; nil means the
	// system clock.
	Clock councilkit.Clock
	// Timeout bounds every request, connection and answer included; 0
	// means DefaultTimeout.
	Timeout time.Duration
	// GiveUpAfter is how long after its first attempt a delivery that
	// keeps failing becomes Dead: at the first failed attempt made at or
	// after that time. 0 means DefaultGiveUpAfter.
	GiveUpAfter time.Duration
	// MaxResponseBytes is how much of an answer's body is read (and
	// ignored) before the connection is closed; 0 means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// UserAgent is sent with every request; "" means DefaultUserAgent. It
	// must not hold control characters.
	UserAgent string
	// Concurrency is how many endpoints one event is sent to at once; 0
	// means DefaultConcurrency.
	Concurrency int
}

// Sender delivers events to the endpoints councils registered, signed per
// the Standard Webhooks specification. It is an events.Handler: subscribe
// it (Subscriber) to an events.Dispatcher or the River delivery engine,
// which call Handle at least once per event and again, with backoff, while
// it returns an error. It is safe for concurrent use.
type Sender struct {
	store  Store
	client *http.Client
	cfg    Config
}

var _ events.Handler = (*Sender)(nil)

// NewSender returns a Sender that finds endpoints in, and records
// deliveries to, store. A nil store or a negative setting is refused with
// an error wrapping ErrConfig.
func NewSender(store Store, cfg Config) (*Sender, error) {
	if store == nil {
		return nil, fmt.Errorf("%w: no store", ErrConfig)
	}
	if cfg.Timeout < 0 || cfg.GiveUpAfter < 0 || cfg.MaxResponseBytes < 0 || cfg.Concurrency < 0 {
		return nil, fmt.Errorf("%w: Timeout, GiveUpAfter, MaxResponseBytes and Concurrency must not be negative", ErrConfig)
	}
	if strings.ContainsFunc(cfg.UserAgent, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return nil, fmt.Errorf("%w: UserAgent has a control character", ErrConfig)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.GiveUpAfter == 0 {
		cfg.GiveUpAfter = DefaultGiveUpAfter
	}
	if cfg.MaxResponseBytes == 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	var client http.Client
	if cfg.Client != nil {
		client = *cfg.Client
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if client.Timeout == 0 || client.Timeout > cfg.Timeout {
		client.Timeout = cfg.Timeout
	}
	return &Sender{store: store, client: &client, cfg: cfg}, nil
}

// Subscriber returns the sender as an events.Subscriber named
// SubscriberName, given every event type (it asks the store which
// endpoints want each).
func (s *Sender) Subscriber() events.Subscriber {
	return events.Subscriber{Name: SubscriberName, Handler: s}
}

// Handle implements events.Handler. It sends the event to every enabled
// endpoint of the event's council that wants its type, concurrently (up to
// Config.Concurrency at once), skipping those that have already accepted
// it or been given up on. It returns nil when every endpoint has accepted
// the event or been given up on (Dead), and otherwise an error wrapping
// ErrDeliveryFailed (or the store's error), so that the engine calls it
// again later; only the endpoints still pending are sent to then. A
// delivery still failing GiveUpAfter after its first attempt goes Dead; a
// 410 Gone makes it Dead at once and disables the endpoint.
//
// An attempt cut short by ctx's deadline (the engine's limit on one
// Handle) is recorded as a timeout; one cut short by ctx's cancellation
// (the engine stopping) is not recorded, and Handle returns ctx's error.
func (s *Sender) Handle(ctx context.Context, r events.Record) error {
	ev := r.Event
	if ev.Council.IsZero() || ev.ID == "" {
		return fmt.Errorf("%w: event without a council or ID", events.ErrInvalid)
	}
	eps, err := s.store.ListEndpoints(ctx, ev.Council, EndpointFilter{Type: ev.Type})
	if err != nil {
		return err
	}
	var body []byte
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, s.cfg.Concurrency)
	)
	// In a random order, so that if the engine's deadline cuts a Handle
	// short, it is not always the same endpoints that wait.
	rand.Shuffle(len(eps), func(i, j int) { eps[i], eps[j] = eps[j], eps[i] })
	for _, ep := range eps {
		if !ep.Wants(ev.Type) {
			continue
		}
		if body == nil {
			if body, err = json.Marshal(ev); err != nil {
				return fmt.Errorf("%w: %v", events.ErrInvalid, err)
			}
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := s.deliver(ctx, ep, ev, body); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// deliver sends ev to ep unless its delivery is settled, and records the
// attempt.
func (s *Sender) deliver(ctx context.Context, ep *Endpoint, ev events.Event, body []byte) error {
	c := ev.Council
	d, err := s.store.GetDeliveryOf(ctx, c, ep.ID, ev.ID)
	if errors.Is(err, ErrNotFound) {
		d = &Delivery{EndpointID: ep.ID, EventID: ev.ID, EventType: ev.Type, Body: body}
		err = s.store.CreateDelivery(ctx, c, d)
		if errors.Is(err, ErrDuplicate) { // another worker began it
			d, err = s.store.GetDeliveryOf(ctx, c, ep.ID, ev.ID)
		}
	}
	if err != nil {
		return err
	}
	if d.State != Pending {
		return nil
	}
	// Past GiveUpAfter there is still this one attempt: if the receiver
	// is back, the event arrives; if not, the delivery goes dead.
	if err := ctx.Err(); err != nil {
		return err // the engine's deadline passed while waiting for a turn
	}
	a := s.send(ctx, ep, d.EventID, d.Body)
	if a.Error == ErrorCancelled && ctx.Err() != nil {
		// The engine is stopping: not the receiver's failure.
		return context.Cause(ctx)
	}
	// The attempt is recorded even if the engine's deadline for this
	// Handle has just passed, so that a slow receiver's delivery still
	// gets its first attempt time and is given up on in time.
	rctx, cancel := recordContext(ctx)
	defer cancel()
	d, err = ModifyDelivery(rctx, s.store, c, d.ID, func(d *Delivery) error {
		d.Record(a)
		switch {
		case d.State != Pending: // settled meanwhile by another worker or a replay
		case a.OK():
			d.State = Delivered
		case a.Status == http.StatusGone, !a.At.Before(d.FirstAttempt.Add(s.cfg.GiveUpAfter)):
			d.State = Dead
		}
		return nil
	})
	if err != nil {
		return err
	}
	if a.Status == http.StatusGone {
		// The receiver no longer wants the council's events (Standard
		// Webhooks 1.0.0, "Delivery success and failure": the sender
		// should disable the endpoint). An officer re-enables it.
		_, err := ModifyEndpoint(rctx, s.store, c, ep.ID, func(e *Endpoint) error {
			e.Disabled = true
			return nil
		})
		return err
	}
	if d.State == Pending {
		return fmt.Errorf("%w: endpoint %s, event %s: %s", ErrDeliveryFailed, ep.ID, d.EventID, describe(a))
	}
	return nil
}

// recordTimeout bounds the recording of an attempt made under a context
// that has since ended.
const recordTimeout = 10 * time.Second

// recordContext returns a context for recording an attempt: ctx's values
// without its cancellation, with a deadline of its own.
func recordContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
}

func describe(a Attempt) string {
	if a.Status != 0 {
		return fmt.Sprintf("%s %d", a.Error, a.Status)
	}
	return a.Error
}

// send makes one attempt: a POST of body to ep, signed with ep's secrets,
// with webhook-id id, bounded by Config.Timeout.
func (s *Sender) send(ctx context.Context, ep *Endpoint, id string, body []byte) Attempt {
	start := s.cfg.Clock.Now()
	a := Attempt{At: start}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		a.Error = ErrorRequest
		return a
	}
	req.Header.Set("Content-Type", "application/cloudevents+json; charset=utf-8")
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	if err := Sign(req.Header, id, start, body, ep.Secrets...); err != nil {
		a.Error = ErrorRequest
		return a
	}
	resp, err := s.client.Do(req)
	a.Duration = s.cfg.Clock.Now().Sub(start)
	if err != nil {
		a.Error = classify(ctx, err)
		return a
	}
	// Read a little of the answer, so the connection can be reused, then
	// close it; what the receiver says is never used.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, s.cfg.MaxResponseBytes))
	_ = resp.Body.Close()
	a.Status = resp.StatusCode
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
	case resp.StatusCode >= 300 && resp.StatusCode <= 399:
		a.Error = ErrorRedirect
	default:
		a.Error = ErrorStatus
	}
	return a
}

// classify names the class of a failed request without repeating its text.
func classify(ctx context.Context, err error) string {
	var ne interface{ Timeout() bool }
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return ErrorTimeout
	case errors.Is(err, context.Canceled):
		return ErrorCancelled
	}
	return ErrorConnection
}

// Replay sends council c's delivery id again now, whatever its state (an
// officer's retry of a Dead delivery once the receiver is fixed, or a
// resend of a Delivered one), with the same webhook-id and body and the
// endpoint's current secrets, and records the attempt, marked Replay. A
// 2xx makes the delivery Delivered; a failure leaves its state as it was
// and returns the delivery with an error wrapping ErrDeliveryFailed.
// ErrNotFound if the delivery or its endpoint is gone.
func (s *Sender) Replay(ctx context.Context, c councilkit.Council, id string) (*Delivery, error) {
	d, err := s.store.GetDelivery(ctx, c, id)
	if err != nil {
		return nil, err
	}
	ep, err := s.store.GetEndpoint(ctx, c, d.EndpointID)
	if err != nil {
		return nil, err
	}
	a := s.send(ctx, ep, d.EventID, d.Body)
	if a.Error == ErrorCancelled && ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	a.Replay = true
	rctx, cancel := recordContext(ctx)
	defer cancel()
	d, err = ModifyDelivery(rctx, s.store, c, id, func(d *Delivery) error {
		d.Record(a)
		if a.OK() {
			d.State = Delivered
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !a.OK() {
		return d, fmt.Errorf("%w: endpoint %s, event %s: %s", ErrDeliveryFailed, ep.ID, d.EventID, describe(a))
	}
	return d, nil
}
