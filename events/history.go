package events

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
)

// Entry is one line of a record's audit trail: what happened to it, when,
// and who or what did it. It carries no data beyond the event's envelope:
// read the record itself from its store for the details an officer may
// see (a refund's reason, say, which no event holds).
type Entry struct {
	// Seq is the event's position in the log.
	Seq int64
	// EventID is the event's ID, as subscribers and webhooks received it.
	EventID string
	// Time is when the change happened, as the record holds it.
	Time time.Time
	// Type says what happened: Type.Short gives "payment.refunded.v1".
	Type Type
	// Actor is who or what made the change: an officer by their officer
	// ID, "resident" for a resident (never identified), the system or a
	// provider.
	Actor Actor
}

// Domain returns the domain the entry's record belongs to, the first part
// of its type: "payment", "admissions", "planning", "fsm", "counciltax".
func (e Entry) Domain() string { return domainOf(e.Type) }

// History returns council c's audit trail for the record subject (a
// payment's or application's ID): one Entry per event the stores recorded
// about it, in the order the log holds them, which for one record is the
// order its changes were made. It is read from the event log (Log.Subject),
// so it covers every change that has an event type (see each domain's
// ChangeEvents) and names the actor each was made by (WithActor); changes
// with no event type (a payment moving from created to started, a refund
// submitted but not yet made) are not in it. It never returns another
// council's events; record IDs are the council's, and two domains may use
// the same one, so check Entry.Domain when it matters.
//
// The zero council is councilkit.ErrNoCouncil and an empty subject an
// error wrapping ErrInvalid. A record with no events has an empty history
// and no error.
func History(ctx context.Context, l Log, c councilkit.Council, subject string) ([]Entry, error) {
	if c.IsZero() {
		return nil, councilkit.ErrNoCouncil
	}
	if subject == "" {
		return nil, fmt.Errorf("%w: History needs the record's ID", ErrInvalid)
	}
	rs, err := l.Subject(ctx, c, subject)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(rs))
	for _, r := range rs {
		if r.Event.Council != c || r.Event.Subject != subject {
			continue // a log that returned more than it was asked for
		}
		out = append(out, Entry{Seq: r.Seq, EventID: r.Event.ID, Time: r.Event.Time, Type: r.Event.Type, Actor: r.Event.Actor})
	}
	return out, nil
}
