package notices

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/enum"
)

// State is where sending one message stands. The zero State is StateNone,
// "none": nothing recorded.
type State uint8

// States. Append only.
const (
	StateNone State = iota
	// StatePending: a send began and its result is not known yet, or it
	// failed in a way that passes (Notify unavailable, a rate or daily
	// limit, a refused API key) and the event will be given again.
	StatePending
	// StateSent: Notify accepted the message.
	StateSent
	// StateFailed: Notify refused the message for good (a 400: a missing
	// placeholder, an unknown template, an address Notify cannot send
	// to), or the event could not be turned into a message. Nothing more
	// is tried unless Handler.Resend is asked to.
	StateFailed
	// StateSkipped: there was nothing to send: no recipient, or no
	// address for a channel that has a template.
	StateSkipped
)

var stateNames = [...]string{"none", "pending", "sent", "failed", "skipped"}

// String returns the state's name, such as "sent".
func (s State) String() string { return enum.Name(stateNames[:], s, "State") }

// MarshalText returns the state's name; an undefined state is an error.
func (s State) MarshalText() ([]byte, error) {
	return enum.Marshal(stateNames[:], s, "notices", "State")
}

// UnmarshalText parses a state's name, "none" included.
func (s *State) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[State](stateNames[:], string(b))
	if !ok {
		return enum.Unknown("notices", "state", string(b))
	}
	*s = v
	return nil
}

// Final reports whether a message in state s is done with: sent, failed
// or skipped. A redelivered event whose messages are all final sends
// nothing.
func (s State) Final() bool { return s == StateSent || s == StateFailed || s == StateSkipped }

// Key identifies one message: an event's message on one channel.
type Key struct {
	Council councilkit.Council `json:"council"`
	EventID string             `json:"event_id"`
	Channel Channel            `json:"channel"`
}

// Outcome is what became of one message. It holds no personal data, so a
// council's officers can list failures without seeing who they were for.
type Outcome struct {
	Key
	Kind  Kind  `json:"kind"`
	State State `json:"state"`
	// NotificationID is Notify's ID for a sent message.
	NotificationID string `json:"notification_id,omitempty"`
	// Reason says why a message failed, is pending or was skipped: Notify's
	// error name ("BadRequestError", "RateLimitError"), a councilkit
	// problem code ("invalid_recipient"), or one of "unavailable" (Notify
	// could not be reached), "cancelled", "found_by_reference" (sent by an
	// earlier attempt whose answer was lost), "no_recipient", "no_address"
	// (a template but no address for the channel) and "bad_event" (data
	// that makes no message).
	Reason string `json:"reason,omitempty"`
	// Detail is Notify's message for a failure ("Missing personalisation:
	// amount"), which describes the request, never the recipient.
	Detail string `json:"detail,omitempty"`
	// At is when the outcome was recorded.
	At time.Time `json:"at"`
}

// Ledger records the outcome of every message, so that an event given
// again (delivery is at least once) does not send a message twice, and so
// that failures are visible. Implementations must be safe for concurrent
// use, also from several instances of the application sharing one ledger,
// and must never return one council's outcomes for another. The
// conformance suite in package noticestest checks an implementation.
type Ledger interface {
	// Get returns the outcome recorded for k, and false if there is none.
	// A zero council is councilkit.ErrNoCouncil.
	Get(ctx context.Context, k Key) (Outcome, bool, error)
	// Put records o, replacing any outcome of o.Key. An outcome
	// CheckOutcome refuses is an error wrapping ErrInvalidOutcome (or
	// councilkit.ErrNoCouncil).
	Put(ctx context.Context, o Outcome) error
	// Claim records o, the StatePending outcome of an attempt about to
	// send o.Key's message, if no other attempt holds the message and it
	// is not done with, as one atomic step: if the outcome recorded for
	// o.Key is none; StatePending with a Reason (an attempt that failed in
	// a way that passes); StatePending with no Reason and At before
	// staleBefore (a claim whose attempt never finished: the process
	// stopped); or StateFailed when retryFailed. It returns the outcome it
	// replaced (the zero Outcome for none) and true, or the recorded
	// outcome and false when it recorded nothing. Of any number of claims
	// of one key at once, in any number of instances, at most one gets
	// true. o must have State StatePending and no Reason.
	Claim(ctx context.Context, o Outcome, staleBefore time.Time, retryFailed bool) (prev Outcome, claimed bool, err error)
}

// ErrInvalidOutcome is wrapped by a Ledger's error for an outcome it cannot
// record.
var ErrInvalidOutcome = errors.New("notices: invalid outcome")

// CheckOutcome returns the error a Ledger returns for an outcome it must not
// record: councilkit.ErrNoCouncil for the zero council, and an error
// wrapping ErrInvalidOutcome for no event ID, a channel other than Email or
// SMS, an undefined kind, or a state that is StateNone or undefined.
func CheckOutcome(o Outcome) error {
	switch {
	case o.Council.IsZero():
		return councilkit.ErrNoCouncil
	case o.EventID == "":
		return fmt.Errorf("%w: an outcome needs its event's ID", ErrInvalidOutcome)
	case o.Channel != Email && o.Channel != SMS:
		return fmt.Errorf("%w: channel %s", ErrInvalidOutcome, o.Channel)
	case int(o.Kind) >= len(kindNames):
		return fmt.Errorf("%w: kind %s", ErrInvalidOutcome, o.Kind)
	case o.State == StateNone || int(o.State) >= len(stateNames):
		return fmt.Errorf("%w: state %s", ErrInvalidOutcome, o.State)
	}
	return nil
}

// Claimable reports whether an attempt may claim a message whose recorded
// outcome is prev (ok false for none), as Ledger.Claim decides: for
// implementations.
func Claimable(prev Outcome, ok bool, staleBefore time.Time, retryFailed bool) bool {
	if !ok {
		return true
	}
	switch prev.State {
	case StatePending:
		return prev.Reason != "" || prev.At.Before(staleBefore)
	case StateFailed:
		return retryFailed
	}
	return false
}

// CheckClaim returns the error a Ledger returns for a claim it must not
// record: CheckOutcome's, or one wrapping ErrInvalidOutcome for a state
// other than StatePending or a Reason.
func CheckClaim(o Outcome) error {
	if err := CheckOutcome(o); err != nil {
		return err
	}
	if o.State != StatePending || o.Reason != "" {
		return fmt.Errorf("%w: a claim is StatePending with no reason", ErrInvalidOutcome)
	}
	return nil
}

// MemLedger is an in-memory Ledger. The zero MemLedger is empty and ready
// to use; it is safe for concurrent use. It forgets on restart, so a
// deployment keeps outcomes in its database (with the delivery progress,
// so the two agree) and uses MemLedger for tests and development.
type MemLedger struct {
	mu       sync.Mutex
	outcomes map[Key]Outcome
	order    []Key
}

var _ Ledger = (*MemLedger)(nil)

// Get implements Ledger.
func (l *MemLedger) Get(ctx context.Context, k Key) (Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, false, err
	}
	if k.Council.IsZero() {
		return Outcome{}, false, councilkit.ErrNoCouncil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.outcomes[k]
	return o, ok, nil
}

// Put implements Ledger.
func (l *MemLedger) Put(ctx context.Context, o Outcome) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckOutcome(o); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.put(o)
	return nil
}

func (l *MemLedger) put(o Outcome) {
	if l.outcomes == nil {
		l.outcomes = make(map[Key]Outcome)
	}
	if _, ok := l.outcomes[o.Key]; !ok {
		l.order = append(l.order, o.Key)
	}
	l.outcomes[o.Key] = o
}

// Claim implements Ledger.
func (l *MemLedger) Claim(ctx context.Context, o Outcome, staleBefore time.Time, retryFailed bool) (Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, false, err
	}
	if err := CheckClaim(o); err != nil {
		return Outcome{}, false, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	prev, ok := l.outcomes[o.Key]
	if !Claimable(prev, ok, staleBefore, retryFailed) {
		return prev, false, nil
	}
	l.put(o)
	return prev, true, nil
}

// Outcomes returns council c's outcomes in state s (every state for
// StateNone), in the order their messages were first recorded: for a
// development page, or an officer's list of messages that failed.
func (l *MemLedger) Outcomes(c councilkit.Council, s State) []Outcome {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Outcome
	for _, k := range l.order {
		if o := l.outcomes[k]; k.Council == c && (s == StateNone || o.State == s) {
			out = append(out, o)
		}
	}
	return slices.Clip(out)
}
