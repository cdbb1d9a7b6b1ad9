package payments_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

func TestChangeEvents(t *testing.T) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	t1, t2 := t0.Add(time.Minute), t0.Add(time.Hour)
	actor := events.Actor{Kind: events.ActorProvider, ID: "govukpay"}
	paid := func() *payments.Payment {
		p := paymentstest.NewPayment(paymentstest.Durham, t0)
		if _, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t1); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		before func() *payments.Payment
		change func(*payments.Payment)
		want   []events.Type
		at     []time.Time
	}{
		{name: "created", change: func(*payments.Payment) {}, want: []events.Type{events.PaymentCreated}, at: []time.Time{t0}},
		{name: "created already paid", change: func(p *payments.Payment) {
			_, _ = p.Observe(payments.Observation{Status: payments.StatusSuccess}, t1)
		}, want: []events.Type{events.PaymentCreated, events.PaymentSucceeded}, at: []time.Time{t0, t1}},
		{name: "started: no event type", before: func() *payments.Payment { return paymentstest.NewPayment(paymentstest.Durham, t0) },
			change: func(p *payments.Payment) { _, _ = p.Observe(payments.Observation{Status: payments.StatusStarted}, t1) }},
		{name: "provider error is a failure", before: func() *payments.Payment { return paymentstest.NewPayment(paymentstest.Durham, t0) },
			change: func(p *payments.Payment) {
				_, _ = p.Observe(payments.Observation{Status: payments.StatusError, FailureCode: "P0050"}, t1)
			}, want: []events.Type{events.PaymentFailed}, at: []time.Time{t1}},
		{name: "cancelled", before: func() *payments.Payment { return paymentstest.NewPayment(paymentstest.Durham, t0) },
			change: func(p *payments.Payment) {
				_, _ = p.Observe(payments.Observation{Status: payments.StatusCancelled, FailureCode: "P0040"}, t1)
			}, want: []events.Type{events.PaymentCancelled}, at: []time.Time{t1}},
		// A refund submitted records nothing; made, it records refunded,
		// once.
		{name: "refund submitted", before: paid, change: func(p *payments.Payment) {
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSubmitted}, "webhook", t2)
		}},
		{name: "refund made", before: func() *payments.Payment {
			p := paid()
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSubmitted}, "webhook", t1)
			return p
		}, change: func(p *payments.Payment) {
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Status: payments.RefundSuccess}, "webhook", t2)
		}, want: []events.Type{events.PaymentRefunded}, at: []time.Time{t2}},
		{name: "refund made, news again", before: func() *payments.Payment {
			p := paid()
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSuccess}, "webhook", t1)
			return p
		}, change: func(p *payments.Payment) {
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Status: payments.RefundSuccess}, "webhook", t2)
		}},
		{name: "refund failed", before: func() *payments.Payment {
			p := paid()
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(100), Status: payments.RefundSubmitted}, "webhook", t1)
			return p
		}, change: func(p *payments.Payment) {
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Status: payments.RefundError}, "webhook", t2)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before *payments.Payment
			after := paymentstest.NewPayment(paymentstest.Durham, t0)
			if tc.before != nil {
				before = tc.before()
				after = before.Clone()
			}
			tc.change(after)
			evs, err := payments.ChangeEvents(paymentstest.Durham, before, after, actor)
			if err != nil {
				t.Fatal(err)
			}
			var got []events.Type
			for i, e := range evs {
				got = append(got, e.Type)
				if i < len(tc.at) && !e.Time.Equal(tc.at[i]) {
					t.Errorf("%s at %v, want %v", e.Type.Short(), e.Time, tc.at[i])
				}
				if e.Actor != actor || e.Subject != after.ID || e.Council != paymentstest.Durham {
					t.Errorf("%s: actor %v subject %q council %v", e.Type.Short(), e.Actor, e.Subject, e.Council)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("events = %v, want %v", got, tc.want)
			}
		})
	}
	// A payment without a creation time cannot be dated: an error, and
	// the store makes no change.
	p := paymentstest.NewPayment(paymentstest.Durham, time.Time{})
	if _, err := payments.ChangeEvents(paymentstest.Durham, nil, p, actor); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("ChangeEvents of a payment without CreatedAt: %v, want ErrInvalid", err)
	}
}
