package paymentstest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/events/eventstest"
	"github.com/lgds/councilkit/payments"
)

// eventLog returns the log s records its events in, failing t if s does
// not say.
func eventLog(t *testing.T, s payments.Store) events.Log {
	t.Helper()
	r, ok := s.(events.Recorder)
	if !ok || r.EventLog() == nil {
		t.Fatalf("%T does not record events: a Store must implement events.Recorder", s)
	}
	return r.EventLog()
}

// allEvents returns every event in l, checking that positions increase.
// A log may hold back the events of a committed change for a while (the
// PostgreSQL log holds back those of transactions younger than any still
// in flight on the server, so that a reader never skips one), so it waits
// up to 30 seconds for at least want events.
func allEvents(t *testing.T, l events.Log, want int) []events.Record {
	t.Helper()
	var rs []events.Record
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var err error
		rs, err = l.Since(context.Background(), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) >= want || time.Now().After(deadline) {
			break
		}
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].Seq <= rs[i-1].Seq {
			t.Fatalf("Since returned position %d after %d", rs[i].Seq, rs[i-1].Seq)
		}
	}
	return rs
}

func types(rs []events.Record) []events.Type {
	out := make([]events.Type, len(rs))
	for i, r := range rs {
		out[i] = r.Event.Type
	}
	return out
}

func runEventTests(t *testing.T, newStore func(t *testing.T) payments.Store, t0 time.Time) {
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	webhook := events.Actor{Kind: events.ActorProvider, ID: "sandbox"}
	ctx := events.WithActor(context.Background(), officer)

	// Every change that has an event type records it, with the change,
	// for the payment's council, about the payment, by the actor in the
	// context, dated as the change, and valid against the published
	// schemas.
	t.Run("Events", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		p := NewPayment(Durham, t0)
		p.Provider = "sandbox"
		if err := s.Create(ctx, Durham, p); err != nil {
			t.Fatal(err)
		}
		t1, t2 := t0.Add(time.Minute), t0.Add(time.Hour)
		pctx := events.WithActor(context.Background(), webhook)
		if _, err := payments.Modify(pctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusStarted, Source: "webhook"}, t0.Add(time.Second))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := payments.Modify(pctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess, Source: "webhook"}, t1)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var refundID string
		if _, err := payments.Modify(pctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.ObserveRefund(payments.Refund{ProviderID: "rf-1", Amount: payments.Pence(1000), Status: payments.RefundSuccess}, "webhook", t2)
			refundID = p.Refunds[len(p.Refunds)-1].ID
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A change with no event type (settlement) records nothing.
		if _, err := payments.Modify(pctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess, SettledAt: t2, Source: "webhook"}, t2)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		q := NewPayment(Durham, t0)
		if err := s.Create(ctx, Durham, q); err != nil {
			t.Fatal(err)
		}
		if _, err := payments.Modify(pctx, s, Durham, q.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusFailed, FailureCode: "P0010", Source: "webhook"}, t1)
			return err
		}); err != nil {
			t.Fatal(err)
		}

		rs, err := l.Subject(context.Background(), Durham, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []events.Type{events.PaymentCreated, events.PaymentSucceeded, events.PaymentRefunded}
		if got := types(rs); !equalTypes(got, want) {
			t.Fatalf("events of the payment = %v, want %v", got, want)
		}
		for i, wantAt := range []time.Time{t0, t1, t2} {
			e := rs[i].Event
			wantActor := webhook
			if i == 0 {
				wantActor = officer
			}
			if e.Council != Durham || e.Subject != p.ID || !e.Time.Equal(wantAt) || e.Actor != wantActor {
				t.Errorf("%s: council %v subject %q time %v actor %+v; want %v %q %v %+v",
					e.Type.Short(), e.Council, e.Subject, e.Time, e.Actor, Durham, p.ID, wantAt, wantActor)
			}
			if err := eventstest.Validate(e); err != nil {
				t.Errorf("%s is not valid against the published schemas: %v", e.Type.Short(), err)
			}
		}
		_, data, err := events.Decode(mustJSON(t, rs[2].Event))
		if err != nil {
			t.Fatal(err)
		}
		if r := data.(*events.Refund); r.RefundID != refundID || r.AmountPence != 1000 || r.RefundedPence != 1000 || r.PaymentID != p.ID {
			t.Errorf("refund data = %+v", r)
		}
		_, data, _ = events.Decode(mustJSON(t, rs[1].Event))
		if d := data.(*events.Payment); d.Status != "success" || d.AmountPence != 4500 || d.FundCode != "GW100" || d.Provider != "sandbox" {
			t.Errorf("succeeded data = %+v", d)
		}
		qs, _ := l.Subject(context.Background(), Durham, q.ID)
		if got := types(qs); !equalTypes(got, []events.Type{events.PaymentCreated, events.PaymentFailed}) {
			t.Fatalf("events of the failed payment = %v", got)
		}
		_, data, _ = events.Decode(mustJSON(t, qs[1].Event))
		if d := data.(*events.Payment); d.Status != "failed" || d.FailureCode != "P0010" {
			t.Errorf("failed data = %+v", d)
		}
		if all := allEvents(t, l, 5); len(all) != 5 {
			t.Errorf("the log holds %d events, want 5: %v", len(all), types(all))
		}
		if page, err := l.Since(context.Background(), 0, 2); err != nil || len(page) != 2 {
			t.Errorf("Since(0, 2) = %d events, %v", len(page), err)
		} else if rest, _ := l.Since(context.Background(), page[1].Seq, 0); len(rest) != 3 {
			t.Errorf("Since after the first two = %d events, want 3", len(rest))
		}
	})

	// A change the store refuses records no event.
	t.Run("EventsFailedChangeRecordsNothing", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		p := NewPayment(Durham, t0)
		p.ProviderID, p.Provider = "prov-1", "sandbox"
		if err := s.Create(ctx, Durham, p); err != nil {
			t.Fatal(err)
		}
		n := len(allEvents(t, l, 1))
		dup := NewPayment(Durham, t0)
		dup.ID = p.ID
		key := NewPayment(Durham, t0)
		key.IdempotencyKey = p.IdempotencyKey
		noID := NewPayment(Durham, t0)
		noID.ID = ""
		other := NewPayment(Cardiff, t0)
		for name, q := range map[string]*payments.Payment{"duplicate ID": dup, "duplicate key": key, "no ID": noID, "other council's": other} {
			if err := s.Create(ctx, Durham, q); err == nil {
				t.Errorf("Create of a payment with a %s succeeded", name)
			}
		}
		stale, _ := s.Get(ctx, Durham, p.ID)
		if _, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t0.Add(time.Minute))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		n++ // succeeded
		if _, err := stale.Observe(payments.Observation{Status: payments.StatusCancelled}, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, Durham, stale); !errors.Is(err, payments.ErrConflict) {
			t.Errorf("stale Update: %v", err)
		}
		cur, _ := s.Get(ctx, Durham, p.ID)
		cur.Events = nil // refused: events are append-only
		cur.Status = payments.StatusCancelled
		if err := s.Update(ctx, Durham, cur); err == nil {
			t.Error("Update removing the history succeeded")
		}
		boom := errors.New("boom")
		if _, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
			_, _ = p.ObserveRefund(payments.Refund{ProviderID: "rf-9", Amount: payments.Pence(10), Status: payments.RefundSuccess}, "webhook", t0.Add(time.Hour))
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Modify: %v", err)
		}
		if got := allEvents(t, l, n); len(got) != n {
			t.Errorf("the log holds %d events after refused changes, want %d: %v", len(got), n, types(got))
		}
		if rs, _ := l.Subject(ctx, Durham, p.ID); !equalTypes(types(rs), []events.Type{events.PaymentCreated, events.PaymentSucceeded}) {
			t.Errorf("the payment's events after refused changes: %v", types(rs))
		}
		for _, q := range []*payments.Payment{key, other} {
			for _, c := range []councilkit.Council{Durham, Cardiff} {
				if rs, _ := l.Subject(ctx, c, q.ID); len(rs) != 0 {
					t.Errorf("a refused Create recorded %v", types(rs))
				}
			}
		}
	})

	// One council's events never appear under another's, even for a
	// record with the same ID.
	t.Run("EventsCouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		p := NewPayment(Durham, t0)
		if err := s.Create(ctx, Durham, p); err != nil {
			t.Fatal(err)
		}
		q := NewPayment(Cardiff, t0)
		q.ID = p.ID
		if err := s.Create(ctx, Cardiff, q); err != nil {
			t.Fatal(err)
		}
		if _, err := payments.Modify(ctx, s, Cardiff, q.ID, func(p *payments.Payment) error {
			_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t0.Add(time.Minute))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for c, want := range map[*payments.Payment][]events.Type{
			p: {events.PaymentCreated},
			q: {events.PaymentCreated, events.PaymentSucceeded},
		} {
			rs, err := l.Subject(context.Background(), c.Council, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := types(rs); !equalTypes(got, want) {
				t.Errorf("%v's events = %v, want %v", c.Council, got, want)
			}
			for _, r := range rs {
				if r.Event.Council != c.Council {
					t.Errorf("Subject(%v) returned an event of %v", c.Council, r.Event.Council)
				}
			}
		}
	})

	// Concurrent writers: every change's events are recorded exactly
	// once, each payment's in order, and positions are unique.
	t.Run("ConcurrentEvents", func(t *testing.T) {
		s := newStore(t)
		l := eventLog(t, s)
		const n = 16
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				p := NewPayment(Durham, t0)
				ids[i] = p.ID
				if err := s.Create(ctx, Durham, p); err != nil {
					t.Error(err)
					return
				}
				if _, err := payments.Modify(ctx, s, Durham, p.ID, func(p *payments.Payment) error {
					_, err := p.Observe(payments.Observation{Status: payments.StatusSuccess}, t0.Add(time.Minute))
					return err
				}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		all := allEvents(t, l, 2*n)
		if len(all) != 2*n {
			t.Errorf("%d events recorded for %d payments created and paid, want %d", len(all), n, 2*n)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			rs, _ := l.Subject(context.Background(), Durham, id)
			if got := types(rs); !equalTypes(got, []events.Type{events.PaymentCreated, events.PaymentSucceeded}) {
				t.Errorf("payment %s: events %v", id, got)
			}
			for _, r := range rs {
				if seen[r.Event.ID] {
					t.Errorf("event ID %s recorded twice", r.Event.ID)
				}
				seen[r.Event.ID] = true
			}
		}
	})
}

func equalTypes(a, b []events.Type) bool { return slices.Equal(a, b) }

func mustJSON(t *testing.T, e events.Event) []byte {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
