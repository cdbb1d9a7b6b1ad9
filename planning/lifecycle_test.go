package planning

import (
	"errors"
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
		if err := l.Move(s.to, "officer-7", at.Add(time.Duration(i)*time.Hour), s.d, ""); err != nil {
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
			if err := l.Move(s, "sys", at.Add(time.Duration(i)*time.Minute), d, ""); err != nil {
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
		err := c.l.Move(c.to, c.by, c.at, c.d, "")
		var te *TransitionError
		if !errors.Is(err, ErrIllegalTransition) || !errors.As(err, &te) || te.To != c.to {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if len(c.l.History) != before || c.l.State != state {
			t.Errorf("%s: a failed move changed the lifecycle", c.name)
		}
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
