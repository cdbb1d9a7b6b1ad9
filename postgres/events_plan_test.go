package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit/payments/paymentstest"
)

// A payment's creation, with its event, is one prepared statement that
// the server plans once, generically, rather than afresh on every
// execution (which doubled the server's CPU per creation when the events
// were numbered with generate_series over a parameter's length: the
// generic plan, which cannot know the length, looked dearer than custom
// ones). The server tries custom plans for a statement's first five
// executions, then keeps to the generic plan if it costs no more
// (PostgreSQL documentation, PREPARE, "plan_cache_mode").
func TestPaymentCreateIsPlannedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, newMigratedDB(t).AppURL, Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 1 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	const creates = 20
	for range creates {
		if err := db.Payments().Create(ctx, councilA, paymentstest.NewPayment(councilA, t0)); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Pool().Query(ctx, `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements`)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for rows.Next() {
		var (
			stmt            string
			generic, custom int64
		)
		if err := rows.Scan(&stmt, &generic, &custom); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stmt, "INSERT INTO councilkit.payments") || !strings.Contains(stmt, "INSERT INTO councilkit.events") {
			continue
		}
		found = true
		if generic+custom != creates || custom > 5 {
			t.Errorf("the creation statement was planned %d times afresh (custom) and ran %d times on its generic plan", custom, generic)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatal("no prepared statement inserts a payment and its events")
	}
}
