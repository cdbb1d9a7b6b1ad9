package postgres

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify/notices/noticestest"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax/counciltaxtest"
	"github.com/lgds/councilkit/payments/paymentstest"
	"github.com/lgds/councilkit/payments/sandbox/sandboxtest"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

// errRollback ends an InCouncil transaction without committing it.
var errRollback = errors.New("roll back")

// TestRawQueriesSeeNoOtherCouncil is the defence-in-depth proof for every
// table in schema councilkit, found from the catalogue so that a table added
// by a later migration is covered without editing this test. Council B's
// records are stored in every table through the stores; then, as the
// application's ordinary role, statements that name no council at all are
// run in a council A transaction (and with no council set). Row-level
// security must hide every one of council B's rows from SELECT and count,
// and keep UPDATE and DELETE from touching any. The superuser, who bypasses
// the policies, confirms the rows were there to be hidden.
func TestRawQueriesSeeNoOtherCouncil(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	seedEveryTable(t, db, councilB)
	super := superConn(t, td)

	rows, _ := super.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'councilkit' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations' ORDER BY 1`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 8 {
		t.Fatalf("found only tables %v", tables)
	}
	for _, table := range tables {
		var stored int
		if err := super.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table+` WHERE council = $1`, councilB.String()).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == 0 {
			t.Errorf("councilkit.%s: seedEveryTable stored nothing for council B, so this test would prove nothing; extend it", table)
			continue
		}
		// A transaction for council A: no filter anywhere.
		err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			var n, sum int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT * FROM councilkit.`+table+` LIMIT 1000) t`).Scan(&sum); err != nil {
				return err
			}
			if n != 0 || sum != 0 {
				t.Errorf("council A sees %d (%d) of council B's %d rows in councilkit.%s", n, sum, stored, table)
			}
			tag, err := tx.Exec(ctx, `UPDATE councilkit.`+table+` SET council = council`)
			if err != nil {
				return fmt.Errorf("UPDATE %s: %w", table, err)
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("council A's unfiltered UPDATE touched %d of council B's rows in councilkit.%s", tag.RowsAffected(), table)
			}
			tag, err = tx.Exec(ctx, `DELETE FROM councilkit.`+table)
			if err != nil {
				return fmt.Errorf("DELETE %s: %w", table, err)
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("council A's unfiltered DELETE removed %d of council B's rows in councilkit.%s", tag.RowsAffected(), table)
			}
			return errRollback // in case the policies failed: keep the rows for the checks below
		})
		if !errors.Is(err, errRollback) {
			t.Errorf("councilkit.%s: %v", table, err)
		}
		// A connection with no council set sees nothing either.
		var n int
		if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("with no council set the application role sees %d rows of councilkit.%s (%v)", n, table, err)
		}
		// And council B still sees all its own rows.
		if err := db.InCouncil(ctx, councilB, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.`+table).Scan(&n)
		}); err != nil || n != stored {
			t.Errorf("council B sees %d of its %d rows in councilkit.%s (%v)", n, stored, table, err)
		}
	}
}

// seedEveryTable stores, for council c, at least one row in every table.
func seedEveryTable(t *testing.T, db *DB, c councilkit.Council) {
	t.Helper()
	ctx := context.Background()
	p := paymentstest.NewPayment(c, t0)
	p.Status, p.CapturedAt = payments.StatusSuccess, t0
	p.Refunds = []payments.Refund{{ID: uuid.NewString(), Amount: payments.Pence(100), Status: payments.RefundSuccess,
		AvailableBefore: p.Amount, CreatedAt: t0, UpdatedAt: t0}}
	if err := db.Payments().Create(ctx, p.Council, p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Payments().MarkWebhookSeen(ctx, c, "msg-1"); err != nil {
		t.Fatal(err)
	}
	a := planningtest.NewApplication(c, "pa-1")
	if err := db.Planning().Create(ctx, c, a); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Planning().NextSequence(ctx, c, 2026); err != nil {
		t.Fatal(err)
	}
	df, content := planningtest.NewDocumentFile(c, "doc-1", "pa-1")
	if err := db.PlanningDocuments().Create(ctx, c, df, content); err != nil {
		t.Fatal(err)
	}
	if err := db.PlanningComments().Create(ctx, c, planningtest.NewComment(c, "cm-1", "pa-1")); err != nil {
		t.Fatal(err)
	}
	if err := db.Webhooks(webhooks.Rules{}).CreateEndpoint(ctx, c, webhookstest.NewEndpoint(c, "ep-1")); err != nil {
		t.Fatal(err)
	}
	if err := db.Webhooks(webhooks.Rules{}).CreateDelivery(ctx, c, webhookstest.NewDelivery(c, "ep-1", "evt-1")); err != nil {
		t.Fatal(err)
	}
	scheme, apps := admissionstest.Generate(admissionstest.LocalRound())
	scheme.Council = c
	apps = apps[:50]
	if err := db.Admissions().Import(ctx, c, apps); err != nil {
		t.Fatal(err)
	}
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Admissions().SaveOffers(ctx, c, res); err != nil {
		t.Fatal(err)
	}
	if err := db.AdmissionRounds().Create(ctx, c, admissionstest.NewRoundRecord(c)); err != nil {
		t.Fatal(err)
	}
	r := fsmtest.NewRecord(c, "fsm-1")
	if err := r.Decide(councilkit.NewFixedClock(fsmtest.DecidedAt)); err != nil {
		t.Fatal(err)
	}
	if err := db.FreeSchoolMeals().Create(ctx, c, r); err != nil {
		t.Fatal(err)
	}
	if err := db.CouncilTax().Create(ctx, c, counciltaxtest.NewBill(c, "bill-1")); err != nil {
		t.Fatal(err)
	}
	// A message's outcome (notify/notices).
	if err := db.NoticesLedger().Put(ctx, noticestest.Sent(c, "evt-1")); err != nil {
		t.Fatal(err)
	}
	// A sandbox provider payment and its council's numbering.
	if err := db.Sandbox().Create(ctx, c, sandboxtest.NewPayment(c, "sbx100001")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Sandbox().NextSequence(ctx, c); err != nil {
		t.Fatal(err)
	}
	// An event, and a delivery of it owed to a subscriber (issue 17).
	rs := mustRecord(t, db, c, newEvent(t, c, events.PaymentCreated, "pay-seed"))
	if err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.deliveries (subscriber, council, subject, seq, event_id, job_id)
			VALUES ('seed', $1, $2, $3, $4, 0)`, c.String(), rs[0].Event.Subject, rs[0].Seq, rs[0].Event.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestWithCheckRefusesOtherCouncilsRows: inside council A's transaction,
// a row labelled with council B cannot be inserted into any table, nor can
// one of A's rows be relabelled as B's.
func TestWithCheckRefusesOtherCouncilsRows(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	seedEveryTable(t, db, councilA)
	for _, table := range []string{"payments", "payment_events", "payment_refunds", "payment_webhooks",
		"planning_applications", "planning_reference_counters", "admissions_applications", "admissions_offers", "admission_rounds",
		"fsm_records", "counciltax_bills", "webhook_endpoints", "webhook_deliveries", "notice_outcomes", "planning_documents",
		"planning_comments", "sandbox_payments", "sandbox_sequences"} {
		// Copy one of A's rows with B's council: the policy's WITH CHECK
		// must refuse it. (Generated columns are left out: the database
		// computes them.)
		err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			var cols string
			if err := tx.QueryRow(ctx, `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
				FROM information_schema.columns WHERE table_schema = 'councilkit' AND table_name = $1 AND is_generated = 'NEVER'`,
				table).Scan(&cols); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, fmt.Sprintf(`CREATE TEMPORARY TABLE ck_copy ON COMMIT DROP AS SELECT %[3]s FROM councilkit.%[1]s LIMIT 1;
				UPDATE ck_copy SET council = '%[2]s';
				INSERT INTO councilkit.%[1]s (%[3]s) SELECT * FROM ck_copy`, table, councilB, cols))
			return err
		})
		if pgCode(err) != sqlstateInsufficientPriv {
			t.Errorf("inserting a council B row into councilkit.%s as council A: %v, want a row-level security violation (42501)", table, err)
		}
		if table == "payment_events" || table == "planning_comments" {
			continue // no UPDATE policy at all: append-only
		}
		err = db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `UPDATE councilkit.`+table+` SET council = $1`, councilB.String())
			if err == nil && tag.RowsAffected() == 0 {
				err = errors.New("no rows to relabel")
			}
			return err
		})
		if pgCode(err) != sqlstateInsufficientPriv {
			t.Errorf("relabelling council A's rows in councilkit.%s as council B's: %v, want a row-level security violation (42501)", table, err)
		}
	}
}

// TestPlanningWrongCouncilStoreCalls: every planning store method called
// with council A finds nothing of council B's.
func TestPlanningWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.Planning()
	b := planningtest.NewApplication(councilB, "b1")
	n, err := s.NextSequence(ctx, councilB, 2026)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}").Format(2026, n, b.Type)
	if err != nil {
		t.Fatal(err)
	}
	b.Reference = ref
	if err := s.Create(ctx, councilB, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetByReference(ctx, councilB, ref); err != nil {
		t.Fatalf("council B's own lookup by reference: %v", err)
	}
	if _, err := s.GetByReference(ctx, councilA, ref); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("GetByReference(A, B's reference): %v, want ErrNotFound", err)
	}
	if list, err := s.List(ctx, councilA, planning.Filter{}); err != nil || len(list) != 0 {
		t.Errorf("List(A) = %d applications, %v; want none of B's", len(list), err)
	}
	// A council A application that reuses B's ID is a different record.
	a := planningtest.NewApplication(councilA, "b1")
	if err := s.Create(ctx, councilA, a); err != nil {
		t.Errorf("council A creating its own b1: %v", err)
	}
	if got, err := s.Get(ctx, councilB, "b1"); err != nil || got.Council != councilB || got.Reference != ref {
		t.Errorf("council B's b1 after council A made one: %+v, %v", got, err)
	}
}

// TestAdmissionsWrongCouncilStoreCalls: council A's calls find, change,
// delete, load and overwrite none of council B's applications or offers.
func TestAdmissionsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	s := db.Admissions()
	scheme, apps := admissionstest.Generate(admissionstest.LocalRound())
	scheme.Council = councilB
	apps = apps[:40]
	if err := s.Import(ctx, councilB, apps); err != nil {
		t.Fatal(err)
	}
	res, err := admissions.Allocate(scheme, apps)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveOffers(ctx, councilB, res); err != nil {
		t.Fatal(err)
	}
	id := apps[0].ID
	if _, err := s.Get(ctx, councilA, id); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Get(A, B's application): %v, want ErrNotFound", err)
	}
	mine, err := s.Get(ctx, councilB, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, councilA, mine); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Update(A, B's application): %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, councilA, id); !errors.Is(err, admissions.ErrNotFound) {
		t.Errorf("Delete(A, B's application): %v, want ErrNotFound", err)
	}
	f := admissions.Filter{SchoolYear: scheme.SchoolYear}
	if got, err := s.LoadRound(ctx, councilA, f); err != nil || len(got) != 0 {
		t.Errorf("LoadRound(A) = %d applications, %v; want none of B's", len(got), err)
	}
	if got, err := s.Offers(ctx, councilA, scheme.SchoolYear, scheme.EntryYear); err != nil || len(got) != 0 {
		t.Errorf("Offers(A) = %d, %v; want none of B's", len(got), err)
	}
	// Council A saving its own (empty) result for the same intake must
	// not replace council B's offers.
	empty := &admissions.Result{Council: councilA, SchoolYear: scheme.SchoolYear, EntryYear: scheme.EntryYear}
	if n, err := s.SaveOffers(ctx, councilA, empty); err != nil || n != 0 {
		t.Fatalf("SaveOffers(A, empty) = %d, %v", n, err)
	}
	if got, err := s.Offers(ctx, councilB, scheme.SchoolYear, scheme.EntryYear); err != nil || len(got) != len(apps) {
		t.Errorf("council B's offers after council A saved its round: %d, %v; want %d", len(got), err, len(apps))
	}
	if got, err := s.LoadRound(ctx, councilB, f); err != nil || len(got) != len(apps) {
		t.Errorf("council B's applications: %d, %v; want %d", len(got), err, len(apps))
	}
}

// TestNotMigrated: stores on a database that was never migrated fail with
// ErrNotMigrated, not a bare driver error.
func TestNotMigrated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, newTestDB(t).AppURL, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Payments().Get(ctx, councilA, uuid.NewString()); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("payments Get: %v, want ErrNotMigrated", err)
	}
	if _, err := db.Planning().List(ctx, councilA, planning.Filter{}); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("planning List: %v, want ErrNotMigrated", err)
	}
	if _, err := db.Admissions().Get(ctx, councilA, "x"); !errors.Is(err, ErrNotMigrated) {
		t.Errorf("admissions Get: %v, want ErrNotMigrated", err)
	}
}
