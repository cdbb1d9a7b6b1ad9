package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lgds/councilkit/payments/paymentstest"
)

// TestBackup: the copy holds what was committed, opens as a councilkit
// file, and an existing file is not overwritten.
func TestBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := openPath(t, filepath.Join(dir, "live.db"))
	p := paymentstest.NewPayment(councilA, t0)
	if err := db.Payments().Create(ctx, councilA, p); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := db.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, copyPath); err == nil {
		t.Error("a second Backup to the same path overwrote it")
	}
	cp := openPath(t, copyPath)
	if got, err := cp.Payments().Get(ctx, councilA, p.ID); err != nil || got.Reference != p.Reference {
		t.Errorf("payment in the backup: %v, %v", got, err)
	}
	if err := cp.Check(ctx); err != nil {
		t.Error(err)
	}
}
