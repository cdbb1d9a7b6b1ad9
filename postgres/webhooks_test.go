package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

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
