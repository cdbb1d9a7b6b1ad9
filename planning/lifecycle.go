package planning

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// State is where an application is in its life, modelled on the
// post-submission stages of the Digital Planning Data Schemas and the
// states of BOPS. The zero State is "no state" (not yet submitted).
type State uint8

// States. Append only: the names are stored.
const (
	StateNone                  State = iota
	StateSubmitted                   // received, not yet checked
	StateInvalid                     // checked and found invalid; validation requests sent
	StateValid                       // valid: the statutory clock runs from the valid date
	StateConsultation                // publicity and consultation under way
	StateAssessment                  // officer assessment
	StateAwaitingDetermination       // recommendation made, awaiting sign-off or committee
	StateDetermined                  // decision issued (see Decision)
	StateWithdrawn                   // withdrawn by the applicant
	StateReturned                    // returned without being made valid (for example, no fee)
	StateAppealLodged                // appeal lodged with the Planning Inspectorate
	StateAppealValid                 // appeal validated by the Inspectorate
	StateAppealStarted               // appeal started
	StateAppealDetermined            // appeal decided (see Decision)
	StateAppealWithdrawn             // appeal withdrawn
)

var stateNames = [...]string{"", "submitted", "invalid", "valid", "consultation", "assessment",
	"awaiting_determination", "determined", "withdrawn", "returned", "appeal_lodged", "appeal_valid",
	"appeal_started", "appeal_determined", "appeal_withdrawn"}

// String returns the stored name, such as "awaiting_determination".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state(" + fmt.Sprint(uint8(s)) + ")"
}

// ParseState parses a name returned by String.
func ParseState(name string) (State, error) {
	if i := slices.Index(stateNames[1:], name); i >= 0 {
		return State(i + 1), nil
	}
	return StateNone, fmt.Errorf("planning: unknown state %q", name)
}

// MarshalText returns the state's name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a state's name; empty text is StateNone.
func (s *State) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = StateNone
		return nil
	}
	v, err := ParseState(string(b))
	*s = v
	return err
}

// IsFinal reports whether no further transition is possible, other than an
// appeal from a determined application.
func (s State) IsFinal() bool {
	switch s {
	case StateWithdrawn, StateReturned, StateAppealDetermined, StateAppealWithdrawn:
		return true
	}
	return false
}

// Decision is the outcome of a determination or an appeal.
type Decision uint8

// Decisions. Append only.
const (
	DecisionNone      Decision = iota
	DecisionGranted            // permission, consent or certificate granted; prior approval not required or granted
	DecisionRefused            // refused
	DecisionAllowed            // appeal allowed
	DecisionDismissed          // appeal dismissed
	DecisionSplit              // appeal allowed in part
)

var decisionNames = [...]string{"", "granted", "refused", "allowed", "dismissed", "split"}

// String returns the stored name.
func (d Decision) String() string {
	if int(d) < len(decisionNames) {
		return decisionNames[d]
	}
	return "decision(" + fmt.Sprint(uint8(d)) + ")"
}

// MarshalText returns the decision's name.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a decision's name.
func (d *Decision) UnmarshalText(b []byte) error {
	i := slices.Index(decisionNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("planning: unknown decision %q", b)
	}
	*d = Decision(i)
	return nil
}

// transitions lists the legal moves. An appeal against non-determination
// may be lodged from any state in which the application awaits a decision.
var transitions = map[State][]State{
	StateNone:                  {StateSubmitted},
	StateSubmitted:             {StateValid, StateInvalid, StateReturned, StateWithdrawn},
	StateInvalid:               {StateValid, StateInvalid, StateReturned, StateWithdrawn},
	StateValid:                 {StateConsultation, StateAssessment, StateWithdrawn, StateAppealLodged},
	StateConsultation:          {StateAssessment, StateWithdrawn, StateAppealLodged},
	StateAssessment:            {StateConsultation, StateAwaitingDetermination, StateWithdrawn, StateAppealLodged},
	StateAwaitingDetermination: {StateAssessment, StateDetermined, StateWithdrawn, StateAppealLodged},
	StateDetermined:            {StateAppealLodged},
	StateAppealLodged:          {StateAppealValid, StateAppealWithdrawn},
	StateAppealValid:           {StateAppealStarted, StateAppealWithdrawn},
	StateAppealStarted:         {StateAppealDetermined, StateAppealWithdrawn},
}

// CanTransition reports whether an application may move from one state to
// another.
func CanTransition(from, to State) bool { return slices.Contains(transitions[from], to) }

// ErrIllegalTransition is matched (errors.Is) by every *TransitionError.
var ErrIllegalTransition = errors.New("planning: illegal state transition")

// TransitionError reports a transition that is not allowed.
type TransitionError struct {
	From, To State
	Reason   string
}

func (e *TransitionError) Error() string {
	msg := "planning: cannot move an application from " + e.From.String() + " to " + e.To.String()
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Is reports whether target is ErrIllegalTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrIllegalTransition }

// Transition records one change of state: who made it and when. It is also
// the argument of Lifecycle.Move.
type Transition struct {
	From     State     `json:"from"`
	To       State     `json:"to"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Decision Decision  `json:"decision,omitempty"`
	Note     string    `json:"note,omitempty"`
}

// Lifecycle is an application's state and the history of how it got there.
// The zero Lifecycle is an application not yet submitted.
type Lifecycle struct {
	State    State        `json:"state"`
	Decision Decision     `json:"decision,omitempty"`
	History  []Transition `json:"history,omitempty"`
}

// Move applies the transition t: to state t.To, made by the user or system
// named t.By, at the time t.At (taken from a councilkit.Clock by the
// caller), with the decision t.Decision and the optional t.Note. A decision
// is required when moving to StateDetermined (granted or refused) or
// StateAppealDetermined (allowed, dismissed or split) and forbidden
// otherwise.
//
// Move records the current state as the transition's From. A caller may set
// t.From to the state it expects the application to be in; if the
// application has moved on since (t.From is not StateNone and differs from
// the current state), Move refuses. An illegal move returns a
// *TransitionError and changes nothing.
func (l *Lifecycle) Move(t Transition) error {
	from, to, by, at, decision := l.State, t.To, t.By, t.At, t.Decision
	if t.From != StateNone && t.From != from {
		return &TransitionError{From: from, To: to, Reason: "the application is no longer " + t.From.String()}
	}
	if !CanTransition(from, to) {
		return &TransitionError{From: from, To: to}
	}
	if by == "" {
		return &TransitionError{From: from, To: to, Reason: "the person or system making the change must be recorded"}
	}
	if at.IsZero() {
		return &TransitionError{From: from, To: to, Reason: "the time of the change must be recorded"}
	}
	if n := len(l.History); n > 0 && at.Before(l.History[n-1].At) {
		return &TransitionError{From: from, To: to, Reason: "the change is dated before the previous one"}
	}
	switch to {
	case StateDetermined:
		if decision != DecisionGranted && decision != DecisionRefused {
			return &TransitionError{From: from, To: to, Reason: "a determination must grant or refuse"}
		}
	case StateAppealDetermined:
		if decision != DecisionAllowed && decision != DecisionDismissed && decision != DecisionSplit {
			return &TransitionError{From: from, To: to, Reason: "an appeal decision must allow, dismiss or split"}
		}
	default:
		if decision != DecisionNone {
			return &TransitionError{From: from, To: to, Reason: "only a determination carries a decision"}
		}
	}
	l.History = append(l.History, Transition{From: from, To: to, At: at.UTC(), By: by, Decision: decision, Note: t.Note})
	l.State = to
	if decision != DecisionNone {
		l.Decision = decision
	}
	return nil
}

// Last returns the most recent transition into state s, and false if the
// application has never been in it.
func (l *Lifecycle) Last(s State) (Transition, bool) {
	for i := len(l.History) - 1; i >= 0; i-- {
		if l.History[i].To == s {
			return l.History[i], true
		}
	}
	return Transition{}, false
}
