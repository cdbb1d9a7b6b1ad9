package payments

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Webhooks follow GOV.UK Pay's "Receive automatic payment event updates
// using webhooks" (https://docs.payments.service.gov.uk/webhooks/): each
// message is POSTed with a Pay-Signature header holding the lower-case hex
// HMAC-SHA256 of the raw body, keyed with the webhook's signing secret.
// Messages may arrive more than once and in any order.

// DefaultMaxWebhookBytes is the largest webhook body accepted by default.
// A GOV.UK Pay message is a payment or refund resource of a few kilobytes.
const DefaultMaxWebhookBytes = 64 << 10

// SignatureHeader is the header GOV.UK Pay signs webhooks with.
const SignatureHeader = "Pay-Signature"

// Sign returns the Pay-Signature value for body under secret. Tests and the
// sandbox use it to make signed messages.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature reports whether signature is the Pay-Signature of body
// under secret, comparing in constant time. An empty secret never verifies.
func VerifySignature(secret, body []byte, signature string) bool {
	if len(secret) == 0 || len(signature) != sha256.Size*2 {
		return false
	}
	got, err := hex.DecodeString(signature)
	if err != nil || strings.ToLower(signature) != signature {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// WebhookEventType is the event that triggered a webhook message.
type WebhookEventType string

// Event types GOV.UK Pay sends ("Receive automatic payment event updates
// using webhooks", https://docs.payments.service.gov.uk/webhooks/: a payment
// succeeds, fails, expires, is captured, is settled, is refunded; the
// webhooks service also knows card_payment_started). Other types are
// accepted, and the resource's state alone counts.
//
// An event type that says how the payment ended is news in its own right:
// the resource sent with it is a snapshot that may lag behind the event.
// ParseWebhook therefore reads card_payment_failed as status failed
// (P0010, rejected, unless the resource gives another code),
// card_payment_expired as failed with P0020, and card_payment_captured and
// card_payment_settled as success, when the resource still shows an
// unfinished status; a resource showing a different finished status is a
// contradiction, refused as malformed. card_payment_succeeded implies no
// status: for a delayed-capture payment it means capturable.
const (
	CardPaymentStarted   WebhookEventType = "card_payment_started"
	CardPaymentSucceeded WebhookEventType = "card_payment_succeeded"
	CardPaymentFailed    WebhookEventType = "card_payment_failed"
	CardPaymentExpired   WebhookEventType = "card_payment_expired"
	CardPaymentCaptured  WebhookEventType = "card_payment_captured"
	CardPaymentSettled   WebhookEventType = "card_payment_settled"
	CardPaymentRefunded  WebhookEventType = "card_payment_refunded"
)

// Implies returns the status, and for a failure the failure code, that the
// event type itself says the payment reached; ok is false for event types
// that imply none.
func (e WebhookEventType) Implies() (status Status, code FailureCode, ok bool) {
	switch e {
	case CardPaymentFailed:
		return StatusFailed, FailureRejected, true
	case CardPaymentExpired:
		return StatusFailed, FailureExpired, true
	case CardPaymentCaptured, CardPaymentSettled:
		return StatusSuccess, "", true
	}
	return StatusUnknown, "", false
}

// applyEvent brings pp in line with what the event type says happened.
func applyEvent(pp *ProviderPayment, e WebhookEventType) error {
	st, code, ok := e.Implies()
	switch {
	case !ok:
	case pp.Status == st:
		if pp.FailureCode == "" {
			pp.FailureCode = code
		}
	case !pp.Status.Finished():
		// A snapshot taken before the event: the event is the news.
		pp.Status, pp.FailureCode = st, code
	default:
		return webhookError(CodeWebhookInconsistent, fmt.Sprintf("event %s with a payment in status %s", e, pp.Status))
	}
	return nil
}

// WebhookMessage is a parsed webhook message.
type WebhookMessage struct {
	// ID is the message's unique ID (webhook_message_id), used to spot
	// replays.
	ID           string
	EventType    WebhookEventType
	ResourceType string // "payment" or "refund", lower case
	ResourceID   string
	CreatedAt    time.Time
	// Payment is set when ResourceType is "payment".
	Payment *ProviderPayment
	// Refund and RefundPaymentID are set when ResourceType is "refund".
	Refund          *ProviderRefund
	RefundPaymentID string
}

type webhookJSON struct {
	WebhookMessageID string          `json:"webhook_message_id"`
	ID               string          `json:"id"` // the field's name in early documentation
	CreatedDate      time.Time       `json:"created_date"`
	ResourceID       string          `json:"resource_id"`
	ResourceType     string          `json:"resource_type"`
	EventType        string          `json:"event_type"`
	Resource         json.RawMessage `json:"resource"`
}

// PaymentResourceJSON is the payment resource of GOV.UK Pay's API and
// webhooks, with only the fields this package reads. Package govukpay
// decodes the same shape.
type PaymentResourceJSON struct {
	PaymentID string `json:"payment_id"`
	Amount    Amount `json:"amount"`
	Reference string `json:"reference"`
	State     struct {
		Status   string `json:"status"`
		Finished bool   `json:"finished"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	} `json:"state"`
	CreatedDate time.Time `json:"created_date"`
	// TotalAmount (amount plus corporate card surcharge) appears only when
	// a surcharge was added; Fee and NetAmount only once the payment is
	// captured, and never for Worldpay accounts or test keys.
	TotalAmount            *Amount      `json:"total_amount"`
	CorporateCardSurcharge Amount       `json:"corporate_card_surcharge"`
	Fee                    *Amount      `json:"fee"`
	NetAmount              *Amount      `json:"net_amount"`
	CardDetails            *CardDetails `json:"card_details"`
	Metadata               Metadata     `json:"metadata"`
	RefundSummary          struct {
		Status          string `json:"status"`
		AmountAvailable Amount `json:"amount_available"`
		AmountSubmitted Amount `json:"amount_submitted"`
	} `json:"refund_summary"`
	SettlementSummary struct {
		CaptureSubmitTime *time.Time `json:"capture_submit_time"`
		CapturedDate      string     `json:"captured_date"`
		SettledDate       string     `json:"settled_date"`
	} `json:"settlement_summary"`
	Links struct {
		NextURL struct {
			Href string `json:"href"`
		} `json:"next_url"`
	} `json:"_links"`
}

// ProviderPayment converts the resource. A negative amount, amount
// available or amount submitted is refused with an error wrapping
// ErrInvalidAmount: a provider never reports one, so it means the message
// is not what it claims to be. So are a negative surcharge, fee or net
// amount, and a total_amount other than amount plus surcharge, as a
// *ResourceError matching ErrInvalidAmount; card details not in GOV.UK
// Pay's published form are refused as a *ResourceError matching
// ErrInvalidCardDetails.
func (r *PaymentResourceJSON) ProviderPayment() (ProviderPayment, error) {
	st, err := ParseStatus(r.State.Status)
	if err != nil {
		return ProviderPayment{}, err
	}
	if r.Amount.IsNegative() || r.RefundSummary.AmountAvailable.IsNegative() || r.RefundSummary.AmountSubmitted.IsNegative() {
		return ProviderPayment{}, fmt.Errorf("%w: negative amount in payment resource", ErrInvalidAmount)
	}
	pp := ProviderPayment{
		ProviderID: r.PaymentID,
		NextURL:    r.Links.NextURL.Href,
		Amount:     r.Amount,
		Status:     st,
		Reference:  r.Reference,
		CreatedAt:  r.CreatedDate,
		RefundSummary: RefundSummary{
			Status:    RefundSummaryStatus(r.RefundSummary.Status),
			Available: r.RefundSummary.AmountAvailable,
			Submitted: r.RefundSummary.AmountSubmitted,
		},
	}
	if r.State.Code != "" {
		if pp.FailureCode, err = ParseFailureCode(r.State.Code); err != nil {
			return ProviderPayment{}, err
		}
	}
	if err := r.reconciliation(&pp); err != nil {
		return ProviderPayment{}, err
	}
	// captured_date and settled_date are dates ("2016-01-21"); keep them as
	// midnight UK time.
	if d, err := time.ParseInLocation(time.DateOnly, r.SettlementSummary.CapturedDate, calendar.London()); err == nil {
		pp.CapturedAt = d
	}
	if d, err := time.ParseInLocation(time.DateOnly, r.SettlementSummary.SettledDate, calendar.London()); err == nil {
		pp.SettledAt = d
	}
	return pp, nil
}

// reconciliation checks and copies the fields a finance team reconciles
// with: what the resident paid, the provider's fee, the card and the
// metadata.
func (r *PaymentResourceJSON) reconciliation(pp *ProviderPayment) error {
	var errs []error
	neg := func(field string, a Amount) {
		if a.IsNegative() {
			errs = append(errs, amountFieldError(field, "amount.negative"))
		}
	}
	neg("corporate_card_surcharge", r.CorporateCardSurcharge)
	pp.CorporateCardSurcharge = r.CorporateCardSurcharge
	want, err := r.Amount.AddChecked(r.CorporateCardSurcharge)
	if err != nil {
		errs = append(errs, amountFieldError("corporate_card_surcharge", "amount.surcharge_too_large"))
	}
	pp.TotalAmount = want
	if r.TotalAmount != nil {
		neg("total_amount", *r.TotalAmount)
		if err == nil && *r.TotalAmount != want {
			errs = append(errs, amountFieldError("total_amount", "amount.total_mismatch"))
		}
		pp.TotalAmount = *r.TotalAmount
	}
	if r.Fee != nil {
		neg("fee", *r.Fee)
		pp.Fee, pp.HasFee = *r.Fee, true
	}
	if r.NetAmount != nil {
		neg("net_amount", *r.NetAmount)
		pp.NetAmount, pp.HasFee = *r.NetAmount, true
	}
	if r.CardDetails != nil {
		if err := r.CardDetails.Validate(); err != nil {
			errs = append(errs, err)
		}
		pp.Card = *r.CardDetails
	}
	pp.Metadata = r.Metadata
	if t := r.SettlementSummary.CaptureSubmitTime; t != nil {
		pp.CaptureSubmittedAt = *t
	}
	return errors.Join(errs...)
}

// RefundResourceJSON is the refund resource of GOV.UK Pay's API and
// webhooks.
type RefundResourceJSON struct {
	RefundID    string    `json:"refund_id"`
	PaymentID   string    `json:"payment_id"`
	Amount      Amount    `json:"amount"`
	Status      string    `json:"status"`
	CreatedDate time.Time `json:"created_date"`
}

// ProviderRefund converts the resource. A refund of a negative amount is
// refused with an error wrapping ErrInvalidAmount.
func (r *RefundResourceJSON) ProviderRefund() (ProviderRefund, error) {
	st, err := ParseRefundStatus(r.Status)
	if err != nil {
		return ProviderRefund{}, err
	}
	if r.Amount.IsNegative() {
		return ProviderRefund{}, fmt.Errorf("%w: negative refund amount", ErrInvalidAmount)
	}
	return ProviderRefund{ProviderID: r.RefundID, Amount: r.Amount, Status: st, CreatedAt: r.CreatedDate}, nil
}

// ParseWebhook parses a webhook message body. It does not check the
// signature: call VerifySignature first and then Service.ApplyWebhook, or
// let the handler from Service.WebhookHandler do all three. A
// body that is not a message returns a *WebhookError matching
// ErrWebhookMalformed. A payment's status is the resource's, brought up to
// date by the event type where that says how the payment ended (see
// WebhookEventType.Implies).
func ParseWebhook(body []byte) (WebhookMessage, error) {
	var w webhookJSON
	if err := json.Unmarshal(body, &w); err != nil {
		return WebhookMessage{}, webhookError(CodeWebhookNotJSON, err.Error())
	}
	m := WebhookMessage{
		ID:           w.WebhookMessageID,
		EventType:    WebhookEventType(strings.ToLower(w.EventType)),
		ResourceType: strings.ToLower(w.ResourceType),
		ResourceID:   w.ResourceID,
		CreatedAt:    w.CreatedDate,
	}
	if m.ID == "" {
		m.ID = w.ID
	}
	if m.ID == "" || m.ResourceID == "" || len(w.Resource) == 0 {
		return WebhookMessage{}, webhookError(CodeWebhookIncomplete, "missing message ID, resource ID or resource")
	}
	switch m.ResourceType {
	case "payment":
		var r PaymentResourceJSON
		if err := json.Unmarshal(w.Resource, &r); err != nil {
			return WebhookMessage{}, webhookError(CodeWebhookNotJSON, "payment resource: "+err.Error())
		}
		if r.PaymentID == "" {
			r.PaymentID = m.ResourceID
		}
		if r.PaymentID != m.ResourceID {
			return WebhookMessage{}, webhookError(CodeWebhookInconsistent, "resource_id and payment_id differ")
		}
		pp, err := r.ProviderPayment()
		if err != nil {
			return WebhookMessage{}, webhookCause(CodeWebhookInvalidValue, err)
		}
		if err := applyEvent(&pp, m.EventType); err != nil {
			return WebhookMessage{}, err
		}
		m.Payment = &pp
	case "refund":
		var r RefundResourceJSON
		if err := json.Unmarshal(w.Resource, &r); err != nil {
			return WebhookMessage{}, webhookError(CodeWebhookNotJSON, "refund resource: "+err.Error())
		}
		if r.RefundID == "" {
			r.RefundID = m.ResourceID
		}
		pr, err := r.ProviderRefund()
		if err != nil {
			return WebhookMessage{}, webhookCause(CodeWebhookInvalidValue, err)
		}
		if r.PaymentID == "" {
			return WebhookMessage{}, webhookError(CodeWebhookIncomplete, "refund without payment_id")
		}
		m.Refund, m.RefundPaymentID = &pr, r.PaymentID
	default:
		return WebhookMessage{}, webhookError(CodeWebhookResourceType, "unknown resource_type")
	}
	return m, nil
}

// WebhookResult says what a webhook message did.
type WebhookResult struct {
	// Changed is true if the stored payment changed.
	Changed bool
	// Previous is the payment as stored before the message, when Changed
	// is true; nil otherwise.
	Previous *Payment
	// Replay is true if the message ID had been applied before.
	Replay bool
	// Payment is the payment after the message, if it is known.
	Payment *Payment
}

// ApplyWebhook applies a parsed, verified webhook message to the council's
// stored payment. It is idempotent: applying a message twice, or messages in
// any order, leaves the payment as if each were applied once in order. The
// change's events name the provider as their actor unless ctx names
// another (events.WithActor). A
// message for a payment the store does not know returns ErrNotFound. A
// refund of a payment that has not succeeded, a refund taking the refunds
// past the amount paid, and news contradicting a finished payment return a
// *StateError (matching ErrNotPaid, ErrRefundExceedsAvailable or
// ErrIllegalTransition) and change nothing, not even the record of
// messages seen. If the payment changed but recording the message as seen
// then fails, the result still reports the change (Changed, Previous and
// Payment) alongside the error.
func (s *Service) ApplyWebhook(ctx context.Context, council councilkit.Council, m WebhookMessage) (WebhookResult, error) {
	ctx = s.providerActor(ctx)
	providerID := m.ResourceID
	if m.Refund != nil {
		providerID = m.RefundPaymentID
	}
	p, err := s.store.GetByProviderID(ctx, council, s.provider.Name(), providerID)
	if err != nil {
		return WebhookResult{}, err
	}
	var (
		changed bool
		before  *Payment
	)
	id := p.ID
	p, err = Modify(ctx, s.store, council, id, func(p *Payment) error {
		before = p.Clone()
		now := s.clock.Now()
		var err error
		switch {
		case m.Payment != nil:
			if m.Payment.Amount != p.Amount {
				return webhookError(CodeWebhookInconsistent, fmt.Sprintf("webhook amount %s differs from payment amount %s", m.Payment.Amount, p.Amount))
			}
			changed, err = p.Observe(m.Payment.observation("webhook"), now)
			if errors.Is(err, ErrIllegalTransition) {
				err = contradictsError(p, err)
			}
		case m.Refund != nil:
			// Only a paid payment has money to refund. A refund reported
			// for any other (a forged or misdirected message, or one that
			// overtook the news of success) is refused, and the payment
			// stays as it is; GOV.UK Pay sends the message again later.
			if p.Status != StatusSuccess {
				return notPaidError(p)
			}
			changed, err = p.ObserveRefund(Refund{ProviderID: m.Refund.ProviderID, Amount: m.Refund.Amount, Status: m.Refund.Status}, "webhook", now)
			if err == nil && p.Refunded().Cmp(p.Amount) > 0 {
				err = refundsExceedError(p, fmt.Errorf("%w: refunds would exceed the payment", ErrRefundExceedsAvailable))
			}
		}
		if err != nil {
			return err
		}
		if !changed {
			return errAlreadyDone
		}
		return nil
	})
	switch {
	case errors.Is(err, errAlreadyDone):
		p, err = s.store.Get(ctx, council, id)
		if err != nil {
			return WebhookResult{}, err
		}
	case err != nil:
		return WebhookResult{}, err
	}
	if !changed {
		before = nil
	}
	first, err := s.store.MarkWebhookSeen(ctx, council, m.ID)
	if err != nil {
		if changed {
			return WebhookResult{Changed: true, Previous: before, Payment: p}, err
		}
		return WebhookResult{}, err
	}
	return WebhookResult{Changed: changed, Previous: before, Replay: !first, Payment: p}, nil
}

// ErrConfig is wrapped by WebhookHandler's error for settings it cannot use.
var ErrConfig = errors.New("payments: invalid configuration")

// WebhookConfig holds WebhookHandler's optional settings. The zero
// WebhookConfig is usable.
type WebhookConfig struct {
	// MaxBytes is the largest body accepted; a larger one is refused with
	// 413 before it is read whole. 0 means DefaultMaxWebhookBytes; it
	// must not be negative.
	MaxBytes int64
	// OnApplied, if not nil, lets the service act on a change a webhook
	// made: activate the garden waste subscription a payment was for, say,
	// or email a receipt. before is the payment as stored before the
	// message and after as stored after it; both are copies OnApplied may
	// keep. Compare them to see what happened: after.Status ==
	// StatusSuccess && before.Status != StatusSuccess is "the payment has
	// just succeeded", and a longer after.Refunds is a refund reported.
	//
	// It is called once for each message that changed the stored payment,
	// after the change is stored and after the handler has sent its
	// answer (GOV.UK Pay asks for a 2xx answer as soon as possible, before
	// the message is processed, and sends the message again if it does
	// not get one quickly), on the request's goroutine, with a context
	// that carries the request's values and names the provider as the actor
	// (events.WithActor), but is not cancelled when GOV.UK
	// Pay hangs up. It is never called for a message that changed nothing
	// (a replay, a duplicate, or news the store already had from an
	// earlier message or from Service.Confirm) nor for one the handler
	// refuses (a bad signature, a malformed message, an unknown payment, a
	// message that contradicts the stored payment).
	//
	// OnApplied has no error result, and nothing it does changes the
	// answer or undoes the payment: the resident has paid. An answer
	// other than 2xx would not help either, because GOV.UK Pay's next
	// attempt would find the payment already changed and OnApplied would
	// not be called again. So an action that must not be lost should be
	// recorded durably by OnApplied (a job in the service's own database,
	// say) and retried from there, or found later by listing the
	// payments. A slow OnApplied does not delay the answer (unless a
	// middleware's ResponseWriter cannot flush), but it holds the
	// request's goroutine and connection until it returns.
	//
	// A payment that Service.Confirm finds has succeeded, when the
	// resident comes back before the webhook arrives, changes without a
	// webhook, so OnApplied is not called for it: act on Confirm's result
	// too, with an action that does nothing the second time.
	OnApplied func(ctx context.Context, council councilkit.Council, before, after *Payment)
}

// WebhookHandler returns an http.Handler that receives the council's GOV.UK
// Pay webhooks, signed with secret (the webhook's signing secret from the
// GOV.UK Pay admin tool): it refuses bodies over cfg.MaxBytes before
// reading them whole, checks the Pay-Signature against secret, applies the
// message with ApplyWebhook, answers, and then, if the stored payment
// changed, calls cfg.OnApplied. The changes' events name the provider
// (events.ActorProvider, ID "govukpay" for GOV.UK Pay) as their actor, and
// OnApplied's context names it too. It answers 200 when the message is applied or already
// known, 401 for a bad signature, 413 for an oversized body, 400 for a
// malformed message, 404 for an unknown payment, 409 for a message the
// stored payment refuses (a *StateError: a refund of a payment not paid,
// news contradicting a finished payment) and 500 when the store fails.
// GOV.UK Pay sends again any message not answered 2xx, so a refund that
// overtook the news of success applies later.
//
// Its error wraps ErrConfig for the zero council, an empty secret or a
// negative cfg.MaxBytes.
func (s *Service) WebhookHandler(council councilkit.Council, secret []byte, cfg WebhookConfig) (http.Handler, error) {
	switch {
	case council.IsZero():
		return nil, fmt.Errorf("%w: %w: no council given", ErrConfig, councilkit.ErrInvalidCouncil)
	case len(secret) == 0:
		return nil, fmt.Errorf("%w: no webhook signing secret", ErrConfig)
	case cfg.MaxBytes < 0:
		return nil, fmt.Errorf("%w: MaxBytes must not be negative", ErrConfig)
	}
	secret = bytes.Clone(secret) // the caller may reuse its slice
	maxBytes := cfg.MaxBytes
	if maxBytes == 0 {
		maxBytes = DefaultMaxWebhookBytes
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := ReadWebhookBody(w, r, maxBytes)
		if err != nil {
			if errors.Is(err, ErrWebhookTooLarge) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		if !VerifySignature(secret, body, r.Header.Get(SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		m, err := ParseWebhook(body)
		if err != nil {
			http.Error(w, "malformed message", http.StatusBadRequest)
			return
		}
		// The change is the provider's, whatever a middleware put in the
		// request's context.
		ctx := events.WithActor(r.Context(), s.actor())
		res, err := s.ApplyWebhook(ctx, council, m)
		switch {
		case err == nil:
			// An explicit empty body, so that the answer is complete as
			// soon as it is flushed below.
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
		case errors.Is(err, ErrNotFound):
			http.Error(w, "unknown payment", http.StatusNotFound)
		case errors.Is(err, ErrIllegalTransition), errors.Is(err, ErrWebhookMalformed), errors.Is(err, ErrRefundExceedsAvailable), errors.Is(err, ErrNotRefundable):
			// Retrying will not help; a person must look at it.
			http.Error(w, "conflicting message", http.StatusConflict)
		default:
			const msg = "internal error\n"
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(msg)))
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, msg)
		}
		if res.Changed && cfg.OnApplied != nil {
			// GOV.UK Pay asks for the answer before the message is
			// processed: send it now, so that a slow OnApplied does not
			// delay it, and give OnApplied a context that GOV.UK Pay
			// hanging up does not cancel.
			_ = http.NewResponseController(w).Flush()
			cfg.OnApplied(context.WithoutCancel(ctx), council, res.Previous, res.Payment)
		}
	}), nil
}

// ReadWebhookBody reads a request body of at most maxBytes. A body whose
// declared Content-Length is over the limit is refused without reading it;
// one that turns out longer is refused as soon as the limit is passed.
func ReadWebhookBody(w http.ResponseWriter, r *http.Request, maxBytes int64) ([]byte, error) {
	if r.ContentLength > maxBytes {
		return nil, ErrWebhookTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, ErrWebhookTooLarge
		}
		return nil, err
	}
	return body, nil
}
