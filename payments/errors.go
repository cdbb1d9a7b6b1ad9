package payments

import "errors"

// Sentinel errors of the payment lifecycle. Providers wrap their own errors
// so that these match with errors.Is; see govukpay.APIError for the
// provider's codes.
var (
	// ErrNotFound: no payment (or refund) with that ID belongs to the
	// council asked about. A payment of another council is not found.
	ErrNotFound = errors.New("payments: not found")
	// ErrDuplicate: a payment with that ID already exists.
	ErrDuplicate = errors.New("payments: duplicate payment")
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
)
