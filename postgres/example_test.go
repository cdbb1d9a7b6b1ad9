package postgres_test

import (
	"context"
	"log"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
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

// Allocate a round from applications kept in PostgreSQL and write every
// child's offer back in one bulk COPY.
func ExampleAdmissionsStore_SaveOffers() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var scheme *admissions.Scheme // the council's admissions scheme for the intake
	store := db.Admissions()
	apps, err := store.LoadRound(ctx, scheme.Council, admissions.Filter{
		SchoolYear: scheme.SchoolYear, EntryYears: []admissions.YearGroup{scheme.EntryYear},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := store.SaveOffers(ctx, scheme.Council, res); err != nil {
		log.Fatal(err)
	}
}

// Allocate the next planning reference number for a council and year.
func ExamplePlanningStore_NextSequence() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	lambeth := councilkit.MustParseCouncil("E09000022")
	n, err := db.Planning().NextSequence(ctx, lambeth, 2026) // 1, 2, 3 ... with no gaps, even under concurrent submissions
	if err != nil {
		log.Fatal(err)
	}
	_ = n
}
