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
	"sync"
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

// Provider is the sandbox provider. It is safe for concurrent use.
type Provider struct {
	clock    councilkit.Clock
	baseURL  string
	idPrefix string

	mu       sync.Mutex
	seq      int
	payments map[string]*payment
	byKey    map[payments.IdempotencyKey]string
}

type payment struct {
	req        payments.ProviderRequest
	id         string
	status     payments.Status
	code       payments.FailureCode
	created    time.Time
	captured   time.Time
	refunds    []payments.ProviderRefund
	refundedBy payments.Amount
	card       payments.CardDetails
}

// ErrConfig is wrapped by New's error for a configuration it cannot use.
var ErrConfig = errors.New("sandbox: invalid configuration")

// maxIDPrefix is the longest IDPrefix New accepts.
const maxIDPrefix = 32

// Config holds a Provider's optional settings. The zero Config is usable.
type Config struct {
	// IDPrefix starts the provider IDs the sandbox gives its payments;
	// empty means "sbx". IDs are the prefix followed by 100001, 100002 and
	// so on. A sandbox's payments live only as long as the process, but a
	// durable payment store outlives it, and provider IDs are unique in
	// the store: give each process its own prefix (from a random or
	// start-time value, say) when the sandbox is used with a durable
	// store. The prefix is put in the payment page's address, so it may
	// hold only ASCII letters, digits, '-' and '_', at most 32 of them.
	IDPrefix string
}

// New returns an empty sandbox. nextURLBase is the start of the resident's
// payment page address (the demonstration portal's own page, say; a path
// such as "/sandbox-pay/" will do); the provider ID is appended, and empty
// means "https://sandbox.invalid/pay/". A nil clock means the system
// clock. Its error wraps ErrConfig for an unparsable nextURLBase or an
// IDPrefix New cannot use.
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
	return &Provider{clock: clock, baseURL: nextURLBase, idPrefix: prefix, payments: make(map[string]*payment), byKey: make(map[payments.IdempotencyKey]string)}, nil
}

var _ payments.Provider = (*Provider)(nil)

// Name implements payments.Provider.
func (*Provider) Name() string { return "sandbox" }

func sameRequest(a, b payments.ProviderRequest) bool {
	return a.Amount == b.Amount && a.Reference == b.Reference && a.Description == b.Description && a.ReturnURL == b.ReturnURL &&
		a.Language == b.Language && a.DelayedCapture == b.DelayedCapture && maps.Equal(a.Metadata, b.Metadata)
}

// Create implements payments.Provider, with GOV.UK Pay's limits and
// idempotency.
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
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.byKey[req.IdempotencyKey]; ok && req.IdempotencyKey != "" {
		pay := p.payments[id]
		if !sameRequest(pay.req, req) {
			return payments.ProviderPayment{}, payments.ErrIdempotencyConflict
		}
		return p.view(pay), nil
	}
	p.seq++
	id := p.idPrefix + strconv.Itoa(100000+p.seq)
	pay := &payment{req: req, id: id, status: payments.StatusCreated, created: p.clock.Now()}
	p.payments[id] = pay
	if req.IdempotencyKey != "" {
		p.byKey[req.IdempotencyKey] = id
	}
	return p.view(pay), nil
}

// expire moves a payment the resident never finished to failed, P0020,
// once ExpiryAfter has passed. Callers hold p.mu.
func (p *Provider) expire(pay *payment) {
	if !pay.status.Finished() && pay.status != payments.StatusCapturable && p.clock.Now().Sub(pay.created) >= ExpiryAfter {
		pay.status, pay.code = payments.StatusFailed, payments.FailureExpired
	}
}

func (p *Provider) view(pay *payment) payments.ProviderPayment {
	p.expire(pay)
	v := payments.ProviderPayment{
		ProviderID:  pay.id,
		NextURL:     p.baseURL + pay.id,
		Amount:      pay.req.Amount,
		Status:      pay.status,
		FailureCode: pay.code,
		Reference:   pay.req.Reference,
		CreatedAt:   pay.created,
		CapturedAt:  pay.captured,
		// No surcharge or fee in the sandbox: the resident pays the amount.
		TotalAmount: pay.req.Amount,
		Card:        pay.card,
		Metadata:    maps.Clone(pay.req.Metadata),
	}
	if pay.status == payments.StatusSuccess {
		v.CaptureSubmittedAt = pay.captured
	}
	switch {
	case pay.status == payments.StatusSuccess:
		avail := pay.req.Amount.Sub(pay.refundedBy)
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundAvailable, Available: avail, Submitted: pay.refundedBy}
		if !avail.IsPositive() {
			v.RefundSummary.Status = payments.RefundFull
		}
	case pay.status.Finished():
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundUnavailable}
	default:
		v.RefundSummary = payments.RefundSummary{Status: payments.RefundPending, Available: pay.req.Amount}
	}
	return v
}

func (p *Provider) get(id string) (*payment, error) {
	pay, ok := p.payments[id]
	if !ok {
		return nil, fmt.Errorf("%w: sandbox payment %q", payments.ErrNotFound, id)
	}
	return pay, nil
}

// Get implements payments.Provider.
func (p *Provider) Get(ctx context.Context, id string) (payments.ProviderPayment, error) {
	if err := ctx.Err(); err != nil {
		return payments.ProviderPayment{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return payments.ProviderPayment{}, err
	}
	return p.view(pay), nil
}

// Cancel implements payments.Provider.
func (p *Provider) Cancel(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return err
	}
	p.expire(pay)
	if pay.status.Finished() {
		return fmt.Errorf("%w: payment is %s", payments.ErrNotCancellable, pay.status)
	}
	pay.status, pay.code = payments.StatusCancelled, payments.FailureCancelledByService
	return nil
}

// Capture implements payments.Provider.
func (p *Provider) Capture(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return err
	}
	if pay.status != payments.StatusCapturable {
		return fmt.Errorf("%w: payment is %s", payments.ErrNotCapturable, pay.status)
	}
	pay.status, pay.captured = payments.StatusSuccess, p.clock.Now()
	return nil
}

// Refund implements payments.Provider. As on a GOV.UK Pay sandbox account,
// refunds succeed at once.
func (p *Provider) Refund(ctx context.Context, id string, req payments.ProviderRefundRequest) (payments.ProviderRefund, error) {
	if err := ctx.Err(); err != nil {
		return payments.ProviderRefund{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return payments.ProviderRefund{}, err
	}
	if pay.status != payments.StatusSuccess {
		return payments.ProviderRefund{}, fmt.Errorf("%w: payment is %s", payments.ErrNotRefundable, pay.status)
	}
	avail := pay.req.Amount.Sub(pay.refundedBy)
	if req.AmountAvailable != avail {
		return payments.ProviderRefund{}, fmt.Errorf("%w: %s available, not %s", payments.ErrRefundAvailableMismatch, avail, req.AmountAvailable)
	}
	if !req.Amount.IsPositive() || req.Amount.Cmp(avail) > 0 {
		return payments.ProviderRefund{}, fmt.Errorf("%w: amount not available", payments.ErrNotRefundable)
	}
	pay.refundedBy = pay.refundedBy.Add(req.Amount)
	r := payments.ProviderRefund{
		ProviderID: pay.id + "r" + strconv.Itoa(len(pay.refunds)+1),
		Amount:     req.Amount,
		Status:     payments.RefundSuccess,
		CreatedAt:  p.clock.Now(),
	}
	pay.refunds = append(pay.refunds, r)
	return r, nil
}

// Visit plays the resident opening the payment page: created becomes
// started.
func (p *Provider) Visit(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return err
	}
	p.expire(pay)
	switch pay.status {
	case payments.StatusCreated:
		pay.status = payments.StatusStarted
	case payments.StatusStarted:
	default:
		return fmt.Errorf("%w: payment is %s", ErrWrongState, pay.status)
	}
	return nil
}

// PayWithCard plays the resident entering a mock card number and
// confirming. It returns the payment's new status. The number is used to
// look up its outcome; only its brand, first six and last four digits are
// kept, as GOV.UK Pay reports them.
func (p *Provider) PayWithCard(id, cardNumber string) (payments.Status, error) {
	outcome, ok := CardOutcome(cardNumber)
	if !ok {
		return 0, ErrUnknownCard
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return 0, err
	}
	p.expire(pay)
	if pay.status != payments.StatusCreated && pay.status != payments.StatusStarted {
		return pay.status, fmt.Errorf("%w: payment is %s", ErrWrongState, pay.status)
	}
	if outcome != OutcomeNotAccepted {
		pay.card = cardDetails(strings.ReplaceAll(cardNumber, " ", ""))
	}
	switch outcome {
	case OutcomeSuccess:
		if pay.req.DelayedCapture {
			pay.status = payments.StatusCapturable
		} else {
			pay.status, pay.captured = payments.StatusSuccess, p.clock.Now()
		}
	case OutcomeDeclined, OutcomeExpired, OutcomeInvalidCVC:
		pay.status, pay.code = payments.StatusFailed, payments.FailureRejected
	case OutcomeError:
		pay.status, pay.code = payments.StatusError, payments.FailureProviderError
	case OutcomeNotAccepted:
		pay.status = payments.StatusStarted
		return pay.status, ErrCardNotAccepted
	}
	return pay.status, nil
}

// CancelByUser plays the resident selecting Cancel payment: failed, P0030.
func (p *Provider) CancelByUser(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	pay, err := p.get(id)
	if err != nil {
		return err
	}
	p.expire(pay)
	if pay.status != payments.StatusCreated && pay.status != payments.StatusStarted {
		return fmt.Errorf("%w: payment is %s", ErrWrongState, pay.status)
	}
	pay.status, pay.code = payments.StatusFailed, payments.FailureCancelledByUser
	return nil
}

// Webhook returns a webhook message about the payment's current state in
// GOV.UK Pay's format, signed with secret: the body and its Pay-Signature.
// messageID should be unique per message.
func (p *Provider) Webhook(id string, event payments.WebhookEventType, messageID string, secret []byte) (body []byte, signature string, err error) {
	p.mu.Lock()
	pay, err := p.get(id)
	if err != nil {
		p.mu.Unlock()
		return nil, "", err
	}
	v := p.view(pay)
	p.mu.Unlock()
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
