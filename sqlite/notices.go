package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/notify/notices"
)

// NoticesLedger is a notices.Ledger kept in an SQLite file (table
// notice_outcomes, migration 12): the outcome of every message sent to a
// resident about an event, by council, event ID and channel. It survives
// restarts and is shared by every process using the file, so an event
// delivered again, by any of them, does not send a message twice. Get one
// from DB.NoticesLedger. It is safe for concurrent use.
//
// It stores no personal data: an outcome holds no recipient, and the
// table has no column for one.
type NoticesLedger struct{ db *DB }

var _ notices.Ledger = (*NoticesLedger)(nil)

// NoticesLedger returns the file's ledger of notices.
func (db *DB) NoticesLedger() *NoticesLedger { return &NoticesLedger{db: db} }

// outcomeColumns are notice_outcomes' columns as scanOutcome reads them.
const outcomeColumns = `council, event_id, channel, kind, state, notification_id, reason, detail, at`

func scanOutcome(row *sql.Rows) (notices.Outcome, error) {
	var (
		o                         notices.Outcome
		council, ch, kind, st, at string
	)
	if err := row.Scan(&council, &o.EventID, &ch, &kind, &st, &o.NotificationID, &o.Reason, &o.Detail, &at); err != nil {
		return notices.Outcome{}, err
	}
	c, err := councilkit.ParseCouncil(council)
	if err != nil {
		return notices.Outcome{}, err
	}
	o.Council = c
	if err := o.Channel.UnmarshalText([]byte(ch)); err != nil {
		return notices.Outcome{}, err
	}
	if err := o.Kind.UnmarshalText([]byte(kind)); err != nil {
		return notices.Outcome{}, err
	}
	if err := o.State.UnmarshalText([]byte(st)); err != nil {
		return notices.Outcome{}, err
	}
	if o.At, err = decTime(at); err != nil {
		return notices.Outcome{}, err
	}
	return o, nil
}

// outcomeArgs are the values of o for the statements below, from ?2 on
// (the tx supplies the council as ?1): event ID, channel, kind, state,
// notification ID, reason, detail and time.
func outcomeArgs(o notices.Outcome) ([]any, error) {
	at, err := encTime(o.At)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", notices.ErrInvalidOutcome, err)
	}
	return []any{o.EventID, o.Channel.String(), o.Kind.String(), o.State.String(), o.NotificationID, o.Reason, o.Detail, at}, nil
}

// getOutcome reads the outcome of (event, channel) in t; ok is false if
// there is none.
func getOutcome(t *tx, eventID string, ch notices.Channel) (o notices.Outcome, ok bool, err error) {
	rows, err := t.query(`SELECT `+outcomeColumns+` FROM notice_outcomes WHERE council = ?1 AND event_id = ?2 AND channel = ?3`,
		eventID, ch.String())
	if err != nil {
		return notices.Outcome{}, false, err
	}
	err = eachRow(rows, func(r *sql.Rows) error {
		var err error
		o, err = scanOutcome(r)
		ok = err == nil
		return err
	})
	return o, ok, err
}

// upsertOutcome records an outcome, keeping the time its message was first
// recorded.
const upsertOutcome = `INSERT INTO notice_outcomes (` + outcomeColumns + `, first_at)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
	ON CONFLICT (council, event_id, channel) DO UPDATE SET kind = excluded.kind, state = excluded.state,
		notification_id = excluded.notification_id, reason = excluded.reason, detail = excluded.detail, at = excluded.at`

// Get implements notices.Ledger.
func (l *NoticesLedger) Get(ctx context.Context, k notices.Key) (notices.Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return notices.Outcome{}, false, err
	}
	if k.Council.IsZero() {
		return notices.Outcome{}, false, councilkit.ErrNoCouncil
	}
	var (
		o  notices.Outcome
		ok bool
	)
	err := l.db.read(ctx, k.Council, func(t *tx) error {
		var err error
		o, ok, err = getOutcome(t, k.EventID, k.Channel)
		return err
	})
	if err != nil || !ok {
		return notices.Outcome{}, false, err
	}
	return o, true, nil
}

// Put implements notices.Ledger.
func (l *NoticesLedger) Put(ctx context.Context, o notices.Outcome) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := notices.CheckOutcome(o); err != nil {
		return err
	}
	args, err := outcomeArgs(o)
	if err != nil {
		return err
	}
	return l.db.write(ctx, o.Council, func(t *tx) error {
		_, err := t.exec(upsertOutcome, args...)
		return err
	})
}

// Claim implements notices.Ledger. It reads the recorded outcome and
// replaces it in one write transaction, which holds the file's write lock
// from its start (BEGIN IMMEDIATE): claims in this process queue for its
// one writer connection and claims in other processes wait for the lock,
// so of two claims at once the second sees the first's.
func (l *NoticesLedger) Claim(ctx context.Context, o notices.Outcome, staleBefore time.Time, retryFailed bool) (notices.Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return notices.Outcome{}, false, err
	}
	if err := notices.CheckClaim(o); err != nil {
		return notices.Outcome{}, false, err
	}
	args, err := outcomeArgs(o)
	if err != nil {
		return notices.Outcome{}, false, err
	}
	var (
		prev    notices.Outcome
		claimed bool
	)
	err = l.db.write(ctx, o.Council, func(t *tx) error {
		p, ok, err := getOutcome(t, o.EventID, o.Channel)
		if err != nil {
			return err
		}
		prev, claimed = p, false
		if !notices.Claimable(p, ok, staleBefore, retryFailed) {
			return nil
		}
		if _, err := t.exec(upsertOutcome, args...); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return notices.Outcome{}, false, fmt.Errorf("sqlite: claiming a notice: %w", err)
	}
	return prev, claimed, nil
}

// Outcomes returns up to limit of council c's outcomes in state s (every
// state for notices.StateNone), in the order their messages were first
// recorded (ties by event ID and channel), as the PostgreSQL ledger does:
// for an officer's list of messages that failed. A limit of 0 or less
// means all.
func (l *NoticesLedger) Outcomes(ctx context.Context, c councilkit.Council, s notices.State, limit int) ([]notices.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.IsZero() {
		return nil, councilkit.ErrNoCouncil
	}
	if _, err := s.MarshalText(); err != nil {
		return nil, fmt.Errorf("%w: state %s", notices.ErrInvalidOutcome, s)
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	var out []notices.Outcome
	err := l.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT `+outcomeColumns+` FROM notice_outcomes
			WHERE council = ?1 AND (?2 = 'none' OR state = ?2)
			ORDER BY first_at, event_id, channel LIMIT ?3`, s.String(), limit)
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error {
			o, err := scanOutcome(r)
			if err == nil {
				out = append(out, o)
			}
			return err
		})
	})
	return out, err
}
