package planning

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLifecycleHappyPath(t *testing.T) {
	var l Lifecycle
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		to State
		d  Decision
	}{
		{StateSubmitted, 0}, {StateInvalid, 0}, {StateValid, 0}, {StateConsultation, 0},
		{StateAssessment, 0}, {StateAwaitingDetermination, 0}, {StateDetermined, DecisionRefused},
		{StateAppealLodged, 0}, {StateAppealValid, 0}, {StateAppealStarted, 0}, {StateAppealDetermined, DecisionAllowed},
	}
	for i, s := range steps {
		if err := l.Move(Transition{To: s.to, By: "officer-7", At: at.Add(time.Duration(i) * time.Hour), Decision: s.d}); err != nil {
			t.Fatalf("step %d to %s: %v", i, s.to, err)
		}
	}
	if l.State != StateAppealDetermined || l.Decision != DecisionAllowed || len(l.History) != len(steps) {
		t.Errorf("lifecycle = %+v", l)
	}
	if tr, ok := l.Last(StateDetermined); !ok || tr.Decision != DecisionRefused || tr.By != "officer-7" || tr.From != StateAwaitingDetermination {
		t.Errorf("Last(determined) = %+v %v", tr, ok)
	}
	if !l.State.IsFinal() {
		t.Error("appeal determined is final")
	}
}

func TestLifecycleIllegal(t *testing.T) {
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	mk := func(states ...State) Lifecycle {
		var l Lifecycle
		for i, s := range states {
			d := DecisionNone
			if s == StateDetermined {
				d = DecisionGranted
			}
			if err := l.Move(Transition{To: s, By: "sys", At: at.Add(time.Duration(i) * time.Minute), Decision: d}); err != nil {
				t.Fatalf("setup %s: %v", s, err)
			}
		}
		return l
	}
	cases := []struct {
		name string
		l    Lifecycle
		to   State
		by   string
		at   time.Time
		d    Decision
	}{
		{"determine before validation", mk(StateSubmitted), StateDetermined, "x", at.Add(time.Hour), DecisionGranted},
		{"determine without a decision", mk(StateSubmitted, StateValid, StateAssessment, StateAwaitingDetermination), StateDetermined, "x", at.Add(time.Hour), DecisionNone},
		{"appeal decision on a determination", mk(StateSubmitted, StateValid, StateAssessment, StateAwaitingDetermination), StateDetermined, "x", at.Add(time.Hour), DecisionAllowed},
		{"decision on a non-determining move", mk(StateSubmitted), StateValid, "x", at.Add(time.Hour), DecisionGranted},
		{"withdraw after determination", mk(StateSubmitted, StateValid, StateAssessment, StateAwaitingDetermination, StateDetermined), StateWithdrawn, "x", at.Add(time.Hour), 0},
		{"reopen a withdrawn application", mk(StateSubmitted, StateWithdrawn), StateValid, "x", at.Add(time.Hour), 0},
		{"no actor", mk(StateSubmitted), StateValid, "", at.Add(time.Hour), 0},
		{"no time", mk(StateSubmitted), StateValid, "x", time.Time{}, 0},
		{"time goes backwards", mk(StateSubmitted), StateValid, "x", at.Add(-time.Hour), 0},
		{"appeal before any decision is due", mk(StateSubmitted), StateAppealLodged, "x", at.Add(time.Hour), 0},
	}
	for _, c := range cases {
		before := len(c.l.History)
		state := c.l.State
		err := c.l.Move(Transition{To: c.to, By: c.by, At: c.at, Decision: c.d})
		var te *TransitionError
		if !errors.Is(err, ErrIllegalTransition) || !errors.As(err, &te) || te.To != c.to {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if len(c.l.History) != before || c.l.State != state {
			t.Errorf("%s: a failed move changed the lifecycle", c.name)
		}
	}
}

// A caller that names the state it saw (Transition.From) is refused once
// the application has moved on, so a stale officer screen cannot overwrite
// a newer state; From left at StateNone means "whatever the state is".
func TestMoveStaleFrom(t *testing.T) {
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	var l Lifecycle
	if err := l.Move(Transition{To: StateSubmitted, By: "portal", At: at}); err != nil {
		t.Fatal(err)
	}
	err := l.Move(Transition{From: StateValid, To: StateAssessment, By: "officer", At: at.Add(time.Hour)})
	var te *TransitionError
	if !errors.As(err, &te) || te.From != StateSubmitted || !strings.Contains(err.Error(), "no longer valid") {
		t.Errorf("stale From: err = %v", err)
	}
	if l.State != StateSubmitted || len(l.History) != 1 {
		t.Errorf("a refused move changed the lifecycle: %+v", l)
	}
	if err := l.Move(Transition{From: StateSubmitted, To: StateValid, By: "officer", At: at.Add(time.Hour), Note: "checked"}); err != nil {
		t.Fatalf("current From: %v", err)
	}
	if got := l.History[1]; got.From != StateSubmitted || got.To != StateValid || got.Note != "checked" || got.By != "officer" {
		t.Errorf("recorded %+v", got)
	}
}

func TestStateText(t *testing.T) {
	for s := StateSubmitted; s <= StateAppealWithdrawn; s++ {
		b, _ := s.MarshalText()
		var back State
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%s round trip: %v %v", s, back, err)
		}
	}
	var s State
	if err := s.UnmarshalText([]byte("granted")); err == nil {
		t.Error("unknown state accepted")
	}
	var d Decision
	if err := d.UnmarshalText([]byte("refused")); err != nil || d != DecisionRefused {
		t.Errorf("decision = %v %v", d, err)
	}
}
