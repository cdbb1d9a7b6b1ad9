package payments_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
)

func TestMemStore(t *testing.T) {
	paymentstest.RunStoreTests(t, func(*testing.T) payments.Store { return payments.NewMemStore() })
}

func TestZeroMemStore(t *testing.T) {
	paymentstest.RunStoreTests(t, func(*testing.T) payments.Store { return new(payments.MemStore) })
}

// A MemStore given an events.Appender records its events there.
func TestMemStoreSharedLog(t *testing.T) {
	paymentstest.RunStoreTests(t, func(*testing.T) payments.Store { return &payments.MemStore{Events: new(events.MemLog)} })
}

type failingAppender struct{}

func (failingAppender) Append(context.Context, ...events.Event) error {
	return errors.New("log unavailable")
}

// If the events cannot be recorded, the change is not made.
func TestMemStoreNoChangeWithoutEvents(t *testing.T) {
	ctx := context.Background()
	s := &payments.MemStore{}
	p := paymentstest.NewPayment(paymentstest.Durham, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	if err := s.Create(ctx, paymentstest.Durham, p); err != nil {
		t.Fatal(err)
	}
	s.Events = failingAppender{}
	if s.EventLog() != nil {
		t.Error("EventLog of a store recording into an Appender that is not a Log")
	}
	q := paymentstest.NewPayment(paymentstest.Durham, p.CreatedAt)
	if err := s.Create(ctx, paymentstest.Durham, q); err == nil {
		t.Error("Create succeeded though its event could not be recorded")
	}
	if _, err := s.Get(ctx, paymentstest.Durham, q.ID); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("the payment was stored without its event: %v", err)
	}
	cur, _ := s.Get(ctx, paymentstest.Durham, p.ID)
	if _, err := cur.Observe(payments.Observation{Status: payments.StatusSuccess}, p.CreatedAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, paymentstest.Durham, cur); err == nil || cur.Version != 1 {
		t.Errorf("Update = %v, version %d; want an error and no change", err, cur.Version)
	}
	if got, _ := s.Get(ctx, paymentstest.Durham, p.ID); got.Status != payments.StatusCreated || got.Version != 1 {
		t.Errorf("the change was stored without its event: %v version %d", got.Status, got.Version)
	}
}
