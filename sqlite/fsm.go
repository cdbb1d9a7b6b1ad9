package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// FreeSchoolMealsStore is an fsm.Store kept in an SQLite file, table
// fsm_records: the application (with its personal data) and the decision
// are the row's JSON document, the day received and the review date
// columns. Every Create and Update records its events (fsm.ChangeEvents,
// an Update's derived from the record as stored, read in the same write
// transaction) in that transaction (see EventLog). Get one from
// DB.FreeSchoolMeals. It is safe for concurrent use.
type FreeSchoolMealsStore struct {
	db *DB
}

var _ fsm.Store = (*FreeSchoolMealsStore)(nil)

// FreeSchoolMeals returns the file's free school meals store.
func (db *DB) FreeSchoolMeals() *FreeSchoolMealsStore { return &FreeSchoolMealsStore{db: db} }

// EventLog implements events.Recorder.
func (s *FreeSchoolMealsStore) EventLog() events.Log { return s.db.Events() }

func fsmCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return fsm.ErrNoCouncil
	}
	return nil
}

// fsmArgs is the column values of r after council and ID: received,
// decided, review_on and body. The personal data is in body only.
func fsmArgs(r *fsm.Record) ([]any, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encoding free school meals record: %w", err)
	}
	var review calendar.Date
	if r.Decision != nil {
		review = r.Decision.ReviewOn
	}
	return []any{r.Received, r.Decision != nil, review, string(b)}, nil
}

// loadFSM reads the council's record id in t, or returns ErrNotFound.
func loadFSM(t *tx, id string) (*fsm.Record, error) {
	rows, err := t.query(`SELECT body, version FROM fsm_records WHERE council = ?1 AND id = ?2`, id)
	if err != nil {
		return nil, err
	}
	var r *fsm.Record
	err = eachRow(rows, func(row *sql.Rows) error {
		var err error
		r, err = scanFSM(row)
		return err
	})
	if err == nil && r == nil {
		err = fmt.Errorf("%w: free school meals record", fsm.ErrNotFound)
	}
	return r, err
}

func scanFSM(row *sql.Rows) (*fsm.Record, error) {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return nil, err
	}
	r := new(fsm.Record)
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("sqlite: decoding free school meals record: %w", err)
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
	args, err := fsmArgs(next)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO fsm_records (council, id, received, decided, review_on, body, version)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT DO NOTHING`, append([]any{r.ID}, args...)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("%w: free school meals record", fsm.ErrDuplicate)
		}
		return t.appendEvents(evs...)
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
	err := s.db.read(ctx, c, func(t *tx) error {
		var err error
		r, err = loadFSM(t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Update implements fsm.Store: in one write transaction it reads the
// stored record, checks the version, derives the change's events from
// what it replaces, and writes the record and its events.
func (s *FreeSchoolMealsStore) Update(ctx context.Context, c councilkit.Council, r *fsm.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fsm.CheckStorable(c, r); err != nil {
		return err
	}
	next := r.Clone()
	next.Council, next.Version = c, r.Version+1
	args, err := fsmArgs(next)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, c, func(t *tx) error {
		cur, err := loadFSM(t, r.ID)
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
		res, err := t.exec(`UPDATE fsm_records SET received = ?3, decided = ?4, review_on = ?5, body = ?6, version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?7`, append(append([]any{r.ID}, args...), r.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("%w: free school meals record changed since it was read", fsm.ErrConflict)
		}
		return t.appendEvents(evs...)
	})
	if err != nil {
		return err
	}
	r.Council, r.Version = c, next.Version
	return nil
}

// Delete implements fsm.Store. A deletion records no event
// (fsm.ChangeEvents has none for it).
func (s *FreeSchoolMealsStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := fsmCall(ctx, c); err != nil {
		return err
	}
	return s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`DELETE FROM fsm_records WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n != 1 {
			err = fmt.Errorf("%w: free school meals record", fsm.ErrNotFound)
		}
		return err
	})
}

// List implements fsm.Store: oldest first, by the day received (no date
// first), ties by ID.
func (s *FreeSchoolMealsStore) List(ctx context.Context, c councilkit.Council, f fsm.Filter) ([]*fsm.Record, error) {
	if err := fsmCall(ctx, c); err != nil {
		return nil, err
	}
	var args []any
	where := ``
	if f.Undecided {
		where += ` AND decided = 0`
	}
	if !f.ReviewBy.IsZero() {
		args = append(args, f.ReviewBy)
		where += ` AND review_on <= ?` + strconv.Itoa(len(args)+1)
	}
	where += ` ORDER BY received ASC NULLS FIRST, id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		where += ` LIMIT ?` + strconv.Itoa(len(args)+1)
	}
	var out []*fsm.Record
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM fsm_records WHERE council = ?1`+where, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(row *sql.Rows) error {
			r, err := scanFSM(row)
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	})
	return out, err
}
