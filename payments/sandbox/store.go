package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// Payment is one payment as the sandbox keeps it: what GOV.UK Pay's
// servers hold for a payment of an account. A Provider keeps its payments
// in a Store; only Store implementations need this type.
//
// The request's description, reference and metadata may be personal
// data: Payment's LogValue gives only its ID, status and amount.
type Payment struct {
	// Council is the council whose account the payment belongs to.
	Council councilkit.Council `json:"council"`
	// ID is the provider ID: the Provider's IDPrefix and a number from
	// Store.NextSequence.
	ID string `json:"id"`

	// The request the payment was created with.
	Amount         payments.Amount         `json:"amount"`
	Reference      string                  `json:"reference"`
	Description    string                  `json:"description"`
	ReturnURL      string                  `json:"return_url"`
	Language       payments.Language       `json:"language,omitempty"`
	Metadata       payments.Metadata       `json:"metadata,omitempty"`
	DelayedCapture bool                    `json:"delayed_capture,omitempty"`
	IdempotencyKey payments.IdempotencyKey `json:"idempotency_key,omitempty"`

	// Status and FailureCode are as last stored. A payment left waiting
	// for the resident for ExpiryAfter is reported as expired whether or
	// not that has been stored (see Provider.Get).
	Status      payments.Status      `json:"status"`
	FailureCode payments.FailureCode `json:"failure_code,omitempty"`
	CreatedAt   time.Time            `json:"created_at"`
	// CapturedAt is zero until the payment is captured.
	CapturedAt time.Time            `json:"captured_at,omitzero"`
	Card       payments.CardDetails `json:"card,omitzero"`
	// Refunds are the payment's refunds, oldest first. In the sandbox
	// every refund succeeds at once.
	Refunds []Refund `json:"refunds,omitempty"`

	// Version is the stored version, set by Store.Create (1) and
	// incremented by each Store.Update. It is not part of the JSON form:
	// stores keep it beside it.
	Version int64 `json:"-"`
}

// Refund is one refund of a sandbox Payment.
type Refund struct {
	// ID is the refund's provider ID: the payment's, "r" and its number.
	ID        string          `json:"id"`
	Amount    payments.Amount `json:"amount"`
	CreatedAt time.Time       `json:"created_at"`
}

// Clone returns a deep copy of p.
func (p *Payment) Clone() *Payment {
	if p == nil {
		return nil
	}
	c := *p
	c.Metadata = maps.Clone(p.Metadata)
	c.Refunds = slices.Clone(p.Refunds)
	return &c
}

// Refunded is the total of p's refunds.
func (p *Payment) Refunded() payments.Amount {
	var t payments.Amount
	for _, r := range p.Refunds {
		t = t.Add(r.Amount)
	}
	return t
}

// LogValue implements slog.LogValuer: the payment's ID, status and amount,
// never its reference, description or metadata, which may be personal
// data.
func (p *Payment) LogValue() slog.Value {
	if p == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("id", p.ID), slog.String("status", p.Status.String()),
		slog.String("amount", p.Amount.Plain()))
}

// request returns the request p was created with.
func (p *Payment) request() payments.ProviderRequest {
	return payments.ProviderRequest{Amount: p.Amount, Reference: p.Reference, Description: p.Description,
		ReturnURL: p.ReturnURL, Language: p.Language, Metadata: p.Metadata, DelayedCapture: p.DelayedCapture,
		IdempotencyKey: p.IdempotencyKey}
}

// Store keeps a sandbox's payments: in memory (MemStore, the default), or
// in a database shared by every instance of an application (package
// postgres's DB.Sandbox, package sqlite's DB.Sandbox), so that a payment
// started on one instance can be completed on another, or after a restart.
// It plays the part of GOV.UK Pay's own servers.
//
// Every method takes the council whose account the sandbox plays and
// never returns or changes another council's payments. The zero Council
// is councilkit.ErrNoCouncil in every method; a cancelled context returns
// the context's error. Implementations must be safe for concurrent use,
// also by several processes sharing one store. The conformance suite in
// package sandboxtest checks an implementation.
type Store interface {
	// Create stores p as a new payment of council c, with Version 1, and
	// sets p.Council and p.Version. It returns an error wrapping
	// councilkit.ErrDuplicate, and stores nothing, if c already has a
	// payment with p's ID or with p's IdempotencyKey (when not empty);
	// councilkit.ErrNotFound if p.Council names another council; and a
	// *councilkit.ValidationError for a payment CheckPayment refuses.
	Create(ctx context.Context, c councilkit.Council, p *Payment) error
	// Get returns a copy of council c's payment id, or an error wrapping
	// councilkit.ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*Payment, error)
	// GetByIdempotencyKey returns a copy of council c's payment created
	// with key, or an error wrapping councilkit.ErrNotFound (always, for
	// the empty key).
	GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key payments.IdempotencyKey) (*Payment, error)
	// Update stores p in place of council c's payment p.ID if the stored
	// payment's Version is p.Version, and increments p.Version. Otherwise
	// it returns an error wrapping councilkit.ErrConflict, or
	// councilkit.ErrNotFound if there is no such payment (or p.Council
	// names another council), and changes nothing. A payment's ID,
	// IdempotencyKey and CreatedAt never change: an Update that changes
	// them is a *councilkit.ValidationError. Use Modify to read, change
	// and update.
	Update(ctx context.Context, c councilkit.Council, p *Payment) error
	// NextSequence returns the next number for council c's provider IDs:
	// 1, then 2, and so on, never the same number twice for one council,
	// whichever process asks. A number may be spent without a payment
	// being stored.
	NextSequence(ctx context.Context, c councilkit.Council) (int64, error)
}

// CheckPayment is for Store implementations: it returns the error Create
// and Update return for p, stored for council c: councilkit.ErrNoCouncil
// for the zero council; a *councilkit.ValidationError listing every
// problem for a nil payment, no ID, an undefined status or no creation
// time; and an error wrapping councilkit.ErrNotFound if p.Council is
// neither zero nor c.
func CheckPayment(c councilkit.Council, p *Payment) error {
	if c.IsZero() {
		return councilkit.ErrNoCouncil
	}
	var ps councilkit.Problems
	if p == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if p.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if _, err := p.Status.MarshalText(); err != nil || p.Status == payments.StatusUnknown {
		ps.Add("status", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	if p.CreatedAt.IsZero() {
		ps.Add("created_at", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !p.Council.IsZero() && p.Council != c {
		return fmt.Errorf("%w: the sandbox payment belongs to another council", councilkit.ErrNotFound)
	}
	return nil
}

// CheckUpdate is for Store implementations: it returns the
// *councilkit.ValidationError Update returns when next, a new version of
// the stored payment cur, changes what never changes: the idempotency key
// or the creation time.
func CheckUpdate(cur, next *Payment) error {
	var ps councilkit.Problems
	if next.IdempotencyKey != cur.IdempotencyKey {
		ps.Add("idempotency_key", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	if !next.CreatedAt.Equal(cur.CreatedAt) {
		ps.Add("created_at", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	return ps.Err()
}

// Modify reads council c's payment id from s, applies fn to it and
// updates it, reading again and retrying while the update fails with
// councilkit.ErrConflict (another process changed the payment meanwhile),
// until ctx ends: fn may run more than once, and must decide from the
// payment it is given. An error from fn is returned as it is, and nothing
// is stored. It returns the payment as stored.
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
			return nil, errors.New("sandbox: Modify must not change a payment's ID or council")
		}
		err = s.Update(ctx, c, p)
		if !errors.Is(err, councilkit.ErrConflict) {
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

// MemStore is a Store in process memory: the default, which lives as long
// as the process. The zero MemStore is empty and ready to use; NewMemStore
// returns one too. It is safe for concurrent use.
type MemStore struct {
	mu       sync.Mutex
	councils map[councilkit.Council]*memCouncil
}

type memCouncil struct {
	payments map[string]*Payment
	byKey    map[payments.IdempotencyKey]string
	seq      int64
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return new(MemStore) }

func memCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return councilkit.ErrNoCouncil
	}
	return nil
}

// council returns c's payments, made on first use. Callers hold s.mu.
func (s *MemStore) council(c councilkit.Council) *memCouncil {
	if s.councils == nil {
		s.councils = make(map[councilkit.Council]*memCouncil)
	}
	m := s.councils[c]
	if m == nil {
		m = &memCouncil{payments: make(map[string]*Payment), byKey: make(map[payments.IdempotencyKey]string)}
		s.councils[c] = m
	}
	return m
}

// Create implements Store.
func (s *MemStore) Create(ctx context.Context, c councilkit.Council, p *Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckPayment(c, p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.council(c)
	if _, ok := m.payments[p.ID]; ok {
		return fmt.Errorf("%w: sandbox payment ID", councilkit.ErrDuplicate)
	}
	if _, ok := m.byKey[p.IdempotencyKey]; ok && p.IdempotencyKey != "" {
		return fmt.Errorf("%w: sandbox payment idempotency key", councilkit.ErrDuplicate)
	}
	stored := p.Clone()
	stored.Council, stored.Version = c, 1
	m.payments[p.ID] = stored
	if p.IdempotencyKey != "" {
		m.byKey[p.IdempotencyKey] = p.ID
	}
	p.Council, p.Version = c, 1
	return nil
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*Payment, error) {
	if err := memCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.councils[c]; m != nil {
		if p, ok := m.payments[id]; ok {
			return p.Clone(), nil
		}
	}
	return nil, fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
}

// GetByIdempotencyKey implements Store.
func (s *MemStore) GetByIdempotencyKey(ctx context.Context, c councilkit.Council, key payments.IdempotencyKey) (*Payment, error) {
	if err := memCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.councils[c]; m != nil && key != "" {
		if id, ok := m.byKey[key]; ok {
			return m.payments[id].Clone(), nil
		}
	}
	return nil, fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, c councilkit.Council, p *Payment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckPayment(c, p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var cur *Payment
	if m := s.councils[c]; m != nil {
		cur = m.payments[p.ID]
	}
	if cur == nil {
		return fmt.Errorf("%w: sandbox payment", councilkit.ErrNotFound)
	}
	if cur.Version != p.Version {
		return fmt.Errorf("%w: sandbox payment changed since it was read", councilkit.ErrConflict)
	}
	if err := CheckUpdate(cur, p); err != nil {
		return err
	}
	stored := p.Clone()
	stored.Council, stored.Version = c, p.Version+1
	s.councils[c].payments[p.ID] = stored
	p.Council, p.Version = c, stored.Version
	return nil
}

// NextSequence implements Store.
func (s *MemStore) NextSequence(ctx context.Context, c councilkit.Council) (int64, error) {
	if err := memCall(ctx, c); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.council(c)
	m.seq++
	return m.seq, nil
}
