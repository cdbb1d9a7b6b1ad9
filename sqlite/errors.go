package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrConfig is wrapped by Open's error for a configuration it cannot use:
// an empty or in-memory path, or an invalid Config field.
var ErrConfig = errors.New("sqlite: invalid configuration")

// ErrCorrupt is wrapped by the error of any operation that finds the data
// file damaged or not an SQLite database at all (SQLITE_CORRUPT,
// SQLITE_NOTADB): Open of a file of garbage, or a store method that reads a
// damaged page. Nothing is written over a file that gives this error.
// Restore the file from a backup; DB.Check runs SQLite's quick_check.
var ErrCorrupt = errors.New("sqlite: the data file is corrupt or is not a councilkit SQLite database")

// ErrDiskFull is wrapped by the error of a write that could not be stored
// because the disk (or the database's page limit) is full (SQLITE_FULL).
// The write's transaction was rolled back whole: records committed before
// it are kept, and writes succeed again once space is freed.
var ErrDiskFull = errors.New("sqlite: the disk is full; the change was not stored")

// ErrUnwritable is wrapped by Open's error when the data file, or the
// directory that holds it, cannot be created, opened or written
// (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, or a missing directory),
// and by a store method's error when a write is refused for the same
// reasons.
var ErrUnwritable = errors.New("sqlite: the data file or its directory cannot be written")

// ErrIO is wrapped by the error of an operation that the operating system
// failed with an I/O error (SQLITE_IOERR) other than a full disk. The
// transaction was rolled back, or, if COMMIT was in flight, SQLite recovers
// it from its journal at the next open.
var ErrIO = errors.New("sqlite: input/output error on the data file")

// ErrBusy is wrapped by the error of an operation that waited
// Config.BusyTimeout for another process to release the data file's lock
// and gave up (SQLITE_BUSY, SQLITE_LOCKED). Writers in one process never
// see it: a DB runs its writes one at a time. Retrying later is safe.
var ErrBusy = errors.New("sqlite: the data file is locked by another process")

// ErrSchemaTooNew is returned by Migrate (and by Open, which checks) when
// the data file has migrations applied that this build of councilkit does
// not know: an older binary is running against a newer file.
var ErrSchemaTooNew = errors.New("sqlite: database schema is newer than this build of councilkit")

// ErrNotMigrated is returned by store operations on a data file whose schema
// is missing: run Migrate first.
var ErrNotMigrated = errors.New("sqlite: database schema is not migrated; call Migrate")

// errUnscoped is returned, before anything is sent to SQLite, for a store
// statement that does not name the council of the call as ?1. It is a
// programming error in this package: TestEveryStatementNamesTheCouncil
// keeps it from being committed.
var errUnscoped = errors.New("sqlite: internal error: statement not scoped to a council")

// sqliteCode returns err's SQLite extended result code, or 0.
func sqliteCode(err error) int {
	var se *msqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// classify wraps err with the sentinel its SQLite result code stands for,
// keeping the driver's error in the chain; other errors are returned
// unchanged.
func classify(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range []error{ErrCorrupt, ErrDiskFull, ErrUnwritable, ErrIO, ErrBusy, ErrNotMigrated} {
		if errors.Is(err, s) {
			return err
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	code := sqliteCode(err)
	switch code & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return fmt.Errorf("%w: %w", ErrUnwritable, err)
	case sqlite3.SQLITE_IOERR:
		return fmt.Errorf("%w: %w", ErrIO, err)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("%w: %w", ErrBusy, err)
	case sqlite3.SQLITE_ERROR:
		if strings.Contains(err.Error(), "no such table") {
			return fmt.Errorf("%w: %w", ErrNotMigrated, err)
		}
	}
	return err
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	code := sqliteCode(err)
	return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isCheck reports whether err is a violation of the named CHECK
// constraint.
func isCheck(err error, name string) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_CHECK && strings.Contains(err.Error(), name)
}
