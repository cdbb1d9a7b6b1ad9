package admissions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lgds/councilkit"
)

// Filter selects applications from a store.
type Filter struct {
	// SchoolYear selects one intake year; zero selects all.
	SchoolYear SchoolYear
	// EntryYears selects entry year groups; empty selects all.
	EntryYears []YearGroup
}

func (f Filter) match(a *Application) bool {
	return (f.SchoolYear == 0 || a.SchoolYear == f.SchoolYear) &&
		(len(f.EntryYears) == 0 || slices.Contains(f.EntryYears, a.EntryYear))
}

// ApplicationStore keeps applications, each belonging to one council. A
// store never returns one council's application to another: a lookup with
// the wrong council is ErrNotFound. Implementations must be safe for
// concurrent use and must pass admissionstest.RunStoreTests.
type ApplicationStore interface {
	// Create saves a new application with Version 1 (set on a). It fails
	// with ErrDuplicate if the council already has one with that ID.
	Create(ctx context.Context, c councilkit.Council, a *Application) error
	// Get returns a copy of an application, or ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*Application, error)
	// Update replaces an application whose stored Version equals
	// a.Version, and increments a.Version. It fails with ErrConflict if
	// the application changed since it was read, ErrNotFound if there is
	// none.
	Update(ctx context.Context, c councilkit.Council, a *Application) error
	// Delete removes an application (withdrawn before the round), or
	// fails with ErrNotFound.
	Delete(ctx context.Context, c councilkit.Council, id string) error
	// List returns copies of the council's applications matching f,
	// ordered by ID.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error)
}

// MemStore is the in-memory ApplicationStore, the default for tests and
// small deployments. The zero value is ready to use.
type MemStore struct {
	mu   sync.RWMutex
	apps map[councilkit.Council]map[string]*Application
}

var _ ApplicationStore = (*MemStore)(nil)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore { return &MemStore{} }

func checkCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return ErrNoCouncil
	}
	return nil
}

// Create implements ApplicationStore.
func (m *MemStore) Create(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	if a.ID == "" {
		return fmt.Errorf("%w: application without an ID", ErrInvalidState)
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
	a.Version = 1
	byID[a.ID] = a.Clone()
	return nil
}

// Get implements ApplicationStore.
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

// Update implements ApplicationStore.
func (m *MemStore) Update(ctx context.Context, c councilkit.Council, a *Application) error {
	if err := checkCall(ctx, c); err != nil {
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
	a.Version++
	m.apps[c][a.ID] = a.Clone()
	return nil
}

// Delete implements ApplicationStore.
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

// List implements ApplicationStore.
func (m *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*Application, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []*Application
	for _, a := range m.apps[c] {
		if f.match(a) {
			out = append(out, a.Clone())
		}
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(x, y *Application) int { return strings.Compare(x.ID, y.ID) })
	return out, nil
}
