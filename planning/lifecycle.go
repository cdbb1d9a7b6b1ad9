package planning

import (
	"errors"
	"slices"
	"time"

	"github.com/lgds/councilkit/internal/enum"
)

// State is where an application is in its life, modelled on the
// post-submission stages of the Digital Planning Data Schemas and the
// states of BOPS. The zero State is StateNone, "none": not yet submitted.
// Every state, StateNone included, has a name that String, MarshalText,
// JSON and Value write and UnmarshalText, Scan and ParseState read back.
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

var stateNames = [...]string{"none", "submitted", "invalid", "valid", "consultation", "assessment",
	"awaiting_determination", "determined", "withdrawn", "returned", "appeal_lodged", "appeal_valid",
	"appeal_started", "appeal_determined", "appeal_withdrawn"}

// String returns the stored name, such as "awaiting_determination", or
// "none" for StateNone.
func (s State) String() string { return enum.Name(stateNames[:], s, "State") }

// ParseState parses a name returned by String, "none" included.
func ParseState(name string) (State, error) {
	if v, ok := enum.Parse[State](stateNames[:], name); ok {
		return v, nil
	}
	return StateNone, enum.Unknown("planning", "state", name)
}

// MarshalText returns the state's name; an undefined state is an error.
func (s State) MarshalText() ([]byte, error) {
	return enum.Marshal(stateNames[:], s, "planning", "State")
}

// UnmarshalText parses a state's name. Empty text, as versions before the
// zero state had a name wrote it, is StateNone.
func (s *State) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = StateNone
		return nil
	}
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
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

// Decision is the outcome of a determination or an appeal. The zero
// Decision is DecisionNone, "none": not decided.
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

var decisionNames = [...]string{"none", "granted", "refused", "allowed", "dismissed", "split"}

// String returns the stored name, such as "granted", or "none" for
// DecisionNone.
func (d Decision) String() string { return enum.Name(decisionNames[:], d, "Decision") }

// ParseDecision parses a name returned by String, "none" included.
func ParseDecision(name string) (Decision, error) {
	if v, ok := enum.Parse[Decision](decisionNames[:], name); ok {
		return v, nil
	}
	return DecisionNone, enum.Unknown("planning", "decision", name)
}

// MarshalText returns the decision's name; an undefined decision is an
// error.
func (d Decision) MarshalText() ([]byte, error) {
	return enum.Marshal(decisionNames[:], d, "planning", "Decision")
}

// UnmarshalText parses a decision's name. Empty text, as versions before the
// zero decision had a name wrote it, is DecisionNone.
func (d *Decision) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = DecisionNone
		return nil
	}
	v, err := ParseDecision(string(b))
	if err != nil {
		return err
	}
	*d = v
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
