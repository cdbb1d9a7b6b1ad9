package counciltax_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
)

func TestMemStore(t *testing.T) {
	counciltaxtest.RunStoreTests(t, func(t *testing.T) counciltax.Store { return new(counciltax.MemStore) })
}

// A MemStore with a shared log records there.
func TestMemStoreSharedLog(t *testing.T) {
	counciltaxtest.RunStoreTests(t, func(t *testing.T) counciltax.Store { return &counciltax.MemStore{Events: new(events.MemLog)} })
}

// flakyLog refuses appends while fail is set.
type flakyLog struct {
	events.MemLog
	fail atomic.Bool
}

var errLogDown = errors.New("log down")

func (l *flakyLog) Append(ctx context.Context, evs ...events.Event) error {
	if l.fail.Load() {
		return errLogDown
	}
	return l.MemLog.Append(ctx, evs...)
}

// A change whose events cannot be recorded is not made.
func TestMemStoreEventFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	c := counciltaxtest.CouncilA
	log := new(flakyLog)
	s := &counciltax.MemStore{Events: log}
	if err := s.Create(ctx, c, counciltaxtest.NewBill(c, "b1")); err != nil {
		t.Fatal(err)
	}
	log.fail.Store(true)
	if err := s.Create(ctx, c, counciltaxtest.NewBill(c, "b2")); !errors.Is(err, errLogDown) {
		t.Fatalf("Create with a failing log: %v", err)
	}
	if _, err := s.Get(ctx, c, "b2"); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("the bill was created without its event: %v", err)
	}
	r, _ := s.Get(ctx, c, "b1")
	counciltaxtest.Adjust(t, r, counciltaxtest.AdjustedAt)
	if err := s.Update(ctx, c, r); !errors.Is(err, errLogDown) {
		t.Fatalf("Update with a failing log: %v", err)
	}
	if r.Version != 1 {
		t.Errorf("a failed Update changed the caller's Version to %d", r.Version)
	}
	if again, _ := s.Get(ctx, c, "b1"); again.Version != 1 || len(again.Adjustments) != 0 {
		t.Errorf("the bill was adjusted without its event: %+v", again)
	}
	if log.Len() != 1 {
		t.Errorf("the log holds %d events, want the first issue's only", log.Len())
	}
}
