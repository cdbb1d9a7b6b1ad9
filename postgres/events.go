package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// EventLog is the event log of a councilkit database, table
// councilkit.events: an events.Log. Every store of the DB writes the events
// of a change (see payments.ChangeEvents, planning.ChangeEvents,
// admissions.ChangeEvents) in the same transaction as the change, so the
// log never holds an event whose change was lost and no change is stored
// without its events. Get one from DB.Events. It is safe for concurrent
// use.
//
// Positions (Record.Seq) follow the writing transactions' IDs, with gaps,
// and Since returns only events of transactions older than every
// transaction still in flight, so a reader that continues from the last
// position it read never misses an event whose transaction committed late.
// The price is that a long-running transaction anywhere on the server
// (one that has written something) holds back every event after it until
// it ends.
//
// Each row keeps an event's data as recorded and its envelope's varying
// attributes; the envelope is rebuilt from them when read, so an event
// reads back (through Since, Subject or delivery) encoding to the bytes it
// encoded to when recorded.
//
// Since reads every council's events, through the SECURITY DEFINER
// function councilkit.events_since, which runs as the owner of the tables
// and returns only events (which hold no personal data); grant the
// application role EXECUTE on it. The application role itself still reads
// only its council's rows of every table, councilkit.events included.
// Subject reads under the council's row-level security like every store
// method.
type EventLog struct {
	db *DB
}

var _ events.Log = (*EventLog)(nil)

// Events returns the database's event log.
func (db *DB) Events() *EventLog { return &EventLog{db: db} }

// EventLog implements events.Recorder: the stores record their events in
// the database's log.
func (s *PaymentStore) EventLog() events.Log { return s.db.Events() }

// EventLog implements events.Recorder.
func (s *PlanningStore) EventLog() events.Log { return s.db.Events() }

// EventLog implements events.Recorder.
func (s *AdmissionsStore) EventLog() events.Log { return s.db.Events() }

// Since implements events.Log.
func (l *EventLog) Since(ctx context.Context, after int64, limit int) ([]events.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if l.db.privileged {
		return nil, fmt.Errorf("%w: this handle was opened with Config.AllowPrivilegedRole and can only migrate", ErrPrivilegedRole)
	}
	rows, err := l.db.pool.Query(ctx, `SELECT `+eventLogColumns+` FROM councilkit.events_since($1, $2)`, after, int32(max(min(limit, 1<<30), 0)))
	if err != nil {
		return nil, classify(err)
	}
	rs, err := collectRecords(rows)
	return rs, classify(err)
}

// Subject implements events.Log.
func (l *EventLog) Subject(ctx context.Context, c councilkit.Council, subject string) ([]events.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.IsZero() {
		return nil, councilkit.ErrNoCouncil
	}
	var out []events.Record
	err := l.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT `+eventLogColumns+` FROM councilkit.events WHERE council = $1 AND subject = $2 ORDER BY pos`, c.String(), subject).
			Query(func(rows pgx.Rows) error {
				var err error
				out, err = collectRecords(rows)
				return err
			})
		return nil
	})
	return out, err
}

// eventLogColumns are the columns of councilkit.events (and of
// councilkit.events_since) that an event is rebuilt from, in the order
// eventRow scans them.
const eventLogColumns = `pos, id, council, type, subject, time, actor_kind, actor_id, data`

// eventRow is one row of eventLogColumns.
type eventRow struct {
	pos                                       int64
	id                                        uuid.UUID
	council, typ, subject, actorKind, actorID string
	time                                      time.Time
	data                                      []byte
}

// dest returns the scan destinations of eventLogColumns.
func (r *eventRow) dest() []any {
	return []any{&r.pos, &r.id, &r.council, &r.typ, &r.subject, &r.time, &r.actorKind, &r.actorID, &r.data}
}

// record rebuilds the row's event. The attributes not stored are those
// events.New derives from the stored ones (eventArgs refuses an event
// whose attributes differ from them), and the data is kept as recorded,
// byte for byte, so an event read back encodes to the same JSON as when it
// was recorded.
func (r *eventRow) record() (events.Record, error) {
	c, err := councilkit.ParseCouncil(r.council)
	if err != nil {
		return events.Record{}, fmt.Errorf("postgres: event at %d: %w", r.pos, err)
	}
	t := events.Type(r.typ)
	e := events.Event{
		SpecVersion: events.SpecVersion, ID: r.id.String(),
		Source: eventSource(c, t), Type: t, Subject: r.subject,
		Time: r.time.UTC(), DataContentType: dataContentType, DataSchema: t.SchemaURL(),
		Council: c, Actor: events.Actor{Kind: events.ActorKind(r.actorKind), ID: r.actorID},
		Data: r.data,
	}
	return events.Record{Seq: r.pos, Event: e}, nil
}

// dataContentType is every event's datacontenttype, as events.New sets it.
const dataContentType = "application/json"

// eventSource is the source events.New gives an event of type t for
// council c.
func eventSource(c councilkit.Council, t events.Type) string {
	d, _, _ := strings.Cut(t.Short(), ".")
	return "/councils/" + c.String() + "/" + d
}

func collectRecords(rows pgx.Rows) ([]events.Record, error) {
	var (
		out []events.Record
		row eventRow
	)
	_, err := pgx.ForEachRow(rows, row.dest(), func() error {
		r, err := row.record()
		if err != nil {
			return err
		}
		row.data = nil // the record keeps it
		out = append(out, r)
		return nil
	})
	return out, err
}

// eventShift is how far the writing transaction's ID is shifted left to
// make an event's position; the low bits number the change's events from 1
// (see migration 0006).
const eventShift = 20

// maxEventsPerWrite is the most events one transaction can record.
const maxEventsPerWrite = 1<<eventShift - 1

// eventArgs returns the arguments insertEventsLogSQL takes for evs, all of
// which must be for one council: one array per column, text but for the
// times. It refuses an event that could not be rebuilt as it is from what
// is stored (see eventRow.record): one whose specversion, source,
// datacontenttype or dataschema is not what events.New gives its type and
// council, whose ID is not a UUID in canonical form, or whose time is not
// a whole number of microseconds (PostgreSQL's precision).
func eventArgs(evs []events.Event) ([]any, error) {
	if len(evs) > maxEventsPerWrite {
		return nil, fmt.Errorf("postgres: %d events in one change; at most %d can be recorded", len(evs), maxEventsPerWrite)
	}
	if len(evs) == 0 {
		return make([]any, eventParams), nil // NULLs: unnest returns no rows
	}
	// One backing array for the text columns.
	text := make([]string, 6*len(evs))
	ids, types, subjects := text[:len(evs)], text[len(evs):2*len(evs)], text[2*len(evs):3*len(evs)]
	kinds, actors, data := text[3*len(evs):4*len(evs)], text[4*len(evs):5*len(evs)], text[5*len(evs):]
	times := make([]time.Time, len(evs))
	for i, e := range evs {
		if err := checkLoggable(e); err != nil {
			return nil, err
		}
		ids[i], types[i], subjects[i], times[i] = e.ID, string(e.Type), e.Subject, e.Time
		kinds[i], actors[i], data[i] = string(e.Actor.Kind), e.Actor.ID, string(e.Data)
	}
	return []any{ids, types, subjects, times, kinds, actors, data}, nil
}

// checkLoggable refuses an event that could not be rebuilt as it is from
// what councilkit.events stores (see eventArgs).
func checkLoggable(e events.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if !canonicalUUID(e.ID) {
		return fmt.Errorf("%w: event ID %q is not a UUID in canonical form", events.ErrInvalid, e.ID)
	}
	if !derivedAttributes(e) {
		return fmt.Errorf("%w: event %s: specversion, source, datacontenttype or dataschema is not as events.New makes them", events.ErrInvalid, e.ID)
	}
	if e.Time.Nanosecond()%1000 != 0 {
		return fmt.Errorf("%w: event %s: time %s is not a whole number of microseconds", events.ErrInvalid, e.ID, e.Time.Format(time.RFC3339Nano))
	}
	return nil
}

// eventParams is how many parameters insertEventsLogSQL takes.
const eventParams = 7

// canonicalUUID reports whether s is a UUID in canonical (lower-case,
// hyphenated) form, as uuid.UUID.String makes it.
func canonicalUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		switch c := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
		default:
			return false
		}
	}
	return true
}

// derivedAttributes reports whether e's attributes that are not stored
// are those events.New gives its type and council.
func derivedAttributes(e events.Event) bool {
	d, _, _ := strings.Cut(e.Type.Short(), ".")
	src, ok := strings.CutPrefix(e.Source, "/councils/")
	if !ok {
		return false
	}
	src, ok = strings.CutPrefix(src, e.Council.String())
	return ok && len(src) == len(d)+1 && src[0] == '/' && src[1:] == d && e.SpecVersion == events.SpecVersion &&
		e.DataContentType == dataContentType && e.DataSchema == e.Type.SchemaURL()
}

// insertEventsLogSQL is an INSERT into councilkit.events of the events
// whose columns are parameters $n to $n+6 (eventArgs), for the council
// that the SQL expression council names. from, if not empty, is joined in
// front of the unnest, as in "p CROSS JOIN", so that the events are
// inserted only if p has a row. It returns the events' positions. The
// events are numbered within the transaction from offset+1: a transaction
// that inserts events more than once passes the number it has inserted
// before. (The statement is planned once, generically, as the server
// chooses for a statement whose custom plans cost no less: an unnest of
// the parameters keeps it so, where generate_series over their length
// made it plan every execution afresh.)
func insertEventsLogSQL(council string, n int, from string, offset int) string {
	return insertEventsLogArraysSQL(council, n, from, offset) + `
		RETURNING pos`
}

// insertEventsLogArraysSQL is insertEventsLogSQL without RETURNING.
func insertEventsLogArraysSQL(council string, n int, from string, offset int) string {
	return fmt.Sprintf(`INSERT INTO councilkit.events (pos, id, council, type, subject, time, actor_kind, actor_id, data)
		SELECT (pg_current_xact_id()::text::bigint << %d) | (e.ord + %d), e.id::uuid, %s, e.type,
			e.subject, e.time, e.actor_kind, e.actor_id, e.data::json
		FROM %s unnest($%d::text[], $%d::text[], $%d::text[], $%d::timestamptz[], $%d::text[], $%d::text[], $%d::text[])
			WITH ORDINALITY AS e(id, type, subject, time, actor_kind, actor_id, data, ord)`,
		eventShift, offset, council, from, n, n+1, n+2, n+3, n+4, n+5, n+6)
}

// maxEventRows is the most events that insertEventsLogRowsSQL writes as
// rows of parameters; more are sent as arrays (insertEventsLogArraysSQL).
// A change records one or two events far more often than more: sent as
// rows, they cost the client and the server less than arrays (no array to
// encode and decode, no set-returning function to run).
const maxEventRows = 4

// eventRowParams is how many parameters one event takes as a row.
const eventRowParams = 7

// insertEventsLogRowsSQL is an INSERT into councilkit.events of n events,
// for the council that the SQL expression council names, numbered from 1
// within the transaction, without RETURNING: their positions are
// eventPositions of the transaction's ID. For n from 1 to maxEventRows the
// events' columns are parameters $first on, eventRowParams to an event
// (appendEventLogArgs); for more, they are eventParams arrays, as for
// insertEventsLogSQL. from, if not empty, names a relation (a CTE) whose
// rows the events are inserted for, so that they are inserted only if it
// has a row.
func insertEventsLogRowsSQL(council string, first int, from string, n int) string {
	const insert = `INSERT INTO councilkit.events (pos, id, council, type, subject, time, actor_kind, actor_id, data)`
	if n > maxEventRows {
		if from != "" {
			from += " CROSS JOIN"
		}
		return insertEventsLogArraysSQL(council, first, from, 0)
	}
	row := func(i int) string {
		k := first + i*eventRowParams
		return fmt.Sprintf("$%d::uuid, $%d::text, $%d::text, $%d::timestamptz, $%d::text, $%d::text, $%d::json",
			k, k+1, k+2, k+3, k+4, k+5, k+6)
	}
	if n == 1 { // the common case, selected as it is
		k := first
		q := fmt.Sprintf(`%s
		SELECT (pg_current_xact_id()::text::bigint << %d) | 1, $%d::uuid, %s, $%d::text, $%d::text, $%d::timestamptz,
			$%d::text, $%d::text, $%d::json`, insert, eventShift, k, council, k+1, k+2, k+3, k+4, k+5, k+6)
		if from != "" {
			q += " FROM " + from
		}
		return q
	}
	var rows strings.Builder
	for i := range n {
		if i > 0 {
			rows.WriteString(", ")
		}
		fmt.Fprintf(&rows, "(%s, %d)", row(i), i+1)
	}
	if from != "" {
		from += " CROSS JOIN"
	}
	return fmt.Sprintf(`%s
		SELECT (pg_current_xact_id()::text::bigint << %d) | e.ord, e.id, %s, e.type,
			e.subject, e.time, e.actor_kind, e.actor_id, e.data
		FROM %s (VALUES %s) AS e(id, type, subject, time, actor_kind, actor_id, data, ord)`,
		insert, eventShift, council, from, rows.String())
}

// appendEventLogArgs appends to args the parameters insertEventsLogRowsSQL
// takes for evs, all of which must be for one council, checked as
// eventArgs checks them.
func appendEventLogArgs(args []any, evs []events.Event) ([]any, error) {
	if len(evs) > maxEventRows {
		a, err := eventArgs(evs)
		return append(args, a...), err
	}
	for _, e := range evs {
		if err := checkLoggable(e); err != nil {
			return nil, err
		}
		id, err := uuid.Parse(e.ID)
		if err != nil { // checkLoggable has seen it is one
			return nil, err
		}
		// The ID as a pgtype.UUID, which pgx sends as it is, where it
		// would turn a uuid.UUID (a driver.Valuer) into text and back;
		// the data as []byte, which pgx sends byte for byte.
		args = append(args, pgtype.UUID{Bytes: id, Valid: true}, string(e.Type), e.Subject, e.Time,
			string(e.Actor.Kind), e.Actor.ID, []byte(e.Data))
	}
	return args, nil
}

// eventPositions returns the positions of the n events the transaction
// whose ID is xid has recorded, numbered from 1 (insertEventsLogRowsSQL),
// in order.
func eventPositions(xid int64, n int) []int64 {
	pos := make([]int64, n)
	for i := range pos {
		pos[i] = xid<<eventShift | int64(i+1)
	}
	return pos
}

// queueEventLog appends to b the INSERT of evs for council c, storing
// their positions in *pos in order. It queues nothing for no events.
func queueEventLog(b *pgx.Batch, c councilkit.Council, evs []events.Event, pos *[]int64) error {
	if len(evs) == 0 {
		return nil
	}
	args, err := eventArgs(evs)
	if err != nil {
		return err
	}
	b.Queue(insertEventsLogSQL(`$1`, 2, ``, 0), append([]any{c.String()}, args...)...).Query(func(rows pgx.Rows) error {
		ps, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		slices.Sort(ps)
		*pos = ps
		return err
	})
	return nil
}

// afterRecord runs the DB's afterRecord hook, if it has one, in tx with the
// records of evs at positions pos.
func (db *DB) runAfterRecord(ctx context.Context, tx pgx.Tx, evs []events.Event, pos []int64) error {
	if db.afterRecord == nil || len(evs) == 0 {
		return nil
	}
	if len(pos) != len(evs) {
		return fmt.Errorf("postgres: %d events recorded at %d positions", len(evs), len(pos))
	}
	rs := make([]events.Record, len(evs))
	for i, e := range evs {
		rs[i] = events.Record{Seq: pos[i], Event: e}
	}
	return db.afterRecord(ctx, tx, rs)
}

// writeInCouncil sends the statements queue adds to a batch as one
// transaction for council c. Without an afterRecord hook it is
// pipelineInCouncil (one round trip); with one, it runs the batch inside
// InCouncil and then calls after with the transaction, before COMMIT.
func (db *DB) writeInCouncil(ctx context.Context, c councilkit.Council, queue func(b *pgx.Batch) error, after func(tx pgx.Tx) error) error {
	if db.afterRecord == nil {
		return db.pipelineInCouncil(ctx, c, queue)
	}
	return db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		if err := queue(b); err != nil {
			return err
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		return after(tx)
	})
}

// EventLog implements events.Recorder.
func (s *AdmissionRoundStore) EventLog() events.Log { return s.db.Events() }

// recordEvents writes evs into the event log inside tx, the transaction of
// the change they record, and runs the afterRecord hook on them. It is for
// writers that already hold a transaction; the others queue their events
// into their batch with queueEventLog.
func (db *DB) recordEvents(ctx context.Context, tx pgx.Tx, c councilkit.Council, evs []events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	args, err := eventArgs(evs)
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, insertEventsLogSQL(`$1`, 2, ``, 0), append([]any{c.String()}, args...)...)
	if err != nil {
		return err
	}
	pos, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	slices.Sort(pos)
	return db.runAfterRecord(ctx, tx, evs, pos)
}

// EventLog implements events.Recorder.
func (s *FreeSchoolMealsStore) EventLog() events.Log { return s.db.Events() }

// EventLog implements events.Recorder.
func (s *CouncilTaxStore) EventLog() events.Log { return s.db.Events() }
