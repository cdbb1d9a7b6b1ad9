package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// FreeSchoolMealsStore is an fsm.Store kept in PostgreSQL, table
// councilkit.fsm_records: the application (with its personal data) and the
// decision are the row's JSON document, the day received and the review
// date columns. Every Create and Update records its events
// (fsm.ChangeEvents) in the same transaction. Get one from
// DB.FreeSchoolMeals. It is safe for concurrent use.
type FreeSchoolMealsStore struct {
	db *DB
}

var _ fsm.Store = (*FreeSchoolMealsStore)(nil)

// FreeSchoolMeals returns the database's free school meals store.
func (db *DB) FreeSchoolMeals() *FreeSchoolMealsStore { return &FreeSchoolMealsStore{db: db} }

func fsmCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return fsm.ErrNoCouncil
	}
	return nil
}

// fsmRow is the column values of r after council and ID.
func fsmRow(r *fsm.Record) (received calendar.Date, decided bool, review calendar.Date, body string, err error) {
	b, err := json.Marshal(r)
	if err != nil {
		return calendar.Date{}, false, calendar.Date{}, "", fmt.Errorf("postgres: encoding free school meals record: %w", err)
	}
	if r.Decision != nil {
		decided, review = true, r.Decision.ReviewOn
	}
	return r.Received, decided, review, string(b), nil
}

func scanFSM(row pgx.CollectableRow) (*fsm.Record, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	r := new(fsm.Record)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("postgres: decoding free school meals record: %w", err)
	}
	r.Version = version
	return r, nil
}

// Create implements fsm.Store.
func (s *FreeSchoolMealsStore) Create(ctx context.Context, c councilkit.Council, r *fsm.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fsm.CheckStorable(c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, 1
	evs, err := fsm.ChangeEvents(c, nil, next, events.ActorFrom(ctx))
	if err != nil {
		return err
	}
	rec, decided, review, body, err := fsmRow(next)
	if err != nil {
		return err
	}
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO councilkit.fsm_records (council, id, received, decided, review_on, version, body)
			VALUES ($1, $2, $3::date, $4, $5::date, 1, $6) ON CONFLICT DO NOTHING`, c.String(), r.ID, rec, decided, review, body)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("%w: free school meals record", fsm.ErrDuplicate)
		}
		return s.db.recordEvents(ctx, tx, c, evs)
	})
	if err != nil {
		return err
	}
	r.Council, r.Version = c, 1
	return nil
}

// Get implements fsm.Store.
func (s *FreeSchoolMealsStore) Get(ctx context.Context, c councilkit.Council, id string) (*fsm.Record, error) {
	if err := fsmCall(ctx, c); err != nil {
		return nil, err
	}
	var r *fsm.Record
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, version FROM councilkit.fsm_records WHERE council = $1 AND id = $2`, c.String(), id).
			Query(func(rows pgx.Rows) error {
				var err error
				r, err = pgx.CollectExactlyOneRow(rows, scanFSM)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: free school meals record", fsm.ErrNotFound)
				}
				return err
			})
		return nil
	})
	return r, err
}

// Update implements fsm.Store: it reads the stored record under its row
// lock, checks the version, derives the change's events from what it
// replaces, and writes the record and its events in one transaction.
func (s *FreeSchoolMealsStore) Update(ctx context.Context, c councilkit.Council, r *fsm.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fsm.CheckStorable(c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	rec, decided, review, body, err := fsmRow(next)
	if err != nil {
		return err
	}
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT body, version FROM councilkit.fsm_records WHERE council = $1 AND id = $2 FOR UPDATE`, c.String(), r.ID)
		cur, err := pgx.CollectExactlyOneRow(rows, scanFSM)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: free school meals record", fsm.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Version != r.Version {
			return fmt.Errorf("%w: free school meals record changed since it was read", fsm.ErrConflict)
		}
		evs, err := fsm.ChangeEvents(c, cur, next, events.ActorFrom(ctx))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE councilkit.fsm_records SET received = $3::date, decided = $4, review_on = $5::date,
				body = $6, version = version + 1
			WHERE council = $1 AND id = $2`, c.String(), r.ID, rec, decided, review, body); err != nil {
			return err
		}
		return s.db.recordEvents(ctx, tx, c, evs)
	})
	if err != nil {
		return err
	}
	r.Council, r.Version = c, next.Version
	return nil
}

// Delete implements fsm.Store.
func (s *FreeSchoolMealsStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := fsmCall(ctx, c); err != nil {
		return err
	}
	var deleted bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`DELETE FROM councilkit.fsm_records WHERE council = $1 AND id = $2`, c.String(), id).
			Exec(func(tag pgconn.CommandTag) error { deleted = tag.RowsAffected() == 1; return nil })
		return nil
	})
	if err == nil && !deleted {
		err = fmt.Errorf("%w: free school meals record", fsm.ErrNotFound)
	}
	return err
}

// List implements fsm.Store: oldest first, by the day received (no date
// first), ties by ID.
func (s *FreeSchoolMealsStore) List(ctx context.Context, c councilkit.Council, f fsm.Filter) ([]*fsm.Record, error) {
	if err := fsmCall(ctx, c); err != nil {
		return nil, err
	}
	query := `SELECT body, version FROM councilkit.fsm_records WHERE council = $1`
	args := []any{c.String()}
	if f.Undecided {
		query += ` AND NOT decided`
	}
	if !f.ReviewBy.IsZero() {
		args = append(args, f.ReviewBy)
		query += fmt.Sprintf(` AND review_on <= $%d::date`, len(args))
	}
	query += ` ORDER BY received ASC NULLS FIRST, id COLLATE "C"`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []*fsm.Record
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(query, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanFSM)
			return err
		})
		return nil
	})
	return out, err
}
