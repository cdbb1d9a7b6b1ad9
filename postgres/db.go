package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DB is a handle on a councilkit database: a pgxpool.Pool plus the
// council-scoping and retry rules every store shares. Its store methods
// (Payments, ...) return stores that are safe for concurrent use. Close it
// when done.
type DB struct {
	pool        *pgxpool.Pool
	privileged  bool
	maxAttempts int

	// afterRecord, if not nil, is called inside every write transaction
	// that records events, after their rows are inserted and before
	// COMMIT, with their records: an error rolls the change back.
	afterRecord func(ctx context.Context, tx pgx.Tx, rs []events.Record) error
	// noEvents turns event recording off, for the benchmark that measures
	// what recording costs. Tests only.
	noEvents bool
	delivery *delivery // nil without Config.Subscribers
}

// ErrConfig is wrapped by Open's error for a configuration it cannot use:
// an unparsable URL or an invalid Config field.
var ErrConfig = errors.New("postgres: invalid configuration")

// defaultMaxAttempts is the number of times a transaction is run when
// Config.MaxAttempts is zero.
const defaultMaxAttempts = 10

// Config holds Open's optional settings. The zero Config opens an ordinary
// role's handle with the defaults given on each field.
type Config struct {
	// MaxAttempts is how many times a transaction is run when the server
	// aborts it with a serialization failure or deadlock; 0 means 10, and
	// 1 means no retries. It must not be negative.
	MaxAttempts int
	// AllowPrivilegedRole lets Open accept a role that Open would
	// otherwise refuse with ErrPrivilegedRole: a superuser, a BYPASSRLS
	// role, or a role that can become one (see Open). Such a handle can
	// run Migrate, but its stores refuse to work (they return
	// ErrPrivilegedRole), because row-level security would not protect
	// them. Set it for a deploy step that migrates as the database owner.
	AllowPrivilegedRole bool
	// ConfigurePool, if not nil, adjusts the pgxpool.Config parsed from
	// the URL (connection limits, tracers, TLS) before the pool is
	// created. Pool sizes can also be set in the URL, as in
	// pool_max_conns=16.
	ConfigurePool func(*pgxpool.Config)
	// Subscribers are given the events the stores record, through River
	// (see Deliver): every process that records events must list the
	// same subscribers, so that each event is enqueued for each of them
	// in the transaction that records it. Each needs a Name unique in
	// the list and a Handler (events.CheckSubscribers). Empty means
	// events are recorded but delivered to no one.
	Subscribers []events.Subscriber
	// Delivery holds the settings of delivery to Subscribers.
	Delivery DeliveryConfig
}

// Open connects to the PostgreSQL 13+ database at url (a postgres:// URL or
// a key=value DSN, as pgxpool.ParseConfig accepts) and checks that the role
// it connects as is subject to row-level security and that the server is
// PostgreSQL 13 or later (ErrServerTooOld otherwise). It does not change the
// schema: call Migrate for that.
//
// The role must be an ordinary one: Open returns an error wrapping
// ErrPrivilegedRole, unless cfg.AllowPrivilegedRole is set, for a superuser
// or a BYPASSRLS role, and also for a role that is a member, directly or
// through other roles, of a superuser or BYPASSRLS role (it could SET ROLE
// to it inside a transaction and read every council's rows), and, on
// PostgreSQL before 16, for a role that has or can SET ROLE to a role
// with CREATEROLE (which could grant itself such a membership). The check
// is made at Open and again on every new connection the pool opens, whose
// acquisition then fails with ErrPrivilegedRole; a connection already open
// when such a grant is made is not rechecked, so keep the application
// role's memberships under change control.
//
// The role needs SELECT, INSERT, UPDATE and DELETE on the tables in schema
// councilkit (it has them if it ran Migrate and so owns them; the tables
// force row-level security on their owner too).
//
// The optional settings are in o; an unparsable url or an invalid setting
// is refused with an error wrapping ErrConfig.
func Open(ctx context.Context, url string, o Config) (*DB, error) {
	switch {
	case o.MaxAttempts < 0:
		return nil, fmt.Errorf("%w: MaxAttempts must not be negative", ErrConfig)
	case o.MaxAttempts == 0:
		o.MaxAttempts = defaultMaxAttempts
	}
	var d *delivery
	if len(o.Subscribers) > 0 {
		var err error
		if d, err = newDelivery(o.Subscribers, o.Delivery); err != nil {
			return nil, err
		}
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "councilkit"
	}
	if o.ConfigurePool != nil {
		o.ConfigurePool(cfg)
	}
	if !o.AllowPrivilegedRole {
		// Check every new connection too, so that a membership granted
		// after Open is refused once the pool opens a connection (pools
		// replace each connection within MaxConnLifetime, an hour by
		// default).
		after := cfg.AfterConnect
		cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
			if after != nil {
				if err := after(ctx, conn); err != nil {
					return err
				}
			}
			var (
				via     string
				version int
			)
			if err := conn.QueryRow(ctx, privilegeQuery).Scan(&via, &version); err != nil {
				return err
			}
			if via != "" {
				return privilegedError(via)
			}
			return nil
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	var (
		via     string // a role that bypasses row-level security, or ""
		version int
	)
	err = pool.QueryRow(ctx, privilegeQuery).Scan(&via, &version)
	if err != nil {
		pool.Close()
		if errors.Is(err, ErrPrivilegedRole) {
			return nil, err // refused by the check on the new connection
		}
		return nil, fmt.Errorf("postgres: checking the connecting role: %w", classify(err))
	}
	if version < minServerVersion {
		pool.Close()
		return nil, fmt.Errorf("%w: the server is version %d.%d", ErrServerTooOld, version/10000, version%10000)
	}
	privileged := via != ""
	if privileged && !o.AllowPrivilegedRole {
		pool.Close()
		return nil, privilegedError(via)
	}
	db := &DB{pool: pool, privileged: privileged, maxAttempts: o.MaxAttempts}
	if d != nil {
		if err := db.attachDelivery(d); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return db, nil
}

func privilegedError(via string) error {
	return fmt.Errorf("%w: the connecting role can act as role %q, which is a superuser, has BYPASSRLS, or (before PostgreSQL 16) has CREATEROLE; connect as a role that is a member of none of these (see the package documentation)", ErrPrivilegedRole, via)
}

// privilegeQuery finds a role that would let the connecting session escape
// row-level security, and the server's version. A role's SUPERUSER and
// BYPASSRLS attributes are never inherited, but a session may SET ROLE to
// any role its session user is a member of, directly or through other
// roles (on PostgreSQL 16 and later, through grants WITH SET TRUE), and
// then has that role's attributes: so every role that session_user or
// current_user is a MEMBER of is checked, themselves included. MEMBER
// is the widest of pg_has_role's membership tests (it ignores INHERIT and,
// on 16+, the SET option), so a grant that cannot be used today is refused
// too. CREATEROLE counts on servers before 16, where it lets a role grant
// itself membership of any role that is not a superuser, a BYPASSRLS role
// included; from 16 that takes ADMIN OPTION on the role, which is
// membership and so already checked. The first column is the name of one
// such role, or the empty string when there is none.
const privilegeQuery = `SELECT
	coalesce((SELECT r.rolname::text FROM pg_catalog.pg_roles r
		WHERE (r.rolsuper OR r.rolbypassrls
			OR (r.rolcreaterole AND current_setting('server_version_num')::integer < 160000))
		AND (pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
			OR pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'))
		ORDER BY r.rolname = current_user DESC, r.rolname LIMIT 1), ''),
	current_setting('server_version_num')::integer`

// minServerVersion is the oldest PostgreSQL that Open accepts, as
// server_version_num: 13.0. (PostgreSQL 13 is the oldest release the
// schema and the tests are written for; older releases are out of
// community support.)
const minServerVersion = 130000

// Close closes the pool, waiting for connections in use to be returned.
func (db *DB) Close() { db.pool.Close() }

// Pool returns the underlying pool, for health checks and statistics. Do
// not use it to reach councilkit's tables: use InCouncil, which sets the
// council that row-level security checks.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// councilSetting is the run-time parameter that the row-level security
// policies compare each row's council with. It is set per transaction, so
// it cannot leak to the next user of a pooled connection.
const councilSetting = "councilkit.council"

// InCouncil runs fn in a READ COMMITTED transaction in which row-level
// security lets through only council c's rows: it sets councilkit.council
// with set_config(..., true), the equivalent of SET LOCAL, before calling
// fn. When fn returns nil the transaction commits; otherwise it rolls back
// and fn's error is returned.
//
// If the server aborts the transaction with a serialization failure or a
// deadlock, InCouncil runs fn again from the start (up to Config.MaxAttempts
// times, with jittered backoff), so fn must not have effects outside the
// transaction. Other transient errors, such as a connection killed
// mid-transaction, are returned wrapped with ErrRetryable: the transaction
// was rolled back or, if COMMIT was in flight, its outcome is unknown.
func (db *DB) InCouncil(ctx context.Context, c councilkit.Council, fn func(pgx.Tx) error) error {
	return db.inCouncil(ctx, c, pgx.TxOptions{}, fn)
}

func (db *DB) inCouncil(ctx context.Context, c councilkit.Council, txo pgx.TxOptions, fn func(pgx.Tx) error) error {
	return db.retry(ctx, c, func() error { return db.tryInCouncil(ctx, c, txo, fn) })
}

// retry checks that council c may be worked on through this handle, then
// calls try until it succeeds, fails with something other than a
// serialization failure or deadlock, or has been called Config.MaxAttempts times,
// with jittered backoff between calls. It returns try's last error,
// classified.
func (db *DB) retry(ctx context.Context, c councilkit.Council, try func() error) error {
	if c.IsZero() {
		return fmt.Errorf("postgres: %w: no council given", councilkit.ErrInvalidCouncil)
	}
	if db.privileged {
		return fmt.Errorf("%w: this handle was opened with Config.AllowPrivilegedRole and can only migrate", ErrPrivilegedRole)
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = try()
		if err == nil || !isSerialization(err) || attempt >= db.maxAttempts {
			break
		}
		if werr := backoff(ctx, attempt); werr != nil {
			break
		}
	}
	return classify(err)
}

func (db *DB) tryInCouncil(ctx context.Context, c councilkit.Council, txo pgx.TxOptions, fn func(pgx.Tx) error) (err error) {
	begin, err := beginQuery(c, txo)
	if err != nil {
		return err
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// The error that matters is fn's or COMMIT's; a failed
			// rollback on a dead connection adds nothing.
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// pipelineInCouncil sends the statements that queue adds to a batch, after
// the set_config call that names council c, to the server in one round
// trip. PostgreSQL runs a pipeline with no transaction-control statements
// as one implicit transaction (protocol documentation, "Pipelining"), and
// pgx sends a batch that way (Conn.SendBatch), so the setting holds for
// exactly these statements and a failure in any of them rolls back all.
// Result callbacks attached to the queued queries run in order; a
// callback that needs a result of an earlier one can rely on it. queue
// runs again on each retry.
func (db *DB) pipelineInCouncil(ctx context.Context, c councilkit.Council, queue func(b *pgx.Batch) error) error {
	return db.pipeline(ctx, c, false, queue)
}

// snapshotInCouncil is pipelineInCouncil for reads that take more than one
// statement: it wraps them in a REPEATABLE READ, READ ONLY transaction, so
// that every statement sees the same snapshot of the database. (In the
// implicit transaction of a plain pipeline each statement takes a fresh
// READ COMMITTED snapshot, so a payment could be read before a change and
// its events after it.) Still one round trip.
func (db *DB) snapshotInCouncil(ctx context.Context, c councilkit.Council, queue func(b *pgx.Batch) error) error {
	return db.pipeline(ctx, c, true, queue)
}

func (db *DB) pipeline(ctx context.Context, c councilkit.Council, snapshot bool, queue func(b *pgx.Batch) error) error {
	return db.retry(ctx, c, func() error {
		b := &pgx.Batch{}
		if snapshot {
			// If a statement fails, the server skips the rest, COMMIT
			// included, and the connection is left in the failed
			// transaction; pgxpool closes such a connection rather than
			// reuse it.
			b.Queue(`BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
		}
		b.Queue(`SELECT set_config('`+councilSetting+`', $1, true)`, c.String())
		if err := queue(b); err != nil {
			return err
		}
		if snapshot {
			b.Queue(`COMMIT`)
		}
		return db.pool.SendBatch(ctx, b).Close()
	})
}

// beginQuery returns the statements that open a transaction for council c:
// BEGIN and the set_config call, sent together in one round trip. The
// council's code is written into the SQL as a literal, which is safe
// because a councilkit.Council can only hold a letter and eight digits; the
// check below makes that explicit.
func beginQuery(c councilkit.Council, txo pgx.TxOptions) (string, error) {
	code := c.String()
	for i := 0; i < len(code); i++ {
		if !(code[i] >= '0' && code[i] <= '9' || code[i] >= 'A' && code[i] <= 'Z') {
			return "", fmt.Errorf("postgres: %w: %d-character code", councilkit.ErrInvalidCouncil, len(code))
		}
	}
	q := "BEGIN"
	switch txo.IsoLevel {
	case "":
	case pgx.Serializable, pgx.RepeatableRead, pgx.ReadCommitted:
		q += " ISOLATION LEVEL " + string(txo.IsoLevel)
	default:
		return "", fmt.Errorf("postgres: unsupported isolation level %q", txo.IsoLevel)
	}
	switch txo.AccessMode {
	case "":
	case pgx.ReadOnly, pgx.ReadWrite:
		if txo.IsoLevel != "" {
			q += ","
		}
		q += " " + string(txo.AccessMode)
	default:
		return "", fmt.Errorf("postgres: unsupported access mode %q", txo.AccessMode)
	}
	return q + "; SELECT set_config('" + councilSetting + "', '" + code + "', true)", nil
}

// backoff sleeps before retry number attempt: a random wait of up to
// 2^attempt milliseconds, capped at 250ms, so that transactions that
// collided do not collide again in lock step.
func backoff(ctx context.Context, attempt int) error {
	limit := time.Millisecond << min(attempt, 8)
	limit = min(limit, 250*time.Millisecond)
	t := time.NewTimer(rand.N(limit) + time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
