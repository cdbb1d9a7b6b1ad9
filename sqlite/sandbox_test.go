package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/payments/sandbox/sandboxtest"
)

// migrated holds the bytes of a freshly migrated data file, made once:
// copying them is much cheaper than running every migration (River's
// included) again for each of the many stores these tests open.
var migrated struct {
	once sync.Once
	file []byte
	err  error
}

// freshPath returns the path of a new, migrated, empty data file in the
// test's temporary directory: a copy of one migrated once.
func freshPath(t testing.TB) string {
	t.Helper()
	migrated.once.Do(func() {
		path := filepath.Join(t.TempDir(), "template.db")
		db, err := Open(context.Background(), path, Config{})
		if err != nil {
			migrated.err = err
			return
		}
		if migrated.err = db.Migrate(context.Background()); migrated.err != nil {
			db.Close()
			return
		}
		db.Close() // checkpoints the write-ahead log into the file
		migrated.file, migrated.err = os.ReadFile(path)
	})
	if migrated.err != nil {
		t.Fatalf("making the migrated template file: %v", migrated.err)
	}
	path := filepath.Join(t.TempDir(), "councilkit.db")
	if err := os.WriteFile(path, migrated.file, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openFresh opens a new, migrated, empty data file (freshPath), closed
// when the test ends.
func openFresh(t testing.TB) *DB {
	t.Helper()
	return openPath(t, freshPath(t))
}

// TestSandboxStoreConformance runs the sandbox package's Store conformance
// suite against SQLite, each subtest in a file of its own.
func TestSandboxStoreConformance(t *testing.T) {
	t.Parallel()
	sandboxtest.RunStoreTests(t, func(t *testing.T) sandbox.Store {
		return openFresh(t).Sandbox()
	})
}

// TestSandboxTwoHandles: two processes sharing the file (two handles,
// each with its own writer connection), each with its own sandbox
// Provider, act as one provider.
func TestSandboxTwoHandles(t *testing.T) {
	t.Parallel()
	path := freshPath(t)
	sandboxtest.RunSharedTests(t, openPath(t, path).Sandbox(), openPath(t, path).Sandbox())
}

// TestSandboxRestart: a payment started before a restart (the file closed
// and opened again, a new Provider) is paid after it, and the numbering
// goes on from where it was.
func TestSandboxRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := freshPath(t)
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
