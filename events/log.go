package events

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
)

// Record is an event as an event log keeps it: with its position in the
// log. Positions increase in the order the changes committed (gaps are
// allowed), so events about one record are in the order they happened.
type Record struct {
	// Seq is the event's position in the log, from 1.
	Seq   int64
	Event Event
}

// Log is an event log as its readers see it: the dispatcher that delivers
// events to subscribers, and the tracking timeline. Stores write to it in the
// same transaction as the change the event records (a transactional
// outbox), so a log never holds an event whose change was lost, and a
// change is never stored without its events.
//
// Implementations: MemLog here; postgres.EventLog (from DB.Events) for the
// PostgreSQL stores; sqlite.EventLog (from DB.Events) for the SQLite
// stores. They must be safe for concurrent use.
type Log interface {
	// Since returns up to limit events of every council recorded after
	// position after, in position order (limit <= 0 means no limit).
	Since(ctx context.Context, after int64, limit int) ([]Record, error)
	// Subject returns council c's events about the record subject, oldest
	// first. It never returns another council's events.
	Subject(ctx context.Context, c councilkit.Council, subject string) ([]Record, error)
}

// Recorder is implemented by every store that records the events of its
// changes (every Store in the module): EventLog returns the log they are
// recorded in, for tests and for a deployment wiring its dispatcher. The
// stores' conformance suites require it.
type Recorder interface {
	EventLog() Log
}

// Appender is where an in-memory store records the events of a change. The
// store calls Append while it holds its own lock, after checking the change
// and before making it visible, so a reader never sees the change without
// its events; an Append that fails must leave the log unchanged, and the
// store then makes no change.
type Appender interface {
	Append(ctx context.Context, evs ...Event) error
}

// MemLog is an in-memory Log and Appender, the event log of the memory
// stores. The zero value is an empty log ready to use; it is safe for
// concurrent use.
type MemLog struct {
	mu      sync.Mutex
	records []Record
	wake    chan struct{} // closed and replaced on every Append
}

var (
	_ Log      = (*MemLog)(nil)
	_ Appender = (*MemLog)(nil)
)

// Append implements Appender: it validates every event and appends them
// all, or none if one is invalid (an error wrapping ErrInvalid).
func (l *MemLog) Append(ctx context.Context, evs ...Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, e := range evs {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	if len(evs) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	next := int64(len(l.records)) + 1
	for i, e := range evs {
		l.records = append(l.records, Record{Seq: next + int64(i), Event: e})
	}
	if l.wake != nil {
		close(l.wake)
		l.wake = nil
	}
	return nil
}

// Since implements Log.
func (l *MemLog) Since(ctx context.Context, after int64, limit int) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if after < 0 {
		after = 0
	}
	if after >= int64(len(l.records)) {
		return nil, nil
	}
	out := l.records[after:]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return slices.Clone(out), nil
}

// Subject implements Log.
func (l *MemLog) Subject(ctx context.Context, c councilkit.Council, subject string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.IsZero() {
		return nil, errors.New("events: Subject needs a council")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Record
	for _, r := range l.records {
		if r.Event.Council == c && r.Event.Subject == subject {
			out = append(out, r)
		}
	}
	return out, nil
}

// Changed returns a channel that is closed when an event is appended after
// the call, so a dispatcher can wait for news instead of polling.
func (l *MemLog) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.wake == nil {
		l.wake = make(chan struct{})
	}
	return l.wake
}

// Len returns the number of events in the log.
func (l *MemLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.records)
}

type actorKey struct{}

// WithActor returns a context that tells the stores who or what is making
// the changes made with it: the actor of the events they record. A change
// made with a context that names no actor is recorded as the system's.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// WithDefaultActor returns ctx as it is if it already names an actor
// (WithActor), and otherwise a context naming a: for code that knows
// better than "system" who caused its changes (a provider's status report)
// but must not overwrite an actor its caller set.
func WithDefaultActor(ctx context.Context, a Actor) context.Context {
	if b, ok := ctx.Value(actorKey{}).(Actor); ok && b.Kind != "" {
		return ctx
	}
	return WithActor(ctx, a)
}

// ActorFrom returns the actor WithActor put in ctx, or Actor{Kind:
// ActorSystem} if there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Kind != "" {
		return a
	}
	return Actor{Kind: ActorSystem}
}

// Handler is a subscriber's code: it is given each event the subscriber
// asked for, at least once and in order per record (per council and
// Subject). It must be idempotent, deduplicating by Event.ID: a delivery
// whose acknowledgement was lost comes again. An error means "not done":
// the event is given again later, with backoff, and events about the same
// record after it wait for it.
type Handler interface {
	Handle(ctx context.Context, r Record) error
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, r Record) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, r Record) error { return f(ctx, r) }

// Subscriber is one consumer of events: a back-office webhook sender, the
// Notify sender, a projection.
type Subscriber struct {
	// Name identifies the subscriber durably (its delivery progress is
	// kept under it): a short stable string such as "webhooks" or
	// "notify".
	Name string
	// Types, if not empty, are the event types the subscriber is given;
	// others are skipped. Empty means every type.
	Types []Type
	// Handler handles each event.
	Handler Handler
}

// Wants reports whether the subscriber is given events of type t.
func (s Subscriber) Wants(t Type) bool {
	return len(s.Types) == 0 || slices.Contains(s.Types, t)
}
