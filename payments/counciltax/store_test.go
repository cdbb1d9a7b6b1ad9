package counciltax_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
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

// TestMemStoreConcurrent adjusts bills from many goroutines at once, with
// readers listing as they go: no adjustment is lost and each records one
// event (run with -race).
func TestMemStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	c := counciltaxtest.CouncilA
	s := new(counciltax.MemStore)
	const n, per = 4, 8
	for i := range n {
		if err := s.Create(ctx, c, counciltaxtest.NewBill(c, fmt.Sprintf("b%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w := range n * per {
		wg.Go(func() {
			if _, err := counciltax.Modify(ctx, s, c, fmt.Sprintf("b%d", w%n), func(r *counciltax.BillRecord) error {
				next := r.Bill
				next.Payable = next.Payable.Add(payments.Pence(1))
				r.Adjust(&next, counciltaxtest.AdjustedAt, "test")
				return nil
			}); err != nil {
				t.Error(err)
			}
			if _, err := s.List(ctx, c, counciltax.Filter{Year: 2025}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if l := s.EventLog().(*events.MemLog); l.Len() != n+n*per {
		t.Errorf("%d events for %d bills and %d adjustments", l.Len(), n, n*per)
	}
	list, _ := s.List(ctx, c, counciltax.Filter{})
	for _, r := range list {
		if len(r.Adjustments) != per || r.Bill.Payable != payments.MustParseAmount("1,671.19").Add(payments.Pence(per)) {
			t.Errorf("%s: %d adjustments, payable %s", r.ID, len(r.Adjustments), r.Bill.Payable)
		}
	}
}

func BenchmarkMemStoreCreate(b *testing.B) {
	ctx := context.Background()
	c := counciltaxtest.CouncilA
	s := new(counciltax.MemStore)
	r := counciltaxtest.NewBill(c, "")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r.ID, r.Version = strconv.Itoa(i), 0
		if err := s.Create(ctx, c, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMemStoreGet(b *testing.B) {
	ctx := context.Background()
	c := counciltaxtest.CouncilA
	s := new(counciltax.MemStore)
	if err := s.Create(ctx, c, counciltaxtest.NewBill(c, "b1")); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(ctx, c, "b1"); err != nil {
			b.Fatal(err)
		}
	}
}
