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

// NewPayment returns a valid payment for council, created at the given time,
// for use in store tests.
func NewPayment(council councilkit.Council, created time.Time) *payments.Payment {
	id := uuid.New()
	return &payments.Payment{
		ID:                 id,
		Council:            council,
		Reference:          "REF-" + id.String()[:8],
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
// Each subtest gets a fresh store.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) payments.Store) {
	t.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		if err := s.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, Durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != p.ID || got.Amount != p.Amount || got.Reference != p.Reference || got.Status != p.Status ||
			got.FundCode != p.FundCode || got.Metadata["ledger_code"] != p.Metadata["ledger_code"] || !got.CreatedAt.Equal(p.CreatedAt) ||
			len(got.Events) != 1 || got.Version < 1 {
			t.Errorf("Get = %+v, want %+v", got, p)
		}
		got.Reference = "changed"
		got.Events = append(got.Events, payments.Event{Kind: payments.EventStatus})
		again, _ := s.Get(ctx, Durham, p.ID)
		if again.Reference != p.Reference || len(again.Events) != 1 {
			t.Error("changing a returned payment changed the store")
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		p.ProviderID, p.Provider = "prov-1", "sandbox"
		if err := s.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, Cardiff, p.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Get with another council: %v, want ErrNotFound", err)
		}
		if _, err := s.GetByIdempotencyKey(ctx, Cardiff, p.IdempotencyKey); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByIdempotencyKey with another council: %v", err)
		}
		if _, err := s.GetByProviderID(ctx, Cardiff, "sandbox", "prov-1"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("GetByProviderID with another council: %v", err)
		}
		if _, err := s.Update(ctx, Cardiff, p.ID, func(*payments.Payment) error { return nil }); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Update with another council: %v", err)
		}
		list, err := s.List(ctx, Cardiff, payments.Query{})
		if err != nil || len(list) != 0 {
			t.Errorf("List for another council = %d payments, %v", len(list), err)
		}
		if _, err := s.Get(ctx, councilkit.Council{}, p.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Get with zero council: %v", err)
		}
		// The same idempotency key may be used by two councils.
		q := NewPayment(Cardiff, t0)
		q.IdempotencyKey = p.IdempotencyKey
		if err := s.Create(ctx, q); err != nil {
			t.Errorf("same key in another council: %v", err)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		if err := s.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		same := NewPayment(Durham, t0)
		same.ID = p.ID
		if err := s.Create(ctx, same); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("duplicate ID: %v", err)
		}
		key := NewPayment(Durham, t0)
		key.IdempotencyKey = p.IdempotencyKey
		if err := s.Create(ctx, key); !errors.Is(err, payments.ErrDuplicate) {
			t.Errorf("duplicate idempotency key: %v", err)
		}
		got, err := s.GetByIdempotencyKey(ctx, Durham, p.IdempotencyKey)
		if err != nil || got.ID != p.ID {
			t.Errorf("GetByIdempotencyKey = %v, %v", got, err)
		}
	})

	t.Run("UpdateAndProviderID", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		if err := s.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Get(ctx, Durham, p.ID)
		got, err := s.Update(ctx, Durham, p.ID, func(p *payments.Payment) error {
			p.Provider, p.ProviderID, p.NextURL = "sandbox", "prov-9", "https://pay.example/9"
			_, err := p.Observe(payments.Observation{Status: payments.StatusStarted}, t0.Add(time.Minute))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != payments.StatusStarted || got.Version <= before.Version {
			t.Errorf("Update returned %v version %d (was %d)", got.Status, got.Version, before.Version)
		}
		byProv, err := s.GetByProviderID(ctx, Durham, "sandbox", "prov-9")
		if err != nil || byProv.ID != p.ID || byProv.Status != payments.StatusStarted {
			t.Errorf("GetByProviderID = %v, %v", byProv, err)
		}
		if _, err := s.GetByProviderID(ctx, Durham, "govukpay", "prov-9"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("provider ID of another provider: %v", err)
		}
		boom := errors.New("boom")
		if _, err := s.Update(ctx, Durham, p.ID, func(p *payments.Payment) error {
			p.Reference = "lost"
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Update error = %v", err)
		}
		after, _ := s.Get(ctx, Durham, p.ID)
		if after.Reference != p.Reference || after.Version != got.Version {
			t.Error("a failed Update changed the payment")
		}
		if _, err := s.Update(ctx, Durham, uuid.New(), func(*payments.Payment) error { return nil }); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("Update of unknown payment: %v", err)
		}
		for name, edit := range map[string]func(*payments.Payment){
			"ID":             func(p *payments.Payment) { p.ID = uuid.New() },
			"council":        func(p *payments.Payment) { p.Council = Cardiff },
			"idempotencyKey": func(p *payments.Payment) { p.IdempotencyKey = "other" },
		} {
			if _, err := s.Update(ctx, Durham, p.ID, func(p *payments.Payment) error { edit(p); return nil }); err == nil {
				t.Errorf("Update changing the %s succeeded", name)
			}
		}
		if _, err := s.Get(ctx, Cardiff, p.ID); !errors.Is(err, payments.ErrNotFound) {
			t.Error("an Update moved the payment to another council")
		}
	})

	t.Run("ConcurrentUpdatesSerialise", func(t *testing.T) {
		s := newStore(t)
		p := NewPayment(Durham, t0)
		if err := s.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		const n = 50
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Update(ctx, Durham, p.ID, func(p *payments.Payment) error {
					p.Events = append(p.Events, payments.Event{Kind: payments.EventStatus, Detail: fmt.Sprint(i)})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, _ := s.Get(ctx, Durham, p.ID)
		if len(got.Events) != n+1 {
			t.Errorf("after %d concurrent updates the payment has %d events, want %d: updates were lost", n, len(got.Events), n+1)
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
		other := NewPayment(Cardiff, day(2))
		for _, p := range []*payments.Payment{c, a, b, other} {
			if err := s.Create(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(ps []*payments.Payment) []uuid.UUID {
			var out []uuid.UUID
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		check := func(name string, q payments.Query, want ...*payments.Payment) {
			t.Helper()
			got, err := s.List(ctx, Durham, q)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
				t.Errorf("%s: List = %v, want %v", name, ids(got), ids(want))
			}
		}
		check("all, oldest first", payments.Query{}, a, b, c)
		check("by status", payments.Query{Statuses: []payments.Status{payments.StatusSuccess, payments.StatusFailed}}, b, c)
		check("from", payments.Query{From: calendar.MustDate(2026, time.April, 2)}, b, c)
		check("to", payments.Query{To: calendar.MustDate(2026, time.April, 2)}, a, b)
		check("captured on", payments.Query{CapturedOn: calendar.MustDate(2026, time.April, 2)}, b)
		check("fund", payments.Query{FundCode: "CT01"}, b)
		check("limit", payments.Query{Limit: 2}, a, b)
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

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Create(cctx, NewPayment(Durham, t0)); err == nil {
			t.Error("Create with a cancelled context succeeded")
		}
	})
}
