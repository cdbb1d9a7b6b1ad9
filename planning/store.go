package planning

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// Store keeps applications. The council the caller acts for is the second
// argument of every method, and a store never returns, changes or lists one
// council's application for another: a lookup with the wrong council
// returns ErrNotFound. An application passed to Create or Update whose
// Council field names a different council is refused with ErrNotFound too,
// and nothing is stored; a zero Council field is taken to be the council of
// the call (and set on the application). Every method returns ErrNoCouncil
// for the zero Council and the context's error for a cancelled context.
// Implementations are safe for concurrent use and pass
// planningtest.RunStoreTests.
type Store interface {
	// Create stores a new application. a.ID is required (a
	// *councilkit.ValidationError otherwise); the store sets a.Version to
	// 1. It returns ErrDuplicate if the council already has an application
	// with that ID or reference.
	Create(ctx context.Context, c councilkit.Council, a *Application) error
	// Get returns a copy of the application with the given ID.
	Get(ctx context.Context, c councilkit.Council, id string) (*Application, error)
	// GetByReference returns a copy of the application with the given
	// reference.
	GetByReference(ctx context.Context, c councilkit.Council, ref Reference) (*Application, error)
	// Update replaces a stored application: a versioned compare-and-swap.
	// a.Version must equal the stored version (ErrConflict otherwise); the
	// store increments it. ErrNotFound if there is no such application,
	// ErrDuplicate if its new reference is taken. A failed Update changes
	// nothing, a.Version included. Modify wraps it with a retry.
	Update(ctx context.Context, c councilkit.Council, a *Application) error
	// List returns copies of the council's applications matching the
	// filter, oldest first: by SubmittedAt (an application not yet
	// submitted first), ties by ID. At most f.Limit if it is positive.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error)
	// NextSequence returns the next reference sequence number for the
	// council and year, starting at 1; no two calls return the same number.
	NextSequence(ctx context.Context, c councilkit.Council, year int) (int, error)
}

// Filter narrows List. Zero fields match everything.
type Filter struct {
	State State
	Type  ApplicationType
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether a passes the filter, ignoring Limit.
func (f Filter) Matches(a *Application) bool {
	return (f.State == StateNone || a.Lifecycle.State == f.State) && (f.Type.IsZero() || a.Type == f.Type)
}

// CheckStorable is for Store implementations: it returns the error a store
// must return before storing a for council c in Create or Update:
// ErrNoCouncil for the zero c, a *councilkit.ValidationError for a nil
// application or one without an ID, and ErrNotFound when a.Council is set
// and is not c. A store then stores a with its Council set to c.
func CheckStorable(c councilkit.Council, a *Application) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	if a == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if a.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !a.Council.IsZero() && a.Council != c {
		return fmt.Errorf("%w: the application belongs to another council", ErrNotFound)
	}
	return nil
}

// Modify reads the council's application id from s, lets fn change it, and
// stores the change with s.Update. If another writer got there first
// (ErrConflict) it reads the application again and calls fn again, until it
// succeeds or ctx ends, so fn may run more than once and must have no other
// effects. An error from fn is returned as it is and nothing is stored. fn
// must not change the ID or Council. Modify returns the stored application.
func Modify(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Application) error) (*Application, error) {
	for {
		a, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(a); err != nil {
			return nil, err
		}
		if a.ID != id || a.Council != c {
			return nil, errors.New("planning: Modify must not change an application's ID or council")
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

type memKey struct {
	council string
	id      string
}

type seqKey struct {
	council string
	year    int
}

// MemStore is a Store held in memory: the default for tests, prototypes
// and single-process services. It is safe for concurrent use. The zero
// value is an empty store ready to use.
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
	apps map[memKey]*Application
	refs map[memKey]string // (council, reference) -> id
	seqs map[seqKey]int
}

// NewMemStore returns an empty MemStore; new(MemStore) is the same.
func NewMemStore() *MemStore { return &MemStore{} }

var _ Store = (*MemStore)(nil)

// EventLog returns the log the store records its events in: its own
// events.MemLog if Events is nil, Events if it is also an events.Log, and
// nil otherwise.
func (s *MemStore) EventLog() events.Log {
	if s.Events == nil {
		return &s.log
	}
	l, _ := s.Events.(events.Log)
	return l
}

// record derives the events of storing after over before and appends them;
// the caller holds the write lock and makes the change only if record
// succeeds.
func (s *MemStore) record(ctx context.Context, c councilkit.Council, before, after *Application) error {
	evs, err := ChangeEvents(c, before, after, events.ActorFrom(ctx))
	if err != nil || len(evs) == 0 {
		return err
	}
	var app events.Appender = &s.log
	if s.Events != nil {
		app = s.Events
	}
	return app.Append(ctx, evs...)
}

// init makes the maps; the caller holds the write lock.
func (s *MemStore) init() {
	if s.apps == nil {
		s.apps, s.refs, s.seqs = map[memKey]*Application{}, map[memKey]string{}, map[seqKey]int{}
	}
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
func (s *MemStore) Create(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, a); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	k := memKey{c.String(), a.ID}
	if _, ok := s.apps[k]; ok {
		return fmt.Errorf("%w: application ID", ErrDuplicate)
	}
	if !a.Reference.IsZero() {
		if _, ok := s.refs[memKey{c.String(), a.Reference.String()}]; ok {
			return fmt.Errorf("%w: reference", ErrDuplicate)
		}
	}
	next := a.Clone()
	next.Council, next.Version = c, 1
	if err := s.record(ctx, c, nil, next); err != nil {
		return err
	}
	a.Council = c
	a.Version = 1
	s.apps[k] = next
	if !a.Reference.IsZero() {
		s.refs[memKey{c.String(), a.Reference.String()}] = a.ID
	}
	return nil
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: application", ErrNotFound)
	}
	return a.Clone(), nil
}

// GetByReference implements Store.
func (s *MemStore) GetByReference(ctx context.Context, c councilkit.Council, ref Reference) (*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.refs[memKey{c.String(), ref.String()}]
	if !ok || ref.IsZero() {
		return nil, fmt.Errorf("%w: reference", ErrNotFound)
	}
	return s.apps[memKey{c.String(), id}].Clone(), nil
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, a); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{c.String(), a.ID}
	old, ok := s.apps[k]
	if !ok {
		return fmt.Errorf("%w: application", ErrNotFound)
	}
	if old.Version != a.Version {
		return fmt.Errorf("%w: application changed since it was read", ErrConflict)
	}
	newRef := memKey{c.String(), a.Reference.String()}
	if a.Reference != old.Reference && !a.Reference.IsZero() {
		if _, taken := s.refs[newRef]; taken {
			return fmt.Errorf("%w: reference", ErrDuplicate)
		}
	}
	next := a.Clone()
	next.Council = c
	next.Version++
	if err := s.record(ctx, c, old, next); err != nil {
		return err
	}
	if !old.Reference.IsZero() && old.Reference != a.Reference {
		delete(s.refs, memKey{c.String(), old.Reference.String()})
	}
	if !a.Reference.IsZero() {
		s.refs[newRef] = a.ID
	}
	a.Council = c
	a.Version++
	s.apps[k] = next
	return nil
}

// List implements Store.
func (s *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*Application
	for k, a := range s.apps {
		if k.council == c.String() && f.Matches(a) {
			out = append(out, a.Clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(x, y *Application) int {
		if c := x.SubmittedAt.Compare(y.SubmittedAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// NextSequence implements Store.
func (s *MemStore) NextSequence(ctx context.Context, c councilkit.Council, year int) (int, error) {
	if err := checkCall(ctx, c); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	k := seqKey{c.String(), year}
	s.seqs[k]++
	return s.seqs[k], nil
}

// IssueReference takes the next sequence number for the council and year
// from the store and formats the application's reference with it.
func IssueReference(ctx context.Context, s Store, c councilkit.Council, f ReferenceFormat, year int, t ApplicationType) (Reference, error) {
	seq, err := s.NextSequence(ctx, c, year)
	if err != nil {
		return Reference{}, err
	}
	return f.Format(year, seq, t)
}
