package payments

import (
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/enum"
)

// Payment is one attempt by a resident to pay a council, as the council's
// service records it. It is created by [Service.Start] and changes only by
// observing the provider (polling or a verified webhook) or by the service
// acting on it (cancel, capture, refund).
//
// A Payment read from a [Store] is a copy: changing it changes nothing
// stored. Use [Store.Update] to change a stored payment.
type Payment struct {
	ID             string             `json:"id"`
	Council        councilkit.Council `json:"council"`
	Reference      string             `json:"reference"`
	Description    string             `json:"description"`
	Amount         Amount             `json:"amount"`
	ReturnURL      string             `json:"return_url"`
	Language       Language           `json:"language"`
	Metadata       Metadata           `json:"metadata,omitempty"`
	FundCode       string             `json:"fund_code"`
	DelayedCapture bool               `json:"delayed_capture,omitempty"`
	IdempotencyKey IdempotencyKey     `json:"idempotency_key"`
	// RequestFingerprint is a hash of the request that created the payment,
	// compared when the idempotency key is used again.
	RequestFingerprint string `json:"request_fingerprint"`

	// Provider names the payment service provider ("govukpay", "sandbox");
	// ProviderID is its ID for the payment. Both are empty until the
	// provider has accepted the payment.
	Provider   string `json:"provider,omitempty"`
	ProviderID string `json:"provider_id,omitempty"`
	// NextURL is the provider's page the resident is sent to.
	NextURL string `json:"next_url,omitempty"`

	Status      Status      `json:"status"`
	FailureCode FailureCode `json:"failure_code,omitempty"`
	// CapturedAt is when the payment was first seen as successful;
	// SettledAt when the provider paid the money to the council, if known.
	CapturedAt time.Time `json:"captured_at,omitzero"`
	SettledAt  time.Time `json:"settled_at,omitzero"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Events is the history of the payment, oldest first.
	Events []Event `json:"events"`
	// Refunds made against the payment, oldest first.
	Refunds []Refund `json:"refunds,omitempty"`
	// Version counts stored changes; stores use it to detect lost updates.
	Version int64 `json:"version"`
}

// EventKind says what an Event records. The list is append-only.
type EventKind string

// Kinds of event.
const (
	EventCreated        EventKind = "created"         // the service created the payment
	EventProviderLinked EventKind = "provider_linked" // the provider accepted it
	EventStatus         EventKind = "status"          // the status changed
	EventSettled        EventKind = "settled"         // the provider settled the money
	EventRefund         EventKind = "refund"          // a refund was requested or changed status
)

// Event is one entry in a payment's history.
type Event struct {
	At   time.Time `json:"at"`
	Kind EventKind `json:"kind"`
	// From and To are the statuses before and after, for EventStatus.
	From Status `json:"from,omitzero"`
	To   Status `json:"to,omitzero"`
	// Source says where the news came from: "service", "provider",
	// "webhook".
	Source string `json:"source,omitempty"`
	// Detail holds a failure code, a refund ID or similar.
	Detail string `json:"detail,omitempty"`
}

// LogValue keeps log lines free of the free-text fields a resident or an
// officer may have written (reference, description, metadata, a refund's
// reason). It has a value receiver so that a Payment logged by value is
// redacted too.
func (p Payment) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", p.ID),
		slog.String("council", p.Council.String()),
		slog.String("status", p.Status.String()),
		slog.String("amount", p.Amount.Plain()),
		slog.String("provider_id", p.ProviderID),
	)
}

// Clone returns a deep copy.
func (p *Payment) Clone() *Payment {
	c := *p
	c.Metadata = maps.Clone(p.Metadata)
	c.Events = slices.Clone(p.Events)
	c.Refunds = slices.Clone(p.Refunds)
	return &c
}

// Finished reports whether the payment journey is over.
func (p *Payment) Finished() bool { return p.Status.Finished() }

// Observation is news of a payment's state from its provider: the result of
// polling it, or a verified webhook.
type Observation struct {
	Status      Status
	FailureCode FailureCode
	// CapturedAt and SettledAt are the provider's dates, if it gave them.
	CapturedAt time.Time
	SettledAt  time.Time
	Source     string
}

// Observe applies news of the payment's status at time now and reports
// whether anything changed.
//
// News that moves the payment forward is applied. News that would move it
// backwards (a "started" arriving after "success", as at-least-once,
// unordered webhooks do) changes nothing.
// Repeated news changes nothing. News that contradicts a finished status
// (success, then failed) returns ErrIllegalTransition and changes nothing:
// that needs a person to look at it.
func (p *Payment) Observe(o Observation, now time.Time) (changed bool, err error) {
	if !o.Status.IsValid() {
		return false, fmt.Errorf("%w: observation without a status", ErrInvalidStatus)
	}
	switch {
	case o.Status == p.Status:
		if p.FailureCode == "" && o.FailureCode != "" && p.Status.Finished() && p.Status != StatusSuccess {
			p.FailureCode = o.FailureCode
			changed = true
		}
	case CanTransition(p.Status, o.Status):
		p.Events = append(p.Events, Event{At: now, Kind: EventStatus, From: p.Status, To: o.Status, Source: o.Source, Detail: string(o.FailureCode)})
		p.Status = o.Status
		if o.Status != StatusSuccess && o.Status.Finished() {
			p.FailureCode = o.FailureCode
		}
		changed = true
	case o.Status.stage() < p.Status.stage():
		// Late news of an earlier stage: the payment never moves back.
		return false, nil
	default:
		return false, fmt.Errorf("%w: payment %s is %s, provider says %s", ErrIllegalTransition, p.ID, p.Status, o.Status)
	}
	if p.Status == StatusSuccess && p.CapturedAt.IsZero() {
		p.CapturedAt = o.CapturedAt
		if p.CapturedAt.IsZero() {
			p.CapturedAt = now
		}
		changed = true
	}
	if !o.SettledAt.IsZero() && p.SettledAt.IsZero() && p.Status == StatusSuccess {
		p.SettledAt = o.SettledAt
		p.Events = append(p.Events, Event{At: now, Kind: EventSettled, Source: o.Source})
		changed = true
	}
	if changed {
		p.UpdatedAt = now
	}
	return changed, nil
}

// RefundStatus is the state of one refund, as GOV.UK Pay reports it
// ("Refunding payments", https://docs.payments.service.gov.uk/refunding_payments/).
// The zero RefundStatus is RefundUnknown, "unknown": it prints, marshals and
// unmarshals as "unknown", but ParseRefundStatus, which reads GOV.UK Pay's
// statuses, refuses it. The list is append-only.
type RefundStatus uint8

const (
	// RefundUnknown: no status yet; the zero RefundStatus.
	RefundUnknown RefundStatus = iota
	// RefundSubmitted: passed to the provider, outcome not yet known.
	RefundSubmitted
	// RefundSuccess: the provider made the refund.
	RefundSuccess
	// RefundError: the provider could not make the refund; the money is
	// available to refund again.
	RefundError
)

var refundStatusNames = [...]string{"unknown", "submitted", "success", "error"}

// ParseRefundStatus reads "submitted", "success" or "error".
func ParseRefundStatus(s string) (RefundStatus, error) {
	ls := strings.ToLower(strings.TrimSpace(s))
	for i, n := range refundStatusNames {
		if i > 0 && n == ls {
			return RefundStatus(i), nil
		}
	}
	return RefundUnknown, fmt.Errorf("%w: unknown refund status %q", ErrInvalidStatus, truncate(s, 30))
}

// String returns the status name, such as "success", or "unknown" for
// RefundUnknown.
func (s RefundStatus) String() string { return enum.Name(refundStatusNames[:], s, "RefundStatus") }

// MarshalText encodes the status name, "unknown" for RefundUnknown, which
// UnmarshalText reads back. Like Status, it refuses a value that is not a
// status.
func (s RefundStatus) MarshalText() ([]byte, error) {
	if int(s) >= len(refundStatusNames) {
		return nil, fmt.Errorf("%w: refund status %d", ErrInvalidStatus, uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a name written by MarshalText: a status name as
// ParseRefundStatus reads it, or "unknown" for RefundUnknown.
func (s *RefundStatus) UnmarshalText(b []byte) error {
	if string(b) == refundStatusNames[RefundUnknown] {
		*s = RefundUnknown
		return nil
	}
	v, err := ParseRefundStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Refund is money returned to the resident from a successful payment.
type Refund struct {
	ID string `json:"id"`
	// ProviderID is the provider's refund ID; empty while the provider's
	// answer is not known.
	ProviderID string         `json:"provider_id,omitempty"`
	Amount     Amount         `json:"amount"`
	Status     RefundStatus   `json:"status"`
	Key        IdempotencyKey `json:"key,omitempty"`
	// AvailableBefore is the amount that was available to refund when the
	// refund was requested: the refund_amount_available guard sent to the
	// provider.
	AvailableBefore Amount    `json:"available_before"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	// Reason is why the refund was made, as the officer wrote it
	// (RefundRequest.Reason); zero for a refund reported by the provider
	// (made in its admin tool) or made before reasons were recorded.
	// Personal data: never logged (see RefundReason).
	Reason RefundReason `json:"reason,omitempty"`
	// RequestedBy is who asked for the refund: the actor named in the
	// context Service.Refund was called with (events.WithActor; an
	// officer, by their officer ID), or events.ActorSystem if it named
	// none. Zero for a refund reported by the provider. The domain event
	// a refund records when the provider makes it (events.PaymentRefunded)
	// names whoever stored that news, which for GOV.UK Pay is usually the
	// provider's webhook: this field keeps who asked.
	RequestedBy events.Actor `json:"requested_by,omitzero"`
}

// RefundSummaryStatus says whether a payment can be refunded, as GOV.UK
// Pay's refund_summary.status does.
type RefundSummaryStatus string

// Refund summary statuses.
const (
	RefundPending     RefundSummaryStatus = "pending"     // may become refundable; not yet
	RefundUnavailable RefundSummaryStatus = "unavailable" // cannot be refunded (the payment failed)
	RefundAvailable   RefundSummaryStatus = "available"   // some or all can be refunded
	RefundFull        RefundSummaryStatus = "full"        // fully refunded
)

// RefundSummary is how much of a payment can still be refunded.
type RefundSummary struct {
	Status RefundSummaryStatus `json:"status"`
	// Available is the amount still refundable; send it as the
	// refund_amount_available guard with the next refund.
	Available Amount `json:"amount_available"`
	// Submitted is the total of refunds submitted or made.
	Submitted Amount `json:"amount_submitted"`
}

// Refunded returns the total of refunds that are submitted or successful:
// money that has gone, or may have gone, back to the resident.
func (p *Payment) Refunded() Amount {
	var t Amount
	for _, r := range p.Refunds {
		if r.Status == RefundSubmitted || r.Status == RefundSuccess {
			t = t.Add(r.Amount)
		}
	}
	return t
}

// RefundSummary reports how much of the payment can still be refunded.
func (p *Payment) RefundSummary() RefundSummary {
	submitted := p.Refunded()
	switch {
	case p.Status == StatusSuccess:
		avail := p.Amount.Sub(submitted)
		if avail.IsPositive() {
			return RefundSummary{Status: RefundAvailable, Available: avail, Submitted: submitted}
		}
		return RefundSummary{Status: RefundFull, Submitted: submitted}
	case p.Status.Finished():
		return RefundSummary{Status: RefundUnavailable, Submitted: submitted}
	}
	return RefundSummary{Status: RefundPending, Available: p.Amount, Submitted: submitted}
}

// Refund returns the refund with the given ID.
func (p *Payment) Refund(id string) (Refund, bool) {
	for _, r := range p.Refunds {
		if r.ID == id {
			return r, true
		}
	}
	return Refund{}, false
}

// reserveRefund records a refund of amount as submitted, so that no other
// refund can take the same money, and returns it. It must run inside
// Modify, whose versioned Update makes a racing refund that read the same
// payment fail and try again on the new one.
func (p *Payment) reserveRefund(amount Amount, key IdempotencyKey, reason RefundReason, by events.Actor, now time.Time) (Refund, error) {
	if !amount.IsPositive() {
		return Refund{}, fmt.Errorf("%w: a refund must be at least 1p", ErrInvalidAmount)
	}
	if p.Status != StatusSuccess {
		return Refund{}, notPaidError(p)
	}
	sum := p.RefundSummary()
	if sum.Status != RefundAvailable {
		return Refund{}, fmt.Errorf("%w: refund status is %s", ErrNotRefundable, sum.Status)
	}
	if amount.Cmp(sum.Available) > 0 {
		return Refund{}, fmt.Errorf("%w: asked for %s, %s available", ErrRefundExceedsAvailable, amount, sum.Available)
	}
	r := Refund{
		ID:              uuid.NewString(),
		Amount:          amount,
		Status:          RefundSubmitted,
		Key:             key,
		AvailableBefore: sum.Available,
		CreatedAt:       now,
		UpdatedAt:       now,
		Reason:          reason,
		RequestedBy:     by,
	}
	p.Refunds = append(p.Refunds, r)
	p.Events = append(p.Events, Event{At: now, Kind: EventRefund, Source: "service", Detail: r.ID + " submitted " + amount.Plain()})
	p.UpdatedAt = now
	return r, nil
}

// ObserveRefund applies news of a refund's status. A refund only moves from
// submitted to success or error; news that would move it back is ignored.
// A refund the payment does not know (made in the provider's admin tool) is
// added when it carries a provider ID and an amount, and only to a payment
// that succeeded: for any other ObserveRefund returns a *StateError
// matching ErrNotPaid and changes nothing.
func (p *Payment) ObserveRefund(r Refund, source string, now time.Time) (changed bool, err error) {
	for i := range p.Refunds {
		cur := &p.Refunds[i]
		if (r.ID != "" && cur.ID == r.ID) || (r.ProviderID != "" && cur.ProviderID == r.ProviderID) {
			if cur.ProviderID == "" && r.ProviderID != "" {
				cur.ProviderID = r.ProviderID
				changed = true
			}
			if r.Status != RefundUnknown && r.Status != cur.Status && cur.Status == RefundSubmitted {
				cur.Status = r.Status
				cur.UpdatedAt = now
				p.Events = append(p.Events, Event{At: now, Kind: EventRefund, Source: source, Detail: cur.ID + " " + r.Status.String()})
				changed = true
			}
			if changed {
				p.UpdatedAt = now
			}
			return changed, nil
		}
	}
	if r.ProviderID == "" || !r.Amount.IsPositive() {
		return false, fmt.Errorf("%w: unknown refund", ErrNotFound)
	}
	if p.Status != StatusSuccess {
		return false, notPaidError(p)
	}
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if r.Status == RefundUnknown {
		r.Status = RefundSubmitted
	}
	r.CreatedAt, r.UpdatedAt = now, now
	p.Refunds = append(p.Refunds, r)
	p.Events = append(p.Events, Event{At: now, Kind: EventRefund, Source: source, Detail: r.ID + " " + r.Status.String() + " " + r.Amount.Plain()})
	p.UpdatedAt = now
	return true, nil
}
