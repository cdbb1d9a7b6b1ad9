package payments

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

// Store keeps payments. The council the caller acts for is the second
// argument of every method: a payment of one council is never returned,
// changed or listed for another, and a lookup with the wrong council
// returns ErrNotFound. A payment passed to Create or Update whose Council
// field names a different council is refused with ErrNotFound too, and
// nothing is stored; a zero Council field is taken to be the council of the
// call (and set on the payment). Every method returns ErrNoCouncil for the
// zero Council and the context's error for a cancelled context.
// Implementations must be safe for concurrent use and must pass
// paymentstest.RunStoreTests.
type Store interface {
	// Create stores a new payment, which must have an ID (Service mints
	// them with uuid.NewString; a *councilkit.ValidationError otherwise),
	// and sets p.Version to 1. It returns
	// ErrDuplicate if the council already has a payment with the same ID,
	// idempotency key or provider ID; the existing payment can then be read
	// with GetByIdempotencyKey.
	Create(ctx context.Context, c councilkit.Council, p *Payment) error
	// Get returns a copy of the council's payment with that ID.
	Get(ctx context.Context, c councilkit.Council, id string) (*Payment, error)
	// GetByIdempotencyKey returns the council's payment created with key.
	GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key IdempotencyKey) (*Payment, error)
	// GetByProviderID returns the council's payment the provider knows by
	// providerID.
	GetByProviderID(ctx context.Context, c councilkit.Council, provider, providerID string) (*Payment, error)
	// Update replaces the council's stored payment with p, a versioned
	// compare-and-swap: p.Version must equal the stored version
	// (ErrConflict otherwise), and the store increments it on p. It
	// returns ErrNotFound if there is no such payment and ErrDuplicate if
	// its new provider ID is taken. It refuses (as CheckUpdate does) a
	// change of the idempotency key, a change or removal of a recorded
	// event or refund, and a change of a refund's ID, amount, key, reason
	// or requester. A failed Update changes nothing, p.Version included.
	// Use Modify to read, change and update with retries.
	Update(ctx context.Context, c councilkit.Council, p *Payment) error
	// List returns copies of the council's payments matching f (see
	// Filter.Matches), in f.Sort's order (see Sort.Compare; the zero Sort
	// is oldest first: by CreatedAt, ties by ID), only those after the
	// place f.After marks if it is not empty (Cursor.Precedes), and at
	// most f.Limit if it is positive. A filter that Filter.Validate
	// refuses is refused with its error. ListPage pages through List.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*Payment, error)
	// MarkWebhookSeen records a webhook message ID for the council and
	// reports whether it was new. A message seen before is a replay.
	MarkWebhookSeen(ctx context.Context, c councilkit.Council, messageID string) (first bool, err error)
}

// Modify reads the council's payment id from s, lets fn change it, and
// stores the change with s.Update. If another writer got there first
// (ErrConflict) it reads the payment again and calls fn again, until it
// succeeds or ctx ends, so fn may run more than once and must have no
// effects outside the payment. An error from fn is returned as it is and
// nothing is stored. fn must not change the ID, Council or IdempotencyKey.
// Modify returns the stored payment.
//
// Because a stale write never wins, a change that checks the payment
// before making it (a refund checks the amount still available) is checked
// against the payment it is stored over: two racing refunds cannot
// together take more than was paid.
func Modify(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Payment) error) (*Payment, error) {
	for {
		p, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(p); err != nil {
			return nil, err
		}
		if p.ID != id || p.Council != c {
			return nil, errors.New("payments: Modify must not change a payment's ID or council")
		}
		err = s.Update(ctx, c, p)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return nil, err
			}
			return p, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// Filter selects payments to list, and says in which order and from where.
// The zero Filter lists every payment of the council, oldest first.
type Filter struct {
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
	// Reference, if not empty, keeps payments whose Reference is exactly
	// it (a council's account or penalty number; several payments may
	// share one).
	Reference string
	// Query, if not empty, keeps payments whose Reference or Description
	// contains it, ignoring the case of the letters A to Z (and of no
	// others, so that every store finds the same payments). Its %, _ and
	// \ are only text to find. It is what an officer types in a search
	// box: at most MaxQueryLen characters.
	Query string
	// Sort is the order of the list; the zero Sort is SortOldest.
	Sort Sort
	// After, if not empty, is the cursor of the page before (Page.Next):
	// only payments after it in Sort's order are listed. It must come from
	// a list in the same Sort (ErrInvalidCursor otherwise).
	After string
	// Limit, if positive, caps the number returned.
	Limit int
}

// Matches reports whether p is selected by f, ignoring Sort, After and
// Limit. Stores may use it to filter.
func (f Filter) Matches(p *Payment) bool {
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, p.Status) {
		return false
	}
	day := calendar.DateOf(p.CreatedAt)
	if !f.From.IsZero() && day.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && day.After(f.To) {
		return false
	}
	if !f.CapturedOn.IsZero() && (p.CapturedAt.IsZero() || calendar.DateOf(p.CapturedAt) != f.CapturedOn) {
		return false
	}
	if f.FundCode != "" && p.FundCode != f.FundCode {
		return false
	}
	return f.matchesSearch(p)
}

func checkCouncil(c councilkit.Council) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	return nil
}

func checkCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkCouncil(c)
}

// CheckStorable is for Store implementations: it returns the error a store
// must return before storing p for council c in Create or Update:
// ErrNoCouncil for the zero c, a *councilkit.ValidationError for a nil
// payment or one without an ID, and ErrNotFound when p.Council is set and
// is not c. A store then stores p with its Council set to c.
func CheckStorable(c councilkit.Council, p *Payment) error {
	if err := checkCouncil(c); err != nil {
		return err
	}
	if p == nil || p.ID == "" {
		var ps councilkit.Problems
		field := "id"
		if p == nil {
			field = ""
		}
		ps.Add(field, councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if !p.Council.IsZero() && p.Council != c {
		return fmt.Errorf("%w: the payment belongs to another council", ErrNotFound)
	}
	return nil
}

// MemStore is an in-memory Store, the default for development and tests. It
// is safe for concurrent use. The zero value is an empty store ready to use.
//
// Every Create and Update records the change's events (see ChangeEvents) in
// Events, or, if Events is nil, in the store's own log (EventLog), under
// the store's lock: a reader never sees a change without its events, and if
// recording fails the change is not made.
type MemStore struct {
	// Events, if not nil, is where the store records its events; set it
	// before first use (to share one events.MemLog between stores, say).
	Events events.Appender

	log      events.MemLog
	mu       sync.Mutex
	payments map[memKey]*Payment
	byKey    map[string]map[IdempotencyKey]string // by council code
	byProv   map[string]map[string]string         // by council code, then provKey
	webhooks map[string]map[string]struct{}       // by council code, then message ID
}

type memKey struct {
	council string
	id      string
}

// provKey is the byProv key of a provider's payment ID.
func provKey(provider, providerID string) string { return provider + "\x00" + providerID }

// NewMemStore returns an empty in-memory store; new(MemStore) is the same.
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
// the caller holds the lock and makes the change only if record succeeds.
func (s *MemStore) record(ctx context.Context, c councilkit.Council, before, after *Payment) error {
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

// init makes the maps; the caller holds the lock.
func (s *MemStore) init() {
	if s.payments == nil {
		s.payments = make(map[memKey]*Payment)
		s.byKey = make(map[string]map[IdempotencyKey]string)
		s.byProv = make(map[string]map[string]string)
		s.webhooks = make(map[string]map[string]struct{})
	}
}

// Create implements Store.
func (s *MemStore) Create(ctx context.Context, c councilkit.Council, p *Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	cc := c.String()
	if _, ok := s.payments[memKey{cc, p.ID}]; ok {
		return fmt.Errorf("%w: ID %s", ErrDuplicate, p.ID)
	}
	if p.IdempotencyKey != "" {
		if _, ok := s.byKey[cc][p.IdempotencyKey]; ok {
			return fmt.Errorf("%w: idempotency key already used", ErrDuplicate)
		}
	}
	if p.ProviderID != "" {
		if _, ok := s.byProv[cc][provKey(p.Provider, p.ProviderID)]; ok {
			return fmt.Errorf("%w: provider ID already used", ErrDuplicate)
		}
	}
	cp := p.Clone()
	cp.Council = c
	cp.Version = 1
	if err := s.record(ctx, c, nil, cp); err != nil {
		return err
	}
	s.payments[memKey{cc, p.ID}] = cp
	s.index(cc, cp)
	p.Council = c
	p.Version = 1
	return nil
}

func (s *MemStore) index(c string, p *Payment) {
	if p.IdempotencyKey != "" {
		if s.byKey[c] == nil {
			s.byKey[c] = make(map[IdempotencyKey]string)
		}
		s.byKey[c][p.IdempotencyKey] = p.ID
	}
	if p.ProviderID != "" {
		if s.byProv[c] == nil {
			s.byProv[c] = make(map[string]string)
		}
		s.byProv[c][provKey(p.Provider, p.ProviderID)] = p.ID
	}
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*Payment, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.get(c, id)
}

// get returns a copy of the payment; the caller holds the lock.
func (s *MemStore) get(c councilkit.Council, id string) (*Payment, error) {
	p, ok := s.payments[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: payment %s", ErrNotFound, id)
	}
	return p.Clone(), nil
}

// GetByIdempotencyKey implements Store.
func (s *MemStore) GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key IdempotencyKey) (*Payment, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.byKey[c.String()][key]
	if !ok || key == "" {
		return nil, fmt.Errorf("%w: no payment with that idempotency key", ErrNotFound)
	}
	return s.get(c, id)
}

// GetByProviderID implements Store.
func (s *MemStore) GetByProviderID(ctx context.Context, c councilkit.Council, provider, providerID string) (*Payment, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.byProv[c.String()][provKey(provider, providerID)]
	if !ok || providerID == "" {
		return nil, fmt.Errorf("%w: no payment with that provider ID", ErrNotFound)
	}
	return s.get(c, id)
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, c councilkit.Council, p *Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cc := c.String()
	cur, ok := s.payments[memKey{cc, p.ID}]
	if !ok {
		return fmt.Errorf("%w: payment %s", ErrNotFound, p.ID)
	}
	if cur.Version != p.Version {
		return fmt.Errorf("%w: payment %s changed since it was read", ErrConflict, p.ID)
	}
	if err := CheckUpdate(cur, p); err != nil {
		return err
	}
	if p.ProviderID != "" && (p.ProviderID != cur.ProviderID || p.Provider != cur.Provider) {
		if other, ok := s.byProv[cc][provKey(p.Provider, p.ProviderID)]; ok && other != p.ID {
			return fmt.Errorf("%w: provider ID already used", ErrDuplicate)
		}
	}
	next := p.Clone()
	next.Council = c
	next.Version++
	if err := s.record(ctx, c, cur, next); err != nil {
		return err
	}
	s.payments[memKey{cc, p.ID}] = next
	s.index(cc, next)
	p.Council = c
	p.Version++
	return nil
}

// CheckUpdate is for Store implementations: it returns the error Update
// must return when next, a new version of the stored payment cur, changes
// what may not change: the idempotency key, an event already recorded
// (events are append-only), a refund's ID, amount, key, reason, requester
// or place (refunds are never removed, and what was asked for, why and by
// whom is the audit trail).
func CheckUpdate(cur, next *Payment) error {
	if next.IdempotencyKey != cur.IdempotencyKey {
		return errors.New("payments: Update must not change a payment's idempotency key")
	}
	if len(next.Events) < len(cur.Events) || !slices.EqualFunc(cur.Events, next.Events[:len(cur.Events)], sameEvent) {
		return errors.New("payments: a payment's events are append-only: Update may add events but not change or remove them")
	}
	if len(next.Refunds) < len(cur.Refunds) {
		return errors.New("payments: Update must not remove a payment's refunds")
	}
	for i, r := range cur.Refunds {
		if n := next.Refunds[i]; n.ID != r.ID || n.Amount != r.Amount || n.Key != r.Key || n.Reason != r.Reason || n.RequestedBy != r.RequestedBy {
			return errors.New("payments: Update may change a refund's status and provider ID, not its ID, amount, key, reason, requester or order")
		}
	}
	return nil
}

func sameEvent(a, b Event) bool {
	return a.At.Equal(b.At) && a.Kind == b.Kind && a.From == b.From && a.To == b.To && a.Source == b.Source && a.Detail == b.Detail
}

// List implements Store.
func (s *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*Payment, error) {
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
	s.mu.Lock()
	var out []*Payment
	cc := c.String()
	for k, p := range s.payments {
		if k.council == cc && f.Matches(p) && (!paged || after.Precedes(p)) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, f.Sort.Compare)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	for i, p := range out {
		out[i] = p.Clone()
	}
	s.mu.Unlock()
	return out, nil
}

// MarkWebhookSeen implements Store.
func (s *MemStore) MarkWebhookSeen(ctx context.Context, c councilkit.Council, messageID string) (bool, error) {
	if err := checkCall(ctx, c); err != nil {
		return false, err
	}
	if messageID == "" {
		return false, errors.New("payments: empty webhook message ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	cc := c.String()
	if s.webhooks[cc] == nil {
		s.webhooks[cc] = make(map[string]struct{})
	}
	if _, ok := s.webhooks[cc][messageID]; ok {
		return false, nil
	}
	s.webhooks[cc][messageID] = struct{}{}
	return true, nil
}
