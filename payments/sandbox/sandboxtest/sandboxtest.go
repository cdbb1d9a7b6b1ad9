// Package sandboxtest is the conformance suite of sandbox.Store
// implementations: run RunStoreTests from a test of each, and
// RunSharedTests with two handles on one store where an implementation can
// be opened twice (two processes sharing a database).
//
//	func TestSandboxStore(t *testing.T) {
//		sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store { return sandbox.NewMemStore() })
//	}
package sandboxtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
)

// Councils the suite keeps payments for.
var (
	Durham  = councilkit.MustParseCouncil("E06000047")
	Cardiff = councilkit.MustParseCouncil("W06000015")
)

// At is the creation time of the suite's payments.
var At = time.Date(2026, 4, 1, 9, 0, 0, 123456789, time.UTC)

// NewPayment returns a new, valid sandbox payment of council c with ID id,
// created at At with an idempotency key made from id.
func NewPayment(c councilkit.Council, id string) *sandbox.Payment {
	return &sandbox.Payment{
		Council: c, ID: id, Amount: payments.Pence(4500), Reference: "REF-" + id,
		Description: "Garden waste collection 2026", ReturnURL: "https://example.gov.uk/paid",
		Language: payments.LanguageWelsh,
		Metadata: payments.Metadata{
			"ledger_code": payments.MetadataString("GW100"), "bins": payments.MetadataInt(2),
			"assisted": payments.MetadataBool(true),
		},
		IdempotencyKey: payments.IdempotencyKey("key-" + id),
		Status:         payments.StatusCreated, CreatedAt: At,
	}
}

// same compares payments, their times as instants.
func same(a, b *sandbox.Payment) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := a.Clone(), b.Clone()
	if !x.CreatedAt.Equal(y.CreatedAt) || !x.CapturedAt.Equal(y.CapturedAt) || len(x.Refunds) != len(y.Refunds) || len(x.Metadata) != len(y.Metadata) {
		return false
	}
	for k, v := range x.Metadata {
		if y.Metadata[k] != v {
			return false
		}
	}
	for i := range x.Refunds {
		if x.Refunds[i].ID != y.Refunds[i].ID || x.Refunds[i].Amount != y.Refunds[i].Amount || !x.Refunds[i].CreatedAt.Equal(y.Refunds[i].CreatedAt) {
			return false
		}
	}
	x.CreatedAt, x.CapturedAt, x.Refunds, x.Metadata = time.Time{}, time.Time{}, nil, nil
	y.CreatedAt, y.CapturedAt, y.Refunds, y.Metadata = time.Time{}, time.Time{}, nil, nil
	return reflect.DeepEqual(x, y)
}

// RunStoreTests checks a Store: payments read back as stored, in copies;
// councils kept apart; the zero council, duplicates, unknown payments,
// stale versions and invalid payments refused with the documented errors
// and nothing changed; no update lost through Modify; sequence numbers
// never repeated; a cancelled context honoured; and two Providers sharing
// the store acting as one. newStore returns an empty store.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) sandbox.Store) {
	t.Helper()
	ctx := context.Background()
	create := func(t *testing.T, s sandbox.Store, p *sandbox.Payment) *sandbox.Payment {
		t.Helper()
		if err := s.Create(ctx, p.Council, p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("CreateGet", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		if p.Version != 1 || p.Council != Durham {
			t.Errorf("Create set Version %d, Council %v; want 1, Durham", p.Version, p.Council)
		}
		got, err := s.Get(ctx, Durham, p.ID)
		if err != nil || !same(got, p) || got.Version != 1 {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, p)
		}
		if !got.Metadata["bins"].IsNumber() || !got.Metadata["assisted"].IsBool() || got.Metadata["bins"].String() != "2" {
			t.Errorf("metadata read back as %+v", got.Metadata)
		}
		byKey, err := s.GetByIdempotencyKey(ctx, Durham, p.IdempotencyKey)
		if err != nil || !same(byKey, p) || byKey.Version != 1 {
			t.Errorf("GetByIdempotencyKey = %+v, %v", byKey, err)
		}
		// A payment without a council is stored for the council of the
		// call; one without an idempotency key can be stored many times.
		for _, id := range []string{"sbx100002", "sbx100003"} {
			q := NewPayment(councilkit.Council{}, id)
			q.IdempotencyKey, q.Metadata, q.Language = "", nil, ""
			if err := s.Create(ctx, Durham, q); err != nil || q.Council != Durham {
				t.Fatalf("Create %s without a Council field or key: %v, %v", id, err, q.Council)
			}
			if got, err := s.Get(ctx, Durham, id); err != nil || !same(got, q) || len(got.Metadata) != 0 {
				t.Errorf("Get %s = %+v, %v", id, got, err)
			}
		}
		if _, err := s.GetByIdempotencyKey(ctx, Durham, ""); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey of the empty key: %v, want ErrNotFound", err)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		p.Status, p.Metadata["ledger_code"] = payments.StatusSuccess, payments.MetadataString("changed")
		got, _ := s.Get(ctx, Durham, p.ID)
		if got.Status != payments.StatusCreated || got.Metadata["ledger_code"] != payments.MetadataString("GW100") {
			t.Fatalf("the store kept the caller's payment: %+v", got)
		}
		got.Refunds = append(got.Refunds, sandbox.Refund{ID: "x", Amount: payments.Pence(1), CreatedAt: At})
		got.Metadata["bins"] = payments.MetadataInt(9)
		again, _ := s.Get(ctx, Durham, p.ID)
		if len(again.Refunds) != 0 || again.Metadata["bins"] != payments.MetadataInt(2) {
			t.Errorf("Get returned the stored payment, not a copy: %+v", again)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		if _, err := s.Get(ctx, Cardiff, p.ID); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Cardiff's Get of Durham's payment: %v, want ErrNotFound", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Cardiff, p.IdempotencyKey); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Cardiff's GetByIdempotencyKey of Durham's key: %v, want ErrNotFound", err)
		}
		// Cardiff's update of Durham's payment, by the call's council or
		// by the payment's, changes nothing.
		c := p.Clone()
		c.Council, c.Status = Cardiff, payments.StatusCancelled
		if err := s.Update(ctx, Cardiff, c); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Cardiff's Update of Durham's payment: %v, want ErrNotFound", err)
		}
		if err := s.Update(ctx, Durham, c); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Update through Durham of a payment naming Cardiff: %v, want ErrNotFound", err)
		}
		if err := s.Create(ctx, Cardiff, NewPayment(Durham, "sbx100009")); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Cardiff's Create of a payment naming Durham: %v, want ErrNotFound", err)
		}
		if _, err := s.Get(ctx, Cardiff, "sbx100009"); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("the refused Create stored something: %v", err)
		}
		// Each council has its own IDs and keys: Cardiff may use the
		// same ones.
		q := create(t, s, NewPayment(Cardiff, p.ID))
		q.Status = payments.StatusStarted
		if err := s.Update(ctx, Cardiff, q); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, Durham, p.ID); got.Status != payments.StatusCreated || got.Version != 1 {
			t.Errorf("Cardiff's update changed Durham's payment: %+v", got)
		}
		if got, _ := s.Get(ctx, Cardiff, p.ID); got.Status != payments.StatusStarted || got.Council != Cardiff {
			t.Errorf("Cardiff's payment: %+v", got)
		}
		// Each council has its own numbering.
		for _, c := range []councilkit.Council{Durham, Durham, Cardiff} {
			if _, err := s.NextSequence(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.NextSequence(ctx, Cardiff); err != nil || n != 2 {
			t.Errorf("Cardiff's second number = %d, %v; want 2", n, err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		var none councilkit.Council
		p := NewPayment(none, "sbx100001")
		if err := s.Create(ctx, none, p); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, none, p.ID); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, none, p.IdempotencyKey); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("GetByIdempotencyKey: %v", err)
		}
		if err := s.Update(ctx, none, p); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.NextSequence(ctx, none); !errors.Is(err, councilkit.ErrNoCouncil) {
			t.Errorf("NextSequence: %v", err)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		sameID := NewPayment(Durham, p.ID)
		sameID.IdempotencyKey = "another-key"
		if err := s.Create(ctx, Durham, sameID); !errors.Is(err, councilkit.ErrDuplicate) {
			t.Errorf("Create with a used ID: %v, want ErrDuplicate", err)
		}
		sameKey := NewPayment(Durham, "sbx100002")
		sameKey.IdempotencyKey = p.IdempotencyKey
		if err := s.Create(ctx, Durham, sameKey); !errors.Is(err, councilkit.ErrDuplicate) {
			t.Errorf("Create with a used idempotency key: %v, want ErrDuplicate", err)
		}
		if _, err := s.Get(ctx, Durham, sameKey.ID); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("the refused Create stored something: %v", err)
		}
		if got, _ := s.Get(ctx, Durham, p.ID); !same(got, p) || got.Version != 1 {
			t.Errorf("the refused Create changed the first payment: %+v", got)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		if _, err := s.Get(ctx, Durham, "sbx100001"); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Durham, "nope"); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey: %v", err)
		}
		p := NewPayment(Durham, "sbx100001")
		p.Version = 1
		if err := s.Update(ctx, Durham, p); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.Get(ctx, Durham, p.ID); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("Update of nothing stored something: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		for name, change := range map[string]func(*sandbox.Payment){
			"no ID":          func(p *sandbox.Payment) { p.ID = "" },
			"unknown status": func(p *sandbox.Payment) { p.Status = payments.StatusUnknown },
			"bad status":     func(p *sandbox.Payment) { p.Status = 99 },
			"no time":        func(p *sandbox.Payment) { p.CreatedAt = time.Time{} },
		} {
			p := NewPayment(Durham, "sbx100001")
			change(p)
			var ve *councilkit.ValidationError
			if err := s.Create(ctx, Durham, p); !errors.As(err, &ve) {
				t.Errorf("Create (%s): %v, want a *ValidationError", name, err)
			}
		}
		if err := s.Create(ctx, Durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create(nil): %v, want ErrValidation", err)
		}
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		for name, change := range map[string]func(*sandbox.Payment){
			"key changed":  func(p *sandbox.Payment) { p.IdempotencyKey = "other" },
			"time changed": func(p *sandbox.Payment) { p.CreatedAt = p.CreatedAt.Add(time.Second) },
			"no status":    func(p *sandbox.Payment) { p.Status = payments.StatusUnknown },
		} {
			q := p.Clone()
			change(q)
			if err := s.Update(ctx, Durham, q); !errors.Is(err, councilkit.ErrValidation) {
				t.Errorf("Update (%s): %v, want ErrValidation", name, err)
			}
		}
		if got, _ := s.Get(ctx, Durham, p.ID); !same(got, p) || got.Version != 1 {
			t.Errorf("refused updates changed the payment: %+v", got)
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		a, _ := s.Get(ctx, Durham, p.ID)
		b, _ := s.Get(ctx, Durham, p.ID)
		a.Status, a.CapturedAt = payments.StatusSuccess, At.Add(time.Minute)
		a.Card = payments.CardDetails{Brand: "Visa", FirstDigits: "444433", LastDigits: "1111"}
		a.Refunds = []sandbox.Refund{{ID: p.ID + "r1", Amount: payments.Pence(500), CreatedAt: At.Add(time.Hour)}}
		if err := s.Update(ctx, Durham, a); err != nil || a.Version != 2 {
			t.Fatalf("Update = %v, Version %d; want nil, 2", err, a.Version)
		}
		b.Status, b.FailureCode = payments.StatusFailed, payments.FailureRejected
		if err := s.Update(ctx, Durham, b); !errors.Is(err, councilkit.ErrConflict) || b.Version != 1 {
			t.Errorf("stale Update = %v, Version %d; want ErrConflict, 1", err, b.Version)
		}
		got, _ := s.Get(ctx, Durham, p.ID)
		if !same(got, a) || got.Version != 2 || got.Refunded() != payments.Pence(500) {
			t.Errorf("after the stale update: %+v, want %+v", got, a)
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		const writers = 8
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				_, err := sandbox.Modify(ctx, s, Durham, p.ID, func(q *sandbox.Payment) error {
					q.Refunds = append(q.Refunds, sandbox.Refund{ID: fmt.Sprint("r", i), Amount: payments.Pence(1), CreatedAt: At})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, Durham, p.ID)
		if err != nil || len(got.Refunds) != writers || got.Version != writers+1 {
			t.Errorf("after %d concurrent Modify calls: %d refunds, version %d, %v", writers, len(got.Refunds), got.Version, err)
		}
		// A change made by someone else between Modify's read and its
		// update is kept: the update conflicts, and fn runs again on the
		// payment with that change.
		calls := 0
		mine, err := sandbox.Modify(ctx, s, Durham, p.ID, func(q *sandbox.Payment) error {
			calls++
			if calls == 1 {
				other, err := s.Get(ctx, Durham, p.ID)
				if err != nil {
					return err
				}
				other.Refunds = append(other.Refunds, sandbox.Refund{ID: "theirs", Amount: payments.Pence(1), CreatedAt: At})
				if err := s.Update(ctx, Durham, other); err != nil {
					return err
				}
			}
			q.Refunds = append(q.Refunds, sandbox.Refund{ID: "mine", Amount: payments.Pence(1), CreatedAt: At})
			return nil
		})
		if err != nil || calls != 2 || len(mine.Refunds) != writers+2 || mine.Refunds[writers].ID != "theirs" || mine.Version != writers+3 {
			t.Errorf("Modify across another's update: fn ran %d times, got %+v, %v; want twice, with both refunds", calls, mine, err)
		}
		got, _ = s.Get(ctx, Durham, p.ID)
		// An error from fn stores nothing.
		boom := errors.New("boom")
		if _, err := sandbox.Modify(ctx, s, Durham, p.ID, func(q *sandbox.Payment) error {
			q.Status = payments.StatusCancelled
			return boom
		}); err != boom {
			t.Errorf("Modify returned %v, want fn's error", err)
		}
		if again, _ := s.Get(ctx, Durham, p.ID); again.Status != payments.StatusCreated || again.Version != got.Version {
			t.Errorf("a failed Modify changed the payment: %+v", again)
		}
	})

	t.Run("Sequence", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		for want := int64(1); want <= 3; want++ {
			if n, err := s.NextSequence(ctx, Durham); err != nil || n != want {
				t.Fatalf("NextSequence = %d, %v; want %d", n, err, want)
			}
		}
		seen := sequenceConcurrently(t, s, s, 16)
		for n := int64(4); n < 4+16; n++ {
			if !seen[n] {
				t.Errorf("number %d was not given: %v", n, seen)
			}
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, "sbx100001"))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, Durham, NewPayment(Durham, "sbx100002")); !errors.Is(err, context.Canceled) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(cctx, Durham, p.ID); !errors.Is(err, context.Canceled) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(cctx, Durham, p.IdempotencyKey); !errors.Is(err, context.Canceled) {
			t.Errorf("GetByIdempotencyKey: %v", err)
		}
		q := p.Clone()
		q.Status = payments.StatusStarted
		if err := s.Update(cctx, Durham, q); !errors.Is(err, context.Canceled) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.NextSequence(cctx, Durham); !errors.Is(err, context.Canceled) {
			t.Errorf("NextSequence: %v", err)
		}
		if got, _ := s.Get(ctx, Durham, p.ID); got.Status != payments.StatusCreated {
			t.Errorf("a cancelled Update changed the payment: %+v", got)
		}
		if _, err := s.Get(ctx, Durham, "sbx100002"); !errors.Is(err, councilkit.ErrNotFound) {
			t.Errorf("a cancelled Create stored the payment: %v", err)
		}
	})

	t.Run("Providers", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		RunSharedTests(t, s, s)
	})
}

// sequenceConcurrently takes n numbers for Durham at once, half through a
// and half through b, checks that none is given twice, and returns them.
func sequenceConcurrently(t *testing.T, a, b sandbox.Store, n int) map[int64]bool {
	t.Helper()
	ctx := context.Background()
	var (
		mu   sync.Mutex
		seen = map[int64]bool{}
		wg   sync.WaitGroup
	)
	for i := range n {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			got, err := s.NextSequence(ctx, Durham)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[got] {
				t.Errorf("NextSequence gave %d twice", got)
			}
			seen[got] = true
		})
	}
	wg.Wait()
	return seen
}

// RunSharedTests checks two Providers, one on a and one on b (two handles
// on one store, as two instances of an application have; or one store
// twice), acting as one provider: a payment created through one is paid
// through the other; of many confirmations of one payment at once, through
// both, exactly one decides its outcome and the rest see that outcome; of
// many refunds of one payment claiming the same available amount at once,
// exactly one is made; of many Creates with one idempotency key at once,
// all return the same payment; and no provider ID is given twice.
func RunSharedTests(t *testing.T, a, b sandbox.Store) {
	t.Helper()
	ctx := context.Background()
	clock := councilkit.NewFixedClock(At)
	provider := func(s sandbox.Store, prefix string) *sandbox.Provider {
		p, err := sandbox.New(clock, "/sandbox-pay/", sandbox.Config{Store: s, Council: Durham, IDPrefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pa, pb := provider(a, ""), provider(b, "")
	req := func(key string) payments.ProviderRequest {
		return payments.ProviderRequest{Amount: payments.Pence(1000), Reference: "R1", Description: "Parking penalty",
			ReturnURL: "https://x.example/done", IdempotencyKey: payments.IdempotencyKey(key),
			Metadata: payments.Metadata{"ledger_code": payments.MetadataString("PK200")}}
	}

	// Created on one, paid on the other, read back on the first.
	created, err := pa.Create(ctx, req("shared-1"))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := pb.Create(ctx, req("shared-1")); err != nil || again.ProviderID != created.ProviderID {
		t.Errorf("the same request through the other provider: %+v, %v; want %s", again, err, created.ProviderID)
	}
	changed := req("shared-1")
	changed.Reference = "R2"
	if _, err := pb.Create(ctx, changed); !errors.Is(err, payments.ErrIdempotencyConflict) {
		t.Errorf("the same key with another request through the other provider: %v", err)
	}
	if err := pb.VisitContext(ctx, created.ProviderID); err != nil {
		t.Fatalf("Visit through the other provider: %v", err)
	}

	// Many confirmations at once, through both: one success, the rest
	// refused with the payment's new status.
	const tries = 8
	var (
		wg       sync.WaitGroup
		decided  atomic.Int32
		sawWrong atomic.Int32
	)
	for i := range tries {
		p, card := pa, "4444333322221111"
		if i%2 == 1 {
			p, card = pb, "4000000000000002" // declined, had it won
		}
		wg.Go(func() {
			st, err := p.PayWithCardContext(ctx, created.ProviderID, card)
			switch {
			case err == nil:
				decided.Add(1)
			case errors.Is(err, sandbox.ErrWrongState):
				sawWrong.Add(1)
				if st != payments.StatusSuccess && st != payments.StatusFailed {
					t.Errorf("a refused confirmation reported status %s", st)
				}
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if decided.Load() != 1 || sawWrong.Load() != tries-1 {
		t.Fatalf("%d confirmations decided the payment and %d were refused; want 1 and %d", decided.Load(), sawWrong.Load(), tries-1)
	}
	va, err := pa.Get(ctx, created.ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	vb, _ := pb.Get(ctx, created.ProviderID)
	if va.Status != vb.Status || va.Card != vb.Card || !va.Status.Finished() {
		t.Errorf("the providers disagree: %+v and %+v", va, vb)
	}

	if va.Status == payments.StatusSuccess {
		// Many refunds of the whole amount at once: one is made.
		var refunded atomic.Int32
		for i := range tries {
			p := pa
			if i%2 == 1 {
				p = pb
			}
			wg.Go(func() {
				_, err := p.Refund(ctx, created.ProviderID, payments.ProviderRefundRequest{Amount: payments.Pence(1000), AmountAvailable: payments.Pence(1000)})
				switch {
				case err == nil:
					refunded.Add(1)
				case errors.Is(err, payments.ErrRefundAvailableMismatch):
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := refunded.Load(); n != 1 {
			t.Errorf("%d refunds of the whole amount were made, want 1", n)
		}
		if v, _ := pb.Get(ctx, created.ProviderID); v.RefundSummary.Status != payments.RefundFull || v.RefundSummary.Submitted != payments.Pence(1000) {
			t.Errorf("refund summary after the refunds: %+v", v.RefundSummary)
		}
	}

	// Many Creates with one key at once, through both: one payment.
	ids := make([]string, tries)
	for i := range tries {
		p := pa
		if i%2 == 1 {
			p = pb
		}
		wg.Go(func() {
			v, err := p.Create(ctx, req("shared-2"))
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = v.ProviderID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Errorf("Creates with one key gave payments %v, want one", ids)
			break
		}
	}

	// Creates without keys at once, through both: every ID different,
	// and each found through either provider.
	seen := make([]string, tries)
	for i := range tries {
		p := pa
		if i%2 == 1 {
			p = pb
		}
		wg.Go(func() {
			r := req("")
			r.Reference = fmt.Sprint("R-", i)
			v, err := p.Create(ctx, r)
			if err != nil {
				t.Error(err)
				return
			}
			seen[i] = v.ProviderID
		})
	}
	wg.Wait()
	unique := map[string]bool{}
	for i, id := range seen {
		if unique[id] || !strings.HasPrefix(id, "sbx") {
			t.Errorf("provider ID %q given twice, or without its prefix: %v", id, seen)
		}
		unique[id] = true
		for _, p := range []*sandbox.Provider{pa, pb} {
			if v, err := p.Get(ctx, id); err != nil || v.Reference != fmt.Sprint("R-", i) {
				t.Errorf("Get(%s) = %+v, %v", id, v, err)
			}
		}
	}
	if _, err := pa.Get(ctx, "sbx999999999"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("Get of an unknown payment: %v, want payments.ErrNotFound", err)
	}
}
