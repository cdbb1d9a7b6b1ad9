package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// TestWebhookStoreConformance runs the webhooks package's conformance
// suite against PostgreSQL, each subtest in a database of its own.
func TestWebhookStoreConformance(t *testing.T) {
	t.Parallel()
	webhookstest.RunStoreTests(t, func(t *testing.T) webhooks.Store {
		return openMigrated(t, newMigratedDB(t)).Webhooks(webhooks.Rules{})
	})
}

// TestWebhookEndpointLimitConcurrent: 40 registrations released at once
// for a council allowed 5 endpoints: exactly 5 succeed and 35 get
// ErrTooManyEndpoints. (Without the advisory lock the count and the insert
// race and more than 5 are stored.)
func TestWebhookEndpointLimitConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t), Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 16 }})
	s := db.Webhooks(webhooks.Rules{MaxEndpoints: 5})
	var (
		wg             sync.WaitGroup
		mu             sync.Mutex
		ok, tooMany, n int
	)
	start := make(chan struct{})
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := s.CreateEndpoint(ctx, councilA, webhookstest.NewEndpoint(councilA, fmt.Sprintf("ep%d", i)))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, webhooks.ErrTooManyEndpoints):
				tooMany++
			default:
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	eps, err := s.ListEndpoints(ctx, councilA, webhooks.EndpointFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n = len(eps)
	if ok != 5 || tooMany != 35 || n != 5 {
		t.Errorf("%d registered, %d refused, %d stored; want 5, 35, 5", ok, tooMany, n)
	}
}

// TestWebhookSenderOnPostgres: the Sender records its attempts in
// PostgreSQL: a receiver that answers 500 then 200 gets the event twice
// with the same webhook-id, the delivery ends delivered with both
// attempts, and a replay adds a third.
func TestWebhookSenderOnPostgres(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openMigrated(t, newMigratedDB(t)).Webhooks(webhooks.Rules{AllowLoopbackHTTP: true})
	var (
		mu  sync.Mutex
		ids []string
	)
	secret := webhookstest.MustSecret(webhookstest.SecretA)
	clock := councilkit.NewFixedClock(time.Now().UTC().Truncate(time.Second))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		id, err := webhooks.Verify(r.Header, body, clock.Now(), secret)
		mu.Lock()
		ids = append(ids, id)
		n := len(ids)
		mu.Unlock()
		if err != nil || n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	ep := webhookstest.NewEndpoint(councilA, "ledger")
	ep.URL = srv.URL
	if err := s.CreateEndpoint(ctx, councilA, ep); err != nil {
		t.Fatal(err)
	}
	sender, err := webhooks.NewSender(s, webhooks.Config{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := events.New(councilA, events.PaymentSucceeded, "pay_1", clock.Now(), events.Actor{Kind: events.ActorSystem},
		events.Payment{PaymentID: "pay_1", Reference: "R1", AmountPence: 100, Status: "success"})
	if err != nil {
		t.Fatal(err)
	}
	r := events.Record{Seq: 1, Event: ev}
	if err := sender.Handle(ctx, r); !errors.Is(err, webhooks.ErrDeliveryFailed) {
		t.Fatalf("first Handle: %v", err)
	}
	clock.Advance(5 * time.Second)
	if err := sender.Handle(ctx, r); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if err := sender.Handle(ctx, r); err != nil { // a duplicate: not sent again
		t.Fatal(err)
	}
	d, err := s.GetDeliveryOf(ctx, councilA, "ledger", ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != webhooks.Delivered || len(d.Attempts) != 2 || d.Attempts[0].Status != 500 || d.Attempts[1].Status != 200 {
		t.Errorf("delivery %v %+v", d.State, d.Attempts)
	}
	if _, err := sender.Replay(ctx, councilA, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sender.Replay(ctx, councilB, d.ID); !errors.Is(err, webhooks.ErrNotFound) {
		t.Errorf("council B replaying A's delivery: %v", err)
	}
	d, _ = s.GetDelivery(ctx, councilA, d.ID)
	mu.Lock()
	defer mu.Unlock()
	if len(d.Attempts) != 3 || !d.Attempts[2].Replay || len(ids) != 3 || ids[0] != ev.ID || ids[1] != ev.ID || ids[2] != ev.ID {
		t.Errorf("after replay: %+v, receiver saw %v", d.Attempts, ids)
	}
}
