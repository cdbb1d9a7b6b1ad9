package payments

import (
	"context"
	"log/slog"
	"time"
)

// Provider is a payment service provider: GOV.UK Pay (package govukpay), or
// the in-process sandbox (package sandbox) for development. Implementations
// map their errors onto this package's sentinel errors (ErrNotFound,
// ErrRateLimited, ErrRefundAvailableMismatch …) so that callers can act on
// them with errors.Is, and must be safe for concurrent use.
type Provider interface {
	// Name identifies the provider in stored payments: "govukpay".
	Name() string
	// Create asks the provider for a new payment. Calling it again with the
	// same IdempotencyKey and request returns the same payment; with the
	// same key and a different request it returns ErrIdempotencyConflict.
	Create(ctx context.Context, req ProviderRequest) (ProviderPayment, error)
	// Get reads the payment's current state.
	Get(ctx context.Context, providerID string) (ProviderPayment, error)
	// Cancel cancels a payment that is not finished.
	Cancel(ctx context.Context, providerID string) error
	// Capture takes a delayed-capture payment in status capturable.
	Capture(ctx context.Context, providerID string) error
	// Refund returns money from a successful payment. AmountAvailable is
	// the amount the caller believes is still refundable; the provider
	// refuses the refund with ErrRefundAvailableMismatch if it differs, so
	// a repeated request cannot refund twice.
	Refund(ctx context.Context, providerID string, req ProviderRefundRequest) (ProviderRefund, error)
}

// ProviderRequest is a payment as sent to a provider.
type ProviderRequest struct {
	Amount         Amount
	Reference      string
	Description    string
	ReturnURL      string
	Language       Language
	Metadata       Metadata
	DelayedCapture bool
	IdempotencyKey IdempotencyKey
}

// ProviderPayment is a payment as a provider reports it.
type ProviderPayment struct {
	ProviderID  string
	NextURL     string
	Amount      Amount
	Status      Status
	FailureCode FailureCode
	// Reference is the reference sent when the payment was created.
	Reference string
	// RefundSummary is the provider's view of refunds.
	RefundSummary RefundSummary
	CreatedAt     time.Time
	// CapturedAt and SettledAt are zero when not known.
	CapturedAt time.Time
	SettledAt  time.Time

	// TotalAmount is what the resident paid: Amount plus
	// CorporateCardSurcharge. GOV.UK Pay sends total_amount only when it
	// added a corporate card surcharge ("Add corporate card fees"); without
	// one TotalAmount equals Amount.
	TotalAmount            Amount
	CorporateCardSurcharge Amount
	// Fee is the payment service provider's transaction fee and NetAmount
	// what reaches the council's bank account after it. HasFee says whether
	// the provider reported them: GOV.UK Pay does only once the payment is
	// captured (or fails after the card details were submitted), and never
	// for Worldpay accounts or test API keys ("PSP fees").
	Fee       Amount
	NetAmount Amount
	HasFee    bool
	// Card is the card the resident paid with; zero until known. Its
	// CardholderName is personal data, which CardDetails never prints or
	// logs.
	Card CardDetails
	// Metadata is the payment's metadata as the provider returned it.
	Metadata Metadata
	// CaptureSubmittedAt is when the provider asked the payment service
	// provider to take the money (GOV.UK Pay's
	// settlement_summary.capture_submit_time); zero until then.
	CaptureSubmittedAt time.Time
}

// LogValue logs the payment without the fields a resident influenced or
// that are personal data: reference, metadata, cardholder name.
func (pp ProviderPayment) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("provider_id", pp.ProviderID),
		slog.String("status", pp.Status.String()),
		slog.String("amount", pp.Amount.Plain()),
		slog.String("total_amount", pp.TotalAmount.Plain()),
		slog.Any("card", pp.Card),
	)
}

// observation is the news the provider's view of a payment brings, as
// heard from source.
func (pp ProviderPayment) observation(source string) Observation {
	return Observation{
		Status:      pp.Status,
		FailureCode: pp.FailureCode,
		CapturedAt:  pp.CapturedAt,
		SettledAt:   pp.SettledAt,
		Source:      source,
	}
}

// ProviderRefundRequest is a refund as sent to a provider.
type ProviderRefundRequest struct {
	Amount          Amount
	AmountAvailable Amount
}

// ProviderRefund is a refund as a provider reports it.
type ProviderRefund struct {
	ProviderID string
	Amount     Amount
	Status     RefundStatus
	CreatedAt  time.Time
}

// RefundReader is implemented by providers that can report one refund's
// status; Service.ConfirmRefund uses it. GOV.UK Pay asks that a refund be
// checked no more than once every 5 minutes ("Refunding payments").
type RefundReader interface {
	GetRefund(ctx context.Context, providerPaymentID, providerRefundID string) (ProviderRefund, error)
}
