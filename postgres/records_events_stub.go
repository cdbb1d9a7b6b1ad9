package postgres

// TODO(merge): this file is a stand-in for the event log of helper rec's
// branch (migration 0006, councilkit.events, and DB.Events). The
// coordinator replaces it at merge: DB.recordEvents then inserts evs into
// councilkit.events in tx (rec's queueEventLog and runAfterRecord), and
// the EventLog methods return s.db.Events().
// Until then the events are kept in memory per database, so that the
// stores' conformance suites can check them; they are appended inside the
// transaction, before COMMIT, so unlike the real log this one would keep
// the events of a transaction that then failed to commit.

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/events"
)

var (
	stubLogs  sync.Map // database name → *events.MemLog
	stubFails sync.Map // database name → error: recordEvents fails (tests)
)

func stubLog(database string) *events.MemLog {
	l, _ := stubLogs.LoadOrStore(database, new(events.MemLog))
	return l.(*events.MemLog)
}

// recordEvents records evs, the events of the change tx makes, in the
// database's event log, in tx. (A method of DB, so that the real one can
// reach the DB's settings and afterRecord hook on rec's branch.)
func (db *DB) recordEvents(ctx context.Context, tx pgx.Tx, evs []events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	if err, ok := stubFails.Load(tx.Conn().Config().Database); ok {
		return err.(error)
	}
	return stubLog(tx.Conn().Config().Database).Append(ctx, evs...)
}

// EventLog returns the log the store records its events in.
func (s *FreeSchoolMealsStore) EventLog() events.Log {
	return stubLog(s.db.pool.Config().ConnConfig.Database)
}

// EventLog returns the log the store records its events in.
func (s *CouncilTaxStore) EventLog() events.Log {
	return stubLog(s.db.pool.Config().ConnConfig.Database)
}
