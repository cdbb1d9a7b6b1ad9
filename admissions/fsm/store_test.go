package fsm_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/events"
)

func TestMemStore(t *testing.T) {
	fsmtest.RunStoreTests(t, func(t *testing.T) fsm.Store { return new(fsm.MemStore) })
}

// A MemStore with a shared log records there, and NewMemStore works too.
func TestMemStoreSharedLog(t *testing.T) {
	fsmtest.RunStoreTests(t, func(t *testing.T) fsm.Store { return &fsm.MemStore{Events: new(events.MemLog)} })
}

// failingLog refuses every append.
type failingLog struct{ events.MemLog }

var errLogDown = errors.New("log down")

func (*failingLog) Append(context.Context, ...events.Event) error { return errLogDown }

// A change whose events cannot be recorded is not made.
func TestMemStoreEventFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := &fsm.MemStore{Events: new(failingLog)}
	c := fsmtest.CouncilA
	r := fsmtest.NewRecord(c, "r1")
	if err := s.Create(ctx, c, r); err != nil {
		t.Fatal(err) // no decision, no event
	}
	got, _ := s.Get(ctx, c, "r1")
	if err := got.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, c, got); !errors.Is(err, errLogDown) {
		t.Fatalf("Update with a failing log: %v", err)
	}
	if got.Version != 1 {
		t.Errorf("a failed Update changed the caller's Version to %d", got.Version)
	}
	again, _ := s.Get(ctx, c, "r1")
	if again.Decision != nil || again.Version != 1 {
		t.Errorf("the change was made without its event: %+v", again)
	}
	d := fsmtest.NewRecord(c, "r2")
	if err := d.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, c, d); !errors.Is(err, errLogDown) {
		t.Fatalf("Create with a failing log: %v", err)
	}
	if _, err := s.Get(ctx, c, "r2"); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("the record was created without its event: %v", err)
	}
}

// TestMemStoreConcurrent decides many records at once from many
// goroutines, with readers listing as they go: every decision is stored
// once with exactly one event (run with -race).
func TestMemStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	c := fsmtest.CouncilA
	s := new(fsm.MemStore)
	const n = 8
	for i := range n {
		if err := s.Create(ctx, c, fsmtest.NewRecord(c, fmt.Sprintf("r%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w := range 4 * n {
		wg.Go(func() {
			id := fmt.Sprintf("r%d", w%n)
			if _, err := fsm.Modify(ctx, s, c, id, func(r *fsm.Record) error {
				if r.Decision != nil {
					return nil // decided by another goroutine: the same decision again records nothing
				}
				return r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt))
			}); err != nil {
				t.Error(err)
			}
			if _, err := s.List(ctx, c, fsm.Filter{Undecided: true}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if l := s.EventLog().(*events.MemLog); l.Len() != n {
		t.Errorf("%d events for %d decisions", l.Len(), n)
	}
	if left, _ := s.List(ctx, c, fsm.Filter{Undecided: true}); len(left) != 0 {
		t.Errorf("%d records left undecided", len(left))
	}
}

func BenchmarkMemStoreCreate(b *testing.B) {
	ctx := context.Background()
	c := fsmtest.CouncilA
	s := new(fsm.MemStore)
	r := fsmtest.NewRecord(c, "")
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		b.Fatal(err)
	}
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
	c := fsmtest.CouncilA
	s := new(fsm.MemStore)
	r := fsmtest.NewRecord(c, "r1")
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		b.Fatal(err)
	}
	if err := s.Create(ctx, c, r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(ctx, c, "r1"); err != nil {
			b.Fatal(err)
		}
	}
}
