package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/notify/notices"
)

// NoticesLedger is a notices.Ledger kept in PostgreSQL (table
// notice_outcomes, migration 12): the outcome of every message sent to a
// resident about an event, by council, event ID and channel. It survives
// restarts and is shared by every instance using the database, so an event
// delivered again, anywhere, does not send a message twice. Get one from
// DB.NoticesLedger. It is safe for concurrent use.
//
// It stores no personal data: an outcome holds no recipient, and the
// table has no column for one.
type NoticesLedger struct{ db *DB }

var _ notices.Ledger = (*NoticesLedger)(nil)

// NoticesLedger returns the database's ledger of notices.
func (db *DB) NoticesLedger() *NoticesLedger { return &NoticesLedger{db: db} }

const outcomeColumns = `council, event_id, channel, kind, state, notification_id, reason, detail, at`

func scanOutcome(row pgx.CollectableRow) (notices.Outcome, error) {
	var (
		o                     notices.Outcome
		council, ch, kind, st string
	)
	if err := row.Scan(&council, &o.EventID, &ch, &kind, &st, &o.NotificationID, &o.Reason, &o.Detail, &o.At); err != nil {
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
	o.At = o.At.UTC()
	return o, nil
}

func outcomeArgs(o notices.Outcome) []any {
	return []any{o.Council.String(), o.EventID, o.Channel.String(), o.Kind.String(), o.State.String(),
		o.NotificationID, o.Reason, o.Detail, o.At}
}

// Get implements notices.Ledger.
func (l *NoticesLedger) Get(ctx context.Context, k notices.Key) (notices.Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return notices.Outcome{}, false, err
	}
	if k.Council.IsZero() {
		return notices.Outcome{}, false, councilkit.ErrNoCouncil
	}
	var (
		o     notices.Outcome
		found bool
	)
	err := l.db.pipelineInCouncil(ctx, k.Council, func(b *pgx.Batch) error {
		b.Queue(`SELECT `+outcomeColumns+` FROM councilkit.notice_outcomes WHERE council = $1 AND event_id = $2 AND channel = $3`,
			k.Council.String(), k.EventID, k.Channel.String()).Query(func(rows pgx.Rows) error {
			var err error
			o, err = pgx.CollectExactlyOneRow(rows, scanOutcome)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			found = err == nil
			return err
		})
		return nil
	})
	if err != nil || !found {
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
	return l.db.pipelineInCouncil(ctx, o.Council, func(b *pgx.Batch) error {
		b.Queue(upsertOutcome, outcomeArgs(o)...)
		return nil
	})
}

const upsertOutcome = `INSERT INTO councilkit.notice_outcomes (` + outcomeColumns + `, first_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
	ON CONFLICT (council, event_id, channel) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state,
		notification_id = EXCLUDED.notification_id, reason = EXCLUDED.reason, detail = EXCLUDED.detail, at = EXCLUDED.at`

// Claim implements notices.Ledger. It reads the recorded outcome under its
// row lock and replaces it in the same transaction; of two first claims
// at once, the second's insert finds the first's row and takes nothing.
func (l *NoticesLedger) Claim(ctx context.Context, o notices.Outcome, staleBefore time.Time, retryFailed bool) (notices.Outcome, bool, error) {
	if err := ctx.Err(); err != nil {
		return notices.Outcome{}, false, err
	}
	if err := notices.CheckClaim(o); err != nil {
		return notices.Outcome{}, false, err
	}
	var (
		prev    notices.Outcome
		claimed bool
	)
	err := l.db.InCouncil(ctx, o.Council, func(tx pgx.Tx) error {
		prev, claimed = notices.Outcome{}, false
		rows, err := tx.Query(ctx, `SELECT `+outcomeColumns+` FROM councilkit.notice_outcomes
			WHERE council = $1 AND event_id = $2 AND channel = $3 FOR UPDATE`, o.Council.String(), o.EventID, o.Channel.String())
		if err != nil {
			return err
		}
		p, err := pgx.CollectExactlyOneRow(rows, scanOutcome)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			tag, err := tx.Exec(ctx, `INSERT INTO councilkit.notice_outcomes (`+outcomeColumns+`, first_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING`, outcomeArgs(o)...)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				claimed = true
				return nil
			}
			// Another claim inserted it since: it holds the message.
			rows, err := tx.Query(ctx, `SELECT `+outcomeColumns+` FROM councilkit.notice_outcomes
				WHERE council = $1 AND event_id = $2 AND channel = $3`, o.Council.String(), o.EventID, o.Channel.String())
			if err != nil {
				return err
			}
			prev, err = pgx.CollectExactlyOneRow(rows, scanOutcome)
			return err
		case err != nil:
			return err
		}
		prev = p
		if !notices.Claimable(p, true, staleBefore, retryFailed) {
			return nil
		}
		if _, err := tx.Exec(ctx, upsertOutcome, outcomeArgs(o)...); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return notices.Outcome{}, false, fmt.Errorf("postgres: claiming a notice: %w", err)
	}
	return prev, claimed, nil
}

// Outcomes returns up to limit of council c's outcomes in state s (every
// state for notices.StateNone), in the order their messages were first
// recorded, as notices.MemLedger.Outcomes does: for an officer's list of
// messages that failed. A limit of 0 or less means all.
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
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	var out []notices.Outcome
	err := l.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT `+outcomeColumns+` FROM councilkit.notice_outcomes
			WHERE council = $1 AND ($2 = 'none' OR state = $2)
			ORDER BY first_at, event_id, channel LIMIT $3`, c.String(), s.String(), lim).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanOutcome)
			return err
		})
		return nil
	})
	return out, err
}
