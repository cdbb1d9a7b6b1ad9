package sqlite

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// BenchmarkPaymentCreate times storing a new payment with its first
// history entry and its payment.created event: one write transaction, synced to disk (synchronous=FULL) before it
// returns, so the figure is dominated by the disk's sync latency.
func BenchmarkPaymentCreate(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b).Payments()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		p := paymentstest.NewPayment(councilA, t0)
		b.StartTimer()
		if err := s.Create(ctx, councilA, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPaymentCreateEvents times BenchmarkPaymentCreate's write with
// and without its event (payment.created) recorded in the same
// transaction: the difference is what the outbox costs a Create (the
// event's derivation, its JSON envelope and one more INSERT). The sync to
// disk dominates both, so compare allocs/op and B/op, and ns/op over
// several counts:
//
//	go test -run '^$' -bench PaymentCreateEvents -benchtime 2000x -count 5 ./sqlite
func BenchmarkPaymentCreateEvents(b *testing.B) {
	for _, bc := range []struct {
		name     string
		noEvents bool
	}{{"events", false}, {"no-events", true}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			db := openMigrated(b)
			db.noEvents = bc.noEvents
			s := db.Payments()
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				p := paymentstest.NewPayment(councilA, t0)
				b.StartTimer()
				if err := s.Create(ctx, councilA, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPaymentGet times reading a payment with two events and a refund
// from a file of 1,000 payments: one read transaction, three statements.
func BenchmarkPaymentGet(b *testing.B) {
	ctx := context.Background()
	s := openMigrated(b).Payments()
	var id string
	for i := range 1000 {
		p := paymentstest.NewPayment(councilA, t0.Add(time.Duration(i)*time.Second))
		p.Status, p.CapturedAt = payments.StatusSuccess, p.CreatedAt
		p.Events = append(p.Events, payments.Event{At: p.CreatedAt, Kind: payments.EventStatus, From: payments.StatusCreated, To: payments.StatusSuccess})
		p.Refunds = []payments.Refund{{ID: fmt.Sprint("r", i), Amount: payments.Pence(100), Status: payments.RefundSuccess,
			AvailableBefore: p.Amount, CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt}}
		if err := s.Create(ctx, councilA, p); err != nil {
			b.Fatal(err)
		}
		id = p.ID
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(ctx, councilA, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanningList times listing a council's 100 submitted
// applications of one state, from a file holding 1,000 (half of them
// another council's).
func BenchmarkPlanningList(b *testing.B) {
	ctx := context.Background()
	db := openMigrated(b)
	s := db.Planning()
	var state planning.State
	for i := range 1000 {
		c := councilA
		if i%2 == 1 {
			c = councilB
		}
		a := planningtest.NewApplication(c, fmt.Sprint("app-", i))
		a.SubmittedAt = t0.Add(time.Duration(i) * time.Minute)
		if err := s.Create(ctx, c, a); err != nil {
			b.Fatal(err)
		}
		state = a.Lifecycle.State
	}
	f := planning.Filter{State: state, Limit: 100}
	b.ReportAllocs()
	for b.Loop() {
		list, err := s.List(ctx, councilA, f)
		if err != nil || len(list) != 100 {
			b.Fatalf("List: %d, %v", len(list), err)
		}
	}
}

// deliveryBacklog records n events, about 50 records of councilA, in
// transactions of up to 100 events each, with delivery to h configured,
// and returns the DB (not yet delivering).
func deliveryBacklog(tb testing.TB, n int, h events.Handler) *DB {
	tb.Helper()
	cfg := fastDelivery()
	db := openMigrated(tb, Config{Subscribers: []events.Subscriber{{Name: "s", Handler: h}}, Delivery: cfg})
	for i := 0; i < n; {
		var evs []events.Event
		for ; i < n && len(evs) < 100; i++ {
			evs = append(evs, newEvent(tb, councilA, events.PaymentCreated, fmt.Sprintf("p%d", i%50)))
		}
		mustRecord(tb, db, councilA, evs...)
	}
	return db
}

// countingHandler counts deliveries and closes done at the nth.
type countingHandler struct {
	n, want atomic.Int64
	done    chan struct{}
}

func (c *countingHandler) Handle(context.Context, events.Record) error {
	if c.n.Add(1) == c.want.Load() {
		close(c.done)
	}
	return nil
}

// BenchmarkDeliver measures delivery from a backlog to a handler that
// does nothing: each op is one event delivered (read, handed over, marked
// delivered, and River's job fetched and completed), in order per record.
func BenchmarkDeliver(b *testing.B) {
	h := &countingHandler{done: make(chan struct{})}
	h.want.Store(int64(b.N))
	db := deliveryBacklog(b, b.N, h)
	b.ReportAllocs()
	b.ResetTimer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- db.Deliver(ctx) }()
	<-h.done
	b.StopTimer()
	cancel()
	<-done
}

// TestDeliveryThroughput reports how many events a second one process
// delivers from a backlog to a handler that does nothing. It asserts
// nothing about the figure (the machine decides it); it checks only that
// every event arrives.
func TestDeliveryThroughput(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("measures throughput (not under -short or -race)")
	}
	t.Parallel()
	const n = 500
	h := &countingHandler{done: make(chan struct{})}
	h.want.Store(n)
	db := deliveryBacklog(t, n, h)
	start := time.Now()
	stop := startDelivery(t, db)
	select {
	case <-h.done:
	case <-time.After(5 * time.Minute):
		t.Fatalf("%d of %d delivered after 5 minutes", h.n.Load(), n)
	}
	d := time.Since(start)
	stop()
	t.Logf("delivered %d events in %v: %.0f events/s", n, d.Round(time.Millisecond), n/d.Seconds())
}
