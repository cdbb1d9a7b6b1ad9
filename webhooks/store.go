package webhooks

import (
	"cmp"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DeliveryState is where a delivery of one event to one endpoint stands.
type DeliveryState int

// Delivery states. The list is append-only.
const (
	// Pending: not yet accepted by the receiver; the sender is retrying.
	Pending DeliveryState = iota
	// Delivered: the receiver answered 2xx. The sender never sends it
	// again by itself; an officer may replay it.
	Delivered
	// Dead: every attempt failed for longer than Config.GiveUpAfter. The
	// sender has given up; an officer can see it and replay it.
	Dead
)

var stateNames = [...]string{"pending", "delivered", "dead"}

// String returns "pending", "delivered" or "dead", or "DeliveryState(n)".
func (s DeliveryState) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("DeliveryState(%d)", int(s))
}

// MarshalText writes the state's name; a value outside the list is an
// error.
func (s DeliveryState) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(stateNames) {
		return nil, fmt.Errorf("webhooks: cannot marshal %v", s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a state's name.
func (s *DeliveryState) UnmarshalText(b []byte) error {
	v, err := ParseDeliveryState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Value stores the state's name, as MarshalText.
func (s DeliveryState) Value() (driver.Value, error) {
	b, err := s.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads a state's name from text.
func (s *DeliveryState) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return s.UnmarshalText([]byte(v))
	case []byte:
		return s.UnmarshalText(v)
	}
	return fmt.Errorf("webhooks: cannot scan %T into DeliveryState", src)
}

// ParseDeliveryState reads "pending", "delivered" or "dead".
func ParseDeliveryState(name string) (DeliveryState, error) {
	if i := slices.Index(stateNames[:], name); i >= 0 {
		return DeliveryState(i), nil
	}
	return 0, fmt.Errorf("webhooks: unknown delivery state %q", name)
}

// Attempt outcomes other than an HTTP status, in Attempt.Error. They are
// classes, never the underlying error's text, which can repeat the URL.
const (
	ErrorTimeout    = "timeout"     // no answer before Config.Timeout
	ErrorConnection = "connection"  // DNS, refused or reset connection, TLS
	ErrorRedirect   = "redirect"    // a 3xx, which is not followed
	ErrorStatus     = "http_status" // any other status that is not 2xx
	ErrorCancelled  = "cancelled"   // the sender's context ended
	ErrorRequest    = "request"     // the request could not be made
)

// Attempt is one try at a delivery.
type Attempt struct {
	At time.Time `json:"at"`
	// Duration is how long the receiver took to answer, or to fail.
	Duration time.Duration `json:"duration"`
	// Status is the HTTP status the receiver answered, 0 for none.
	Status int `json:"status,omitempty"`
	// Error is "" for a 2xx, else one of the Error* classes.
	Error string `json:"error,omitempty"`
	// Replay marks an attempt an officer asked for with Sender.Replay.
	Replay bool `json:"replay,omitempty"`
}

// OK reports whether the attempt was accepted (2xx).
func (a Attempt) OK() bool { return a.Error == "" && a.Status >= 200 && a.Status <= 299 }

// MaxAttemptsKept is how many attempts a Delivery keeps: the first and the
// latest ones.
const MaxAttemptsKept = 50

// Delivery is the record of sending one event to one endpoint: one per
// (endpoint, event ID), with its attempts.
type Delivery struct {
	// ID identifies the delivery within its council; a store mints one if
	// it is empty at CreateDelivery.
	ID         string             `json:"id"`
	Council    councilkit.Council `json:"council"`
	EndpointID string             `json:"endpoint_id"`
	// EventID is the event's ID: the webhook-id of every attempt.
	EventID   string      `json:"event_id"`
	EventType events.Type `json:"event_type"`
	// Body is the event's CloudEvents JSON exactly as sent, so that a
	// replay sends the same bytes. Events carry no personal data.
	Body  []byte        `json:"body"`
	State DeliveryState `json:"state"`
	// Attempts are the tries, oldest first (at most MaxAttemptsKept:
	// between the first and the latest, older ones are dropped).
	Attempts []Attempt `json:"attempts"`
	// FirstAttempt is when the delivery was first tried; the sender gives
	// up Config.GiveUpAfter after it.
	FirstAttempt time.Time `json:"first_attempt"`
	// LastAttempt is when it was last tried.
	LastAttempt time.Time `json:"last_attempt"`
	Version     int64     `json:"version"`
}

// Clone returns a deep copy of d.
func (d *Delivery) Clone() *Delivery {
	if d == nil {
		return nil
	}
	cp := *d
	cp.Body = slices.Clone(d.Body)
	cp.Attempts = slices.Clone(d.Attempts)
	return &cp
}

// Record appends an attempt, keeping at most MaxAttemptsKept, and sets
// LastAttempt (and FirstAttempt, for the first).
func (d *Delivery) Record(a Attempt) {
	if d.FirstAttempt.IsZero() {
		d.FirstAttempt = a.At
	}
	d.LastAttempt = a.At
	d.Attempts = append(d.Attempts, a)
	if n := len(d.Attempts); n > MaxAttemptsKept {
		d.Attempts = append(d.Attempts[:1], d.Attempts[n-MaxAttemptsKept+1:]...)
	}
}

// EndpointFilter narrows ListEndpoints. Zero fields match everything.
type EndpointFilter struct {
	// Type, if set, selects endpoints that receive it (enabled or not).
	Type events.Type
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether e passes the filter, ignoring Limit.
func (f EndpointFilter) Matches(e *Endpoint) bool {
	return f.Type == "" || slices.Contains(e.Types, f.Type)
}

// DeliveryFilter narrows ListDeliveries. Zero fields match everything.
type DeliveryFilter struct {
	// States, if not empty, selects deliveries in any of them: []
	// DeliveryState{Dead} for the officer's dead letters.
	States []DeliveryState
	// EndpointID, if set, selects one endpoint's deliveries.
	EndpointID string
	// EventID, if set, selects one event's deliveries.
	EventID string
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether d passes the filter, ignoring Limit.
func (f DeliveryFilter) Matches(d *Delivery) bool {
	return (len(f.States) == 0 || slices.Contains(f.States, d.State)) && (f.EndpointID == "" || d.EndpointID == f.EndpointID) &&
		(f.EventID == "" || d.EventID == f.EventID)
}

// Store keeps a council's endpoints and the record of deliveries to them.
// It follows the module's store conventions (see "Conventions" in package
// councilkit): the council is the second argument of every method, a store
// never returns, changes or lists one council's records for another, a
// record whose Council names another council is refused with ErrNotFound,
// updates are versioned compare-and-swaps (ErrConflict), and every method
// returns ErrNoCouncil for the zero Council and the context's error for a
// cancelled context. Implementations are safe for concurrent use and pass
// webhookstest.RunStoreTests.
type Store interface {
	// CreateEndpoint registers e after checking it with the store's Rules
	// (a *councilkit.ValidationError), minting e.ID if empty and setting
	// e.Version to 1. ErrDuplicate if the ID is taken,
	// ErrTooManyEndpoints if the council has Rules.Max endpoints.
	CreateEndpoint(ctx context.Context, c councilkit.Council, e *Endpoint) error
	// GetEndpoint returns a copy of an endpoint.
	GetEndpoint(ctx context.Context, c councilkit.Council, id string) (*Endpoint, error)
	// UpdateEndpoint checks e and stores it if e.Version is the stored
	// version (ErrConflict otherwise), incrementing e.Version.
	UpdateEndpoint(ctx context.Context, c councilkit.Council, e *Endpoint) error
	// DeleteEndpoint forgets an endpoint; its deliveries are kept.
	DeleteEndpoint(ctx context.Context, c councilkit.Council, id string) error
	// ListEndpoints returns copies of the council's endpoints matching f,
	// oldest first (by Created, ties by ID).
	ListEndpoints(ctx context.Context, c councilkit.Council, f EndpointFilter) ([]*Endpoint, error)

	// CreateDelivery stores a new delivery (EndpointID and EventID
	// required), minting d.ID if empty and setting d.Version to 1.
	// ErrDuplicate if the council has a delivery with that ID or of that
	// event to that endpoint.
	CreateDelivery(ctx context.Context, c councilkit.Council, d *Delivery) error
	// GetDelivery returns a copy of a delivery.
	GetDelivery(ctx context.Context, c councilkit.Council, id string) (*Delivery, error)
	// GetDeliveryOf returns a copy of the delivery of event eventID to
	// endpoint endpointID.
	GetDeliveryOf(ctx context.Context, c councilkit.Council, endpointID, eventID string) (*Delivery, error)
	// UpdateDelivery stores d if d.Version is the stored version
	// (ErrConflict otherwise), incrementing d.Version.
	UpdateDelivery(ctx context.Context, c councilkit.Council, d *Delivery) error
	// ListDeliveries returns copies of the council's deliveries matching
	// f, NEWEST first (by FirstAttempt, ties by ID, descending), for the
	// officer's page of recent and dead deliveries.
	ListDeliveries(ctx context.Context, c councilkit.Council, f DeliveryFilter) ([]*Delivery, error)
}

// CheckDelivery returns the error a store must return before storing d for
// council c: ErrNoCouncil, a *councilkit.ValidationError for a nil
// delivery or one without an endpoint or event ID or with an unknown state,
// or ErrNotFound when d.Council names another council.
func CheckDelivery(c councilkit.Council, d *Delivery) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	if d == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if d.EndpointID == "" {
		ps.Add("endpoint_id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if d.EventID == "" {
		ps.Add("event_id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if _, err := d.State.MarshalText(); err != nil {
		ps.Add("state", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !d.Council.IsZero() && d.Council != c {
		return fmt.Errorf("%w: the delivery belongs to another council", ErrNotFound)
	}
	return nil
}

// ModifyEndpoint reads the council's endpoint id, lets fn change it and
// stores it, reading and calling fn again after an ErrConflict until it
// succeeds or ctx ends (fn may run more than once). An error from fn is
// returned as it is and nothing is stored.
func ModifyEndpoint(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Endpoint) error) (*Endpoint, error) {
	for {
		e, err := s.GetEndpoint(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(e); err != nil {
			return nil, err
		}
		if e.ID != id || e.Council != c {
			return nil, errors.New("webhooks: ModifyEndpoint must not change an endpoint's ID or council")
		}
		err = s.UpdateEndpoint(ctx, c, e)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, ErrConflict) {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// ModifyDelivery is ModifyEndpoint for deliveries.
func ModifyDelivery(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*Delivery) error) (*Delivery, error) {
	for {
		d, err := s.GetDelivery(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(d); err != nil {
			return nil, err
		}
		if d.ID != id || d.Council != c {
			return nil, errors.New("webhooks: ModifyDelivery must not change a delivery's ID or council")
		}
		err = s.UpdateDelivery(ctx, c, d)
		if err == nil {
			return d, nil
		}
		if !errors.Is(err, ErrConflict) {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

type memKey struct{ council, id string }

// MemStore is a Store held in memory. Its zero value is an empty store
// with the production Rules, ready to use; it is safe for concurrent use.
type MemStore struct {
	// Rules are checked at CreateEndpoint and UpdateEndpoint. Set them
	// before first use.
	Rules Rules

	mu         sync.RWMutex
	endpoints  map[memKey]*Endpoint
	deliveries map[memKey]*Delivery
	byEvent    map[memKey]string // (council, endpoint ID + " " + event ID) -> delivery ID
}

// NewMemStore returns an empty MemStore with rules r.
func NewMemStore(r Rules) *MemStore { return &MemStore{Rules: r} }

var _ Store = (*MemStore)(nil)

func (s *MemStore) init() {
	if s.endpoints == nil {
		s.endpoints, s.deliveries, s.byEvent = map[memKey]*Endpoint{}, map[memKey]*Delivery{}, map[memKey]string{}
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

// CreateEndpoint implements Store.
func (s *MemStore) CreateEndpoint(ctx context.Context, c councilkit.Council, e *Endpoint) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.Rules.Check(c, e); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	id := e.ID
	if id == "" {
		id = uuid.NewString()
	}
	if _, ok := s.endpoints[memKey{c.String(), id}]; ok {
		return fmt.Errorf("%w: endpoint ID", ErrDuplicate)
	}
	n := 0
	for k := range s.endpoints {
		if k.council == c.String() {
			n++
		}
	}
	if n >= s.Rules.Max() {
		return fmt.Errorf("%w (%d)", ErrTooManyEndpoints, s.Rules.Max())
	}
	e.ID, e.Council, e.Version = id, c, 1
	s.endpoints[memKey{c.String(), id}] = e.Clone()
	return nil
}

// GetEndpoint implements Store.
func (s *MemStore) GetEndpoint(ctx context.Context, c councilkit.Council, id string) (*Endpoint, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.endpoints[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: endpoint", ErrNotFound)
	}
	return e.Clone(), nil
}

// UpdateEndpoint implements Store.
func (s *MemStore) UpdateEndpoint(ctx context.Context, c councilkit.Council, e *Endpoint) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.Rules.Check(c, e); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.endpoints[memKey{c.String(), e.ID}]
	if !ok {
		return fmt.Errorf("%w: endpoint", ErrNotFound)
	}
	if old.Version != e.Version {
		return fmt.Errorf("%w: endpoint changed since it was read", ErrConflict)
	}
	e.Council = c
	e.Version++
	s.endpoints[memKey{c.String(), e.ID}] = e.Clone()
	return nil
}

// DeleteEndpoint implements Store.
func (s *MemStore) DeleteEndpoint(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{c.String(), id}
	if _, ok := s.endpoints[k]; !ok {
		return fmt.Errorf("%w: endpoint", ErrNotFound)
	}
	delete(s.endpoints, k)
	return nil
}

// ListEndpoints implements Store.
func (s *MemStore) ListEndpoints(ctx context.Context, c councilkit.Council, f EndpointFilter) ([]*Endpoint, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*Endpoint
	for k, e := range s.endpoints {
		if k.council == c.String() && f.Matches(e) {
			out = append(out, e.Clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(x, y *Endpoint) int {
		if n := x.Created.Compare(y.Created); n != 0 {
			return n
		}
		return cmp.Compare(x.ID, y.ID)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func eventKey(c councilkit.Council, endpointID, eventID string) memKey {
	return memKey{c.String(), endpointID + " " + eventID}
}

// CreateDelivery implements Store.
func (s *MemStore) CreateDelivery(ctx context.Context, c councilkit.Council, d *Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckDelivery(c, d); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	id := d.ID
	if id == "" {
		id = uuid.NewString()
	}
	if _, ok := s.deliveries[memKey{c.String(), id}]; ok {
		return fmt.Errorf("%w: delivery ID", ErrDuplicate)
	}
	ek := eventKey(c, d.EndpointID, d.EventID)
	if _, ok := s.byEvent[ek]; ok {
		return fmt.Errorf("%w: delivery of that event to that endpoint", ErrDuplicate)
	}
	d.ID, d.Council, d.Version = id, c, 1
	s.deliveries[memKey{c.String(), id}] = d.Clone()
	s.byEvent[ek] = id
	return nil
}

// GetDelivery implements Store.
func (s *MemStore) GetDelivery(ctx context.Context, c councilkit.Council, id string) (*Delivery, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.deliveries[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: delivery", ErrNotFound)
	}
	return d.Clone(), nil
}

// GetDeliveryOf implements Store.
func (s *MemStore) GetDeliveryOf(ctx context.Context, c councilkit.Council, endpointID, eventID string) (*Delivery, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byEvent[eventKey(c, endpointID, eventID)]
	if !ok {
		return nil, fmt.Errorf("%w: delivery", ErrNotFound)
	}
	return s.deliveries[memKey{c.String(), id}].Clone(), nil
}

// UpdateDelivery implements Store. The endpoint and event of a delivery
// never change: an update that changes them is refused with ErrConflict.
func (s *MemStore) UpdateDelivery(ctx context.Context, c councilkit.Council, d *Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckDelivery(c, d); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.deliveries[memKey{c.String(), d.ID}]
	if !ok {
		return fmt.Errorf("%w: delivery", ErrNotFound)
	}
	if old.Version != d.Version || old.EndpointID != d.EndpointID || old.EventID != d.EventID {
		return fmt.Errorf("%w: delivery changed since it was read", ErrConflict)
	}
	d.Council = c
	d.Version++
	s.deliveries[memKey{c.String(), d.ID}] = d.Clone()
	return nil
}

// ListDeliveries implements Store.
func (s *MemStore) ListDeliveries(ctx context.Context, c councilkit.Council, f DeliveryFilter) ([]*Delivery, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*Delivery
	for k, d := range s.deliveries {
		if k.council == c.String() && f.Matches(d) {
			out = append(out, d.Clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(x, y *Delivery) int {
		if n := y.FirstAttempt.Compare(x.FirstAttempt); n != 0 {
			return n
		}
		return cmp.Compare(y.ID, x.ID)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
