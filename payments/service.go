package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// Service takes payments for councils: it records each payment in a Store,
// creates it at a Provider, and keeps the record in step with the provider.
// It is safe for concurrent use.
//
// A Service talks to one provider account. A deployment serving several
// councils, each with its own GOV.UK Pay account, makes one Service per
// council; they may share one Store.
//
// Every change the Service stores records events (see ChangeEvents) naming
// who caused it, taken from the context (events.WithActor). The caller
// says who is acting: a resident paying through the portal
// (events.Actor{Kind: events.ActorResident}, never identified), an officer
// cancelling, capturing or refunding (events.ActorOfficer with their
// officer ID), or a scheduled job (events.ActorSystem, what a context
// naming no one records). The Service never replaces an actor its caller
// named. Where it stores what the provider reports and the caller named no
// one, it records the provider (events.ActorProvider with the provider's
// Name, "govukpay"): Confirm, ConfirmRefund and ApplyWebhook; and
// WebhookHandler always records the provider, whose signed message the
// change is.
type Service struct {
	store    Store
	provider Provider
	clock    councilkit.Clock
}

// NewService returns a Service. A nil clock means the system clock.
func NewService(store Store, provider Provider, clock councilkit.Clock) *Service {
	if clock == nil {
		clock = councilkit.SystemClock{}
	}
	return &Service{store: store, provider: provider, clock: clock}
}

// providerActor returns ctx naming the provider as the actor of the changes
// made with it, unless ctx already names one.
func (s *Service) providerActor(ctx context.Context) context.Context {
	return events.WithDefaultActor(ctx, s.actor())
}

// actor is the service's provider as an actor.
func (s *Service) actor() events.Actor {
	return events.Actor{Kind: events.ActorProvider, ID: s.provider.Name()}
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

// Start records a new payment, creates it at the provider and returns it;
// send the resident to its NextURL.
//
// Start is idempotent on req.IdempotencyKey: calling it again with the same
// key and request returns the first payment rather than creating a second
// charge, and finishes the work if the first call failed part-way (for
// instance if the provider did not answer). The same key with a different
// request returns ErrIdempotencyConflict. Invalid requests return a
// *councilkit.ValidationError listing every problem. If the provider refuses
// the request outright (ErrProviderRejected) the payment is recorded with
// status error, and a retry with the same key returns it unchanged: start a
// corrected payment with a new key.
func (s *Service) Start(ctx context.Context, council councilkit.Council, req StartRequest) (*Payment, error) {
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if req.Language == "" {
		req.Language = LanguageEnglish
	}
	fp := req.fingerprint()
	p, err := s.store.GetByIdempotencyKey(ctx, council, req.IdempotencyKey)
	switch {
	case errors.Is(err, ErrNotFound):
		now := s.clock.Now()
		p = &Payment{
			ID:                 uuid.NewString(),
			Council:            council,
			Reference:          req.Reference,
			Description:        req.Description,
			Amount:             req.Amount,
			ReturnURL:          req.ReturnURL,
			Language:           req.Language,
			Metadata:           req.Metadata,
			FundCode:           req.FundCode,
			DelayedCapture:     req.DelayedCapture,
			IdempotencyKey:     req.IdempotencyKey,
			RequestFingerprint: fp,
			Status:             StatusCreated,
			CreatedAt:          now,
			UpdatedAt:          now,
			Events:             []Event{{At: now, Kind: EventCreated, To: StatusCreated, Source: "service"}},
		}
		if err := s.store.Create(ctx, council, p); err != nil {
			if !errors.Is(err, ErrDuplicate) {
				return nil, err
			}
			// Another call with the same key won the race.
			if p, err = s.store.GetByIdempotencyKey(ctx, council, req.IdempotencyKey); err != nil {
				return nil, err
			}
		}
	case err != nil:
		return nil, err
	}
	if p.RequestFingerprint != fp {
		return nil, fmt.Errorf("%w: payment %s was created with this key", ErrIdempotencyConflict, p.ID)
	}
	if p.ProviderID != "" || p.Finished() {
		return p, nil
	}
	pp, err := s.provider.Create(ctx, ProviderRequest{
		Amount:         p.Amount,
		Reference:      p.Reference,
		Description:    p.Description,
		ReturnURL:      p.ReturnURL,
		Language:       p.Language,
		Metadata:       p.Metadata,
		DelayedCapture: p.DelayedCapture,
		IdempotencyKey: p.IdempotencyKey,
	})
	if err != nil {
		if errors.Is(err, ErrProviderRejected) {
			// The provider will never accept this request: record the
			// payment as failed safely, with no money taken, so that it
			// does not linger as created.
			_, _ = Modify(ctx, s.store, council, p.ID, func(p *Payment) error {
				_, err := p.Observe(Observation{Status: StatusError, Source: "provider"}, s.clock.Now())
				return err
			})
		}
		return nil, fmt.Errorf("payments: creating payment %s at %s: %w", p.ID, s.provider.Name(), err)
	}
	if pp.Amount != p.Amount {
		return nil, fmt.Errorf("payments: %s created payment %s for %s, not %s", s.provider.Name(), pp.ProviderID, pp.Amount, p.Amount)
	}
	return Modify(ctx, s.store, council, p.ID, func(p *Payment) error {
		if p.ProviderID != "" {
			return nil // linked by a racing call with the same key
		}
		now := s.clock.Now()
		p.Provider, p.ProviderID, p.NextURL = s.provider.Name(), pp.ProviderID, pp.NextURL
		p.Events = append(p.Events, Event{At: now, Kind: EventProviderLinked, Source: "provider", Detail: pp.ProviderID})
		p.UpdatedAt = now
		if pp.Status.IsValid() {
			if _, err := p.Observe(Observation{Status: pp.Status, FailureCode: pp.FailureCode, Source: "provider"}, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// Get returns the council's payment as stored, without asking the provider.
func (s *Service) Get(ctx context.Context, council councilkit.Council, id string) (*Payment, error) {
	return s.store.Get(ctx, council, id)
}

// Confirm reads the payment's state from the provider and records it. Call
// it when the resident comes back to the return URL: the return itself says
// nothing about the outcome, which must always come from the provider.
func (s *Service) Confirm(ctx context.Context, council councilkit.Council, id string) (*Payment, error) {
	p, err := s.store.Get(ctx, council, id)
	if err != nil {
		return nil, err
	}
	if p.ProviderID == "" {
		return p, nil // the provider never accepted it; nothing to read
	}
	pp, err := s.provider.Get(ctx, p.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("payments: reading payment %s from %s: %w", p.ID, s.provider.Name(), err)
	}
	return Modify(s.providerActor(ctx), s.store, council, id, func(p *Payment) error {
		_, err := p.Observe(pp.observation("provider"), s.clock.Now())
		return err
	})
}

// Cancel cancels a payment that is not finished, at the provider and in the
// store.
func (s *Service) Cancel(ctx context.Context, council councilkit.Council, id string) (*Payment, error) {
	p, err := s.store.Get(ctx, council, id)
	if err != nil {
		return nil, err
	}
	if p.Finished() {
		return nil, fmt.Errorf("%w: payment is %s", ErrNotCancellable, p.Status)
	}
	if p.ProviderID != "" {
		if err := s.provider.Cancel(ctx, p.ProviderID); err != nil {
			return nil, fmt.Errorf("payments: cancelling payment %s: %w", p.ID, err)
		}
	}
	return Modify(ctx, s.store, council, id, func(p *Payment) error {
		_, err := p.Observe(Observation{Status: StatusCancelled, FailureCode: FailureCancelledByService, Source: "service"}, s.clock.Now())
		return err
	})
}

// Capture takes a delayed-capture payment that is capturable.
func (s *Service) Capture(ctx context.Context, council councilkit.Council, id string) (*Payment, error) {
	p, err := s.store.Get(ctx, council, id)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusCapturable {
		return nil, fmt.Errorf("%w: payment is %s", ErrNotCapturable, p.Status)
	}
	if err := s.provider.Capture(ctx, p.ProviderID); err != nil {
		return nil, fmt.Errorf("payments: capturing payment %s: %w", p.ID, err)
	}
	return Modify(ctx, s.store, council, id, func(p *Payment) error {
		_, err := p.Observe(Observation{Status: StatusSuccess, Source: "service"}, s.clock.Now())
		return err
	})
}

// Refund returns req.Amount of a successful payment to the resident.
//
// The request is checked first (RefundRequest.Validate): every problem is
// returned at once as a *councilkit.ValidationError, which also matches
// ErrInvalidAmount when the amount is under 1p. An officer must give a
// reason; it is stored with the refund (Refund.Reason), as is who asked
// (Refund.RequestedBy: the actor ctx names, events.WithActor), and neither
// the reason nor any other text an officer wrote goes into an event.
//
// The refund is first reserved in the store, through Modify, whose
// versioned Update stores the reservation only over the version of the
// payment it was checked against, so that two refunds racing for the same
// money cannot together exceed what was paid: the loser reads the payment
// again and gets ErrRefundExceedsAvailable if the money is gone. The provider is then asked
// for the refund with the amount that was available as GOV.UK Pay's
// refund_amount_available guard, so the provider too refuses a duplicate.
//
// req.Key makes the call safe to retry: a call with the key of an earlier
// refund returns that refund, or, if the provider's answer to it was never
// received, asks again with the original guard (an empty key makes a new
// refund every time). The same key with another amount or reason is
// ErrIdempotencyConflict. If the provider definitely refuses, the reservation is released and
// the refund marked error; if its answer is unknown (a timeout, a 5xx) the
// reservation stays, the error is returned, and the caller should retry with
// the same key.
//
// Concurrent refunds of one payment never together refund more than was
// paid, in the store or at the provider. Each either succeeds, or fails
// with ErrRefundExceedsAvailable (the money was already reserved by
// others) or ErrRefundAvailableMismatch (another refund reached the
// provider first, so the guard no longer matched). In both cases nothing
// was refunded and the reservation is released, so the refund may be made
// again with a new key once the officer has seen what is still available.
// Refunds are not queued or retried inside Refund: which of several racing
// refunds succeed depends on the order their provider calls land in, and
// the total refunded is the sum of those that returned no error.
func (s *Service) Refund(ctx context.Context, council councilkit.Council, paymentID string, req RefundRequest) (Refund, error) {
	if err := req.Validate(); err != nil {
		if req.Amount.Pence() < MinPence {
			return Refund{}, fmt.Errorf("%w: %w", ErrInvalidAmount, err)
		}
		return Refund{}, err
	}
	amount, key := req.Amount, req.Key
	reason := RefundReason(strings.TrimSpace(string(req.Reason)))
	by := events.ActorFrom(ctx)
	var (
		r      Refund
		resend bool
		pid    string
	)
	_, err := Modify(ctx, s.store, council, paymentID, func(p *Payment) error {
		pid = p.ProviderID
		if key != "" {
			for _, old := range p.Refunds {
				if old.Key != key {
					continue
				}
				if old.Amount != amount {
					return fmt.Errorf("%w: refund %s was for %s", ErrIdempotencyConflict, old.ID, old.Amount)
				}
				if old.Reason != "" && old.Reason != reason {
					return fmt.Errorf("%w: refund %s was made for another reason", ErrIdempotencyConflict, old.ID)
				}
				r = old
				resend = old.Status == RefundSubmitted && old.ProviderID == ""
				if !resend {
					return errAlreadyDone
				}
				return nil
			}
		}
		var err error
		r, err = p.reserveRefund(amount, key, reason, by, s.clock.Now())
		return err
	})
	if errors.Is(err, errAlreadyDone) {
		return r, nil
	}
	if err != nil {
		return Refund{}, err
	}
	pr, err := s.provider.Refund(ctx, pid, ProviderRefundRequest{Amount: amount, AmountAvailable: r.AvailableBefore})
	if err != nil {
		definite := errors.Is(err, ErrNotRefundable) || errors.Is(err, ErrProviderRejected) || errors.Is(err, ErrRefundExceedsAvailable) ||
			(errors.Is(err, ErrRefundAvailableMismatch) && !resend)
		if definite {
			_, _ = Modify(ctx, s.store, council, paymentID, func(p *Payment) error {
				_, err := p.ObserveRefund(Refund{ID: r.ID, Status: RefundError}, "provider", s.clock.Now())
				return err
			})
		}
		return r, fmt.Errorf("payments: refunding payment %s: %w", paymentID, err)
	}
	status := pr.Status
	if status == RefundUnknown {
		status = RefundSubmitted
	}
	p, err := Modify(ctx, s.store, council, paymentID, func(p *Payment) error {
		_, err := p.ObserveRefund(Refund{ID: r.ID, ProviderID: pr.ProviderID, Status: status}, "provider", s.clock.Now())
		return err
	})
	if err != nil {
		return r, err
	}
	r, _ = p.Refund(r.ID)
	return r, nil
}

var errAlreadyDone = errors.New("payments: already done")

// List returns the council's payments matching f, in f.Sort's order
// (oldest first for the zero Filter: by CreatedAt, ties by ID).
func (s *Service) List(ctx context.Context, council councilkit.Council, f Filter) ([]*Payment, error) {
	return s.store.List(ctx, council, f)
}

// ListPage returns one page of the council's payments matching f: see the
// package function ListPage.
func (s *Service) ListPage(ctx context.Context, council councilkit.Council, f Filter) (Page, error) {
	return ListPage(ctx, s.store, council, f)
}

// ConfirmRefund reads a submitted refund's status from the provider and
// records it. It needs a provider that implements RefundReader; with any
// other it returns the refund as stored.
func (s *Service) ConfirmRefund(ctx context.Context, council councilkit.Council, paymentID, refundID string) (Refund, error) {
	p, err := s.store.Get(ctx, council, paymentID)
	if err != nil {
		return Refund{}, err
	}
	r, ok := p.Refund(refundID)
	if !ok {
		return Refund{}, fmt.Errorf("%w: refund %s", ErrNotFound, refundID)
	}
	rr, ok := s.provider.(RefundReader)
	if !ok || r.ProviderID == "" || r.Status != RefundSubmitted {
		return r, nil
	}
	pr, err := rr.GetRefund(ctx, p.ProviderID, r.ProviderID)
	if err != nil {
		return r, fmt.Errorf("payments: reading refund %s: %w", refundID, err)
	}
	p, err = Modify(s.providerActor(ctx), s.store, council, paymentID, func(p *Payment) error {
		_, err := p.ObserveRefund(Refund{ID: refundID, Status: pr.Status}, "provider", s.clock.Now())
		return err
	})
	if err != nil {
		return r, err
	}
	r, _ = p.Refund(refundID)
	return r, nil
}
