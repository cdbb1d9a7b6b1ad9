package admissions

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// RoundFilter selects round records from a store. The zero RoundFilter
// selects every record of the council.
type RoundFilter struct {
	// SchoolYear selects one intake year; zero selects all.
	SchoolYear SchoolYear
	// Limit, if positive, caps the number returned; zero means no cap.
	Limit int
}

// Matches reports whether r is selected by f, ignoring Limit.
func (f RoundFilter) Matches(r *RoundRecord) bool {
	return f.SchoolYear == 0 || r.SchoolYear == f.SchoolYear
}

// RoundStore keeps round records, each belonging to one council, with the
// council as the second argument of every method as in Store: a record of
// another council is ErrNotFound, the zero Council ErrNoCouncil, and a
// cancelled context the context's error. Every change is recorded with its
// events (RoundEvents) in the same step: a reader never sees a change
// without its events, and a change whose events cannot be recorded is not
// made. There is no Delete: a round's record is kept. Implementations must
// be safe for concurrent use and pass admissionstest.RunRoundStoreTests.
type RoundStore interface {
	// Create saves a new record with Version 1 (set on r). It fails with
	// ErrDuplicate if the council already has a record for the intake
	// (the same ID), and with the error of CheckRound for a record it
	// cannot store. A record whose Council names another council is
	// ErrNotFound; a zero Council is taken to be c. Create records no
	// events: a new record is a preview, and one created already
	// published (an import) has its history elsewhere.
	Create(ctx context.Context, c councilkit.Council, r *RoundRecord) error
	// Get returns a copy of a record, or ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*RoundRecord, error)
	// OfferFor is RoundRecord.OfferFor on the stored record id: one
	// child's place as their parent may see it at now, read without the
	// rest of the round. It fails with ErrNotFound for a round the
	// council does not have, then as RoundRecord.OfferFor does.
	OfferFor(ctx context.Context, c councilkit.Council, id, applicationID string, now time.Time) (RoundPlace, error)
	// Update replaces a record whose stored Version equals r.Version,
	// records the change's events, and increments r.Version. It fails
	// with ErrConflict if the record changed since it was read,
	// ErrNotFound if there is none; a failed Update changes nothing,
	// r.Version included. The events' actor is events.ActorFrom(ctx).
	Update(ctx context.Context, c councilkit.Council, r *RoundRecord) error
	// List returns copies of the council's records matching f, oldest
	// first by RunAt, ties by ID. At most f.Limit are returned if it is
	// positive.
	List(ctx context.Context, c councilkit.Council, f RoundFilter) ([]*RoundRecord, error)
}

// ModifyRound reads the council's round record id from s, lets fn change
// it, and stores the change with s.Update, retrying on ErrConflict as
// Modify does: fn may run more than once and must have no other effects.
// An error from fn is returned as it is and nothing is stored. fn must not
// change the ID. ModifyRound returns the stored record.
//
//	rec, err := admissions.ModifyRound(ctx, rounds, council, admissions.RoundID(2027, admissions.Year7),
//		func(r *admissions.RoundRecord) error { return r.Publish(clock.Now(), officerID) })
func ModifyRound(ctx context.Context, s RoundStore, c councilkit.Council, id string, fn func(*RoundRecord) error) (*RoundRecord, error) {
	for {
		r, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(r); err != nil {
			return nil, err
		}
		if r.ID != id {
			return nil, fmt.Errorf("%w: ModifyRound must not change a record's ID", ErrInvalidState)
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

// SortRounds sorts as RoundStore.List does: by RunAt, ties by ID.
func SortRounds(rs []*RoundRecord) {
	slices.SortFunc(rs, func(x, y *RoundRecord) int {
		if c := x.RunAt.Compare(y.RunAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
}

// MemRoundStore is the in-memory RoundStore. It is safe for concurrent
// use, and its zero value is ready to use: it then records events in a
// MemLog of its own, which Log returns.
type MemRoundStore struct {
	// Events receives the events of every change, appended while the
	// store holds its lock; nil means a MemLog of the store's own. Set it
	// before first use and do not change it.
	Events events.Appender

	mu     sync.RWMutex
	rounds map[councilkit.Council]map[string]*RoundRecord
	own    *events.MemLog
}

var _ RoundStore = (*MemRoundStore)(nil)

// appender returns where events go; m.mu must be held for writing.
func (m *MemRoundStore) appender() events.Appender {
	if m.Events != nil {
		return m.Events
	}
	if m.own == nil {
		m.own = new(events.MemLog)
	}
	return m.own
}

// EventLog implements events.Recorder: it returns the store's own event
// log when Events is nil, or Events if it is also an events.Log, or else
// nil.
func (m *MemRoundStore) EventLog() events.Log {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l, ok := m.appender().(events.Log); ok {
		return l
	}
	return nil
}

// scope checks the call and the record's council, filling in a zero one.
func scopeRound(ctx context.Context, c councilkit.Council, r *RoundRecord) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	if err := CheckRound(r); err != nil {
		return err
	}
	if !r.Council.IsZero() && r.Council != c {
		return fmt.Errorf("%w: round", ErrNotFound)
	}
	return nil
}

// Create implements RoundStore.
func (m *MemRoundStore) Create(ctx context.Context, c councilkit.Council, r *RoundRecord) error {
	if err := scopeRound(ctx, c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.rounds[c][r.ID]; ok {
		return fmt.Errorf("%w: round", ErrDuplicate)
	}
	if m.rounds == nil {
		m.rounds = make(map[councilkit.Council]map[string]*RoundRecord)
	}
	if m.rounds[c] == nil {
		m.rounds[c] = make(map[string]*RoundRecord)
	}
	r.Council, r.Version = c, 1
	m.rounds[c][r.ID] = r.Clone()
	return nil
}

// Get implements RoundStore.
func (m *MemRoundStore) Get(ctx context.Context, c councilkit.Council, id string) (*RoundRecord, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.rounds[c][id]
	if !ok {
		return nil, fmt.Errorf("%w: round", ErrNotFound)
	}
	return r.Clone(), nil
}

// OfferFor implements RoundStore.
func (m *MemRoundStore) OfferFor(ctx context.Context, c councilkit.Council, id, applicationID string, now time.Time) (RoundPlace, error) {
	if err := checkCall(ctx, c); err != nil {
		return RoundPlace{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.rounds[c][id]
	if !ok {
		return RoundPlace{}, fmt.Errorf("%w: round", ErrNotFound)
	}
	return r.OfferFor(applicationID, now)
}

// Update implements RoundStore.
func (m *MemRoundStore) Update(ctx context.Context, c councilkit.Council, r *RoundRecord) error {
	if err := scopeRound(ctx, c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.rounds[c][r.ID]
	if !ok {
		return fmt.Errorf("%w: round", ErrNotFound)
	}
	if old.Version != r.Version {
		return fmt.Errorf("%w: round changed since it was read", ErrConflict)
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	evs, err := RoundEvents(old, next, events.ActorFrom(ctx))
	if err != nil {
		return err
	}
	if err := m.appender().Append(ctx, evs...); err != nil {
		return err
	}
	m.rounds[c][r.ID] = next
	r.Council, r.Version = c, next.Version
	return nil
}

// List implements RoundStore.
func (m *MemRoundStore) List(ctx context.Context, c councilkit.Council, f RoundFilter) ([]*RoundRecord, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []*RoundRecord
	for _, r := range m.rounds[c] {
		if f.Matches(r) {
			out = append(out, r.Clone())
		}
	}
	m.mu.RUnlock()
	SortRounds(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
