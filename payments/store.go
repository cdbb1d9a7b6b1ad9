package payments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Store keeps payments. Every method is scoped to a council: a payment of
// one council is never returned, changed or listed for another, and a lookup
// with the wrong council returns ErrNotFound. Implementations must be safe
// for concurrent use and must pass paymentstest.RunStoreTests.
type Store interface {
	// Create stores a new payment. It returns ErrDuplicate if the council
	// already has a payment with the same ID or the same idempotency key;
	// the existing payment can then be read with GetByIdempotencyKey.
	Create(ctx context.Context, p *Payment) error
	// Get returns a copy of the council's payment with that ID.
	Get(ctx context.Context, council councilkit.Council, id uuid.UUID) (*Payment, error)
	// GetByIdempotencyKey returns the council's payment created with key.
	GetByIdempotencyKey(ctx context.Context, council councilkit.Council, key IdempotencyKey) (*Payment, error)
	// GetByProviderID returns the council's payment the provider knows by
	// providerID.
	GetByProviderID(ctx context.Context, council councilkit.Council, provider, providerID string) (*Payment, error)
	// Update changes the council's payment atomically: fn receives a copy of
	// the stored payment and may change it; if fn returns nil the change is
	// stored (with Version incremented) and the new payment returned,
	// otherwise nothing is stored and fn's error is returned. Concurrent
	// Updates of one payment are serialised, so fn always sees the latest
	// version. fn must not change ID, Council or IdempotencyKey.
	Update(ctx context.Context, council councilkit.Council, id uuid.UUID, fn func(*Payment) error) (*Payment, error)
	// List returns the council's payments matching q, oldest first.
	List(ctx context.Context, council councilkit.Council, q Query) ([]*Payment, error)
	// MarkWebhookSeen records a webhook message ID for the council and
	// reports whether it was new. A message seen before is a replay.
	MarkWebhookSeen(ctx context.Context, council councilkit.Council, messageID string) (first bool, err error)
}

// Query selects payments to list. The zero Query lists every payment of the
// council.
type Query struct {
	// Statuses, if not empty, keeps payments in one of them.
	Statuses []Status
	// From and To, if not zero, keep payments created on days From to To
	// inclusive, UK time.
	From, To calendar.Date
	// CapturedOn, if not zero, keeps payments that succeeded on that day,
	// UK time.
	CapturedOn calendar.Date
	// FundCode, if not empty, keeps payments for that fund.
	FundCode string
	// Limit, if positive, caps the number returned.
	Limit int
}

// Matches reports whether p is selected by q. Stores may use it to filter.
func (q Query) Matches(p *Payment) bool {
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, p.Status) {
		return false
	}
	day := calendar.DateOf(p.CreatedAt)
	if !q.From.IsZero() && day.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && day.After(q.To) {
		return false
	}
	if !q.CapturedOn.IsZero() && (p.CapturedAt.IsZero() || calendar.DateOf(p.CapturedAt) != q.CapturedOn) {
		return false
	}
	if q.FundCode != "" && p.FundCode != q.FundCode {
		return false
	}
	return true
}

func checkCouncil(c councilkit.Council) error {
	if c.IsZero() {
		return fmt.Errorf("%w: no council given", ErrNotFound)
	}
	return nil
}

// MemStore is an in-memory Store, the default for development and tests. It
// is safe for concurrent use. The zero value is not usable; call NewMemStore.
type MemStore struct {
	mu       sync.Mutex
	payments map[memKey]*Payment
	byKey    map[string]map[IdempotencyKey]uuid.UUID // by council code
	byProv   map[string]map[string]uuid.UUID         // by council code, then provKey
	webhooks map[string]map[string]struct{}          // by council code, then message ID
}

type memKey struct {
	council string
	id      uuid.UUID
}

// provKey is the byProv key of a provider's payment ID.
func provKey(provider, providerID string) string { return provider + "\x00" + providerID }

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{
		payments: make(map[memKey]*Payment),
		byKey:    make(map[string]map[IdempotencyKey]uuid.UUID),
		byProv:   make(map[string]map[string]uuid.UUID),
		webhooks: make(map[string]map[string]struct{}),
	}
}

var _ Store = (*MemStore)(nil)

// Create implements Store.
func (s *MemStore) Create(ctx context.Context, p *Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkCouncil(p.Council); err != nil {
		return err
	}
	if p.ID == uuid.Nil {
		return errors.New("payments: payment has no ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := p.Council.String()
	if _, ok := s.payments[memKey{c, p.ID}]; ok {
		return fmt.Errorf("%w: ID %s", ErrDuplicate, p.ID)
	}
	if p.IdempotencyKey != "" {
		if _, ok := s.byKey[c][p.IdempotencyKey]; ok {
			return fmt.Errorf("%w: idempotency key already used", ErrDuplicate)
		}
	}
	if p.ProviderID != "" {
		if _, ok := s.byProv[c][provKey(p.Provider, p.ProviderID)]; ok {
			return fmt.Errorf("%w: provider ID already used", ErrDuplicate)
		}
	}
	cp := p.Clone()
	cp.Version = 1
	s.payments[memKey{c, p.ID}] = cp
	s.index(c, cp)
	p.Version = 1
	return nil
}

func (s *MemStore) index(c string, p *Payment) {
	if p.IdempotencyKey != "" {
		if s.byKey[c] == nil {
			s.byKey[c] = make(map[IdempotencyKey]uuid.UUID)
		}
		s.byKey[c][p.IdempotencyKey] = p.ID
	}
	if p.ProviderID != "" {
		if s.byProv[c] == nil {
			s.byProv[c] = make(map[string]uuid.UUID)
		}
		s.byProv[c][provKey(p.Provider, p.ProviderID)] = p.ID
	}
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, council councilkit.Council, id uuid.UUID) (*Payment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[memKey{council.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: payment %s", ErrNotFound, id)
	}
	return p.Clone(), nil
}

// GetByIdempotencyKey implements Store.
func (s *MemStore) GetByIdempotencyKey(ctx context.Context, council councilkit.Council, key IdempotencyKey) (*Payment, error) {
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	s.mu.Lock()
	id, ok := s.byKey[council.String()][key]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: no payment with that idempotency key", ErrNotFound)
	}
	return s.Get(ctx, council, id)
}

// GetByProviderID implements Store.
func (s *MemStore) GetByProviderID(ctx context.Context, council councilkit.Council, provider, providerID string) (*Payment, error) {
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	s.mu.Lock()
	id, ok := s.byProv[council.String()][provKey(provider, providerID)]
	s.mu.Unlock()
	if !ok || providerID == "" {
		return nil, fmt.Errorf("%w: no payment with that provider ID", ErrNotFound)
	}
	return s.Get(ctx, council, id)
}

// Update implements Store. Updates hold the store's lock while fn runs, so
// fn must be quick and must not call the store.
func (s *MemStore) Update(ctx context.Context, council councilkit.Council, id uuid.UUID, fn func(*Payment) error) (*Payment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := council.String()
	cur, ok := s.payments[memKey{c, id}]
	if !ok {
		return nil, fmt.Errorf("%w: payment %s", ErrNotFound, id)
	}
	next := cur.Clone()
	if err := fn(next); err != nil {
		return nil, err
	}
	if next.ID != cur.ID || next.Council != cur.Council || next.IdempotencyKey != cur.IdempotencyKey {
		return nil, errors.New("payments: Update must not change a payment's ID, council or idempotency key")
	}
	if next.ProviderID != "" && (next.ProviderID != cur.ProviderID || next.Provider != cur.Provider) {
		if other, ok := s.byProv[c][provKey(next.Provider, next.ProviderID)]; ok && other != id {
			return nil, fmt.Errorf("%w: provider ID already used", ErrDuplicate)
		}
	}
	next.Version = cur.Version + 1
	s.payments[memKey{c, id}] = next
	s.index(c, next)
	return next.Clone(), nil
}

// List implements Store.
func (s *MemStore) List(ctx context.Context, council councilkit.Council, q Query) ([]*Payment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkCouncil(council); err != nil {
		return nil, err
	}
	s.mu.Lock()
	var out []*Payment
	c := council.String()
	for k, p := range s.payments {
		if k.council == c && q.Matches(p) {
			out = append(out, p.Clone())
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b *Payment) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return slices.Compare(a.ID[:], b.ID[:])
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// MarkWebhookSeen implements Store.
func (s *MemStore) MarkWebhookSeen(ctx context.Context, council councilkit.Council, messageID string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := checkCouncil(council); err != nil {
		return false, err
	}
	if messageID == "" {
		return false, errors.New("payments: empty webhook message ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := council.String()
	if s.webhooks[c] == nil {
		s.webhooks[c] = make(map[string]struct{})
	}
	if _, ok := s.webhooks[c][messageID]; ok {
		return false, nil
	}
	s.webhooks[c][messageID] = struct{}{}
	return true, nil
}
