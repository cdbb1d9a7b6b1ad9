package payments

import (
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// ChangeEvents returns the domain events that storing after over before
// records, for council c, caused by actor. before is nil for Create. It is
// pure: every Store calls it inside its write (the memory store under its
// lock, the PostgreSQL store inside the transaction) and stores the events
// with the change, or neither.
//
// The events, in this order:
//
//   - events.PaymentCreated, for a new payment, dated CreatedAt;
//   - events.PaymentSucceeded, PaymentFailed (status failed or error) or
//     PaymentCancelled, when the status changes to one of them (a payment
//     created already finished records it too), dated by the history entry
//     that records the change, or UpdatedAt if there is none;
//   - events.PaymentRefunded, once per refund, when the provider reports
//     it made (RefundSuccess, whether it was submitted first or arrived
//     already made), dated by the refund's UpdatedAt. A refund submitted
//     but not yet made, or one the provider could not make, records none.
//
// Other changes (the provider accepting the payment, the status moving
// between created, started, submitted and capturable, settlement) record
// no event. The data holds identifiers, amounts, statuses and codes, never
// the description, return URL or metadata. An event that would have no
// time (a payment without CreatedAt) is an error wrapping
// events.ErrInvalid, and the store then makes no change.
func ChangeEvents(c councilkit.Council, before, after *Payment, actor events.Actor) ([]events.Event, error) {
	if after == nil {
		return nil, errors.New("payments: ChangeEvents needs the payment after the change")
	}
	var out []events.Event
	add := func(t events.Type, at time.Time, data any) error {
		if at.IsZero() {
			return fmt.Errorf("%w: payment %s: no time for %s", events.ErrInvalid, after.ID, t.Short())
		}
		e, err := events.New(c, t, after.ID, at, actor, data)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}
	var (
		prevStatus  = StatusUnknown
		prevHistory int
		prevRefunds []Refund
	)
	if before == nil {
		if err := add(events.PaymentCreated, after.CreatedAt, paymentData(after, StatusCreated)); err != nil {
			return nil, err
		}
	} else {
		prevStatus, prevHistory, prevRefunds = before.Status, len(before.Events), before.Refunds
	}
	if t := statusEvent(after.Status); t != "" && after.Status != prevStatus {
		at := after.UpdatedAt
		if before == nil {
			at = after.CreatedAt
		}
		for _, h := range after.Events[min(prevHistory, len(after.Events)):] {
			if h.Kind == EventStatus && h.To == after.Status && !h.At.IsZero() {
				at = h.At
			}
		}
		if err := add(t, at, paymentData(after, after.Status)); err != nil {
			return nil, err
		}
	}
	var refundedSoFar int64
	for i, r := range after.Refunds {
		if r.Status != RefundSuccess {
			continue
		}
		refundedSoFar += r.Amount.Pence()
		if i < len(prevRefunds) && prevRefunds[i].Status == RefundSuccess {
			continue
		}
		at := r.UpdatedAt
		if at.IsZero() {
			at = after.UpdatedAt
		}
		err := add(events.PaymentRefunded, at, events.Refund{
			PaymentID: after.ID, Reference: after.Reference, RefundID: r.ID, AmountPence: r.Amount.Pence(),
			RefundedPence: refundedSoFar, FundCode: after.FundCode,
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// statusEvent is the event type recording a change to status s, or "" if
// the change records none.
func statusEvent(s Status) events.Type {
	switch s {
	case StatusSuccess:
		return events.PaymentSucceeded
	case StatusFailed, StatusError:
		return events.PaymentFailed
	case StatusCancelled:
		return events.PaymentCancelled
	}
	return ""
}

// paymentData is an event's data for p; status is the status it reports
// (a payment created already finished reports "created" in its created
// event).
func paymentData(p *Payment, status Status) events.Payment {
	d := events.Payment{
		PaymentID: p.ID, Reference: p.Reference, AmountPence: p.Amount.Pence(), Status: status.String(),
		FundCode: p.FundCode, Provider: p.Provider, ProviderID: p.ProviderID,
	}
	if status == StatusFailed || status == StatusError || status == StatusCancelled {
		d.FailureCode = string(p.FailureCode)
	}
	return d
}
