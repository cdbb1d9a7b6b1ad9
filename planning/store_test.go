package planning_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func TestMemStore(t *testing.T) {
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return planning.NewMemStore()
	})
	// The zero value works too.
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return new(planning.MemStore)
	})
	// So does a store recording into a log it is given.
	planningtest.RunStoreTests(t, func(t *testing.T) planning.Store {
		return &planning.MemStore{Events: new(events.MemLog)}
	})
}

type failingAppender struct{}

func (failingAppender) Append(context.Context, ...events.Event) error {
	return errors.New("log unavailable")
}

// If the events cannot be recorded, the change is not made.
func TestMemStoreNoChangeWithoutEvents(t *testing.T) {
	ctx := context.Background()
	c := planningtest.Lambeth
	s := &planning.MemStore{Events: failingAppender{}}
	a := planningtest.NewApplication(c, "a1")
	if err := s.Create(ctx, c, a); err != nil { // no transition, no event
		t.Fatal(err)
	}
	cur, _ := s.Get(ctx, c, "a1")
	if err := cur.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, c, cur); err == nil || cur.Version != 1 {
		t.Errorf("Update = %v, version %d; want an error and no change", err, cur.Version)
	}
	if got, _ := s.Get(ctx, c, "a1"); got.Lifecycle.State != planning.StateNone || got.Version != 1 {
		t.Errorf("the change was stored without its event: %v version %d", got.Lifecycle.State, got.Version)
	}
	b := planningtest.NewApplication(c, "b1")
	_ = b.Lifecycle.Move(planning.Transition{To: planning.StateSubmitted, By: "officer-1", At: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)})
	if err := s.Create(ctx, c, b); err == nil {
		t.Error("Create succeeded though its event could not be recorded")
	}
	if _, err := s.Get(ctx, c, "b1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("the application was stored without its event: %v", err)
	}
}
