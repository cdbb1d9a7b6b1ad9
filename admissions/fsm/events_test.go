package fsm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/events"
)

// ChangeEvents records a decision when it is made or its outcome, basis,
// rule set, day or review day changes, and at no other change.
func TestChangeEvents(t *testing.T) {
	c := fsmtest.CouncilA
	actor := events.Actor{Kind: events.ActorSystem}
	undecided := fsmtest.NewRecord(c, "r1")
	decided := undecided.Clone()
	if err := decided.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	later := decided.Clone()
	if err := later.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt.Add(24 * time.Hour))); err != nil {
		t.Fatal(err)
	}
	sameDay := decided.Clone()
	sameDay.DecidedAt = sameDay.DecidedAt.Add(time.Hour)
	newReview := decided.Clone()
	newReview.Decision.ReviewOn = newReview.Decision.ReviewOn.AddDays(1)
	noBasis := decided.Clone()
	noBasis.Decision.Eligible, noBasis.Decision.Basis = false, fsm.BasisNone
	tests := []struct {
		name          string
		before, after *fsm.Record
		want          int
	}{
		{"created undecided", nil, undecided, 0},
		{"created decided", nil, decided, 1},
		{"decided", undecided, decided, 1},
		{"decided again the same day", decided, sameDay, 0},
		{"decided again a day later", decided, later, 1},
		{"review day changed", decided, newReview, 1},
		{"outcome changed", decided, noBasis, 1},
		{"decision withdrawn", decided, undecided, 0},
		{"unchanged", undecided, undecided, 0},
	}
	for _, tt := range tests {
		evs, err := fsm.ChangeEvents(c, tt.before, tt.after, actor)
		if err != nil || len(evs) != tt.want {
			t.Errorf("%s: %d events, %v; want %d", tt.name, len(evs), err, tt.want)
		}
	}
	undated := decided.Clone()
	undated.DecidedAt = time.Time{}
	if _, err := fsm.ChangeEvents(c, undecided, undated, actor); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("a decision without DecidedAt: %v, want events.ErrInvalid", err)
	}
	if _, err := fsm.ChangeEvents(c, undecided, nil, actor); err == nil {
		t.Error("no record after the change: no error")
	}
}
