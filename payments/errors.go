package payments

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
)

// Sentinel errors of the payment lifecycle. Providers wrap their own errors
// so that these match with errors.Is; see govukpay.APIError for the
// provider's codes.
var (
	// ErrNotFound: no payment (or refund) with that ID belongs to the
	// council asked about. A payment of another council is not found. It
	// is councilkit.ErrNotFound: errors.Is matches either name.
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate: the council already has a payment with that ID,
	// idempotency key or provider ID. It is councilkit.ErrDuplicate.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict: the payment was changed by someone else since the copy
	// given to Store.Update was read. Modify retries on it. It is
	// councilkit.ErrConflict.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil: a store or Service method was called with the zero
	// Council. It is councilkit.ErrNoCouncil.
	ErrNoCouncil = councilkit.ErrNoCouncil
	// ErrInvalidStatus: text is not a payment, refund or failure status.
	ErrInvalidStatus = errors.New("payments: invalid status")
	// ErrIllegalTransition: the transition table forbids the move, such as
	// from success to failed.
	ErrIllegalTransition = errors.New("payments: illegal status transition")
	// ErrInvalidIdempotencyKey: the key is not 1–255 characters of
	// A–Z, a–z, 0–9 and hyphen.
	ErrInvalidIdempotencyKey = errors.New("payments: invalid idempotency key")
	// ErrIdempotencyConflict: the idempotency key was already used for a
	// different request. GOV.UK Pay reports it as P0191.
	ErrIdempotencyConflict = errors.New("payments: idempotency key reused with a different request")
	// ErrNotRefundable: the payment cannot be refunded (it did not succeed,
	// or is fully refunded). GOV.UK Pay reports it as P0603.
	ErrNotRefundable = errors.New("payments: payment cannot be refunded")
	// ErrNotPaid: the payment has not succeeded, so no money was taken and
	// none can be refunded. It is a kind of ErrNotRefundable: errors.Is
	// matches both.
	ErrNotPaid = fmt.Errorf("%w: payment has not been paid", ErrNotRefundable)
	// ErrRefundExceedsAvailable: the refund is more than the amount still
	// available to refund.
	ErrRefundExceedsAvailable = errors.New("payments: refund exceeds the amount available")
	// ErrRefundAvailableMismatch: the refund_amount_available guard did not
	// match the provider's figure, so another refund got there first. GOV.UK
	// Pay reports it as P0604 with HTTP 412.
	ErrRefundAvailableMismatch = errors.New("payments: refund amount available has changed")
	// ErrNotCancellable: the payment is finished or otherwise cannot be
	// cancelled (P0501/P0502).
	ErrNotCancellable = errors.New("payments: payment cannot be cancelled")
	// ErrNotCapturable: the payment is not in status capturable (P1003).
	ErrNotCapturable = errors.New("payments: payment cannot be captured")
	// ErrRateLimited: the provider refused the request for being too fast
	// (HTTP 429, P0900). Retry after a second.
	ErrRateLimited = errors.New("payments: provider rate limit exceeded")
	// ErrProviderUnavailable: the provider is down or failed (HTTP 5xx,
	// P0999 and the Pxx98 codes). The request may be retried.
	ErrProviderUnavailable = errors.New("payments: provider unavailable")
	// ErrProviderRejected: the provider refused the request as invalid
	// (P0101, P0102, P0197, P0920 …): retrying the same request will not help.
	ErrProviderRejected = errors.New("payments: provider rejected the request")
	// ErrUnauthorised: the provider refused the API key (HTTP 401).
	ErrUnauthorised = errors.New("payments: provider API key refused")
	// ErrWebhookSignature: a webhook's Pay-Signature is missing or does not
	// match its body.
	ErrWebhookSignature = errors.New("payments: webhook signature invalid")
	// ErrWebhookTooLarge: a webhook body is larger than the limit.
	ErrWebhookTooLarge = errors.New("payments: webhook body too large")
	// ErrWebhookMalformed: a verified webhook body is not a message this
	// package understands.
	ErrWebhookMalformed = errors.New("payments: webhook message malformed")
	// ErrInvalidCursor: a Filter's After is not a cursor a page of the
	// same Sort gave (Page.Next). The error is also a
	// *councilkit.ValidationError for the field "after".
	ErrInvalidCursor = errors.New("payments: invalid page cursor")
)

// Codes of a StateError. They are stable: callers may switch on them.
const (
	// CodeNotPaid: a refund, asked for or reported by the provider, of a
	// payment that has not succeeded.
	CodeNotPaid councilkit.Code = "not_paid"
	// CodeContradictsStatus: news from the provider that contradicts the
	// payment's finished status, such as a failure after success.
	CodeContradictsStatus councilkit.Code = "contradicts_status"
	// CodeRefundsExceedPayment: a reported refund that would take the
	// refunds past the amount paid.
	CodeRefundsExceedPayment councilkit.Code = "refunds_exceed_payment"
)

// StateError is a request or provider message refused because it does not
// fit the stored payment's status: a refund of a payment that was never
// paid, a webhook saying a paid payment failed. Nothing stored is changed.
// It matches its Err with errors.Is (ErrNotPaid, ErrIllegalTransition,
// ErrRefundExceedsAvailable), and Message explains it in English and Welsh
// without repeating any input, so it is safe to show an officer or log.
type StateError struct {
	// Code is the stable machine code: CodeNotPaid, CodeContradictsStatus,
	// CodeRefundsExceedPayment.
	Code councilkit.Code
	// Payment is the stored payment's ID and Status its status, unchanged.
	Payment string
	Status  Status
	// Message says what happened, in English and Welsh.
	Message councilkit.Text
	// Err is the sentinel, possibly wrapped with detail.
	Err error
}

func (e *StateError) Error() string {
	return fmt.Sprintf("payments: payment %s is %s: %s: %v", e.Payment, e.Status, e.Message.English, e.Err)
}

// Unwrap returns Err.
func (e *StateError) Unwrap() error { return e.Err }

func notPaidError(p *Payment) error {
	return &StateError{
		Code: CodeNotPaid, Payment: p.ID, Status: p.Status, Err: ErrNotPaid,
		Message: text("refund.not_paid"),
	}
}

func contradictsError(p *Payment, err error) error {
	return &StateError{
		Code: CodeContradictsStatus, Payment: p.ID, Status: p.Status, Err: err,
		Message: text("payment.contradicts_status"),
	}
}

func refundsExceedError(p *Payment, err error) error {
	return &StateError{
		Code: CodeRefundsExceedPayment, Payment: p.ID, Status: p.Status, Err: err,
		Message: text("refund.too_much"),
	}
}

// Codes of a WebhookError. They are stable: callers may switch on them.
const (
	// CodeWebhookNotJSON: the body, or its resource, is not the JSON
	// GOV.UK Pay sends.
	CodeWebhookNotJSON councilkit.Code = "webhook_not_json"
	// CodeWebhookIncomplete: the message lacks its ID, resource ID or
	// resource, or a refund lacks its payment ID.
	CodeWebhookIncomplete councilkit.Code = "webhook_incomplete"
	// CodeWebhookResourceType: the resource is neither a payment nor a
	// refund.
	CodeWebhookResourceType councilkit.Code = "webhook_resource_type"
	// CodeWebhookInconsistent: the message contradicts itself: resource_id
	// and payment_id differ, or the event type says one thing (the payment
	// expired) and the resource's finished state another (it succeeded).
	CodeWebhookInconsistent councilkit.Code = "webhook_inconsistent"
	// CodeWebhookInvalidValue: a status, failure code or amount in the
	// resource is not a valid value.
	CodeWebhookInvalidValue councilkit.Code = "webhook_invalid_value"
)

// WebhookError says why a webhook body could not be read as a message. It
// matches ErrWebhookMalformed with errors.Is. Message, in English and
// Welsh, never repeats the body, which may hold personal data; Detail, for
// developers, holds at most a short, cut excerpt.
type WebhookError struct {
	Code    councilkit.Code
	Message councilkit.Text
	Detail  string
	// Err is the cause, if any: a *ResourceError, an *AmountError, an
	// error matching ErrInvalidStatus.
	Err error
}

func (e *WebhookError) Error() string {
	if e.Detail == "" {
		return "payments: webhook message malformed: " + e.Message.English
	}
	return "payments: webhook message malformed: " + e.Message.English + ": " + e.Detail
}

// Unwrap returns ErrWebhookMalformed and the cause, if any.
func (e *WebhookError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrWebhookMalformed}
	}
	return []error{ErrWebhookMalformed, e.Err}
}

var webhookMessages = map[councilkit.Code]councilkit.Text{
	CodeWebhookNotJSON:      text("webhook.not_json"),
	CodeWebhookIncomplete:   text("webhook.incomplete"),
	CodeWebhookResourceType: text("webhook.resource_type"),
	CodeWebhookInconsistent: text("webhook.inconsistent"),
	CodeWebhookInvalidValue: text("webhook.invalid_value"),
}

func webhookError(code councilkit.Code, detail string) error {
	return &WebhookError{Code: code, Message: webhookMessages[code], Detail: truncate(detail, 120)}
}

func webhookCause(code councilkit.Code, err error) error {
	return &WebhookError{Code: code, Message: webhookMessages[code], Detail: truncate(err.Error(), 120), Err: err}
}
