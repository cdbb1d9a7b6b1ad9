package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DB is a handle on a councilkit SQLite data file: one connection that
// makes every write, one at a time, and a pool of read-only connections
// that read alongside it. Its store methods (Payments, Planning,
// Admissions) return stores that are safe for concurrent use. Close it when
// done.
type DB struct {
	path string
	busy string  // busy_timeout in milliseconds
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only connections

	// afterRecord, if not nil, is called inside every write transaction
	// that records events, after their rows are inserted and before
	// COMMIT, with their records (positions and events, in order): an
	// error rolls the change back. It is where a job queue sharing the
	// file (River's SQLite driver) can enqueue deliveries atomically with
	// the change. It must not call the DB's own methods: the transaction
	// holds the only writer connection.
	afterRecord func(ctx context.Context, tx *sql.Tx, rs []events.Record) error
	delivery    *delivery // nil without Config.Subscribers
	// noEvents turns event recording off, for the benchmark that measures
	// what recording costs. Tests only.
	noEvents bool
}

// defaultBusyTimeout is Config.BusyTimeout's default.
const defaultBusyTimeout = 5 * time.Second

// defaultReaders is Config.Readers' default.
const defaultReaders = 4

// Config holds Open's optional settings. The zero Config uses the defaults
// given on each field.
type Config struct {
	// BusyTimeout is how long an operation waits for a lock held by
	// another process that has the same file open before failing with
	// ErrBusy; 0 means 5 seconds. It must not be negative. Within one
	// process writes queue for the DB's single writer connection instead
	// (for as long as their context allows) and never fail with ErrBusy.
	BusyTimeout time.Duration
	// Readers is the most read-only connections open at once; 0 means 4.
	// It must not be negative.
	Readers int
	// Subscribers are given the events the stores record, through River's
	// SQLite driver (see Deliver): every process that records events in
	// the file must list the same subscribers, so that each event is
	// enqueued for each of them in the transaction that records it. Each
	// needs a Name unique in the list and a Handler
	// (events.CheckSubscribers). Empty means events are recorded but
	// delivered to no one.
	Subscribers []events.Subscriber
	// Delivery holds the settings of delivery to Subscribers.
	Delivery DeliveryConfig
}

// Open opens the councilkit data file at path, creating it if it does not
// exist (its directory must exist) with permissions 0600, since it holds
// residents' personal data, and checks that it can be written, that
// it is an SQLite database, and that its schema is not newer than this
// build. It does not change the schema: call Migrate for that.
//
// Every connection runs in write-ahead-log mode with synchronous=FULL (each
// commit is synced to disk before it returns, so a committed record
// survives a crash of the process or of the machine), enforces foreign
// keys, and waits cfg.BusyTimeout for a lock held by another process.
//
// Open's error wraps ErrConfig for an empty path, ":memory:" or an invalid
// Config field; ErrUnwritable when the file or its directory cannot be
// created, opened or written; ErrCorrupt when the file is not an SQLite
// database (a file of garbage, or one whose header is damaged); and
// ErrSchemaTooNew when a newer councilkit has migrated it.
func Open(ctx context.Context, path string, cfg Config) (*DB, error) {
	switch {
	case path == "" || path == ":memory:":
		return nil, fmt.Errorf("%w: a file path is required", ErrConfig)
	case cfg.BusyTimeout < 0:
		return nil, fmt.Errorf("%w: BusyTimeout must not be negative", ErrConfig)
	case cfg.Readers < 0:
		return nil, fmt.Errorf("%w: Readers must not be negative", ErrConfig)
	}
	var d *delivery
	if len(cfg.Subscribers) > 0 {
		var err error
		if d, err = newDelivery(cfg.Subscribers, cfg.Delivery); err != nil {
			return nil, err
		}
	}
	if cfg.BusyTimeout == 0 {
		cfg.BusyTimeout = defaultBusyTimeout
	}
	if cfg.Readers == 0 {
		cfg.Readers = defaultReaders
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if err := checkPath(abs); err != nil {
		return nil, err
	}
	if err := createPrivate(abs); err != nil {
		return nil, err
	}
	busy := strconv.FormatInt(cfg.BusyTimeout.Milliseconds(), 10)
	db := &DB{path: abs, busy: busy}
	db.w, err = sql.Open("sqlite", dsn(abs, url.Values{
		"_busy_timeout": {busy},
		"_journal_mode": {"WAL"},
		"_synchronous":  {"FULL"},
		"_foreign_keys": {"1"},
		// A write transaction takes the write lock at BEGIN, so that it
		// waits (busy_timeout) there rather than failing part way
		// through when another process is writing.
		"_txlock": {"immediate"},
	}))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	// One writer: database/sql queues every write transaction for this
	// connection, so writers in this process never collide in SQLite.
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	db.w.SetConnMaxIdleTime(0)
	if err := db.check(ctx); err != nil {
		_ = db.w.Close()
		return nil, err
	}
	db.r, err = sql.Open("sqlite", dsn(abs, url.Values{
		"_busy_timeout": {busy},
		"_foreign_keys": {"1"},
		"_query_only":   {"1"},
	}))
	if err != nil {
		_ = db.w.Close()
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	db.r.SetMaxOpenConns(cfg.Readers)
	db.r.SetMaxIdleConns(cfg.Readers)
	if err := db.r.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: opening %s for reading: %w", abs, classify(err))
	}
	if d != nil {
		if err := db.attachDelivery(d); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// checkPath refuses a path whose directory is missing or is not a
// directory, or that names a directory, with an error that says so.
func checkPath(abs string) error {
	dir := filepath.Dir(abs)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: directory %s does not exist", ErrUnwritable, dir)
	case err != nil:
		return fmt.Errorf("%w: %w", ErrUnwritable, err)
	case !st.IsDir():
		return fmt.Errorf("%w: %s is not a directory", ErrUnwritable, dir)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return fmt.Errorf("%w: %s is a directory", ErrUnwritable, abs)
	}
	return nil
}

// createPrivate creates the data file, if it does not exist, readable and
// writable by its owner only: it holds residents' personal data. SQLite
// gives the write-ahead log and shared-memory files the same permissions.
func createPrivate(abs string) error {
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w: creating %s: %w", ErrDiskFull, abs, err)
	case err != nil:
		return fmt.Errorf("%w: creating %s: %w", ErrUnwritable, abs, err)
	}
	return f.Close()
}

// check runs on the writer at Open: the file must be an SQLite database
// in WAL mode that this process can write, and its schema no newer than
// this build.
func (db *DB) check(ctx context.Context) error {
	where := func(err error) error { return fmt.Errorf("sqlite: opening %s: %w", db.path, classify(err)) }
	var mode string
	if err := db.w.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return where(err)
	}
	if mode != "wal" {
		return fmt.Errorf("%w: opening %s: journal mode is %q, not wal", ErrUnwritable, db.path, mode)
	}
	// A write transaction: SQLite opens a file it may not write read-only
	// without complaint, and then refuses BEGIN IMMEDIATE.
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return where(err)
	}
	if err := tx.Rollback(); err != nil {
		return where(err)
	}
	if _, err := db.schemaVersion(ctx, db.w); err != nil {
		return where(err)
	}
	return nil
}

// dsn is the database/sql data source name of the file at abs with the
// driver parameters in q: a file: URI, so that no character of the path
// is taken for a parameter.
func dsn(abs string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// Close closes the connections, waiting for operations in progress. The
// last connection to the file checkpoints the write-ahead log into it.
func (db *DB) Close() {
	if db.r != nil {
		_ = db.r.Close()
	}
	_ = db.w.Close()
}

// Path is the absolute path of the data file.
func (db *DB) Path() string { return db.path }

// String describes the handle: the data file's path.
func (db *DB) String() string {
	if db == nil {
		return "sqlite.DB(nil)"
	}
	return "sqlite.DB{" + db.path + "}"
}

// LogValue implements slog.LogValuer.
func (db *DB) LogValue() slog.Value { return slog.GroupValue(slog.String("path", db.path)) }

// Check runs SQLite's quick_check over the whole file and returns an error
// wrapping ErrCorrupt, with SQLite's first findings, if it finds damage.
// It reads every page, so it takes time in proportion to the file's size;
// run it at start-up or from a health check, not per request.
func (db *DB) Check(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, `PRAGMA quick_check(5)`)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return classify(err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s: %q", ErrCorrupt, db.path, problems)
	}
	return nil
}

// tx is a transaction scoped to one council. There is no row-level
// security in SQLite, so the scoping is in the statements: every statement
// a tx runs must name the council as parameter ?1 for each table it
// touches (see scoped), and tx supplies ?1 itself, so a store method can
// neither forget the council nor pass another. A statement that does not
// is refused before it reaches SQLite.
type tx struct {
	ctx     context.Context
	tx      *sql.Tx
	council string

	// recorded are the events appendEvents has recorded in the
	// transaction, for the DB's afterRecord hook.
	recorded []events.Record
	// insertEvent is appendEvents' statement, prepared once a change
	// records more than one event (an Import records one per
	// application).
	insertEvent *stmt
}

func (t *tx) args(query string, args []any) ([]any, error) {
	if !isScoped(query) {
		return nil, fmt.Errorf("%w: %.80q", errUnscoped, query)
	}
	return append([]any{t.council}, args...), nil
}

// exec runs a statement that returns no rows; ?1 is the council.
func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	all, err := t.args(query, args)
	if err != nil {
		return nil, err
	}
	return t.tx.ExecContext(t.ctx, query, all...)
}

// query runs a statement that returns rows; ?1 is the council.
func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	all, err := t.args(query, args)
	if err != nil {
		return nil, err
	}
	return t.tx.QueryContext(t.ctx, query, all...)
}

// scan runs a statement that returns at most one row into dest; ?1 is the
// council. It returns sql.ErrNoRows for no row.
func (t *tx) scan(query string, args []any, dest ...any) error {
	all, err := t.args(query, args)
	if err != nil {
		return err
	}
	return t.tx.QueryRowContext(t.ctx, query, all...).Scan(dest...)
}

// write runs fn in a write transaction for council c on the writer
// connection, committing if fn returns nil and rolling back otherwise.
// Writes run one at a time; one waits for the one before it for as long as
// ctx allows. COMMIT returns once the change is synced to disk.
//
// Every change a store makes goes through write, so that whatever else a
// change must record is written by the same transaction: its events go in
// with t.appendEvents, in fn, and the DB's afterRecord hook, if it has one,
// is run with their records after fn and before COMMIT. fn must not call
// the DB's methods: the transaction holds the only writer connection.
func (db *DB) write(ctx context.Context, c councilkit.Council, fn func(*tx) error) error {
	return db.run(ctx, c, db.w, nil, fn)
}

// read runs fn in a read-only transaction for council c on a reader
// connection: every statement in it sees the same snapshot of the file.
func (db *DB) read(ctx context.Context, c councilkit.Council, fn func(*tx) error) error {
	return db.run(ctx, c, db.r, &sql.TxOptions{ReadOnly: true}, fn)
}

func (db *DB) run(ctx context.Context, c councilkit.Council, pool *sql.DB, opts *sql.TxOptions, fn func(*tx) error) (err error) {
	if c.IsZero() {
		return fmt.Errorf("sqlite: %w: no council given", councilkit.ErrInvalidCouncil)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return classify(err)
	}
	t := &tx{ctx: ctx, tx: stx, council: c.String()}
	err = fn(t)
	if t.insertEvent != nil {
		t.insertEvent.close()
	}
	if err == nil && db.afterRecord != nil && len(t.recorded) > 0 {
		err = db.afterRecord(ctx, stx, t.recorded)
	}
	if err != nil {
		_ = stx.Rollback()
		return classify(err)
	}
	return classify(stx.Commit())
}

// stmt is a statement prepared in a tx, for a loop: ?1 is the council.
type stmt struct {
	s *sql.Stmt
	t *tx
}

// prepare prepares a statement to run many times in t.
func (t *tx) prepare(query string) (*stmt, error) {
	if !isScoped(query) {
		return nil, fmt.Errorf("%w: %.80q", errUnscoped, query)
	}
	s, err := t.tx.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	return &stmt{s: s, t: t}, nil
}

func (s *stmt) exec(args ...any) (sql.Result, error) {
	return s.s.ExecContext(s.t.ctx, append([]any{s.t.council}, args...)...)
}

func (s *stmt) close() { _ = s.s.Close() }

// Backup writes a consistent copy of the whole file, as of one moment, to
// a new file at path (SQLite's VACUUM INTO), while reads and writes go on.
// It refuses to overwrite a file that exists. Copying the data file with cp
// while it is open may catch it half-written; copy it this way. A copy
// interrupted by a crash may be incomplete: open it and run Check before
// relying on it.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if err := checkPath(abs); err != nil {
		return err
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", abs)
	}
	// A connection of its own: the readers are query_only, which refuses
	// VACUUM INTO, and the writer would hold up writes meanwhile.
	src, err := sql.Open("sqlite", dsn(db.path, url.Values{"_busy_timeout": {db.busy}, "_synchronous": {"FULL"}}))
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = src.ExecContext(ctx, `VACUUM INTO ?`, abs)
	return classify(err)
}
