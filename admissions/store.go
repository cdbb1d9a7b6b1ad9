package admissions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Filter selects applications from a store, and says in which order and
// from where. The zero Filter selects every application of the council,
// oldest first.
//
// An application has no status of its own to filter on: the outcome of a
// round (offered, refused, on a waiting list) and what the parent did
// with an offer are the round's, in a RoundStore and a Book.
type Filter struct {
	// SchoolYear selects one intake year; zero selects all.
	SchoolYear SchoolYear
	// EntryYears selects entry year groups; empty selects all.
	EntryYears []YearGroup
	// ID, if not empty, selects the application with exactly that ID (the
	// council's reference for it).
	ID string
	// Query, if not empty, selects applications whose ID contains it,
	// ignoring the case of the letters A to Z (and of no others, so that
	// every store finds the same applications). Its %, _ and \ are only
	// text to find. At most MaxQueryLen characters.
	Query string
	// School, if not zero, selects applications that name it among their
	// preferences.
	School URN
	// From and To, if not zero, select applications received on days
	// From to To inclusive; an application without a Received date is
	// then not selected.
	From, To calendar.Date
	// Sort is the order of the list; the zero Sort is SortOldest.
	Sort Sort
	// After, if not empty, is the cursor of the page before (Page.Next):
	// only applications after it in Sort's order are listed. It must come
	// from a list in the same Sort (ErrInvalidCursor otherwise).
	After string
	// Limit, if positive, caps the number returned; zero means no cap.
	Limit int
}

// Matches reports whether a is selected by f, ignoring Sort, After and
// Limit. Stores may use it to filter.
func (f Filter) Matches(a *Application) bool {
	return (f.SchoolYear == 0 || a.SchoolYear == f.SchoolYear) &&
		(len(f.EntryYears) == 0 || slices.Contains(f.EntryYears, a.EntryYear)) &&
		f.matchesCasework(a)
}

// Store keeps applications, each belonging to one council. The council is
// the second argument of every method; a store never returns, changes or
// lists one council's application for another: a lookup with the wrong
// council is ErrNotFound. Every method returns ErrNoCouncil for the zero
// Council and the context's error for a cancelled context. Implementations
// must be safe for concurrent use and must pass admissionstest.RunStoreTests.
type Store interface {
	// Create saves a new application with Version 1 (set on a). It fails
	// with ErrDuplicate if the council already has one with that ID, and
	// with a *councilkit.ValidationError (see CheckID) if a has no ID.
	Create(ctx context.Context, c councilkit.Council, a *Application) error
	// Get returns a copy of an application, or ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*Application, error)
	// Update replaces an application whose stored Version equals
	// a.Version, and increments a.Version. It fails with ErrConflict if
	// the application changed since it was read, ErrNotFound if there is
	// none; a failed Update changes nothing, a.Version included. Modify
	// wraps it with a retry.
	Update(ctx context.Context, c councilkit.Council, a *Application) error
	// Delete removes an application (withdrawn before the round), or
	// fails with ErrNotFound.
	Delete(ctx context.Context, c councilkit.Council, id string) error
	// List returns copies of the council's applications matching f (see
	// Filter.Matches), in f.Sort's order (see Sort.Compare; the zero Sort
	// is oldest first: by Received, an application without a date first,
	// ties by ID), only those after the place f.After marks if it is not
	// empty (Cursor.Precedes), and at most f.Limit if it is positive. A
	// filter that Filter.Validate refuses is refused with its error.
	// ListPage pages through List.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error)
}

// Modify reads the council's application id from s, lets fn change it, and
// stores the change with s.Update. If another writer got there first
// (ErrConflict) it reads the application again and calls fn again, until it
// succeeds or ctx ends, so fn may run more than once and must have no other
// effects. An error from fn is returned as it is and nothing is stored. fn
// must not change the ID. Modify returns the stored application.
func Modify(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Application) error) (*Application, error) {
	for {
		a, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(a); err != nil {
			return nil, err
		}
		if a.ID != id {
			return nil, fmt.Errorf("%w: Modify must not change an application's ID", ErrInvalidState)
		}
		err = s.Update(ctx, c, a)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return nil, err
			}
			return a, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// MemStore is the in-memory Store, the default for tests and small
// deployments. It is safe for concurrent use. The zero value is ready to
// use.
//
// Every Create and Update records the change's events (see ChangeEvents) in
// Events, or, if Events is nil, in the store's own log (EventLog), under
// the store's lock: a reader never sees a change without its events, and if
// recording fails the change is not made.
type MemStore struct {
	// Events, if not nil, is where the store records its events; set it
	// before first use (to share one events.MemLog between stores, say).
	Events events.Appender

	log  events.MemLog
	mu   sync.RWMutex
	apps map[councilkit.Council]map[string]*Application
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

// record derives the events of storing after over before and appends them;
// the caller holds the write lock and makes the change only if record
// succeeds.
func (m *MemStore) record(ctx context.Context, c councilkit.Council, before, after *Application) error {
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

// CheckID is for Store implementations: it returns the error Create must
// return for a nil application or one without an ID, a
// *councilkit.ValidationError that also matches ErrInvalidState.
func CheckID(a *Application) error {
	if a != nil && a.ID != "" {
		return nil
	}
	var ps councilkit.Problems
	field := "id"
	if a == nil {
		field = ""
	}
	ps.Add(field, councilkit.CodeRequired, councilkit.RequiredText())
	return fmt.Errorf("%w: %w", ErrInvalidState, ps.Err())
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
func (m *MemStore) Create(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	if err := CheckID(a); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.apps == nil {
		m.apps = make(map[councilkit.Council]map[string]*Application)
	}
	byID := m.apps[c]
	if byID == nil {
		byID = make(map[string]*Application)
		m.apps[c] = byID
	}
	if _, ok := byID[a.ID]; ok {
		return fmt.Errorf("%w: application", ErrDuplicate)
	}
	next := a.Clone()
	next.Version = 1
	if err := m.record(ctx, c, nil, next); err != nil {
		return err
	}
	a.Version = 1
	byID[a.ID] = next
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	a, ok := m.apps[c][id]
	if !ok {
		return nil, fmt.Errorf("%w: application", ErrNotFound)
	}
	return a.Clone(), nil
}

// Update implements Store.
func (m *MemStore) Update(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	if err := CheckID(a); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.apps[c][a.ID]
	if !ok {
		return fmt.Errorf("%w: application", ErrNotFound)
	}
	if old.Version != a.Version {
		return fmt.Errorf("%w: application changed since it was read", ErrConflict)
	}
	next := a.Clone()
	next.Version++
	if err := m.record(ctx, c, old, next); err != nil {
		return err
	}
	a.Version++
	m.apps[c][a.ID] = next
	return nil
}

// Delete implements Store.
func (m *MemStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.apps[c][id]; !ok {
		return fmt.Errorf("%w: application", ErrNotFound)
	}
	delete(m.apps[c], id)
	return nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	after, paged, err := f.Position()
	if err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []*Application
	for _, a := range m.apps[c] {
		if f.Matches(a) && (!paged || after.Precedes(a)) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, f.Sort.Compare)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	for i, a := range out {
		out[i] = a.Clone()
	}
	m.mu.RUnlock()
	return out, nil
}
