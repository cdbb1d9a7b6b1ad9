package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lgds/councilkit/payments/paymentstest"
)

// TestBackup: the copy holds what was committed, opens as a councilkit
// file with its event log, and an existing file is not overwritten.
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
	// The event log keeps its positions in the copy, and the copy hands
	// out the next position after them: a dispatcher that read the live
	// log can go on reading the restored one.
	live, err := db.Events().Since(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	restored, err := cp.Events().Since(ctx, 0, 0)
	if err != nil || len(live) != 1 || len(restored) != 1 || restored[0].Seq != live[0].Seq || restored[0].Event.ID != live[0].Event.ID {
		t.Fatalf("events: live %+v, restored %+v (%v)", live, restored, err)
	}
	q := paymentstest.NewPayment(councilA, t0)
	if err := cp.Payments().Create(ctx, councilA, q); err != nil {
		t.Fatal(err)
	}
	if rs, err := cp.Events().Since(ctx, live[0].Seq, 0); err != nil || len(rs) != 1 || rs[0].Event.Subject != q.ID {
		t.Errorf("after the last live position, the restored log has %+v, %v", rs, err)
	}
}
