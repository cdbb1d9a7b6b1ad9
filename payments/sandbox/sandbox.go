package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/payments"
)

// Errors for the resident's side of the journey.
var (
	// ErrCardNotAccepted: the card type is not accepted (the Maestro mock
	// card). The payment stays started and the resident may try another
	// card, as on GOV.UK Pay.
	ErrCardNotAccepted = errors.New("sandbox: card type not accepted")
	// ErrUnknownCard: the number is not one of the published mock card
	// numbers. Never type a real card number into a sandbox.
	ErrUnknownCard = errors.New("sandbox: not a mock card number")
	// ErrWrongState: the payment is not at a stage where the resident can
	// do that.
	ErrWrongState = errors.New("sandbox: payment is not awaiting the resident")
)

// Outcome is what a mock card number does. The zero Outcome is
// OutcomeNone, "none": not a mock card.
type Outcome uint8

// Outcomes of the mock cards. Append only.
const (
	OutcomeNone        Outcome = iota // not a mock card
	OutcomeSuccess                    // payment succeeds
	OutcomeDeclined                   // card declined: failed, P0010
	OutcomeExpired                    // card expired: failed, P0010
	OutcomeInvalidCVC                 // invalid CVC: failed, P0010
	OutcomeError                      // general error: error, P0050
	OutcomeNotAccepted                // card type not accepted: stays started
)

var outcomeNames = [...]string{"none", "success", "declined", "expired", "invalid_cvc", "error", "not_accepted"}

// String returns the outcome's name, such as "declined", or "none".
func (o Outcome) String() string { return enum.Name(outcomeNames[:], o, "Outcome") }

// MarshalText returns the outcome's name; an undefined outcome is an error.
func (o Outcome) MarshalText() ([]byte, error) {
	return enum.Marshal(outcomeNames[:], o, "sandbox", "Outcome")
}

// UnmarshalText reads a name written by MarshalText.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Outcome](outcomeNames[:], string(b))
	if !ok {
		return enum.Unknown("sandbox", "outcome", string(b))
	}
	*o = v
	return nil
}

// CardOutcome returns what a mock card number does, and false if it is not
// one of GOV.UK Pay's mock card numbers for sandbox accounts ("Test your
// integration", "If you're using a test ('sandbox') account"). Spaces are
// ignored.
func CardOutcome(number string) (Outcome, bool) {
	o, ok := cards[strings.ReplaceAll(number, " ", "")]
	return o, ok
}

var cards = map[string]Outcome{
	"4444333322221111": OutcomeSuccess, // Visa credit
	"4242424242424242": OutcomeSuccess, // Visa credit
	"4000056655665556": OutcomeSuccess, // Visa debit
	"4988080000000000": OutcomeSuccess, // Visa debit, corporate
	"4000160000000004": OutcomeSuccess, // Visa debit, prepaid
	"4131840000000003": OutcomeSuccess, // Visa debit, corporate prepaid
	"4000620000000007": OutcomeSuccess, // Visa credit, corporate
	"4000000000000010": OutcomeSuccess, // Visa credit or debit
	"5101110000000004": OutcomeSuccess, // Mastercard credit
	"5105105105105100": OutcomeSuccess, // Mastercard debit
	"5200828282828210": OutcomeSuccess, // Mastercard debit
	"371449635398431":  OutcomeSuccess, // American Express
	"3566002020360505": OutcomeSuccess, // JCB
	"6011000990139424": OutcomeSuccess, // Discover
	"6759649826438453": OutcomeNotAccepted,
	"4000000000000002": OutcomeDeclined,
	"4000000000000069": OutcomeExpired,
	"4000000000000127": OutcomeInvalidCVC,
	"4000000000000119": OutcomeError,
}

// cardDetails returns what GOV.UK Pay reports of a card: its brand by the
// number's prefix, and its first six and last four digits.
func cardDetails(number string) payments.CardDetails {
	brand := ""
	switch {
	case strings.HasPrefix(number, "34"), strings.HasPrefix(number, "37"):
		brand = "American Express"
	case strings.HasPrefix(number, "35"):
		brand = "JCB"
	case strings.HasPrefix(number, "6011"):
		brand = "Discover"
	case strings.HasPrefix(number, "4"):
		brand = "Visa"
	case strings.HasPrefix(number, "5"):
		brand = "Mastercard"
	}
	c := payments.CardDetails{Brand: brand}
	if len(number) >= 10 {
		c.FirstDigits, c.LastDigits = number[:6], number[len(number)-4:]
	}
	return c
}

// ExpiryAfter is how long a payment waits for the resident before it
// expires (failed, P0020): 90 minutes, as on GOV.UK Pay (API reference,
// "Errors caused by payment statuses").
const ExpiryAfter = 90 * time.Minute

// Provider is the sandbox provider. It is safe for concurrent use, and
// several Providers (in one process or many) sharing one Store act as one
// provider: a payment created through one can be paid through another.
type Provider struct {
	clock    councilkit.Clock
	baseURL  string
	idPrefix string
	council  councilkit.Council
	store    Store
}

// ErrConfig is wrapped by New's error for a configuration it cannot use.
var ErrConfig = errors.New("sandbox: invalid configuration")

// maxIDPrefix is the longest IDPrefix New accepts.
const maxIDPrefix = 32

// Config holds a Provider's optional settings. The zero Config is usable.
type Config struct {
	// IDPrefix starts the provider IDs the sandbox gives its payments;
	// empty means "sbx". IDs are the prefix followed by 100000 plus a
	// number from the Store's NextSequence: 100001, 100002 and so on, in
	// order. Numbers come from the Store, so Providers sharing a Store
	// never give two payments one ID, whatever their prefixes. A
	// MemStore's numbering starts again when the process does, though,
	// while a durable payment store (package postgres or sqlite) outlives
	// it, and provider IDs are unique there: with the default Store and a
	// durable payment store, give each process its own prefix (from a
	// random or start-time value, say). The prefix is put in the payment
	// page's address, so it may hold only ASCII letters, digits, '-' and
	// '_', at most 32 of them.
	IDPrefix string
	// Store keeps the sandbox's payments; nil means a new MemStore of the
	// Provider's own, which forgets them when the process ends. Give
	// several instances of an application one Store in their shared
	// database (package postgres's DB.Sandbox, package sqlite's
	// DB.Sandbox), so that a resident sent to a payment page by one
	// instance can pay on another, and after a restart.
	Store Store
	// Council is the council whose GOV.UK Pay account the sandbox plays:
	// its payments are kept in the Store under this council. On GOV.UK
	// Pay each council (each service, often) has an account of its own;
	// give each council its own Provider. It is required with a Store;
	// with the default MemStore it may be zero.
	Council councilkit.Council
}

// anyCouncil is the council a Provider given no Council and no Store
// keeps its payments under, in its own MemStore, which nothing else
// sees.
var anyCouncil = councilkit.MustParseCouncil("E06000001")

// New returns a sandbox. nextURLBase is the start of the resident's
// payment page address (the demonstration portal's own page, say; a path
// such as "/sandbox-pay/" will do); the provider ID is appended, and empty
// means "https://sandbox.invalid/pay/". A nil clock means the system
// clock. Its error wraps ErrConfig for an unparsable nextURLBase, an
// IDPrefix New cannot use, or a Store without a Council.
func New(clock councilkit.Clock, nextURLBase string, cfg Config) (*Provider, error) {
	if clock == nil {
		clock = councilkit.SystemClock{}
	}
	if nextURLBase == "" {
		nextURLBase = "https://sandbox.invalid/pay/"
	}
	if _, err := url.Parse(nextURLBase); err != nil {
		return nil, fmt.Errorf("%w: nextURLBase: %v", ErrConfig, err)
	}
	prefix := cfg.IDPrefix
	if prefix == "" {
		prefix = "sbx"
	}
	if len(prefix) > maxIDPrefix || strings.IndexFunc(prefix, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) >= 0 {
		return nil, fmt.Errorf("%w: IDPrefix must be at most %d ASCII letters, digits, '-' and '_'", ErrConfig, maxIDPrefix)
	}
	store, council := cfg.Store, cfg.Council
	switch {
	case store != nil && council.IsZero():
		return nil, fmt.Errorf("%w: a Store needs the Council whose account the sandbox plays", ErrConfig)
	case store == nil:
		store = NewMemStore()
		if council.IsZero() {
			council = anyCouncil
		}
	}
	return &Provider{clock: clock, baseURL: nextURLBase, idPrefix: prefix, council: council, store: store}, nil
}

var _ payments.Provider = (*Provider)(nil)

// Name implements payments.Provider.
func (*Provider) Name() string { return "sandbox" }

func sameRequest(a, b payments.ProviderRequest) bool {
	return a.Amount == b.Amount && a.Reference == b.Reference && a.Description == b.Description && a.ReturnURL == b.ReturnURL &&
		a.Language == b.Language && a.DelayedCapture == b.DelayedCapture && maps.Equal(a.Metadata, b.Metadata)
}

// Create implements payments.Provider, with GOV.UK Pay's limits and
// idempotency. Of two Creates with one idempotency key at once, through
// Providers sharing a Store, one stores the payment and the other returns
// it (or ErrIdempotencyConflict for a different request).
func (p *Provider) Create(ctx context.Context, req payments.ProviderRequest) (payments.ProviderPayment, error) {
	if err := ctx.Err(); err != nil {
		return payments.ProviderPayment{}, err
	}
	if req.Amount.Pence() < payments.MinPence || req.Amount.Pence() > payments.MaxPence {
		return payments.ProviderPayment{}, fmt.Errorf("%w: amount out of range", payments.ErrProviderRejected)
	}
	if req.IdempotencyKey != "" {
		if _, err := payments.ParseIdempotencyKey(string(req.IdempotencyKey)); err != nil {
			return payments.ProviderPayment{}, fmt.Errorf("%w: %v", payments.ErrProviderRejected, err)
		}
	}
	// A repeated request returns the payment it made, without spending a
	// number, so that the numbering has no gaps in a single process.
	if req.IdempotencyKey != "" {
		if v, done, err := p.replay(ctx, req); done {
			return v, err
		}
	}
	n, err := p.store.NextSequence(ctx, p.council)
	if err != nil {
		return payments.ProviderPayment{}, fmt.Errorf("sandbox: numbering a payment: %w", err)
	}
	pay := &Payment{
		ID: p.idPrefix + strconv.FormatInt(100000+n, 10), Amount: req.Amount, Reference: req.Reference,
		Description: req.Description, ReturnURL: req.ReturnURL, Language: req.Language, Metadata: maps.Clone(req.Metadata),
		DelayedCapture: req.DelayedCapture, IdempotencyKey: req.IdempotencyKey,
		Status: payments.StatusCreated, CreatedAt: p.clock.Now(),
	}
	err = p.store.Create(ctx, p.council, pay)
	if errors.Is(err, councilkit.ErrDuplicate) && req.IdempotencyKey != "" {
		// The same key, through another Provider sharing the Store,
		// since the look-up above.
		if v, done, rerr := p.replay(ctx, req); done {
			return v, rerr
		}
	}
	if err != nil {
		return payments.ProviderPayment{}, fmt.Errorf("sandbox: storing a payment: %w", err)
	}
	return p.view(pay), nil
}

// replay looks up the payment made with req's idempotency key: done is
// true if there is one (with its view, or ErrIdempotencyConflict if it
// was made with a different request) or the look-up failed.
func (p *Provider) replay(ctx context.Context, req payments.ProviderRequest) (v payments.ProviderPayment, done bool, err error) {
	prev, err := p.store.GetByIdempotencyKey(ctx, p.council, req.IdempotencyKey)
	switch {
	case errors.Is(err, councilkit.ErrNotFound):
		return payments.ProviderPayment{}, false, nil
	case err != nil:
		return payments.ProviderPayment{}, true, fmt.Errorf("sandbox: reading a payment: %w", err)
	case !sameRequest(prev.request(), req):
		return payments.ProviderPayment{}, true, payments.ErrIdempotencyConflict
	}
	return p.view(prev), true, nil
}

// expire moves a payment the resident never finished to failed, P0020,
// once ExpiryAfter has passed. It changes only pay, which Get and the
// other readers then report; a change stores it.
func (p *Provider) expire(pay *Payment) {
	if !pay.Status.Finished() && pay.Status != payments.StatusCapturable && p.clock.Now().Sub(pay.CreatedAt) >= ExpiryAfter {
		pay.Status, pay.FailureCode = payments.StatusFailed, payments.FailureExpired
	}
}

func (p *Provider) view(pay *Payment) payments.ProviderPayment {
	p.expire(pay)
	v := payments.ProviderPayment{
		ProviderID:  pay.ID,
		NextURL:     p.baseURL + pay.ID,
		Amount:      pay.Amount,
		Status:      pay.Status,
		FailureCode: pay.FailureCode,
		Reference:   pay.Reference,
		CreatedAt:   pay.CreatedAt,
		CapturedAt:  pay.CapturedAt,
		// No surcharge or fee in the sandbox: the resident pays the amount.
		TotalAmount: pay.Amount,
		Card:        pay.Card,
		Metadata:    maps.Clone(pay.Metadata),
	}
	if pay.Status == payments.StatusSuccess {
		v.CaptureSubmittedAt = pay.CapturedAt
	}
	switch {
	case pay.Status == payments.StatusSuccess:
		refunded := pay.Refunded()
		avail := pay.Amount.Sub(refunded)
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundAvailable, Available: avail, Submitted: refunded}
		if !avail.IsPositive() {
			v.RefundSummary.Status = payments.RefundFull
		}
	case pay.Status.Finished():
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundUnavailable}
	default:
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundPending, Available: pay.Amount}
	}
	return v
}

// notFound maps the Store's ErrNotFound to the provider's.
func notFound(err error, id string) error {
	if errors.Is(err, councilkit.ErrNotFound) {
		return fmt.Errorf("%w: sandbox payment %q", payments.ErrNotFound, id)
	}
	return err
}

// get reads payment id.
func (p *Provider) get(ctx context.Context, id string) (*Payment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pay, err := p.store.Get(ctx, p.council, id)
	if err != nil {
		return nil, notFound(err, id)
	}
	return pay, nil
}

// modify changes payment id with fn, which is given it with any expiry
// applied, through Modify: of two changes at once, through Providers
// sharing a Store, the second sees the first's.
func (p *Provider) modify(ctx context.Context, id string, fn func(*Payment) error) (*Payment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pay, err := Modify(ctx, p.store, p.council, id, func(pay *Payment) error {
		p.expire(pay)
		return fn(pay)
	})
	if err != nil {
		return nil, notFound(err, id)
	}
	return pay, nil
}

// Get implements payments.Provider.
func (p *Provider) Get(ctx context.Context, id string) (payments.ProviderPayment, error) {
	pay, err := p.get(ctx, id)
	if err != nil {
		return payments.ProviderPayment{}, err
	}
	return p.view(pay), nil
}

// Cancel implements payments.Provider.
func (p *Provider) Cancel(ctx context.Context, id string) error {
	_, err := p.modify(ctx, id, func(pay *Payment) error {
		if pay.Status.Finished() {
			return fmt.Errorf("%w: payment is %s", payments.ErrNotCancellable, pay.Status)
		}
		pay.Status, pay.FailureCode = payments.StatusCancelled, payments.FailureCancelledByService
		return nil
	})
	return err
}

// Capture implements payments.Provider.
func (p *Provider) Capture(ctx context.Context, id string) error {
	_, err := p.modify(ctx, id, func(pay *Payment) error {
		if pay.Status != payments.StatusCapturable {
			return fmt.Errorf("%w: payment is %s", payments.ErrNotCapturable, pay.Status)
		}
		pay.Status, pay.CapturedAt = payments.StatusSuccess, p.clock.Now()
		return nil
	})
	return err
}

// Refund implements payments.Provider. As on a GOV.UK Pay sandbox account,
// refunds succeed at once.
func (p *Provider) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	var r Refund
	_, err := p.modify(ctx, id, func(pay *Payment) error {
		if pay.Status != payments.StatusSuccess {
			return fmt.Errorf("%w: payment is %s", payments.ErrNotRefundable, pay.Status)
		}
		avail := pay.Amount.Sub(pay.Refunded())
		if req.AmountAvailable != avail {
			return fmt.Errorf("%w: %s available, not %s", payments.ErrRefundAvailableMismatch, avail, req.AmountAvailable)
		}
		if !req.Amount.IsPositive() || req.Amount.Cmp(avail) > 0 {
			return fmt.Errorf("%w: amount not available", payments.ErrNotRefundable)
		}
		r = Refund{ID: pay.ID + "r" + strconv.Itoa(len(pay.Refunds)+1), Amount: req.Amount, CreatedAt: p.clock.Now()}
		pay.Refunds = append(pay.Refunds, r)
		return nil
	})
	if err != nil {
		return payments.ProviderRefund{}, err
	}
	return payments.ProviderRefund{ProviderID: r.ID, Amount: r.Amount, Status: payments.RefundSuccess, CreatedAt: r.CreatedAt}, nil
}

// Visit is VisitContext with context.Background().
func (p *Provider) Visit(id string) error { return p.VisitContext(context.Background(), id) }

// VisitContext plays the resident opening the payment page: created
// becomes started.
func (p *Provider) VisitContext(ctx context.Context, id string) error {
	_, err := p.modify(ctx, id, func(pay *Payment) error {
		switch pay.Status {
		case payments.StatusCreated:
			pay.Status = payments.StatusStarted
		case payments.StatusStarted:
		default:
			return fmt.Errorf("%w: payment is %s", ErrWrongState, pay.Status)
		}
		return nil
	})
	return err
}

// PayWithCard is PayWithCardContext with context.Background().
func (p *Provider) PayWithCard(id, cardNumber string) (payments.Status, error) {
	return p.PayWithCardContext(context.Background(), id, cardNumber)
}

// PayWithCardContext plays the resident entering a mock card number and
// confirming. It returns the payment's new status. The number is used to
// look up its outcome; only its brand, first six and last four digits are
// kept, as GOV.UK Pay reports them. Of two confirmations of one payment at
// once (two instances sharing a Store, say), one decides the outcome and
// the other returns ErrWrongState with the status the first gave it.
func (p *Provider) PayWithCardContext(ctx context.Context, id, cardNumber string) (payments.Status, error) {
	outcome, ok := CardOutcome(cardNumber)
	if !ok {
		return 0, ErrUnknownCard
	}
	var wrong payments.Status
	pay, err := p.modify(ctx, id, func(pay *Payment) error {
		if pay.Status != payments.StatusCreated && pay.Status != payments.StatusStarted {
			wrong = pay.Status
			return fmt.Errorf("%w: payment is %s", ErrWrongState, pay.Status)
		}
		if outcome != OutcomeNotAccepted {
			pay.Card = cardDetails(strings.ReplaceAll(cardNumber, " ", ""))
		}
		switch outcome {
		case OutcomeSuccess:
			if pay.DelayedCapture {
				pay.Status = payments.StatusCapturable
			} else {
				pay.Status, pay.CapturedAt = payments.StatusSuccess, p.clock.Now()
			}
		case OutcomeDeclined, OutcomeExpired, OutcomeInvalidCVC:
			pay.Status, pay.FailureCode = payments.StatusFailed, payments.FailureRejected
		case OutcomeError:
			pay.Status, pay.FailureCode = payments.StatusError, payments.FailureProviderError
		case OutcomeNotAccepted:
			pay.Status = payments.StatusStarted
		}
		return nil
	})
	if err != nil {
		return wrong, err
	}
	if outcome == OutcomeNotAccepted {
		return pay.Status, ErrCardNotAccepted
	}
	return pay.Status, nil
}

// CancelByUser is CancelByUserContext with context.Background().
func (p *Provider) CancelByUser(id string) error {
	return p.CancelByUserContext(context.Background(), id)
}

// CancelByUserContext plays the resident selecting Cancel payment:
// failed, P0030.
func (p *Provider) CancelByUserContext(ctx context.Context, id string) error {
	_, err := p.modify(ctx, id, func(pay *Payment) error {
		if pay.Status != payments.StatusCreated && pay.Status != payments.StatusStarted {
			return fmt.Errorf("%w: payment is %s", ErrWrongState, pay.Status)
		}
		pay.Status, pay.FailureCode = payments.StatusFailed, payments.FailureCancelledByUser
		return nil
	})
	return err
}

// Webhook is WebhookContext with context.Background().
func (p *Provider) Webhook(id string, event payments.WebhookEventType, messageID string, secret []byte) (body []byte, signature string, err error) {
	return p.WebhookContext(context.Background(), id, event, messageID, secret)
}

// WebhookContext returns a webhook message about the payment's current
// state in GOV.UK Pay's format, signed with secret: the body and its
// Pay-Signature. messageID should be unique per message.
func (p *Provider) WebhookContext(ctx context.Context, id string, event payments.WebhookEventType, messageID string, secret []byte) (body []byte, signature string, err error) {
	pay, err := p.get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	v := p.view(pay)
	state := map[string]any{"status": v.Status.String(), "finished": v.Status.Finished()}
	if v.FailureCode != "" {
		state["code"] = string(v.FailureCode)
	}
	msg := map[string]any{
		"webhook_message_id": messageID,
		"api_version":        1,
		"created_date":       p.clock.Now().UTC().Format(time.RFC3339Nano),
		"resource_id":        v.ProviderID,
		"resource_type":      "payment",
		"event_type":         string(event),
		"resource": map[string]any{
			"payment_id":   v.ProviderID,
			"amount":       v.Amount,
			"reference":    v.Reference,
			"state":        state,
			"created_date": v.CreatedAt.UTC().Format(time.RFC3339Nano),
		},
	}
	body, err = json.Marshal(msg)
	if err != nil {
		return nil, "", err
	}
	return body, payments.Sign(secret, body), nil
}
