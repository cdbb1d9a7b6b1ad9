package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments/counciltax"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
)

// TestRecordsEventFailureRollsBack: when the events of a change cannot be
// recorded (here the afterRecord hook, run in the change's transaction
// after the events' INSERT, fails), the change is rolled back with them.
func TestRecordsEventFailureRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	td := newMigratedDB(t)
	db := openMigrated(t, td)
	c := fsmtest.CouncilA
	if err := db.CouncilTax().Create(ctx, counciltaxtest.CouncilA, counciltaxtest.NewBill(counciltaxtest.CouncilA, "b1")); err != nil {
		t.Fatal(err)
	}
	if err := db.FreeSchoolMeals().Create(ctx, c, fsmtest.NewRecord(c, "r1")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("event log down")
	db.afterRecord = func(context.Context, pgx.Tx, []events.Record) error { return boom }

	decided := fsmtest.NewRecord(c, "r2")
	if err := decided.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	if err := db.FreeSchoolMeals().Create(ctx, c, decided); !errors.Is(err, boom) {
		t.Fatalf("Create: %v", err)
	}
	if _, err := db.FreeSchoolMeals().Get(ctx, c, "r2"); !errors.Is(err, fsm.ErrNotFound) {
		t.Errorf("a record was created without its event: %v", err)
	}
	if _, err := fsm.Modify(ctx, db.FreeSchoolMeals(), c, "r1", func(r *fsm.Record) error {
		return r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt))
	}); !errors.Is(err, boom) {
		t.Fatalf("Modify: %v", err)
	}
	if r, _ := db.FreeSchoolMeals().Get(ctx, c, "r1"); r.Decision != nil || r.Version != 1 {
		t.Errorf("a decision was stored without its event: %+v", r)
	}
	ct := counciltaxtest.CouncilA
	if _, err := counciltax.Modify(ctx, db.CouncilTax(), ct, "b1", func(r *counciltax.BillRecord) error {
		counciltaxtest.Adjust(t, r, counciltaxtest.AdjustedAt)
		return nil
	}); !errors.Is(err, boom) {
		t.Fatalf("counciltax Modify: %v", err)
	}
	if r, _ := db.CouncilTax().Get(ctx, ct, "b1"); len(r.Adjustments) != 0 || r.Version != 1 {
		t.Errorf("an adjustment was stored without its event: %+v", r)
	}
	if err := db.CouncilTax().Create(ctx, ct, counciltaxtest.NewBill(ct, "b2")); !errors.Is(err, boom) {
		t.Fatalf("counciltax Create: %v", err)
	}
	if _, err := db.CouncilTax().Get(ctx, ct, "b2"); !errors.Is(err, counciltax.ErrNotFound) {
		t.Errorf("a bill was created without its event: %v", err)
	}
}
