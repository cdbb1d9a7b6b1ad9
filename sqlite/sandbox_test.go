package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/payments/sandbox/sandboxtest"
)

// TestSandboxStoreConformance runs the sandbox package's Store conformance
// suite against SQLite, each subtest in a file of its own.
func TestSandboxStoreConformance(t *testing.T) {
	t.Parallel()
	sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store {
		return openMigrated(t).Sandbox()
	})
}

// TestSandboxTwoHandles: two processes sharing the file (two handles,
// each with its own writer connection), each with its own sandbox
// Provider, act as one provider.
func TestSandboxTwoHandles(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	sandboxtest.RunSharedTests(t, openPath(t, path).Sandbox(), openPath(t, path).Sandbox())
}

// TestSandboxRestart: a payment started before a restart (the file closed
// and opened again, a new Provider) is paid after it, and the numbering
// goes on from where it was.
func TestSandboxRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "councilkit.db")
	clock := councilkit.NewFixedClock(sandboxtest.At)
	db := openPath(t, path)
	provider := func(db *DB, c councilkit.Council) *sandbox.Provider {
		p, err := sandbox.New(clock, "/sandbox-pay/", sandbox.Config{Store: db.Sandbox(), Council: c})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	req := payments.ProviderRequest{Amount: payments.Pence(17200), Reference: "10000001", Description: "Council tax",
		ReturnURL: "https://portal.example/done", IdempotencyKey: "restart-1"}
	first, err := provider(db, councilA).Create(ctx, req)
	if err != nil || first.ProviderID != "sbx100001" {
		t.Fatalf("Create = %+v, %v", first, err)
	}
	db.Close()
	db = openPath(t, path)
	after := provider(db, councilA)
	if st, err := after.PayWithCardContext(ctx, first.ProviderID, "4444333322221111"); err != nil || st != payments.StatusSuccess {
		t.Fatalf("paying after the restart: %v, %v", st, err)
	}
	req.IdempotencyKey = "restart-2"
	if second, err := after.Create(ctx, req); err != nil || second.ProviderID != "sbx100002" {
		t.Errorf("the next payment after the restart: %+v, %v; want sbx100002", second, err)
	}
	if _, err := provider(db, councilB).Get(ctx, first.ProviderID); err == nil {
		t.Error("council B's sandbox found council A's payment")
	}
}
