package payments

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lgds/councilkit/events"
)

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func newTestPayment() *Payment {
	return &Payment{ID: uuid.NewString(), Amount: Pence(5000), Status: StatusCreated, CreatedAt: t0}
}

func TestObserveForward(t *testing.T) {
	p := newTestPayment()
	steps := []Status{StatusStarted, StatusSubmitted, StatusSuccess}
	for i, s := range steps {
		changed, err := p.Observe(Observation{Status: s, Source: "webhook"}, t0.Add(time.Duration(i+1)*time.Minute))
		if err != nil || !changed || p.Status != s {
			t.Fatalf("Observe(%v) = %v, %v; status %v", s, changed, err, p.Status)
		}
	}
	if len(p.Events) != 3 || p.Events[2].From != StatusSubmitted || p.Events[2].To != StatusSuccess || !p.Events[2].At.Equal(t0.Add(3*time.Minute)) {
		t.Errorf("events = %+v", p.Events)
	}
	if !p.CapturedAt.Equal(t0.Add(3 * time.Minute)) {
		t.Errorf("CapturedAt = %v", p.CapturedAt)
	}
}

// Webhooks "may arrive in an unexpected order" (GOV.UK Pay, "Receive
// automatic payment event updates using webhooks"): a late "started" after
// "success" never moves the payment back, and repeats change nothing.
func TestObserveOutOfOrder(t *testing.T) {
	p := newTestPayment()
	if _, err := p.Observe(Observation{Status: StatusSuccess}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	before := p.Clone()
	for _, late := range []Status{StatusCreated, StatusStarted, StatusSubmitted, StatusCapturable, StatusSuccess} {
		changed, err := p.Observe(Observation{Status: late}, t0.Add(time.Hour))
		if err != nil || changed {
			t.Errorf("late %v: changed %v, err %v", late, changed, err)
		}
	}
	if p.Status != StatusSuccess || len(p.Events) != len(before.Events) || !p.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("late news changed the payment: %+v", p)
	}
}

func TestObserveContradiction(t *testing.T) {
	p := newTestPayment()
	p.Observe(Observation{Status: StatusSuccess}, t0)
	for _, s := range []Status{StatusFailed, StatusCancelled, StatusError} {
		if changed, err := p.Observe(Observation{Status: s, FailureCode: FailureRejected}, t0); !errors.Is(err, ErrIllegalTransition) || changed {
			t.Errorf("success then %v: %v, %v", s, changed, err)
		}
	}
	if p.Status != StatusSuccess || p.FailureCode != "" {
		t.Errorf("payment changed: %v %v", p.Status, p.FailureCode)
	}
	if _, err := p.Observe(Observation{}, t0); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("empty observation: %v", err)
	}
}

func TestObserveFailureAndSettlement(t *testing.T) {
	p := newTestPayment()
	if _, err := p.Observe(Observation{Status: StatusFailed, FailureCode: FailureExpired}, t0); err != nil || p.FailureCode != FailureExpired {
		t.Fatalf("failed: %v %v", p.FailureCode, err)
	}
	q := newTestPayment()
	settled := time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)
	q.Observe(Observation{Status: StatusSuccess, CapturedAt: t0}, t0.Add(time.Minute))
	if !q.CapturedAt.Equal(t0) {
		t.Errorf("CapturedAt = %v, want the provider's time", q.CapturedAt)
	}
	changed, _ := q.Observe(Observation{Status: StatusSuccess, SettledAt: settled}, t0.Add(time.Hour))
	if !changed || !q.SettledAt.Equal(settled) || q.Events[len(q.Events)-1].Kind != EventSettled {
		t.Errorf("settlement not recorded: %v %+v", changed, q.Events)
	}
	if changed, _ := q.Observe(Observation{Status: StatusSuccess, SettledAt: settled}, t0.Add(2*time.Hour)); changed {
		t.Error("repeated settlement changed the payment")
	}
}

// Refund summary statuses and amounts follow GOV.UK Pay's "Refunding
// payments": a completed £90 payment with a £30 refund has 6000 available
// and 3000 submitted.
func TestRefundSummary(t *testing.T) {
	p := newTestPayment()
	p.Amount = Pence(9000)
	if s := p.RefundSummary(); s.Status != RefundPending {
		t.Errorf("created: %+v", s)
	}
	p.Observe(Observation{Status: StatusSuccess}, t0)
	if _, err := p.reserveRefund(Pence(3000), "", "Paid twice", events.Actor{}, t0); err != nil {
		t.Fatal(err)
	}
	if s := p.RefundSummary(); s.Status != RefundAvailable || s.Available != Pence(6000) || s.Submitted != Pence(3000) {
		t.Errorf("after £30 refund: %+v", s)
	}
	if _, err := p.reserveRefund(Pence(6001), "", "Paid twice", events.Actor{}, t0); !errors.Is(err, ErrRefundExceedsAvailable) {
		t.Errorf("over-refund: %v", err)
	}
	r, err := p.reserveRefund(Pence(6000), "", "Paid twice", events.Actor{}, t0)
	if err != nil || r.AvailableBefore != Pence(6000) {
		t.Fatal(r, err)
	}
	if s := p.RefundSummary(); s.Status != RefundFull || !s.Available.IsZero() {
		t.Errorf("fully refunded: %+v", s)
	}
	if _, err := p.reserveRefund(Pence(1), "", "Paid twice", events.Actor{}, t0); !errors.Is(err, ErrNotRefundable) {
		t.Errorf("refund of a fully refunded payment: %v", err)
	}
	// A refund that errors frees its money again.
	if _, err := p.ObserveRefund(Refund{ID: r.ID, Status: RefundError}, "provider", t0); err != nil {
		t.Fatal(err)
	}
	if s := p.RefundSummary(); s.Status != RefundAvailable || s.Available != Pence(6000) {
		t.Errorf("after refund error: %+v", s)
	}
	if _, err := p.reserveRefund(Pence(0), "", "Paid twice", events.Actor{}, t0); !errors.Is(err, ErrInvalidAmount) {
		t.Errorf("zero refund: %v", err)
	}
	f := newTestPayment()
	f.Observe(Observation{Status: StatusFailed, FailureCode: FailureRejected}, t0)
	if s := f.RefundSummary(); s.Status != RefundUnavailable {
		t.Errorf("failed payment: %+v", s)
	}
}

func TestObserveRefund(t *testing.T) {
	p := newTestPayment()
	p.Observe(Observation{Status: StatusSuccess}, t0)
	r, _ := p.reserveRefund(Pence(1000), "", "Paid twice", events.Actor{}, t0)
	if changed, _ := p.ObserveRefund(Refund{ID: r.ID, ProviderID: "pr1", Status: RefundSuccess}, "provider", t0); !changed {
		t.Fatal("refund success not applied")
	}
	// A late "submitted" never moves a refund back.
	if changed, _ := p.ObserveRefund(Refund{ProviderID: "pr1", Status: RefundSubmitted}, "webhook", t0); changed {
		t.Error("late submitted applied")
	}
	if got, _ := p.Refund(r.ID); got.Status != RefundSuccess || got.ProviderID != "pr1" {
		t.Errorf("refund = %+v", got)
	}
	// A refund made elsewhere (the provider's admin tool) is added.
	if changed, err := p.ObserveRefund(Refund{ProviderID: "pr2", Amount: Pence(500), Status: RefundSuccess}, "webhook", t0); !changed || err != nil {
		t.Errorf("external refund: %v %v", changed, err)
	}
	if p.Refunded() != Pence(1500) {
		t.Errorf("Refunded = %v", p.Refunded())
	}
	if _, err := p.ObserveRefund(Refund{Status: RefundSuccess}, "webhook", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown refund without provider ID: %v", err)
	}
}

func TestPaymentLogValueOmitsFreeText(t *testing.T) {
	p := newTestPayment()
	p.Reference, p.Description = "SECRET-REF", "Mr Smith's parking fine"
	v := p.LogValue().String()
	for _, leak := range []string{"SECRET-REF", "Smith"} {
		if strings.Contains(v, leak) {
			t.Errorf("log value %q contains %q", v, leak)
		}
	}
}
