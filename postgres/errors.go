package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrRetryable is wrapped by every error that this package classifies as
// transient: a serialization failure (SQLSTATE 40001), a deadlock (40P01), a
// lost or refused connection (class 08, 57P01-57P03, an unexpected EOF or a
// reset socket). The transaction that saw it was rolled back by the server,
// or its outcome is unknown because the connection died while COMMIT was in
// flight. Retrying the whole operation is safe for idempotent operations,
// which is why payment creations and refunds carry idempotency keys.
//
//	if errors.Is(err, postgres.ErrRetryable) { /* try again later */ }
//
// The original driver error stays in the chain, so errors.As with
// *pgconn.PgError still works.
var ErrRetryable = errors.New("postgres: retryable error")

// ErrPrivilegedRole is returned by Open when the connecting role is a
// superuser or has BYPASSRLS, either of which silently switches off the
// row-level security that keeps councils' records apart, or can become
// such a role with SET ROLE (see Open for the full rule). Connect the
// application as an ordinary role; set Config.AllowPrivilegedRole only
// for a migration-only handle.
var ErrPrivilegedRole = errors.New("postgres: role bypasses row-level security")

// ErrSchemaTooNew is returned by Migrate when the database has migrations
// applied that this build of councilkit does not know: an older binary is
// running against a newer schema.
var ErrSchemaTooNew = errors.New("postgres: database schema is newer than this build of councilkit")

// ErrServerTooOld is returned by Open when the server is older than
// PostgreSQL 13.
var ErrServerTooOld = errors.New("postgres: PostgreSQL 13 or later is required")

// ErrNotMigrated is returned by store operations on a database whose schema
// is missing or behind this build: run Migrate first.
var ErrNotMigrated = errors.New("postgres: database schema is not migrated; call Migrate")

// SQLSTATE codes this package reacts to, from the PostgreSQL manual,
// Appendix A "PostgreSQL Error Codes"
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	sqlstateSerializationFailure = "40001"
	sqlstateDeadlockDetected     = "40P01"
	sqlstateAdminShutdown        = "57P01"
	sqlstateCrashShutdown        = "57P02"
	sqlstateCannotConnectNow     = "57P03"
	sqlstateUniqueViolation      = "23505"
	sqlstateCheckViolation       = "23514"
	sqlstateUndefinedTable       = "42P01"
	sqlstateInsufficientPriv     = "42501"
)

// IsRetryable reports whether err is transient in the sense of ErrRetryable,
// whether or not it has already been wrapped by this package. A cancelled or
// expired context is never retryable: the caller gave up.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrRetryable) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case sqlstateSerializationFailure, sqlstateDeadlockDetected,
			sqlstateAdminShutdown, sqlstateCrashShutdown, sqlstateCannotConnectNow:
			return true
		}
		return len(pe.Code) == 5 && pe.Code[:2] == "08" // connection exception
	}
	if errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return pgconn.SafeToRetry(err)
}

// isSerialization reports whether err means the server rolled the
// transaction back to resolve a conflict, so running it again from the start
// is always safe.
func isSerialization(err error) bool {
	code := pgCode(err)
	return code == sqlstateSerializationFailure || code == sqlstateDeadlockDetected
}

// pgCode returns err's SQLSTATE, or "" when it is not a server error.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// classify wraps a transient error with ErrRetryable and a missing table
// with ErrNotMigrated; other errors are returned unchanged.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrRetryable):
		return err
	case IsRetryable(err):
		return fmt.Errorf("%w: %w", ErrRetryable, err)
	case pgCode(err) == sqlstateUndefinedTable:
		return fmt.Errorf("%w: %w", ErrNotMigrated, err)
	}
	return err
}

// pgConstraint returns the constraint a server error names, or "".
func pgConstraint(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.ConstraintName
	}
	return ""
}
