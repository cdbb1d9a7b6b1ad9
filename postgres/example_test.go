package postgres_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/postgres"
)

// These examples run against a real PostgreSQL when COUNCILKIT_TEST_POSTGRES
// names a cluster (as in .ci/run): TestMain then makes an empty database
// owned by an ordinary role and sets DATABASE_URL to it. Without a cluster
// they are compiled but skipped.

// Open a database as the application's ordinary (non-superuser) role,
// bring the schema up to date, and run a council-scoped transaction.
func ExampleOpen() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Config{}) // an ordinary role: not superuser, not BYPASSRLS
	if err != nil {
		log.Fatal(err) // the real reason: unreachable, refused, or a privileged role
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil { // idempotent; safe when several instances start at once
		log.Fatal(err)
	}
	durham := councilkit.MustParseCouncil("E06000047")
	var n int
	err = db.InCouncil(ctx, durham, func(tx pgx.Tx) error {
		// Row-level security shows this transaction only County Durham's rows.
		return tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.payments`).Scan(&n)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("County Durham's payments:", n)
	// Output:
	// County Durham's payments: 0
}

// Give the payments service a PostgreSQL store instead of the in-memory
// one.
func ExampleDB_Payments() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	clock := councilkit.NewFixedClock(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC))
	provider, err := sandbox.New(clock, "https://pay.example.gov.uk/", sandbox.Config{})
	if err != nil {
		log.Fatal(err)
	}
	svc := payments.NewService(db.Payments(), provider, clock)
	cardiff := councilkit.MustParseCouncil("W06000015")
	p, err := svc.Start(ctx, cardiff, payments.StartRequest{
		Amount: payments.MustParseAmount("£45.00"), Reference: "GW-2026-0042",
		Description: "Garden waste collection 2026", ReturnURL: "https://example.gov.uk/paid",
		FundCode: "GW100", IdempotencyKey: payments.NewIdempotencyKey(),
	})
	if err != nil {
		log.Fatal(err)
	}
	stored, err := db.Payments().Get(ctx, cardiff, p.ID) // what a later request, or another instance, reads
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(stored.Status, stored.Amount, stored.Reference)
	// Output:
	// created £45.00 GW-2026-0042
}

// Allocate a round from applications kept in PostgreSQL and write every
// child's offer back in one bulk COPY.
func ExampleAdmissionsStore_SaveOffers() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	oak := admissions.MustParseURN("136001")
	scheme := &admissions.Scheme{ // the council's admissions scheme for the intake
		Council: councilkit.MustParseCouncil("E08000021"), EntryYear: admissions.Year7, SchoolYear: 2027,
		Schools: []admissions.School{{URN: oak, Name: "Oak Academy", Phase: admissions.Secondary,
			PAN:      map[admissions.YearGroup]int{admissions.Year7: 1},
			Location: identity.GridPoint{Easting: 427000, Northing: 542000}}},
	}
	store := db.Admissions()
	for i, id := range []string{"A1", "A2"} {
		a := &admissions.Application{ID: id, EntryYear: admissions.Year7, SchoolYear: 2027,
			Received: calendar.MustDate(2026, time.October, 20), Preferences: []admissions.URN{oak}}
		a.Home.Grid = identity.GridPoint{Easting: 427100 + float64(200*i), Northing: 542000}
		if err := store.Create(ctx, scheme.Council, a); err != nil {
			log.Fatal(err)
		}
	}
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
	n, err := store.SaveOffers(ctx, scheme.Council, res)
	if err != nil {
		log.Fatal(err)
	}
	offers, err := store.Offers(ctx, scheme.Council, scheme.SchoolYear, scheme.EntryYear)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "outcomes saved")
	for _, o := range offers {
		if o.School.IsZero() {
			fmt.Println(o.ApplicationID, "not placed")
			continue
		}
		fmt.Println(o.ApplicationID, "offered", o.School)
	}
	// Output:
	// 2 outcomes saved
	// A1 offered 136001
	// A2 not placed
}

// Allocate the next planning reference number for a council and year.
func ExamplePlanningStore_NextSequence() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	lambeth := councilkit.MustParseCouncil("E09000022")
	for range 3 {
		n, err := db.Planning().NextSequence(ctx, lambeth, 2026) // 1, 2, 3 ... with no gaps, even under concurrent submissions
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(n)
	}
	// Output:
	// 1
	// 2
	// 3
}
