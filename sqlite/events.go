package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// EventLog is the event log of a councilkit data file, table events: an
// events.Log. Every store of the DB writes the events of a change (see
// payments.ChangeEvents, planning.ChangeEvents, admissions.ChangeEvents) in
// the same write transaction as the change, so the log never holds an
// event whose change was lost and no change is stored without its events.
// Get one from DB.Events. It is safe for concurrent use.
//
// Positions (Record.Seq) are handed out in the order the writing
// transactions commit, since SQLite makes one write at a time on a file:
// a reader that continues from the last position it read never misses an
// event, and never waits for one either.
//
// Since reads every council's events: it is the one statement of the
// package that does not name a council, and it returns only the event
// envelopes, which hold no personal data. Subject reads only the council's
// events, like every store method.
type EventLog struct {
	db *DB
}

var _ events.Log = (*EventLog)(nil)

// Events returns the file's event log.
func (db *DB) Events() *EventLog { return &EventLog{db: db} }

// EventLog implements events.Recorder: the stores record their events in
// the file's log.
func (s *PaymentStore) EventLog() events.Log { return s.db.Events() }

// EventLog implements events.Recorder.
func (s *PlanningStore) EventLog() events.Log { return s.db.Events() }

// EventLog implements events.Recorder.
func (s *AdmissionsStore) EventLog() events.Log { return s.db.Events() }

// eventsSinceAllCouncils is the dispatcher's read of the whole log: the
// package's ONE statement that does not name the council, run by Since
// alone, outside tx, and allowed by name in TestEveryStatementNamesTheCouncil.
// It reads only the events table and returns only positions and envelopes
// (no personal data). ?2 < 0 means no limit.
const eventsSinceAllCouncils = `SELECT seq, envelope FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2`

// Since implements events.Log: up to limit events of every council after
// position after, in position order (limit <= 0 means all of them).
func (l *EventLog) Since(ctx context.Context, after int64, limit int) ([]events.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lim := int64(-1)
	if limit > 0 {
		lim = int64(limit)
	}
	rows, err := l.db.r.QueryContext(ctx, eventsSinceAllCouncils, max(after, 0), lim)
	if err != nil {
		return nil, classify(err)
	}
	rs, err := collectRecords(rows)
	return rs, classify(err)
}

// Subject implements events.Log: council c's events about subject, oldest
// first.
func (l *EventLog) Subject(ctx context.Context, c councilkit.Council, subject string) ([]events.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.IsZero() {
		return nil, councilkit.ErrNoCouncil
	}
	var out []events.Record
	err := l.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT seq, envelope FROM events WHERE council = ?1 AND subject = ?2 ORDER BY seq`, subject)
		if err != nil {
			return err
		}
		out, err = collectRecords(rows)
		return err
	})
	return out, err
}

func collectRecords(rows *sql.Rows) ([]events.Record, error) {
	var out []events.Record
	err := eachRow(rows, func(r *sql.Rows) error {
		var (
			seq int64
			env []byte
		)
		if err := r.Scan(&seq, &env); err != nil {
			return err
		}
		var e events.Event
		if err := json.Unmarshal(env, &e); err != nil {
			return fmt.Errorf("sqlite: event at %d: %w", seq, err)
		}
		out = append(out, events.Record{Seq: seq, Event: e})
		return nil
	})
	return out, err
}

// appendEvents records evs, the events of the change t is making, in the
// events table, and keeps their records for the DB's afterRecord hook,
// which run calls before COMMIT. Every event must be valid and of t's
// council; an error leaves the transaction to be rolled back, so that the
// change is not stored without its events.
func (t *tx) appendEvents(evs ...events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	ins := t.insertEvent
	if ins == nil && len(t.recorded)+len(evs) > 1 {
		s, err := t.prepare(insertEventSQL)
		if err != nil {
			return err
		}
		t.insertEvent = s
		ins = s
	}
	for _, e := range evs {
		args, err := eventRow(t.council, e)
		if err != nil {
			return err
		}
		var res sql.Result
		if ins != nil {
			res, err = ins.exec(args...)
		} else {
			res, err = t.exec(insertEventSQL, args...)
		}
		if err != nil {
			return err
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return err
		}
		t.recorded = append(t.recorded, events.Record{Seq: seq, Event: e})
	}
	return nil
}

// insertEventSQL records one event; seq is the table's next position.
const insertEventSQL = `INSERT INTO events (council, id, type, subject, time, actor_kind, actor_id, envelope)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`

// eventRow returns insertEventSQL's arguments after the council for e,
// which must be valid and of council c.
func eventRow(c string, e events.Event) ([]any, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if e.Council.String() != c {
		return nil, fmt.Errorf("%w: an event of council %s in a change of council %s", events.ErrInvalid, e.Council, c)
	}
	at, err := encTime(e.Time)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", events.ErrInvalid, err)
	}
	env, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", events.ErrInvalid, err)
	}
	return []any{e.ID, string(e.Type), e.Subject, at, string(e.Actor.Kind), e.Actor.ID, string(env)}, nil
}
