package paymentstest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

// Councils used by the suite.
var (
	Durham  = councilkit.MustParseCouncil("E06000047")
	Cardiff = councilkit.MustParseCouncil("W06000015")
)

// NewPayment returns a valid payment for council c, created at the given
// time, for use in store tests. Its ID is a new uuid.NewString().
func NewPayment(c councilkit.Council, created time.Time) *payments.Payment {
	id := uuid.NewString()
	return &payments.Payment{
		ID:                 id,
		Council:            c,
		Reference:          "REF-" + id[:8],
		Description:        "Garden waste collection 2026",
		Amount:             payments.Pence(4500),
		ReturnURL:          "https://example.gov.uk/paid",
		Language:           payments.LanguageEnglish,
		Metadata:           payments.Metadata{"ledger_code": payments.MetadataString("GW100")},
		FundCode:           "GW100",
		IdempotencyKey:     payments.NewIdempotencyKey(),
		RequestFingerprint: "fp",
		Status:             payments.StatusCreated,
		CreatedAt:          created,
		UpdatedAt:          created,
		Events:             []payments.Event{{At: created, Kind: payments.EventCreated, To: payments.StatusCreated}},
	}
}

// RunStoreTests runs the conformance suite against stores made by newStore.
// Each subtest gets a fresh store. The subtests are named as in
// planningtest and admissionstest.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) payments.Store) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	create := func(t *testing.T, s payments.Store, p *payments.Payment) *payments.Payment {
		t.Helper()
		if err := s.Create(ctx, p.Council, p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		if p.Version != 1 {
			t.Errorf("Create set Version %d, want 1", p.Version)
		}
		got, err := s.Get(ctx, Durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != p.ID || got.Council != Durham || got.Amount != p.Amount || got.Reference != p.Reference || got.Status != p.Status ||
			got.FundCode != p.FundCode || got.Metadata["ledger_code"] != p.Metadata["ledger_code"] || !got.CreatedAt.Equal(p.CreatedAt) ||
			len(got.Events) != 1 || got.Version != 1 {
			t.Errorf("Get = %+v, want %+v", got, p)
		}
		// A payment without a council is stored for the council of the
		// call.
		q := NewPayment(councilkit.Council{}, t0)
		if err := s.Create(ctx, Durham, q); err != nil {
			t.Fatalf("Create without a Council field: %v", err)
		}
		if got, err := s.Get(ctx, Durham, q.ID); err != nil || got.Council != Durham || q.Council != Durham {
			t.Errorf("payment created without a council: %v, %v; caller's copy %v", got, err, q.Council)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		p.Reference = "changed after Create"
		got, _ := s.Get(ctx, Durham, p.ID)
		got.Reference = "changed after Get"
		got.Events = append(got.Events, payments.Event{Kind: payments.EventStatus})
		got.Metadata["ledger_code"] = payments.MetadataString("changed")
		list, _ := s.List(ctx, Durham, payments.Filter{})
		list[0].Events[0].Detail = "changed after List"
		upd, _ := s.Get(ctx, Durham, p.ID)
		if err := s.Update(ctx, Durham, upd); err != nil {
			t.Fatal(err)
		}
		upd.Events[0].Detail = "changed after Update"
		again, _ := s.Get(ctx, Durham, p.ID)
		if again.Reference == "changed after Create" || again.Reference == "changed after Get" || len(again.Events) != 1 ||
			again.Events[0].Detail != "" || again.Metadata["ledger_code"] != payments.MetadataString("GW100") {
			t.Errorf("store shares memory with callers: %+v", again)
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		p.ProviderID, p.Provider = "prov-1", "sandbox"
		create(t, s, p)
		if _, err := s.Get(ctx, Cardiff, p.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Get with another council: %v, want ErrNotFound", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Cardiff, p.IdempotencyKey); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey with another council: %v", err)
		}
		if _, err := s.GetByProviderID(ctx, Cardiff, "sandbox", "prov-1"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByProviderID with another council: %v", err)
		}
		mine, _ := s.Get(ctx, Durham, p.ID)
		mine.Reference = "stolen"
		if err := s.Update(ctx, Cardiff, mine); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Update of Durham's payment through Cardiff: %v", err)
		}
		moved := mine.Clone()
		moved.Council = Cardiff
		if err := s.Update(ctx, Durham, moved); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Update through Durham of a payment naming Cardiff: %v", err)
		}
		if _, err := payments.Modify(ctx, s, Cardiff, p.ID, func(*payments.Payment) error { return nil }); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Modify with another council: %v", err)
		}
		other := NewPayment(Cardiff, t0)
		if err := s.Create(ctx, Durham, other); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Create through Durham of a payment naming Cardiff: %v", err)
		}
		if _, err := s.Get(ctx, Durham, other.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("a refused Create stored the payment: %v", err)
		}
		list, err := s.List(ctx, Cardiff, payments.Filter{})
		if err != nil || len(list) != 0 {
			t.Errorf("List for another council = %d payments, %v", len(list), err)
		}
		if got, _ := s.Get(ctx, Durham, p.ID); got.Reference != p.Reference || got.Version != 1 {
			t.Errorf("Durham's payment became %+v", got)
		}
		// The same idempotency key may be used by two councils.
		q := NewPayment(Cardiff, t0)
		q.IdempotencyKey = p.IdempotencyKey
		if err := s.Create(ctx, Cardiff, q); err != nil {
			t.Errorf("same key in another council: %v", err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		var zero councilkit.Council
		if err := s.Create(ctx, zero, NewPayment(zero, t0)); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, p.ID); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, zero, p.IdempotencyKey); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("GetByIdempotencyKey: %v", err)
		}
		if _, err := s.GetByProviderID(ctx, zero, "sandbox", "prov-1"); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("GetByProviderID: %v", err)
		}
		if err := s.Update(ctx, zero, p); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("Update: %v", err)
		}
		if _, err := s.List(ctx, zero, payments.Filter{}); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if _, err := s.MarkWebhookSeen(ctx, zero, "msg-1"); !errors.Is(err, payments.ErrNoCouncil) {
			t.Errorf("MarkWebhookSeen: %v", err)
		}
		if !errors.Is(payments.ErrNoCouncil, councilkit.ErrNoCouncil) || !errors.Is(payments.ErrNotFound, councilkit.ErrNotFound) {
			t.Error("the store errors are not councilkit's")
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		p.ProviderID, p.Provider = "prov-1", "sandbox"
		create(t, s, p)
		same := NewPayment(Durham, t0)
		same.ID = p.ID
		if err := s.Create(ctx, Durham, same); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("duplicate ID: %v", err)
		}
		key := NewPayment(Durham, t0)
		key.IdempotencyKey = p.IdempotencyKey
		if err := s.Create(ctx, Durham, key); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("duplicate idempotency key: %v", err)
		}
		prov := NewPayment(Durham, t0)
		prov.ProviderID, prov.Provider = "prov-1", "sandbox"
		if err := s.Create(ctx, Durham, prov); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("duplicate provider ID: %v", err)
		}
		got, err := s.GetByIdempotencyKey(ctx, Durham, p.IdempotencyKey)
		if err != nil || got.ID != p.ID {
			t.Errorf("GetByIdempotencyKey = %v, %v", got, err)
		}
		// Another payment may not take the provider ID in an Update.
		q := create(t, s, NewPayment(Durham, t0))
		q.ProviderID, q.Provider = "prov-1", "sandbox"
		if err := s.Update(ctx, Durham, q); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("Update to a taken provider ID: %v", err)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		p.ID = ""
		var ve *councilkit.ValidationError
		if err := s.Create(ctx, Durham, p); !errors.As(err, &ve) {
			t.Errorf("Create without an ID: %v, want a *councilkit.ValidationError", err)
		}
		if err := s.Create(ctx, Durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Create of nil: %v", err)
		}
		if err := s.Update(ctx, Durham, nil); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("Update of nil: %v", err)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		missing := NewPayment(Durham, t0)
		if _, err := s.Get(ctx, Durham, missing.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if _, err := s.Get(ctx, Durham, "not-a-uuid"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Get of an ID that is not a UUID: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Durham, missing.IdempotencyKey); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey: %v", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Durham, ""); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey of no key: %v", err)
		}
		if _, err := s.GetByProviderID(ctx, Durham, "sandbox", ""); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByProviderID of no ID: %v", err)
		}
		missing.Version = 1
		if err := s.Update(ctx, Durham, missing); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Update: %v", err)
		}
		if _, err := payments.Modify(ctx, s, Durham, missing.ID, func(*payments.Payment) error { return nil }); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Modify: %v", err)
		}
	})

	t.Run("UpdateConflict", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		first, _ := s.Get(ctx, Durham, p.ID)
		second, _ := s.Get(ctx, Durham, p.ID)
		first.Provider, first.ProviderID, first.NextURL = "sandbox", "prov-9", "https://pay.example/9"
		if _, err := first.Observe(payments.Observation{Status: payments.StatusStarted}, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, Durham, first); err != nil {
			t.Fatal(err)
		}
		if first.Version != 2 {
			t.Errorf("Version after Update = %d, want 2", first.Version)
		}
		second.Reference = "stale"
		if err := s.Update(ctx, Durham, second); !errors.Is(err, payments.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, Durham, p.ID)
		if got.Status != payments.StatusStarted || got.Reference != p.Reference || got.Version != 2 || len(got.Events) != 2 {
			t.Errorf("after updates: %v %q version %d, %d events", got.Status, got.Reference, got.Version, len(got.Events))
		}
		byProv, err := s.GetByProviderID(ctx, Durham, "sandbox", "prov-9")
		if err != nil || byProv.ID != p.ID || byProv.Status != payments.StatusStarted {
			t.Errorf("GetByProviderID = %v, %v", byProv, err)
		}
		if _, err := s.GetByProviderID(ctx, Durham, "govukpay", "prov-9"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("provider ID of another provider: %v", err)
		}
	})

	t.Run("FailedUpdateChangesNothing", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		boom := errors.New("boom")
		if _, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
			p.Reference = "lost"
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify error = %v", err)
		}
		for name, edit := range map[string]func(*payments.Payment){
			"idempotency key": func(p *payments.Payment) { p.IdempotencyKey = payments.NewIdempotencyKey() },
			"events removed":  func(p *payments.Payment) { p.Events = nil },
			"event changed":   func(p *payments.Payment) { p.Events[0].Kind = payments.EventStatus },
		} {
			cur, _ := s.Get(ctx, Durham, p.ID)
			edit(cur)
			cur.Reference = "lost"
			if err := s.Update(ctx, Durham, cur); err == nil {
				t.Errorf("Update changing the %s succeeded", name)
			}
			if cur.Version != 1 {
				t.Errorf("a refused Update (%s) changed the caller's Version to %d", name, cur.Version)
			}
		}
		stale, _ := s.Get(ctx, Durham, p.ID)
		if _, err := payments.Modify(ctx, s, Durham, p.ID, func(*payments.Payment) error { return nil }); err != nil {
			t.Fatal(err)
		}
		stale.Reference = "lost"
		if err := s.Update(ctx, Durham, stale); !errors.Is(err, payments.ErrConflict) {
			t.Errorf("stale Update: %v", err)
		}
		if stale.Version != 1 {
			t.Errorf("a failed Update changed the caller's Version to %d", stale.Version)
		}
		after, _ := s.Get(ctx, Durham, p.ID)
		if after.Reference != p.Reference || after.Version != 2 || after.IdempotencyKey != p.IdempotencyKey || len(after.Events) != 1 {
			t.Errorf("a failed Update changed the payment: %+v", after)
		}
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s := newStore(t)
		p := create(t, s, NewPayment(Durham, t0))
		// No change made through Modify is lost.
		const n = 30
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
					p.Events = append(p.Events, payments.Event{At: t0, Kind: payments.EventStatus, Detail: fmt.Sprint(i)})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, _ := s.Get(ctx, Durham, p.ID)
		if len(got.Events) != n+1 || got.Version != n+1 {
			t.Errorf("after %d concurrent Modify calls the payment has %d events, version %d; want %d and %d: changes were lost",
				n, len(got.Events), got.Version, n+1, n+1)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		day := func(d int) time.Time { return time.Date(2026, 4, d, 12, 0, 0, 0, time.UTC) }
		a := NewPayment(Durham, day(1))
		b := NewPayment(Durham, day(2))
		b.Status, b.CapturedAt, b.FundCode = payments.StatusSuccess, day(2), "CT01"
		c := NewPayment(Durham, day(3))
		c.Status = payments.StatusFailed
		// Two payments created at the same instant are listed by ID.
		tie1, tie2 := NewPayment(Durham, day(4)), NewPayment(Durham, day(4))
		tie1.ID, tie2.ID = "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001"
		other := NewPayment(Cardiff, day(2))
		for _, p := range []*payments.Payment{c, tie1, a, b, other, tie2} {
			create(t, s, p)
		}
		ids := func(ps []*payments.Payment) []string {
			var out []string
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		check := func(name string, f payments.Filter, want ...*payments.Payment) {
			t.Helper()
			got, err := s.List(ctx, Durham, f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
				t.Errorf("%s: List = %v, want %v", name, ids(got), ids(want))
			}
		}
		check("all, oldest first, ties by ID", payments.Filter{}, a, b, c, tie2, tie1)
		check("by status", payments.Filter{Statuses: []payments.Status{payments.StatusSuccess, payments.StatusFailed}}, b, c)
		check("from", payments.Filter{From: calendar.MustDate(2026, time.April, 2)}, b, c, tie2, tie1)
		check("to", payments.Filter{To: calendar.MustDate(2026, time.April, 2)}, a, b)
		check("captured on", payments.Filter{CapturedOn: calendar.MustDate(2026, time.April, 2)}, b)
		check("fund", payments.Filter{FundCode: "CT01"}, b)
		check("limit", payments.Filter{Limit: 2}, a, b)
	})

	t.Run("Webhooks", func(t *testing.T) {
		s := newStore(t)
		first, err := s.MarkWebhookSeen(ctx, Durham, "msg-1")
		if err != nil || !first {
			t.Fatalf("first MarkWebhookSeen = %v, %v", first, err)
		}
		if again, err := s.MarkWebhookSeen(ctx, Durham, "msg-1"); err != nil || again {
			t.Errorf("second MarkWebhookSeen = %v, %v; want false", again, err)
		}
		if other, err := s.MarkWebhookSeen(ctx, Cardiff, "msg-1"); err != nil || !other {
			t.Errorf("same message ID for another council = %v, %v; want true", other, err)
		}
	})

	runEventTests(t, newStore, t0)
	runCaseworkTests(t, newStore, t0)

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		p := NewPayment(Durham, t0)
		if err := s.Create(cctx, Durham, p); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, Durham, p.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("a cancelled Create stored the payment: %v", err)
		}
	})
}
