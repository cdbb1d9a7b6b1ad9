package fsm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Store errors. They are councilkit's: errors.Is matches either name.
var (
	// ErrNotFound: the council has no record with that ID.
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate: the council already has a record with that ID.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict: Update was given a record that changed since it was
	// read.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil: a store method was given the zero Council.
	ErrNoCouncil = councilkit.ErrNoCouncil
)

// Record is a free school meals application as a council keeps it: the
// application (with the parent's and child's personal data), the day it was
// received and the decision made on it, if one has been. Record it with a
// Store.
//
// The parent's and child's names, dates of birth and National Insurance or
// NASS numbers are personal data: LogValue leaves them out, no store error
// repeats them, and the event a decision records
// (events.FreeSchoolMealsDecided) holds only the record's ID and the
// decision's outcome, basis, rule set and dates.
type Record struct {
	// ID is the council's reference for the application. Required.
	ID string `json:"id"`
	// Council is the council the record belongs to; a store sets it to
	// the council of the call.
	Council     councilkit.Council `json:"council"`
	Application Application        `json:"application"`
	// Received is the day the application was made; List orders by it.
	Received calendar.Date `json:"received,omitzero"`
	// Decision is the decision made on the application, nil until one is.
	// Its AsAt is the day decided, Basis and RuleSet what it rests on and
	// ReviewOn when it should be looked at again.
	Decision *Decision `json:"decision,omitempty"`
	// DecidedAt is when the decision was made: the time of the event that
	// records it. Required with a Decision.
	DecidedAt time.Time `json:"decided_at,omitzero"`
	// Version is the stored version, set by the store: 1 after Create,
	// incremented by each Update.
	Version int64 `json:"version"`
}

// Decide applies the rules in force on the clock's day (UK time) to the
// record's application with Decide, and records the decision and the
// time it was made. On error the record is unchanged.
func (r *Record) Decide(clock councilkit.Clock) error {
	now := clock.Now()
	d, err := Decide(&r.Application, calendar.DateOf(now))
	if err != nil {
		return err
	}
	r.Decision, r.DecidedAt = d, now
	return nil
}

// Clone returns a deep copy of r; nil for nil.
func (r *Record) Clone() *Record {
	if r == nil {
		return nil
	}
	c := *r
	c.Application.Circumstances = r.Application.Circumstances.clone()
	if r.Decision != nil {
		d := *r.Decision
		d.Bases = slices.Clone(d.Bases)
		d.Evidence = slices.Clone(d.Evidence)
		d.Reasons = slices.Clone(d.Reasons)
		for i := range d.Reasons {
			d.Reasons[i].Facts = slices.Clone(d.Reasons[i].Facts)
		}
		c.Decision = &d
	}
	return &c
}

// LogValue logs a record without personal data: its ID, council, the day
// received, the decision's outcome, and the application as
// Application.LogValue gives it.
func (r Record) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", r.ID),
		slog.String("council", r.Council.String()),
		slog.String("received", r.Received.String()),
		slog.Any("application", r.Application),
		slog.Int64("version", r.Version),
	}
	if d := r.Decision; d != nil {
		attrs = append(attrs, slog.Group("decision",
			slog.Bool("eligible", d.Eligible),
			slog.String("basis", d.Basis.String()),
			slog.String("rule_set", d.RuleSet),
			slog.String("as_at", d.AsAt.String()),
			slog.String("review_on", d.ReviewOn.String())))
	}
	return slog.GroupValue(attrs...)
}

// Filter selects records to list. The zero Filter selects every record of
// the council.
type Filter struct {
	// ReviewBy, if not zero, selects records with a decision whose
	// ReviewOn is on or before it: the decisions due to be looked at
	// again by that day.
	ReviewBy calendar.Date
	// Undecided selects only records without a decision.
	Undecided bool
	// Limit, if positive, caps the number returned; zero means no cap.
	Limit int
}

// Matches reports whether r is selected by f, ignoring Limit. Stores may
// use it to filter.
func (f Filter) Matches(r *Record) bool {
	if f.Undecided && r.Decision != nil {
		return false
	}
	if !f.ReviewBy.IsZero() && (r.Decision == nil || r.Decision.ReviewOn.IsZero() || r.Decision.ReviewOn.After(f.ReviewBy)) {
		return false
	}
	return true
}

// Store keeps free school meals records, each belonging to one council.
// The council the caller acts for is the second argument of every method: a
// store never returns, changes or lists one council's record for another,
// and a lookup with the wrong council is ErrNotFound. A record passed to
// Create or Update whose Council names another council is refused with
// ErrNotFound and nothing is stored; a zero Council is taken to be the
// council of the call (and set on the record). Every method returns
// ErrNoCouncil for the zero Council and the context's error for a cancelled
// context. Errors never repeat the application's personal data.
//
// Every Create and Update records the change's events (ChangeEvents) with
// the change, or neither. Implementations must be safe for concurrent use
// and must pass fsmtest.RunStoreTests.
type Store interface {
	// Create stores a new record, which must have an ID (a
	// *councilkit.ValidationError otherwise), and sets r.Version to 1. It
	// returns ErrDuplicate if the council already has a record with that
	// ID.
	Create(ctx context.Context, c councilkit.Council, r *Record) error
	// Get returns a copy of the council's record with that ID, or
	// ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*Record, error)
	// Update replaces the council's stored record with r, a versioned
	// compare-and-swap: r.Version must equal the stored version
	// (ErrConflict otherwise), and the store increments it on r. It
	// returns ErrNotFound if there is no such record. A failed Update
	// changes nothing, r.Version included, and records no event. Use
	// Modify to read, change and update with retries.
	Update(ctx context.Context, c councilkit.Council, r *Record) error
	// Delete removes a record (at the end of its retention period), or
	// fails with ErrNotFound.
	Delete(ctx context.Context, c councilkit.Council, id string) error
	// List returns copies of the council's records matching f, oldest
	// first: by Received (a record without a date first), ties by ID. At
	// most f.Limit are returned if it is positive.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*Record, error)
}

// Modify reads the council's record id from s, lets fn change it, and
// stores the change with s.Update. If another writer got there first
// (ErrConflict) it reads the record again and calls fn again, until it
// succeeds or ctx ends, so fn may run more than once and must have no other
// effects. An error from fn is returned as it is and nothing is stored. fn
// must not change the ID or Council. Modify returns the stored record.
func Modify(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Record) error) (*Record, error) {
	for {
		r, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(r); err != nil {
			return nil, err
		}
		if r.ID != id || r.Council != c {
			return nil, errors.New("fsm: Modify must not change a record's ID or council")
		}
		err = s.Update(ctx, c, r)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return nil, err
			}
			return r, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// CheckStorable is for Store implementations: it returns the error a store
// must return before storing r for council c in Create or Update:
// ErrNoCouncil for the zero c, a *councilkit.ValidationError for a nil
// record or one without an ID, and ErrNotFound when r.Council is set and is
// not c. A store then stores r with its Council set to c.
func CheckStorable(c councilkit.Council, r *Record) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	if r == nil || r.ID == "" {
		var ps councilkit.Problems
		field := "id"
		if r == nil {
			field = ""
		}
		ps.Add(field, councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if !r.Council.IsZero() && r.Council != c {
		return fmt.Errorf("%w: the record belongs to another council", ErrNotFound)
	}
	return nil
}

// ChangeEvents returns the events that storing after over before records,
// for council c, caused by actor. before is nil for Create. It is pure:
// every Store calls it inside its write (the memory store under its lock,
// the PostgreSQL store inside the transaction) and stores the events with
// the change, or neither.
//
// A decision made (after has one, before had none) or changed (its
// outcome, basis, rule set, day or review day differ) records one
// events.FreeSchoolMealsDecided, dated after.DecidedAt: a decision without
// DecidedAt is an error wrapping events.ErrInvalid. Other changes record
// nothing. The data holds the record's ID and the decision, never the
// parent's or child's personal data.
func ChangeEvents(c councilkit.Council, before, after *Record, actor events.Actor) ([]events.Event, error) {
	if after == nil {
		return nil, errors.New("fsm: ChangeEvents needs the record after the change")
	}
	d := after.Decision
	if d == nil {
		return nil, nil
	}
	if before != nil && before.Decision != nil && sameOutcome(before.Decision, d) {
		return nil, nil
	}
	if after.DecidedAt.IsZero() {
		return nil, fmt.Errorf("%w: record %s has a decision without DecidedAt", events.ErrInvalid, after.ID)
	}
	e, err := events.New(c, events.FreeSchoolMealsDecided, after.ID, after.DecidedAt, actor, events.FreeSchoolMealsDecision{
		ApplicationID: after.ID,
		Eligible:      d.Eligible,
		Basis:         d.Basis.String(),
		RuleSet:       d.RuleSet,
		Decided:       d.AsAt,
		ReviewOn:      d.ReviewOn,
	})
	if err != nil {
		return nil, err
	}
	return []events.Event{e}, nil
}

// sameOutcome reports whether two decisions say the same thing as far as
// the event goes.
func sameOutcome(a, b *Decision) bool {
	return a.Eligible == b.Eligible && a.Basis == b.Basis && a.RuleSet == b.RuleSet &&
		a.AsAt == b.AsAt && a.ReviewOn == b.ReviewOn
}

// sortRecords sorts as List does: by Received (no date first), ties by ID.
func sortRecords(rs []*Record) {
	slices.SortFunc(rs, func(x, y *Record) int {
		if c := x.Received.Compare(y.Received); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
}

// MemStore is the in-memory Store, the default for tests and small
// deployments. It is safe for concurrent use. The zero value is an empty
// store ready to use.
//
// Every Create and Update records the change's events (see ChangeEvents)
// in Events or, if Events is nil, in the store's own log (EventLog), under
// the store's lock: a reader never sees a change without its events, and
// if recording fails the change is not made.
type MemStore struct {
	// Events, if not nil, is where the store records its events; set it
	// before first use (to share one events.MemLog between stores, say).
	Events events.Appender

	log  events.MemLog
	mu   sync.RWMutex
	recs map[councilkit.Council]map[string]*Record
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty store; new(MemStore) is the same.
func NewMemStore() *MemStore { return &MemStore{} }

// EventLog returns the log the store records its events in: its own
// events.MemLog if Events is nil, Events if it is also an events.Log, and
// nil otherwise.
func (m *MemStore) EventLog() events.Log {
	if m.Events == nil {
		return &m.log
	}
	l, _ := m.Events.(events.Log)
	return l
}

// record derives the events of storing after over before and appends
// them; the caller holds the lock and makes the change only if it
// succeeds.
func (m *MemStore) record(ctx context.Context, c councilkit.Council, before, after *Record) error {
	evs, err := ChangeEvents(c, before, after, events.ActorFrom(ctx))
	if err != nil || len(evs) == 0 {
		return err
	}
	var app events.Appender = &m.log
	if m.Events != nil {
		app = m.Events
	}
	return app.Append(ctx, evs...)
}

func checkCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return ErrNoCouncil
	}
	return nil
}

// Create implements Store.
func (m *MemStore) Create(ctx context.Context, c councilkit.Council, r *Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recs == nil {
		m.recs = make(map[councilkit.Council]map[string]*Record)
	}
	byID := m.recs[c]
	if _, ok := byID[r.ID]; ok {
		return fmt.Errorf("%w: free school meals record", ErrDuplicate)
	}
	next := r.Clone()
	next.Council, next.Version = c, 1
	if err := m.record(ctx, c, nil, next); err != nil {
		return err
	}
	if byID == nil {
		byID = make(map[string]*Record)
		m.recs[c] = byID
	}
	byID[r.ID] = next
	r.Council, r.Version = c, 1
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*Record, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.recs[c][id]
	if !ok {
		return nil, fmt.Errorf("%w: free school meals record", ErrNotFound)
	}
	return r.Clone(), nil
}

// Update implements Store.
func (m *MemStore) Update(ctx context.Context, c councilkit.Council, r *Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.recs[c][r.ID]
	if !ok {
		return fmt.Errorf("%w: free school meals record", ErrNotFound)
	}
	if cur.Version != r.Version {
		return fmt.Errorf("%w: free school meals record changed since it was read", ErrConflict)
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	if err := m.record(ctx, c, cur, next); err != nil {
		return err
	}
	m.recs[c][r.ID] = next
	r.Council, r.Version = c, next.Version
	return nil
}

// Delete implements Store.
func (m *MemStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[c][id]; !ok {
		return fmt.Errorf("%w: free school meals record", ErrNotFound)
	}
	delete(m.recs[c], id)
	return nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*Record, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []*Record
	for _, r := range m.recs[c] {
		if f.Matches(r) {
			out = append(out, r.Clone())
		}
	}
	m.mu.RUnlock()
	sortRecords(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
