package postgres_test

import (
	"context"
	"log"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/postgres"
)

// Open a database as the application's ordinary (non-superuser) role,
// bring the schema up to date, and run a council-scoped transaction.
func ExampleOpen() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL")) // e.g. postgres://portal@db.internal/councilkit
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil { // idempotent; safe when several instances start at once
		log.Fatal(err)
	}
	durham := councilkit.MustParseCouncil("E06000047")
	err = db.InCouncil(ctx, durham, func(tx pgx.Tx) error {
		// Row-level security shows this transaction only County Durham's rows.
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
}

// Give the payments service a PostgreSQL store instead of the in-memory
// one.
func ExampleDB_Payments() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	provider := sandbox.New(councilkit.SystemClock{}, "https://pay.example.gov.uk/")
	svc := payments.NewService(db.Payments(), provider, nil)
	_ = svc // svc.Start, svc.Refund ... now keep their records in PostgreSQL
}
