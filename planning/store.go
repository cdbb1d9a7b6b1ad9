package planning

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
)

// Errors returned by an ApplicationStore.
var (
	// ErrNotFound: no application with that ID or reference for that
	// council (including one that belongs to another council).
	ErrNotFound = errors.New("planning: application not found")
	// ErrDuplicate: an application with that ID or reference already
	// exists for the council.
	ErrDuplicate = errors.New("planning: application already exists")
	// ErrConflict: the application was changed by someone else since the
	// copy being saved was read.
	ErrConflict = errors.New("planning: application changed since it was read")
)

// ApplicationStore keeps applications. Every method takes the council the
// caller acts for, and a store never returns one council's application to
// another: a lookup with the wrong council returns ErrNotFound.
// Implementations are safe for concurrent use and pass
// planningtest.RunStoreTests.
type ApplicationStore interface {
	// Create stores a new application. a.ID and a.Council are required; the
	// store sets a.Version to 1.
	Create(ctx context.Context, a *Application) error
	// Get returns a copy of the application with the given ID.
	Get(ctx context.Context, council councilkit.Council, id string) (*Application, error)
	// GetByReference returns a copy of the application with the given
	// reference.
	GetByReference(ctx context.Context, council councilkit.Council, ref Reference) (*Application, error)
	// Update replaces a stored application. a.Version must equal the stored
	// version (ErrConflict otherwise); the store increments it.
	Update(ctx context.Context, a *Application) error
	// List returns copies of the council's applications matching the
	// filter, oldest submission first.
	List(ctx context.Context, council councilkit.Council, f Filter) ([]*Application, error)
	// NextSequence returns the next reference sequence number for the
	// council and year, starting at 1; no two calls return the same number.
	NextSequence(ctx context.Context, council councilkit.Council, year int) (int, error)
}

// Filter narrows List. Zero fields match everything.
type Filter struct {
	State State
	Type  ApplicationType
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether a passes the filter.
func (f Filter) Matches(a *Application) bool {
	return (f.State == StateNone || a.Lifecycle.State == f.State) && (f.Type.IsZero() || a.Type == f.Type)
}

// CheckStorable is for ApplicationStore implementations: it returns the
// *councilkit.ValidationError a store must return for an application
// without an ID or council.
func CheckStorable(a *Application) error {
	var ps councilkit.Problems
	if a == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if a.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if a.Council.IsZero() {
		ps.Add("council", councilkit.CodeRequired, councilkit.Text{English: "Select the council", Welsh: "Dewiswch y cyngor"})
	}
	return ps.Err()
}

type memKey struct {
	council string
	id      string
}

type seqKey struct {
	council string
	year    int
}

// MemStore is an ApplicationStore held in memory: the default for tests,
// prototypes and single-process services. The zero value is not usable;
// call NewMemStore.
type MemStore struct {
	mu   sync.RWMutex
	apps map[memKey]*Application
	refs map[memKey]string // (council, reference) -> id
	seqs map[seqKey]int
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{apps: map[memKey]*Application{}, refs: map[memKey]string{}, seqs: map[seqKey]int{}}
}

var _ ApplicationStore = (*MemStore)(nil)

// Create implements ApplicationStore.
func (s *MemStore) Create(ctx context.Context, a *Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(a); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{a.Council.String(), a.ID}
	if _, ok := s.apps[k]; ok {
		return ErrDuplicate
	}
	if !a.Reference.IsZero() {
		if _, ok := s.refs[memKey{a.Council.String(), a.Reference.String()}]; ok {
			return ErrDuplicate
		}
	}
	a.Version = 1
	s.apps[k] = a.Clone()
	if !a.Reference.IsZero() {
		s.refs[memKey{a.Council.String(), a.Reference.String()}] = a.ID
	}
	return nil
}

// Get implements ApplicationStore.
func (s *MemStore) Get(ctx context.Context, council councilkit.Council, id string) (*Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[memKey{council.String(), id}]
	if !ok || council.IsZero() {
		return nil, ErrNotFound
	}
	return a.Clone(), nil
}

// GetByReference implements ApplicationStore.
func (s *MemStore) GetByReference(ctx context.Context, council councilkit.Council, ref Reference) (*Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.refs[memKey{council.String(), ref.String()}]
	if !ok || ref.IsZero() || council.IsZero() {
		return nil, ErrNotFound
	}
	return s.apps[memKey{council.String(), id}].Clone(), nil
}

// Update implements ApplicationStore.
func (s *MemStore) Update(ctx context.Context, a *Application) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(a); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{a.Council.String(), a.ID}
	old, ok := s.apps[k]
	if !ok {
		return ErrNotFound
	}
	if old.Version != a.Version {
		return ErrConflict
	}
	newRef := memKey{a.Council.String(), a.Reference.String()}
	if a.Reference != old.Reference && !a.Reference.IsZero() {
		if _, taken := s.refs[newRef]; taken {
			return ErrDuplicate
		}
	}
	if !old.Reference.IsZero() && old.Reference != a.Reference {
		delete(s.refs, memKey{a.Council.String(), old.Reference.String()})
	}
	if !a.Reference.IsZero() {
		s.refs[newRef] = a.ID
	}
	a.Version++
	s.apps[k] = a.Clone()
	return nil
}

// List implements ApplicationStore.
func (s *MemStore) List(ctx context.Context, council councilkit.Council, f Filter) ([]*Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*Application
	for k, a := range s.apps {
		if k.council == council.String() && !council.IsZero() && f.Matches(a) {
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

// NextSequence implements ApplicationStore.
func (s *MemStore) NextSequence(ctx context.Context, council councilkit.Council, year int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if council.IsZero() {
		return 0, CheckStorable(&Application{ID: "-"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := seqKey{council.String(), year}
	s.seqs[k]++
	return s.seqs[k], nil
}

// IssueReference takes the next sequence number for the council and year
// from the store and formats the application's reference with it.
func IssueReference(ctx context.Context, s ApplicationStore, f ReferenceFormat, council councilkit.Council, year int, t ApplicationType) (Reference, error) {
	seq, err := s.NextSequence(ctx, council, year)
	if err != nil {
		return Reference{}, err
	}
	return f.Format(year, seq, t)
}
