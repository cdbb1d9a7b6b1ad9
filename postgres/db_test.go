package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit"
)

var (
	councilA = councilkit.MustParseCouncil("E06000047") // County Durham
	councilB = councilkit.MustParseCouncil("W06000015") // Cardiff
)

func TestOpenRefusesPrivilegedRole(t *testing.T) {
	t.Parallel()
	td := newTestDB(t)
	ctx := context.Background()
	if _, err := Open(ctx, td.SuperURL, Config{}); !errors.Is(err, ErrPrivilegedRole) {
		t.Fatalf("Open as superuser: err = %v, want ErrPrivilegedRole", err)
	}
	db, err := Open(ctx, td.SuperURL, Config{AllowPrivilegedRole: true})
	if err != nil {
		t.Fatalf("Open with AllowPrivilegedRole: %v", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("a privileged handle must still migrate: %v", err)
	}
	err = db.InCouncil(ctx, councilA, func(pgx.Tx) error { return nil })
	if !errors.Is(err, ErrPrivilegedRole) {
		t.Fatalf("InCouncil on a privileged handle: err = %v, want ErrPrivilegedRole", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	t.Parallel()
	if _, err := Open(context.Background(), "postgres://%zz", Config{}); !errors.Is(err, ErrConfig) {
		t.Fatalf("Open of a malformed URL: %v, want ErrConfig", err)
	}
}

// TestOpenBadConfig checks that Open refuses an invalid Config before it
// connects: the URL points nowhere, so only the Config can be refused.
func TestOpenBadConfig(t *testing.T) {
	t.Parallel()
	if _, err := Open(context.Background(), "postgres://nobody@127.0.0.1:1/none", Config{MaxAttempts: -1}); !errors.Is(err, ErrConfig) {
		t.Fatalf("Open with MaxAttempts -1: %v, want ErrConfig", err)
	}
}

func TestMigrateIdempotent(t *testing.T) {
	t.Parallel()
	td := newTestDB(t)
	ctx := context.Background()
	db, err := Open(ctx, td.AppURL, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
		t.Fatalf("SchemaVersion before Migrate = %d, %v; want 0, nil", v, err)
	}
	for i := 0; i < 3; i++ {
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate #%d: %v", i+1, err)
		}
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != LatestVersion() {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, LatestVersion())
	}
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM councilkit.schema_migrations`).Scan(&n); err != nil || n != LatestVersion() {
		t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, LatestVersion())
	}
}

// TestMigrateConcurrent starts several processes' worth of Migrate at once,
// each on its own pool: the advisory lock must serialise them so that all
// succeed and every migration is applied exactly once.
func TestMigrateConcurrent(t *testing.T) {
	t.Parallel()
	td := newTestDB(t)
	ctx := context.Background()
	const n = 4
	dbs := make([]*DB, n)
	for i := range dbs {
		db, err := Open(ctx, td.AppURL, Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = db.Migrate(ctx)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate on pool %d: %v", i, err)
		}
	}
	var rows, distinct int
	if err := dbs[0].pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM councilkit.schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != LatestVersion() || distinct != LatestVersion() {
		t.Fatalf("schema_migrations: %d rows, %d versions; want %d of each", rows, distinct, LatestVersion())
	}
}

func TestMigrateRefusesChangedOrNewerSchema(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	super := superConn(t, td)

	if _, err := super.Exec(ctx, `UPDATE councilkit.schema_migrations SET checksum = 'edited' || checksum WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err == nil {
		t.Fatal("Migrate accepted an applied migration whose checksum changed")
	}
	if _, err := super.Exec(ctx, `UPDATE councilkit.schema_migrations SET checksum = substr(checksum, 7) WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate after restoring the checksum: %v", err)
	}
	if _, err := super.Exec(ctx, `INSERT INTO councilkit.schema_migrations (version, name, checksum) VALUES (9999, '9999_future', 'x')`); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Migrate on a newer schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	if migrationsErr != nil {
		t.Fatalf("embedded migrations: %v", migrationsErr)
	}
	if LatestVersion() < 1 {
		t.Fatal("no embedded migrations")
	}
	sql := &fstest.MapFile{Data: []byte("SELECT 1;")}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		ok    bool
	}{
		{"in order", fstest.MapFS{"m/0001_a.sql": sql, "m/0002_b.sql": sql, "m/README": sql}, true},
		{"gap", fstest.MapFS{"m/0001_a.sql": sql, "m/0003_c.sql": sql}, false},
		{"repeat", fstest.MapFS{"m/0001_a.sql": sql, "m/0001_b.sql": sql}, false},
		{"starts at 2", fstest.MapFS{"m/0002_b.sql": sql}, false},
		{"no number", fstest.MapFS{"m/first.sql": sql}, false},
		{"short number", fstest.MapFS{"m/1_a.sql": sql}, false},
	} {
		ms, err := loadMigrations(tc.files, "m")
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if tc.ok && (len(ms) != 2 || ms[0].version != 1 || ms[1].name != "0002_b") {
			t.Errorf("%s: got %+v", tc.name, ms)
		}
	}
}

// createProbe adds a council-scoped table set up exactly as the migrations
// set up theirs, for testing the scoping mechanism on its own.
func createProbe(t *testing.T, db *DB) {
	t.Helper()
	_, err := db.pool.Exec(context.Background(), `
		CREATE TABLE councilkit.probe (
			council councilkit.council_code NOT NULL,
			id      integer NOT NULL,
			note    text NOT NULL DEFAULT '',
			PRIMARY KEY (council, id)
		);
		ALTER TABLE councilkit.probe ENABLE ROW LEVEL SECURITY;
		ALTER TABLE councilkit.probe FORCE ROW LEVEL SECURITY;
		CREATE POLICY council_isolation ON councilkit.probe
			USING (council = councilkit.current_council())
			WITH CHECK (council = councilkit.current_council());`)
	if err != nil {
		t.Fatal(err)
	}
}

// TestRowLevelSecurity proves that the policies, not only the stores' WHERE
// clauses, keep councils apart, for the unprivileged role the stores use:
// statements that deliberately leave out the council filter still see,
// change and count only the transaction's council's rows.
func TestRowLevelSecurity(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	createProbe(t, db)

	for _, c := range []councilkit.Council{councilA, councilB} {
		err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 1), ($1, 2)`, c.String())
			return err
		})
		if err != nil {
			t.Fatalf("insert for %v: %v", c, err)
		}
	}
	count := func(c councilkit.Council) (n int) {
		t.Helper()
		err := db.InCouncil(ctx, c, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FROM councilkit.probe`).Scan(&n) // no WHERE on purpose
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(councilA); n != 2 {
		t.Errorf("council A counts %d rows with no filter, want its own 2", n)
	}
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE councilkit.probe SET note = 'A was here'`)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 2 {
			t.Errorf("unfiltered UPDATE in council A touched %d rows, want 2", tag.RowsAffected())
		}
		tag, err = tx.Exec(ctx, `DELETE FROM councilkit.probe WHERE council = $1`, councilB.String())
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 0 {
			t.Errorf("council A deleted %d of council B's rows", tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// WITH CHECK: council A cannot write a row into council B.
	err = db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 3)`, councilB.String())
		return err
	})
	if pgCode(err) != sqlstateInsufficientPriv {
		t.Errorf("council A inserting a council B row: err = %v, want a row-level security violation (42501)", err)
	}
	// Outside InCouncil no council is set and nothing is visible.
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM councilkit.probe`).Scan(&n); err != nil || n != 0 {
		t.Errorf("with no council set the application role sees %d rows (%v), want 0", n, err)
	}
	// The superuser, who bypasses the policies, sees what is really there.
	var notes []string
	rows, err := superConn(t, td).Query(ctx, `SELECT council || ':' || note FROM councilkit.probe ORDER BY council, id`)
	if err != nil {
		t.Fatal(err)
	}
	notes, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"E06000047:A was here", "E06000047:A was here", "W06000015:", "W06000015:"}
	if fmt.Sprint(notes) != fmt.Sprint(want) {
		t.Errorf("rows = %q, want %q", notes, want)
	}
	if err := db.InCouncil(ctx, councilkit.Council{}, func(pgx.Tx) error { return nil }); !errors.Is(err, councilkit.ErrInvalidCouncil) {
		t.Errorf("InCouncil with the zero council: err = %v, want ErrInvalidCouncil", err)
	}
}

// TestEveryTableIsCouncilScoped guards future migrations: every table in
// schema councilkit (bar the migration ledger) must have a council column,
// row-level security enabled and forced, and a policy.
func TestEveryTableIsCouncilScoped(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	openMigrated(t, td)
	rows, err := superConn(t, td).Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		       EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'councilkit' AND p.tablename = c.relname),
		       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'council' AND a.attnotnull)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'councilkit' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
		ORDER BY c.relname`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		var rls, force, policy, council bool
		if err := rows.Scan(&name, &rls, &force, &policy, &council); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		if !rls || !force || !policy || !council {
			t.Errorf("table councilkit.%s: row security %v, forced %v, policy %v, council NOT NULL %v; want all true", name, rls, force, policy, council)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// The list is here so that this test cannot pass by finding nothing;
	// add new tables to it.
	want := []string{"admission_rounds", "admissions_applications", "admissions_offers", "counciltax_bills", "deliveries", "events", "fsm_records",
		"notice_outcomes", "payment_events", "payment_refunds", "payment_webhooks", "payments", "planning_applications", "planning_comments",
		"planning_documents", "planning_reference_counters", "sandbox_payments", "sandbox_sequences",
		"webhook_deliveries", "webhook_endpoints"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("tables = %v, want %v", names, want)
	}
}

// TestCouncilSettingDoesNotLeak runs both kinds of council-scoped work on a
// pool of one connection, then uses that same connection with no council:
// the setting must be gone, so nothing is visible.
func TestCouncilSettingDoesNotLeak(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t), Config{ConfigurePool: func(c *pgxpool.Config) { c.MaxConns = 1 }})
	createProbe(t, db)
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 1)`, councilA.String())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	check := func(after string) {
		t.Helper()
		var setting string
		var n int
		err := db.pool.QueryRow(ctx, `SELECT coalesce(current_setting('councilkit.council', true), ''),
			(SELECT count(*) FROM councilkit.probe)`).Scan(&setting, &n)
		if err != nil || setting != "" || n != 0 {
			t.Errorf("after %s the pooled connection has council %q and sees %d rows (%v); want none", after, setting, n, err)
		}
	}
	check("InCouncil")
	var seen int
	if err := db.pipelineInCouncil(ctx, councilA, func(b *pgx.Batch) error {
		b.Queue(`SELECT count(*) FROM councilkit.probe`).QueryRow(func(r pgx.Row) error { return r.Scan(&seen) })
		return nil
	}); err != nil || seen != 1 {
		t.Fatalf("pipeline saw %d rows (%v), want 1", seen, err)
	}
	check("a pipeline")
	// A pipeline that fails part-way rolls back everything in it.
	err := db.pipelineInCouncil(ctx, councilA, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.probe (council, id) VALUES ($1, 2)`, councilA.String())
		b.Queue(`SELECT 1/0`)
		return nil
	})
	if err == nil {
		t.Fatal("division by zero succeeded")
	}
	check("a failed pipeline")
	if err := db.pipelineInCouncil(ctx, councilA, func(b *pgx.Batch) error {
		b.Queue(`SELECT count(*) FROM councilkit.probe`).QueryRow(func(r pgx.Row) error { return r.Scan(&seen) })
		return nil
	}); err != nil || seen != 1 {
		t.Errorf("after the failed pipeline council A has %d rows (%v), want 1: its insert must have been rolled back", seen, err)
	}
}

func TestInCouncilRetriesSerializationFailures(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td, Config{MaxAttempts: 3})
	createProbe(t, db)

	var attempts atomic.Int32
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		n := attempts.Add(1)
		if _, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, $2)`, councilA.String(), n); err != nil {
			return err
		}
		if n < 3 {
			return &pgconn.PgError{Code: sqlstateSerializationFailure, Message: "injected"}
		}
		return nil
	})
	if err != nil || attempts.Load() != 3 {
		t.Fatalf("err = %v after %d attempts, want success on the 3rd", err, attempts.Load())
	}
	var ids []int32
	_ = db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id FROM councilkit.probe`)
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int32])
		return err
	})
	if fmt.Sprint(ids) != "[3]" {
		t.Errorf("rows after retries = %v, want only the committed attempt's [3]", ids)
	}

	attempts.Store(0)
	err = db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		attempts.Add(1)
		return &pgconn.PgError{Code: sqlstateDeadlockDetected, Message: "injected"}
	})
	if !errors.Is(err, ErrRetryable) || attempts.Load() != 3 {
		t.Errorf("persistent deadlock: err = %v after %d attempts; want ErrRetryable after 3", err, attempts.Load())
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != sqlstateDeadlockDetected {
		t.Errorf("the driver error must stay in the chain: %v", err)
	}

	sentinel := errors.New("business rule")
	attempts.Store(0)
	if err := db.InCouncil(ctx, councilA, func(pgx.Tx) error { attempts.Add(1); return sentinel }); !errors.Is(err, sentinel) || attempts.Load() != 1 || errors.Is(err, ErrRetryable) {
		t.Errorf("ordinary error: err = %v after %d attempts; want it returned at once, not retryable", err, attempts.Load())
	}
}

// TestInCouncilRetriesRealDeadlock makes two transactions lock two rows in
// opposite orders. PostgreSQL's deadlock detector aborts one (40P01);
// InCouncil must rerun it so that both updates land.
func TestInCouncilRetriesRealDeadlock(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	createProbe(t, db)
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id, note) VALUES ($1, 1, ''), ($1, 2, '')`, councilA.String())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var attempts atomic.Int32
	var barrier sync.WaitGroup
	barrier.Add(2)
	var once [2]sync.Once
	run := func(i int, first, second int) error {
		return db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
			attempts.Add(1)
			if _, err := tx.Exec(ctx, `UPDATE councilkit.probe SET note = note || $2 WHERE id = $1`, first, fmt.Sprint(i)); err != nil {
				return err
			}
			once[i].Do(barrier.Done) // both hold their first lock before either asks for its second
			barrier.Wait()
			_, err := tx.Exec(ctx, `UPDATE councilkit.probe SET note = note || $2 WHERE id = $1`, second, fmt.Sprint(i))
			return err
		})
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() { defer wg.Done(); errs[0] = run(0, 1, 2) }()
	go func() { defer wg.Done(); errs[1] = run(1, 2, 1) }()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	if attempts.Load() < 3 {
		t.Errorf("%d attempts: the deadlock was not detected and retried", attempts.Load())
	}
	var notes []string
	_ = db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT note FROM councilkit.probe ORDER BY id`)
		notes, _ = pgx.CollectRows(rows, pgx.RowTo[string])
		return nil
	})
	for i, n := range notes {
		if len(n) != 2 {
			t.Errorf("row %d note %q: want each transaction's mark exactly once", i+1, n)
		}
	}
}

// TestTerminatedConnection kills the transaction's backend with
// pg_terminate_backend after it has written: the error must be retryable
// and the write must be gone.
func TestTerminatedConnection(t *testing.T) {
	t.Parallel()
	td := newMigratedDB(t)
	ctx := context.Background()
	db := openMigrated(t, td)
	createProbe(t, db)
	super := superConn(t, td)

	var attempts int
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		attempts++
		if _, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 1)`, councilA.String()); err != nil {
			return err
		}
		var pid uint32
		if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		terminate(t, super, pid)
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 2)`, councilA.String())
		return err
	})
	if !errors.Is(err, ErrRetryable) {
		t.Fatalf("err = %v, want one that errors.Is ErrRetryable", err)
	}
	if attempts != 1 {
		t.Errorf("InCouncil reran the transaction %d times after losing the connection; it must leave that to the caller", attempts)
	}
	var n int
	if err := super.QueryRow(ctx, `SELECT count(*) FROM councilkit.probe`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows (%v) survived the killed transaction, want 0", n, err)
	}
	// The pool recovers: the next transaction works.
	if err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO councilkit.probe (council, id) VALUES ($1, 1)`, councilA.String())
		return err
	}); err != nil {
		t.Errorf("the pool did not recover: %v", err)
	}
}

func TestIsRetryable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("boom"), false},
		{&pgconn.PgError{Code: "40001"}, true},
		{&pgconn.PgError{Code: "40P01"}, true},
		{&pgconn.PgError{Code: "57P01"}, true},
		{&pgconn.PgError{Code: "08006"}, true},
		{&pgconn.PgError{Code: "23505"}, false},
		{&pgconn.PgError{Code: "42501"}, false},
		{fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF), true},
		{pgconn.ErrConnClosed, true},
		{context.Canceled, false},
		{fmt.Errorf("%w: %w", context.DeadlineExceeded, io.EOF), false},
		{fmt.Errorf("x: %w", ErrRetryable), true},
	} {
		if got := IsRetryable(tc.err); got != tc.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
		if got := errors.Is(classify(tc.err), ErrRetryable); got != tc.want {
			t.Errorf("classify(%v) retryable = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// terminate kills backend pid and waits until it has gone. (PostgreSQL 14
// can wait in pg_terminate_backend itself; 13 cannot.)
func terminate(t *testing.T, super *pgx.Conn, pids ...uint32) {
	t.Helper()
	ctx := context.Background()
	for _, pid := range pids {
		var ok bool
		if err := super.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, pid).Scan(&ok); err != nil || !ok {
			t.Errorf("pg_terminate_backend(%d): %v, %v", pid, ok, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := super.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)`, pids).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("backends %v still running 10s after pg_terminate_backend", pids)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
