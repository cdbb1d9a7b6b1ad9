package fsm_test

import (
	"context"
	"errors"
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
