package counciltax

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
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// Store errors. They are councilkit's: errors.Is matches either name.
var (
	// ErrNotFound: the council has no bill with that ID.
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate: the council already has a bill with that ID.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict: Update was given a bill that changed since it was read.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil: a store method was given the zero Council.
	ErrNoCouncil = councilkit.ErrNoCouncil
)

// BillRecord is a council tax bill as the billing authority keeps it once
// issued: the account it is on, who is liable and for which dwelling, the
// bill as computed (Table.Compute, or Table.Adjust after a change), when it
// was issued, and every adjustment since. Record it with a Store.
//
// The liable people and the address are personal data: LogValue leaves
// them out, no store error repeats them, and the events a bill records
// (events.CouncilTaxBillIssued and Adjusted) hold only the account
// reference, year, band, amounts and dates.
type BillRecord struct {
	// ID is the council's ID for this bill (one account has a bill each
	// year). Required.
	ID string `json:"id"`
	// Council is the council the bill belongs to; a store sets it to the
	// council of the call.
	Council councilkit.Council `json:"council"`
	// Account is the council tax account reference. Required.
	Account string `json:"account"`
	// Liable are the people liable, and Address the dwelling's address, as
	// printed on the demand notice.
	Liable  []identity.Person `json:"liable,omitempty"`
	Address identity.Address  `json:"address,omitzero"`
	// Bill is the bill as issued, or as last adjusted.
	Bill Bill `json:"bill"`
	// IssuedAt is when the demand notice was issued: the time of the
	// event that records it. Required. List orders by it.
	IssuedAt time.Time `json:"issued_at"`
	// Adjustments lists every change to the amount payable since the bill
	// was issued, oldest first. The list only grows.
	Adjustments []Adjustment `json:"adjustments,omitempty"`
	// Version is the stored version, set by the store: 1 after Create,
	// incremented by each Update.
	Version int64 `json:"version"`
}

// Adjustment is one change to an issued bill (Schedule 1 paragraph 10 of
// the Council Tax (Administration and Enforcement) Regulations 1992: a new
// band, discount, exemption, reduction and so on).
type Adjustment struct {
	// At is when the adjusted bill was issued: the time of its event.
	At time.Time `json:"at"`
	// Reason is the council's short code for the change, such as
	// "single_person_discount_ended". It must hold no personal data.
	Reason string `json:"reason"`
	// PreviousPayable and Payable are the amount payable before and after.
	PreviousPayable payments.Amount `json:"previous_payable"`
	Payable         payments.Amount `json:"payable"`
}

// Adjust replaces the record's bill with b, adjusted at time at for
// reason (a short code without personal data), and records the adjustment.
// b is copied.
func (r *BillRecord) Adjust(b *Bill, at time.Time, reason string) {
	r.Adjustments = append(r.Adjustments, Adjustment{At: at, Reason: reason, PreviousPayable: r.Bill.Payable, Payable: b.Payable})
	r.Bill = cloneBill(b)
}

func cloneBill(b *Bill) Bill {
	c := *b
	c.Lines = slices.Clone(b.Lines)
	c.Periods = slices.Clone(b.Periods)
	c.Instalments = slices.Clone(b.Instalments)
	return c
}

// Clone returns a deep copy of r; nil for nil.
func (r *BillRecord) Clone() *BillRecord {
	if r == nil {
		return nil
	}
	c := *r
	c.Liable = slices.Clone(r.Liable)
	c.Address.Lines = slices.Clone(r.Address.Lines)
	c.Bill = cloneBill(&r.Bill)
	c.Adjustments = slices.Clone(r.Adjustments)
	return &c
}

// LogValue logs a bill without personal data: its ID, council, account,
// year, band, amount payable and number of adjustments, not the liable
// people or the address.
func (r BillRecord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", r.ID),
		slog.String("council", r.Council.String()),
		slog.String("account", r.Account),
		slog.String("year", r.Bill.Year.String()),
		slog.String("band", r.Bill.Band.String()),
		slog.String("payable", r.Bill.Payable.String()),
		slog.Int("liable", len(r.Liable)),
		slog.Any("address", r.Address),
		slog.Int("adjustments", len(r.Adjustments)),
		slog.Int64("version", r.Version),
	)
}

// Filter selects bills to list. The zero Filter selects every bill of the
// council.
type Filter struct {
	// Year, if not zero, selects bills for that financial year.
	Year Year
	// Account, if not empty, selects the bills of that account.
	Account string
	// Limit, if positive, caps the number returned; zero means no cap.
	Limit int
}

// Matches reports whether r is selected by f, ignoring Limit. Stores may
// use it to filter.
func (f Filter) Matches(r *BillRecord) bool {
	return (f.Year == 0 || r.Bill.Year == f.Year) && (f.Account == "" || r.Account == f.Account)
}

// Store keeps issued council tax bills, each belonging to one council. The
// council the caller acts for is the second argument of every method: a
// store never returns, changes or lists one council's bill for another,
// and a lookup with the wrong council is ErrNotFound. A bill passed to
// Create or Update whose Council names another council is refused with
// ErrNotFound and nothing is stored; a zero Council is taken to be the
// council of the call (and set on the bill). Every method returns
// ErrNoCouncil for the zero Council and the context's error for a
// cancelled context. Errors never repeat the liable people's names or the
// address.
//
// Every Create and Update records the change's events (ChangeEvents) with
// the change, or neither. Implementations must be safe for concurrent use
// and must pass counciltaxtest.RunStoreTests.
type Store interface {
	// Create stores a newly issued bill, which must have an ID, an
	// account and a computed Bill (a *councilkit.ValidationError
	// otherwise; see CheckStorable), and sets
	// r.Version to 1. It returns ErrDuplicate if the council already has
	// a bill with that ID.
	Create(ctx context.Context, c councilkit.Council, r *BillRecord) error
	// Get returns a copy of the council's bill with that ID, or
	// ErrNotFound.
	Get(ctx context.Context, c councilkit.Council, id string) (*BillRecord, error)
	// Update replaces the council's stored bill with r, a versioned
	// compare-and-swap: r.Version must equal the stored version
	// (ErrConflict otherwise), and the store increments it on r. It
	// returns ErrNotFound if there is no such bill, and refuses (as
	// CheckUpdate does) a change of account or issue time, a change to
	// the adjustments already recorded, and a change of the amount
	// payable that no new adjustment records. A failed Update changes
	// nothing, r.Version included, and records no event. Use Modify to
	// read, change and update with retries.
	Update(ctx context.Context, c councilkit.Council, r *BillRecord) error
	// List returns copies of the council's bills matching f, oldest
	// first: by IssuedAt, ties by ID. At most f.Limit are returned if it
	// is positive.
	List(ctx context.Context, c councilkit.Council, f Filter) ([]*BillRecord, error)
}

// Modify reads the council's bill id from s, lets fn change it, and stores
// the change with s.Update. If another writer got there first
// (ErrConflict) it reads the bill again and calls fn again, until it
// succeeds or ctx ends, so fn may run more than once and must have no other
// effects. An error from fn is returned as it is and nothing is stored. fn
// must not change the ID or Council. Modify returns the stored bill.
func Modify(ctx context.Context, s Store, c councilkit.Council, id string, fn func(*BillRecord) error) (*BillRecord, error) {
	for {
		r, err := s.Get(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if err := fn(r); err != nil {
			return nil, err
		}
		if r.ID != id || r.Council != c {
			return nil, errors.New("counciltax: Modify must not change a bill's ID or council")
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
// bill, one without an ID or account, or one whose Bill has no financial
// year (it was not computed), and ErrNotFound when r.Council is
// set and is not c. A store then stores r with its Council set to c.
func CheckStorable(c councilkit.Council, r *BillRecord) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	switch {
	case r == nil:
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
	default:
		if r.ID == "" {
			ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
		}
		if r.Account == "" {
			ps.Add("account", councilkit.CodeRequired, councilkit.RequiredText())
		}
		if !r.Bill.Year.valid() {
			// A bill is computed for a financial year (Table.Compute sets
			// it); one without cannot be stored and read back.
			ps.Add("bill.year", councilkit.CodeInvalid, councilkit.InvalidText())
		}
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !r.Council.IsZero() && r.Council != c {
		return fmt.Errorf("%w: the bill belongs to another council", ErrNotFound)
	}
	return nil
}

// CodeUnrecordedAdjustment: an Update changed the amount payable without
// recording an Adjustment.
const CodeUnrecordedAdjustment councilkit.Code = "unrecorded_adjustment"

// CheckUpdate is for Store implementations: it returns the error Update
// must return when next, a new version of the stored bill cur, changes
// what may not change: the account, the time of issue, or an adjustment
// already recorded (adjustments are append-only); or changes the amount
// payable without a new adjustment whose Payable is the new amount. The
// error is a *councilkit.ValidationError.
func CheckUpdate(cur, next *BillRecord) error {
	var ps councilkit.Problems
	if next.Account != cur.Account {
		ps.Add("account", councilkit.CodeInvalid, text("record.fixed"))
	}
	if !next.IssuedAt.Equal(cur.IssuedAt) {
		ps.Add("issued_at", councilkit.CodeInvalid, text("record.fixed"))
	}
	if len(next.Adjustments) < len(cur.Adjustments) || !slices.EqualFunc(cur.Adjustments, next.Adjustments[:len(cur.Adjustments)], sameAdjustment) {
		ps.Add("adjustments", councilkit.CodeInvalid, text("record.adjustments_fixed"))
	} else if next.Bill.Payable != cur.Bill.Payable &&
		(len(next.Adjustments) == len(cur.Adjustments) || next.Adjustments[len(next.Adjustments)-1].Payable != next.Bill.Payable) {
		ps.Add("adjustments", CodeUnrecordedAdjustment, text("record.adjustment_unrecorded"))
	}
	return ps.Err()
}

func sameAdjustment(a, b Adjustment) bool {
	return a.At.Equal(b.At) && a.Reason == b.Reason && a.PreviousPayable == b.PreviousPayable && a.Payable == b.Payable
}

// ChangeEvents returns the events that storing after over before records,
// for council c, caused by actor. before is nil for Create. It is pure:
// every Store calls it inside its write (the memory store under its lock,
// the PostgreSQL store inside the transaction) and stores the events with
// the change, or neither.
//
// Create records events.CouncilTaxBillIssued, dated after.IssuedAt. An
// Update that records new adjustments records one
// events.CouncilTaxBillAdjusted for each, dated by its At, with the amount
// payable before and after it; other changes record nothing. A zero time is
// an error wrapping events.ErrInvalid. The data holds the account
// reference, year, band, amounts, number of instalments and dates, never
// the liable people or the address.
func ChangeEvents(c councilkit.Council, before, after *BillRecord, actor events.Actor) ([]events.Event, error) {
	if after == nil {
		return nil, errors.New("counciltax: ChangeEvents needs the bill after the change")
	}
	if before == nil {
		if after.IssuedAt.IsZero() {
			return nil, fmt.Errorf("%w: bill %s has no IssuedAt", events.ErrInvalid, after.ID)
		}
		e, err := events.New(c, events.CouncilTaxBillIssued, after.ID, after.IssuedAt, actor, billData(after, after.IssuedAt, 0, after.Bill.Payable))
		if err != nil {
			return nil, err
		}
		return []events.Event{e}, nil
	}
	if len(after.Adjustments) <= len(before.Adjustments) {
		return nil, nil
	}
	var out []events.Event
	for _, adj := range after.Adjustments[len(before.Adjustments):] {
		if adj.At.IsZero() {
			return nil, fmt.Errorf("%w: bill %s has an adjustment without a time", events.ErrInvalid, after.ID)
		}
		e, err := events.New(c, events.CouncilTaxBillAdjusted, after.ID, adj.At, actor, billData(after, adj.At, adj.PreviousPayable.Pence(), adj.Payable))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// billData is the data of an event about r issued at time at.
func billData(r *BillRecord, at time.Time, previous int64, payable payments.Amount) events.CouncilTaxBill {
	d := events.CouncilTaxBill{
		Account:              r.Account,
		Year:                 int(r.Bill.Year),
		Band:                 r.Bill.Band.String(),
		PayablePence:         payable.Pence(),
		PreviousPayablePence: previous,
		Instalments:          len(r.Bill.Instalments),
		Issued:               calendar.DateOf(at),
	}
	if len(r.Bill.Instalments) > 0 {
		d.FirstDue = r.Bill.Instalments[0].Due
	}
	return d
}

// sortBills sorts as List does: by IssuedAt, ties by ID.
func sortBills(rs []*BillRecord) {
	slices.SortFunc(rs, func(x, y *BillRecord) int {
		if c := x.IssuedAt.Compare(y.IssuedAt); c != 0 {
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

	log   events.MemLog
	mu    sync.RWMutex
	bills map[councilkit.Council]map[string]*BillRecord
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

func (m *MemStore) record(ctx context.Context, c councilkit.Council, before, after *BillRecord) error {
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
func (m *MemStore) Create(ctx context.Context, c councilkit.Council, r *BillRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bills == nil {
		m.bills = make(map[councilkit.Council]map[string]*BillRecord)
	}
	byID := m.bills[c]
	if _, ok := byID[r.ID]; ok {
		return fmt.Errorf("%w: council tax bill", ErrDuplicate)
	}
	next := r.Clone()
	next.Council, next.Version = c, 1
	if err := m.record(ctx, c, nil, next); err != nil {
		return err
	}
	if byID == nil {
		byID = make(map[string]*BillRecord)
		m.bills[c] = byID
	}
	byID[r.ID] = next
	r.Council, r.Version = c, 1
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, c councilkit.Council, id string) (*BillRecord, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.bills[c][id]
	if !ok {
		return nil, fmt.Errorf("%w: council tax bill", ErrNotFound)
	}
	return r.Clone(), nil
}

// Update implements Store.
func (m *MemStore) Update(ctx context.Context, c councilkit.Council, r *BillRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckStorable(c, r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.bills[c][r.ID]
	if !ok {
		return fmt.Errorf("%w: council tax bill", ErrNotFound)
	}
	if cur.Version != r.Version {
		return fmt.Errorf("%w: council tax bill changed since it was read", ErrConflict)
	}
	if err := CheckUpdate(cur, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	if err := m.record(ctx, c, cur, next); err != nil {
		return err
	}
	m.bills[c][r.ID] = next
	r.Council, r.Version = c, next.Version
	return nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, c councilkit.Council, f Filter) ([]*BillRecord, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	m.mu.RLock()
	var out []*BillRecord
	for _, r := range m.bills[c] {
		if f.Matches(r) {
			out = append(out, r.Clone())
		}
	}
	m.mu.RUnlock()
	sortBills(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
