package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/payments/sandbox/sandboxtest"
)

// TestSandboxStoreConformance runs the sandbox package's Store conformance
// suite against PostgreSQL, each subtest in a database of its own.
func TestSandboxStoreConformance(t *testing.T) {
	t.Parallel()
	sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store {
		return openMigrated(t, newMigratedDB(t)).Sandbox()
	})
}

// TestSandboxTwoInstances: two instances (two pools on one database), each
// with its own sandbox Provider, act as one provider: a payment made on one
// is paid on the other, and of many confirmations, refunds and creations
// racing through both, the store lets exactly one win.
func TestSandboxTwoInstances(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	sandboxtest.RunSharedTests(t, openMigrated(t, td).Sandbox(), openMigrated(t, td).Sandbox())
}

// TestSandboxRestart: a payment started before a restart (a new handle on
// the database, a new Provider) is paid after it, and the numbering goes on
// from where it was.
func TestSandboxRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	td := newMigratedDB(t)
	clock := councilkit.NewFixedClock(sandboxtest.At)
	provider := func() *sandbox.Provider {
		p, err := sandbox.New(clock, "/sandbox-pay/", sandbox.Config{Store: openMigrated(t, td).Sandbox(), Council: councilA})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := provider()
	req := payments.ProviderRequest{Amount: payments.Pence(17200), Reference: "10000001", Description: "Council tax",
		ReturnURL: "https://portal.example/done", IdempotencyKey: "restart-1"}
	first, err := before.Create(ctx, req)
	if err != nil || first.ProviderID != "sbx100001" {
		t.Fatalf("Create = %+v, %v", first, err)
	}
	after := provider()
	if st, err := after.PayWithCardContext(ctx, first.ProviderID, "4444333322221111"); err != nil || st != payments.StatusSuccess {
		t.Fatalf("paying after the restart: %v, %v", st, err)
	}
	req.IdempotencyKey = "restart-2"
	if second, err := after.Create(ctx, req); err != nil || second.ProviderID != "sbx100002" {
		t.Errorf("the next payment after the restart: %+v, %v; want sbx100002", second, err)
	}
	// Another council's sandbox sees none of it.
	other, err := sandbox.New(clock, "/sandbox-pay/", sandbox.Config{Store: openMigrated(t, td).Sandbox(), Council: councilB})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Get(ctx, first.ProviderID); err == nil {
		t.Error("council B's sandbox found council A's payment")
	}
}

// BenchmarkSandboxJourney: a sandbox payment's provider side from start to
// finish (create, visit, pay, read), from 8 goroutines: the round trips
// the portal's payment journey makes to the sandbox's store.
func BenchmarkSandboxJourney(b *testing.B) {
	ctx := context.Background()
	p, err := sandbox.New(nil, "/sandbox-pay/", sandbox.Config{Store: openMigrated(b, newMigratedDB(b)).Sandbox(), Council: councilA})
	if err != nil {
		b.Fatal(err)
	}
	var (
		mu sync.Mutex
		n  int
	)
	b.ReportAllocs()
	b.SetParallelism(4) // 2 cores: 8 goroutines
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			key := payments.IdempotencyKey(fmt.Sprint("bench-", n))
			mu.Unlock()
			v, err := p.Create(ctx, payments.ProviderRequest{Amount: payments.Pence(1000), Reference: "R", Description: "D",
				ReturnURL: "https://x.example/", IdempotencyKey: key})
			if err != nil {
				b.Fatal(err)
			}
			if err := p.VisitContext(ctx, v.ProviderID); err != nil {
				b.Fatal(err)
			}
			if _, err := p.PayWithCardContext(ctx, v.ProviderID, "4444333322221111"); err != nil {
				b.Fatal(err)
			}
			if _, err := p.Get(ctx, v.ProviderID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
